package ingest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
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

// sharedData returns the path of rel under the shared real-data folder
// (shared/data, a sibling of the repository root), found by walking up from
// the test's working directory. When it is missing the test fails under
// CI=true and is skipped otherwise.
func sharedData(t testing.TB, rel string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		root := filepath.Join(dir, "shared", "data")
		if st, err := os.Stat(root); err == nil && st.IsDir() {
			path := filepath.Join(root, filepath.FromSlash(rel))
			if _, err := os.Stat(path); err != nil {
				missingSharedData(t, fmt.Sprintf("shared data file %s: %v", path, err))
			}
			return path
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			missingSharedData(t, "no shared/data folder above the working directory; see DESIGN.md, Testing")
			return ""
		}
		dir = parent
	}
}

func missingSharedData(t testing.TB, msg string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}
