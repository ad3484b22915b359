//go:build duckdb_arrow

package store

import (
	"context"
	"database/sql/driver"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
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
		q := fmt.Sprintf("INSERT INTO %s BY NAME SELECT * FROM arrow_batch", quoteIdent(table))
		if _, err := execer.ExecContext(ctx, q, nil); err != nil {
			return fmt.Errorf("load %s: %w", table, err)
		}
		return nil
	})
}
