//go:build duckdb_arrow

package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	duckdb "github.com/duckdb/duckdb-go/v2"
)

// Load appends one Arrow record batch to table, matching columns by name.
// It implements ingest.Sink: the batch is exposed to DuckDB as an Arrow
// view (zero-copy scan) and inserted with one set-based statement.
func (d *DB) Load(ctx context.Context, table string, rec arrow.RecordBatch) error {
	rdr, err := array.NewRecordReader(rec.Schema(), []arrow.RecordBatch{rec})
	if err != nil {
		return fmt.Errorf("load %s: %w", table, err)
	}
	defer rdr.Release()
	return d.LoadStream(ctx, table, rdr)
}

// LoadStream appends every batch rdr yields to table, matching columns by
// name, in one statement: DuckDB reads the stream on all its threads and
// keeps its order. The table must exist before the transaction the load is
// in: DuckDB 1.5.5 showed the session an empty table, after the commit, when
// a stream of a full row group or more went into a table created in the same
// transaction (TestLoadStreamKeepsEveryRowInOrder covers the way ingest uses
// it).
func (d *DB) LoadStream(ctx context.Context, table string, rdr array.RecordReader) error {
	err := d.withArrow(func(ar *duckdb.Arrow, execer driver.ExecerContext) error {
		q := fmt.Sprintf("INSERT INTO %s BY NAME SELECT * FROM arrow_stream", QuoteIdent(table))
		return execOverArrow(ctx, ar, execer, rdr, "arrow_stream", q)
	})
	if err != nil {
		return fmt.Errorf("load %s: %w", table, err)
	}
	return nil
}

// withArrow runs fn with the loading connection's Arrow interface and the
// connection itself, to run statements while a stream is registered.
func (d *DB) withArrow(fn func(ar *duckdb.Arrow, execer driver.ExecerContext) error) error {
	return d.conn.Raw(func(dc any) error {
		conn, ok := dc.(driver.Conn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", dc)
		}
		execer, ok := conn.(driver.ExecerContext)
		if !ok {
			return errors.New("driver connection cannot exec")
		}
		ar, err := duckdb.NewArrowFromConn(conn)
		if err != nil {
			return err
		}
		return fn(ar, execer)
	})
}

// execOverArrow runs query with rdr's batches exposed to DuckDB as the view
// named view (a zero-copy Arrow scan, read as the query pulls it).
func execOverArrow(ctx context.Context, ar *duckdb.Arrow, execer driver.ExecerContext, rdr array.RecordReader, view, query string) error {
	release, err := ar.RegisterView(rdr, view)
	if err != nil {
		return err
	}
	defer release()
	// RegisterView leaves a view in the catalog; kept, it would be saved
	// in the published file pointing at freed memory (selecting from it
	// crashed the reader). Dropped before the stream is released.
	defer execer.ExecContext(context.Background(), "DROP VIEW IF EXISTS "+QuoteIdent(view), nil) //nolint:errcheck // best effort; the next use replaces it
	_, err = execer.ExecContext(ctx, query, nil)
	return err
}

// appendStrings loads rows of text into table through Arrow batches.
func (d *DB) appendStrings(ctx context.Context, table string, columns []string, rows [][]string) error {
	fields := make([]arrow.Field, len(columns))
	for i, c := range columns {
		fields[i] = arrow.Field{Name: c, Type: arrow.BinaryTypes.String, Nullable: true}
	}
	schema := arrow.NewSchema(fields, nil)
	const batch = 1 << 16
	for start := 0; start < len(rows); start += batch {
		end := min(start+batch, len(rows))
		b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
		for _, r := range rows[start:end] {
			for i := range columns {
				sb := b.Field(i).(*array.StringBuilder)
				if i < len(r) && r[i] != "" {
					sb.Append(r[i])
				} else {
					sb.AppendNull()
				}
			}
		}
		rec := b.NewRecordBatch()
		err := d.Load(ctx, table, rec)
		rec.Release()
		b.Release()
		if err != nil {
			return err
		}
	}
	return nil
}

// textRows reads a query's rows as text (NULL → "") in Arrow batches: at ten
// million postings the normalize stage reads millions of distinct keys, and
// database/sql converts them one value at a time. A query with a column that
// is not text is read by scanTextRows instead.
func (d *DB) textRows(ctx context.Context, query string, args ...any) ([][]string, error) {
	var out [][]string
	allText := true
	err := d.withArrow(func(ar *duckdb.Arrow, _ driver.ExecerContext) error {
		rdr, err := ar.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rdr.Release()
		for _, f := range rdr.Schema().Fields() {
			if !isArrowText(f.Type) {
				allText = false
				return nil
			}
		}
		for rdr.Next() {
			out = appendTextRows(out, rdr.RecordBatch())
		}
		return rdr.Err()
	})
	if err != nil {
		return nil, err
	}
	if !allText {
		return d.scanTextRows(ctx, query, args...)
	}
	return out, nil
}

func isArrowText(t arrow.DataType) bool {
	switch t.ID() {
	case arrow.STRING, arrow.LARGE_STRING, arrow.STRING_VIEW:
		return true
	}
	return false
}

// appendTextRows appends a batch's rows to out, copying the text out of
// Arrow's buffers (which the reader frees): one string per column of the
// batch, which the values share, and one slice of values for all its rows.
func appendTextRows(out [][]string, rec arrow.RecordBatch) [][]string {
	n, ncols := int(rec.NumRows()), int(rec.NumCols())
	values := make([]string, n*ncols)
	for c := range ncols {
		switch col := rec.Column(c).(type) {
		case *array.String:
			offsets := col.ValueOffsets()
			text := string(col.ValueBytes())
			for i := range n {
				if col.IsValid(i) {
					values[i*ncols+c] = text[offsets[i]-offsets[0] : offsets[i+1]-offsets[0]]
				}
			}
		case textArray: // LargeString, StringView
			for i := range n {
				if col.IsValid(i) {
					values[i*ncols+c] = strings.Clone(col.Value(i))
				}
			}
		}
	}
	for i := range n {
		out = append(out, values[i*ncols:(i+1)*ncols:(i+1)*ncols])
	}
	return out
}
