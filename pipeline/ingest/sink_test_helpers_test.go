package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/xuri/excelize/v2"
)

// memorySink is a Sink for tests: it copies every batch it is given into
// rows of strings per table, so tests can look at what an ingester loaded.
type memorySink struct {
	mu      sync.Mutex
	columns map[string][]string   // table → column names of its first batch
	rows    map[string][][]string // table → rows, NULL as ""
	batches map[string]int        // table → batches loaded
}

func newMemorySink() *memorySink {
	return &memorySink{columns: map[string][]string{}, rows: map[string][][]string{}, batches: map[string]int{}}
}

// Load copies rec; the caller releases it when Load returns.
func (s *memorySink) Load(_ context.Context, table string, rec arrow.RecordBatch) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	names := make([]string, rec.NumCols())
	for i := range names {
		names[i] = rec.ColumnName(i)
	}
	if prev, ok := s.columns[table]; ok && fmt.Sprint(prev) != fmt.Sprint(names) {
		return fmt.Errorf("memorySink: %s: columns %v, earlier batches had %v", table, names, prev)
	}
	s.columns[table] = names
	for r := 0; r < int(rec.NumRows()); r++ {
		row := make([]string, len(names))
		for c := range names {
			v, err := arrowCellString(rec.Column(c), r)
			if err != nil {
				return fmt.Errorf("memorySink: %s.%s: %w", table, names[c], err)
			}
			row[c] = v
		}
		s.rows[table] = append(s.rows[table], row)
	}
	s.batches[table]++
	return nil
}

func arrowCellString(col arrow.Array, i int) (string, error) {
	if col.IsNull(i) {
		return "", nil
	}
	switch a := col.(type) {
	case *array.String:
		return a.Value(i), nil
	case *array.LargeString:
		return a.Value(i), nil
	case *array.Int64:
		return strconv.FormatInt(a.Value(i), 10), nil
	case *array.Int32:
		return strconv.FormatInt(int64(a.Value(i)), 10), nil
	case *array.Float64:
		return strconv.FormatFloat(a.Value(i), 'g', -1, 64), nil
	case *array.Boolean:
		return strconv.FormatBool(a.Value(i)), nil
	default:
		return "", fmt.Errorf("unsupported Arrow type %s", col.DataType())
	}
}

// Rows returns the rows loaded into table as column → value maps (NULL as "").
func (s *memorySink) Rows(table string) []map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	names := s.columns[table]
	out := make([]map[string]string, 0, len(s.rows[table]))
	for _, row := range s.rows[table] {
		m := make(map[string]string, len(names))
		for c, n := range names {
			m[n] = row[c]
		}
		out = append(out, m)
	}
	return out
}

// Count is how many rows were loaded into table.
func (s *memorySink) Count(table string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.rows[table])
}

// Columns returns the column names of table as the ingester sent them.
func (s *memorySink) Columns(table string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.columns[table]...)
}

// ---- checks shared by the ingester tests ----

// checkResult compares a Result with what the sink holds.
func checkResult(t *testing.T, res Result, sink *memorySink, table, release string, rows, rejected int) {
	t.Helper()
	if res.Release != release {
		t.Errorf("Release = %q, want %q", res.Release, release)
	}
	if res.Rows != rows {
		t.Errorf("Rows = %d, want %d", res.Rows, rows)
	}
	if got := sink.Count(table); got != res.Rows {
		t.Errorf("sink holds %d rows in %s, Result.Rows = %d", got, table, res.Rows)
	}
	if res.Rejected != rejected {
		t.Errorf("Rejected = %d, want %d; rejects: %v", res.Rejected, rejected, sink.Rows("rejects"))
	}
	if got := sink.Count("rejects"); got != res.Rejected {
		t.Errorf("sink holds %d rejects, Result.Rejected = %d", got, res.Rejected)
	}
}

// checkErr checks err wraps want and mentions text.
func checkErr(t *testing.T, err, want error, text string) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("error = %v, want one wrapping %v", err, want)
	}
	if !strings.Contains(err.Error(), text) {
		t.Errorf("error %q does not mention %q", err, text)
	}
}

// checkNote checks that some note contains want ("" checks nothing).
func checkNote(t *testing.T, notes []string, want string) {
	t.Helper()
	if want == "" {
		return
	}
	for _, n := range notes {
		if strings.Contains(n, want) {
			return
		}
	}
	t.Errorf("no note contains %q: %q", want, notes)
}

// checkRow finds the one row matching find and compares want's cells.
func checkRow(t *testing.T, rows []map[string]string, find, want map[string]string) {
	t.Helper()
	hits := filterRows(rows, find)
	if len(hits) != 1 {
		t.Fatalf("%d rows match %v, want 1", len(hits), find)
	}
	for k, v := range want {
		if got, ok := hits[0][k]; !ok || got != v {
			t.Errorf("%s = %q, want %q (row %v)", k, got, v, hits[0])
		}
	}
}

// assertRejectsInclude matches each wanted reject to a distinct row of got;
// got may hold more.
func assertRejectsInclude(t *testing.T, got, want []map[string]string) {
	t.Helper()
	used := make([]bool, len(got))
next:
	for _, w := range want {
		for i, r := range got {
			if !used[i] && rowMatches(r, w) {
				used[i] = true
				continue next
			}
		}
		t.Errorf("no reject matches %v; rejects: %v", w, got)
	}
}

// assertRejectsExactly wants exactly the listed rejects, in any order.
func assertRejectsExactly(t *testing.T, got, want []map[string]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d rejects, want %d: %v", len(got), len(want), got)
	}
	assertRejectsInclude(t, got, want)
}

// rowMatches reports whether row has every cell of want.
func rowMatches(row, want map[string]string) bool {
	for k, v := range want {
		if row[k] != v {
			return false
		}
	}
	return true
}

// filterRows returns the rows that match find.
func filterRows(rows []map[string]string, find map[string]string) []map[string]string {
	var out []map[string]string
	for _, r := range rows {
		if rowMatches(r, find) {
			out = append(out, r)
		}
	}
	return out
}

// columnValues returns col of every row, in order.
func columnValues(rows []map[string]string, col string) []string {
	out := []string{}
	for _, r := range rows {
		out = append(out, r[col])
	}
	return out
}

// ---- fixture table tests ----

// fileCase is one case of a table test that ingests a small fixture file
// written into a temp dir.
type fileCase struct {
	name        string
	file        string                   // the fixture's file name
	write       func(*testing.T, string) // writes the fixture; nil: the file does not exist
	release     string                   // configured release
	wantErr     error                    // sentinel; wantErrText must also appear in the message
	wantErrText string                   // without wantErr and write: any error mentioning it
	wantRelease string
	wantRows    int
	wantRejects []map[string]string // exactly these rejects, in any order
	find        map[string]string   // identifies one loaded row (nil: no row is checked)
	want        map[string]string   // that row's cells
	wantAlts    []string            // projections: alternate titles of the found row's code, in order (nil: not checked)
	wantNote    string              // a note contains it ("": not checked)
}

// run writes tc's fixture, ingests it with src (Path and Release from tc)
// into a new memorySink and checks the outcome against tc. It returns the
// sink when the ingest succeeded, nil when it failed as wanted.
func (tc fileCase) run(t *testing.T, ingest func(context.Context, Source, Sink) (Result, error), src Source, table string) *memorySink {
	t.Helper()
	src.Path = writeFixture(t, tc.file, tc.write)
	src.Release = tc.release
	sink := newMemorySink()
	res, err := ingest(context.Background(), src, sink)
	switch {
	case tc.wantErr != nil:
		checkErr(t, err, tc.wantErr, tc.wantErrText)
		return nil
	case tc.write == nil:
		if err == nil || !strings.Contains(err.Error(), tc.wantErrText) {
			t.Fatalf("error = %v, want one naming %s", err, tc.wantErrText)
		}
		return nil
	case err != nil:
		t.Fatalf("ingest %s: %v", tc.file, err)
	}
	checkResult(t, res, sink, table, tc.wantRelease, tc.wantRows, len(tc.wantRejects))
	assertRejectsExactly(t, sink.Rows("rejects"), tc.wantRejects)
	checkNote(t, res.Notes, tc.wantNote)
	if tc.find != nil {
		checkRow(t, sink.Rows(table), tc.find, tc.want)
	}
	return sink
}

// ---- fixture writers ----

// writeFixture returns the path of file in a new temp dir, written by write
// unless write is nil.
func writeFixture(t *testing.T, file string, write func(*testing.T, string)) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), file)
	if write != nil {
		write(t, path)
	}
	return path
}

// writeText saves s as the file.
func writeText(s string) func(*testing.T, string) {
	return func(t *testing.T, path string) {
		t.Helper()
		if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// zipMember is one file of a test zip archive.
type zipMember struct{ name, content string }

// writeZip saves the members, in order, as a zip archive.
func writeZip(members ...zipMember) func(*testing.T, string) {
	return func(t *testing.T, path string) {
		t.Helper()
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, m := range members {
			w, err := zw.Create(m.name)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := io.WriteString(w, m.content); err != nil {
				t.Fatal(err)
			}
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// xlsxSheet is one worksheet of a test workbook.
type xlsxSheet struct {
	name string
	rows [][]string
}

func xlsxRows(rows ...[]string) [][]string { return rows }

// writeWorkbook saves the sheets, in order, as an .xlsx of text cells.
func writeWorkbook(sheets ...xlsxSheet) func(*testing.T, string) {
	return func(t *testing.T, path string) {
		t.Helper()
		f := excelize.NewFile()
		defer f.Close()
		for i, s := range sheets {
			if i == 0 {
				if err := f.SetSheetName("Sheet1", s.name); err != nil {
					t.Fatal(err)
				}
			} else if _, err := f.NewSheet(s.name); err != nil {
				t.Fatal(err)
			}
			for r, row := range s.rows {
				cell, err := excelize.CoordinatesToCellName(1, r+1)
				if err != nil {
					t.Fatal(err)
				}
				vals := make([]any, len(row))
				for j, v := range row {
					vals[j] = v
				}
				if err := f.SetSheetRow(s.name, cell, &vals); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := f.SaveAs(path); err != nil {
			t.Fatal(err)
		}
	}
}
