//go:build !duckdb_arrow

package store

import (
	"context"
	"errors"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// errNoArrow explains the one build mistake that otherwise surfaces as an
// undefined symbol deep inside the DuckDB driver.
var errNoArrow = errors.New("wagescope was built without the duckdb_arrow build tag, which the DuckDB driver's Arrow interface needs: build and test with -tags duckdb_arrow")

// Load fails: loading moves Arrow batches into DuckDB, which this build cannot.
func (d *DB) Load(ctx context.Context, table string, rec arrow.RecordBatch) error {
	return errNoArrow
}

// LoadStream fails for the same reason as Load.
func (d *DB) LoadStream(ctx context.Context, table string, rdr array.RecordReader) error {
	return errNoArrow
}

// appendStrings fails for the same reason as Load.
func (d *DB) appendStrings(ctx context.Context, table string, columns []string, rows [][]string) error {
	return errNoArrow
}

// postedCells fails: the cells reach DuckDB as Arrow batches.
func (d *DB) postedCells(ctx context.Context) error {
	return errNoArrow
}

// payPremiums fails: the premiums' sides reach DuckDB as Arrow batches.
func (d *DB) payPremiums(ctx context.Context) error {
	return errNoArrow
}

// textRows reads a query's rows as text through database/sql: this build
// has no Arrow interface.
func (d *DB) textRows(ctx context.Context, query string, args ...any) ([][]string, error) {
	return d.scanTextRows(ctx, query, args...)
}
