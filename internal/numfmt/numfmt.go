// Package numfmt formats the figures wagescope prints, one way for the
// commands and the report pages alike: dollars, head counts and BLS
// reference periods.
package numfmt

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// USD formats dollars: whole amounts as "$60,780", others with cents as
// "$30.22" (hourly wages).
func USD(v float64) string {
	if v == math.Trunc(v) {
		return "$" + Group(v, 0)
	}
	return "$" + Group(v, 2)
}

// HourlyUSD formats an hourly wage with its cents, as BLS publishes it:
// "$20.50", "$13.00".
func HourlyUSD(v float64) string { return "$" + Group(v, 2) }

// Ordinal is n as an English ordinal: "1st", "2nd", "3rd", "11th", "21st",
// "72nd" (percentiles in the pages and commands).
func Ordinal(n int) string {
	suffix := "th"
	switch abs := max(n, -n); {
	case abs%100 >= 11 && abs%100 <= 13:
	case abs%10 == 1:
		suffix = "st"
	case abs%10 == 2:
		suffix = "nd"
	case abs%10 == 3:
		suffix = "rd"
	}
	return strconv.Itoa(n) + suffix
}

// Counted is n, grouped, with its noun, singular for one: "1 distinct
// posting", "1,204 distinct postings", "1 medians" never.
func Counted(n int64, singular, plural string) string {
	if n == 1 || n == -1 {
		return strconv.FormatInt(n, 10) + " " + singular
	}
	return Group(float64(n), 0) + " " + plural
}

// Count formats a whole number of persons or jobs: "342,900".
func Count(v float64) string { return Group(v, 0) }

// Group rounds v to decimals places and inserts thousands separators.
func Group(v float64, decimals int) string {
	s := strconv.FormatFloat(math.Abs(v), 'f', decimals, 64)
	intPart, frac := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart, frac = s[:i], s[i:]
	}
	var b strings.Builder
	if v < 0 && strings.Trim(s, "0.") != "" {
		b.WriteByte('-')
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String() + frac
}

// ReleaseLabel turns an OEWS release "2023-05" into its reference period
// "May 2023"; other values are returned unchanged.
func ReleaseLabel(release string) string {
	t, err := time.Parse("2006-01", release)
	if err != nil {
		return release
	}
	return t.Format("January 2006")
}
