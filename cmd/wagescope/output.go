package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
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
	for _, f := range allowed {
		if got == f {
			return nil
		}
	}
	return usageError("--format: %q is not one of %s", got, strings.Join(allowed, ", "))
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
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	return tw.Flush()
}

// usd formats dollars with thousands separators: 60780 → $60,780; 30.22 → $30.22.
func usd(v *float64) string {
	if v == nil {
		return ""
	}
	if *v != math.Trunc(*v) || math.Abs(*v) < 1000 {
		return "$" + commas(strconv.FormatFloat(*v, 'f', 2, 64))
	}
	return "$" + commas(strconv.FormatFloat(*v, 'f', 0, 64))
}

// count formats a head count with thousands separators.
func count(v *float64) string {
	if v == nil {
		return ""
	}
	return commas(strconv.FormatFloat(math.Round(*v), 'f', 0, 64))
}

func commas(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart, frac = s[:i], s[i:]
	}
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	out := b.String() + frac
	if neg {
		out = "-" + out
	}
	return out
}

// releaseLabel turns an OEWS release into its reference period: 2023-05 → May 2023.
func releaseLabel(r string) string {
	months := map[string]string{"01": "January", "02": "February", "03": "March", "04": "April", "05": "May",
		"06": "June", "07": "July", "08": "August", "09": "September", "10": "October", "11": "November", "12": "December"}
	if len(r) == 7 && r[4] == '-' {
		if m, ok := months[r[5:]]; ok {
			return m + " " + r[:4]
		}
	}
	return r
}
