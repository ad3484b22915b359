package ingest

import (
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// parquetPosting is one row of the Parquet fixtures: typed columns as a
// feed writes them, a NULL where ok is false.
type parquetPosting struct {
	title    string
	payMin   int64
	hasPay   bool
	payMax   float64
	remote   bool
	posted   time.Time
	location string // dictionary-encoded in the file
}

// writeParquet writes rows in row groups of groupRows: strings, an int64
// with NULLs, a double, a boolean, a date and a dictionary column.
func writeParquet(rows []parquetPosting, groupRows int64) func(*testing.T, string) {
	return func(t *testing.T, path string) {
		t.Helper()
		dictType := &arrow.DictionaryType{IndexType: arrow.PrimitiveTypes.Int32, ValueType: arrow.BinaryTypes.String}
		schema := arrow.NewSchema([]arrow.Field{
			{Name: "role", Type: arrow.BinaryTypes.String, Nullable: true},
			{Name: "low", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
			{Name: "high", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
			{Name: "remote", Type: arrow.FixedWidthTypes.Boolean, Nullable: true},
			{Name: "posted", Type: arrow.FixedWidthTypes.Date32, Nullable: true},
			{Name: "loc", Type: dictType, Nullable: true},
		}, nil)
		b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
		defer b.Release()
		for _, r := range rows {
			b.Field(0).(*array.StringBuilder).Append(r.title)
			if r.hasPay {
				b.Field(1).(*array.Int64Builder).Append(r.payMin)
			} else {
				b.Field(1).AppendNull()
			}
			b.Field(2).(*array.Float64Builder).Append(r.payMax)
			b.Field(3).(*array.BooleanBuilder).Append(r.remote)
			b.Field(4).(*array.Date32Builder).Append(arrow.Date32FromTime(r.posted))
			if err := b.Field(5).(*array.BinaryDictionaryBuilder).AppendString(r.location); err != nil {
				t.Fatal(err)
			}
		}
		rec := b.NewRecordBatch()
		defer rec.Release()
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		w, err := pqarrow.NewFileWriter(schema, f, parquet.NewWriterProperties(parquet.WithMaxRowGroupLength(groupRows)),
			pqarrow.NewArrowWriterProperties(pqarrow.WithStoreSchema()))
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Write(rec); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

// Parquet is read in Go, batch by batch: typed cells become plain text
// (61000, 72000.5, 2024-03-01), NULL is empty, rows are
// numbered from 1 in file order across row groups and batches, and each
// string outlives the batch it came from.
func TestIngestPostingsParquet(t *testing.T) {
	m := &PostingMapping{Columns: map[string]string{"id": "role", "title": "role", "pay_min": "low", "pay_max": "high",
		"remote": "remote", "posted_date": "posted", "location": "loc"}}
	day := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	mixed := []parquetPosting{
		{"Histotechnologist", 61000, true, 72000.5, false, day, "Denver, CO"},
		{"Cytotechnologist", 0, false, 45, true, day.AddDate(0, 0, 30), "Reno, NV"},
		{"", 1, true, 2, false, day, "Reno, NV"},
	}
	many := make([]parquetPosting, 3*parquetBatchRows+17)
	for i := range many {
		many[i] = parquetPosting{"Phlebotomist " + strconv.Itoa(i+1), int64(30000 + i), true, 40000, i%2 == 0, day, "Ames, IA"}
	}
	tests := []fileCase{
		{name: "typed columns as text", file: "feed.parquet", write: writeParquet(mixed, 2), wantRows: 2,
			wantRejects: []map[string]string{{"row_number": "3", "column_name": "role", "value": "", "reason": "empty title"}},
			find:        map[string]string{"title": "Histotechnologist"},
			want: map[string]string{"row_number": "1", "pay_min": "61000", "pay_max": "72000.5", "remote": "false",
				"posted_date": "2024-03-01", "location": "Denver, CO"}},
		{name: "NULL is empty; the second row group goes on numbering", file: "feed.parquet", write: writeParquet(mixed, 2), wantRows: 2,
			wantRejects: []map[string]string{{"row_number": "3", "column_name": "role", "value": "", "reason": "empty title"}},
			find:        map[string]string{"title": "Cytotechnologist"},
			want:        map[string]string{"row_number": "2", "pay_min": "", "pay_max": "45", "remote": "true", "posted_date": "2024-03-31", "location": "Reno, NV"}},
		{name: "the first row, read three batches before the last", file: "many.parquet", write: writeParquet(many, 10000), wantRows: len(many),
			find: map[string]string{"row_number": "1"}, want: map[string]string{"title": "Phlebotomist 1", "pay_min": "30000"}},
		{name: "the last row", file: "many.parquet", write: writeParquet(many, 10000), wantRows: len(many),
			find: map[string]string{"row_number": strconv.Itoa(len(many))},
			want: map[string]string{"title": "Phlebotomist " + strconv.Itoa(len(many)), "pay_min": strconv.Itoa(30000 + len(many) - 1)}},
		{name: "header only", file: "empty.parquet", write: writeParquet(nil, 10), wantErr: ErrNoData,
			wantErrText: "empty.parquet: no data rows: the file has a header but no data rows"},
		{name: "not Parquet", file: "text.parquet", write: writeText("role,low\nMLT,1\n"),
			wantErr: ErrNotParquet, wantErrText: "text.parquet: not a readable Parquet file: parquet: "},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.run(t, IngestPostings, Source{Name: "t", FileID: 3, Postings: m}, postingsTable)
		})
	}
}

// cellText gives the kinds a Parquet feed holds as text the field parsers
// read: plain decimal numbers, ISO dates, UTC timestamps.
func TestCellText(t *testing.T) {
	mem := memory.DefaultAllocator
	build := func(dt arrow.DataType, fill func(array.Builder)) arrow.Array {
		b := array.NewBuilder(mem, dt)
		defer b.Release()
		fill(b)
		return b.NewArray()
	}
	tests := []struct {
		name string
		arr  arrow.Array
		want []string
	}{
		{"int32 and NULL", build(arrow.PrimitiveTypes.Int32, func(b array.Builder) {
			b.(*array.Int32Builder).Append(-40)
			b.AppendNull()
		}), []string{"-40", ""}},
		{"uint16", build(arrow.PrimitiveTypes.Uint16, func(b array.Builder) { b.(*array.Uint16Builder).Append(65535) }), []string{"65535"}},
		{"float32 keeps its own digits", build(arrow.PrimitiveTypes.Float32, func(b array.Builder) { b.(*array.Float32Builder).Append(25.1) }), []string{"25.1"}},
		{"float64 without exponent", build(arrow.PrimitiveTypes.Float64, func(b array.Builder) {
			b.(*array.Float64Builder).AppendValues([]float64{1e6, 0.5}, nil)
		}), []string{"1000000", "0.5"}},
		{"boolean", build(arrow.FixedWidthTypes.Boolean, func(b array.Builder) { b.(*array.BooleanBuilder).Append(true) }), []string{"true"}},
		{"timestamp in UTC", build(&arrow.TimestampType{Unit: arrow.Millisecond}, func(b array.Builder) {
			b.(*array.TimestampBuilder).Append(arrow.Timestamp(time.Date(2023, 7, 4, 9, 30, 0, 0, time.UTC).UnixMilli()))
		}), []string{"2023-07-04 09:30:00"}},
		{"date64", build(arrow.FixedWidthTypes.Date64, func(b array.Builder) {
			b.(*array.Date64Builder).Append(arrow.Date64FromTime(time.Date(2021, 12, 31, 0, 0, 0, 0, time.UTC)))
		}), []string{"2021-12-31"}},
		{"binary", build(arrow.BinaryTypes.Binary, func(b array.Builder) { b.(*array.BinaryBuilder).Append([]byte("$40/hr")) }), []string{"$40/hr"}},
		{"large string", build(arrow.BinaryTypes.LargeString, func(b array.Builder) { b.(*array.LargeStringBuilder).Append("RN") }), []string{"RN"}},
		{"decimal", build(&arrow.Decimal128Type{Precision: 9, Scale: 2}, func(b array.Builder) {
			b.(*array.Decimal128Builder).Append(decimal128.FromI64(6150050))
		}), []string{"61500.5"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer tt.arr.Release()
			for i, want := range tt.want {
				if got := cellText(tt.arr, i); got != want {
					t.Errorf("row %d: %q, want %q", i, got, want)
				}
			}
		})
	}
}
