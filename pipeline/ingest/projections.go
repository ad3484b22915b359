package ingest

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/wagescope/wagescope/internal/lazyre"
)

// Employment Projections (EP) come in two layouts, both handled here:
//   - the EP data-tool CSV export ("Occupation Title, Occupation Code,
//     Employment 2022, Employment 2032, …"), one file, codes written as
//     ="29-2010", alternate job titles appended to the title after "*";
//   - the occupation.xlsx workbook (Tables 1.1 … 5.4), where the table with
//     code, employment, openings and median wage (Table 1.7 in 2019-29) is
//     picked by its header, not by its sheet name.
// Cells are kept as printed; numbers are in thousands except wages and
// percents. The cycle ("2022-2032") comes from the two employment headers.

const (
	projOccupationsTable = "raw_projections__occupations"
	projAltTitlesTable   = "raw_projections__alternate_titles"
)

// projColumns are the columns of raw_projections__occupations, in order.
var projColumns = []string{
	"occupation_title", "occupation_code", "occupation_type",
	"employment_base", "employment_projected", "change_numeric", "change_percent",
	"openings_annual", "median_wage", "wage_year",
	"education", "work_experience", "training",
	"base_year", "projected_year",
}

// projAltColumns are the columns of raw_projections__alternate_titles.
var projAltColumns = []string{"occupation_code", "alternate_title"}

// projEmployment is the canonical name both employment headers map to; the
// layout then tells base from projected by their years.
const projEmployment = "employment"

// projHeaderPatterns maps a header cell (lower case, single-spaced, see
// normalizeHeaderText) to a canonical column. The first match wins. Both the
// workbook's "Employment, 2019" and the CSV's "Employment 2022" styles are
// covered; "Education Code", "Workex Code", "trCode" and "Percent self
// employed" are deliberately not mapped.
var projHeaderPatterns = headerPatterns{
	{"occupation_title", lazyre.New(`^(?:\d{4} national employment matrix|occupation) title$`)},
	{"occupation_code", lazyre.New(`^(?:\d{4} national employment matrix|occupation) code$`)},
	{"occupation_type", lazyre.New(`^occupation type$`)},
	{projEmployment, projEmploymentRe},
	{"change_numeric", lazyre.New(`^employment change,? (?:numeric,? )?\d{4} ?- ?\d{2,4}$`)},
	{"change_percent", lazyre.New(`^employment (?:percent change|change,? percent),? \d{4} ?- ?\d{2,4}$`)},
	{"openings_annual", lazyre.New(`^occupational openings,? \d{4} ?- ?\d{2,4},? annual average$`)},
	{"median_wage", projWageRe},
	{"education", lazyre.New(`^typical (?:entry-level education|education needed for entry)$`)},
	{"work_experience", lazyre.New(`^work experience in a related occupation$`)},
	{"training", lazyre.New(`^typical on-the-job training(?: needed to attain competency in the occupation)?$`)},
}

var (
	// projEmploymentRe matches "employment, 2019" and "employment 2022";
	// group 1 is the year.
	projEmploymentRe = lazyre.New(`^employment,? (\d{4})$`)
	// projWageRe matches "median annual wage, 2020(1)" and "median annual
	// wage 2023"; group 1 is the wage year (the OEWS May release).
	projWageRe = lazyre.New(`^median annual wage,? (\d{4})(?: ?\(\d+\))?$`)
	// projReleaseRe is the form of a projections cycle: "2022-2032".
	projReleaseRe = lazyre.New(`^(\d{4})-(\d{4})$`)
	// projFootnoteRe matches the notes BLS prints under a table.
	projFootnoteRe = lazyre.New(`(?i)^(?:\(\d+\)|footnotes?:|notes?:|sources?:|data source:|table source:)`)
)

// projRequired are the columns a table must have to be loaded at all;
// projPreferred is the extra column that makes a table the preferred one.
var (
	projRequired  = []string{"occupation_title", "occupation_code", projEmployment, "openings_annual"}
	projPreferred = "median_wage"
)

// projHeaderExample describes the header a projections table needs, for
// the message when none is found.
const projHeaderExample = `an occupation title and code, employment in two years and annual openings, ` +
	`as in the EP CSV ("Occupation Title", "Occupation Code", "Employment 2022", "Employment 2032", ` +
	`"Occupational Openings, 2022-2032 Annual Average") or occupation.xlsx Table 1.7 ` +
	`("2019 National Employment Matrix code", "Employment, 2019", "Employment, 2029", ` +
	`"Occupational openings, 2019-29 annual average")`

// projNumericColumns are validated as numbers or BLS markers.
var projNumericColumns = []string{
	"employment_base", "employment_projected", "change_numeric", "change_percent",
	"openings_annual", "median_wage",
}

// normalizeHeaderText lower-cases a header cell and collapses runs of white
// space (including the line breaks BLS puts inside workbook headers).
func normalizeHeaderText(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// projLayout is a recognized projections table: where its columns are and
// the years its headers carry.
type projLayout struct {
	header   Header
	index    map[string]int // projColumns name → cell index (years excluded)
	baseYear string
	projYear string
	wageYear string
	sheet    string
	hasWage  bool
}

// cycle is the projections release, e.g. "2022-2032".
func (l projLayout) cycle() string { return l.baseYear + "-" + l.projYear }

// IngestProjections loads a BLS Employment Projections file, either the EP
// data-tool CSV export or the occupation.xlsx workbook, into
// raw_projections__occupations (one row per occupation, cells as printed)
// and raw_projections__alternate_titles (one row per alternate job title the
// CSV appends to a title after "*").
//
// In a workbook the sheet is chosen by its header: the first whose header has
// the occupation code, base and projected employment, annual openings and the
// median wage; failing that, the first with all but the wage (a Note says so).
// The cycle is read from the employment headers ("Employment, 2019" and
// "Employment, 2029" → "2019-2029") and the wage year from the median-wage
// header; src.Release, when set, overrides the cycle (a Note records a
// disagreement).
//
// A row whose code is not NN-NNNN, or repeats an earlier code, is rejected;
// a numeric cell that is neither a number nor a BLS marker (N/A, —, -,
// ">=$208,000") is rejected on its own and loaded empty. Footnote rows are
// skipped. Result.Rows counts occupation rows; alternate titles are counted
// in a Note.
func IngestProjections(ctx context.Context, src Source, sink Sink) (Result, error) {
	var res Result
	if src.Release != "" && !projReleaseRe.MatchString(src.Release) {
		return res, fmt.Errorf("source %s: configured release %q: %w: want YYYY-YYYY, e.g. 2022-2032", src.Name, src.Release, ErrRelease)
	}
	books, err := OpenBooks(src.Path)
	if err != nil {
		return res, err
	}
	defer closeBookList(books)

	occ := NewRawWriter(sink, projOccupationsTable, src.FileID, projColumns)
	alt := NewRawWriter(sink, projAltTitlesTable, src.FileID, projAltColumns)
	rej := NewRejects(sink, src.FileID)
	w := projWriters{occ: occ, alt: alt, rej: rej}

	cycle := ""
	var firstErr error
	for _, b := range books {
		layout, notes, err := findProjectionTable(b)
		if err != nil {
			if errors.Is(err, ErrNoHeader) && len(books) > 1 {
				res.Notes = append(res.Notes, fmt.Sprintf("%s: skipped: %v", b.File(), err))
				if firstErr == nil {
					firstErr = err
				}
				continue
			}
			return res, err
		}
		res.Notes = append(res.Notes, notes...)
		if cycle != "" && layout.cycle() != cycle {
			return res, &ParseError{File: b.File(), Sheet: layout.sheet, Row: layout.header.Row,
				Err: fmt.Errorf("%w: cycle %s differs from %s in an earlier file of the same source", ErrRelease, layout.cycle(), cycle)}
		}
		cycle = layout.cycle()
		if err := ingestProjectionTable(ctx, b, layout, &w); err != nil {
			return res, err
		}
	}
	if cycle == "" {
		if firstErr == nil {
			firstErr = &ParseError{File: src.Path, Err: fmt.Errorf("%w: nothing to read", ErrNoData)}
		}
		return res, firstErr
	}
	if w.rows == 0 {
		return res, &ParseError{File: src.Path, Err: fmt.Errorf("%w: %s", ErrNoData, rej.explain(fmt.Sprintf("every row was rejected or empty (%d rejects)", rej.Count())))}
	}
	if err := errors.Join(occ.Close(ctx), alt.Close(ctx), rej.Close(ctx)); err != nil {
		return res, err
	}
	res.Release = cycle
	if src.Release != "" && src.Release != cycle {
		res.Notes = append(res.Notes, fmt.Sprintf("configured release %s overrides cycle %s read from the employment headers", src.Release, cycle))
		res.Release = src.Release
	}
	res.Rows = occ.Rows()
	res.Rejected = rej.Count()
	if n := alt.Rows(); n > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("%d alternate titles", n))
	}
	return res, nil
}

// projWriters are the outputs of one projections source.
type projWriters struct {
	occ, alt *RawWriter
	rej      *Rejects
	rows     int // occupation rows appended
}

// closeBookList closes every book, ignoring errors (they are read-only).
func closeBookList(books []Book) {
	for _, b := range books {
		_ = b.Close()
	}
}

// findProjectionTable picks the sheet of b that holds the occupation table
// and describes its layout. Notes explain a fallback choice.
func findProjectionTable(b Book) (projLayout, []string, error) {
	var partial *projLayout
	var columnErr error // a sheet that looked right but lacked a column
	for _, sheet := range b.Sheets() {
		layout, err := readProjectionHeader(b, sheet)
		switch {
		case errors.Is(err, ErrNoHeader):
			continue
		case errors.Is(err, ErrMissingColumn):
			if columnErr == nil {
				columnErr = err
			}
			continue
		case err != nil:
			return projLayout{}, nil, err
		}
		if layout.hasWage {
			return layout, nil, nil
		}
		if partial == nil {
			partial = &layout
		}
	}
	if partial != nil {
		note := fmt.Sprintf("%s: no table has both annual openings and a median wage; using %s, median_wage and wage_year left empty", b.File(), sheetLabel(partial.sheet))
		return *partial, []string{note}, nil
	}
	if columnErr != nil {
		return projLayout{}, nil, columnErr
	}
	sheet := ""
	if len(b.Sheets()) == 1 {
		sheet = b.Sheets()[0]
	}
	return projLayout{}, nil, &ParseError{File: b.File(), Sheet: sheet,
		Err: fmt.Errorf("%w: no Employment Projections occupation table; expected a header with %s", ErrNoHeader, projHeaderExample)}
}

// sheetLabel names a sheet for a message ("sheet \"Table 1.2\"" or "the file").
func sheetLabel(sheet string) string {
	if sheet == "" {
		return "the file"
	}
	return fmt.Sprintf("sheet %q", sheet)
}

// readProjectionHeader looks for a projections header in one sheet.
func readProjectionHeader(b Book, sheet string) (projLayout, error) {
	g, err := b.Open(sheet)
	if err != nil {
		return projLayout{}, err
	}
	defer g.Close()
	h, err := FindHeader(g, projHeaderPatterns.canon, projRequired...)
	if err != nil {
		return projLayout{}, err
	}
	return projectionLayout(g, h)
}

// projectionLayout resolves the two employment columns and the header years.
func projectionLayout(g Grid, h Header) (projLayout, error) {
	l := projLayout{header: h, index: map[string]int{}, sheet: g.Sheet()}
	for name, i := range h.Index {
		if name != projEmployment {
			l.index[name] = i
		}
	}
	type yearCol struct {
		year  int
		index int
	}
	var emp []yearCol
	for i, c := range h.Raw {
		if m := projEmploymentRe.FindStringSubmatch(normalizeHeaderText(c)); m != nil {
			y, _ := strconv.Atoi(m[1])
			emp = append(emp, yearCol{y, i})
		}
	}
	if len(emp) != 2 || emp[0].year == emp[1].year {
		return l, &ParseError{File: g.File(), Sheet: g.Sheet(), Row: h.Row,
			Err: fmt.Errorf("%w: want two employment columns with different years (\"Employment 2022\", \"Employment 2032\"), found %d", ErrMissingColumn, len(emp))}
	}
	if emp[0].year > emp[1].year {
		emp[0], emp[1] = emp[1], emp[0]
	}
	l.index["employment_base"] = emp[0].index
	l.index["employment_projected"] = emp[1].index
	l.baseYear = strconv.Itoa(emp[0].year)
	l.projYear = strconv.Itoa(emp[1].year)
	if i, ok := h.Index[projPreferred]; ok {
		l.hasWage = true
		m := projWageRe.FindStringSubmatch(normalizeHeaderText(h.Raw[i]))
		l.wageYear = m[1]
	}
	return l, nil
}

// ingestProjectionTable streams the data rows below the header of layout.
func ingestProjectionTable(ctx context.Context, b Book, l projLayout, w *projWriters) error {
	g, err := b.Open(l.sheet)
	if err != nil {
		return err
	}
	defer g.Close()
	// The same header search that chose the sheet leaves g on its header row.
	if _, err := FindHeader(g, projHeaderPatterns.canon, projRequired...); err != nil {
		return err
	}
	seen := map[string]int{}
	for g.Next() {
		if err := checkCanceled(ctx, g.RowNumber()); err != nil {
			return err
		}
		if err := projectionRow(ctx, g, l, seen, w); err != nil {
			return err
		}
	}
	return g.Err()
}

// checkCanceled reports ctx's error every 4096 rows.
func checkCanceled(ctx context.Context, row int) error {
	if row%4096 == 0 {
		return ctx.Err()
	}
	return nil
}

// projectionRow validates and writes one data row.
func projectionRow(ctx context.Context, g Grid, l projLayout, seen map[string]int, w *projWriters) error {
	row := g.Row()
	sheet, n := g.Sheet(), g.RowNumber()
	get := func(name string) string {
		i, ok := l.index[name]
		if !ok || i >= len(row) {
			return ""
		}
		return row[i]
	}
	rawName := func(name string) string { return l.header.Raw[l.index[name]] }

	code := get("occupation_code")
	if code == "" && isNoteRow(row) {
		return nil
	}
	if !isSOCCode(code) {
		return w.rej.Add(ctx, sheet, n, rawName("occupation_code"), code, "occupation code is not of the form NN-NNNN")
	}
	if first, dup := seen[code]; dup {
		return w.rej.Add(ctx, sheet, n, rawName("occupation_code"), code, fmt.Sprintf("duplicate of row %d", first))
	}
	seen[code] = n

	title, alternates := splitAlternateTitles(get("occupation_title"))
	cells := map[string]string{
		"occupation_title": title,
		"occupation_code":  code,
		"occupation_type":  get("occupation_type"),
		"wage_year":        l.wageYear,
		"education":        get("education"),
		"work_experience":  get("work_experience"),
		"training":         get("training"),
		"base_year":        l.baseYear,
		"projected_year":   l.projYear,
	}
	for _, name := range projNumericColumns {
		v := get(name)
		if !isProjectionNumber(v) {
			if err := w.rej.Add(ctx, sheet, n, rawName(name), v, "not a number or a BLS marker (N/A, —, -, >=$N)"); err != nil {
				return err
			}
			v = ""
		}
		cells[name] = v
	}
	out := make([]string, len(projColumns))
	for i, c := range projColumns {
		out[i] = cells[c]
	}
	if err := w.occ.Append(ctx, sheet, n, out); err != nil {
		return err
	}
	w.rows++
	for _, a := range alternates {
		if err := w.alt.Append(ctx, sheet, n, []string{code, a}); err != nil {
			return err
		}
	}
	return nil
}

// isNoteRow reports whether a row without a code is a footnote, note or
// source line (or blank) rather than a broken data row: its first non-empty
// cell reads like a note, or it is the only non-empty cell.
func isNoteRow(row []string) bool {
	first, filled := "", 0
	for _, c := range row {
		if c == "" {
			continue
		}
		if filled == 0 {
			first = c
		}
		filled++
	}
	return filled <= 1 || projFootnoteRe.MatchString(first)
}

// socCodeFormatRe is the SOC code form NN-NNNN.
var socCodeFormatRe = lazyre.New(`^\d{2}-\d{4}$`)

// isSOCCode reports whether s has the SOC code form NN-NNNN.
func isSOCCode(s string) bool { return socCodeFormatRe.MatchString(s) }

// splitAlternateTitles splits the EP CSV title cell "Accountants and
// auditors    * Account Auditor* Accountant* …" into the occupation title
// and its alternate titles (trimmed, empty ones dropped, de-duplicated
// case-insensitively keeping the first spelling).
func splitAlternateTitles(cell string) (string, []string) {
	parts := strings.Split(cell, "*")
	title := strings.TrimSpace(parts[0])
	var alts []string
	seen := map[string]bool{}
	for _, p := range parts[1:] {
		a := strings.Join(strings.Fields(p), " ")
		key := strings.ToLower(a)
		if a == "" || seen[key] {
			continue
		}
		seen[key] = true
		alts = append(alts, a)
	}
	return title, alts
}

// projMarkers are the cell values BLS prints instead of a number.
var projMarkers = map[string]bool{
	"":    true,
	"N/A": true,
	"NA":  true,
	"—":   true, // em dash: "Data is unavailable"
	"–":   true, // en dash
	"-":   true,
}

var (
	// projNumberRe is a printed number: optional sign and $, thousands
	// commas, decimals ("1,538.4", "-0.3", "$41,950").
	projNumberRe = lazyre.New(`^[-+−]?\$?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$`)
	// projBoundRe is a bound BLS prints for top-coded wages (">=$208,000").
	projBoundRe = lazyre.New(`^(?:>=|<=|≥|≤|>|<) ?\$?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$`)
)

// isProjectionNumber reports whether a numeric cell is usable as printed.
func isProjectionNumber(s string) bool {
	return projMarkers[s] || projNumberRe.MatchString(s) || projBoundRe.MatchString(s)
}
