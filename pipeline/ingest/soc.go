package ingest

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/wagescope/wagescope/internal/lazyre"
)

// SOC reference workbooks, recognized by their header rather than their
// file name:
//   - soc_structure_2018.xlsx: "Major Group | Minor Group | Broad Group |
//     Detailed Occupation" with the title in the unlabeled column after them;
//     the column holding the code gives the level;
//   - soc_2018_definitions.xlsx: "SOC Group | SOC Code | SOC Title | SOC
//     Definition";
//   - occupation_definitions_mYYYY.xlsx: "May 2023 OEWS Estimates Code |
//     … Title | … Definition", the occupations OEWS publishes (including its
//     aggregates such as 29-2010).

const socTable = "raw_soc__occupations"

// socColumns are the columns of raw_soc__occupations, in order.
var socColumns = []string{"classification", "soc_level", "soc_code", "soc_title", "definition"}

// Classifications written to raw_soc__occupations.classification.
const (
	socClassSOC2018 = "soc2018"
	socClassOEWS    = "oews"
)

// socLevelColumns are the structure workbook's level columns, top down:
// canonical header name → soc_level.
var socLevelColumns = []struct{ column, level string }{
	{"major_group", "major"},
	{"minor_group", "minor"},
	{"broad_group", "broad"},
	{"detailed_occupation", "detailed"},
}

// socGroupLevels maps the definitions workbook's "SOC Group" cell (lower
// case) to soc_level.
var socGroupLevels = map[string]string{
	"major":    "major",
	"minor":    "minor",
	"broad":    "broad",
	"detailed": "detailed",
}

// socHeaderPatterns maps a header cell (normalized by normalizeHeaderText)
// to a canonical name. Names are distinct per workbook kind so a header row
// is recognized as exactly one kind.
var socHeaderPatterns = headerPatterns{
	{"major_group", lazyre.New(`^major groups?$`)},
	{"minor_group", lazyre.New(`^minor groups?$`)},
	{"broad_group", lazyre.New(`^broad (?:groups?|occupations?)$`)},
	{"detailed_occupation", lazyre.New(`^detailed occupations?$`)},
	{"structure_title", lazyre.New(`^(?:occupation )?title$`)},
	{"soc_group", lazyre.New(`^(?:\d{4} )?soc group$`)},
	{"soc_code", lazyre.New(`^(?:\d{4} )?soc code$`)},
	{"soc_title", lazyre.New(`^(?:\d{4} )?soc title$`)},
	{"soc_definition", lazyre.New(`^(?:\d{4} )?soc definition$`)},
	{"oews_code", socOEWSCodeRe},
	{"oews_title", socOEWSHeaderRe("title")},
	{"oews_definition", socOEWSHeaderRe("definition")},
}

// socOEWSHeaderRe matches "may 2023 oews estimates <word>" (month and year
// optional; "oes" as the program was called before 2021 too).
func socOEWSHeaderRe(word string) *lazyre.Regexp {
	return lazyre.New(`^(?:([a-z]+) (\d{4}) )?oe(?:w)?s (?:estimates )?` + word + `$`)
}

// socOEWSCodeRe matches the OEWS code header; groups 1 and 2 are the
// estimates month and year.
var socOEWSCodeRe = socOEWSHeaderRe("code")

// socMonths maps an English month name to its number, for the OEWS release.
var socMonths = map[string]string{
	"january": "01", "february": "02", "march": "03", "april": "04",
	"may": "05", "june": "06", "july": "07", "august": "08",
	"september": "09", "october": "10", "november": "11", "december": "12",
}

// socReleaseRe is the form of a configured SOC release: "2018" or "2023-05".
var socReleaseRe = lazyre.New(`^\d{4}(?:-(?:0[1-9]|1[0-2]))?$`)

// socKind is one recognizable workbook layout.
type socKind struct {
	name           string // for messages
	classification string
	required       []string
	header         string // the header as the publisher prints it, for messages
	release        string // fixed release, or "" to read it from the header
}

// socKinds are tried in order on every sheet; the first whose required
// columns are all in one header row wins.
var socKinds = []socKind{
	{name: "SOC 2018 structure", classification: socClassSOC2018, release: "2018",
		required: []string{"major_group", "minor_group", "broad_group", "detailed_occupation"},
		header:   "Major Group | Minor Group | Broad Group | Detailed Occupation | (title)"},
	{name: "SOC 2018 definitions", classification: socClassSOC2018, release: "2018",
		required: []string{"soc_group", "soc_code", "soc_title"},
		header:   "SOC Group | SOC Code | SOC Title | SOC Definition"},
	{name: "OEWS occupation definitions", classification: socClassOEWS,
		required: []string{"oews_code", "oews_title"},
		header:   "May 2023 OEWS Estimates Code | … Title | … Definition"},
}

// IngestSOC loads a SOC reference workbook into raw_soc__occupations,
// recognizing it by its header: the SOC 2018 structure (classification
// "soc2018", soc_level from the column that holds the code), the SOC 2018
// definitions ("soc2018", soc_level from "SOC Group") or the OEWS occupation
// definitions ("oews", no level). Result.Release is "2018" for the SOC files
// and the month of the OEWS estimates for the OEWS list ("May 2023 OEWS
// Estimates Code" → "2023-05"); src.Release ("YYYY" or "YYYY-MM") overrides
// it. Rows whose code is not NN-NNNN, or repeats an earlier code, are
// rejected; notes under a table are skipped.
func IngestSOC(ctx context.Context, src Source, sink Sink) (Result, error) {
	var res Result
	if src.Release != "" && !socReleaseRe.MatchString(src.Release) {
		return res, fmt.Errorf("source %s: configured release %q: %w: want YYYY or YYYY-MM", src.Name, src.Release, ErrRelease)
	}
	books, err := OpenBooks(src.Path)
	if err != nil {
		return res, err
	}
	defer closeBookList(books)

	out := NewRawWriter(sink, socTable, src.FileID, socColumns)
	rej := NewRejects(sink, src.FileID)
	release, rows := "", 0
	for _, b := range books {
		sheet, kind, h, err := findSOCTable(b)
		if err != nil {
			return res, err
		}
		r, err := socRelease(b, sheet, kind, h)
		if err != nil && src.Release == "" {
			return res, err
		}
		if release != "" && r != release {
			return res, &ParseError{File: b.File(), Sheet: sheet, Row: h.Row,
				Err: fmt.Errorf("%w: release %s differs from %s in an earlier file of the same source", ErrRelease, r, release)}
		}
		release = r
		n, err := ingestSOCTable(ctx, b, sheet, kind, out, rej)
		if err != nil {
			return res, err
		}
		rows += n
	}
	if rows == 0 {
		return res, &ParseError{File: src.Path, Err: fmt.Errorf("%w: %s", ErrNoData, rej.explain(fmt.Sprintf("no valid occupation rows (%d rejects)", rej.Count())))}
	}
	if err := errors.Join(out.Close(ctx), rej.Close(ctx)); err != nil {
		return res, err
	}
	res.Rows = out.Rows()
	res.Rejected = rej.Count()
	res.Release = release
	if src.Release != "" {
		if release != "" && release != src.Release {
			res.Notes = append(res.Notes, fmt.Sprintf("configured release %s overrides %s read from the file", src.Release, release))
		}
		res.Release = src.Release
	}
	return res, nil
}

// findSOCTable returns the first sheet of b with a recognizable header, the
// kind of workbook it is and the header.
func findSOCTable(b Book) (string, socKind, Header, error) {
	for _, sheet := range b.Sheets() {
		for _, kind := range socKinds {
			h, err := readSOCHeader(b, sheet, kind)
			if err == nil {
				return sheet, kind, h, nil
			}
			if !errors.Is(err, ErrNoHeader) {
				return "", socKind{}, Header{}, err
			}
		}
	}
	var expected []string
	for _, k := range socKinds {
		expected = append(expected, fmt.Sprintf("%s (%s)", k.name, k.header))
	}
	return "", socKind{}, Header{}, &ParseError{File: b.File(),
		Err: fmt.Errorf("%w: not a SOC reference workbook; expected the header of one of: %s", ErrNoHeader, strings.Join(expected, "; "))}
}

// readSOCHeader opens sheet and looks for kind's header in it.
func readSOCHeader(b Book, sheet string, kind socKind) (Header, error) {
	g, err := b.Open(sheet)
	if err != nil {
		return Header{}, err
	}
	defer g.Close()
	return FindHeader(g, socHeaderPatterns.canon, kind.required...)
}

// socRelease is kind's fixed release, or the OEWS month read from the code
// header ("May 2023 OEWS Estimates Code" → "2023-05").
func socRelease(b Book, sheet string, kind socKind, h Header) (string, error) {
	if kind.release != "" {
		return kind.release, nil
	}
	raw := h.Raw[h.Index["oews_code"]]
	m := socOEWSCodeRe.FindStringSubmatch(normalizeHeaderText(raw))
	if m == nil || socMonths[m[1]] == "" {
		return "", &ParseError{File: b.File(), Sheet: sheet, Row: h.Row, Column: raw,
			Err: fmt.Errorf("%w: the code header names no estimates month (\"May 2023 OEWS Estimates Code\"); set release: YYYY-MM in the source", ErrRelease)}
	}
	return m[2] + "-" + socMonths[m[1]], nil
}

// ingestSOCTable streams the rows under kind's header in sheet and returns
// how many were written.
func ingestSOCTable(ctx context.Context, b Book, sheet string, kind socKind, out *RawWriter, rej *Rejects) (int, error) {
	g, err := b.Open(sheet)
	if err != nil {
		return 0, err
	}
	defer g.Close()
	h, err := FindHeader(g, socHeaderPatterns.canon, kind.required...)
	if err != nil {
		return 0, err
	}
	seen := map[string]int{}
	return streamRows(ctx, g, func(row []string, rowNumber int) rowVerdict {
		r, bad := socRow(kind, h, row)
		switch {
		case !isSOCCode(r.code) && isNoteRow(row):
			return rowVerdict{skip: true} // a note or source line under the table
		case bad.reason != "":
		case !isSOCCode(r.code):
			bad = socReject{column: h.Raw[r.codeIndex], value: r.code, reason: "code is not of the form NN-NNNN"}
		default:
			if first, dup := seen[r.code]; dup {
				bad = socReject{column: h.Raw[r.codeIndex], value: r.code, reason: fmt.Sprintf("duplicate of row %d", first)}
			}
		}
		if bad.reason != "" {
			return rejectRow(bad.column, bad.value, bad.reason)
		}
		seen[r.code] = rowNumber
		return rowVerdict{cells: []string{kind.classification, r.level, r.code, r.title, r.definition}}
	}, out, rej)
}

// socFields are the values of one SOC row; codeIndex is the cell the code
// came from, for a reject.
type socFields struct {
	level, code, title, definition string
	codeIndex                      int
}

// socReject is why a row cannot be used.
type socReject struct{ column, value, reason string }

// socRow extracts the fields of row according to kind's header. Code
// format is checked by the caller.
func socRow(kind socKind, h Header, row []string) (socFields, socReject) {
	switch kind.required[0] {
	case "major_group":
		return socStructureRow(h, row)
	case "soc_group":
		f := socFields{code: h.Get(row, "soc_code"), title: h.Get(row, "soc_title"),
			definition: h.Get(row, "soc_definition"), codeIndex: h.Index["soc_code"]}
		group := h.Get(row, "soc_group")
		f.level = socGroupLevels[strings.ToLower(group)]
		if f.level == "" && f.code != "" {
			return f, socReject{column: h.Raw[h.Index["soc_group"]], value: group, reason: "SOC Group is not Major, Minor, Broad or Detailed"}
		}
		return f, socReject{}
	default:
		return socFields{code: h.Get(row, "oews_code"), title: h.Get(row, "oews_title"),
			definition: h.Get(row, "oews_definition"), codeIndex: h.Index["oews_code"]}, socReject{}
	}
}

// socStructureRow reads a structure row: the code sits in the column of its
// level, the title in the labeled title column or else the first column
// after the level columns (the 2018 file leaves that header cell empty).
func socStructureRow(h Header, row []string) (socFields, socReject) {
	var f socFields
	titleIndex, filled := 0, 0
	for _, lc := range socLevelColumns {
		i := h.Index[lc.column]
		if i+1 > titleIndex {
			titleIndex = i + 1
		}
		if v := h.Get(row, lc.column); v != "" {
			filled++
			if filled == 1 {
				f.level, f.code, f.codeIndex = lc.level, v, i
			}
		}
	}
	if i, ok := h.Index["structure_title"]; ok {
		titleIndex = i
	}
	if titleIndex < len(row) {
		f.title = row[titleIndex]
	}
	if filled > 1 {
		return f, socReject{column: h.Raw[f.codeIndex], value: f.code, reason: "codes in more than one level column"}
	}
	return f, socReject{}
}
