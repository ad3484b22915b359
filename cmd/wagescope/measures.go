package main

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/wagescope/wagescope/internal/lazyre"
	"github.com/wagescope/wagescope/pipeline/store"
)

// measure is a figure cite and check know how to find and phrase.
type measure struct {
	label   string // phrase used in sentences
	unit    string // usd | usd_hourly | persons | percent
	wage    func(*store.WageStat) *float64
	topKey  string
	outlook func(*store.Outlook) *float64
	posted  bool // postings cells carry it too
}

// measures is the table of --measure values.
var measures = map[string]measure{
	"mean":          {label: "mean annual wage", unit: "usd", wage: func(s *store.WageStat) *float64 { return s.AnnualMean }, topKey: "annual_mean", posted: true},
	"median":        {label: "median annual wage", unit: "usd", wage: func(s *store.WageStat) *float64 { return s.AnnualMedian }, topKey: "annual_median", posted: true},
	"p10":           {label: "10th percentile annual wage", unit: "usd", wage: func(s *store.WageStat) *float64 { return s.AnnualP10 }, topKey: "annual_p10", posted: true},
	"p25":           {label: "25th percentile annual wage", unit: "usd", wage: func(s *store.WageStat) *float64 { return s.AnnualP25 }, topKey: "annual_p25", posted: true},
	"p75":           {label: "75th percentile annual wage", unit: "usd", wage: func(s *store.WageStat) *float64 { return s.AnnualP75 }, topKey: "annual_p75", posted: true},
	"p90":           {label: "90th percentile annual wage", unit: "usd", wage: func(s *store.WageStat) *float64 { return s.AnnualP90 }, topKey: "annual_p90", posted: true},
	"hourly_mean":   {label: "mean hourly wage", unit: "usd_hourly", wage: func(s *store.WageStat) *float64 { return s.HourlyMean }, topKey: "hourly_mean"},
	"hourly_median": {label: "median hourly wage", unit: "usd_hourly", wage: func(s *store.WageStat) *float64 { return s.HourlyMedian }, topKey: "hourly_median"},
	"hourly_p10":    {label: "10th percentile hourly wage", unit: "usd_hourly", wage: func(s *store.WageStat) *float64 { return s.HourlyP10 }, topKey: "hourly_p10"},
	"hourly_p25":    {label: "25th percentile hourly wage", unit: "usd_hourly", wage: func(s *store.WageStat) *float64 { return s.HourlyP25 }, topKey: "hourly_p25"},
	"hourly_p75":    {label: "75th percentile hourly wage", unit: "usd_hourly", wage: func(s *store.WageStat) *float64 { return s.HourlyP75 }, topKey: "hourly_p75"},
	"hourly_p90":    {label: "90th percentile hourly wage", unit: "usd_hourly", wage: func(s *store.WageStat) *float64 { return s.HourlyP90 }, topKey: "hourly_p90"},
	"employment":    {label: "employment", unit: "persons", wage: func(s *store.WageStat) *float64 { return s.Employment }},
	"growth":        {label: "projected employment change", unit: "percent", outlook: func(o *store.Outlook) *float64 { return o.ChangePercent }},
	"openings":      {label: "projected annual openings", unit: "persons", outlook: func(o *store.Outlook) *float64 { return o.OpeningsAnnual }},
}

func measureNames() string {
	names := make([]string, 0, len(measures))
	for n := range measures {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

func lookupMeasure(name string) (measure, error) {
	m, ok := measures[strings.ToLower(strings.TrimSpace(name))]
	if !ok {
		return measure{}, usageError("--measure: %q is not one of %s", name, measureNames())
	}
	return m, nil
}

func isTopCoded(s store.WageStat, key string) bool {
	for _, t := range s.TopCoded {
		if t == key {
			return true
		}
	}
	return false
}

// formatValue prints a figure in its unit.
func formatValue(unit string, v float64, topCoded bool) string {
	var s string
	switch unit {
	case "usd":
		s = usd(&v)
	case "usd_hourly":
		s = hourlyUSD(&v)
	case "percent":
		// one decimal as BLS prints it, unless that hides the digits given
		s = strconv.FormatFloat(v, 'f', 1, 64)
		if full := strconv.FormatFloat(v, 'f', -1, 64); len(full) > len(s) {
			s = full
		}
		s += "%"
	default:
		s = count(&v)
	}
	if topCoded {
		return "at least " + s
	}
	return s
}

var valuePattern = lazyre.New(`^\s*\$?\s*([+-]?[0-9][0-9,]*(?:\.[0-9]+)?)\s*([kKmM%]?)\s*$`)

// atLeastPattern is how a printed figure says it is a lower bound, as BLS
// prints a top-coded wage: "≥$239,200", ">= 239200", "at least $239,200".
var atLeastPattern = lazyre.New(`^\s*(?:≥|>=|(?i:at least))\s*`)

// figure is a number as a person printed it, with the tolerance its
// precision implies: "57,380" ± 0.5, "$60.8K" ± 50, "4.9%" ± 0.05; atLeast
// when it was printed as a lower bound ("≥$239,200").
type figure struct {
	value     float64
	tolerance float64
	atLeast   bool
	percent   bool // printed with %
	dollars   bool // printed with $
}

// fits checks that the figure can be a value of the measure: a percentage
// only for a percent measure, and no negative wage or head count.
func (f figure) fits(m measure, name string) error {
	switch {
	case f.percent && m.unit != "percent":
		return usageError("--value: a percentage cannot be the %s (--measure %s); give it in dollars or persons", m.label, name)
	case f.dollars && m.unit != "usd" && m.unit != "usd_hourly":
		return usageError("--value: a dollar amount cannot be the %s (--measure %s)", m.label, name)
	case f.value < 0 && m.unit != "percent":
		return usageError("--value: the %s (--measure %s) cannot be negative", m.label, name)
	}
	return nil
}

func parseFigure(s string) (figure, error) {
	bound := atLeastPattern.FindString(s)
	m := valuePattern.FindStringSubmatch(s[len(bound):])
	if m == nil {
		return figure{}, usageError("--value: %q is not a number (examples: 57380, $57,380, 60.8K, 4.9%%, ≥$239,200)", s)
	}
	digits := strings.ReplaceAll(m[1], ",", "")
	v, err := strconv.ParseFloat(digits, 64)
	if err != nil {
		return figure{}, usageError("--value: %q: %v", s, err)
	}
	decimals := 0
	if i := strings.IndexByte(digits, '.'); i >= 0 {
		decimals = len(digits) - i - 1
	}
	scale := 1.0
	switch strings.ToLower(m[2]) {
	case "k":
		scale = 1e3
	case "m":
		scale = 1e6
	}
	return figure{value: v * scale, tolerance: 0.5 * math.Pow(10, -float64(decimals)) * scale, atLeast: bound != "",
		percent: m[2] == "%", dollars: strings.Contains(s, "$")}, nil
}

func (f figure) matches(v float64) bool { return math.Abs(f.value-v) <= f.tolerance+1e-9 }

func (f figure) String() string { return fmt.Sprintf("%g", f.value) }
