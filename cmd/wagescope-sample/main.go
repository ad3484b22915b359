// Command wagescope-sample writes the small offline sample in data/sample/
// that the default config.yaml runs on. It reads the real BLS files in place
// from the shared data folder (never copying them whole) and keeps, in each
// file's own layout, only the rows of a few dozen occupations, six states,
// two metro areas and the CPI-U series used for inflation adjustment.
//
// Usage, from the repository root:
//
//	go run ./cmd/wagescope-sample [--shared ../shared/data] [--out data/sample]
//
// The output is deterministic: rows keep the order of the real files,
// workbook document properties carry fixed dates, and running it twice
// writes the same bytes. Every occupation code missing from a real file is
// reported as a warning on stderr; a summary of what was written, with the
// sha256 of every real file read, goes to stdout.
//
// Besides the BLS files it cuts one posting dataset, the 2020 Glassdoor
// scrape in postings/glassdoor_ds_jobs_kenjee_2020, to the rows whose job
// title is a clinical-laboratory, data-scientist or nurse title (see
// postingTitles), so that the sample has posted pay to compare.
package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/wagescope/wagescope/internal/filehash"
	"github.com/xuri/excelize/v2"
)

// occupations are the OEWS codes kept in every file, with the title they
// are kept for (the files' own titles are written, not these).
var occupations = []struct{ code, why string }{
	{"00-0000", "All Occupations"},
	{"11-0000", "Management Occupations (major)"},
	{"15-0000", "Computer and Mathematical Occupations (major)"},
	{"25-0000", "Educational Instruction and Library Occupations (major)"},
	{"29-0000", "Healthcare Practitioners and Technical Occupations (major)"},
	{"31-0000", "Healthcare Support Occupations (major)"},
	{"29-2000", "Health Technologists and Technicians (minor)"},
	{"29-2010", "Clinical Laboratory Technologists and Technicians (broad and detailed rows)"},
	{"29-1141", "Registered Nurses"},
	{"29-2061", "Licensed Practical and Licensed Vocational Nurses"},
	{"31-9097", "Phlebotomists"},
	{"29-2033", "Nuclear Medicine Technologists"},
	{"29-2034", "Radiologic Technologists and Technicians"},
	{"29-2052", "Pharmacy Technicians"},
	{"29-2081", "Opticians, Dispensing"},
	{"29-1071", "Physician Assistants"},
	{"29-1051", "Pharmacists"},
	{"29-1292", "Dental Hygienists"},
	{"31-1131", "Nursing Assistants"},
	{"31-9092", "Medical Assistants"},
	{"19-1042", "Medical Scientists, Except Epidemiologists"},
	{"19-4021", "Biological Technicians"},
	{"11-1011", "Chief Executives (# top-coded percentiles)"},
	{"11-9111", "Medical and Health Services Managers"},
	{"15-1252", "Software Developers"},
	{"15-2051", "Data Scientists"},
	{"15-1211", "Computer Systems Analysts"},
	{"13-2011", "Accountants and Auditors"},
	{"25-2021", "Elementary School Teachers (annual wages only)"},
	{"27-2011", "Actors (hourly wages only)"},
	{"43-4171", "Receptionists and Information Clerks"},
	{"53-3032", "Heavy and Tractor-Trailer Truck Drivers"},
}

// socChildrenOf are selected broad groups whose detailed occupations the
// SOC structure sample keeps too: OEWS publishes 29-2010 as the aggregate of
// 29-2011 and 29-2012, and the pipeline must know that roll-up.
var socChildrenOf = map[string]bool{"29-2010": true}

// states are the AREA_TITLE values kept from the state extract.
var states = []string{"Alabama", "California", "Florida", "New York", "Pennsylvania", "Texas"}

// metros are the AREA codes kept from the New York MSA extract.
var metros = map[string]string{"35620": "New York-Newark-Jersey City, NY-NJ-PA", "40380": "Rochester, NY"}

// cpiSeries and cpiFromYear select the CPI-U lines kept.
const (
	cpiSeries   = "CUUR0000SA0"
	cpiFromYear = "2015"
)

// fieldDescriptionRows is how many leading rows of a Field Descriptions
// sheet are kept: the "May 2023 OEWS Estimates" title block down to the
// "Field | Field Description" header.
const fieldDescriptionRows = 10

// sampleDate is written as the created and modified date of every sample
// workbook so that the bytes do not change from run to run; it is not the
// date a file was made.
const sampleDate = "2024-01-01T00:00:00Z"

// source is one real file the sample is cut from. sha256 is the digest its
// folder's PROVENANCE.md records; a different file is cut all the same, with
// a warning, and the digest actually read is what the summary prints.
type source struct {
	rel    string // path under --shared
	sha256 string
}

var (
	srcNational2023 = source{"bls/oews/national/national_M2023_dl.xlsx", "9200eb0423feece690c2f7e9a20c3817b0e494cd7071cb455b3ebae579536d5a"}
	srcNational2022 = source{"bls/oews/national/national_M2022_dl.xlsx", "19aadce804696b04d3df63215b89e112a9956c7ea3da7d5e23bd4ab1ad8d6a99"}
	srcState2023    = source{"bls/oews/extracts_modified/state_M2023_dl.csv", "c2f30274af966efe8bb067d786e69004a07216c82525a40608e8e92be86f15d1"}
	srcMSA2023      = source{"bls/oews/extracts_modified/MSA_M2023_dl.xlsx", "3717711d8e9b055fb91f987c66c8cc4b4ec35d30c2189c25827498cf88d177a2"}
	srcEP2022       = source{"bls/projections/2022-32/Employment Projections.csv", "683c8b9374dcc485aaa5d0f7f8941ad88f46c30dbe0c850540128567bbfcf365"}
	srcEP2021       = source{"bls/projections/2021-31/Employment Projections.csv", "e0ef5a2504ebc2786284f8a0c48723accb9b16c9f52f4b1e9a31d58a71d281d8"}
	srcSOCStructure = source{"bls/crosswalks/soc/soc_structure_2018.xlsx", "ade08af40923266f3a854842e888ca3e93c15b26a147c20a2b12a61f4c4f4077"}
	srcOEWSDefs     = source{"bls/crosswalks/soc/occupation_definitions_m2023.xlsx", "b99c0e894601591e9987ae2dcd595230936192cdadb98587316725b7257cb76e"}
	srcCPI          = source{"bls/timeseries/cu/cu.data.1.AllItems", "ec1b22d8c30f4007964743010e3d3324dc16f38298936c5733bf48387a1bf7f9"}
	srcGlassdoor    = source{"postings/glassdoor_ds_jobs_kenjee_2020/glassdoor_jobs.csv", "950a1d9e564eeffedb58b95216aa3bb012ef23becab611cfff820d78b0e44123"}
)

// postingTitles select the rows of the Glassdoor posting sample by their
// "Job Title", in order: a row is kept by the first group whose pattern
// matches it, while that group has room (limit 0 keeps every match). Every
// clinical-laboratory posting is kept, scrape repeats included (the
// preset's duplicate_key collapses them), so that 29-2010 has a posted
// cell of at least min_cell_size distinct postings; the other groups give a
// few other occupations posted pay. Job descriptions are kept whole.
var postingTitles = []struct {
	why   string
	re    *regexp.Regexp
	limit int
}{
	{"29-2010 clinical laboratory", regexp.MustCompile(`(?i)medical (lab|technolog)|clinical lab|lab(oratory)? scientist|med tech`), 0},
	{"15-2051 data scientist", regexp.MustCompile(`(?i)data scientist`), 30},
	{"29-1141 nurse", regexp.MustCompile(`(?i)nurse`), 10},
}

// output is one sample file and how it is cut.
type output struct {
	name string
	from source
	cut  func(g *gen, src string) ([]byte, int, error) // returns the file and its data rows
}

var outputs = []output{
	{"national_M2023_dl.xlsx", srcNational2023, cutNationalXLSX},
	{"national_M2022_dl.csv", srcNational2022, cutNationalCSV},
	{"state_M2023_dl_sample.csv", srcState2023, cutState},
	{"MSA_M2023_dl_sample.xlsx", srcMSA2023, cutMSA},
	{"ep_2022-32_sample.csv", srcEP2022, cutProjections},
	{"ep_2021-31_sample.csv", srcEP2021, cutProjections},
	{"soc_structure_2018_sample.xlsx", srcSOCStructure, cutSOCStructure},
	{"occupation_definitions_m2023_sample.xlsx", srcOEWSDefs, cutOEWSDefinitions},
	{"cu.data.1.AllItems.sample", srcCPI, cutCPI},
	{"glassdoor_jobs_sample.csv", srcGlassdoor, cutGlassdoor},
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// gen carries the selection and the warning stream through the cuts.
type gen struct {
	selected map[string]bool
	stderr   io.Writer
	warnings int
	file     string          // the real file being cut, for warnings
	anywhere map[string]bool // codes the current file has for some area
}

func (g *gen) warn(format string, args ...any) {
	g.warnings++
	fmt.Fprintf(g.stderr, "warning: %s: %s\n", g.file, fmt.Sprintf(format, args...))
}

// missing warns about every selected code not in found, in list order.
func (g *gen) missing(found map[string]bool, where string) {
	for _, o := range occupations {
		if !found[o.code] {
			g.warn("occupation %s (%s) is not in the file%s; skipped", o.code, o.why, where)
		}
	}
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("wagescope-sample", flag.ContinueOnError)
	fs.SetOutput(stderr)
	shared := fs.String("shared", "../shared/data", "the shared real-data folder (holds bls/...)")
	out := fs.String("out", "data/sample", "folder the sample files are written to")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "wagescope-sample: unexpected arguments %q\n", fs.Args())
		return 2
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintln(stderr, "wagescope-sample:", err)
		return 1
	}
	g := &gen{selected: map[string]bool{}, stderr: stderr}
	for _, o := range occupations {
		g.selected[o.code] = true
	}
	tw := bufio.NewWriter(stdout)
	fmt.Fprintf(tw, "%-42s %8s %5s  %s\n", "file", "bytes", "rows", "cut from (sha256)")
	total := 0
	for _, o := range outputs {
		src := filepath.Join(*shared, filepath.FromSlash(o.from.rel))
		g.file = o.from.rel
		sum, _, err := filehash.SHA256(src)
		if err != nil {
			fmt.Fprintln(stderr, "wagescope-sample:", err)
			return 1
		}
		if sum != o.from.sha256 {
			g.warn("sha256 %s differs from %s recorded in its PROVENANCE.md", sum, o.from.sha256)
		}
		data, rows, err := o.cut(g, src)
		if err != nil {
			fmt.Fprintf(stderr, "wagescope-sample: %s: %v\n", src, err)
			return 1
		}
		if err := writeFileAtomic(filepath.Join(*out, o.name), data); err != nil {
			fmt.Fprintln(stderr, "wagescope-sample:", err)
			return 1
		}
		total += len(data)
		fmt.Fprintf(tw, "%-42s %8d %5d  %s (%s)\n", o.name, len(data), rows, o.from.rel, sum)
	}
	fmt.Fprintf(tw, "%-42s %8d\n", "total", total)
	if err := tw.Flush(); err != nil {
		fmt.Fprintln(stderr, "wagescope-sample:", err)
		return 1
	}
	if g.warnings > 0 {
		fmt.Fprintf(stderr, "wagescope-sample: %d warnings\n", g.warnings)
	}
	return 0
}

// writeFileAtomic writes through a temporary file so that an interrupted
// run never leaves a half-written sample behind.
func writeFileAtomic(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// ---- workbooks ----

// readSheet reads a sheet's cells as formatted text, the way the pipeline
// reads them ("334,380", "#", "*").
func readSheet(path, sheet string) ([][]string, error) {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := f.GetRows(sheet)
	if err != nil {
		return nil, fmt.Errorf("sheet %q: %w", sheet, err)
	}
	return rows, nil
}

// sheetData is one sheet of a workbook to write.
type sheetData struct {
	name string
	rows [][]string
}

// writeWorkbook writes sheets as text cells (empty cells are left out) with
// fixed document properties, and returns the bytes.
func writeWorkbook(sheets []sheetData, title, description string) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName(f.GetSheetName(0), s.name); err != nil {
				return nil, err
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			return nil, err
		}
		for r, row := range s.rows {
			for c, v := range row {
				if v == "" {
					continue
				}
				cell, err := excelize.CoordinatesToCellName(c+1, r+1)
				if err != nil {
					return nil, err
				}
				if err := f.SetCellStr(s.name, cell, v); err != nil {
					return nil, err
				}
			}
		}
	}
	f.SetActiveSheet(0)
	if err := f.SetDocProps(&excelize.DocProperties{
		Creator:        "wagescope-sample",
		LastModifiedBy: "wagescope-sample",
		Title:          title,
		Description:    description,
		Created:        sampleDate,
		Modified:       sampleDate,
	}); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func provenanceNote(g *gen) string {
	return "Sample written by cmd/wagescope-sample from " + g.file + " (see data/README.md); rows kept as read, cells as text."
}

// headerIndex finds a column of a header row by name.
func headerIndex(header []string, name string) (int, error) {
	for i, c := range header {
		if strings.TrimSpace(c) == name {
			return i, nil
		}
	}
	return 0, fmt.Errorf("no %s column in header %q", name, header)
}

func cell(row []string, i int) string {
	if i < len(row) {
		return strings.TrimSpace(row[i])
	}
	return ""
}

// oewsRows keeps the header and the rows of selected occupations (and of
// areas keep accepts, when keep is not nil), in the sheet's order.
func oewsRows(g *gen, rows [][]string, keep func(row []string, areaIdx int) bool) ([][]string, error) {
	if len(rows) == 0 {
		return nil, errors.New("the sheet is empty")
	}
	occ, err := headerIndex(rows[0], "OCC_CODE")
	if err != nil {
		return nil, err
	}
	area, err := headerIndex(rows[0], "AREA")
	if err != nil {
		return nil, err
	}
	kept := [][]string{rows[0]}
	found := map[string]bool{}
	for _, row := range rows[1:] {
		code := cell(row, occ)
		if !g.selected[code] || (keep != nil && !keep(row, area)) {
			continue
		}
		found[code] = true
		kept = append(kept, row)
	}
	g.missing(found, "")
	return kept, nil
}

func fieldDescriptions(path string) (sheetData, error) {
	rows, err := readSheet(path, "Field Descriptions")
	if err != nil {
		return sheetData{}, err
	}
	if len(rows) > fieldDescriptionRows {
		rows = rows[:fieldDescriptionRows]
	}
	return sheetData{"Field Descriptions", rows}, nil
}

func cutNationalXLSX(g *gen, path string) ([]byte, int, error) {
	rows, err := readSheet(path, "national_M2023_dl")
	if err != nil {
		return nil, 0, err
	}
	kept, err := oewsRows(g, rows, nil)
	if err != nil {
		return nil, 0, err
	}
	fd, err := fieldDescriptions(path)
	if err != nil {
		return nil, 0, err
	}
	data, err := writeWorkbook([]sheetData{{"national_M2023_dl", kept}, fd},
		"OEWS May 2023 national cross-industry estimates (sample)", provenanceNote(g))
	return data, len(kept) - 1, err
}

// cutNationalCSV writes the May 2022 workbook as a user's "Save as CSV
// UTF-8" would: BOM, CRLF, commas, every row padded to the header's width,
// cells with commas quoted.
func cutNationalCSV(g *gen, path string) ([]byte, int, error) {
	rows, err := readSheet(path, "national_M2022_dl")
	if err != nil {
		return nil, 0, err
	}
	kept, err := oewsRows(g, rows, nil)
	if err != nil {
		return nil, 0, err
	}
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	width := len(kept[0])
	for _, row := range kept {
		rec := make([]string, width)
		copy(rec, row)
		if err := w.Write(rec); err != nil {
			return nil, 0, err
		}
	}
	w.Flush()
	return buf.Bytes(), len(kept) - 1, w.Error()
}

func cutMSA(g *gen, path string) ([]byte, int, error) {
	rows, err := readSheet(path, "MSA")
	if err != nil {
		return nil, 0, err
	}
	perArea := map[string]map[string]bool{}
	kept, err := oewsRows(g, rows, func(row []string, area int) bool {
		return metros[cell(row, area)] != ""
	})
	if err != nil {
		return nil, 0, err
	}
	occ, _ := headerIndex(rows[0], "OCC_CODE")
	area, _ := headerIndex(rows[0], "AREA")
	for _, row := range kept[1:] {
		a := cell(row, area)
		if perArea[a] == nil {
			perArea[a] = map[string]bool{}
		}
		perArea[a][cell(row, occ)] = true
	}
	g.anywhere = map[string]bool{}
	for _, codes := range perArea {
		for c := range codes {
			g.anywhere[c] = true
		}
	}
	for _, a := range sortedKeys(metros) {
		if perArea[a] == nil {
			g.warn("area %s %s is not in the file; skipped", a, metros[a])
			continue
		}
		g.missingIn(perArea[a], " for area "+a+" "+metros[a])
	}
	fd, err := fieldDescriptions(path)
	if err != nil {
		return nil, 0, err
	}
	data, err := writeWorkbook([]sheetData{{"MSA", kept}, fd},
		"OEWS May 2023 metropolitan area estimates, two New York metros (sample)", provenanceNote(g))
	return data, len(kept) - 1, err
}

// missingIn warns about selected codes absent for one area, but only those
// the file has somewhere (the file-wide check already reported the rest).
func (g *gen) missingIn(found map[string]bool, where string) {
	for _, o := range occupations {
		if !found[o.code] && g.anywhere[o.code] {
			g.warn("occupation %s (%s) is not in the file%s; skipped", o.code, o.why, where)
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// cutSOCStructure keeps the title rows and header above the table, then the
// hierarchy rows of the selected occupations: each selected code with its
// major, minor and broad group, and the detailed occupations of the broad
// groups in socChildrenOf.
func cutSOCStructure(g *gen, path string) ([]byte, int, error) {
	const sheet = "2018 Structure"
	rows, err := readSheet(path, sheet)
	if err != nil {
		return nil, 0, err
	}
	headerRow := -1
	for i, row := range rows {
		if cell(row, 0) == "Major Group" && cell(row, 3) == "Detailed Occupation" {
			headerRow = i
			break
		}
	}
	if headerRow < 0 {
		return nil, 0, errors.New(`no "Major Group … Detailed Occupation" header row`)
	}
	// Each data row has its code in the column of its level (0 major …
	// 3 detailed); its ancestors are the nearest rows above at higher levels.
	keep := map[int]bool{}
	found := map[string]bool{}
	var parents [4]int // row index of the current major, minor, broad group
	parentCode := [4]string{}
	for i := headerRow + 1; i < len(rows); i++ {
		level, code := -1, ""
		for l := 0; l < 4; l++ {
			if c := cell(rows[i], l); c != "" {
				level, code = l, c
				break
			}
		}
		if level < 0 {
			continue
		}
		parents[level], parentCode[level] = i, code
		for l := level + 1; l < 4; l++ {
			parents[l], parentCode[l] = -1, ""
		}
		selected := g.selected[code]
		if level == 3 && parentCode[2] != "" && socChildrenOf[parentCode[2]] {
			selected = true
		}
		if !selected {
			continue
		}
		found[code] = true
		keep[i] = true
		for l := 0; l < level; l++ {
			if parents[l] >= 0 {
				keep[parents[l]] = true
			}
		}
	}
	g.missing(found, "")
	idx := sortedInts(keep)
	kept := append([][]string(nil), rows[:headerRow+1]...)
	for _, i := range idx {
		kept = append(kept, rows[i])
	}
	data, err := writeWorkbook([]sheetData{{sheet, kept}},
		"2018 SOC structure (sample)", provenanceNote(g))
	return data, len(idx), err
}

func sortedInts(m map[int]bool) []int {
	out := make([]int, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Ints(out)
	return out
}

func cutOEWSDefinitions(g *gen, path string) ([]byte, int, error) {
	const sheet = "defs_m2023"
	rows, err := readSheet(path, sheet)
	if err != nil {
		return nil, 0, err
	}
	if len(rows) == 0 {
		return nil, 0, errors.New("the sheet is empty")
	}
	code, err := headerIndex(rows[0], "May 2023 OEWS Estimates Code")
	if err != nil {
		return nil, 0, err
	}
	kept := [][]string{rows[0]}
	found := map[string]bool{}
	for _, row := range rows[1:] {
		if c := cell(row, code); g.selected[c] {
			found[c] = true
			kept = append(kept, row)
		}
	}
	g.missing(found, "")
	data, err := writeWorkbook([]sheetData{{sheet, kept}},
		"OEWS May 2023 occupation definitions (sample)", provenanceNote(g))
	return data, len(kept) - 1, err
}

// ---- text files, cut byte for byte ----

// textRecords splits a delimited text file into records, each with the exact
// bytes it occupies (line ending included), after an optional UTF-8 BOM.
func textRecords(data []byte, comma rune) (bom []byte, recs [][]string, raw [][]byte, err error) {
	if bytes.HasPrefix(data, []byte("\ufeff")) {
		bom, data = data[:3], data[3:]
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = comma
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	var start int64
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, nil, err
		}
		end := r.InputOffset()
		recs = append(recs, rec)
		raw = append(raw, data[start:end])
		start = end
	}
	if int(start) != len(data) {
		return nil, nil, nil, fmt.Errorf("%d bytes after the last record", len(data)-int(start))
	}
	return bom, recs, raw, nil
}

// unwrapFormula removes Excel's text-forcing ="..." wrapper (EP's codes).
func unwrapFormula(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 3 && strings.HasPrefix(s, `="`) && strings.HasSuffix(s, `"`) {
		return s[2 : len(s)-1]
	}
	return s
}

// cutState keeps the header and the selected occupations of six states from
// the semicolon-separated 5-column extract, lines byte for byte.
func cutState(g *gen, path string) ([]byte, int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, 0, err
	}
	bom, recs, raw, err := textRecords(data, ';')
	if err != nil {
		return nil, 0, err
	}
	if len(recs) == 0 {
		return nil, 0, errors.New("the file is empty")
	}
	areaCol, err := headerIndex(recs[0], "AREA_TITLE")
	if err != nil {
		return nil, 0, err
	}
	occCol, err := headerIndex(recs[0], "OCC_CODE")
	if err != nil {
		return nil, 0, err
	}
	keepState := map[string]bool{}
	for _, s := range states {
		keepState[s] = true
	}
	var out bytes.Buffer
	out.Write(bom)
	out.Write(raw[0])
	found := map[string]bool{}
	perState := map[string]map[string]bool{}
	n := 0
	for i, rec := range recs[1:] {
		st, code := cell(rec, areaCol), cell(rec, occCol)
		if !keepState[st] || !g.selected[code] {
			continue
		}
		found[code] = true
		if perState[st] == nil {
			perState[st] = map[string]bool{}
		}
		perState[st][code] = true
		out.Write(raw[i+1])
		n++
	}
	g.missing(found, "")
	g.anywhere = found
	for _, st := range states {
		if perState[st] == nil {
			g.warn("state %s is not in the file; skipped", st)
			continue
		}
		g.missingIn(perState[st], " for "+st)
	}
	return out.Bytes(), n, nil
}

// cutProjections keeps the header line and the selected occupations' lines
// of an EP data-tool export byte for byte.
func cutProjections(g *gen, path string) ([]byte, int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, 0, err
	}
	bom, recs, raw, err := textRecords(data, ',')
	if err != nil {
		return nil, 0, err
	}
	if len(recs) == 0 {
		return nil, 0, errors.New("the file is empty")
	}
	codeCol, err := headerIndex(recs[0], "Occupation Code")
	if err != nil {
		return nil, 0, err
	}
	var out bytes.Buffer
	out.Write(bom)
	out.Write(raw[0])
	found := map[string]bool{}
	n := 0
	for i, rec := range recs[1:] {
		code := unwrapFormula(cell(rec, codeCol))
		if !g.selected[code] {
			continue
		}
		found[code] = true
		out.Write(raw[i+1])
		n++
	}
	g.missing(found, "")
	return out.Bytes(), n, nil
}

// cutCPI keeps the header line and every line of cpiSeries from cpiFromYear
// on, byte for byte (tab-separated, space-padded LABSTAT layout).
func cutCPI(g *gen, path string) ([]byte, int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, 0, err
	}
	var out bytes.Buffer
	n := 0
	for i, line := range bytes.SplitAfter(data, []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		if i == 0 {
			if !bytes.HasPrefix(line, []byte("series_id")) {
				return nil, 0, fmt.Errorf("line 1 is not a LABSTAT header: %q", line)
			}
			out.Write(line)
			continue
		}
		fields := strings.Split(strings.TrimRight(string(line), "\r\n"), "\t")
		if len(fields) < 4 || strings.TrimSpace(fields[0]) != cpiSeries || strings.TrimSpace(fields[1]) < cpiFromYear {
			continue
		}
		out.Write(line)
		n++
	}
	if n == 0 {
		g.warn("series %s from %s is not in the file", cpiSeries, cpiFromYear)
	}
	return out.Bytes(), n, nil
}

// ---- job postings ----

// cutGlassdoor keeps the header and the rows postingTitles select from the
// Glassdoor scrape, in file order. Records are parsed and re-written by
// encoding/csv (LF line ends, quotes only where needed); every field,
// multi-line job descriptions included, keeps its bytes.
func cutGlassdoor(g *gen, path string) ([]byte, int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReader(f))
	header, err := r.Read()
	if err != nil {
		return nil, 0, fmt.Errorf("header: %w", err)
	}
	titleCol, err := headerIndex(header, "Job Title")
	if err != nil {
		return nil, 0, err
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.Write(header); err != nil {
		return nil, 0, err
	}
	kept := make([]int, len(postingTitles))
	n := 0
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, 0, err
		}
		title := cell(rec, titleCol)
		for i, p := range postingTitles {
			if !p.re.MatchString(title) {
				continue
			}
			if p.limit == 0 || kept[i] < p.limit {
				if err := w.Write(rec); err != nil {
					return nil, 0, err
				}
				kept[i]++
				n++
			}
			break
		}
	}
	for i, p := range postingTitles {
		if kept[i] == 0 {
			g.warn("no Job Title matches %s (%s); none kept", p.re, p.why)
		}
	}
	w.Flush()
	return buf.Bytes(), n, w.Error()
}
