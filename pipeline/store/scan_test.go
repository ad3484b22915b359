package store

import (
	"context"
	"reflect"
	"strings"
	"testing"
)

// DistinctRows reads text in Arrow batches (a column of another type row by
// row); either way a row is the query's values as text, NULL as "", in the
// query's order.
func TestDistinctRowsReadsText(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t, Options{})
	tests := []struct {
		name  string
		query string
		args  []any
		want  map[int][]string // some rows, by index
		n     int
	}{
		{
			name: "text, NULL and empty",
			query: `SELECT * FROM (VALUES ('Medical Technologist', NULL), ('', 'Técnico'),
			        (NULL, 'MT (ASCP) – Nights'), ('a', 'b')) AS t(x, y)`,
			want: map[int][]string{0: {"Medical Technologist", ""}, 1: {"", "Técnico"}, 2: {"", "MT (ASCP) – Nights"}, 3: {"a", "b"}},
			n:    4,
		},
		{
			name:  "several batches, in order, with arguments",
			query: `SELECT 'title ' || i AS title, CASE WHEN i % 3 = 0 THEN NULL ELSE repeat('x', i % 7) END AS pad FROM range(?, ?) AS r(i) ORDER BY i`,
			args:  []any{10, 5010},
			want:  map[int][]string{0: {"title 10", "xxx"}, 2: {"title 12", ""}, 2047: {"title 2057", "xxxxxx"}, 2048: {"title 2058", ""}, 4999: {"title 5009", "xxxx"}},
			n:     5000,
		},
		{
			name:  "a column that is not text",
			query: `SELECT 'a' AS s, 42 AS n, NULL::DOUBLE AS d UNION ALL SELECT NULL, 7, 1.5 ORDER BY n DESC`,
			want:  map[int][]string{0: {"a", "42", ""}, 1: {"", "7", "1.5"}},
			n:     2,
		},
		{
			name:  "no rows",
			query: `SELECT 'a' AS s WHERE false`,
			n:     0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := db.DistinctRows(ctx, tt.query, tt.args...)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.n {
				t.Fatalf("%d rows, want %d", len(got), tt.n)
			}
			for i, w := range tt.want {
				if !reflect.DeepEqual(got[i], w) {
					t.Errorf("row %d = %q, want %q", i, got[i], w)
				}
			}
			// the same rows as database/sql gives, one value at a time
			scanned, err := db.scanTextRows(ctx, tt.query, tt.args...)
			if err != nil {
				t.Fatal(err)
			}
			if len(scanned) != len(got) || (len(got) > 0 && !reflect.DeepEqual(scanned, got)) {
				t.Errorf("DistinctRows and scanTextRows differ")
			}
		})
	}
}

func TestDistinctRowsNamesTheQueryOnError(t *testing.T) {
	db := openTestDB(t, Options{})
	_, err := db.DistinctRows(context.Background(), "SELECT x FROM no_such_table")
	if err == nil || !strings.HasPrefix(err.Error(), "SELECT x FROM no_such_table: ") {
		t.Fatalf("error %v, want it to begin with the query", err)
	}
}

// A typed table takes its values as text: each is cast to its column's
// type as it is stored, an empty string is NULL, and text that is not of
// the type fails the load, naming the table.
func TestReplaceTypedTableCastsTextAsItIsStored(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t, Options{})
	cols := []string{"key", "amount", "flag"}
	if err := db.ReplaceTypedTable(ctx, "typed", cols, map[string]string{"amount": "DOUBLE", "flag": "BOOLEAN"}); err != nil {
		t.Fatal(err)
	}
	rows := [][]string{{"a", "85000.5", "true"}, {"b", "", "false"}, {"c", "1e-3", ""}}
	if err := db.AppendStringRows(ctx, "typed", cols, rows); err != nil {
		t.Fatal(err)
	}
	var types string
	if err := db.QueryRow(ctx, `SELECT string_agg(data_type, ',' ORDER BY column_index) FROM duckdb_columns() WHERE table_name = 'typed'`).Scan(&types); err != nil {
		t.Fatal(err)
	}
	if types != "VARCHAR,DOUBLE,BOOLEAN" {
		t.Errorf("column types %s, want VARCHAR,DOUBLE,BOOLEAN", types)
	}
	var sum float64
	var nulls, flags int
	err := db.QueryRow(ctx, `SELECT sum(amount), count(*) FILTER (WHERE amount IS NULL) + count(*) FILTER (WHERE flag IS NULL),
		count(*) FILTER (WHERE flag) FROM typed`).Scan(&sum, &nulls, &flags)
	if err != nil {
		t.Fatal(err)
	}
	if sum != 85000.501 || nulls != 2 || flags != 1 {
		t.Errorf("sum %v, NULLs %d, true flags %d; want 85000.501, 2, 1", sum, nulls, flags)
	}
	err = db.AppendStringRows(ctx, "typed", cols, [][]string{{"d", "about 40k", "true"}})
	if err == nil || !strings.Contains(err.Error(), "typed") {
		t.Errorf("text that is no number: error %v, want one naming the table", err)
	}
}
