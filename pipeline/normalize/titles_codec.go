package normalize

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
)

// titleIndexMagic starts an encoded TitleIndex; the digit is the format.
const titleIndexMagic = "wagescope title index 1\n"

// MarshalBinary encodes the index: its codes, entries, tokens with the
// number of titles each heads, the variants' words and the displayed
// entries. What follows from those (token counts, weights, lookups, flags)
// is left out. Building the index parses every reference title (about
// 0.8 s for 76,000 titles); decoding it does not.
func (ix *TitleIndex) MarshalBinary() ([]byte, error) {
	w := titleWriter{buf: []byte(titleIndexMagic)}
	w.uint(len(ix.codes))
	for _, c := range ix.codes {
		w.string(c)
	}
	// sources are a handful of names: each entry refers to one by number
	var sources []string
	sourceIDs := map[string]int{}
	for _, e := range ix.entries {
		if _, ok := sourceIDs[e.Source]; !ok {
			sourceIDs[e.Source] = len(sources)
			sources = append(sources, e.Source)
		}
	}
	w.uint(len(sources))
	for _, s := range sources {
		w.string(s)
	}
	w.uint(len(ix.entries))
	for _, e := range ix.entries {
		code, ok := ix.codeIDs[e.Code]
		if !ok {
			return nil, fmt.Errorf("title index: entry %q has code %q outside the index", e.Title, e.Code)
		}
		w.uint(int(code))
		w.string(e.Title)
		w.uint(sourceIDs[e.Source])
		w.float(e.Weight)
	}
	w.uint(len(ix.tokens))
	for i, t := range ix.tokens {
		w.string(t)
		w.uint(int(ix.headCount[i]))
	}
	w.uint(len(ix.variants))
	for _, v := range ix.variants {
		w.uint(int(v.entry))
		w.ids(v.toks)
		w.ids(v.heads)
	}
	w.ids(ix.display)
	return w.buf, nil
}

// UnmarshalBinary decodes an index MarshalBinary encoded. Every id is
// checked against its table, so a damaged or foreign blob is an error, not
// a panic later.
func (ix *TitleIndex) UnmarshalBinary(data []byte) error {
	if len(data) < len(titleIndexMagic) || string(data[:len(titleIndexMagic)]) != titleIndexMagic {
		return errors.New("title index: not an encoded title index of this format")
	}
	// One string for the whole blob: every title and token is a slice of
	// it, not an allocation of its own.
	r := titleReader{b: data, s: string(data), off: len(titleIndexMagic)}
	*ix = TitleIndex{}
	nc := r.count(1)
	ix.codes = make([]string, nc)
	ix.codeIDs = make(map[string]int32, nc)
	for i := range ix.codes {
		ix.codes[i] = r.string()
		ix.codeIDs[ix.codes[i]] = int32(i)
	}
	sources := make([]string, r.count(1))
	for i := range sources {
		sources[i] = r.string()
	}
	ix.entries = make([]TitleEntry, r.count(11))
	for i := range ix.entries {
		code, title, source, weight := r.id(nc), r.string(), r.id(len(sources)), r.float()
		if r.err != nil {
			break // the ids are not valid to index with
		}
		ix.entries[i] = TitleEntry{Code: ix.codes[code], Title: title, Source: sources[source], Weight: weight}
	}
	// derive finds each code's first entry: every code needs one
	if r.err == nil {
		seen := make([]bool, nc)
		for _, e := range ix.entries {
			seen[ix.codeIDs[e.Code]] = true
		}
		if len(ix.codeIDs) != nc {
			r.fail("a code listed twice")
		} else if i := slices.Index(seen, false); i >= 0 {
			r.fail(fmt.Sprintf("code %s has no entry", ix.codes[i]))
		}
	}
	nt := r.count(2)
	ix.tokens = make([]string, nt)
	ix.headCount = make([]int32, nt)
	ix.vocab = make(map[string]int32, nt)
	for i := range ix.tokens {
		ix.tokens[i] = r.string()
		ix.headCount[i] = int32(r.uint())
		ix.vocab[ix.tokens[i]] = int32(i)
	}
	ix.variants = make([]titleVariant, r.count(3))
	// the variants' word lists share one array (each capped to its own
	// part), not an allocation each; a token's count is the variants
	// holding it
	var ids []int32
	ix.df = make([]int32, nt)
	for i := range ix.variants {
		v := titleVariant{entry: r.id(len(ix.entries))}
		v.toks, ids = r.ids(nt, ids)
		v.heads, ids = r.ids(nt, ids)
		for _, t := range v.toks {
			ix.df[t]++
		}
		ix.variants[i] = v
	}
	ix.display, _ = r.ids(len(ix.entries), nil)
	if r.err == nil && r.off != len(r.s) {
		r.err = fmt.Errorf("%d bytes after the end", len(r.s)-r.off)
	}
	if r.err != nil {
		*ix = TitleIndex{}
		return fmt.Errorf("title index: %w", r.err)
	}
	ix.derive()
	return nil
}

type titleWriter struct{ buf []byte }

func (w *titleWriter) uint(n int) { w.buf = binary.AppendUvarint(w.buf, uint64(n)) }
func (w *titleWriter) float(f float64) {
	w.buf = binary.LittleEndian.AppendUint64(w.buf, math.Float64bits(f))
}
func (w *titleWriter) string(s string) { w.uint(len(s)); w.buf = append(w.buf, s...) }
func (w *titleWriter) ids(ids []int32) {
	w.uint(len(ids))
	for _, id := range ids {
		w.uint(int(id))
	}
}

// titleReader decodes what titleWriter wrote; after the first error it
// returns zero values and keeps the error. b and s hold the same bytes:
// numbers are read from b, texts sliced from s.
type titleReader struct {
	b   []byte
	s   string
	off int
	err error
}

func (r *titleReader) fail(what string) {
	if r.err == nil {
		r.err = fmt.Errorf("%s at byte %d", what, r.off)
	}
}

func (r *titleReader) uint() uint64 {
	if r.err != nil {
		return 0
	}
	n, size := binary.Uvarint(r.b[r.off:])
	if size <= 0 {
		r.fail("truncated or overlong number")
		return 0
	}
	r.off += size
	return n
}

// count reads a length whose items take at least minBytes each, so a
// damaged length cannot make it allocate more than the blob could hold.
func (r *titleReader) count(minBytes int) int {
	n := r.uint()
	if n > uint64((len(r.s)-r.off)/minBytes) {
		r.fail(fmt.Sprintf("count %d too large", n))
		return 0
	}
	return int(n)
}

func (r *titleReader) id(limit int) int32 {
	n := r.uint()
	if n >= uint64(limit) {
		r.fail(fmt.Sprintf("id %d out of range (%d)", n, limit))
		return 0
	}
	return int32(n)
}

// ids reads a list of ids into the free space of buf (a new array when it
// runs out) and returns the list and what is left of buf.
func (r *titleReader) ids(limit int, buf []int32) (list, rest []int32) {
	n := r.count(1)
	if n == 0 {
		return nil, buf
	}
	if cap(buf)-len(buf) < n {
		buf = make([]int32, 0, max(n, 1<<16))
	}
	start := len(buf)
	for range n {
		buf = append(buf, r.id(limit))
	}
	return buf[start:len(buf):len(buf)], buf
}

func (r *titleReader) float() float64 {
	if r.err != nil || len(r.s)-r.off < 8 {
		r.fail("truncated number")
		return 0
	}
	f := math.Float64frombits(binary.LittleEndian.Uint64(r.b[r.off:]))
	r.off += 8
	return f
}

func (r *titleReader) string() string {
	n := r.count(1)
	if r.err != nil {
		return ""
	}
	s := r.s[r.off : r.off+n]
	r.off += n
	return s
}
