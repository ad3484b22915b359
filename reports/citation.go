package reports

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/wagescope/wagescope/internal/lazyre"
	"github.com/wagescope/wagescope/internal/numfmt"
	"github.com/wagescope/wagescope/pipeline/store"
)

// Source lines and the number formats shared by the pages and citations.

const (
	bls        = "U.S. Bureau of Labor Statistics"
	oewsName   = "Occupational Employment and Wage Statistics"
	epName     = "Employment Projections"
	shaDisplay = 12 // hex characters of a sha256 shown in citations and tables
)

// WageCitation is a copy-ready source line for a wage figure, e.g.
// "Source: U.S. Bureau of Labor Statistics, Occupational Employment and Wage
// Statistics, May 2023 (file national_M2023_dl.xlsx, sha256 0123456789ab)".
// Parts the row does not carry are left out.
func WageCitation(s store.WageStat) string {
	if s.SourceFamily == "postings" {
		return PostedCitation(s)
	}
	release := s.Source.Release
	if release == "" {
		release = s.Release
	}
	var b strings.Builder
	if s.SourceFamily == "" || s.SourceFamily == "oews" {
		b.WriteString("Source: " + bls + ", " + oewsName)
	} else {
		b.WriteString("Source: posted salaries")
		if s.Source.Name != "" {
			b.WriteString(", " + s.Source.Name)
		}
	}
	if release != "" {
		b.WriteString(", " + releaseLabel(release))
	}
	b.WriteString(fileRef("file ", s.Source))
	return b.String()
}

// PostedCitation is a copy-ready source line for a posted-pay figure: how
// many postings it rests on, the years their pay is from, the cell's
// filters and every file, e.g. "Source: job postings with pay, 11 distinct
// postings (repeats counted once), pay from 2018–2019, all experience
// levels, all employer types; files glassdoor_jobs.csv (sha256 …), …;
// annualized and converted to USD by wagescope".
func PostedCitation(s store.WageStat) string {
	var b strings.Builder
	b.WriteString("Source: " + postingsWhat(s.FromSynthetic()))
	if s.N != nil {
		b.WriteString(", " + numfmt.Counted(*s.N, "distinct posting", "distinct postings") + " (repeats counted once)")
	}
	switch {
	case s.PeriodType != "" && s.PeriodType != "all":
		b.WriteString(", posted " + s.Period)
	case s.PostedYears != "":
		b.WriteString(", pay from " + s.PostedYears)
	default:
		b.WriteString(", posting dates not given")
	}
	writePostedCell(&b, s, postedFiles(s))
	return b.String()
}

// PostedBreakdownCitation is the source line of a table of posted cells
// that differ in one dimension (by names it: "by area"): a line per cell
// would repeat the files a hundred times, so this one gives the number of
// cells and their range of n (each cell's n is in its row), the span of
// years their pay is from, the filters they share and the union of their
// files, e.g. "Source: job postings with pay, by area: 12 cells of 1 to 11
// distinct postings (repeats counted once; each row's count in the
// table), pay from 2018–2020, all experience levels, all employer types;
// files glassdoor_jobs.csv (sha256 …), …". One cell gets its own line.
func PostedBreakdownCitation(by string, cells []store.WageStat) string {
	switch len(cells) {
	case 0:
		return ""
	case 1:
		return PostedCitation(cells[0])
	}
	var files []store.SourceRef
	seen := map[store.SourceRef]bool{}
	for _, s := range cells {
		for _, f := range postedFiles(s) {
			key := store.SourceRef{FileName: f.FileName, SHA256: f.SHA256, Synthetic: f.Synthetic}
			if !seen[key] {
				seen[key] = true
				files = append(files, f)
			}
		}
	}
	var b strings.Builder
	synthetic := slices.ContainsFunc(files, func(f store.SourceRef) bool { return f.Synthetic })
	b.WriteString("Source: " + postingsWhat(synthetic) + ", " + by)
	lo, hi := int64(-1), int64(-1)
	for _, s := range cells {
		if s.N != nil && (lo < 0 || *s.N < lo) {
			lo = *s.N
		}
		if s.N != nil && *s.N > hi {
			hi = *s.N
		}
	}
	if hi >= 0 {
		fmt.Fprintf(&b, ": %d cells of %d to %s (repeats counted once; each row's count in the table)", len(cells), lo,
			numfmt.Counted(hi, "distinct posting", "distinct postings"))
	} else {
		fmt.Fprintf(&b, ": %d cells", len(cells))
	}
	first := cells[0]
	if first.PeriodType != "" && first.PeriodType != "all" {
		b.WriteString(", posted " + first.Period)
	} else {
		b.WriteString(", " + postedYearSpan(cells))
	}
	writePostedCell(&b, first, files)
	return b.String()
}

// postedYearSpan is "pay from 2017–2025" over cells' posted years ("2020"
// or "2018–2025"), saying so when some cells' postings have no dates.
func postedYearSpan(cells []store.WageStat) string {
	lo, hi, undated := postedYearBounds(cells)
	var span string
	switch {
	case lo == 0:
		return "posting dates not given"
	case lo == hi:
		span = "pay from " + strconv.Itoa(lo)
	default:
		span = fmt.Sprintf("pay from %d–%d", lo, hi)
	}
	if undated {
		span += " (some postings' dates not given)"
	}
	return span
}

// postedYearBounds is the first and last year the cells' pay is from (0,
// 0: none is dated), and whether some cell has undated postings.
func postedYearBounds(cells []store.WageStat) (lo, hi int, undated bool) {
	for _, s := range cells {
		if s.PostedYearFrom == 0 {
			undated = true
			continue
		}
		if lo == 0 || s.PostedYearFrom < lo {
			lo = s.PostedYearFrom
		}
		hi = max(hi, s.PostedYearTo)
	}
	return lo, hi, undated
}

// SyntheticPostings names wagescope-gen's postings wherever their figures
// are cited (source lines, cite's statement), so a copied line never
// passes them off as real.
const SyntheticPostings = "SYNTHETIC job postings generated by wagescope-gen (not real data)"

// postingsWhat opens a posted source line: what the postings are.
func postingsWhat(synthetic bool) string {
	if synthetic {
		return SyntheticPostings
	}
	return "job postings with pay"
}

// postedFiles are the files a posted cell rests on.
func postedFiles(s store.WageStat) []store.SourceRef {
	if len(s.Sources) == 0 && s.Source.FileName != "" {
		return []store.SourceRef{s.Source}
	}
	return s.Sources
}

// writePostedCell ends a posted source line: the cell's experience level,
// employer type and pay basis, then the files and how pay was made annual.
func writePostedCell(b *strings.Builder, s store.WageStat, files []store.SourceRef) {
	if s.Experience != "" && s.Experience != "ALL" {
		b.WriteString(", experience " + s.Experience)
	} else {
		b.WriteString(", all experience levels")
	}
	if s.EmployerType != "" && s.EmployerType != "ALL" {
		b.WriteString(", employer type " + s.EmployerType)
	} else {
		b.WriteString(", all employer types")
	}
	switch s.PayBasis {
	case "employer":
		b.WriteString(", employer-stated pay only")
	case "estimate":
		b.WriteString(", third-party estimates only")
	}
	for i, f := range files {
		if i == 0 {
			b.WriteString("; files ")
		} else {
			b.WriteString(", ")
		}
		b.WriteString(f.FileName)
		if f.SHA256 != "" {
			b.WriteString(" (sha256 " + shortSHA(f.SHA256) + ")")
		}
	}
	b.WriteString("; annualized and converted to USD by wagescope")
}

// OutlookCitation is a copy-ready source line for an outlook figure, e.g.
// "Source: U.S. Bureau of Labor Statistics, Employment Projections 2022–2032
// (file: occupation.xlsx, sha256 0123456789ab); median annual wage:
// Occupational Employment and Wage Statistics, May 2023".
func OutlookCitation(o store.Outlook) string {
	var b strings.Builder
	b.WriteString("Source: " + bls + ", " + epName)
	if c := cycleLabel(o); c != "" {
		b.WriteString(" " + c)
	}
	b.WriteString(fileRef("file: ", o.Source))
	if o.MedianWage != nil {
		if w := wageReleaseLabel(o); w != "" {
			b.WriteString("; median annual wage: " + oewsName + ", " + w)
		}
	}
	return b.String()
}

// SourceCitation is the source line for a whole source file, for the
// index's sources table.
func SourceCitation(f store.SourceFile) string {
	var what string
	switch f.Kind {
	case "oews":
		what = bls + ", " + oewsName
		if f.Release != "" {
			what += ", " + releaseLabel(f.Release)
		}
	case "projections":
		what = bls + ", " + epName
		if c := cycleLabel(store.Outlook{Cycle: f.Release}); c != "" {
			what += " " + c
		}
	case "cpi":
		what = bls + ", Consumer Price Index for All Urban Consumers (CPI-U)"
		if f.Release != "" {
			what += ", data through " + f.Release
		}
	case "soc":
		what = bls + ", Standard Occupational Classification and OEWS occupation definitions"
	case "titles":
		what = "O*NET Resource Center, National Center for O*NET Development, occupation titles"
	case "postings":
		what = postingsWhat(f.Synthetic) + ", dataset " + f.Name
	default:
		what = f.Name
	}
	return "Source: " + what + fileRef("file ", store.SourceRef{FileName: f.FileName, SHA256: f.SHA256})
}

// fileRef is " (file X, sha256 Y)" with the parts src has, or "".
func fileRef(filePrefix string, src store.SourceRef) string {
	var parts []string
	if src.FileName != "" {
		parts = append(parts, filePrefix+src.FileName)
	}
	if src.SHA256 != "" {
		parts = append(parts, "sha256 "+shortSHA(src.SHA256))
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// shortSHA is the first shaDisplay characters of a digest.
func shortSHA(sha string) string {
	sha = strings.ToLower(strings.TrimSpace(sha))
	if len(sha) > shaDisplay {
		return sha[:shaDisplay]
	}
	return sha
}

// releaseLabel turns an OEWS release "2023-05" into "May 2023".
func releaseLabel(release string) string { return numfmt.ReleaseLabel(release) }

var cyclePattern = lazyre.New(`^(\d{4})-(\d{4})$`)

// cycleLabel is a projections cycle with an en dash: "2022–2032".
func cycleLabel(o store.Outlook) string {
	if m := cyclePattern.FindStringSubmatch(o.Cycle); m != nil {
		return m[1] + "–" + m[2]
	}
	if o.Cycle == "" && o.BaseYear > 0 && o.ProjectedYear > 0 {
		return fmt.Sprintf("%d–%d", o.BaseYear, o.ProjectedYear)
	}
	return o.Cycle
}

// wageReleaseLabel names the OEWS release an outlook's wage belongs to.
func wageReleaseLabel(o store.Outlook) string {
	if o.WageRelease != "" {
		return releaseLabel(o.WageRelease)
	}
	if o.WageYear > 0 {
		return strconv.Itoa(o.WageYear)
	}
	return ""
}

// dash stands for a value the source does not publish.
const dash = "—"

// finite reports whether v is a number that can be shown and charted.
func finite(v *float64) bool {
	return v != nil && !math.IsNaN(*v) && !math.IsInf(*v, 0)
}

// usd formats dollars: "$60,780"; top-coded values read "≥ $239,200".
func usd(v *float64, topCoded bool) string {
	if !finite(v) {
		return dash
	}
	s := numfmt.USD(math.Round(*v))
	if topCoded {
		return "≥ " + s
	}
	return s
}

// ordinal is a percentile as an English ordinal, rounded: "72nd"; "0th"
// when absent.
func ordinal(v *float64) string {
	if !finite(v) {
		return numfmt.Ordinal(0)
	}
	return numfmt.Ordinal(int(math.RoundToEven(*v))) // as %.0f rounds: 72.5 is 72nd
}

// count formats a whole number of persons or jobs: "342,900".
func count(v *float64) string {
	if !finite(v) {
		return dash
	}
	return numfmt.Count(*v)
}

// signedCount is count with an explicit sign: "+16,800".
func signedCount(v *float64) string {
	s := count(v)
	if s != dash && *v >= 0.5 {
		return "+" + s
	}
	return s
}

// percent formats a percent change with its sign: "+4.9%".
func percent(v *float64) string {
	if !finite(v) {
		return dash
	}
	return fmt.Sprintf("%+.1f%%", *v)
}
