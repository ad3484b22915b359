package normalize

import "testing"

// The literal index answers as a map keyed by literalKey does (the first
// entry with a key), whatever its hash: with the real one, and with hashes
// that make keys collide, down to a single bucket.
func TestLiteralIndexAnswersAsAnExactMap(t *testing.T) {
	entries := loadTitleRefs(t).entries
	if len(entries) < 50_000 {
		t.Fatalf("%d reference titles, want the real lists", len(entries))
	}
	exact := map[string]int{}
	for i := len(entries) - 1; i >= 0; i-- {
		exact[literalKey(entries[i].Title, entries[i].Code)] = i
	}
	type query struct{ title, code string }
	queries := []query{
		{"MEDICAL  technologist", "29-2011"}, {"medical technologist", "29-2012"}, {"Phlebotomist", "31-9097"},
		{"no such title anywhere", "29-2011"}, {"", "29-2011"}, {"Técnico de Laboratorio", "29-2012"},
	}
	for i := 0; i < len(entries); i += 97 {
		queries = append(queries, query{entries[i].Title, entries[i].Code}, query{entries[i].Title + " x", entries[i].Code})
	}
	cases := []struct {
		name      string
		hash      func([]byte) uint64
		collision bool // some keys must land in the exact map
	}{
		{"maphash", nil, false},
		{"length only", func(b []byte) uint64 { return uint64(len(b)) }, true},
		{"one bucket", func([]byte) uint64 { return 7 }, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			li := newLiteralIndex(entries, c.hash)
			if got := len(li.collided) > 0; got != c.collision {
				t.Errorf("keys in the exact map: %v, want %v", got, c.collision)
			}
			for _, q := range queries {
				want, wantOK := exact[literalKey(q.title, q.code)]
				got, ok := li.lookup(entries, q.title, q.code)
				if ok != wantOK || (ok && got != want) {
					t.Fatalf("lookup(%q, %s) = %d %v, want %d %v", q.title, q.code, got, ok, want, wantOK)
				}
			}
		})
	}
}

// BenchmarkLiteralIndex builds the literal index over the real reference
// titles, as every decode of a stored index does.
func BenchmarkLiteralIndex(b *testing.B) {
	entries := loadTitleRefs(b).entries
	b.ReportAllocs()
	for b.Loop() {
		_ = newLiteralIndex(entries, nil)
	}
}
