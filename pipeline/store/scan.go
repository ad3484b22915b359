package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// DistinctRows returns the rows of a query as text (NULL → ""); the query
// is expected to be a SELECT DISTINCT over raw columns.
func (d *DB) DistinctRows(ctx context.Context, query string, args ...any) ([][]string, error) {
	rows, err := d.textRows(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", firstLine(query), err)
	}
	return rows, nil
}

// scanTextRows reads a query's rows one at a time through database/sql,
// each value as text (NULL → "").
func (d *DB) scanTextRows(ctx context.Context, query string, args ...any) ([][]string, error) {
	rows, err := d.conn.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	vals := make([]sql.NullString, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var out [][]string
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		r := make([]string, len(cols))
		for i, v := range vals {
			r[i] = v.String
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// AppendStringRows adds rows to a table ReplaceStringTable created, as
// Arrow batches; empty strings become NULL.
func (d *DB) AppendStringRows(ctx context.Context, table string, columns []string, rows [][]string) error {
	return d.appendStrings(ctx, table, columns, rows)
}

// ReplaceStringTable creates table (all VARCHAR columns) holding rows, loaded
// as Arrow batches; empty strings become NULL.
func (d *DB) ReplaceStringTable(ctx context.Context, table string, columns []string, rows [][]string) error {
	if err := d.ReplaceTypedTable(ctx, table, columns, nil); err != nil {
		return err
	}
	return d.appendStrings(ctx, table, columns, rows)
}

// ReplaceTypedTable creates table empty, its columns VARCHAR but those
// types names (a DuckDB type, e.g. DOUBLE). AppendStringRows fills it: the
// text is cast to each column's type as it is stored.
func (d *DB) ReplaceTypedTable(ctx context.Context, table string, columns []string, types map[string]string) error {
	defs := make([]string, len(columns))
	for i, c := range columns {
		typ := "VARCHAR"
		if t, ok := types[c]; ok {
			typ = t
		}
		defs[i] = QuoteIdent(c) + " " + typ
	}
	return d.Exec(ctx, fmt.Sprintf("CREATE OR REPLACE TABLE %s (%s)", QuoteIdent(table), strings.Join(defs, ", ")))
}
