package normalize

import (
	"sync"
	"testing"
)

// The literal index answers as a map keyed by literalKey does (the first
// entry with a key), whether it scans or uses its map, and whatever its
// hash: the real one, and hashes that make keys collide, down to a single
// bucket.
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
	lengthOnly := func(b []byte) uint64 { return uint64(len(b)) }
	cases := []struct {
		name      string
		hash      func([]byte) uint64
		scans     int32
		collision bool // some keys must land in the exact map
	}{
		{"map, maphash", nil, 0, false},
		{"map, length only", lengthOnly, 0, true},
		{"map, one bucket", func([]byte) uint64 { return 7 }, 0, true},
		{"scans only", lengthOnly, int32(len(queries)), false},
		{"scans, then the map", nil, literalScanLookups, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			li := newLiteralIndex(entries, c.hash, c.scans)
			for n, q := range queries {
				want, wantOK := exact[literalKey(q.title, q.code)]
				got, ok := li.lookup(q.title, q.code)
				if ok != wantOK || (ok && got != want) {
					t.Fatalf("lookup %d (%q, %s) = %d %v, want %d %v", n, q.title, q.code, got, ok, want, wantOK)
				}
			}
			if built := li.byHash != nil; built != (int(c.scans) < len(queries)) {
				t.Errorf("map built: %v after %d lookups, %d of them scans", built, len(queries), c.scans)
			}
			if got := len(li.collided) > 0; got != c.collision {
				t.Errorf("keys in the exact map: %v, want %v", got, c.collision)
			}
		})
	}
}

// Lookups from many goroutines, as MatchTitles makes them, across the
// switch from scanning to the map.
func TestLiteralIndexConcurrentLookups(t *testing.T) {
	entries := loadTitleRefs(t).entries
	li := newLiteralIndex(entries, nil, 8)
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := g; i < len(entries); i += 997 {
				if j, ok := li.lookup(entries[i].Title, entries[i].Code); !ok || literalKey(entries[j].Title, entries[j].Code) != literalKey(entries[i].Title, entries[i].Code) || j > i {
					errs <- entries[i].Title
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for title := range errs {
		t.Errorf("%q: not found as itself or an earlier entry with its text", title)
	}
}

// BenchmarkLiteralIndex times over the real reference titles what a lookup
// by title costs (a scan) against building the map, as the normalize
// stage's title map does once its scans are spent.
func BenchmarkLiteralIndex(b *testing.B) {
	entries := loadTitleRefs(b).entries
	// the whole list, as for a title no entry spells
	b.Run("scan", func(b *testing.B) {
		b.ReportAllocs()
		li := newLiteralIndex(entries, nil, 0)
		key := appendLiteralKey(nil, "no such medical technologist", "29-2011")
		for b.Loop() {
			if _, ok := li.scan(key, "29-2011"); ok {
				b.Fatal("found a title no entry has")
			}
		}
	})
	b.Run("map", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			newLiteralIndex(entries, nil, 0).buildMap()
		}
	})
}

// literalKey is appendLiteralKey as a string, for comparing keys in tests.
func literalKey(title, code string) string {
	return string(appendLiteralKey(nil, title, code))
}
