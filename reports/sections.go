package reports

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/wagescope/wagescope/pipeline/store"
)

// The figures of an occupation page, one builder per section. Each returns
// nil (or no figures) when the occupation has nothing to show there.

// percentileHeads are the columns of a p10…p90 table.
var percentileHeads = []string{"#10th pct.", "#25th pct.", "#Median", "#75th pct.", "#90th pct."}

// percentileCells are a row's p10…p90 cells in a table of figures in tu,
// top-coded values marked.
func percentileCells(s store.WageStat, tu wageUnit) []tableCell {
	ms := tu.percentiles()
	out := make([]tableCell, len(ms))
	for i := range ms {
		out[i] = wageCell(s, ms[len(ms)-1-i], tu) // p10 first
	}
	return out
}

// fivePercentiles returns p10…p90 in u when all five are published.
func fivePercentiles(s store.WageStat, u wageUnit) ([5]float64, bool) {
	var v [5]float64
	ms := u.percentiles()
	for i := range v {
		p := ms[len(ms)-1-i].get(s)
		if !finite(p) {
			return v, false
		}
		v[i] = *p
	}
	return v, true
}

// anyTopCoded reports whether any of s's percentiles is a top-code bound.
func anyTopCoded(s store.WageStat) bool {
	for _, ms := range [][]measure{percentileMeasures, hourlyPercentileMeasures} {
		for _, m := range ms {
			if isTopCoded(s, m.key) {
				return true
			}
		}
	}
	return false
}

// capitalized is "Annual" for "annual".
func capitalized(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

const (
	topCodedNote   = "“≥” marks a top-coded value: the true figure is at least this amount. “—” means the source publishes no value."
	suppressedNote = "A suppressed cell rests on too few postings (under the minimum cell size): its n is shown, its pay is not."
	hourlyNote     = "OEWS publishes hourly wages only for this occupation (work not generally done year-round, full time), so these figures are USD per hour, not annualized."
)

// postingsLabel is "n 1,234" for a posted cell.
func postingsLabel(s store.WageStat) string {
	return "n " + count(floatN(s.N))
}

func floatN(n *int64) *float64 {
	if n == nil {
		return nil
	}
	v := float64(*n)
	return &v
}

// distributionFigure is the latest U.S. wage distribution: OEWS and, when
// there are postings, posted pay, as p10–p90 ranges.
func distributionFigure(d occupationData, root string) (*figure, error) {
	if len(d.us) == 0 && len(d.posted) == 0 {
		return nil, nil
	}
	var shown []store.WageStat
	if len(d.us) > 0 {
		shown = append(shown, d.us[len(d.us)-1])
	}
	posted, hasPosted := d.postedUS()
	if hasPosted && !posted.IsSuppressed {
		shown = append(shown, posted)
	}
	tu := groupUnit(shown...)
	fig := &figure{ID: "fig_distribution"}
	tbl := &dataTable{ID: "table_distribution", CSVName: d.occ.Code + "_distribution.csv",
		Caption: tu.axis() + ", United States, all employers",
		Head:    heads(append([]string{"Source", "#Employment or postings"}, unitHeads(tu, percentileHeads...)...)...)}
	var items []rangeItem
	if len(d.us) > 0 {
		s := d.us[len(d.us)-1]
		label := "OEWS " + releaseLabel(s.Release) + " · " + count(s.Employment) + " jobs"
		tbl.Rows = append(tbl.Rows, append([]tableCell{text("OEWS survey, " + releaseLabel(s.Release)), countCell(s.Employment)}, percentileCells(s, tu)...))
		if v, ok := fivePercentiles(s, tu); ok {
			items = append(items, rangeItem{Label: label, Title: label, Values: v, TopCoded: topCodedFive(s, tu), Color: surveyColor})
		} else if u, ok := rowUnit(s); ok && u != tu {
			fig.Notes = append(fig.Notes, "Not drawn: OEWS "+releaseLabel(s.Release)+" publishes hourly wages only for this occupation (in the table, per hour); the chart is USD per year.")
		}
		fig.Sources = append(fig.Sources, WageCitation(s))
		if anyTopCoded(s) {
			fig.Notes = append(fig.Notes, topCodedNote)
		}
	}
	if hasPosted {
		s := posted
		row := []tableCell{text("Job postings, pay from " + yearsOr(s.PostedYears)), intCell(s.N)}
		label := "Postings " + yearsOr(s.PostedYears) + " · " + postingsLabel(s)
		if s.IsSuppressed {
			// no box, but the category with its n and the word stays on the chart
			row = append(row, suppressedCells(5))
			label = "Postings " + yearsOr(s.PostedYears) + " · suppressed (" + postingsLabel(s) + ")"
			items = append(items, rangeItem{Label: label, Title: label, Color: postedColor, Empty: true})
			fig.Notes = append(fig.Notes, suppressedNote)
		} else {
			row = append(row, percentileCells(s, tu)...)
			if v, ok := fivePercentiles(s, tu); ok {
				items = append(items, rangeItem{Label: label, Title: label, Values: v, TopCoded: topCodedFive(s, tu), Color: postedColor})
			}
		}
		tbl.Rows = append(tbl.Rows, row)
		fig.Sources = append(fig.Sources, PostedCitation(s))
	}
	if tu == perHour {
		fig.Notes = append(fig.Notes, hourlyNote)
	}
	fig.Table = tbl
	if anyDrawn(items, nil) {
		c, err := rangeChart(chartID("distribution", d.occ.Code), "Wage distribution, United States",
			tu.axis()+" · whiskers 10th–90th percentile, box 25th–75th, line median · blue: OEWS survey, orange: job postings",
			root, tu, items, nil, "")
		if err != nil {
			return nil, err
		}
		fig.Chart = &c
	}
	return fig, nil
}

// anyDrawn reports whether a range chart of items and marks would draw
// anything: a chart of placeholders alone is left out.
func anyDrawn(items []rangeItem, marks []rangeMark) bool {
	if len(marks) > 0 {
		return true
	}
	for _, it := range items {
		if !it.Empty {
			return true
		}
	}
	return false
}

func yearsOr(years string) string {
	if years == "" {
		return "dates not given"
	}
	return years
}

// trendFigures are the U.S. percentiles across releases, in current dollars
// and, when CPI-U covers the survey years, in constant dollars.
func trendFigures(d occupationData, site siteInfo, root string) ([]figure, error) {
	if len(d.us) == 0 {
		return nil, nil
	}
	releases := make([]string, len(d.us))
	for i, s := range d.us {
		releases[i] = releaseLabel(s.Release)
	}
	var cites []string
	for _, s := range d.us {
		cites = appendUnique(cites, WageCitation(s))
	}
	tu := groupUnit(d.us...)
	nominal := figure{ID: "fig_trend", Heading: "In current dollars", Sources: cites}
	lines := make([]trendLine, len(tu.percentiles()))
	for i, m := range tu.percentiles() {
		l := trendLine{key: m.key, label: m.label}
		for _, s := range d.us {
			l.values = append(l.values, m.get(s))
			l.topCoded = append(l.topCoded, isTopCoded(s, m.key))
		}
		lines[i] = l
	}
	c, err := trendChart(chartID("wages", d.occ.Code), capitalized(tu.adjective())+" wage percentiles, U.S., all employers",
		tu.axis()+", current dollars · OEWS · ▲ top-coded (at least this value)", root, tu, releases, lines)
	if err != nil {
		return nil, err
	}
	nominal.Chart = &c
	tbl := &dataTable{ID: "table_trend", CSVName: d.occ.Code + "_wages_by_release.csv", Caption: tu.axis() + ", current dollars",
		Head: heads(append([]string{"Release", "#Employment"}, unitHeads(tu, append([]string{"#Mean"}, percentileHeads...)...)...)...)}
	var otherUnit []string
	for _, s := range d.us {
		label := releaseLabel(s.Release)
		if s.IsSuppressed {
			label += " (suppressed)"
		}
		if u, ok := rowUnit(s); ok && u != tu {
			otherUnit = append(otherUnit, releaseLabel(s.Release))
		}
		tbl.Rows = append(tbl.Rows, append([]tableCell{text(label), countCell(s.Employment),
			wageCell(s, tu.mean(), tu)}, percentileCells(s, tu)...))
	}
	nominal.Table = tbl
	nominal.Notes = []string{"Units: " + tu.axis() + ". " + topCodedNote}
	if tu == perHour {
		nominal.Notes = append(nominal.Notes, hourlyNote)
	}
	if len(otherUnit) > 0 {
		nominal.Notes = append(nominal.Notes, notDrawnHourly(otherUnit, "OEWS published hourly wages only"))
	}
	figs := []figure{nominal}

	real, err := constantDollarFigure(d, site, root, tu, releases, cites)
	if err != nil || real == nil {
		return figs, err
	}
	return append(figs, *real), nil
}

// constantDollarFigure restates the U.S. percentiles in dollars of the
// latest CPI-U year: value × CPI-U(base year) / CPI-U(survey year).
func constantDollarFigure(d occupationData, site siteInfo, root string, tu wageUnit, releases, cites []string) (*figure, error) {
	if site.cpiYear == 0 {
		return nil, nil
	}
	base := site.cpi[site.cpiYear]
	factor := make([]*float64, len(d.us))
	var missing []string
	for i, s := range d.us {
		year, err := strconv.Atoi(s.Release[:min(4, len(s.Release))])
		if c, ok := site.cpi[year]; err == nil && ok && c > 0 {
			f := base / c
			factor[i] = &f
		} else {
			missing = append(missing, releaseLabel(s.Release))
		}
	}
	real := make([]store.WageStat, len(d.us))
	for i, s := range d.us {
		real[i] = scaledStat(s, factor[i])
	}
	dollars := strconv.Itoa(site.cpiYear) + " dollars"
	ms := tu.percentiles()
	lines := make([]trendLine, len(ms))
	for i, m := range ms {
		l := trendLine{key: m.key, label: m.label}
		for _, s := range real {
			l.values = append(l.values, m.get(s))
			l.topCoded = append(l.topCoded, isTopCoded(s, m.key))
		}
		lines[i] = l
	}
	c, err := trendChart(chartID("wages_real", d.occ.Code), capitalized(tu.adjective())+" wage percentiles in "+dollars+", U.S., all employers",
		tu.axis()+" in "+dollars+" (CPI-U annual averages) · OEWS · ▲ top-coded", root, tu, releases, lines)
	if err != nil {
		return nil, err
	}
	p10, med, p90 := ms[4], ms[2], ms[0]
	tbl := &dataTable{ID: "table_trend_real", CSVName: d.occ.Code + "_wages_constant_dollars.csv",
		Caption: tu.axis() + " in " + dollars,
		Head:    heads(append([]string{"Release", "#CPI-U, survey year"}, unitHeads(tu, "#Median, current $", "#10th pct.", "#Median", "#90th pct.")...)...)}
	for i, s := range d.us {
		cpiCell := tableCell{Text: dash, Num: true}
		if factor[i] != nil {
			v := base / *factor[i]
			cpiCell = numCell(strconv.FormatFloat(v, 'f', 3, 64), &v)
		}
		tbl.Rows = append(tbl.Rows, []tableCell{text(releases[i]), cpiCell,
			wageCell(s, med, tu), wageCell(real[i], p10, tu), wageCell(real[i], med, tu), wageCell(real[i], p90, tu)})
	}
	fig := &figure{ID: "fig_trend_real", Heading: "In constant " + dollars, Chart: &c, Table: tbl,
		Sources: append(append([]string(nil), cites...), site.cpiCitation)}
	fig.Notes = []string{"Each figure × CPI-U(" + strconv.Itoa(site.cpiYear) + ") ÷ CPI-U(survey year), U.S. city average, all items, annual averages."}
	if len(missing) > 0 {
		fig.Notes = append(fig.Notes, "No CPI-U annual average is loaded for "+strings.Join(missing, ", ")+"; those releases are not restated.")
	}
	return fig, nil
}

// scaledStat is s with every wage figure times f (none when f is nil):
// the constant-dollar restatement.
func scaledStat(s store.WageStat, f *float64) store.WageStat {
	for _, v := range []**float64{&s.AnnualMean, &s.AnnualP10, &s.AnnualP25, &s.AnnualMedian, &s.AnnualP75, &s.AnnualP90,
		&s.HourlyMean, &s.HourlyP10, &s.HourlyP25, &s.HourlyMedian, &s.HourlyP75, &s.HourlyP90} {
		if !finite(*v) || f == nil {
			*v = nil
			continue
		}
		x := **v * *f
		*v = &x
	}
	return s
}

// areaMeasure picks what an area chart shows: the median, or the mean when
// no area in the group has a median (e.g. a state file with means only),
// per year, or per hour when the group has hourly figures only.
type areaMeasure struct {
	measure
	name string // "median" or "mean"
	unit wageUnit
}

func pickAreaMeasure(rows []store.WageStat) areaMeasure {
	u := groupUnit(rows...)
	for _, s := range rows {
		if finite(u.median().get(s)) {
			return areaMeasure{u.median(), "median", u}
		}
	}
	return areaMeasure{u.mean(), "mean", u}
}

// areaKind is one chart of areas on a page.
type areaKind struct {
	key, heading string
	types        []string // WageStat.AreaType values it takes; nil takes the rest
}

// areaKinds groups area types into charts, in page order.
var areaKinds = []areaKind{
	{"states", "States and territories", []string{"state", "territory"}},
	{"metros", "Metropolitan areas", []string{"metro"}},
	{"nonmetros", "Nonmetropolitan areas", []string{"nonmetro"}},
	{"other", "Other areas", nil},
}

// areaKindOf is the areaKinds key for an area type.
func areaKindOf(areaType string) string {
	for _, k := range areaKinds {
		for _, t := range k.types {
			if t == areaType {
				return k.key
			}
		}
	}
	return "other"
}

func areaName(s store.WageStat) string {
	if s.AreaTitle != "" {
		return s.AreaTitle
	}
	return s.AreaCode
}

// sortByMeasure orders rows from the highest value down, rows without one
// last, ties by area code. Top-coded values come first: a bound is at
// least its value, so ≥ $239,200 may be above an exact $242,090.
func sortByMeasure(rows []store.WageStat, m areaMeasure) {
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := m.get(rows[i]), m.get(rows[j])
		switch fa, fb := finite(a), finite(b); {
		case fa != fb:
			return fa
		case isTopCoded(rows[i], m.key) != isTopCoded(rows[j], m.key):
			return isTopCoded(rows[i], m.key)
		case fa && *a != *b:
			return *a > *b
		}
		return rows[i].AreaCode < rows[j].AreaCode
	})
}

// areaFigures are the OEWS figures by area of the latest release: states on
// a tile map and a sorted bar chart, other kinds of area as bar charts.
func areaFigures(d occupationData, root string) ([]figure, error) {
	byKind := map[string][]store.WageStat{}
	for _, s := range d.areas {
		k := areaKindOf(s.AreaType)
		byKind[k] = append(byKind[k], s)
	}
	release := ""
	if len(d.areas) > 0 {
		release = releaseLabel(d.areas[0].Release)
	}
	var figs []figure
	for _, k := range areaKinds {
		rows := byKind[k.key]
		if len(rows) == 0 {
			continue
		}
		m := pickAreaMeasure(rows)
		sortByMeasure(rows, m)
		fig := figure{ID: "fig_areas_" + k.key, Heading: k.heading}
		u, word := m.unit, capitalized(m.unit.adjective())
		tbl := &dataTable{ID: "table_areas_" + k.key, CSVName: d.occ.Code + "_" + k.key + ".csv",
			Caption: "OEWS " + release + ", all employers, " + u.axis(), Collapsed: len(rows) > 15,
			Head: heads("Area", "Code", "#Employment", "#"+word+" median", "#"+word+" mean")}
		var bars []barItem
		tiles := map[string]tileValue{}
		var otherUnit []string
		for _, s := range rows {
			missing := "not published"
			if ru, ok := rowUnit(s); ok && ru != u {
				otherUnit = append(otherUnit, areaName(s))
				// the tile gives the row's own figure, as its table cells do
				missing = "hourly only"
				for _, hm := range []measure{m.measure, u.mean()} {
					if c := wageCell(s, hm, u); c.Text != dash {
						missing += ": " + strings.ToLower(hm.label) + " " + c.Text
						break
					}
				}
			}
			tbl.Rows = append(tbl.Rows, []tableCell{text(areaName(s)), text(s.AreaCode), countCell(s.Employment),
				wageCell(s, u.median(), u), wageCell(s, u.mean(), u)})
			fig.Sources = appendUnique(fig.Sources, WageCitation(s))
			v := m.get(s)
			tiles[s.AreaCode] = tileValue{Title: areaName(s), Value: v, TopCoded: isTopCoded(s, m.key), Text: missing}
			if finite(v) {
				bars = append(bars, barItem{Label: areaName(s), Value: *v, TopCoded: isTopCoded(s, m.key)})
			}
		}
		sort.Strings(fig.Sources)
		fig.Table = tbl
		title := word + " " + m.name + " wage, " + strings.ToLower(k.heading) + ", " + release
		subtitle := u.axis() + " · OEWS · all employers"
		switch {
		case m.name == "mean" && u == perHour:
			subtitle += " · this release publishes no medians here: means shown"
			fig.Notes = append(fig.Notes, "The loaded file for these areas publishes hourly mean wages only (no medians, no annual figures), so the chart shows hourly means, USD per hour.")
		case m.name == "mean":
			subtitle += " · this release publishes no medians here: means shown"
			fig.Notes = append(fig.Notes, "The loaded file for these areas publishes mean wages only, so the chart shows annual means.")
		case u == perHour:
			fig.Notes = append(fig.Notes, "The loaded file publishes hourly wages only for these areas (no annual figures), so the figures are USD per hour.")
		}
		if len(otherUnit) > 0 {
			fig.Notes = append(fig.Notes, notDrawnHourly(otherUnit, "hourly wages only"))
		}
		if len(bars) > 0 {
			c, err := barChart(chartID("areas_"+k.key, d.occ.Code), title, subtitle, word+" "+m.name, root, u, bars)
			if err != nil {
				return nil, err
			}
			fig.Chart = &c
		}
		if k.key == "states" && len(bars) > 0 {
			c, err := tileMapChart(chartID("map", d.occ.Code), title, subtitle+" · grey: no figure", root, u, tiles)
			if err != nil {
				return nil, err
			}
			fig.Chart, fig.Second = &c, fig.Chart
			fig.Heading = "Pay by state"
			fig.Notes = append(fig.Notes, "On the map each square is a state (equal size, placed roughly by geography); the bars below it rank the same figures.")
		}
		fig.Notes = append(fig.Notes, topCodedNote)
		if len(rows) > 0 && isTopCoded(rows[0], m.key) {
			tbl.Caption += "; top-coded " + m.name + "s (≥) listed first"
			fig.Notes = append(fig.Notes, "Top-coded "+m.name+"s are listed first: each is only a lower bound, so it may be above any figure listed after it.")
		}
		figs = append(figs, fig)
	}
	return figs, nil
}

// sectorLabel names an OEWS industry row by employer type and industry.
func sectorLabel(s store.WageStat) string {
	title := s.IndustryTitle
	if r := []rune(title); len(r) > 40 {
		title = string(r[:39]) + "…"
	}
	return s.EmployerType + " · " + title
}

// employerFigure compares pay by employer type: OEWS by industry sector
// (each sector assigned an employer type) and postings by the employer type
// read from the posting.
func employerFigure(d occupationData, root string) (*figure, error) {
	if len(d.sectors) == 0 && len(d.employer) == 0 {
		return nil, nil
	}
	tu := groupUnit(append(append([]store.WageStat(nil), d.sectors...), d.employer...)...)
	fig := &figure{ID: "fig_employers"}
	tbl := &dataTable{ID: "table_employers", CSVName: d.occ.Code + "_employer_types.csv",
		Caption: "United States, " + tu.axis(), Collapsed: len(d.sectors)+len(d.employer) > 15,
		Head: heads(append([]string{"Source", "Employer type", "Industry", "#Employment or postings"}, unitHeads(tu, percentileHeads...)...)...)}
	var items []rangeItem
	var otherUnit []string
	topCoded := false
	for _, s := range d.sectors {
		topCoded = topCoded || anyTopCoded(s)
		tbl.Rows = append(tbl.Rows, append([]tableCell{text("OEWS " + releaseLabel(s.Release)), text(s.EmployerType),
			text(s.IndustryCode + " " + s.IndustryTitle), countCell(s.Employment)}, percentileCells(s, tu)...))
		if v, ok := fivePercentiles(s, tu); ok {
			label := sectorLabel(s) + " · " + count(s.Employment) + " jobs"
			items = append(items, rangeItem{Label: label, Title: "OEWS: " + label, Values: v, TopCoded: topCodedFive(s, tu), Color: surveyColor})
		} else if u, ok := rowUnit(s); ok && u != tu {
			otherUnit = append(otherUnit, sectorLabel(s))
		}
		fig.Sources = appendUnique(fig.Sources, WageCitation(s))
	}
	var suppressed []string
	for _, s := range d.employer {
		row := []tableCell{text("Job postings, pay from " + yearsOr(s.PostedYears)), text(s.EmployerType), text(dash), intCell(s.N)}
		if s.IsSuppressed {
			row = append(row, suppressedCells(5))
			suppressed = append(suppressed, s.EmployerType+" ("+postingsLabel(s)+")")
			label := "postings · " + s.EmployerType + " · suppressed (" + postingsLabel(s) + ")"
			items = append(items, rangeItem{Label: label, Title: label, Color: postedColor, Empty: true})
		} else {
			row = append(row, percentileCells(s, tu)...)
			if v, ok := fivePercentiles(s, tu); ok {
				label := "postings · " + s.EmployerType + " · " + postingsLabel(s)
				items = append(items, rangeItem{Label: label, Title: label, Values: v, TopCoded: topCodedFive(s, tu), Color: postedColor})
			}
		}
		tbl.Rows = append(tbl.Rows, row)
	}
	for _, s := range d.employer {
		fig.Sources = append(fig.Sources, PostedCitation(s)) // each row its own cell and files
	}
	fig.Table = tbl
	if len(d.sectors) > 0 {
		fig.Notes = append(fig.Notes, "OEWS has no employer-type field: each industry sector is given the employer type most of its jobs belong to; “mixed” marks a sector that spans several (health care holds hospitals, clinics and laboratories).")
	}
	if len(suppressed) > 0 {
		fig.Notes = append(fig.Notes, "Not drawn, too few postings (suppressed): "+strings.Join(suppressed, ", ")+".")
	}
	if len(otherUnit) > 0 {
		fig.Notes = append(fig.Notes, notDrawnHourly(otherUnit, "OEWS publishes hourly wages only"))
	}
	if tu == perHour && len(d.sectors) > 0 {
		fig.Notes = append(fig.Notes, hourlyNote)
	}
	if topCoded {
		fig.Notes = append(fig.Notes, topCodedNote)
	}
	if anyDrawn(items, nil) {
		c, err := rangeChart(chartID("employers", d.occ.Code), "Pay by employer type, United States",
			tu.axis()+" · whiskers 10th–90th percentile, box 25th–75th · blue: OEWS by industry sector, orange: job postings",
			root, tu, items, nil, "")
		if err != nil {
			return nil, err
		}
		fig.Chart = &c
	}
	return fig, nil
}

// experienceFigure shows posted pay by experience level beside the
// experience bridge's modeled figures, which are marked as modeled.
func experienceFigure(d occupationData, root string) (*figure, error) {
	if len(d.levels) == 0 && len(d.modeled) == 0 {
		return nil, nil
	}
	posted := map[string]store.WageStat{}
	for _, s := range d.levels {
		posted[s.Experience] = s
	}
	modeled := map[string]store.WageStat{}
	for _, s := range d.modeled {
		modeled[s.Experience] = s
	}
	// Posted pay is annualized; the modeled figures of an occupation OEWS
	// publishes hourly only are per hour. The figure is per hour when no
	// posted box is drawn, else per year with the hourly figures marked /hr
	// in the table and left off the chart.
	u, hourlyModeled := perYear, false
	for _, m := range d.modeled {
		hourlyModeled = hourlyModeled || m.HourlyOnly
	}
	if hourlyModeled && !slices.ContainsFunc(d.levels, func(p store.WageStat) bool {
		pu, ok := rowUnit(p)
		return ok && pu == perYear && !p.IsSuppressed
	}) {
		u = perHour
	}
	modeledHead := "#Modeled (not observed)"
	if u == perHour {
		modeledHead = "#Modeled (not observed, hourly)"
	}
	fig := &figure{ID: "fig_experience"}
	tbl := &dataTable{ID: "table_experience", CSVName: d.occ.Code + "_experience.csv",
		Caption: "United States, " + u.axis(),
		Head:    heads(append(append([]string{"Experience", "#Postings", "Pay from"}, percentileHeads...), modeledHead, "#OEWS percentile used")...)}
	var offChart bool // a modeled figure in the other unit than the chart's
	var items []rangeItem
	var marks []rangeMark
	var suppressed, gaps []string
	for _, level := range experienceLevels {
		p, hasPosted := posted[level]
		m, hasModeled := modeled[level]
		if !hasPosted && !hasModeled {
			continue
		}
		row := []tableCell{text(level)}
		label := level
		var box [5]float64
		drawn := false
		switch {
		case !hasPosted:
			row = append(row, tableCell{Text: "0", Num: true}, text(dash), tableCell{Text: "no postings", Span: 5, Class: "suppressed"})
			label += " · no postings"
		case p.IsSuppressed:
			row = append(row, intCell(p.N), text(yearsOr(p.PostedYears)), suppressedCells(5))
			label += " · suppressed (" + postingsLabel(p) + ")"
			suppressed = append(suppressed, level)
		default:
			row = append(row, intCell(p.N), text(yearsOr(p.PostedYears)))
			row = append(row, percentileCells(p, perYear)...)
			label += " · postings " + postingsLabel(p)
			box, drawn = fivePercentiles(p, perYear)
		}
		value, key, hourly := m.ModeledFigure()
		modeledBound, mu := isTopCoded(m, key), perYear
		if hourly {
			mu = perHour
		}
		switch {
		case hasModeled && value == nil:
			// no figure: say why (interpolating toward a top-coded percentile)
			row = append(row, tableCell{Text: "not modeled", Class: "suppressed"},
				numCell(ordinal(m.ModeledPercentile), m.ModeledPercentile))
			if m.ModeledGap != "" {
				gaps = append(gaps, fmt.Sprintf("%s (%s percentile): %s.", level, ordinal(m.ModeledPercentile), m.ModeledGap))
			}
		case hasModeled && mu != u:
			row = append(row, tableCell{Text: mu.short(value, modeledBound), Num: true}, numCell(ordinal(m.ModeledPercentile), m.ModeledPercentile))
			offChart = true
		case hasModeled:
			row = append(row, u.cell(value, modeledBound), numCell(ordinal(m.ModeledPercentile), m.ModeledPercentile))
		default:
			row = append(row, text(dash), text(dash))
		}
		tbl.Rows = append(tbl.Rows, row)
		item := rangeItem{Label: label, Title: label, Color: postedColor, Values: box, TopCoded: topCodedFive(p, perYear), Empty: !drawn}
		if hasModeled && finite(value) && mu == u {
			// a bound's tooltip adds "≥ … (top-coded)" from the flag
			title := level + ": modeled from OEWS " + releaseLabel(m.Release) + " " + ordinal(m.ModeledPercentile) + " percentile (not observed)"
			marks = append(marks, rangeMark{Index: len(items), Value: *value, Title: title, TopCoded: modeledBound})
		}
		if drawn || hasModeled || hasPosted && p.IsSuppressed {
			items = append(items, item)
		}
	}
	fig.Table = tbl
	for _, s := range d.levels {
		fig.Sources = append(fig.Sources, PostedCitation(s)) // each row its own cell and files
	}
	if len(d.modeled) > 0 {
		m := d.modeled[0]
		fig.Sources = append(fig.Sources, WageCitation(m)+"; levels placed at fixed OEWS percentiles by wagescope's experience bridge (data/experience_bridge.csv)")
		marked := " (◆)" // on the chart only when some modeled figure is drawn
		if len(marks) == 0 {
			marked = ""
		}
		fig.Notes = append(fig.Notes, "Modeled values"+marked+" are not observed pay: OEWS has no experience axis, so each level is placed at a fixed percentile of the OEWS distribution (entry 17th, mid 34th, senior 50th, lead 67th, executive 90th; DOL prevailing-wage levels).")
	}
	if hourlyModeled {
		note := "OEWS publishes hourly wages only for this occupation, so its modeled figures are per hour"
		if offChart {
			note += " (marked /hr); the chart, per year like the posted pay, leaves them out"
		}
		fig.Notes = append(fig.Notes, note+".")
	}
	if len(suppressed) > 0 {
		fig.Notes = append(fig.Notes, suppressedNote)
	}
	fig.Notes = append(fig.Notes, gaps...)
	if anyDrawn(items, marks) {
		subtitle := u.axis() + " · boxes: job postings (10th–90th, 25th–75th, median)"
		if len(marks) > 0 {
			subtitle += " · ◆ modeled from OEWS percentiles, not observed"
		}
		c, err := rangeChart(chartID("experience", d.occ.Code), "Pay by experience level, United States",
			subtitle, root, u, items, marks, "Modeled from OEWS (not observed)")
		if err != nil {
			return nil, err
		}
		fig.Chart = &c
	}
	return fig, nil
}

func derefF(v *float64) float64 {
	if v == nil {
		return 0
	}
	return *v
}

// postedAreaFigure lists posted pay by area (all levels and employer types).
func postedAreaFigure(d occupationData) *figure {
	if len(d.posted) == 0 {
		return nil
	}
	fig := &figure{ID: "fig_posted_areas", Heading: "Posted pay by area"}
	tbl := &dataTable{ID: "table_posted_areas", CSVName: d.occ.Code + "_posted_by_area.csv",
		Caption: "All experience levels and employer types, USD per year", Collapsed: len(d.posted) > 15,
		Head: heads(append(append([]string{"Area", "Pay from", "#Postings"}, percentileHeads...), "#Median 95% CI")...)}
	for _, s := range d.posted {
		row := []tableCell{text(areaName(s) + " (" + s.AreaCode + ")"), text(yearsOr(s.PostedYears)), intCell(s.N)}
		if s.IsSuppressed {
			row = append(row, suppressedCells(6))
			fig.Notes = appendUnique(fig.Notes, suppressedNote)
		} else {
			row = append(row, percentileCells(s, perYear)...)
			ci := tableCell{Text: dash, Num: true}
			if finite(s.MedianCILow) && finite(s.MedianCIHigh) {
				ci = tableCell{Text: usd(s.MedianCILow, false) + "–" + usd(s.MedianCIHigh, false), Num: true}
			}
			row = append(row, ci)
		}
		tbl.Rows = append(tbl.Rows, row)
	}
	fig.Table = tbl
	fig.Sources = []string{PostedBreakdownCitation("by area", d.posted)}
	return fig
}

// postedStateFigure maps posted medians by state, suppressed states grey.
func postedStateFigure(d occupationData, root string) (*figure, error) {
	tiles := map[string]tileValue{}
	drawn := 0
	var rows []store.WageStat
	for _, s := range d.posted {
		if s.AreaType != "state" && s.AreaType != "territory" {
			continue
		}
		rows = append(rows, s)
		t := tileValue{Title: areaName(s)}
		if s.IsSuppressed {
			t.Text = "suppressed, " + postingsLabel(s)
		} else if finite(s.AnnualMedian) {
			t.Value = s.AnnualMedian
			drawn++
		}
		tiles[s.AreaCode] = t
	}
	if drawn == 0 {
		return nil, nil
	}
	c, err := tileMapChart(chartID("posted_map", d.occ.Code), "Posted median pay by state",
		"USD per year · job postings, all periods · grey: no postings or suppressed (too few)", root, perYear, tiles)
	if err != nil {
		return nil, err
	}
	tbl := &dataTable{ID: "table_posted_states", CSVName: d.occ.Code + "_posted_by_state.csv",
		Caption: "Job postings, all periods, USD per year", Collapsed: len(rows) > 15,
		Head: heads("State", "Code", "#Postings", "#Median")}
	for _, s := range rows {
		med := usdCell(s.AnnualMedian, false)
		if s.IsSuppressed {
			med = suppressedCells(1)
		}
		tbl.Rows = append(tbl.Rows, []tableCell{text(areaName(s)), text(s.AreaCode), intCell(s.N), med})
	}
	return &figure{ID: "fig_posted_map", Heading: "Posted pay by state", Chart: &c, Table: tbl,
		Sources: []string{PostedBreakdownCitation("by state", rows)}}, nil
}

// versusFigure sets posted medians against the OEWS medians of the same
// areas (fct_posted_vs_surveyed).
func versusFigure(d occupationData, root string) (*figure, error) {
	if len(d.versus) == 0 {
		return nil, nil
	}
	fig := &figure{ID: "fig_versus"}
	tbl := &dataTable{ID: "table_versus", CSVName: d.occ.Code + "_posted_vs_surveyed.csv",
		Caption: "Annual medians, USD per year", Collapsed: len(d.versus) > 15,
		Head: heads("Area", "#Postings", "Pay from", "#Posted median", "OEWS release", "#OEWS median",
			"#Posted ÷ OEWS", "#OEWS percentile of posted median", "#OEWS aged by CPI-U", "#Share of postings with pay")}
	const maxBars = 15
	var labels []string
	var postedV, oewsV, agedV []*float64
	var oewsTC []bool
	for i, v := range d.versus {
		pct := tableCell{Text: dash, Num: true}
		switch {
		case v.OEWSPercentileBound != "":
			pct = tableCell{Text: v.OEWSPercentileBound, Num: true}
		case finite(v.OEWSPercentile):
			pct = numCell(ordinal(v.OEWSPercentile), v.OEWSPercentile)
		}
		aged := usdCell(v.OEWSMedianAged, v.OEWSMedianTopCoded)
		if v.AgedToYear > 0 && finite(v.OEWSMedianAged) {
			aged.Text += " (" + strconv.Itoa(v.AgedToYear) + ")"
		}
		share := tableCell{Text: dash, Num: true}
		if finite(v.ShareWithPay) {
			share = numCell(fmt.Sprintf("%.0f%%", *v.ShareWithPay*100), v.ShareWithPay)
		}
		ratio := tableCell{Text: dash, Num: true}
		if finite(v.PostedToOEWS) {
			ratio = numCell(fmt.Sprintf("%.2f×", *v.PostedToOEWS), v.PostedToOEWS)
		}
		name := v.AreaTitle + " (" + v.AreaCode + ")"
		tbl.Rows = append(tbl.Rows, []tableCell{text(name), intCell(v.PostedN), text(yearsOr(v.PostedYears)),
			usdCell(v.PostedMedian, false), text(releaseLabel(v.OEWSRelease)), usdCell(v.OEWSMedian, v.OEWSMedianTopCoded),
			ratio, pct, aged, share})
		fig.Sources = appendUnique(fig.Sources, WageCitation(store.WageStat{SourceFamily: "oews", Release: v.OEWSRelease, Source: v.OEWSSource}))
		if i < maxBars {
			labels = append(labels, name+" · n "+count(floatN(v.PostedN)))
			postedV, oewsV, agedV = append(postedV, v.PostedMedian), append(oewsV, v.OEWSMedian), append(agedV, v.OEWSMedianAged)
			oewsTC = append(oewsTC, v.OEWSMedianTopCoded)
		}
	}
	sort.Strings(fig.Sources)
	// the posted medians are those of the areas' cells, not the U.S. one
	cellOf := map[string]store.WageStat{}
	for _, s := range d.posted {
		cellOf[s.AreaCode] = s
	}
	var cells []store.WageStat
	for _, v := range d.versus {
		if s, ok := cellOf[v.AreaCode]; ok {
			cells = append(cells, s)
		}
	}
	if line := PostedBreakdownCitation("by area", cells); line != "" {
		fig.Sources = append(fig.Sources, line)
	}
	fig.Table = tbl
	fig.Notes = []string{
		"Posted pay is what employers advertise, from the postings that state pay; OEWS is a survey of pay actually received. Remote postings are compared with the U.S. figure.",
		"“OEWS aged by CPI-U” moves the OEWS median to the postings' median year (in brackets) with CPI-U annual averages.",
	}
	if len(d.versus) > maxBars {
		fig.Notes = append(fig.Notes, fmt.Sprintf("The chart shows the %d areas with the most postings; the table lists all %d.", maxBars, len(d.versus)))
	}
	c, err := pairedBarChart(chartID("versus", d.occ.Code), "Posted vs surveyed median pay",
		"USD per year · orange: job postings · blue: OEWS survey · light blue: OEWS aged to the postings' year by CPI-U",
		root, labels, []pairSeries{
			{Name: "Posted median", Color: postedColor, Values: postedV},
			{Name: "OEWS median", Color: surveyColor, Values: oewsV, TopCoded: oewsTC},
			{Name: "OEWS median aged by CPI-U", Color: "#9ecae1", Values: agedV, TopCoded: oewsTC},
		})
	if err != nil {
		return nil, err
	}
	fig.Chart = &c
	return fig, nil
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}
