package ingest

import (
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

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

func TestPlainNumberFormat(t *testing.T) {
	tests := []struct {
		id     int
		custom string
		plain  bool
	}{
		{0, "", true},  // General
		{3, "", true},  // #,##0
		{4, "", true},  // #,##0.00
		{7, "", true},  // currency
		{11, "", true}, // 0.00E+00
		{49, "", true}, // @
		{9, "", false}, // 0%
		{10, "", false},
		{14, "", false}, // m/d/yyyy
		{22, "", false},
		{46, "", false}, // [h]:mm:ss
		{0, "0.0", true},
		{0, "#,##0_);(#,##0)", true},
		{0, `[$$-409]#,##0.00`, true},
		{0, `#,##0 "jobs a day"`, true}, // the words are literal text
		{0, `0\d`, true},
		{0, "[Red]0.000", true},
		{0, "0.0%", false},
		{0, "mm/dd/yyyy", false},
		{0, "yyyy-mm-dd hh:mm", false},
		{0, "[h]:mm", false},
		{0, "[$-409]d-mmm-yy", false},
	}
	for _, tt := range tests {
		if got := plainNumberFormat(tt.id, tt.custom); got != tt.plain {
			t.Errorf("plainNumberFormat(%d, %q) = %v, want %v", tt.id, tt.custom, got, tt.plain)
		}
	}
}

// A workbook that has a percent style is read as displayed, even by
// OpenNumbers: its stored 0.05 is the 5% it shows.
func TestOpenNumbersReadsPercentWorkbooksAsDisplayed(t *testing.T) {
	cases := []struct {
		name     string
		percent  bool
		wantRow2 []string
	}{
		{"plain formats", false, []string{"12345", "0.05"}},
		{"a percent style", true, []string{"12,345", "5%"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := excelize.NewFile()
			thousands, err := f.NewStyle(&excelize.Style{NumFmt: 3})
			if err != nil {
				t.Fatal(err)
			}
			second := 0
			if c.percent {
				if second, err = f.NewStyle(&excelize.Style{NumFmt: 9}); err != nil {
					t.Fatal(err)
				}
			}
			for cell, v := range map[string]any{"A1": "tot_emp", "B1": "pct_total", "A2": 12345, "B2": 0.05} {
				if err := f.SetCellValue("Sheet1", cell, v); err != nil {
					t.Fatal(err)
				}
			}
			if err := f.SetCellStyle("Sheet1", "A2", "A2", thousands); err != nil {
				t.Fatal(err)
			}
			if err := f.SetCellStyle("Sheet1", "B2", "B2", second); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "book.xlsx")
			if err := f.SaveAs(path); err != nil {
				t.Fatal(err)
			}
			books, err := OpenBooks(path)
			if err != nil {
				t.Fatal(err)
			}
			defer books[0].Close()
			g, err := OpenNumbers(books[0], "Sheet1")
			if err != nil {
				t.Fatal(err)
			}
			defer g.Close()
			var rows [][]string
			for g.Next() {
				rows = append(rows, append([]string(nil), g.Row()...))
			}
			if len(rows) != 2 || !reflect.DeepEqual(rows[1], c.wantRow2) {
				t.Errorf("rows %q, want row 2 %q", rows, c.wantRow2)
			}
		})
	}
}
