package synth

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"sync"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

const (
	// csvChunkRows is how many rows a worker writes into one CSV buffer.
	csvChunkRows = 8192
	// parquetBatchRows is the size of the Arrow record batches written to
	// Parquet, and parquetRowGroupRows that of its row groups.
	parquetBatchRows    = 1 << 16
	parquetRowGroupRows = 1 << 20
)

// counts are the Stats of a chunk of rows.
type counts struct {
	rows, dups int
	bad        [numBad]int
}

func (c *counts) add(rw *row) {
	c.rows++
	if rw.dup {
		c.dups++
	}
	c.bad[rw.bad]++
}

func (c *counts) merge(o counts) {
	c.rows += o.rows
	c.dups += o.dups
	for i := range c.bad {
		c.bad[i] += o.bad[i]
	}
}

// stats turns counts into Stats. In Parquet, ragged_short rows are rows
// with null trailing fields (missing_fields), and the ragged_long and
// bare_quote rows are well-formed values, so they are not counted as bad.
func (c counts) stats(format string, bytes int64) Stats {
	st := Stats{Rows: c.rows, Duplicates: c.dups, Bytes: bytes, Bad: map[string]int{}}
	for k := badNone + 1; k < numBad; k++ {
		name := badKinds[k]
		if format == FormatParquet {
			switch k {
			case badRaggedShort:
				name = "missing_fields"
			case badRaggedLong, badBareQuote:
				continue
			}
		}
		st.Bad[name] = c.bad[k]
		st.BadRows += c.bad[k]
	}
	return st
}

// countWriter counts the bytes written through it. It is not an io.Closer,
// so the Parquet writer cannot close the caller's writer.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

func workers(opt Options) int {
	if opt.Workers > 0 {
		return opt.Workers
	}
	return runtime.GOMAXPROCS(0)
}

// WriteCSV writes opt.Rows postings as CSV (comma-separated, a header line,
// "\n" line ends, fields quoted only when they must be) to w. Some records
// are malformed on purpose (see Stats.Bad): ragged_short records stop
// early, ragged_long ones have an unquoted comma in company, bare_quote
// ones a bare double quote inside an unquoted description. No field holds
// a line break, so every record is one line.
func WriteCSV(ctx context.Context, w io.Writer, opt Options) (Stats, error) {
	s, err := newSetup(opt)
	if err != nil {
		return Stats{}, err
	}
	cw := &countWriter{w: w}
	var head []byte
	for i, c := range columns {
		if i > 0 {
			head = append(head, ',')
		}
		head = append(head, c...)
	}
	if _, err := cw.Write(append(head, '\n')); err != nil {
		return Stats{}, fmt.Errorf("write CSV header: %w", err)
	}
	type chunk struct {
		buf []byte
		c   counts
	}
	nw := workers(opt)
	free := make(chan []byte, 2*nw+1)
	var total counts
	err = ordered(ctx, chunksOf(opt.Rows, csvChunkRows), nw,
		func() *gen { return newGen(s) },
		func(g *gen, i int) (chunk, error) {
			var buf []byte
			select {
			case buf = <-free:
			default:
				buf = make([]byte, 0, csvChunkRows*400)
			}
			var c counts
			start, end := i*csvChunkRows+1, min((i+1)*csvChunkRows, opt.Rows)
			for j := start; j <= end; j++ {
				g.fill(j)
				buf = g.row.appendCSV(buf)
				c.add(&g.row)
			}
			return chunk{buf, c}, nil
		},
		func(ch chunk) error {
			if _, err := cw.Write(ch.buf); err != nil {
				return fmt.Errorf("write CSV: %w", err)
			}
			total.merge(ch.c)
			select {
			case free <- ch.buf[:0]:
			default:
			}
			return nil
		},
		nil)
	if err != nil {
		return Stats{}, err
	}
	return total.stats(FormatCSV, cw.n), nil
}

// appendCSV appends the row as one CSV record.
func (rw *row) appendCSV(dst []byte) []byte {
	for i := range rw.keep {
		if i > 0 {
			dst = append(dst, ',')
		}
		v := rw.f[i]
		raw := rw.bad == badRaggedLong && i == cCompany || rw.bad == badBareQuote && i == cDescription
		if raw || !needsQuotes(v) {
			dst = append(dst, v...)
			continue
		}
		dst = append(dst, '"')
		for _, c := range v {
			if c == '"' {
				dst = append(dst, '"')
			}
			dst = append(dst, c)
		}
		dst = append(dst, '"')
	}
	return append(dst, '\n')
}

// needsQuotes reports whether a CSV field must be quoted: it holds a
// comma, a double quote or a line break, or starts with a space.
func needsQuotes(v []byte) bool {
	if len(v) > 0 && v[0] == ' ' {
		return true
	}
	for _, c := range v {
		if csvSpecial[c] {
			return true
		}
	}
	return false
}

// csvSpecial marks the bytes that make a CSV field need quotes.
var csvSpecial = [256]bool{',': true, '"': true, '\n': true, '\r': true}

// parquetSchema has one nullable string column per output column.
func parquetSchema() *arrow.Schema {
	fields := make([]arrow.Field, numCols)
	for i, c := range columns {
		fields[i] = arrow.Field{Name: c, Type: arrow.BinaryTypes.String, Nullable: true}
	}
	return arrow.NewSchema(fields, nil)
}

// dictionaryColumns are the columns Parquet dictionary-encodes: those with
// a few thousand values at most, whose dictionary never outgrows its page
// (1 MiB). The others are plain-encoded. A chunk whose dictionary outgrows
// the page falls back to plain, and arrow-go (v18.8.0) then writes the
// chunk's two encoding stats in Go map order, which would make the file
// differ between runs.
var dictionaryColumns = []int{cOwnership, cIndustry, cLocation, cPeriod, cCurrency, cExperience, cPosted, cRemote}

func parquetProps() []parquet.WriterProperty {
	props := []parquet.WriterProperty{
		parquet.WithCompression(compress.Codecs.Zstd),
		parquet.WithMaxRowGroupLength(parquetRowGroupRows),
		parquet.WithDictionaryDefault(false),
	}
	for _, c := range dictionaryColumns {
		props = append(props, parquet.WithDictionaryFor(columns[c], true))
	}
	return props
}

// WriteParquet writes opt.Rows postings as Parquet to w: the CSV columns,
// all nullable strings (an empty value is null), zstd-compressed, in row
// groups of 1,048,576 rows written from Arrow batches of 65,536; only the
// low-cardinality columns are dictionary-encoded (dictionaryColumns). It has
// the same rows as WriteCSV with the same options, except that a ragged CSV
// record is a row whose trailing fields are null.
func WriteParquet(ctx context.Context, w io.Writer, opt Options) (Stats, error) {
	s, err := newSetup(opt)
	if err != nil {
		return Stats{}, err
	}
	cw := &countWriter{w: w}
	schema := parquetSchema()
	props := parquet.NewWriterProperties(parquetProps()...)
	fw, err := pqarrow.NewFileWriter(schema, cw, props, pqarrow.DefaultWriterProps())
	if err != nil {
		return Stats{}, fmt.Errorf("parquet writer: %w", err)
	}
	type worker struct {
		g *gen
		b *array.RecordBuilder
	}
	type batch struct {
		rec arrow.RecordBatch
		c   counts
	}
	var total counts
	var builders []*array.RecordBuilder
	var mu sync.Mutex
	err = ordered(ctx, chunksOf(opt.Rows, parquetBatchRows), workers(opt),
		func() worker {
			b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
			mu.Lock()
			builders = append(builders, b)
			mu.Unlock()
			return worker{newGen(s), b}
		},
		func(wk worker, i int) (batch, error) {
			var c counts
			start, end := i*parquetBatchRows+1, min((i+1)*parquetBatchRows, opt.Rows)
			fields := make([]*array.StringBuilder, numCols)
			for k := range fields {
				fields[k] = wk.b.Field(k).(*array.StringBuilder)
				fields[k].Reserve(end - start + 1)
			}
			for j := start; j <= end; j++ {
				wk.g.fill(j)
				rw := &wk.g.row
				for k, fb := range fields {
					if k >= rw.keep || len(rw.f[k]) == 0 {
						fb.AppendNull()
					} else {
						fb.BinaryBuilder.Append(rw.f[k])
					}
				}
				c.add(rw)
			}
			return batch{wk.b.NewRecordBatch(), c}, nil
		},
		func(b batch) error {
			defer b.rec.Release()
			if err := fw.WriteBuffered(b.rec); err != nil {
				return fmt.Errorf("write parquet: %w", err)
			}
			total.merge(b.c)
			return nil
		},
		func(b batch) { b.rec.Release() })
	for _, b := range builders {
		b.Release()
	}
	if err != nil {
		fw.Close()
		return Stats{}, err
	}
	if err := fw.Close(); err != nil {
		return Stats{}, fmt.Errorf("close parquet: %w", err)
	}
	return total.stats(FormatParquet, cw.n), nil
}

// chunksOf is how many chunks of size rows make n rows.
func chunksOf(n, size int) int { return (n + size - 1) / size }

// ordered runs produce for chunks 0..n-1 on nw workers, each with its own
// state from newWorker, and hands the results to consume in chunk order.
// It stops at the first error or when ctx is done; results made but not
// consumed are passed to discard (when not nil).
func ordered[W, T any](ctx context.Context, n, nw int, newWorker func() W, produce func(W, int) (T, error), consume func(T) error, discard func(T)) (err error) {
	type result struct {
		v   T
		err error
	}
	type job struct {
		i   int
		out chan result
	}
	ctx, cancel := context.WithCancel(ctx)
	jobs := make(chan job)
	futures := make(chan chan result, nw)
	var wg sync.WaitGroup
	go func() {
		defer close(futures)
		defer close(jobs)
		for i := range n {
			out := make(chan result, 1)
			select {
			case futures <- out:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- job{i, out}:
			case <-ctx.Done():
				out <- result{err: ctx.Err()}
				return
			}
		}
	}()
	for range nw {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := newWorker()
			for j := range jobs {
				if err := ctx.Err(); err != nil {
					j.out <- result{err: err}
					continue
				}
				v, err := produce(w, j.i)
				j.out <- result{v, err}
			}
		}()
	}
	defer func() {
		cancel()
		for out := range futures {
			if r := <-out; r.err == nil && discard != nil {
				discard(r.v)
			}
		}
		wg.Wait()
	}()
	for out := range futures {
		r := <-out
		if r.err != nil {
			return r.err
		}
		if err := consume(r.v); err != nil {
			return err
		}
	}
	return ctx.Err()
}
