package ingest

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/wagescope/wagescope/internal/lazyre"
)

// CPI comes as BLS LABSTAT flat files (download.bls.gov/pub/time.series/cu/):
// tab-delimited, space-padded, one observation per line under the header
// "series_id year period value footnote_codes". Only data files
// (cu.data.*) are observations; cu.series, cu.period and the other lookup
// files have different headers and are refused with a clear message.

const cpiTable = "raw_cpi__observations"

// cpiColumns are the columns of raw_cpi__observations, in order; they are
// also the LABSTAT data-file header names.
var cpiColumns = []string{"series_id", "year", "period", "value", "footnote_codes"}

// cpiRequired are the LABSTAT data-file columns an observation needs.
var cpiRequired = []string{"series_id", "year", "period", "value"}

// cpiHeaderNames maps a LABSTAT data-file header cell (lower case) to its
// canonical column. LABSTAT names are exact; nothing else is accepted.
var cpiHeaderNames = map[string]string{
	"series_id":      "series_id",
	"year":           "year",
	"period":         "period",
	"value":          "value",
	"footnote_codes": "footnote_codes",
}

// cpiReleaseSeries is the series whose latest month names the release:
// CPI-U, U.S. city average, all items, not seasonally adjusted.
const cpiReleaseSeries = "CUUR0000SA0"

var (
	cpiYearRe   = lazyre.New(`^\d{4}$`)
	cpiPeriodRe = lazyre.New(`^(?:M(?:0[1-9]|1[0-3])|S0[1-3])$`)
	cpiValueRe  = lazyre.New(`^-?(?:\d+(?:\.\d*)?|\.\d+)$`)
	// cpiReleaseRe is the form of a CPI release: "2025-09".
	cpiReleaseRe = lazyre.New(`^\d{4}-(?:0[1-9]|1[0-2])$`)
)

// canonCPI maps a LABSTAT header cell to its canonical name, or "".
func canonCPI(cell string) string {
	return cpiHeaderNames[strings.ToLower(strings.TrimSpace(cell))]
}

// cpiLatest tracks the latest monthly observation seen, as year*100+month.
type cpiLatest struct {
	release  int // CUUR0000SA0, M01–M12
	anyMonth int // any series, M01–M12 (fallback)
}

// observe records a valid observation.
func (l *cpiLatest) observe(series, year, period string) {
	if period[0] != 'M' || period == "M13" { // M13 is the annual average, S0x half-years
		return
	}
	y, _ := strconv.Atoi(year)
	m, _ := strconv.Atoi(period[1:])
	ym := y*100 + m
	if series == cpiReleaseSeries && ym > l.release {
		l.release = ym
	}
	if ym > l.anyMonth {
		l.anyMonth = ym
	}
}

// formatYearMonth turns 202509 into "2025-09".
func formatYearMonth(ym int) string { return fmt.Sprintf("%04d-%02d", ym/100, ym%100) }

// IngestCPI loads a BLS LABSTAT CPI data file (e.g. cu.data.1.AllItems)
// into raw_cpi__observations, one row per observation with the cells
// trimmed of their space padding.
//
// An observation needs a series_id, a 4-digit year, a period M01–M13 or
// S01–S03 and a numeric value; others are rejected with the reason.
// Result.Release is the latest monthly period of CUUR0000SA0 (CPI-U, U.S.
// city average, all items, NSA) as "YYYY-MM"; M13 (the annual average) and
// the half-year periods do not count as months. Without that series the
// latest month of any series is used, with a Note. src.Release ("YYYY-MM")
// overrides it. A file whose header is not a LABSTAT data header (cu.series,
// cu.period, …) fails with a ParseError naming the expected columns.
func IngestCPI(ctx context.Context, src Source, sink Sink) (Result, error) {
	var res Result
	if src.Release != "" && !cpiReleaseRe.MatchString(src.Release) {
		return res, fmt.Errorf("source %s: configured release %q: %w: want YYYY-MM, e.g. 2025-09", src.Name, src.Release, ErrRelease)
	}
	books, err := OpenBooks(src.Path)
	if err != nil {
		return res, err
	}
	defer closeBookList(books)

	out := NewRawWriter(sink, cpiTable, src.FileID, cpiColumns)
	rej := NewRejects(sink, src.FileID)
	var latest cpiLatest
	rows := 0
	for _, b := range books {
		for _, sheet := range b.Sheets() {
			n, err := ingestCPIGrid(ctx, b, sheet, out, rej, &latest)
			if err != nil {
				return res, err
			}
			rows += n
		}
	}
	if rows == 0 {
		return res, &ParseError{File: src.Path, Err: fmt.Errorf("%w: %s", ErrNoData, rej.explain(fmt.Sprintf("no valid observations (%d rejects)", rej.Count())))}
	}
	if err := errors.Join(out.Close(ctx), rej.Close(ctx)); err != nil {
		return res, err
	}
	res.Rows = out.Rows()
	res.Rejected = rej.Count()

	switch {
	case latest.release > 0:
		res.Release = formatYearMonth(latest.release)
	case latest.anyMonth > 0:
		res.Release = formatYearMonth(latest.anyMonth)
		res.Notes = append(res.Notes, fmt.Sprintf("series %s not in the file; release %s is the latest month of any series", cpiReleaseSeries, res.Release))
	}
	if src.Release != "" {
		if res.Release != "" && res.Release != src.Release {
			res.Notes = append(res.Notes, fmt.Sprintf("configured release %s overrides %s read from the data", src.Release, res.Release))
		}
		res.Release = src.Release
	}
	if res.Release == "" {
		return res, &ParseError{File: src.Path, Err: fmt.Errorf("%w: the file has no monthly observation (M01–M12); set release: YYYY-MM in the source", ErrRelease)}
	}
	return res, nil
}

// ingestCPIGrid loads the observations of one grid and returns how many
// were written.
func ingestCPIGrid(ctx context.Context, b Book, sheet string, out *RawWriter, rej *Rejects, latest *cpiLatest) (int, error) {
	g, err := b.Open(sheet)
	if err != nil {
		return 0, err
	}
	defer g.Close()
	h, err := FindHeader(g, canonCPI, cpiRequired...)
	if errors.Is(err, ErrNoHeader) {
		return 0, &ParseError{File: g.File(), Sheet: g.Sheet(), Row: 1,
			Err: fmt.Errorf("%w: not a LABSTAT data file: expected the header %s, found %q (lookup files such as cu.series or cu.period hold no observations)",
				ErrNoHeader, strings.Join(cpiColumns, " "), firstRowText(b, sheet))}
	}
	if err != nil {
		return 0, err
	}
	cells := make([]string, len(cpiColumns)) // Append copies, so one buffer serves every row
	return streamRows(ctx, g, func(row []string, _ int) rowVerdict {
		for i, c := range cpiColumns {
			cells[i] = h.Get(row, c)
		}
		if col, reason := validateCPIObservation(cells); reason != "" {
			return rejectRow(col, h.Get(row, col), reason)
		}
		latest.observe(cells[0], cells[1], cells[2])
		return rowVerdict{cells: cells}
	}, out, rej)
}

// validateCPIObservation returns the first bad column of an observation
// (cells in cpiColumns order) and why, or "" when it is usable.
func validateCPIObservation(cells []string) (column, reason string) {
	series, year, period, value := cells[0], cells[1], cells[2], cells[3]
	switch {
	case series == "":
		return "series_id", "series_id is empty"
	case !cpiYearRe.MatchString(year):
		return "year", "year is not 4 digits"
	case !cpiPeriodRe.MatchString(period):
		return "period", "period is not M01–M13 or S01–S03"
	case !cpiValueRe.MatchString(value):
		return "value", "value is not a number"
	}
	return "", ""
}

// firstRowText returns the first row of a sheet joined by spaces, for a
// message; "" when it cannot be read.
func firstRowText(b Book, sheet string) string {
	g, err := b.Open(sheet)
	if err != nil {
		return ""
	}
	defer g.Close()
	if !g.Next() {
		return ""
	}
	text := []rune(strings.Join(g.Row(), " "))
	if len(text) > 120 {
		return string(text[:120]) + "…"
	}
	return string(text)
}
