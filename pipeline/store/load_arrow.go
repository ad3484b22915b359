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
	return d.conn.Raw(func(dc any) error {
		conn, ok := dc.(driver.Conn)
		if !ok {
			return fmt.Errorf("load %s: unexpected driver connection %T", table, dc)
		}
		ar, err := duckdb.NewArrowFromConn(conn)
		if err != nil {
			return fmt.Errorf("load %s: %w", table, err)
		}
		release, err := ar.RegisterView(rdr, "arrow_batch")
		if err != nil {
			return fmt.Errorf("load %s: %w", table, err)
		}
		defer release()
		execer, ok := conn.(driver.ExecerContext)
		if !ok {
			return fmt.Errorf("load %s: driver connection cannot exec", table)
		}
		// RegisterView leaves a view in the catalog; kept, it would be saved
		// in the published file pointing at freed memory (selecting from it
		// crashed the reader). Dropped before the stream is released.
		defer execer.ExecContext(context.Background(), "DROP VIEW IF EXISTS arrow_batch", nil) //nolint:errcheck // best effort; the next Load replaces it
		q := fmt.Sprintf("INSERT INTO %s BY NAME SELECT * FROM arrow_batch", QuoteIdent(table))
		if _, err := execer.ExecContext(ctx, q, nil); err != nil {
			return fmt.Errorf("load %s: %w", table, err)
		}
		return nil
	})
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
