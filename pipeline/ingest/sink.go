package ingest

import (
	"context"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// Sink receives what an ingester reads. Load appends one Arrow record batch
// to a table, matching columns by name; the store implements it by
// registering the batch as an Arrow view and inserting from it.
type Sink interface {
	Load(ctx context.Context, table string, rec arrow.RecordBatch) error
}

// Source is one configured source file as an ingester sees it.
type Source struct {
	Name    string // the configured source name, for messages
	Path    string // a local file (fetched and resolved by the pipeline)
	FileID  int64  // source_files.source_file_id, stamped on every row
	Release string // configured override; empty means detect it
	// Postings maps a posting dataset's columns onto canonical fields
	// (kind postings only).
	Postings *PostingMapping
}

// Result is what an ingester reports back for lineage.
type Result struct {
	Release  string // e.g. OEWS "2023-05", projections "2022-2032", CPI "2025-09"
	Rows     int    // rows loaded into raw tables
	Rejected int    // rows written to rejects
	Notes    []string
}

// batchRows is how many rows a RawWriter gathers before it hands a batch on.
const batchRows = 1 << 16

// RawWriter gathers rows of string cells (empty → NULL) plus lineage
// (source_file_id, sheet, row_number) into Arrow batches for one table.
type RawWriter struct {
	sink    Sink
	table   string
	fileID  int64
	columns []string
	schema  *arrow.Schema
	builder *array.RecordBuilder
	pending int
	total   int
}

// NewRawWriter returns a writer for table with the given VARCHAR columns.
func NewRawWriter(sink Sink, table string, fileID int64, columns []string) *RawWriter {
	fields := []arrow.Field{
		{Name: "source_file_id", Type: arrow.PrimitiveTypes.Int64},
		{Name: "sheet", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "row_number", Type: arrow.PrimitiveTypes.Int64},
	}
	for _, c := range columns {
		fields = append(fields, arrow.Field{Name: c, Type: arrow.BinaryTypes.String, Nullable: true})
	}
	schema := arrow.NewSchema(fields, nil)
	return &RawWriter{
		sink: sink, table: table, fileID: fileID, columns: columns, schema: schema,
		builder: array.NewRecordBuilder(memory.DefaultAllocator, schema),
	}
}

// Append adds one row; cells must have one value per column.
func (w *RawWriter) Append(ctx context.Context, sheet string, rowNumber int, cells []string) error {
	if len(cells) != len(w.columns) {
		return fmt.Errorf("%s: %d cells for %d columns", w.table, len(cells), len(w.columns))
	}
	w.builder.Field(0).(*array.Int64Builder).Append(w.fileID)
	appendString(w.builder.Field(1).(*array.StringBuilder), sheet)
	w.builder.Field(2).(*array.Int64Builder).Append(int64(rowNumber))
	for i, c := range cells {
		appendString(w.builder.Field(3+i).(*array.StringBuilder), c)
	}
	w.pending++
	if w.pending >= batchRows {
		return w.Flush(ctx)
	}
	return nil
}

func appendString(b *array.StringBuilder, s string) {
	if s == "" {
		b.AppendNull()
		return
	}
	b.Append(s)
}

// Flush hands the gathered rows to the sink.
func (w *RawWriter) Flush(ctx context.Context) error {
	if w.pending == 0 {
		return nil
	}
	rec := w.builder.NewRecordBatch()
	defer rec.Release()
	n := w.pending
	w.pending = 0
	if err := w.sink.Load(ctx, w.table, rec); err != nil {
		return fmt.Errorf("load %d rows into %s: %w", n, w.table, err)
	}
	w.total += n
	return nil
}

// Rows is how many rows have been flushed so far.
func (w *RawWriter) Rows() int { return w.total }

// Close flushes what is left and releases the builder.
func (w *RawWriter) Close(ctx context.Context) error {
	err := w.Flush(ctx)
	w.builder.Release()
	return err
}

// Rejects writes rows that cannot be used to the rejects table, each with
// the column, the offending value and a reason.
type Rejects struct{ w *RawWriter }

// NewRejects returns a rejects writer for one source file.
func NewRejects(sink Sink, fileID int64) *Rejects {
	return &Rejects{w: NewRawWriter(sink, "rejects", fileID, []string{"column_name", "value", "reason"})}
}

// Add records one rejected cell or row.
func (r *Rejects) Add(ctx context.Context, sheet string, rowNumber int, column, value, reason string) error {
	return r.w.Append(ctx, sheet, rowNumber, []string{column, value, reason})
}

// Count is how many rejects were written (after Close).
func (r *Rejects) Count() int { return r.w.Rows() + r.w.pending }

// Close flushes the rejects.
func (r *Rejects) Close(ctx context.Context) error { return r.w.Close(ctx) }
