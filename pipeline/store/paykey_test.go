package store

import (
	"context"
	"path/filepath"
	"testing"
)

// posting_pay_key (queries/schema/030_maps.sql) is the pay map's only key:
// two different raw tuples must never share it, whatever text moves
// between fields and whether a field is NULL or empty.
func TestPostingPayKeyTellsTuplesApart(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "t.duckdb"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.RunDir(ctx, "schema"); err != nil {
		t.Fatal(err)
	}
	key := func(fields ...any) string {
		t.Helper()
		var k string
		err := db.QueryRow(ctx, `SELECT CAST(posting_pay_key(?::VARCHAR, ?::VARCHAR, ?::VARCHAR, ?::VARCHAR, ?::VARCHAR, ?::VARCHAR, ?::VARCHAR) AS VARCHAR)`,
			fields...).Scan(&k)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	base := []any{"50000", "70000", nil, "year", nil, "USD", "USD"}
	tests := []struct {
		name  string
		other []any
	}{
		{"NULL against empty", []any{"50000", "70000", "", "year", nil, "USD", "USD"}},
		{"text moved to the next field", []any{"5000", "070000", nil, "year", nil, "USD", "USD"}},
		{"separator inside a field", []any{"50000|4:7000", "0", nil, "year", nil, "USD", "USD"}},
		{"fields swapped", []any{"70000", "50000", nil, "year", nil, "USD", "USD"}},
		{"default currency only", []any{"50000", "70000", nil, "year", nil, "USD", "CAD"}},
	}
	want := key(base...)
	if again := key(base...); again != want {
		t.Fatalf("the same tuple gave two keys: %s and %s", want, again)
	}
	for _, tc := range tests {
		if got := key(tc.other...); got == want {
			t.Errorf("%s: %v has the key of %v (%s)", tc.name, tc.other, base, got)
		}
	}
}
