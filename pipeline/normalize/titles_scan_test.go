package normalize

import (
	"encoding/csv"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// The regular expressions the scanners of titles_scan.go replace: they are
// the specification, and every test below holds the scanners to them.
var (
	refTitleSepRe          = regexp.MustCompile(`\s*[,;|:/\\]\s*|\s+-+\s*|\s*-+\s+|\s+@\s+|\s+at\s+`)
	refTitleLetterHyphenRe = regexp.MustCompile(`\b([a-z])-([a-z])`)
)

func refTitleWords(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// checkTitleScanners fails t where a scanner and its regexp disagree on s.
func checkTitleScanners(t *testing.T, s string) {
	t.Helper()
	var want [][2]int
	for _, c := range refTitleSepRe.FindAllStringIndex(s, -1) {
		want = append(want, [2]int{c[0], c[1]})
	}
	if got := titleSeparators(s); !slices.Equal(got, want) {
		t.Errorf("titleSeparators(%q) = %v, want %v", s, got, want)
	}
	if got, want := titleJoinLetterHyphens(s), refTitleLetterHyphenRe.ReplaceAllString(s, "$1$2"); got != want {
		t.Errorf("titleJoinLetterHyphens(%q) = %q, want %q", s, got, want)
	}
	if got, want := titleWords(s), refTitleWords(s); !slices.Equal(got, want) {
		t.Errorf("titleWords(%q) = %q, want %q", s, got, want)
	}
}

var titleScannerCases = []struct {
	name string
	in   string
}{
	{"empty", ""},
	{"plain", "medical technologist"},
	{"comma", "nurse, rn"},
	{"spaced comma", "nurse ,  rn"},
	{"every mark", "a,b;c|d:e/f\\g"},
	{"spaced dash", "lab tech - nights"},
	{"dash then space", "lab tech- nights"},
	{"space then dashes", "lab tech --nights"},
	{"hyphen is no cut", "x-ray technician"},
	{"dash at the end", "lab tech -"},
	{"dash at the start", "- lab tech"},
	{"at", "nurse at mercy hospital"},
	{"at needs space after", "nurse at"},
	{"attorney is no cut", "staff attorney at law"},
	{"at sign", "rn @ mercy"},
	{"at sign unspaced", "rn@mercy"},
	{"tabs and feeds", "rn\t-\tnights\f,\rdays"},
	{"vertical tab is not space", "rn\v-\vnights"},
	{"space before a mark and a dash", "rn  ,- days"},
	{"runs of marks", "rn,,; /days"},
	{"single letters", "e-commerce x-ray a-b-c"},
	{"letter after a word", "ab-c"},
	{"letter after a digit", "3-d artist"},
	{"letter after underscore", "_x-ray"},
	{"letter after non-ASCII", "é-x-ray"},
	{"upper case", "X-Ray E-Commerce"},
	{"non-ASCII words", "técnico de laboratório, noite"},
	{"digits", "level 2 nurse 24hr"},
	{"invalid UTF-8", "nurse\xff-\xfe rn"},
	{"symbols only", "&*()"},
}

func TestTitleScannersMatchTheirRegexps(t *testing.T) {
	for _, tc := range titleScannerCases {
		t.Run(tc.name, func(t *testing.T) { checkTitleScanners(t, tc.in) })
	}
}

// The labeled titles (real postings' titles, lower-cased as parseTitle
// reads them) cut, join and split the same both ways.
func TestTitleScannersOnLabeledTitles(t *testing.T) {
	f, err := os.Open("testdata/titles_labeled.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 100 {
		t.Fatalf("%d labeled titles, want at least 100", len(rows))
	}
	for _, r := range rows[1:] {
		checkTitleScanners(t, r[0])
		checkTitleScanners(t, strings.ToLower(r[0]))
	}
}

func FuzzTitleScanners(f *testing.F) {
	for _, tc := range titleScannerCases {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, s string) { checkTitleScanners(t, s) })
}
