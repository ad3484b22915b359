package ingest

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/wagescope/wagescope/internal/lazyre"
)

// oewsTable receives OEWS rows as read; a SQL staging step casts them.
const oewsTable = "raw_oews__wages"

// oewsColumns are the data columns of raw_oews__wages, in DDL order.
var oewsColumns = []string{
	"area", "area_title", "area_type", "prim_state",
	"naics", "naics_title", "i_group", "own_code",
	"occ_code", "occ_title", "o_group",
	"tot_emp", "emp_prse", "jobs_1000", "loc_quotient", "pct_total", "pct_rpt",
	"h_mean", "a_mean", "mean_prse",
	"h_pct10", "h_pct25", "h_median", "h_pct75", "h_pct90",
	"a_pct10", "a_pct25", "a_median", "a_pct75", "a_pct90",
	"annual", "hourly",
}

// oewsAliases maps a header key (see oewsHeaderKey) to its canonical
// column: the 32 names BLS has printed since May 2019 and the names older
// releases used for the same fields.
var oewsAliases = map[string]string{
	"AREA":         "area",
	"AREA_TITLE":   "area_title",
	"AREA_TYPE":    "area_type",
	"PRIM_STATE":   "prim_state",
	"NAICS":        "naics",
	"NAICS_TITLE":  "naics_title",
	"I_GROUP":      "i_group",
	"OWN_CODE":     "own_code",
	"OCC_CODE":     "occ_code",
	"OCC_TITLE":    "occ_title",
	"O_GROUP":      "o_group",
	"TOT_EMP":      "tot_emp",
	"EMP_PRSE":     "emp_prse",
	"JOBS_1000":    "jobs_1000",
	"LOC_QUOTIENT": "loc_quotient", // printed "LOC QUOTIENT" in some years
	"PCT_TOTAL":    "pct_total",
	"PCT_RPT":      "pct_rpt",
	"H_MEAN":       "h_mean",
	"A_MEAN":       "a_mean",
	"MEAN_PRSE":    "mean_prse",
	"H_PCT10":      "h_pct10",
	"H_PCT25":      "h_pct25",
	"H_MEDIAN":     "h_median",
	"H_PCT75":      "h_pct75",
	"H_PCT90":      "h_pct90",
	"A_PCT10":      "a_pct10",
	"A_PCT25":      "a_pct25",
	"A_MEDIAN":     "a_median",
	"A_PCT75":      "a_pct75",
	"A_PCT90":      "a_pct90",
	"ANNUAL":       "annual",
	"HOURLY":       "hourly",

	// Names from releases before 2019.
	"OCC_GROUP":      "o_group",
	"GROUP":          "o_group",
	"ST":             "prim_state", // state files: the postal code
	"STATE":          "area_title", // state files: the state name
	"AREA_NAME":      "area_title",
	"LOC_Q":          "loc_quotient",
	"JOBS_1000_ORIG": "jobs_1000",
}

// oewsMeasures are the numeric columns: a number, empty, or a special value.
var oewsMeasures = map[string]bool{
	"tot_emp": true, "emp_prse": true, "jobs_1000": true, "loc_quotient": true,
	"pct_total": true, "pct_rpt": true, "h_mean": true, "a_mean": true, "mean_prse": true,
	"h_pct10": true, "h_pct25": true, "h_median": true, "h_pct75": true, "h_pct90": true,
	"a_pct10": true, "a_pct25": true, "a_median": true, "a_pct75": true, "a_pct90": true,
}

// oewsFlags are the ANNUAL and HOURLY columns: TRUE when a wage is
// published only as annual (or only as hourly), else empty.
var oewsFlags = map[string]bool{"annual": true, "hourly": true}

// oewsSpecialValues are the symbols OEWS prints in place of a number:
// * and ** not available, # at or above the top-code, ~ below 0.5 percent.
var oewsSpecialValues = map[string]bool{"*": true, "**": true, "#": true, "~": true}

// oewsFlagValues are the accepted non-empty ANNUAL/HOURLY values, upper case.
var oewsFlagValues = map[string]bool{"TRUE": true, "YES": true, "1": true}

const (
	oewsMeasureReason = "not a number or an OEWS special value (*, **, #, ~)"
	oewsFlagReason    = "not an OEWS flag (TRUE, Yes, 1 or empty)"
	oewsOccReason     = "not an occupation code of the form NN-NNNN"
	oewsMeasureHint   = "a wage or employment measure (TOT_EMP, H_MEAN, A_MEAN, A_MEDIAN, ...)"
)

// oewsFill is what every row of a file of one kind would repeat; old
// layouts leave those columns out.
type oewsFill struct {
	name   string
	values map[string]string
}

var oewsCrossIndustry = map[string]string{
	"naics": "000000", "naics_title": "Cross-industry", "i_group": "cross-industry", "own_code": "1235",
}

// oewsFileKinds infers a file's coverage from its name (member, sheet or
// archive), first match wins.
var oewsFileKinds = []struct {
	pattern *lazyre.Regexp
	fill    oewsFill
}{
	{lazyre.New(`(?i)^(national|oesm\d\dnat)`), oewsFill{"national cross-industry",
		oewsMerge(map[string]string{"area": "99", "area_title": "U.S.", "area_type": "1", "prim_state": "US"}, oewsCrossIndustry)}},
	// nat3d/nat4d/nat5d_6d/natsector always carry their industry columns.
	{lazyre.New(`(?i)^(natsector|nat\d|oesm\d\din4)`), oewsFill{"national by industry",
		map[string]string{"area": "99", "area_title": "U.S.", "area_type": "1", "prim_state": "US"}}},
	{lazyre.New(`(?i)^(state|oesm\d\dst)`), oewsFill{"state cross-industry",
		oewsMerge(map[string]string{"area_type": "2"}, oewsCrossIndustry)}},
	{lazyre.New(`(?i)^(msa|oesm\d\dma)`), oewsFill{"metropolitan area cross-industry",
		oewsMerge(map[string]string{"area_type": "4"}, oewsCrossIndustry)}},
	{lazyre.New(`(?i)^bos`), oewsFill{"nonmetropolitan area cross-industry",
		oewsMerge(map[string]string{"area_type": "6"}, oewsCrossIndustry)}},
}

func oewsMerge(a, b map[string]string) map[string]string {
	m := make(map[string]string, len(a)+len(b))
	for k, v := range a {
		m[k] = v
	}
	for k, v := range b {
		m[k] = v
	}
	return m
}

// oewsReleaseNames find the May reference year in file, member and sheet
// names; twoDigit patterns carry a year like the 23 of oesm23nat.
var oewsReleaseNames = []struct {
	pattern  *lazyre.Regexp
	twoDigit bool
}{
	{lazyre.New(`(?i)(?:^|[^a-z0-9])m_?(\d{4})(?:[^0-9]|$)`), false}, // national_M2023_dl, all_data_M_2023
	{lazyre.New(`(?i)(?:^|[^a-z0-9])oesm(\d{2})(?:[^0-9]|$)`), true}, // oesm23nat.zip
	{lazyre.New(`(?i)may[ _-]?(\d{4})(?:[^0-9]|$)`), false},          // national_May2005_dl
}

// oewsReleaseTitle is the first line of a Field Descriptions sheet.
var oewsReleaseTitle = lazyre.New(`(?i)^may\s+(\d{4})\s+oew?s\b`)

var oewsReleaseFormat = lazyre.New(`^\d{4}-(0[1-9]|1[0-2])$`)

// IngestOEWS loads an OEWS wage file (an .xlsx workbook, a CSV export or a
// BLS .zip) into raw_oews__wages. Data sheets are found by their header;
// the release is src.Release or is read from names or a title sheet. Cells
// that are not valid go to rejects; the rest load as printed.
func IngestOEWS(ctx context.Context, src Source, sink Sink) (Result, error) {
	books, err := OpenBooks(src.Path)
	if err != nil {
		return Result{}, fmt.Errorf("oews: %w", err)
	}
	defer oewsCloseBooks(books)

	scan := &oewsScan{path: src.Path}
	if err := scan.run(books); err != nil {
		return Result{}, fmt.Errorf("oews: %w", err)
	}
	if len(scan.sheets) == 0 {
		return Result{}, fmt.Errorf("oews: %w", scan.noDataError(books))
	}
	release, notes, err := oewsRelease(src, scan.clues())
	if err != nil {
		return Result{}, fmt.Errorf("oews: %w", err)
	}

	run := &oewsRun{
		rows:    NewRawWriter(sink, oewsTable, src.FileID, oewsColumns),
		rejects: NewRejects(sink, src.FileID),
		seen:    map[string]oewsRowRef{},
		cells:   make([]string, len(oewsColumns)),
		notes:   notes,
		noted:   map[string]bool{},
	}
	for _, s := range scan.sheets {
		// On failure the writers are dropped unflushed: the pipeline discards
		// a failed source's rows, so there is no point sending more.
		if err := run.loadSheet(ctx, s); err != nil {
			return Result{}, fmt.Errorf("oews: %w", err)
		}
	}
	if err := run.rows.Close(ctx); err != nil {
		return Result{}, fmt.Errorf("oews %s: %w", src.Path, err)
	}
	if err := run.rejects.Close(ctx); err != nil {
		return Result{}, fmt.Errorf("oews %s: %w", src.Path, err)
	}
	res := Result{Release: release, Rows: run.rows.Rows(), Rejected: run.rejects.Count(), Notes: run.notes}
	switch {
	case res.Rows == 0 && res.Rejected == 0:
		return Result{}, fmt.Errorf("oews: %w", &ParseError{File: src.Path, Err: fmt.Errorf("%w: the OEWS header has no rows below it", ErrNoData)})
	case res.Rows == 0:
		// A release of no rows would publish as if BLS had printed nothing.
		return Result{}, fmt.Errorf("oews: %w", &ParseError{File: src.Path, Err: fmt.Errorf("%w: %s", ErrNoData,
			run.rejects.explain(fmt.Sprintf("every row was rejected (%d rejects)", res.Rejected)))})
	}
	return res, nil
}

// oewsCloseBooks releases the books; a read-only book has nothing to lose
// on a failed close.
func oewsCloseBooks(books []Book) {
	for _, b := range books {
		_ = b.Close()
	}
}

// oewsSheet is a sheet whose header shows OEWS rows.
type oewsSheet struct {
	book  Book
	sheet string
	label string    // the raw table's sheet value
	fill  *oewsFill // from the file kind; nil when the names do not say
}

type oewsReleaseClue struct{ release, from string }

// oewsScan looks at every sheet's leading rows for an OEWS header and for
// release clues, before anything is loaded.
type oewsScan struct {
	path   string
	sheets []oewsSheet
	// Release clues by precedence: file name, member names, sheet names, titles.
	fromFile, fromMembers, fromSheets, fromTitles []oewsReleaseClue
	nearMiss                                      *ParseError // a header-like row lacking a required column
	nearScore                                     int
}

func (s *oewsScan) clues() []oewsReleaseClue {
	var all []oewsReleaseClue
	for _, c := range [][]oewsReleaseClue{s.fromFile, s.fromMembers, s.fromSheets, s.fromTitles} {
		all = append(all, c...)
	}
	return all
}

func (s *oewsScan) run(books []Book) error {
	base := filepath.Base(s.path)
	if r := oewsReleaseFromName(base); r != "" {
		s.fromFile = append(s.fromFile, oewsReleaseClue{r, "file name " + base})
	}
	for _, b := range books {
		member := oewsMember(s.path, b)
		if r := oewsReleaseFromName(member); member != "" && r != "" {
			s.fromMembers = append(s.fromMembers, oewsReleaseClue{r, "zip member " + member})
		}
		for _, sheet := range b.Sheets() {
			if r := oewsReleaseFromName(sheet); r != "" {
				s.fromSheets = append(s.fromSheets, oewsReleaseClue{r, fmt.Sprintf("sheet name %q", sheet)})
			}
			if err := s.scanSheet(b, sheet, member); err != nil {
				return err
			}
		}
	}
	return nil
}

// oewsMember is the zip member a book came from, or "" for a plain file.
func oewsMember(path string, b Book) string {
	if m, ok := strings.CutPrefix(b.File(), path+":"); ok {
		return m
	}
	return ""
}

func (s *oewsScan) scanSheet(b Book, sheet, member string) error {
	g, err := b.Open(sheet)
	if err != nil {
		return err
	}
	tg := &oewsTitleGrid{Grid: g}
	h, err := FindHeader(tg, oewsCanon, "occ_code")
	_ = g.Close() // only the leading rows were read
	if tg.release != "" {
		s.fromTitles = append(s.fromTitles, oewsReleaseClue{tg.release, fmt.Sprintf("sheet %q title %q", sheet, tg.title)})
	}
	switch {
	case err == nil && oewsHasMeasure(h):
		s.sheets = append(s.sheets, oewsSheet{book: b, sheet: sheet,
			label: oewsSheetLabel(member, sheet), fill: oewsFileKind(s.path, member, sheet)})
		return nil
	case err == nil:
		s.consider(b, sheet, h, "", oewsMeasureHint)
		return nil
	case errors.Is(err, ErrNoHeader):
		return s.scanForMeasures(b, sheet)
	default:
		return err
	}
}

// scanForMeasures looks for a header that has measures but no OCC_CODE, so
// the error can say which column a user's export lost.
func (s *oewsScan) scanForMeasures(b Book, sheet string) error {
	g, err := b.Open(sheet)
	if err != nil {
		return err
	}
	defer g.Close()
	h, err := FindHeader(g, func(c string) string {
		if oewsMeasures[oewsCanon(c)] {
			return "measure"
		}
		return ""
	}, "measure")
	switch {
	case err == nil:
		s.consider(b, sheet, h, "OCC_CODE", "OCC_CODE")
		return nil
	case errors.Is(err, ErrNoHeader):
		return nil
	default:
		return err
	}
}

// consider keeps the most header-like row that lacks a required column
// (column names it when it is one column). A row naming a single field, as
// a Field Descriptions line does, is not a header.
func (s *oewsScan) consider(b Book, sheet string, h Header, column, missing string) {
	score := 0
	for _, c := range h.Raw {
		if oewsCanon(c) != "" {
			score++
		}
	}
	if score < 2 || score <= s.nearScore {
		return
	}
	s.nearScore = score
	s.nearMiss = &ParseError{File: b.File(), Sheet: sheet, Row: h.Row, Column: column,
		Err: fmt.Errorf("%w: %s; header found: %s", ErrMissingColumn, missing, strings.Join(h.Raw, ", "))}
}

func (s *oewsScan) noDataError(books []Book) error {
	if s.nearMiss != nil {
		return s.nearMiss
	}
	var sheets []string
	for _, b := range books {
		for _, sh := range b.Sheets() {
			if sh != "" {
				sheets = append(sheets, strconv.Quote(sh))
			}
		}
	}
	where := ""
	if len(sheets) > 0 {
		where = " (sheets " + strings.Join(sheets, ", ") + ")"
	}
	return &ParseError{File: s.path, Err: fmt.Errorf(
		"%w: expected an OEWS header row with OCC_CODE and %s in the first %d rows of a sheet%s",
		ErrNoHeader, oewsMeasureHint, maxHeaderScan, where)}
}

// oewsTitleGrid remembers a "May 2023 OEWS Estimates" title in a sheet's
// first rows while FindHeader reads past them.
type oewsTitleGrid struct {
	Grid
	release, title string
}

func (g *oewsTitleGrid) Next() bool {
	if !g.Grid.Next() {
		return false
	}
	if g.release == "" && g.RowNumber() <= 5 {
		for _, c := range g.Row() {
			if m := oewsReleaseTitle.FindStringSubmatch(c); m != nil {
				if r := oewsMayRelease(m[1], false); r != "" {
					g.release, g.title = r, c
					break
				}
			}
		}
	}
	return true
}

// oewsCanon maps a header cell to its canonical column, or "".
func oewsCanon(cell string) string { return oewsAliases[oewsHeaderKey(cell)] }

// oewsHeaderKey upper-cases a header and joins its words with underscores,
// so "LOC QUOTIENT", "loc_quotient" and "Loc. Quotient" meet; a trailing
// footnote mark like "TOT_EMP (1)" is dropped.
func oewsHeaderKey(cell string) string {
	if i := strings.IndexByte(cell, '('); i > 0 {
		cell = cell[:i]
	}
	var b strings.Builder
	sep := false
	for _, r := range strings.ToUpper(cell) {
		if (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			if sep && b.Len() > 0 {
				b.WriteByte('_')
			}
			b.WriteRune(r)
			sep = false
			continue
		}
		sep = true
	}
	return b.String()
}

func oewsHasMeasure(h Header) bool {
	for name := range h.Index {
		if oewsMeasures[name] {
			return true
		}
	}
	return false
}

// oewsSheetLabel is the sheet value stamped on rows: the sheet of a plain
// workbook, "member.xlsx:Sheet" inside a zip, the member name for a text file.
func oewsSheetLabel(member, sheet string) string {
	switch {
	case member == "":
		return sheet
	case sheet == "":
		return member
	default:
		return member + ":" + sheet
	}
}

// oewsFileKind reads the coverage from the most specific name first: the
// zip member (oesm23ma.zip holds both MSA_ and BOS_ files), the file, the
// sheet, then the archive.
func oewsFileKind(path, member, sheet string) *oewsFill {
	names := []string{filepath.Base(member), sheet, filepath.Base(path)}
	if member == "" {
		names = []string{filepath.Base(path), sheet}
	}
	for _, n := range names {
		for i := range oewsFileKinds {
			if n != "" && n != "." && oewsFileKinds[i].pattern.MatchString(n) {
				return &oewsFileKinds[i].fill
			}
		}
	}
	return nil
}

// oewsReleaseFromName finds the May reference period in a file, member or
// sheet name, e.g. "2023-05" in national_M2023_dl.xlsx or oesm23nat.zip.
func oewsReleaseFromName(name string) string {
	for _, p := range oewsReleaseNames {
		if m := p.pattern.FindStringSubmatch(name); m != nil {
			if r := oewsMayRelease(m[1], p.twoDigit); r != "" {
				return r
			}
		}
	}
	return ""
}

// oewsMayRelease turns a year into its May release; two-digit years 97-99
// are the 1990s (the survey's first files), the rest this century.
func oewsMayRelease(year string, twoDigit bool) string {
	y, err := strconv.Atoi(year)
	if err != nil {
		return ""
	}
	if twoDigit {
		if y >= 97 {
			y += 1900
		} else {
			y += 2000
		}
	}
	if y < 1997 || y > 2099 {
		return ""
	}
	return fmt.Sprintf("%04d-05", y)
}

// oewsRelease settles the release: the configured one wins (with a note
// when the file says otherwise), else the first clue found.
func oewsRelease(src Source, clues []oewsReleaseClue) (string, []string, error) {
	var notes []string
	var detected oewsReleaseClue
	if len(clues) > 0 {
		detected = clues[0]
		for _, c := range clues[1:] {
			if c.release != detected.release {
				notes = append(notes, fmt.Sprintf("release %s from %s disagrees with %s from %s",
					c.release, c.from, detected.release, detected.from))
				break
			}
		}
	}
	if src.Release != "" {
		if !oewsReleaseFormat.MatchString(src.Release) {
			return "", nil, &ParseError{File: src.Path,
				Err: fmt.Errorf("%w: configured release %q is not YYYY-MM (OEWS: 2023-05)", ErrRelease, src.Release)}
		}
		if detected.release != "" && detected.release != src.Release {
			notes = append(notes, fmt.Sprintf("configured release %s used; the file says %s (%s)",
				src.Release, detected.release, detected.from))
		}
		return src.Release, notes, nil
	}
	if detected.release == "" {
		return "", nil, &ParseError{File: src.Path, Err: fmt.Errorf(
			"%w: no May reference year in the file name (like national_M2023_dl, oesm23nat, all_data_M_2023), "+
				"zip members, sheet names or a \"May 2023 OEWS Estimates\" title; set release: YYYY-MM for this source in the config",
			ErrRelease)}
	}
	return detected.release, notes, nil
}

// oewsRun loads the data sheets of one source file.
type oewsRun struct {
	rows    *RawWriter
	rejects *Rejects
	seen    map[string]oewsRowRef // key → first row, across the whole file
	cells   []string              // reused for every row
	notes   []string
	noted   map[string]bool
}

type oewsRowRef struct {
	label string
	row   int
}

// oewsField says where a canonical column comes from in one sheet.
type oewsField struct {
	name   string
	header string // as printed, for rejects
	index  int    // cell index, or -1 when the sheet lacks the column
	fill   string // the value for every row when the sheet lacks the column
}

// absent reports whether the sheet has no value at all for the column.
func (f oewsField) absent() bool { return f.index < 0 && f.fill == "" }

func (f oewsField) value(row []string) string {
	if f.index < 0 {
		return f.fill
	}
	if f.index >= len(row) {
		return ""
	}
	return row[f.index]
}

// Positions in oewsColumns of the columns every row needs by name;
// TestOEWSColumnPositions keeps them in step with the list.
const (
	oewsArea      = 0
	oewsAreaTitle = 1
	oewsNAICS     = 4
	oewsOwnCode   = 7
	oewsOccCode   = 8
	oewsOGroup    = 10
)

func (r *oewsRun) note(s string) {
	if !r.noted[s] {
		r.noted[s] = true
		r.notes = append(r.notes, s)
	}
}

func (r *oewsRun) loadSheet(ctx context.Context, s oewsSheet) error {
	g, err := OpenNumbers(s.book, s.sheet)
	if err != nil {
		return err
	}
	defer g.Close()
	h, err := FindHeader(g, oewsCanon, "occ_code")
	if err != nil {
		return err
	}
	fields := r.layout(s, h)
	// A text record must have the header's fields: one more is most often an
	// unquoted thousands separator ("1,234"), which shifts every later value.
	// (A worksheet row has its cells in their columns, however many.)
	width := 0
	if s.sheet == "" {
		width = len(h.Raw)
	}
	for n := 0; g.Next(); n++ {
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if err := r.loadRow(ctx, s.label, fields, width, g.RowNumber(), g.Row()); err != nil {
			return fmt.Errorf("%s: %w", g.File(), err)
		}
	}
	return g.Err()
}

// layout maps the sheet's header onto oewsColumns, filling columns an old
// layout leaves out from the file kind, and notes what it did.
func (r *oewsRun) layout(s oewsSheet, h Header) []oewsField {
	where := s.book.File()
	if s.sheet != "" {
		where += fmt.Sprintf(", sheet %q", s.sheet)
	}
	fields := make([]oewsField, len(oewsColumns))
	var filled []string
	for i, name := range oewsColumns {
		f := oewsField{name: name, header: strings.ToUpper(name), index: -1}
		if idx, ok := h.Index[name]; ok {
			f.index, f.header = idx, h.Raw[idx]
		} else if s.fill != nil {
			if v, ok := s.fill.values[name]; ok {
				f.fill = v
				filled = append(filled, name+"="+v)
			}
		}
		fields[i] = f
	}
	if len(filled) > 0 {
		r.note(fmt.Sprintf("%s: columns absent from the header filled as a %s file: %s",
			where, s.fill.name, strings.Join(filled, ", ")))
	}
	if fields[oewsArea].absent() && fields[oewsAreaTitle].absent() {
		r.note(where + ": no area columns and the file name does not say national, state or MSA; area left empty")
	}
	var ignored []string
	for i, c := range h.Raw {
		if name := oewsCanon(c); c != "" && (name == "" || h.Index[name] != i) {
			ignored = append(ignored, strconv.Quote(c))
		}
	}
	if len(ignored) > 0 {
		r.note(fmt.Sprintf("%s: columns not in the OEWS layout ignored: %s", where, strings.Join(ignored, ", ")))
	}
	return fields
}

// loadRow validates one data row, writes its rejects and appends it unless
// the row as a whole is unusable. width, when not 0, is the number of
// fields every record must have.
func (r *oewsRun) loadRow(ctx context.Context, label string, fields []oewsField, width, num int, row []string) error {
	if oewsBlank(row) {
		return nil
	}
	if width > 0 && len(row) != width {
		if oewsIsFootnote(row) {
			return nil
		}
		reason := fmt.Sprintf("ragged row: %d fields, the header has %d (unquoted comma in a number?)", len(row), width)
		if len(row) < width {
			reason = fmt.Sprintf("truncated row: %d fields, the header has %d", len(row), width)
		}
		return r.rejects.Add(ctx, label, num, "", truncate(strings.Join(row, ","), 200), reason)
	}
	occField := fields[oewsOccCode]
	occ := occField.value(row)
	if !oewsIsSOCCode(occ) {
		if oewsIsFootnote(row) || oewsCanon(occ) == "occ_code" { // a note, or a repeated header
			return nil
		}
		return r.rejects.Add(ctx, label, num, occField.header, occ, oewsOccReason)
	}
	cells := r.cells
	for i, f := range fields {
		cells[i] = f.value(row)
	}
	key := r.key(cells)
	if prev, dup := r.seen[key]; dup {
		reason := fmt.Sprintf("duplicate of row %d", prev.row)
		if prev.label != label {
			reason += fmt.Sprintf(" of sheet %q", prev.label)
		}
		return r.rejects.Add(ctx, label, num, occField.header, occ, reason)
	}
	r.seen[key] = oewsRowRef{label: label, row: num}
	for i, f := range fields {
		reason := oewsCheck(f.name, cells[i])
		if reason == "" {
			continue
		}
		if err := r.rejects.Add(ctx, label, num, f.header, cells[i], reason); err != nil {
			return err
		}
		cells[i] = ""
	}
	return r.rows.Append(ctx, label, num, cells)
}

// key identifies an estimate within a file: area (or its title when the
// code is absent), industry, ownership, occupation and level. The broad and
// detailed rows of 29-2010 differ in level.
func (r *oewsRun) key(cells []string) string {
	area := cells[oewsArea]
	if area == "" {
		area = "title:" + cells[oewsAreaTitle]
	}
	return strings.Join([]string{area, cells[oewsNAICS], cells[oewsOwnCode], cells[oewsOccCode], cells[oewsOGroup]}, "\x1f")
}

// oewsCheck returns why a cell is not valid for its column, or "".
func oewsCheck(name, v string) string {
	switch {
	case v == "":
		return ""
	case oewsMeasures[name] && !oewsSpecialValues[v] && !oewsIsNumber(v):
		return oewsMeasureReason
	case oewsFlags[name] && !oewsFlagValues[strings.ToUpper(v)]:
		return oewsFlagReason
	}
	return ""
}

// oewsIsSOCCode reports whether s looks like NN-NNNN.
func oewsIsSOCCode(s string) bool {
	if len(s) != 7 || s[2] != '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if i != 2 && (s[i] < '0' || s[i] > '9') {
			return false
		}
	}
	return true
}

// oewsIsNumber accepts a decimal number as BLS and spreadsheet exports
// print it: optional sign, optional thousands separators in groups of
// three, optional fraction ("151,853,870", "-0.5", "1000.000").
func oewsIsNumber(s string) bool {
	if s != "" && (s[0] == '-' || s[0] == '+') {
		s = s[1:]
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
	if hasFrac && !oewsDigits(frac) {
		return false
	}
	if intPart == "" {
		return hasFrac
	}
	groups := strings.Split(intPart, ",")
	if len(groups[0]) == 0 || !oewsDigits(groups[0]) || (len(groups) > 1 && len(groups[0]) > 3) {
		return false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 || !oewsDigits(g) {
			return false
		}
	}
	return true
}

func oewsDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func oewsBlank(row []string) bool {
	for _, c := range row {
		if c != "" {
			return false
		}
	}
	return true
}

// oewsFootnoteLeads start the notes BLS and users put below a table.
var oewsFootnoteLeads = []string{"footnote", "note", "source", "(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)"}

// oewsIsFootnote reports whether a row without an occupation code is a note
// rather than a broken data row: a single cell of text, or a row led by
// "Footnotes:", "Note:", "Source:" or "(1)".
func oewsIsFootnote(row []string) bool {
	first, n := "", 0
	for _, c := range row {
		if c != "" {
			if n == 0 {
				first = c
			}
			n++
		}
	}
	lower := strings.ToLower(first)
	for _, lead := range oewsFootnoteLeads {
		if strings.HasPrefix(lower, lead) {
			return true
		}
	}
	return n == 1 && strings.ContainsFunc(first, func(r rune) bool {
		return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')
	})
}
