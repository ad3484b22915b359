package normalize

import (
	"bytes"
	"hash/maphash"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
)

// literalIndex finds the first entry whose title reads as a given text,
// lower-cased with its spaces collapsed, under a given code (appendLiteralKey).
//
// Its first lookups scan the entries: `rates`, `cite` and `check` given a
// title make one, and building the map below was half of decoding a stored
// index (26 of 56 ms). Past literalScanLookups it builds the map, keyed by a
// 64-bit hash of the text rather than the text (76,000 string keys were
// 97,000 allocations of a decode). A hit is confirmed against the entry's
// own text, so a hash collision never gives a wrong entry; a text whose hash
// another text already holds goes to a small exact map.
type literalIndex struct {
	entries  []TitleEntry
	hash     func(key []byte) uint64
	scans    atomic.Int32 // lookups left to answer by scanning
	build    sync.Once
	byHash   map[uint64]int32 // hash of the key → entry + 1
	collided map[string]int32 // key → entry + 1, for keys whose hash another key holds
}

// literalScanLookups is how many lookups scan before the map is built: a
// whole scan of the 76,000 reference titles takes 0.6 ms, building the map
// 31-36 ms (BenchmarkLiteralIndex), and the normalize stage's title map
// makes hundreds of thousands of lookups.
const literalScanLookups = 64

// newLiteralIndex indexes entries, answering the first scans lookups by
// scanning. hash is nil for maphash with a fresh seed (the index lives in
// one process; nothing hashed is stored).
func newLiteralIndex(entries []TitleEntry, hash func([]byte) uint64, scans int32) *literalIndex {
	if hash == nil {
		seed := maphash.MakeSeed()
		hash = func(b []byte) uint64 { return maphash.Bytes(seed, b) }
	}
	li := &literalIndex{entries: entries, hash: hash}
	li.scans.Store(scans)
	return li
}

// buildMap fills byHash and collided; where several entries share a key,
// the first is kept.
func (li *literalIndex) buildMap() {
	li.byHash = make(map[uint64]int32, len(li.entries))
	var key, held []byte
	// backwards, so the first entry with a key is the one left
	for i := len(li.entries) - 1; i >= 0; i-- {
		key = appendLiteralKey(key[:0], li.entries[i].Title, li.entries[i].Code)
		h := li.hash(key)
		if j, ok := li.byHash[h]; ok {
			held = appendLiteralKey(held[:0], li.entries[j-1].Title, li.entries[j-1].Code)
			if !bytes.Equal(held, key) {
				if li.collided == nil {
					li.collided = map[string]int32{}
				}
				li.collided[string(key)] = int32(i + 1)
				continue
			}
		}
		li.byHash[h] = int32(i + 1)
	}
}

// lookup returns the index of the first entry whose key is title's under
// code, and whether there is one. It is safe for concurrent use.
func (li *literalIndex) lookup(title, code string) (int, bool) {
	key := appendLiteralKey(nil, title, code)
	// Load first: once the scans are spent the count stays at zero
	if li.scans.Load() > 0 && li.scans.Add(-1) >= 0 {
		return li.scan(key, code)
	}
	li.build.Do(li.buildMap)
	if i, ok := li.collided[string(key)]; ok {
		return int(i - 1), true
	}
	i := li.byHash[li.hash(key)]
	if i == 0 {
		return 0, false
	}
	e := li.entries[i-1]
	if !bytes.Equal(appendLiteralKey(nil, e.Title, e.Code), key) {
		return 0, false // another text with the same hash
	}
	return int(i - 1), true
}

// scan finds key among the entries of code, in entry order.
func (li *literalIndex) scan(key []byte, code string) (int, bool) {
	var buf []byte
	for i, e := range li.entries {
		if e.Code != code {
			continue
		}
		buf = appendLiteralKey(buf[:0], e.Title, e.Code)
		if bytes.Equal(buf, key) {
			return i, true
		}
	}
	return 0, false
}

// appendLiteralKey appends the text an entry is looked up by to b: the
// title lower-cased with its runs of space collapsed to one, a NUL, and the
// code.
func appendLiteralKey(b []byte, title, code string) []byte {
	for i := 0; i < len(title); i++ {
		if title[i] >= utf8.RuneSelf {
			b = append(b, strings.ToLower(strings.Join(strings.Fields(title), " "))...)
			b = append(b, 0)
			return append(b, code...)
		}
	}
	// ASCII (nearly every title): the same key in one pass, with no
	// allocation once b has room
	start := len(b)
	space := false
	for i := 0; i < len(title); i++ {
		c := title[i]
		switch {
		case c == ' ' || c >= '\t' && c <= '\r':
			space = len(b) > start
			continue
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		}
		if space {
			b = append(b, ' ')
			space = false
		}
		b = append(b, c)
	}
	b = append(b, 0)
	return append(b, code...)
}
