package normalize

import (
	"bytes"
	"hash/maphash"
	"strings"
	"unicode/utf8"
)

// literalIndex finds the entry whose title reads as a given text, lower-cased
// with its spaces collapsed, under a given code (literalKey). It keys a map
// by a 64-bit hash of that text rather than by the text: decoding a stored
// index builds it for every entry, and allocating and hashing 76,000 string
// keys was half of the decode. A hit is confirmed against the entry's own
// text, so a hash collision never gives a wrong entry; a text whose hash
// another text already holds goes to a small exact map.
type literalIndex struct {
	hash     func(key []byte) uint64
	byHash   map[uint64]int32 // hash of the key → entry + 1
	collided map[string]int32 // key → entry + 1, for keys whose hash another key holds
}

// newLiteralIndex indexes entries; where several share a key, the first.
// hash is nil for maphash with a fresh seed (the index lives in one process;
// nothing hashed is stored).
func newLiteralIndex(entries []TitleEntry, hash func([]byte) uint64) literalIndex {
	if hash == nil {
		seed := maphash.MakeSeed()
		hash = func(b []byte) uint64 { return maphash.Bytes(seed, b) }
	}
	li := literalIndex{hash: hash, byHash: make(map[uint64]int32, len(entries))}
	var key, held []byte
	// backwards, so the first entry with a key is the one left
	for i := len(entries) - 1; i >= 0; i-- {
		key = appendLiteralKey(key[:0], entries[i].Title, entries[i].Code)
		h := li.hash(key)
		if j, ok := li.byHash[h]; ok {
			held = appendLiteralKey(held[:0], entries[j-1].Title, entries[j-1].Code)
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
	return li
}

// lookup returns the index of the first entry whose key is title's under
// code, and whether there is one.
func (li *literalIndex) lookup(entries []TitleEntry, title, code string) (int, bool) {
	key := appendLiteralKey(nil, title, code)
	if i, ok := li.collided[string(key)]; ok {
		return int(i - 1), true
	}
	i := li.byHash[li.hash(key)]
	if i == 0 {
		return 0, false
	}
	e := entries[i-1]
	if !bytes.Equal(appendLiteralKey(nil, e.Title, e.Code), key) {
		return 0, false // another text with the same hash
	}
	return int(i - 1), true
}

// literalKey is the text an entry is looked up by: the title lower-cased
// with its runs of space collapsed to one, a NUL, and the code.
func literalKey(title, code string) string {
	return string(appendLiteralKey(nil, title, code))
}

// appendLiteralKey appends literalKey(title, code) to b.
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
