package ingest

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/wagescope/wagescope/internal/lazyre"
)

// O*NET title lists (published by DOL/ETA's O*NET Center, not by BLS), used
// to map posted job titles to occupations. Two files, recognized by their
// header rather than their name, either as .xlsx workbooks or as the
// tab-delimited .txt files of the O*NET database, alone or in a .zip:
//   - Alternate Titles: "O*NET-SOC Code | Title | Alternate Title | Short
//     Title | Source(s)", about 56,000 lay and historical titles;
//   - Sample of Reported Titles: "O*NET-SOC Code | Title | Reported Job
//     Title | Shown in My Next Move", titles incumbents and employers report.
//
// Both go to raw_titles__onet, told apart by list ("alternate" |
// "reported"). Codes are O*NET-SOC ("29-2011.00"); the 6-digit SOC code is
// the part before the dot, which staging derives.

const onetTable = "raw_titles__onet"

// onetColumns are the columns of raw_titles__onet, in order. For the
// reported list, alternate_title holds the reported job title, short_title
// is empty and sources holds the "Shown in My Next Move" flag (Y/N).
var onetColumns = []string{"onet_code", "occupation_title", "alternate_title", "short_title", "sources", "list"}

// Values of raw_titles__onet.list.
const (
	onetListAlternate = "alternate"
	onetListReported  = "reported"
)

// onetHeaderPatterns maps a header cell (normalized by normalizeHeaderText)
// to a canonical name.
var onetHeaderPatterns = headerPatterns{
	{"onet_code", lazyre.New(`^o\*?net-?soc code$`)},
	{"occupation_title", lazyre.New(`^title$`)},
	{"alternate_title", lazyre.New(`^alternate title$`)},
	{"short_title", lazyre.New(`^short title$`)},
	{"sources", lazyre.New(`^sources?(?:\(s\))?$`)},
	{"reported_title", lazyre.New(`^reported job title$`)},
	{"my_next_move", lazyre.New(`^shown in my next move$`)},
}

// onetKind is one of the two lists.
type onetKind struct {
	list     string
	title    string // canonical column holding the listed title
	flag     string // canonical column loaded into sources
	required []string
	header   string // as O*NET prints it, for messages
}

var onetKinds = []onetKind{
	{list: onetListAlternate, title: "alternate_title", flag: "sources",
		required: []string{"onet_code", "occupation_title", "alternate_title"},
		header:   "O*NET-SOC Code | Title | Alternate Title | Short Title | Source(s)"},
	{list: onetListReported, title: "reported_title", flag: "my_next_move",
		required: []string{"onet_code", "occupation_title", "reported_title"},
		header:   "O*NET-SOC Code | Title | Reported Job Title | Shown in My Next Move"},
}

var (
	// onetCodeRe is the O*NET-SOC code form NN-NNNN.NN.
	onetCodeRe = lazyre.New(`^\d{2}-\d{4}\.\d{2}$`)
	// onetVersionPathRe finds the database version in a path as O*NET
	// names its downloads: "db_30_0_excel", "db_29_1_text.zip".
	onetVersionPathRe = lazyre.New(`(?i)\bdb_(\d{1,2})_(\d)(?:_|\b)`)
	// onetReleaseRe is the form of a configured release: "30.0" or
	// "onet-30.0".
	onetReleaseRe = lazyre.New(`^(?:onet-)?(\d{1,2}\.\d)$`)
)

// IngestONET loads the O*NET Alternate Titles and Sample of Reported Titles
// lists into raw_titles__onet. Every file (or zip member) must be one of the
// two lists; members of an O*NET database zip that are neither are skipped
// with a note. Result.Release is "onet-<version>" when the path names the
// database version ("db_30_0_excel/…" → "onet-30.0") or src.Release gives
// it ("30.0"), else "onet": the files themselves do not state it.
//
// A row whose code is not NN-NNNN.NN, or whose listed title is empty, is
// rejected; blank rows are skipped.
func IngestONET(ctx context.Context, src Source, sink Sink) (Result, error) {
	var res Result
	release := "onet"
	if m := onetVersionPathRe.FindStringSubmatch(filepath.ToSlash(src.Path)); m != nil {
		release = "onet-" + m[1] + "." + m[2]
	}
	if src.Release != "" {
		m := onetReleaseRe.FindStringSubmatch(src.Release)
		if m == nil {
			return res, fmt.Errorf("source %s: configured release %q: %w: want the O*NET database version, e.g. 30.0", src.Name, src.Release, ErrRelease)
		}
		if release != "onet" && release != "onet-"+m[1] {
			res.Notes = append(res.Notes, fmt.Sprintf("configured release onet-%s overrides %s read from the path", m[1], release))
		}
		release = "onet-" + m[1]
	}
	books, err := OpenBooks(src.Path)
	if err != nil {
		return res, err
	}
	defer closeBookList(books)

	out := NewRawWriter(sink, onetTable, src.FileID, onetColumns)
	rej := NewRejects(sink, src.FileID)
	lists := map[string]int{}
	var firstErr error
	for _, b := range books {
		sheet, kind, err := findONETTable(b)
		if err != nil {
			if errors.Is(err, ErrNoHeader) && len(books) > 1 {
				res.Notes = append(res.Notes, fmt.Sprintf("%s: skipped: not an O*NET title list", b.File()))
				if firstErr == nil {
					firstErr = err
				}
				continue
			}
			return res, err
		}
		n, err := ingestONETTable(ctx, b, sheet, kind, out, rej)
		if err != nil {
			return res, err
		}
		lists[kind.list] += n
	}
	if len(lists) == 0 {
		return res, firstErr
	}
	if lists[onetListAlternate]+lists[onetListReported] == 0 {
		return res, &ParseError{File: src.Path, Err: fmt.Errorf("%w: %s", ErrNoData, rej.explain(fmt.Sprintf("no valid title rows (%d rejects)", rej.Count())))}
	}
	if err := errors.Join(out.Close(ctx), rej.Close(ctx)); err != nil {
		return res, err
	}
	for _, k := range onetKinds {
		if n, ok := lists[k.list]; ok {
			res.Notes = append(res.Notes, fmt.Sprintf("%d %s titles", n, k.list))
		}
	}
	res.Release = release
	res.Rows = out.Rows()
	res.Rejected = rej.Count()
	return res, nil
}

// findONETTable returns the first sheet of b whose header is one of the two
// lists, and which list it is.
func findONETTable(b Book) (string, onetKind, error) {
	for _, sheet := range b.Sheets() {
		for _, kind := range onetKinds {
			g, err := b.Open(sheet)
			if err != nil {
				return "", onetKind{}, err
			}
			_, err = FindHeader(g, onetHeaderPatterns.canon, kind.required...)
			g.Close()
			if err == nil {
				return sheet, kind, nil
			}
			if !errors.Is(err, ErrNoHeader) {
				return "", onetKind{}, err
			}
		}
	}
	expected := make([]string, len(onetKinds))
	for i, k := range onetKinds {
		expected[i] = k.header
	}
	return "", onetKind{}, &ParseError{File: b.File(),
		Err: fmt.Errorf("%w: not an O*NET title list; expected the header %s", ErrNoHeader, strings.Join(expected, " or "))}
}

// ingestONETTable streams the rows under kind's header in sheet and returns
// how many were written.
func ingestONETTable(ctx context.Context, b Book, sheet string, kind onetKind, out *RawWriter, rej *Rejects) (int, error) {
	g, err := b.Open(sheet)
	if err != nil {
		return 0, err
	}
	defer g.Close()
	h, err := FindHeader(g, onetHeaderPatterns.canon, kind.required...)
	if err != nil {
		return 0, err
	}
	return streamRows(ctx, g, func(row []string, _ int) rowVerdict {
		code, title := h.Get(row, "onet_code"), h.Get(row, kind.title)
		switch {
		case !onetCodeRe.MatchString(code):
			return rejectRow(h.Raw[h.Index["onet_code"]], code, "code is not of the form NN-NNNN.NN")
		case title == "":
			return rejectRow(h.Raw[h.Index[kind.title]], title, "title is empty")
		}
		return rowVerdict{cells: []string{code, h.Get(row, "occupation_title"), title, h.Get(row, "short_title"), h.Get(row, kind.flag), kind.list}}
	}, out, rej)
}
