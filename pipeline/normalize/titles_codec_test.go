package normalize

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// indexFields are a TitleIndex's fields without its pool and cache; the
// literal index (hashed with a per-process seed) as what it answers for
// every entry's title.
func indexFields(ix *TitleIndex) []any {
	return []any{ix.entries, ix.codes, ix.variants, ix.vocab, ix.tokens, ix.idf, ix.df, ix.isHead, ix.headCount,
		ix.generic, ix.postings, ix.byFirst, ix.codeIDs, ix.codeFirstEntry, literalAnswers(ix), ix.display, ix.scoring}
}

func literalAnswers(ix *TitleIndex) []int {
	out := make([]int, len(ix.entries))
	for i, e := range ix.entries {
		j, ok := ix.literal.lookup(e.Title, e.Code)
		if !ok {
			j = -1
		}
		out[i] = j
	}
	return out
}

// TestTitleIndexRoundTrip encodes the index over the real reference titles
// and decodes it: the same tables, field by field, and the same answers
// for every labeled title.
func TestTitleIndexRoundTrip(t *testing.T) {
	refs := loadTitleRefs(t)
	blob, err := refs.index.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var got TitleIndex
	if err := got.UnmarshalBinary(blob); err != nil {
		t.Fatal(err)
	}
	want := indexFields(refs.index)
	for i, f := range indexFields(&got) {
		if !reflect.DeepEqual(f, want[i]) {
			t.Errorf("field %d of the decoded index differs", i)
		}
	}
	if len(got.entries) < 50_000 || len(got.tokens) < 10_000 {
		t.Errorf("decoded %d entries and %d tokens, want the real reference lists", len(got.entries), len(got.tokens))
	}
	for _, lt := range readLabeledTitles(t) {
		if a, b := got.Match(lt.title), refs.index.Match(lt.title); a != b {
			t.Errorf("%q: decoded index matched %+v, built index %+v", lt.title, a, b)
		}
	}
	// the recruiters' example, as the built index answers it
	if m := got.Match("medical technologist"); m.Code != "29-2011" || m.Method != "exact:synonym" {
		t.Errorf("medical technologist: %+v", m)
	}
}

func TestTitleIndexDecodeRejectsDamage(t *testing.T) {
	blob, err := NewTitleIndex(testTitleEntries).MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var ok TitleIndex
	if err := ok.UnmarshalBinary(blob); err != nil {
		t.Fatalf("intact blob: %v", err)
	}
	cases := []struct {
		name string
		blob []byte
		want string
	}{
		{"empty", nil, "not an encoded title index"},
		{"other format", []byte(strings.Replace(string(blob), "index 1", "index 9", 1)), "not an encoded title index"},
		{"truncated", blob[:len(blob)-3], "title index:"},
		{"trailing bytes", append(append([]byte{}, blob...), 0), "bytes after the end"},
		{"huge count", append([]byte(titleIndexMagic), 0xff, 0xff, 0xff, 0xff, 0x0f), "too large"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var ix TitleIndex
			err := ix.UnmarshalBinary(c.blob)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one containing %q", err, c.want)
			}
			if m := ix.Match("Medical Technologist"); m.Code != "" {
				t.Errorf("a failed decode left a usable index: %+v", m)
			}
		})
	}
}

// BenchmarkTitleIndex compares building the index over the real reference
// titles with decoding it, which is what the query commands do.
func BenchmarkTitleIndex(b *testing.B) {
	refs := loadTitleRefs(b)
	blob, err := refs.index.MarshalBinary()
	if err != nil {
		b.Fatal(err)
	}
	b.Run("build", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			NewTitleIndex(refs.entries)
		}
	})
	b.Run("decode", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(blob)))
		for b.Loop() {
			var ix TitleIndex
			if err := ix.UnmarshalBinary(blob); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func TestLiteralKeyMatchesFieldsLower(t *testing.T) {
	for _, title := range []string{
		"Medical Technologist", "  MEDICAL\ttechnologist \n", "MT (ASCP)", "", "   ", "a\v\fb\rc",
		"Técnico de Laboratorio", "Straße\u00a0Manager", "ǅ digraph", "Lab Tech II",
	} {
		want := strings.ToLower(strings.Join(strings.Fields(title), " ")) + "\x00" + "29-2011"
		if got := literalKey(title, "29-2011"); got != want {
			t.Errorf("literalKey(%q) = %q, want %q", title, got, want)
		}
	}
}

// TestTitleIndexDecodeNeverPanics flips bytes all over an encoded index and
// cuts it short at many lengths: each blob decodes to an index that answers
// or fails with an error, never a panic.
func TestTitleIndexDecodeNeverPanics(t *testing.T) {
	blob, err := NewTitleIndex(testTitleEntries).MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	try := func(name string, b []byte) {
		defer func() {
			if p := recover(); p != nil {
				t.Fatalf("%s: panic %v", name, p)
			}
		}()
		var ix TitleIndex
		if ix.UnmarshalBinary(b) == nil {
			ix.Match("Senior Medical Technologist")
			ix.Rank("lab tech", 3)
		}
	}
	for n := 0; n < len(blob); n++ {
		try(fmt.Sprintf("cut at %d", n), blob[:n])
	}
	for i := len(titleIndexMagic); i < len(blob); i++ {
		for _, v := range []byte{0x00, 0x01, 0x7f, 0x80, 0xff} {
			b := append([]byte{}, blob...)
			b[i] = v
			try(fmt.Sprintf("byte %d = %#x", i, v), b)
		}
	}
}
