package synth

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/wagescope/wagescope/pipeline"
	"github.com/wagescope/wagescope/pipeline/ingest"
)

// titleFiles are the real O*NET lists, in ../shared beside the repository
// (CI always has them; a missing file fails the tests).
var titleFiles = []string{
	"../../../shared/data/bls/crosswalks/onet/Alternate Titles.xlsx",
	"../../../shared/data/bls/crosswalks/onet/Sample of Reported Titles.xlsx",
}

// loadTitles reads the lists once per test binary (about a second).
var loadTitles = sync.OnceValues(func() ([]Title, error) {
	return LoadTitles(context.Background(), titleFiles...)
})

func testTitles(t *testing.T) []Title {
	t.Helper()
	ts, err := loadTitles()
	if err != nil {
		t.Fatalf("load the O*NET title lists from ../shared: %v", err)
	}
	return ts
}

func writeCSV(t *testing.T, opt Options) ([]byte, Stats) {
	t.Helper()
	var b bytes.Buffer
	st, err := WriteCSV(context.Background(), &b, opt)
	if err != nil {
		t.Fatal(err)
	}
	if st.Bytes != int64(b.Len()) {
		t.Errorf("Stats.Bytes %d, wrote %d", st.Bytes, b.Len())
	}
	return b.Bytes(), st
}

func writeParquet(t *testing.T, opt Options) ([]byte, Stats) {
	t.Helper()
	var b bytes.Buffer
	st, err := WriteParquet(context.Background(), &b, opt)
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), st
}

func sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// readRecords parses generated CSV the lenient way wagescope does (ragged
// records allowed, bare quotes kept) and returns the records after the
// header.
func readRecords(t *testing.T, body []byte) [][]string {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(body))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) == 0 || strings.Join(recs[0], ",") != strings.Join(Columns(), ",") {
		t.Fatalf("header %v", recs[:min(1, len(recs))])
	}
	return recs[1:]
}

func TestLoadTitles(t *testing.T) {
	ts := testTitles(t)
	if len(ts) < 50_000 {
		t.Errorf("%d titles, want the ~57,000 distinct titles of both lists", len(ts))
	}
	want := map[Title]bool{
		{Title: "Medical Technologist (MT)", Code: "29-2011.00"}:           true,
		{Title: "Clinical Laboratory Scientist (CLS)", Code: "29-2011.00"}: true,
		{Title: "Software Design Engineer", Code: "15-1252.00"}:            true,
	}
	for _, x := range ts {
		delete(want, x)
	}
	if len(want) > 0 {
		t.Errorf("missing titles %v", want)
	}
	if _, err := LoadTitles(context.Background(), "testdata/no-such-file.xlsx"); err == nil || !strings.Contains(err.Error(), "no-such-file.xlsx") {
		t.Errorf("missing file: err %v", err)
	}
	if _, err := LoadTitles(context.Background()); err == nil {
		t.Error("no files: no error")
	}
}

func TestDeterministic(t *testing.T) {
	ts := testTitles(t)
	base := Options{Rows: 5000, Seed: 1, Titles: ts}
	tests := []struct {
		name   string
		change func(*Options)
		same   bool
	}{
		{"same options", func(*Options) {}, true},
		{"one worker", func(o *Options) { o.Workers = 1 }, true},
		{"three workers", func(o *Options) { o.Workers = 3 }, true},
		{"other seed", func(o *Options) { o.Seed = 2 }, false},
	}
	csv0, _ := writeCSV(t, base)
	pq0, _ := writeParquet(t, base)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := base
			tt.change(&opt)
			csv1, _ := writeCSV(t, opt)
			pq1, _ := writeParquet(t, opt)
			if got := sum(csv1) == sum(csv0); got != tt.same {
				t.Errorf("CSV sha256 equal = %v, want %v", got, tt.same)
			}
			if got := sum(pq1) == sum(pq0); got != tt.same {
				t.Errorf("Parquet sha256 equal = %v, want %v", got, tt.same)
			}
		})
	}
	// Enough rows for high-cardinality columns to outgrow a 1 MiB
	// dictionary: arrow-go writes the encoding stats of a chunk that fell
	// back from dictionary to plain in map order, so such a file differs
	// from run to run (WriteParquet dictionary-encodes only small columns).
	large := Options{Rows: 150_000, Seed: 1, Titles: ts}
	first, _ := writeParquet(t, large)
	for range 3 {
		if again, _ := writeParquet(t, large); sum(again) != sum(first) {
			t.Fatal("150,000 rows: two Parquet runs differ")
		}
	}
	// A shorter run is a prefix of a longer one: row j depends on j alone.
	short, _ := writeCSV(t, Options{Rows: 1000, Seed: 1, Titles: ts})
	if !bytes.HasPrefix(csv0, short) {
		t.Error("the first 1,000 rows differ between a 1,000- and a 5,000-row run")
	}
}

func TestSharesAndIdentity(t *testing.T) {
	ts := testTitles(t)
	const rows = 20_000
	body, st := writeCSV(t, Options{Rows: rows, Seed: 1, Titles: ts})
	if st.Rows != rows {
		t.Fatalf("Stats.Rows %d", st.Rows)
	}
	if s := float64(st.Duplicates) / rows; s < 0.02 || s > 0.04 {
		t.Errorf("duplicate share %.4f, want 2–4%%", s)
	}
	if s := float64(st.BadRows) / rows; s < 0.005 || s > 0.015 {
		t.Errorf("bad share %.4f, want 0.5–1.5%%", s)
	}
	total := 0
	for kind, n := range st.Bad {
		if n == 0 {
			t.Errorf("no %s rows in %d", kind, rows)
		}
		total += n
	}
	if total != st.BadRows {
		t.Errorf("bad kinds sum to %d, BadRows %d", total, st.BadRows)
	}

	recs := readRecords(t, body)
	if len(recs) != rows {
		t.Fatalf("%d records, want %d", len(recs), rows)
	}
	labCodesSeen := map[string]bool{}
	labTitle := map[string]bool{}
	for _, x := range ts {
		if labCodes[x.SOC()] {
			labTitle[x.Title] = true
		}
	}
	first := map[string]string{} // posting_id → the record as first seen
	dups, lab := 0, 0
	prefix := "SYN-1-"
	for i, rec := range recs {
		id := rec[cID]
		line := strings.Join(rec, "\x1f")
		if prev, seen := first[id]; seen {
			dups++
			if prev != line {
				t.Fatalf("record %d repeats %s but differs:\n%q\n%q", i+1, id, prev, line)
			}
			continue
		}
		first[id] = line
		if want := prefix + strconv.Itoa(i+1); id != want {
			t.Fatalf("record %d: posting_id %q, want %q", i+1, id, want)
		}
		if len(rec) > cCompany && !strings.HasPrefix(rec[cCompany], "Synthetic ") {
			t.Errorf("record %d: company %q", i+1, rec[cCompany])
		}
		if len(rec) > cTitle && labTitle[rec[cTitle]] {
			lab++
			labCodesSeen[rec[cTitle]] = true
		}
	}
	if dups != st.Duplicates {
		t.Errorf("%d repeated posting_ids in the file, Stats.Duplicates %d", dups, st.Duplicates)
	}
	if s := float64(lab) / rows; s < 0.01 || s > 0.03 {
		t.Errorf("clinical laboratory share %.4f (%d rows), want about 2%%", s, lab)
	}
}

// titleChecker says whether a generated title is a dictionary title with
// the generator's noise: it strips shift, level and seniority affixes,
// folds case and abbreviations, and undoes one swap of adjacent letters.
type titleChecker struct{ dict map[string]bool }

func newTitleChecker(ts []Title) *titleChecker {
	c := &titleChecker{dict: map[string]bool{}}
	for _, x := range ts {
		c.dict[foldTitle(x.Title)] = true
	}
	return c
}

// foldTitle lower-cases s and replaces every word that has an
// abbreviation with it.
func foldTitle(s string) string {
	b := []byte(s)
	lowerASCII(b)
	var out strings.Builder
	for i := 0; i < len(b); {
		if !isLetter(b[i]) {
			out.WriteByte(b[i])
			i++
			continue
		}
		j := i
		for j < len(b) && isLetter(b[j]) {
			j++
		}
		if a, ok := abbreviations[string(b[i:j])]; ok {
			out.WriteString(strings.ToLower(a))
		} else {
			out.Write(b[i:j])
		}
		i = j
	}
	return out.String()
}

// exact reports whether title is a dictionary title, case aside.
func (c *titleChecker) exact(title string) bool { return c.dict[foldTitle(title)] }

func (c *titleChecker) derives(title string) bool {
	b := []byte(title)
	lowerASCII(b)
	cands := []string{string(b)}
	strip := func(f func(string) (string, bool)) {
		for _, s := range cands {
			if t, ok := f(s); ok {
				cands = append(cands, t)
			}
		}
	}
	strip(func(s string) (string, bool) {
		for _, sfx := range shiftSuffixes {
			if t, ok := strings.CutSuffix(s, strings.ToLower(sfx)); ok {
				return t, true
			}
		}
		return "", false
	})
	strip(func(s string) (string, bool) {
		for _, sfx := range levelSuffixes {
			if t, ok := strings.CutSuffix(s, strings.ToLower(sfx.s)); ok {
				return t, true
			}
		}
		return "", false
	})
	strip(func(s string) (string, bool) {
		for _, p := range seniorPrefixes {
			if t, ok := strings.CutPrefix(s, strings.ToLower(p.s)); ok {
				return t, true
			}
		}
		return "", false
	})
	for _, s := range cands {
		if c.dict[foldTitle(s)] {
			return true
		}
		for i := 0; i+1 < len(s); i++ {
			if isLetter(s[i]) && isLetter(s[i+1]) && s[i] != s[i+1] {
				sw := []byte(s)
				sw[i], sw[i+1] = sw[i+1], sw[i]
				if c.dict[foldTitle(string(sw))] {
					return true
				}
			}
		}
	}
	return false
}

func TestTitlesComeFromTheDictionary(t *testing.T) {
	ts := testTitles(t)
	check := newTitleChecker(ts)
	for _, tt := range []struct {
		title string
		want  bool
	}{
		{"Medical Technologist", true},
		{"SR. MED TECH - NIGHT SHIFT", true},
		{"Medical Tcehnologist III (Remote)", true},
		{"Chief Synthetic Officer", false},
		{"Medical Technologist V", false},
	} {
		if got := check.derives(tt.title); got != tt.want {
			t.Errorf("checker: derives(%q) = %v, want %v", tt.title, got, tt.want)
		}
	}

	body, st := writeCSV(t, Options{Rows: 20_000, Seed: 3, Titles: ts})
	exact, checked, empty := 0, 0, 0
	affixes := map[string]int{}
	for i, rec := range readRecords(t, body) {
		if len(rec) != len(columns) {
			continue // ragged: checked in TestCSVIngestsWithThePreset
		}
		title := rec[cTitle]
		if title == "" {
			empty++
			continue
		}
		checked++
		if check.exact(title) {
			exact++
		} else if !check.derives(title) {
			t.Errorf("record %d: title %q does not derive from a dictionary title", i+1, title)
		}
		switch {
		case strings.HasSuffix(title, " - Night Shift"):
			affixes["night shift"]++
		case strings.HasPrefix(title, "Sr. "):
			affixes["Sr."]++
		case strings.HasSuffix(title, " III"):
			affixes["III"]++
		case title == strings.ToUpper(title):
			affixes["upper case"]++
		}
	}
	if empty != st.Bad["empty_title"] {
		t.Errorf("%d empty titles, Stats.Bad[empty_title] %d", empty, st.Bad["empty_title"])
	}
	if s := float64(exact) / float64(checked); s < 0.6 || s > 0.9 {
		t.Errorf("%.3f of titles are dictionary titles as listed, want 0.6–0.9 (the rest have noise)", s)
	}
	for _, k := range []string{"night shift", "Sr.", "III", "upper case"} {
		if affixes[k] == 0 {
			t.Errorf("no %s titles in %d", k, checked)
		}
	}
}

// rowSink keeps what IngestPostings loads.
type rowSink struct {
	rows    []map[string]string
	rejects []map[string]string
}

func (s *rowSink) Load(_ context.Context, table string, rec arrow.RecordBatch) error {
	for r := 0; r < int(rec.NumRows()); r++ {
		row := map[string]string{}
		for c := 0; c < int(rec.NumCols()); c++ {
			switch col := rec.Column(c).(type) {
			case *array.String:
				if col.IsValid(r) {
					row[rec.ColumnName(c)] = col.Value(r)
				}
			case *array.Int64:
				row[rec.ColumnName(c)] = strconv.FormatInt(col.Value(r), 10)
			}
		}
		if table == "rejects" {
			s.rejects = append(s.rejects, row)
		} else {
			s.rows = append(s.rows, row)
		}
	}
	return nil
}

// presetMapping builds the mapping pipeline builds from a preset (its
// columns, constants, empty values and format, and country as a constant
// when no column holds it).
func presetMapping(t testing.TB, name string) ingest.PostingMapping {
	t.Helper()
	p, err := pipeline.LoadPreset(name)
	if err != nil {
		t.Fatal(err)
	}
	m := ingest.PostingMapping{Columns: p.Columns, Constants: map[string]string{}, EmptyValues: p.EmptyValues, Format: p.Format}
	for k, v := range p.Constants {
		m.Constants[k] = v
	}
	if _, mapped := m.Columns["country"]; p.Country != "" && !mapped {
		m.Constants["country"] = p.Country
	}
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestCSVIngestsWithThePreset(t *testing.T) {
	ts := testTitles(t)
	const rows = 20_000
	body, st := writeCSV(t, Options{Rows: rows, Seed: 1, Titles: ts})
	path := filepath.Join(t.TempDir(), FileName(rows, FormatCSV))
	if err := os.WriteFile(path, body, 0o644); err != nil {
		t.Fatal(err)
	}
	m := presetMapping(t, "synthetic")
	sink := &rowSink{}
	res, err := ingest.IngestPostings(context.Background(), ingest.Source{Name: "synthetic", Path: path, FileID: 1, Postings: &m}, sink)
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows+res.Rejected != rows {
		t.Errorf("rows %d + rejects %d = %d, generated %d", res.Rows, res.Rejected, res.Rows+res.Rejected, rows)
	}
	ragged := st.Bad["ragged_short"] + st.Bad["ragged_long"]
	if want := ragged + st.Bad["empty_title"]; res.Rejected != want {
		t.Errorf("rejects %d, want %d ragged + %d empty titles", res.Rejected, ragged, st.Bad["empty_title"])
	}

	// The ragged records, found by field count, are exactly the ragged rejects.
	wantLines := map[string]bool{}
	for i, rec := range readRecords(t, body) {
		if len(rec) != len(columns) {
			wantLines[strconv.Itoa(i+2)] = true // line 1 is the header
		}
	}
	if len(wantLines) != ragged {
		t.Errorf("%d ragged records in the file, Stats says %d", len(wantLines), ragged)
	}
	gotRagged := 0
	for _, r := range sink.rejects {
		if !strings.HasPrefix(r["reason"], "ragged row") {
			if r["reason"] != "empty title" {
				t.Errorf("unexpected reject %v", r)
			}
			continue
		}
		gotRagged++
		if !wantLines[r["row_number"]] {
			t.Errorf("reject on line %s, which is not ragged: %v", r["row_number"], r)
		}
	}
	if gotRagged != len(wantLines) {
		t.Errorf("%d ragged rejects, want %d", gotRagged, len(wantLines))
	}

	// The first row maps onto the canonical fields.
	first := readRecords(t, body)[0]
	got := sink.rows[0]
	for field, col := range map[string]int{"id": cID, "title": cTitle, "employer": cCompany, "location": cLocation,
		"pay_text": cSalary, "pay_min": cSalaryMin, "posted_date": cPosted, "description": cDescription} {
		if got[field] != first[col] {
			t.Errorf("first row: %s = %q, want %q (column %s)", field, got[field], first[col], columns[col])
		}
	}
	if got["id"] != "SYN-1-1" || got["country"] != "US" || got["row_number"] != "2" {
		t.Errorf("first row: id %q, country %q, row_number %q", got["id"], got["country"], got["row_number"])
	}
}

func TestParquetReadsBack(t *testing.T) {
	ts := testTitles(t)
	const rows = 5000
	opt := Options{Rows: rows, Seed: 1, Titles: ts}
	body, st := writeParquet(t, opt)
	csvBody, csvSt := writeCSV(t, opt)
	pf, err := file.NewParquetReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	if pf.NumRows() != rows || pf.NumRowGroups() != 1 {
		t.Errorf("%d rows in %d row groups, want %d in 1", pf.NumRows(), pf.NumRowGroups(), rows)
	}
	dict := map[int]bool{}
	for _, c := range dictionaryColumns {
		dict[c] = true
	}
	for c := range columns {
		cc, err := pf.MetaData().RowGroup(0).ColumnChunk(c)
		if err != nil {
			t.Fatal(err)
		}
		dataEncodings := 0
		for _, es := range cc.EncodingStats() {
			if es.PageType.String() != "DICTIONARY_PAGE" {
				dataEncodings++
			}
		}
		if cc.HasDictionaryPage() != dict[c] || dataEncodings != 1 || cc.Compression() != compress.Codecs.Zstd {
			t.Errorf("column %s: dictionary %v, %d data page encodings, %v", columns[c], cc.HasDictionaryPage(), dataEncodings, cc.Compression())
		}
	}
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: 1024}, memory.DefaultAllocator)
	if err != nil {
		t.Fatal(err)
	}
	tbl, err := fr.ReadTable(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Release()
	if tbl.NumRows() != rows || int(tbl.NumCols()) != len(columns) {
		t.Fatalf("table %d×%d", tbl.NumRows(), tbl.NumCols())
	}
	for i, c := range columns {
		if f := tbl.Schema().Field(i); f.Name != c || f.Type.ID() != arrow.STRING || !f.Nullable {
			t.Errorf("column %d: %v, want nullable string %s", i, f, c)
		}
	}
	ids := tbl.Column(cID).Data().Chunk(0).(*array.String)
	if ids.Value(0) != "SYN-1-1" {
		t.Errorf("first posting_id %q", ids.Value(0))
	}
	// Same rows, in the same order, as the CSV.
	recs := readRecords(t, csvBody)
	row := 0
	for _, ch := range tbl.Column(cID).Data().Chunks() {
		a := ch.(*array.String)
		for i := 0; i < a.Len(); i++ {
			if a.Value(i) != recs[row][cID] {
				t.Fatalf("row %d: posting_id %q, CSV %q", row+1, a.Value(i), recs[row][cID])
			}
			row++
		}
	}
	if st.Rows != rows || st.Duplicates != csvSt.Duplicates || st.Bad["missing_fields"] != csvSt.Bad["ragged_short"] {
		t.Errorf("Parquet stats %+v, CSV stats %+v", st, csvSt)
	}
	if _, ok := st.Bad["ragged_long"]; ok {
		t.Errorf("Parquet stats count ragged_long: %v", st.Bad)
	}
}

func TestGenerate(t *testing.T) {
	ts := testTitles(t)
	dir := filepath.Join(t.TempDir(), "gen")
	opt := Options{Rows: 3000, Seed: 7, Titles: ts, TitleFiles: titleFiles}
	m, err := Generate(context.Background(), dir, opt, []string{"parquet", "csv"})
	if err != nil {
		t.Fatal(err)
	}
	body, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	var got Manifest
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	if got.Rows != 3000 || got.Seed != 7 || got.Version != Version || got.Titles != len(ts) || !strings.Contains(got.Notice, "synthetic") ||
		got.Targets.Duplicate != DuplicateShare || len(got.TitleFiles) != 2 || got.TitleFiles[0] != "Alternate Titles.xlsx" {
		t.Errorf("manifest %+v", got)
	}
	if len(got.Files) != 2 || got.Files[0].Name != "synthetic_postings_3000.csv" || got.Files[1].Name != "synthetic_postings_3000.parquet" {
		t.Fatalf("files %+v", got.Files)
	}
	for _, f := range got.Files {
		b, err := os.ReadFile(filepath.Join(dir, f.Name))
		if err != nil {
			t.Fatal(err)
		}
		if sum(b) != f.SHA256 || int64(len(b)) != f.Bytes || f.Rows != 3000 {
			t.Errorf("%s: sha256 %s, %d bytes; manifest %+v", f.Name, sum(b), len(b), f)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 3 {
		t.Errorf("directory holds %d entries, want 3 (temporary files left?)", len(entries))
	}
	// Again: the same manifest, so the same bytes.
	m2, err := Generate(context.Background(), dir, opt, []string{"csv", "parquet"})
	if err != nil {
		t.Fatal(err)
	}
	if m.Files[0].SHA256 != m2.Files[0].SHA256 || m.Files[1].SHA256 != m2.Files[1].SHA256 {
		t.Error("a second run wrote different bytes")
	}
}

func TestErrors(t *testing.T) {
	ts := testTitles(t)
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		run  func() error
		want string
	}{
		{"no rows", func() error {
			_, err := WriteCSV(context.Background(), io.Discard, Options{Rows: 0, Titles: ts})
			return err
		}, "rows must be at least 1"},
		{"no titles", func() error { _, err := WriteParquet(context.Background(), io.Discard, Options{Rows: 10}); return err }, "no titles"},
		{"blank titles", func() error {
			_, err := WriteCSV(context.Background(), io.Discard, Options{Rows: 10, Titles: []Title{{Title: " ", Code: "11-1011.00"}}})
			return err
		}, "every title is empty"},
		{"unknown format", func() error {
			_, err := Generate(context.Background(), t.TempDir(), Options{Rows: 10, Titles: ts}, []string{"xml"})
			return err
		}, `unknown format "xml"`},
		{"canceled", func() error {
			_, err := WriteCSV(canceled, io.Discard, Options{Rows: 100_000, Titles: ts})
			return err
		}, "context canceled"},
		{"failing writer", func() error {
			_, err := WriteCSV(context.Background(), failWriter{}, Options{Rows: 100_000, Titles: ts})
			return err
		}, "disk full"},
		{"failing parquet writer", func() error {
			_, err := WriteParquet(context.Background(), failWriter{}, Options{Rows: 100_000, Titles: ts})
			return err
		}, "disk full"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.run(); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err %v, want %q", err, tt.want)
			}
		})
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestFormatting(t *testing.T) {
	tests := []struct {
		name string
		got  []byte
		want string
	}{
		{"thousands", appendThousands(nil, 1234567), "1,234,567"},
		{"thousands small", appendThousands(nil, 999), "999"},
		{"cents", appendCents(nil, 22.5, true), "22.50"},
		{"whole cents dropped", appendCents(nil, 18, false), "18"},
		{"annual plain", appendNumber(nil, 42405.4, perYear, 0), "42405"},
		{"annual decimal", appendNumber(nil, 65000, perYear, 1), "65000.0"},
		{"annual dollars", appendNumber(nil, 39460, perYear, 2), "$39,460"},
		{"hourly plain", appendNumber(nil, 22.5, perHour, 0), "22.50"},
		{"hourly decimal", appendNumber(nil, 22.46, perHour, 1), "22.5"},
		{"hourly dollars", appendNumber(nil, 33.434, perHour, 2), "$33.43"},
		{"text yearly", appendText(nil, "$", 85_040, perYear), "$85,000"},
		{"text hourly quarter", appendText(nil, "$", 22.49, perHour), "$22.50"},
		{"text hourly whole", appendText(nil, "£", 18.1, perHour), "£18"},
		{"padded", appendPadded(nil, 42, 4), "0042"},
	}
	for _, tt := range tests {
		if string(tt.got) != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

func TestAppendCSV(t *testing.T) {
	mk := func(bad, keep int) *row {
		rw := &row{bad: bad, keep: keep}
		for i := range rw.f {
			rw.f[i] = []byte("v" + strconv.Itoa(i))
		}
		rw.f[cCompany] = []byte("Synthetic Law Group, Inc. 0001")
		rw.f[cDescription] = []byte(`Say "hi"`)
		return rw
	}
	tests := []struct {
		name string
		rw   *row
		want string
	}{
		{"quoted", mk(badNone, numCols), `v0,v1,"Synthetic Law Group, Inc. 0001",v3,v4,v5,v6,v7,v8,v9,v10,v11,v12,v13,"Say ""hi"""` + "\n"},
		{"ragged short", mk(badRaggedShort, 4), `v0,v1,"Synthetic Law Group, Inc. 0001",v3` + "\n"},
		{"ragged long", mk(badRaggedLong, numCols), `v0,v1,Synthetic Law Group, Inc. 0001,v3,v4,v5,v6,v7,v8,v9,v10,v11,v12,v13,"Say ""hi"""` + "\n"},
		{"bare quote", mk(badBareQuote, numCols), `v0,v1,"Synthetic Law Group, Inc. 0001",v3,v4,v5,v6,v7,v8,v9,v10,v11,v12,v13,Say "hi"` + "\n"},
	}
	for _, tt := range tests {
		if got := string(tt.rw.appendCSV(nil)); got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, got, tt.want)
		}
	}
}

func BenchmarkWriteCSV(b *testing.B) {
	ts, err := loadTitles()
	if err != nil {
		b.Fatal(err)
	}
	const rows = 100_000
	b.SetBytes(rows) // "MB/s" reads as million rows per second
	for b.Loop() {
		if _, err := WriteCSV(context.Background(), io.Discard, Options{Rows: rows, Seed: 1, Titles: ts}); err != nil {
			b.Fatal(err)
		}
	}
}
