package reports

import (
	"strings"

	"github.com/wagescope/wagescope/internal/numfmt"
	"github.com/wagescope/wagescope/pipeline/store"
)

// wageUnit is what a wage figure is per. OEWS publishes some occupations
// (actors, dancers, musicians: work seldom done year-round, full time) in
// hourly wages only, and some area files give a state only an hourly mean;
// the pages show those figures per hour rather than show none.
type wageUnit int

const (
	perYear wageUnit = iota
	perHour
)

// hourlyPercentileMeasures match percentileMeasures, per hour.
var hourlyPercentileMeasures = []measure{
	{"hourly_p90", "90th percentile", func(s store.WageStat) *float64 { return s.HourlyP90 }},
	{"hourly_p75", "75th percentile", func(s store.WageStat) *float64 { return s.HourlyP75 }},
	{"hourly_median", "Median", func(s store.WageStat) *float64 { return s.HourlyMedian }},
	{"hourly_p25", "25th percentile", func(s store.WageStat) *float64 { return s.HourlyP25 }},
	{"hourly_p10", "10th percentile", func(s store.WageStat) *float64 { return s.HourlyP10 }},
}

var (
	annualMean = measure{"annual_mean", "Mean", func(s store.WageStat) *float64 { return s.AnnualMean }}
	hourlyMean = measure{"hourly_mean", "Mean", func(s store.WageStat) *float64 { return s.HourlyMean }}
)

// percentiles are u's p90…p10 measures, in chart order.
func (u wageUnit) percentiles() []measure {
	if u == perHour {
		return hourlyPercentileMeasures
	}
	return percentileMeasures
}

func (u wageUnit) median() measure { return u.percentiles()[2] }

func (u wageUnit) mean() measure {
	if u == perHour {
		return hourlyMean
	}
	return annualMean
}

// adjective is "annual" or "hourly".
func (u wageUnit) adjective() string {
	if u == perHour {
		return "hourly"
	}
	return "annual"
}

// axis names the unit on axes and captions: "USD per year".
func (u wageUnit) axis() string {
	if u == perHour {
		return "USD per hour"
	}
	return "USD per year"
}

// format is a figure in u: "$60,780", or with cents "$20.50"; a top-code
// bound reads "≥ $115.00".
func (u wageUnit) format(v *float64, topCoded bool) string {
	if u == perYear || !finite(v) {
		return usd(v, topCoded)
	}
	if topCoded {
		return "≥ " + numfmt.HourlyUSD(*v)
	}
	return numfmt.HourlyUSD(*v)
}

// cell is a table cell of a figure in u with its raw value for downloads,
// "≥" marked when top-coded.
func (u wageUnit) cell(v *float64, topCoded bool) tableCell {
	c := numCell(u.format(v, topCoded), v)
	c.TopCoded = topCoded && c.Raw != ""
	return c
}

// short is a figure with its unit, for text that has no unit of its own:
// "$60,780" (a year is the default), "$20.50/hr".
func (u wageUnit) short(v *float64, topCoded bool) string {
	if u == perHour && finite(v) {
		return u.format(v, topCoded) + "/hr"
	}
	return u.format(v, topCoded)
}

// hasFigures reports whether s publishes any mean or percentile in u.
func hasFigures(s store.WageStat, u wageUnit) bool {
	if finite(u.mean().get(s)) {
		return true
	}
	for _, m := range u.percentiles() {
		if finite(m.get(s)) {
			return true
		}
	}
	return false
}

// rowUnit is the unit of s's figures: per hour when it has hourly ones and
// no annual ones. ok is false when it has neither.
func rowUnit(s store.WageStat) (u wageUnit, ok bool) {
	switch {
	case hasFigures(s, perYear):
		return perYear, true
	case hasFigures(s, perHour):
		return perHour, true
	}
	return perYear, false
}

// groupUnit is the unit of a table or chart of rows: per year when any row
// has annual figures, so one axis never mixes the two; per hour when the
// rows have hourly figures only.
func groupUnit(rows ...store.WageStat) wageUnit {
	unit := perYear
	for _, s := range rows {
		switch u, ok := rowUnit(s); {
		case !ok:
		case u == perYear:
			return perYear
		default:
			unit = perHour
		}
	}
	return unit
}

// wageCell is row s's figure m (a measure of tu, the table's unit): a row
// whose figures are in the other unit (an hourly-only row among annual
// ones) gives its own measure with its unit ("$20.50/hr") and no raw
// value, so a downloaded column never mixes the two.
func wageCell(s store.WageStat, m measure, tu wageUnit) tableCell {
	u, ok := rowUnit(s)
	if !ok || u == tu {
		return tu.cell(m.get(s), isTopCoded(s, m.key))
	}
	m = u.matching(m)
	return tableCell{Text: u.short(m.get(s), isTopCoded(s, m.key)), Num: true}
}

// matching is u's measure for the same statistic as m: the median per
// hour for the annual median.
func (u wageUnit) matching(m measure) measure {
	for i := range percentileMeasures {
		if m.key == percentileMeasures[i].key || m.key == hourlyPercentileMeasures[i].key {
			return u.percentiles()[i]
		}
	}
	return u.mean()
}

// unitHeads are the p10…p90 column heads of a table in u: an hourly table
// says so in its heads, which a CSV download keeps (it drops the caption).
func unitHeads(u wageUnit, names ...string) []string {
	if u == perYear {
		return names
	}
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = n + " (hourly)"
	}
	return out
}

// indexMedian is the index's median cell text: "$60,780", or "$20.50/hr"
// for an occupation OEWS publishes in hourly wages only.
func indexMedian(s store.WageStat) string {
	u, _ := rowUnit(s)
	m := u.median()
	return u.short(m.get(s), isTopCoded(s, m.key))
}

// notDrawnHourly is the note under a per-year chart naming the rows it
// leaves out because their figures are per hour (why: "OEWS publishes
// hourly wages only"); their table cells give them with their unit.
func notDrawnHourly(rows []string, why string) string {
	return "Not drawn: " + strings.Join(rows, ", ") + " (" + why + "; in the table, per hour)."
}
