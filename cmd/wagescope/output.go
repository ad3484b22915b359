package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/wagescope/wagescope/internal/numfmt"
)

// formats a command may print.
const (
	formatTable    = "table"
	formatJSON     = "json"
	formatCSV      = "csv"
	formatText     = "text"
	formatMarkdown = "markdown"
)

func checkFormat(got string, allowed ...string) error {
	return checkChoice("--format", got, allowed...)
}

// checkChoice is a usage error unless got is one of allowed.
func checkChoice(flag, got string, allowed ...string) error {
	for _, f := range allowed {
		if got == f {
			return nil
		}
	}
	return usageError("%s: %q is not one of %s", flag, got, strings.Join(allowed, ", "))
}

// canonicalChoice is the allowed value got spells in another case, else got.
func canonicalChoice(got string, allowed []string) string {
	got = strings.TrimSpace(got)
	for _, f := range allowed {
		if strings.EqualFold(got, f) {
			return f
		}
	}
	return got
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// writeGrid prints a header and rows as an aligned table or as CSV.
func writeGrid(w io.Writer, format string, header []string, rows [][]string) error {
	if format == formatCSV {
		cw := csv.NewWriter(w)
		if err := cw.Write(header); err != nil {
			return err
		}
		if err := cw.WriteAll(rows); err != nil {
			return err
		}
		cw.Flush()
		return cw.Error()
	}
	// tabwriter writes each cell and its padding apart: buffered, a table
	// is a few writes, not one system call per cell
	bw := bufio.NewWriter(w)
	tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return bw.Flush()
}

// usd formats dollars: $60,780, or $30.22 for hourly figures; "" when absent.
func usd(v *float64) string {
	if v == nil {
		return ""
	}
	return numfmt.USD(*v)
}

// hourlyUSD formats an hourly wage, always with cents ("$13.00", as BLS
// prints them); "" when absent.
func hourlyUSD(v *float64) string {
	if v == nil {
		return ""
	}
	return numfmt.HourlyUSD(*v)
}

// count formats a head count with thousands separators; "" when absent.
func count(v *float64) string {
	if v == nil {
		return ""
	}
	return numfmt.Count(*v)
}

// releaseLabel turns an OEWS release into its reference period: 2023-05 → May 2023.
func releaseLabel(r string) string { return numfmt.ReleaseLabel(r) }
