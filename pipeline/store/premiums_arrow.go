//go:build duckdb_arrow

package store

import (
	"context"
	"database/sql/driver"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/wagescope/wagescope/pipeline/premiums"
)

// premiumSidesSchema is the temporary table premium_sides' columns, as
// marts/070_fct_pay_premiums.sql creates it.
var premiumSidesSchema = arrow.NewSchema([]arrow.Field{
	{Name: "occupation_code", Type: arrow.BinaryTypes.String},
	{Name: "area_code", Type: arrow.BinaryTypes.String},
	{Name: "requirement_type", Type: arrow.BinaryTypes.String},
	{Name: "requirement", Type: arrow.BinaryTypes.String},
	{Name: "n_with", Type: arrow.PrimitiveTypes.Int64},
	{Name: "n_without", Type: arrow.PrimitiveTypes.Int64},
	{Name: "median_with", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "median_without", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "ci_low_with", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "ci_high_with", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "ci_low_without", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "ci_high_without", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
}, nil)

// payPremiums is the Go step pay_premiums of marts/070_fct_pay_premiums.sql:
// it reads the described postings (premium_described) sorted by
// occupation and pay, in as few reads as premiumReads allows, computes
// each occupation's rows with a premiums.Calculator as its postings end,
// holding one occupation's at a time, and inserts the rows into
// premium_sides once they are read (the connection reads one statement at
// a time). A read is a stream for Go only: DuckDB's Go driver
// (v2.10505.0) materializes a query's whole result before its first
// batch, beside DuckDB's buffers; read whole, twenty million postings
// peaked at 3.67 GB here under a 2.5GB limit. (Storing premium_described
// sorted and reading it by rowid a million rows at a time also bounded it,
// but cost 2.5 s at ten million postings; ranges of occupations cost
// about as much as one read: docs/performance-log.md.)
func (d *DB) payPremiums(ctx context.Context) error {
	reads, err := d.premiumReads(ctx)
	if err != nil {
		return fmt.Errorf("pay premiums, %w", err)
	}
	var calc premiums.Calculator
	var b premiums.OccupationPostings
	rb := array.NewRecordBuilder(memory.DefaultAllocator, premiumSidesSchema)
	defer rb.Release()
	err = d.withArrow(func(ar *duckdb.Arrow, execer driver.ExecerContext) error {
		for _, r := range reads {
			err := readDescribedPostings(ctx, ar, r, &b, func(occupation int32) error {
				return calc.Occupation(&b, premiumRowAppender(rb, b.Names.Name(occupation)))
			})
			if err != nil {
				if r.first != "" {
					return fmt.Errorf("occupations %s to %s: %w", r.first, r.last, err)
				}
				return err
			}
		}
		rec := rb.NewRecordBatch()
		defer rec.Release()
		rdr, err := array.NewRecordReader(premiumSidesSchema, []arrow.RecordBatch{rec})
		if err != nil {
			return err
		}
		defer rdr.Release()
		return execOverArrow(ctx, ar, execer, rdr, "premium_sides_batch", insertPremiumSides)
	})
	if err != nil {
		return fmt.Errorf("pay premiums, %w", err)
	}
	return nil
}

// premiumRowAppender returns an emit for premiums.Calculator that appends
// occupation's rows to rb (premiumSidesSchema).
func premiumRowAppender(rb *array.RecordBuilder, occupation string) func(*premiums.Row) error {
	str := func(i int) *array.StringBuilder { return rb.Field(i).(*array.StringBuilder) }
	num := func(i int) *array.Int64Builder { return rb.Field(i).(*array.Int64Builder) }
	val := func(i int, x float64, ok bool) {
		if ok {
			rb.Field(i).(*array.Float64Builder).Append(x)
		} else {
			rb.Field(i).AppendNull()
		}
	}
	return func(r *premiums.Row) error {
		str(0).Append(occupation)
		str(1).Append(r.Area)
		str(2).Append(r.RequirementType)
		str(3).Append(r.Requirement)
		num(4).Append(r.With.N)
		num(5).Append(r.Without.N)
		with, without := r.With.N > 0, r.Without.N > 0
		val(6, r.With.Median, with)
		val(7, r.Without.Median, without)
		val(8, r.With.CILow, with)
		val(9, r.With.CIHigh, with)
		val(10, r.Without.CILow, without)
		val(11, r.Without.CIHigh, without)
		return nil
	}
}

// textArray is an Arrow string array of any of the layouts DuckDB may
// hand over.
type textArray interface {
	arrow.Array
	Value(int) string
}

// readDescribedPostings streams the range r of premium_described by
// occupation and pay into b, one occupation at a time: when an
// occupation's postings end, done is called with its name id, and b is
// emptied for the next (its names kept).
func readDescribedPostings(ctx context.Context, ar *duckdb.Arrow, r occupationRange, b *premiums.OccupationPostings, done func(occupation int32) error) error {
	b.Reset()
	var rdr array.RecordReader
	var err error
	if r.first == "" {
		rdr, err = ar.QueryContext(ctx, describedPostingsQuery)
	} else {
		rdr, err = ar.QueryContext(ctx, describedRangeQuery, r.first, r.last)
	}
	if err != nil {
		return err
	}
	defer rdr.Release()
	name := func(a textArray, i int) int32 {
		if a.IsNull(i) {
			return premiums.None
		}
		return b.Names.ID(a.Value(i))
	}
	current := int32(premiums.None)
	for rdr.Next() {
		rec := rdr.RecordBatch()
		occ, ok1 := rec.Column(0).(textArray)
		state, ok2 := rec.Column(1).(textArray)
		pay, ok3 := rec.Column(2).(*array.Float64)
		certs, ok4 := rec.Column(3).(*array.List)
		education, ok5 := rec.Column(4).(textArray)
		if !(ok1 && ok2 && ok3 && ok4 && ok5) {
			return fmt.Errorf("premium_described read as unexpected Arrow types: %v", rec.Schema())
		}
		certNames, ok := certs.ListValues().(textArray)
		if !ok {
			return fmt.Errorf("premium_described's certifications read as unexpected Arrow types: %v", rec.Schema())
		}
		for i := 0; i < int(rec.NumRows()); i++ {
			if occ.IsNull(i) || pay.IsNull(i) {
				return fmt.Errorf("a described posting with a NULL occupation or pay")
			}
			// a new occupation: its name's id looked up once, not per row
			if current == premiums.None || occ.Value(i) != b.Names.Name(current) {
				if len(b.Postings) > 0 {
					if err := done(current); err != nil {
						return err
					}
					b.Reset()
				}
				current = b.Names.ID(occ.Value(i))
			}
			p := premiums.Posting{Pay: pay.Value(i), State: name(state, i), Education: name(education, i),
				NoCertifications: certs.IsNull(i), CertFrom: int32(len(b.Certifications))}
			if !p.NoCertifications {
				cs, ce := certs.ValueOffsets(i)
				for j := int(cs); j < int(ce); j++ {
					if certNames.IsNull(j) {
						// staging's string_split makes none
						return fmt.Errorf("a described posting with a NULL certification in its list")
					}
					b.Certifications = append(b.Certifications, b.Names.ID(certNames.Value(j)))
				}
			}
			p.CertTo = int32(len(b.Certifications))
			b.Postings = append(b.Postings, p)
		}
	}
	if err := rdr.Err(); err != nil {
		return err
	}
	if len(b.Postings) > 0 {
		return done(current)
	}
	return nil
}
