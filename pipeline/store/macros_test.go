package store

import (
	"context"
	"fmt"
	"testing"
)

// posting_pay_key (queries/schema/030_maps.sql) is the pay map's only key:
// two different raw tuples must never share it, whatever text moves
// between fields and whether a field is NULL or empty.
func TestPostingPayKeyTellsTuplesApart(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t, Options{})
	if err := db.RunDir(ctx, "schema"); err != nil {
		t.Fatal(err)
	}
	key := func(fields ...any) string {
		t.Helper()
		var k string
		err := db.QueryRow(ctx, `SELECT posting_pay_key(?::VARCHAR, ?::VARCHAR, ?::VARCHAR, ?::VARCHAR, ?::VARCHAR, ?::VARCHAR, ?::VARCHAR)`,
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

// posting_key_field (queries/schema/030_maps.sql) writes each field of a
// duplicate key: joined with a separator, two rows that differ in any field
// must read differently, NULLs included (concat_ws skips a NULL, so without
// the length a value could slide into the field before it).
func TestPostingKeyFieldsTellRowsApart(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t, Options{})
	if err := db.RunDir(ctx, "schema"); err != nil {
		t.Fatal(err)
	}
	key := func(a, b any) string {
		t.Helper()
		var k string
		if err := db.QueryRow(ctx, `SELECT concat_ws('|', posting_key_field(?::VARCHAR), posting_key_field(?::VARCHAR))`, a, b).Scan(&k); err != nil {
			t.Fatal(err)
		}
		return k
	}
	tests := []struct {
		name string
		a, b [2]any
	}{
		{"a value before or after a NULL", [2]any{"50000", nil}, [2]any{nil, "50000"}},
		{"NULL against empty", [2]any{"", "x"}, [2]any{nil, "x"}},
		{"separator inside a field", [2]any{"a|b", "c"}, [2]any{"a", "b|c"}},
	}
	for _, tc := range tests {
		if ka, kb := key(tc.a[0], tc.a[1]), key(tc.b[0], tc.b[1]); ka == kb {
			t.Errorf("%s: %v and %v both read %q", tc.name, tc.a, tc.b, ka)
		}
	}
	if got := key("50000", nil); got != "5:50000|" {
		t.Errorf(`key("50000", NULL) = %q, want "5:50000|"`, got)
	}
}

// posting_duplicate_group (queries/staging/000_macros.sql) is the one key
// both of staging's statements group postings by: the fields the source's
// duplicate_key names decide, the others never do, and with no key every
// row is its own group.
func TestPostingDuplicateGroupFollowsTheSourcesKey(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t, Options{})
	if err := db.RunDir(ctx, "schema"); err != nil {
		t.Fatal(err)
	}
	if err := db.RunFiles(ctx, []string{"staging/000_macros.sql"}); err != nil {
		t.Fatal(err)
	}
	// a posting: source, file, line, id, title, employer, location, pay
	// min, max, point, period, text, experience, description md5
	type posting [14]any
	base := posting{"jobs", 1, 10, "A1", "Data Scientist", "Acme", "Austin, TX", "90000", "120000", nil, "year", nil, "mid", "d41d"}
	with := func(i int, v any) posting { p := base; p[i] = v; return p }
	group := func(key string, p posting) string {
		t.Helper()
		var g string
		args := append([]any{key, key}, p[:]...)
		err := db.QueryRow(ctx, `SELECT CAST(posting_duplicate_group(
				posting_key_fields(CASE WHEN ?::VARCHAR = '' THEN [] ELSE string_split(?::VARCHAR, ',') END),
				?::VARCHAR, ?::BIGINT, ?::BIGINT, ?::VARCHAR, ?::VARCHAR, ?::VARCHAR, ?::VARCHAR,
				?::VARCHAR, ?::VARCHAR, ?::VARCHAR, ?::VARCHAR, ?::VARCHAR, ?::VARCHAR, ?::VARCHAR) AS VARCHAR)`,
			args...).Scan(&g)
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	tests := []struct {
		name  string
		key   string
		other posting
		same  bool
	}{
		{"no key: another line", "", with(2, 11), false},
		{"no key: the same line", "", base, true},
		{"id key: another line of the same id", "id", with(2, 11), true},
		{"id key: another id", "id", with(3, "A2"), false},
		{"id key: another title", "id", with(4, "ML Engineer"), true},
		{"title key: the title in capitals", "title,employer", with(4, "DATA SCIENTIST"), true},
		{"title key: the employer in capitals", "title,employer", with(5, "ACME"), true},
		{"title key: another employer", "title,employer", with(5, "Globex"), false},
		{"pay key: no maximum", "title,pay_min,pay_max", with(8, nil), false},
		{"pay key: another description", "title,pay_min,pay_max", with(13, "e5f6"), true},
		{"description key: another description", "title,description", with(13, "e5f6"), false},
		{"another source", "id", with(0, "feed"), false},
	}
	for _, tc := range tests {
		a, b := group(tc.key, base), group(tc.key, tc.other)
		if (a == b) != tc.same {
			t.Errorf("%s: groups %s and %s, want the same: %v", tc.name, a, b, tc.same)
		}
	}
}

// posting_bucket_count (queries/marts/000_macros.sql) sizes the buckets of
// fct_wage_stats and fct_pay_premiums by DuckDB's memory_limit.
func TestPostingBucketCountFollowsMemoryLimit(t *testing.T) {
	tests := []struct {
		memoryLimit string
		postings    int64
		want        int
	}{
		{"2.5GB", 1_000_000, 8},   // never fewer than eight
		{"2.5GB", 8_500_000, 11},  // about 790,000 each ('2.3 GiB')
		{"2.5GB", 20_000_000, 26}, // the count grows with the postings
		{"6GB", 8_500_000, 8},     // about 1.89M each
		{"6GB", 20_000_000, 11},
		{"1GB", 8_500_000, 27}, // about 320,000 each
	}
	ctx := context.Background()
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%s/%d", tc.memoryLimit, tc.postings), func(t *testing.T) {
			db := openTestDB(t, Options{MemoryLimit: tc.memoryLimit})
			if err := db.RunFiles(ctx, []string{"marts/000_macros.sql"}); err != nil {
				t.Fatal(err)
			}
			var got int
			if err := db.QueryRow(ctx, "SELECT posting_bucket_count(?)", tc.postings).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("memory_limit %s, %d postings: %d buckets, want %d", tc.memoryLimit, tc.postings, got, tc.want)
			}
		})
	}
}
