package ingest

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"golang.org/x/text/encoding/charmap"
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

// batchRows is how many rows a RawWriter gathers before it hands a batch on:
// one DuckDB row group, which a streamed load writes whole on the thread
// that read it (smaller batches are merged into row groups one at a time).
const batchRows = 122_880

// RawWriter gathers rows of string cells (empty → NULL) plus lineage
// (source_file_id, sheet, row_number) into Arrow batches for one table.
type RawWriter struct {
	sink    Sink
	table   string
	fileID  int64
	columns []string
	schema  *arrow.Schema
	builder *array.RecordBuilder
	// the builders of the lineage and the cells, typed once
	fileIDs, rowNumbers *array.Int64Builder
	sheets              *array.StringBuilder
	cells               []*array.StringBuilder
	// nextData is the room a batch after the first reserves for each
	// column's text: a builder emptied by NewRecordBatch would grow its
	// buffers again from nothing, copying them at each doubling
	nextData []int
	pending  int
	total    int
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
	w := &RawWriter{
		sink: sink, table: table, fileID: fileID, columns: columns, schema: schema,
		builder: array.NewRecordBuilder(memory.DefaultAllocator, schema),
	}
	w.fileIDs = w.builder.Field(0).(*array.Int64Builder)
	w.sheets = w.builder.Field(1).(*array.StringBuilder)
	w.rowNumbers = w.builder.Field(2).(*array.Int64Builder)
	for i := range columns {
		w.cells = append(w.cells, w.builder.Field(3+i).(*array.StringBuilder))
	}
	return w
}

// Append adds one row; cells must have one value per column.
func (w *RawWriter) Append(ctx context.Context, sheet string, rowNumber int, cells []string) error {
	if len(cells) != len(w.columns) {
		return fmt.Errorf("%s: %d cells for %d columns", w.table, len(cells), len(w.columns))
	}
	if w.pending == 0 && w.nextData != nil {
		w.builder.Reserve(batchRows)
		for i, b := range w.cells {
			b.ReserveData(w.nextData[i])
		}
	}
	w.fileIDs.Append(w.fileID)
	appendString(w.sheets, sheet)
	w.rowNumbers.Append(int64(rowNumber))
	for i, c := range cells {
		appendString(w.cells[i], c)
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
	// the next batch's text, as this one's scaled to a full batch
	w.nextData = slices.Grow(w.nextData[:0], len(w.cells))
	for _, b := range w.cells {
		w.nextData = append(w.nextData, b.DataLen()*batchRows/w.pending)
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
// the column, the offending value and a reason, and keeps a tally by
// reason: a source whose every row is rejected fails, its rejects are never
// published, so its error has to say why (Summary).
type Rejects struct {
	w       *RawWriter
	reasons []rejectTally  // in the order first seen
	byText  map[string]int // reason → index in reasons
}

// rejectTally counts one reason and keeps its first example.
type rejectTally struct {
	reason, sheet, column, value string
	row, n                       int
}

// rejectStage is the rejects.stage of every ingest reject; staging models
// record their own name.
const rejectStage = "ingest"

// NewRejects returns a rejects writer for one source file.
func NewRejects(sink Sink, fileID int64) *Rejects {
	return &Rejects{
		w:      NewRawWriter(sink, "rejects", fileID, []string{"column_name", "value", "reason", "stage"}),
		byText: map[string]int{},
	}
}

// Add records one rejected cell or row. The column and value are made valid
// UTF-8 here, for every reader: a ragged row's text comes as read, before
// any decoding, and DuckDB refuses the whole load for one invalid byte.
func (r *Rejects) Add(ctx context.Context, sheet string, rowNumber int, column, value, reason string) error {
	column, value = validUTF8(column), validUTF8(value)
	if i, ok := r.byText[reason]; ok {
		r.reasons[i].n++
	} else {
		r.byText[reason] = len(r.reasons)
		r.reasons = append(r.reasons, rejectTally{reason: reason, sheet: sheet, column: column, value: value, row: rowNumber, n: 1})
	}
	return r.w.Append(ctx, sheet, rowNumber, []string{column, value, reason, rejectStage})
}

// validUTF8 is s, or s decoded as Windows-1252 when it is not valid UTF-8
// (DuckDB refuses invalid UTF-8). Excel on Windows writes CSV in its ANSI
// code page, and Windows-1252 decodes every byte, keeping € and curly
// quotes.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	v, _ := charmap.Windows1252.NewDecoder().String(s)
	return v
}

// Count is how many rejects were written (after Close).
func (r *Rejects) Count() int { return r.w.Rows() + r.w.pending }

// Close flushes the rejects.
func (r *Rejects) Close(ctx context.Context) error { return r.w.Close(ctx) }

// summaryReasons is how many reasons Summary spells out; an error message
// is read in a log line, so the rest are only counted.
const summaryReasons = 3

// Summary says why rows were rejected, most frequent reason first (ties in
// the order first seen), each with its count and first example:
// `2 × empty title (first: line 3, column "Job Title", value "")`. It is
// empty when nothing was rejected.
func (r *Rejects) Summary() string {
	order := make([]rejectTally, len(r.reasons))
	copy(order, r.reasons)
	sort.SliceStable(order, func(i, j int) bool { return order[i].n > order[j].n })
	var parts []string
	for i, t := range order {
		if i == summaryReasons {
			rest := 0
			for _, u := range order[i:] {
				rest += u.n
			}
			parts = append(parts, fmt.Sprintf("%d more for %d other reasons", rest, len(order)-i))
			break
		}
		where := fmt.Sprintf("line %d", t.row)
		if t.sheet != "" {
			where = fmt.Sprintf("sheet %q, row %d", t.sheet, t.row)
		}
		if t.column != "" {
			where += fmt.Sprintf(", column %q", t.column)
		}
		parts = append(parts, fmt.Sprintf("%d × %s (first: %s, value %q)", t.n, t.reason, where, truncate(t.value, 60)))
	}
	return strings.Join(parts, "; ")
}

// explain appends Summary to msg when rows were rejected.
func (r *Rejects) explain(msg string) string {
	if s := r.Summary(); s != "" {
		return msg + ": " + s
	}
	return msg
}
