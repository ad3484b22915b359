package ingest

import (
	"strconv"
	"strings"
	"testing"

	"github.com/wagescope/wagescope/internal/shareddata"
)

func TestShortestNumber(t *testing.T) {
	tests := []struct{ in, want string }{
		{"37.659999999999997", "37.66"},
		{"7.0000000000000007E-2", "0.07"},
		{"1.1000000000000001", "1.1"},
		{"58.4", "58.4"},
		{"57380", "57380"},   // an integer stays as written
		{"000000", "000000"}, // codes keep their zeros
		{"29-2011", "29-2011"},
		{"1.2.3", "1.2.3"},
		{"*", "*"},
		{"#", "#"},
		{"", ""},
		{"Infinity", "Infinity"},
		{"1e5", "100000"},
	}
	for _, tt := range tests {
		if got := shortestNumber(tt.in); got != tt.want {
			t.Errorf("shortestNumber(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Read with OpenNumbers, a real OEWS workbook holds the same values as
// displayed: every cell is the same text, the displayed text without its
// thousands separators, or the same float64 ("37.66" for "37.660").
func TestOpenNumbersReadsTheDisplayedValues(t *testing.T) {
	path := shareddata.Path(t, "bls/oews/national/national_M2023_dl.xlsx")
	books, err := OpenBooks(path)
	if err != nil {
		t.Fatal(err)
	}
	defer books[0].Close()
	const sheet = "national_M2023_dl"
	shown, err := books[0].Open(sheet)
	if err != nil {
		t.Fatal(err)
	}
	defer shown.Close()
	stored, err := OpenNumbers(books[0], sheet)
	if err != nil {
		t.Fatal(err)
	}
	defer stored.Close()
	var cells, rewritten int
	seen := map[string]string{}
	for shown.Next() {
		if !stored.Next() {
			t.Fatalf("OpenNumbers ended before row %d", shown.RowNumber())
		}
		a, b := shown.Row(), stored.Row()
		if len(a) != len(b) {
			t.Fatalf("row %d: %d cells displayed, %d stored", shown.RowNumber(), len(a), len(b))
		}
		for i := range a {
			cells++
			if a[i] == b[i] {
				continue
			}
			rewritten++
			x, errA := strconv.ParseFloat(strings.ReplaceAll(a[i], ",", ""), 64)
			y, errB := strconv.ParseFloat(b[i], 64)
			if errA != nil || errB != nil || x != y {
				t.Fatalf("row %d cell %d: displayed %q, read %q", shown.RowNumber(), i+1, a[i], b[i])
			}
			seen[a[i]] = b[i]
		}
	}
	if stored.Next() {
		t.Fatalf("OpenNumbers read more rows than %d", shown.RowNumber())
	}
	if err := errorsOf(shown, stored); err != nil {
		t.Fatal(err)
	}
	// the file's first row (all occupations, U.S.): TOT_EMP and A_MEAN
	for displayed, want := range map[string]string{"151,853,870": "151853870", "65,470": "65470"} {
		if got, ok := seen[displayed]; !ok || got != want {
			t.Errorf("%q read as %q (found %v), want %q", displayed, got, ok, want)
		}
	}
	if cells < 40000 || rewritten < 10000 {
		t.Errorf("%d cells, %d read differently: want the whole sheet (42,219 cells, 11,867 rewritten)", cells, rewritten)
	}
}

func errorsOf(grids ...Grid) error {
	for _, g := range grids {
		if err := g.Err(); err != nil {
			return err
		}
	}
	return nil
}
