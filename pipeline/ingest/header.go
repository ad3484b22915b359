package ingest

import (
	"fmt"
	"strings"

	"github.com/wagescope/wagescope/internal/lazyre"
)

// Header is a header row found by content: where it is and which canonical
// column sits at which index.
type Header struct {
	Row   int            // 1-based row or line of the header in its grid
	Index map[string]int // canonical name → cell index
	Raw   []string       // the header cells as found
}

// Get returns the cell of row under canonical column name, or "" when the
// column is absent from this file or the row is short.
func (h Header) Get(row []string, name string) string {
	i, ok := h.Index[name]
	if !ok || i >= len(row) {
		return ""
	}
	return row[i]
}

// Has reports whether the file has the canonical column.
func (h Header) Has(name string) bool { _, ok := h.Index[name]; return ok }

// maxHeaderScan is how many leading rows may precede a header (titles,
// notes, agency lines: BLS puts up to a dozen above some tables).
const maxHeaderScan = 30

// FindHeader reads g until a row whose cells, mapped through canon, include
// every required canonical name. canon returns "" for cells it does not know.
// The grid is left positioned on the header row.
func FindHeader(g Grid, canon func(string) string, required ...string) (Header, error) {
	bestMissing := required
	for g.Next() {
		row := g.Row()
		idx := map[string]int{}
		for i, c := range row {
			if name := canon(c); name != "" {
				if _, dup := idx[name]; !dup {
					idx[name] = i
				}
			}
		}
		var missing []string
		for _, r := range required {
			if _, ok := idx[r]; !ok {
				missing = append(missing, r)
			}
		}
		if len(missing) == 0 {
			return Header{Row: g.RowNumber(), Index: idx, Raw: append([]string(nil), row...)}, nil
		}
		if len(missing) < len(bestMissing) {
			bestMissing = missing
		}
		if g.RowNumber() >= maxHeaderScan {
			break
		}
	}
	if err := g.Err(); err != nil {
		return Header{}, err
	}
	return Header{}, &ParseError{File: g.File(), Sheet: g.Sheet(),
		Err: fmt.Errorf("%w in the first %d rows: expected columns %s (closest row lacked %s)",
			ErrNoHeader, maxHeaderScan, strings.Join(required, ", "), strings.Join(bestMissing, ", "))}
}

// headerPattern recognizes one canonical column by a regexp over the header
// cell as normalizeHeaderText leaves it.
type headerPattern struct {
	name string
	re   *lazyre.Regexp
}

// headerPatterns is an ordered table of patterns: the first match names the cell.
type headerPatterns []headerPattern

// canon maps a header cell to its canonical name, or "" when no pattern
// matches; it fits FindHeader's canon argument.
func (ps headerPatterns) canon(cell string) string {
	key := normalizeHeaderText(cell)
	for _, p := range ps {
		if p.re.MatchString(key) {
			return p.name
		}
	}
	return ""
}
