package reports

import (
	"context"
	"sort"
	"strconv"
	"strings"

	"github.com/wagescope/wagescope/pipeline/store"
)

// occupationData is everything one occupation page shows.
type occupationData struct {
	occ      store.Occupation
	us       []store.WageStat // OEWS, U.S., all employers: one row per release, oldest first
	areas    []store.WageStat // OEWS, other areas of the latest release, sorted by area code
	outlooks []store.Outlook  // newest cycle first
	posted   []store.WageStat // postings, all periods and employers: U.S. first, then areas by n
	levels   []store.WageStat // postings, U.S., one row per experience level
}

func (d occupationData) hasFigures() bool {
	return len(d.us) > 0 || len(d.areas) > 0 || len(d.outlooks) > 0 || len(d.posted) > 0
}

// experienceLevels are the posted experience levels a page lists, in order.
var experienceLevels = []string{"entry", "mid", "senior", "lead", "executive", "unknown"}

// loadPosted reads the occupation's posted-pay cells: every area for all
// experience levels, and the U.S. by level.
func loadPosted(ctx context.Context, r Reader, d *occupationData) error {
	if !d.occ.HasPostings {
		return nil
	}
	posted, err := r.WageStats(ctx, store.WageFilter{OccupationCode: d.occ.Code, SourceFamily: "postings"})
	if err != nil {
		return err
	}
	d.posted = append([]store.WageStat(nil), posted...)
	sort.SliceStable(d.posted, func(i, j int) bool {
		a, b := d.posted[i], d.posted[j]
		if (a.AreaCode == "US") != (b.AreaCode == "US") {
			return a.AreaCode == "US"
		}
		if na, nb := derefN(a.N), derefN(b.N); na != nb {
			return na > nb
		}
		return a.AreaCode < b.AreaCode
	})
	if len(d.posted) == 0 || d.posted[0].AreaCode != "US" {
		return nil
	}
	for _, level := range experienceLevels {
		rows, err := r.WageStats(ctx, store.WageFilter{OccupationCode: d.occ.Code, SourceFamily: "postings", AreaCode: "US", Experience: level})
		if err != nil {
			return err
		}
		d.levels = append(d.levels, rows...)
	}
	return nil
}

func derefN(n *int64) int64 {
	if n == nil {
		return 0
	}
	return *n
}

// latestUS is the newest U.S. release loaded, or "".
func (d occupationData) latestUS() string {
	if len(d.us) == 0 {
		return ""
	}
	return d.us[len(d.us)-1].Release
}

// loadOccupation reads one occupation's wage rows and outlooks.
func loadOccupation(ctx context.Context, r Reader, o store.Occupation) (occupationData, error) {
	d := occupationData{occ: o}
	us, err := r.WageStats(ctx, store.WageFilter{OccupationCode: o.Code, AreaCode: "US", EmployerType: "ALL", SourceFamily: "oews"})
	if err != nil {
		return d, err
	}
	d.us = onePerKey(filterRows(us, func(s store.WageStat) bool { return s.AreaCode == "US" }),
		func(s store.WageStat) string { return s.Release })

	all, err := r.WageStats(ctx, store.WageFilter{OccupationCode: o.Code, EmployerType: "ALL", SourceFamily: "oews", Release: d.latestUS()})
	if err != nil {
		return d, err
	}
	others := filterRows(all, func(s store.WageStat) bool { return s.AreaCode != "US" })
	latest := ""
	for _, s := range others {
		if s.Release > latest {
			latest = s.Release
		}
	}
	d.areas = onePerKey(filterRows(others, func(s store.WageStat) bool { return s.Release == latest }),
		func(s store.WageStat) string { return s.AreaCode })

	if err := loadPosted(ctx, r, &d); err != nil {
		return d, err
	}
	outlooks, err := r.Outlooks(ctx, o.Code)
	if err != nil {
		return d, err
	}
	d.outlooks = append([]store.Outlook(nil), outlooks...)
	sort.SliceStable(d.outlooks, func(i, j int) bool { return d.outlooks[i].Cycle > d.outlooks[j].Cycle })
	return d, nil
}

// filterRows keeps the OEWS, all-employer rows of this occupation that match keep.
func filterRows(rows []store.WageStat, keep func(store.WageStat) bool) []store.WageStat {
	var out []store.WageStat
	for _, s := range rows {
		if s.SourceFamily == "oews" && s.EmployerType == "ALL" && keep(s) {
			out = append(out, s)
		}
	}
	return out
}

// onePerKey sorts rows by key (then industry and source, for a stable pick)
// and keeps the first row of each key.
func onePerKey(rows []store.WageStat, key func(store.WageStat) string) []store.WageStat {
	rows = append([]store.WageStat(nil), rows...)
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		switch {
		case key(a) != key(b):
			return key(a) < key(b)
		case a.IndustryCode != b.IndustryCode:
			return a.IndustryCode < b.IndustryCode
		case a.Source.Name != b.Source.Name:
			return a.Source.Name < b.Source.Name
		}
		return a.Source.FileName < b.Source.FileName
	})
	out := rows[:0]
	for i, s := range rows {
		if i > 0 && key(s) == key(rows[i-1]) {
			continue
		}
		out = append(out, s)
	}
	return out
}

// measure is one annual wage measure of a WageStat.
type measure struct {
	key, label string // key as in WageStat.TopCoded
	get        func(store.WageStat) *float64
}

// percentileMeasures in chart order, from the top line down.
var percentileMeasures = []measure{
	{"annual_p90", "90th percentile", func(s store.WageStat) *float64 { return s.AnnualP90 }},
	{"annual_p75", "75th percentile", func(s store.WageStat) *float64 { return s.AnnualP75 }},
	{"annual_median", "Median", func(s store.WageStat) *float64 { return s.AnnualMedian }},
	{"annual_p25", "25th percentile", func(s store.WageStat) *float64 { return s.AnnualP25 }},
	{"annual_p10", "10th percentile", func(s store.WageStat) *float64 { return s.AnnualP10 }},
}

// isTopCoded reports whether measure key of s is a top-code bound.
func isTopCoded(s store.WageStat, key string) bool {
	for _, m := range s.TopCoded {
		if strings.EqualFold(strings.TrimSpace(m), key) {
			return true
		}
	}
	return false
}

// wageRow is one release in the U.S. wage table.
type wageRow struct {
	Release, Employment, Mean, P10, P25, Median, P75, P90 string
	Suppressed                                            bool
}

func newWageRow(s store.WageStat) wageRow {
	f := func(key string, v *float64) string { return usd(v, isTopCoded(s, key)) }
	return wageRow{
		Release:    releaseLabel(s.Release),
		Employment: count(s.Employment),
		Mean:       f("annual_mean", s.AnnualMean),
		P10:        f("annual_p10", s.AnnualP10),
		P25:        f("annual_p25", s.AnnualP25),
		Median:     f("annual_median", s.AnnualMedian),
		P75:        f("annual_p75", s.AnnualP75),
		P90:        f("annual_p90", s.AnnualP90),
		Suppressed: s.IsSuppressed,
	}
}

// postedRow is one posted-pay cell. A suppressed cell shows its n and no pay:
// the marts store none, and the page never prints a value for it.
type postedRow struct {
	Label, Years, N, Median, CI, P10, P25, P75, P90 string
	Suppressed                                      bool
}

func newPostedRow(label string, s store.WageStat) postedRow {
	r := postedRow{Label: label, Years: s.PostedYears, N: strconv.FormatInt(derefN(s.N), 10), Suppressed: s.IsSuppressed}
	if r.Years == "" {
		r.Years = "not given"
	}
	if s.IsSuppressed {
		return r
	}
	r.Median, r.P10, r.P25 = usd(s.AnnualMedian, false), usd(s.AnnualP10, false), usd(s.AnnualP25, false)
	r.P75, r.P90 = usd(s.AnnualP75, false), usd(s.AnnualP90, false)
	if finite(s.MedianCILow) && finite(s.MedianCIHigh) {
		r.CI = usd(s.MedianCILow, false) + "–" + usd(s.MedianCIHigh, false)
	}
	return r
}

// areaRow is one area in an area table.
type areaRow struct {
	Area, Code, Employment, Median, Mean string
}

// areaGroup is one chart of annual medians by area of one kind.
type areaGroup struct {
	Heading   string
	Chart     *chartBlock // nil when no area has a median
	Rows      []areaRow
	Citations []string
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

// outlookView is one projections cycle.
type outlookView struct {
	Cycle, Employment, Change, Percent, Openings string
	MedianWage, WageRelease                      string
	Education, WorkExperience, Training          string
	Note, Citation                               string
}

func newOutlookView(o store.Outlook, latestOEWS string) outlookView {
	v := outlookView{
		Cycle:          cycleLabel(o),
		Employment:     count(o.EmploymentBase) + " → " + count(o.EmploymentProjected),
		Change:         signedCount(o.ChangeNumeric),
		Percent:        percent(o.ChangePercent),
		Openings:       count(o.OpeningsAnnual),
		MedianWage:     usd(o.MedianWage, o.MedianWageTopCoded),
		Education:      o.Education,
		WorkExperience: o.WorkExperience,
		Training:       o.Training,
		Citation:       OutlookCitation(o),
	}
	if o.MedianWage == nil {
		return v
	}
	v.WageRelease = wageReleaseLabel(o)
	if o.WageRelease != "" && latestOEWS != "" && o.WageRelease != latestOEWS {
		v.Note = "The projections' wage figure is from " + releaseLabel(o.WageRelease) +
			"; the latest OEWS release loaded is " + releaseLabel(latestOEWS) + "."
	}
	return v
}

// occupationPage is the data of occupation/<code>.html.
type occupationPage struct {
	Code, Title, SOCCodes string
	WageChart             *chartBlock
	WageRows              []wageRow
	WageCitations         []string
	AreaRelease           string
	AreaGroups            []areaGroup
	PostedAreas           []postedRow
	PostedLevels          []postedRow
	PostedCitations       []string
	MinCellNote           string
	Outlooks              []outlookView
}

func (w *siteWriter) writeOccupation(d occupationData) error {
	const root = "../"
	p := occupationPage{Code: d.occ.Code, Title: d.occ.Title, SOCCodes: d.occ.SOCCodes}
	if p.Title == "" {
		p.Title = d.occ.Code
	}
	if len(d.us) > 0 {
		c, err := wageTrendChart(d.occ.Code, root, d.us)
		if err != nil {
			return err
		}
		p.WageChart = &c
		for _, s := range d.us {
			p.WageRows = append(p.WageRows, newWageRow(s))
			p.WageCitations = appendUnique(p.WageCitations, WageCitation(s))
		}
	}
	if len(d.areas) > 0 {
		p.AreaRelease = releaseLabel(d.areas[0].Release)
		groups, err := areaGroups(d, root, p.AreaRelease)
		if err != nil {
			return err
		}
		p.AreaGroups = groups
	}
	for i, s := range d.posted {
		p.PostedAreas = append(p.PostedAreas, newPostedRow(areaName(s)+" ("+s.AreaCode+")", s))
		if i == 0 { // the widest cell (the U.S. when present) names every file
			p.PostedCitations = append(p.PostedCitations, PostedCitation(s))
		}
		if s.IsSuppressed {
			p.MinCellNote = "A suppressed cell rests on too few postings (under the minimum cell size): its n is shown, its pay is not."
		}
	}
	for _, s := range d.levels {
		p.PostedLevels = append(p.PostedLevels, newPostedRow(s.Experience, s))
		if s.IsSuppressed {
			p.MinCellNote = "A suppressed cell rests on too few postings (under the minimum cell size): its n is shown, its pay is not."
		}
	}
	for _, o := range d.outlooks {
		p.Outlooks = append(p.Outlooks, newOutlookView(o, d.latestUS()))
	}
	title := p.Title + " (SOC " + p.Code + ") — wagescope"
	return w.writePage(occupationPath(d.occ.Code), occupationTpl, shell{Title: title, Root: root, Page: p})
}

// areaGroups builds one chart and table per kind of area, medians sorted
// from highest to lowest (ties by area code).
func areaGroups(d occupationData, root, release string) ([]areaGroup, error) {
	byKind := map[string][]store.WageStat{}
	for _, s := range d.areas {
		k := areaKindOf(s.AreaType)
		byKind[k] = append(byKind[k], s)
	}
	var groups []areaGroup
	for _, k := range areaKinds {
		rows := byKind[k.key]
		if len(rows) == 0 {
			continue
		}
		sort.SliceStable(rows, func(i, j int) bool {
			a, b := rows[i].AnnualMedian, rows[j].AnnualMedian
			switch fa, fb := finite(a), finite(b); {
			case fa != fb:
				return fa // areas without a median go last
			case fa && *a != *b:
				return *a > *b
			}
			return rows[i].AreaCode < rows[j].AreaCode
		})
		g := areaGroup{Heading: k.heading}
		var charted []store.WageStat
		for _, s := range rows {
			if finite(s.AnnualMedian) {
				charted = append(charted, s)
			}
			g.Rows = append(g.Rows, areaRow{
				Area:       areaName(s),
				Code:       s.AreaCode,
				Employment: count(s.Employment),
				Median:     usd(s.AnnualMedian, isTopCoded(s, "annual_median")),
				Mean:       usd(s.AnnualMean, isTopCoded(s, "annual_mean")),
			})
			g.Citations = appendUnique(g.Citations, WageCitation(s))
		}
		sort.Strings(g.Citations)
		if len(charted) > 0 {
			title := "Annual median wage, " + strings.ToLower(k.heading) + ", " + release
			c, err := areaMedianChart(chartID("areas_"+k.key, d.occ.Code), title, root, charted)
			if err != nil {
				return nil, err
			}
			g.Chart = &c
		}
		groups = append(groups, g)
	}
	return groups, nil
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

var occupationTpl = pageTemplate("occupation", `{{define "content"}}<nav><a href="../index.html">← All occupations</a></nav>
<h1>{{.Title}} (SOC {{.Code}})</h1>
{{if .SOCCodes}}<p class="muted">Covers SOC {{.SOCCodes}}.</p>{{end}}
<section id="wages">
<h2>Annual wages, United States, all employers</h2>
{{if .WageRows}}<div class="pair">
{{template "chart" .WageChart}}
<table>
<caption class="muted">USD per year</caption>
<thead><tr><th>Release</th><th class="num">Employment</th><th class="num">Mean</th><th class="num">10th pct.</th><th class="num">25th pct.</th><th class="num">Median</th><th class="num">75th pct.</th><th class="num">90th pct.</th></tr></thead>
<tbody>
{{range .WageRows}}<tr><td>{{.Release}}{{if .Suppressed}} (suppressed){{end}}</td><td class="num">{{.Employment}}</td><td class="num">{{.Mean}}</td><td class="num">{{.P10}}</td><td class="num">{{.P25}}</td><td class="num">{{.Median}}</td><td class="num">{{.P75}}</td><td class="num">{{.P90}}</td></tr>
{{end}}</tbody>
</table>
</div>
<p class="note">Units: USD per year. “≥” marks a top-coded value: the true figure is at least this amount. “—” means the source publishes no value.</p>
<footer class="sources">Sources:<ul>
{{range .WageCitations}}<li>{{.}}</li>
{{end}}</ul></footer>
{{else}}<p class="muted">No OEWS wage figures for the United States are loaded for this occupation.</p>{{end}}
</section>
{{if .AreaGroups}}<section id="areas">
<h2>Annual median wage by area, {{.AreaRelease}}</h2>
{{range .AreaGroups}}<h3>{{.Heading}}</h3>
{{with .Chart}}{{template "chart" .}}{{end}}
<details><summary>Table</summary>
<table>
<thead><tr><th>Area</th><th>Code</th><th class="num">Employment</th><th class="num">Annual median</th><th class="num">Annual mean</th></tr></thead>
<tbody>
{{range .Rows}}<tr><td>{{.Area}}</td><td>{{.Code}}</td><td class="num">{{.Employment}}</td><td class="num">{{.Median}}</td><td class="num">{{.Mean}}</td></tr>
{{end}}</tbody>
</table>
</details>
<footer class="sources">Sources:<ul>
{{range .Citations}}<li>{{.}}</li>
{{end}}</ul></footer>
{{end}}</section>
{{end}}{{if .PostedAreas}}<section id="posted">
<h2>Posted pay (job postings)</h2>
<p class="muted">Annualized pay advertised in job postings, USD per year, each posting counted once. Not a survey: compare with the OEWS figures above with care.</p>
<table>
<caption class="muted">By area, all experience levels and employer types</caption>
<thead><tr><th>Area</th><th>Pay from</th><th class="num">Postings</th><th class="num">10th pct.</th><th class="num">25th pct.</th><th class="num">Median</th><th class="num">Median 95% CI</th><th class="num">75th pct.</th><th class="num">90th pct.</th></tr></thead>
<tbody>
{{range .PostedAreas}}{{template "postedrow" .}}{{end}}</tbody>
</table>
{{if .PostedLevels}}<table>
<caption class="muted">United States, by experience level</caption>
<thead><tr><th>Experience</th><th>Pay from</th><th class="num">Postings</th><th class="num">10th pct.</th><th class="num">25th pct.</th><th class="num">Median</th><th class="num">Median 95% CI</th><th class="num">75th pct.</th><th class="num">90th pct.</th></tr></thead>
<tbody>
{{range .PostedLevels}}{{template "postedrow" .}}{{end}}</tbody>
</table>{{end}}
{{if .MinCellNote}}<p class="note">{{.MinCellNote}}</p>{{end}}
<footer class="sources">Sources:<ul>
{{range .PostedCitations}}<li>{{.}}</li>
{{end}}</ul></footer>
</section>
{{end}}<section id="outlook">
<h2>Employment outlook</h2>
{{range .Outlooks}}<div class="outlook">
<h3>Projections {{.Cycle}}</h3>
<dl class="meta">
<dt>Employment</dt><dd>{{.Employment}} persons</dd>
<dt>Change</dt><dd>{{.Change}} ({{.Percent}})</dd>
<dt>Annual openings</dt><dd>{{.Openings}}</dd>
<dt>Median annual wage</dt><dd>{{.MedianWage}}{{if .WageRelease}} ({{.WageRelease}}){{end}}</dd>
{{if .Education}}<dt>Typical education</dt><dd>{{.Education}}</dd>{{end}}
{{if .WorkExperience}}<dt>Work experience</dt><dd>{{.WorkExperience}}</dd>{{end}}
{{if .Training}}<dt>Training</dt><dd>{{.Training}}</dd>{{end}}
</dl>
{{if .Note}}<p class="note warn">{{.Note}}</p>{{end}}
<p class="citation">{{.Citation}}</p>
</div>
{{else}}<p class="muted">No Employment Projections are loaded for this occupation.</p>
{{end}}</section>
{{end}}
{{define "postedrow"}}<tr><td>{{.Label}}</td><td>{{.Years}}</td><td class="num">{{.N}}</td>{{if .Suppressed}}<td class="num" colspan="6">suppressed</td>{{else}}<td class="num">{{.P10}}</td><td class="num">{{.P25}}</td><td class="num">{{.Median}}</td><td class="num">{{.CI}}</td><td class="num">{{.P75}}</td><td class="num">{{.P90}}</td>{{end}}</tr>
{{end}}`)
