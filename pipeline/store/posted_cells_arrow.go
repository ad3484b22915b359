//go:build duckdb_arrow

package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
	"github.com/apache/arrow-go/v18/arrow/memory"
	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/wagescope/wagescope/internal/arrowchan"
	"github.com/wagescope/wagescope/pipeline/postedcells"
)

// postedCellsSchema is a batch of valued cells as the step hands them to
// DuckDB (posted_cells_stream), before insertPostedCells makes them
// fct_wage_stats_postings rows.
var postedCellsSchema = arrow.NewSchema([]arrow.Field{
	{Name: "cell", Type: arrow.PrimitiveTypes.Int64},
	{Name: "n", Type: arrow.PrimitiveTypes.Int64},
	{Name: "year_min", Type: arrow.PrimitiveTypes.Int32, Nullable: true},
	{Name: "year_max", Type: arrow.PrimitiveTypes.Int32, Nullable: true},
	{Name: "mean", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "p10", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "p25", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "p50", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "p75", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "p90", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "ci_low", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "ci_high", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "year_median", Type: arrow.PrimitiveTypes.Int32, Nullable: true},
	{Name: "source_file_ids", Type: arrow.ListOf(arrow.PrimitiveTypes.Int64), Nullable: true},
}, nil)

// suppressedCellsSchema is a batch of cells under the minimum size
// (posted_suppressed_stream), which have no pay values, before
// insertSuppressedCells makes them fct_wage_stats_postings_suppressed rows.
var suppressedCellsSchema = arrow.NewSchema([]arrow.Field{
	{Name: "cell", Type: arrow.PrimitiveTypes.Int64},
	{Name: "n", Type: arrow.PrimitiveTypes.Int64},
	{Name: "year_min", Type: arrow.PrimitiveTypes.Int32, Nullable: true},
	{Name: "year_max", Type: arrow.PrimitiveTypes.Int32, Nullable: true},
	{Name: "source_file_ids", Type: arrow.ListOf(arrow.PrimitiveTypes.Int64), Nullable: true},
}, nil)

// postedCellsBatch is how many cells go to DuckDB in one Arrow batch: one
// row group (DuckDB's 122,880 rows). DuckDB's insert keeps the stream's order
// by numbering its batches; a batch of a full row group is written on the
// thread that read it, while smaller ones are merged into row groups one at a
// time. At a million postings (13.8 million cells) the step took 10.8–11.8 s
// with batches of 65,536 cells and 7.4–8.8 s with 122,880, 245,760 or
// 368,640, the table the same in storage order; with 65,536 it took as long
// on one thread as on two.
const postedCellsBatch = 122_880

// postedCells is the Go step posted_cells of marts/020_fct_wage_stats.sql:
// bucket by bucket, it reads the coded postings (posted_coded) sorted by
// occupation and pay, computes their cells with a postedcells.Counter and
// writes them, in cell order, into fct_wage_stats_postings (the valued ones)
// and fct_wage_stats_postings_suppressed (the rest).
func (d *DB) postedCells(ctx context.Context) error {
	var minCellSize int64
	if err := d.conn.QueryRowContext(ctx, minCellSizeQuery).Scan(&minCellSize); err != nil {
		return fmt.Errorf("posted cells: the minimum cell size: %w", err)
	}
	var z postedcells.Sizes
	if err := d.conn.QueryRowContext(ctx, postedSizesQuery).
		Scan(&z.Areas, &z.Periods, &z.Experiences, &z.EmployerTypes, &z.Bases); err != nil {
		return fmt.Errorf("posted cells: the key's sizes: %w", err)
	}
	buckets, err := d.repeatValues(ctx, postedBucketsQuery)
	if err != nil {
		return fmt.Errorf("posted cells: the buckets: %w", err)
	}
	if len(buckets) == 0 {
		return nil
	}
	counter, err := postedcells.NewCounter(z, minCellSize)
	if err != nil {
		return err
	}
	err = d.withArrow(func(ar *duckdb.Arrow, execer driver.ExecerContext) error {
		// one bucket's postings at a time, in slices reused from bucket to
		// bucket: grown afresh for each, their appends were 2.9 s of the
		// step's CPU at ten million postings (72 bytes a posting)
		var occupations []int64
		var postings []postedcells.Posting
		for _, bucket := range buckets {
			var err error
			occupations, postings, err = readCodedPostings(ctx, ar, bucket, occupations[:0], postings[:0])
			if err != nil {
				return fmt.Errorf("bucket %d: %w", bucket, err)
			}
			if err := writePostedCells(ctx, ar, execer, counter, occupations, postings); err != nil {
				return fmt.Errorf("bucket %d: %w", bucket, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("posted cells, %w", err)
	}
	return nil
}

// codedPeriodBrokenDown says, for each period column of codedPostingsQuery
// (all, year, quarter, month), whether a cell of it is broken down by
// experience, employer type and basis.
var codedPeriodBrokenDown = [postedcells.MaxPeriods]bool{true, true, false, false}

// readCodedPostings reads one bucket of posted_coded, appended to
// occupations and postings: each posting's occupation (occupations[i]) and
// the rest (postings[i]), its areas and periods in column order.
func readCodedPostings(ctx context.Context, ar *duckdb.Arrow, bucket int64, occupations []int64, postings []postedcells.Posting) ([]int64, []postedcells.Posting, error) {
	rdr, err := ar.QueryContext(ctx, fmt.Sprintf(codedPostingsQuery, bucket))
	if err != nil {
		return nil, nil, err
	}
	defer rdr.Release()
	// the columns: the occupation, the area ids, the period ids, the rest
	const areasAt, restAt = 1, 1 + postedcells.MaxAreas + postedcells.MaxPeriods
	for rdr.Next() {
		rec := rdr.RecordBatch()
		if rec.NumCols() != restAt+6 {
			return nil, nil, fmt.Errorf("posted_coded read as %d columns, want %d", rec.NumCols(), restAt+6)
		}
		var ids [postedcells.MaxAreas + postedcells.MaxPeriods]*array.Int32
		idsOK := true
		for j := range ids {
			col, ok := rec.Column(areasAt + j).(*array.Int32)
			ids[j], idsOK = col, idsOK && ok
		}
		occ, ok1 := rec.Column(0).(*array.Int64)
		e, ok2 := rec.Column(restAt).(*array.Int32)
		m, ok3 := rec.Column(restAt + 1).(*array.Int32)
		b, ok4 := rec.Column(restAt + 2).(*array.Int32)
		pay, ok5 := rec.Column(restAt + 3).(*array.Float64)
		year, ok6 := rec.Column(restAt + 4).(*array.Int32)
		file, ok7 := rec.Column(restAt + 5).(*array.Int32)
		if !(idsOK && ok1 && ok2 && ok3 && ok4 && ok5 && ok6 && ok7) {
			return nil, nil, fmt.Errorf("posted_coded read as unexpected Arrow types: %v", rec.Schema())
		}
		areas, periods := ids[:postedcells.MaxAreas], ids[postedcells.MaxAreas:]
		for i := 0; i < int(rec.NumRows()); i++ {
			if occ.IsNull(i) || e.IsNull(i) || m.IsNull(i) || b.IsNull(i) || pay.IsNull(i) || file.IsNull(i) {
				return nil, nil, errors.New("a coded posting with a NULL occupation, level, employer type, basis, pay or file")
			}
			p := postedcells.Posting{Pay: pay.Value(i), File: file.Value(i),
				Experience: e.Value(i), EmployerType: m.Value(i), Basis: b.Value(i)}
			if year.IsValid(i) {
				p.Year = year.Value(i)
			}
			for _, a := range areas {
				if a.IsValid(i) {
					p.Areas[p.NAreas] = a.Value(i)
					p.NAreas++
				}
			}
			for j, pe := range periods {
				if pe.IsValid(i) {
					p.Periods[p.NPeriods], p.BrokenDown[p.NPeriods] = pe.Value(i), codedPeriodBrokenDown[j]
					p.NPeriods++
				}
			}
			occupations = append(occupations, occ.Value(i))
			postings = append(postings, p)
		}
	}
	return occupations, postings, rdr.Err()
}

// writePostedCells computes the cells of one bucket's postings, occupation
// by occupation. The suppressed cells, most of them, are inserted as they
// come: DuckDB reads that Arrow stream on its side while the cells are
// computed here. The valued ones are held in batches and inserted after
// (one statement reads one stream), the fewer: at ten million postings an
// average bucket's 0.9M valued cells take about 90 MB as batches (104
// bytes a cell), its 4.5M suppressed ones would take 160 MB (36 bytes).
func writePostedCells(ctx context.Context, ar *duckdb.Arrow, execer driver.ExecerContext, counter *postedcells.Counter,
	occupations []int64, postings []postedcells.Posting) error {
	insert := arrowchan.Start("insert the suppressed posted cells", suppressedCellsSchema, 2, func(rdr *arrowchan.Reader) error {
		return execOverArrow(ctx, ar, execer, rdr, "posted_suppressed_stream", insertSuppressedCells)
	})
	valued, computeErr := computePostedCells(ctx, counter, occupations, postings, insert)
	defer func() {
		for _, rec := range valued {
			rec.Release()
		}
	}()
	if insertErr := insert.Finish(); insertErr != nil {
		return insertErr
	}
	if computeErr != nil || len(valued) == 0 {
		return computeErr
	}
	rdr, err := array.NewRecordReader(postedCellsSchema, valued)
	if err != nil {
		return fmt.Errorf("the valued posted cells: %w", err)
	}
	defer rdr.Release()
	if err := execOverArrow(ctx, ar, execer, rdr, "posted_cells_stream", insertPostedCells); err != nil {
		return fmt.Errorf("insert the valued posted cells: %w", err)
	}
	return nil
}

// computePostedCells hands each occupation's postings to counter, sends
// the suppressed cells on to insert in batches, until done or the insert
// stops, and returns the valued ones as batches.
func computePostedCells(ctx context.Context, counter *postedcells.Counter, occupations []int64, postings []postedcells.Posting,
	insert *arrowchan.Stream) (valued []arrow.RecordBatch, err error) {
	suppressed, figures := newCellBatch(false), newCellBatch(true)
	emit := func(c *postedcells.Cell) error {
		if c.Valued {
			if figures.append(c); len(figures.keys) == postedCellsBatch {
				valued, figures = append(valued, figures.record()), newCellBatch(true)
			}
			return nil
		}
		if suppressed.append(c); len(suppressed.keys) == postedCellsBatch {
			rec := suppressed.record()
			suppressed = newCellBatch(false)
			return insert.Send(ctx, rec)
		}
		return nil
	}
	err = forEachRun(occupations, func(from, to int) error {
		return counter.Occupation(occupations[from], postings[from:to], emit)
	})
	if len(figures.keys) > 0 {
		valued = append(valued, figures.record())
	}
	if err == nil && len(suppressed.keys) > 0 {
		err = insert.Send(ctx, suppressed.record())
	}
	return valued, err
}

// cellBatch collects one batch of cells in plain slices, made into Arrow
// arrays once, without a builder's per-value bookkeeping (at a million
// postings, appending to record builders was 3.1 s of the step's 5.7 s of
// CPU). A batch's slices become its arrays' buffers, so each batch has its
// own. A wide batch holds valued cells (postedCellsSchema), a narrow one
// suppressed cells (suppressedCellsSchema), which have no figures.
type cellBatch struct {
	wide                         bool
	keys, ns                     []int64
	yearMin, yearMax, yearMedian []int32      // 0: NULL
	values                       [8][]float64 // mean, p10 … p90, ci_low, ci_high
	fileOffsets                  []int32
	fileIDs                      []int64
}

func newCellBatch(wide bool) *cellBatch {
	c := &cellBatch{
		wide: wide,
		keys: make([]int64, 0, postedCellsBatch), ns: make([]int64, 0, postedCellsBatch),
		yearMin: make([]int32, 0, postedCellsBatch), yearMax: make([]int32, 0, postedCellsBatch),
		fileOffsets: make([]int32, 1, postedCellsBatch+1), fileIDs: make([]int64, 0, postedCellsBatch),
	}
	if wide {
		c.yearMedian = make([]int32, 0, postedCellsBatch)
		for i := range c.values {
			c.values[i] = make([]float64, 0, postedCellsBatch)
		}
	}
	return c
}

func (c *cellBatch) append(cell *postedcells.Cell) {
	c.keys = append(c.keys, cell.Key)
	c.ns = append(c.ns, cell.N)
	c.yearMin = append(c.yearMin, cell.YearMin)
	c.yearMax = append(c.yearMax, cell.YearMax)
	if c.wide {
		vals := [...]float64{cell.Mean, cell.P10, cell.P25, cell.P50, cell.P75, cell.P90, cell.CILow, cell.CIHigh}
		for i, v := range vals {
			c.values[i] = append(c.values[i], v)
		}
		c.yearMedian = append(c.yearMedian, cell.YearMedian)
	}
	c.fileIDs = append(c.fileIDs, cell.Files...)
	c.fileOffsets = append(c.fileOffsets, int32(len(c.fileIDs)))
}

// record makes the batch an Arrow record of its schema.
func (c *cellBatch) record() arrow.RecordBatch {
	n := len(c.keys)
	yearValid := func(ys []int32) []bool {
		v := make([]bool, n)
		for i, y := range ys {
			v[i] = y != 0
		}
		return v
	}
	files := array.NewListData(array.NewData(arrow.ListOf(arrow.PrimitiveTypes.Int64), n,
		[]*memory.Buffer{nil, memory.NewBufferBytes(arrow.Int32Traits.CastToBytes(c.fileOffsets))},
		[]arrow.ArrayData{int64Data(c.fileIDs, nil)}, 0, 0))
	cols := []arrow.Array{
		array.MakeFromData(int64Data(c.keys, nil)),
		array.MakeFromData(int64Data(c.ns, nil)),
		array.MakeFromData(int32Data(c.yearMin, yearValid(c.yearMin))),
		array.MakeFromData(int32Data(c.yearMax, yearValid(c.yearMax))),
	}
	schema := suppressedCellsSchema
	if c.wide {
		schema = postedCellsSchema
		for _, v := range c.values {
			cols = append(cols, array.MakeFromData(float64Data(v, nil)))
		}
		cols = append(cols, array.MakeFromData(int32Data(c.yearMedian, yearValid(c.yearMedian))))
	}
	cols = append(cols, files)
	rec := array.NewRecordBatch(schema, cols, int64(n))
	for _, col := range cols {
		col.Release()
	}
	return rec
}

// validity is an Arrow validity bitmap of valid and its null count; nil
// (no bitmap) when every value is valid.
func validity(valid []bool) (*memory.Buffer, int) {
	if valid == nil {
		return nil, 0
	}
	bits := make([]byte, bitutil.BytesForBits(int64(len(valid))))
	nulls := 0
	for i, ok := range valid {
		if ok {
			bitutil.SetBit(bits, i)
		} else {
			nulls++
		}
	}
	if nulls == 0 {
		return nil, 0
	}
	return memory.NewBufferBytes(bits), nulls
}

func int64Data(v []int64, valid []bool) arrow.ArrayData {
	bm, nulls := validity(valid)
	return array.NewData(arrow.PrimitiveTypes.Int64, len(v), []*memory.Buffer{bm, memory.NewBufferBytes(arrow.Int64Traits.CastToBytes(v))}, nil, nulls, 0)
}

func int32Data(v []int32, valid []bool) arrow.ArrayData {
	bm, nulls := validity(valid)
	return array.NewData(arrow.PrimitiveTypes.Int32, len(v), []*memory.Buffer{bm, memory.NewBufferBytes(arrow.Int32Traits.CastToBytes(v))}, nil, nulls, 0)
}

func float64Data(v []float64, valid []bool) arrow.ArrayData {
	bm, nulls := validity(valid)
	return array.NewData(arrow.PrimitiveTypes.Float64, len(v), []*memory.Buffer{bm, memory.NewBufferBytes(arrow.Float64Traits.CastToBytes(v))}, nil, nulls, 0)
}
