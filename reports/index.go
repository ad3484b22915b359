package reports

import (
	"sort"
	"strconv"
	"strings"

	"github.com/wagescope/wagescope/internal/numfmt"
	"github.com/wagescope/wagescope/pipeline/store"
)

// indexTitle is the site's title and the index page's heading.
const indexTitle = "wagescope — occupational wages and outlook"

// headlineSize is how many occupations each headline table lists.
const headlineSize = 10

// indexEntry is one row of the occupations table, with the raw figures the
// headline tables rank by.
type indexEntry struct {
	Code, Title string
	Search      string // lower-case text the search box matches
	Href        string // "" when the occupation has no page
	Release     string // latest OEWS U.S. release, as "May 2023"
	Median      string
	Employment  string
	Growth      string // latest projections cycle's percent change
	Posted      bool

	level    string // SOC level: total, major, minor, broad or detailed
	us       *store.WageStat
	outlook  *store.Outlook
	medianTC bool
	// postedFrom and postedTo span the years its posted pay is from; 0: none
	postedFrom, postedTo int
}

func newIndexEntry(d occupationData, hasPage bool) indexEntry {
	e := indexEntry{Code: d.occ.Code, Title: d.occ.Title, Release: dash, Median: dash, Employment: dash, Growth: dash,
		Posted: len(d.posted) > 0, level: d.occ.Level}
	e.Search = searchText(append([]string{d.occ.Code, d.occ.Title, d.occ.SOCCodes}, d.occ.SearchTitles...))
	if hasPage {
		e.Href = occupationPath(d.occ.Code)
	}
	if n := len(d.us); n > 0 {
		s := d.us[n-1]
		e.us = &s
		e.medianTC = isTopCoded(s, "annual_median")
		e.Release = releaseLabel(s.Release)
		e.Median = indexMedian(s) // "$20.50/hr" where OEWS publishes hourly wages only
		e.Employment = count(s.Employment)
	}
	e.postedFrom, e.postedTo, _ = postedYearBounds(d.posted)
	if len(d.outlooks) > 0 {
		o := d.outlooks[0]
		e.outlook = &o
		e.Growth = percent(o.ChangePercent)
	}
	return e
}

// searchText is the lower-case words of names, each once, in first-seen
// order. The search box matches each typed word within one word of the
// text, so words said twice add nothing but bytes.
func searchText(names []string) string {
	seen := map[string]bool{}
	var words []string
	for _, n := range names {
		for _, w := range strings.Fields(strings.ToLower(n)) {
			if !seen[w] {
				seen[w] = true
				words = append(words, w)
			}
		}
	}
	return strings.Join(words, " ")
}

// sourceRow is one row of the sources table.
type sourceRow struct {
	Name, Kind, File, Release, Status string
	SHA                               string
	Loaded, Rejected                  string
	Citation                          string
}

// freshnessRow says, per kind of source, which vintages the site holds.
type freshnessRow struct {
	Kind, Newest, Releases string
	Files                  int
}

type indexPage struct {
	GeneratedAt    string
	RunID          string
	EChartsVersion string
	Freshness      []freshnessRow
	Sources        []sourceRow
	Headlines      []figure
	Occupations    []indexEntry
	WithPage       int
}

func (w *siteWriter) writeIndex(opt Options, sources []store.SourceFile, entries []indexEntry) error {
	p := indexPage{
		GeneratedAt:    opt.GeneratedAt,
		RunID:          dash,
		EChartsVersion: EChartsVersion,
		Freshness:      freshness(sources, entries),
		Sources:        sourceRows(sources),
		Headlines:      headlines(entries),
		Occupations:    entries,
	}
	if p.GeneratedAt == "" {
		p.GeneratedAt = dash
	}
	if opt.RunID != 0 {
		p.RunID = strconv.FormatInt(opt.RunID, 10)
	}
	for _, e := range entries {
		if e.Href != "" {
			p.WithPage++
		}
	}
	return w.writePage("index.html", indexTpl, shell{Title: indexTitle, Root: "", Page: p})
}

// sortedSources orders source files by kind, name, release, file and id.
func sortedSources(files []store.SourceFile) []store.SourceFile {
	fs := append([]store.SourceFile(nil), files...)
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		switch {
		case a.Kind != b.Kind:
			return a.Kind < b.Kind
		case a.Name != b.Name:
			return a.Name < b.Name
		case a.Release != b.Release:
			return a.Release < b.Release
		case a.FileName != b.FileName:
			return a.FileName < b.FileName
		}
		return a.ID < b.ID
	})
	return fs
}

func sourceRows(files []store.SourceFile) []sourceRow {
	fs := sortedSources(files)
	rows := make([]sourceRow, len(fs))
	for i, f := range fs {
		rows[i] = sourceRow{
			Name: f.Name, Kind: f.Kind, File: f.FileName, Release: sourceReleaseLabel(f), Status: f.Status,
			SHA:      strings.ToLower(f.SHA256),
			Loaded:   numfmt.Count(float64(f.RowsLoaded)),
			Rejected: numfmt.Count(float64(f.RowsRejected)),
			Citation: SourceCitation(f),
		}
	}
	return rows
}

// sourceReleaseLabel is the sources table's release of a file: "May 2023",
// "O*NET 30.0", or "version not stated" for O*NET lists that do not say.
func sourceReleaseLabel(f store.SourceFile) string {
	if f.Release == "onet" {
		return "version not stated"
	}
	return vintageLabel(f.Kind, f.Release)
}

// sourceKinds names the kinds of source in the freshness table.
var sourceKinds = map[string]string{
	"oews":        "OEWS wage estimates",
	"projections": "Employment Projections",
	"cpi":         "CPI-U",
	"postings":    "Job postings",
	"soc":         "SOC structure and definitions",
	"titles":      "O*NET titles",
}

// freshness lists, per kind of source, the vintages loaded and the newest.
// Postings have no release (one is configured at most, for a file without
// dates): their row gives the years the posted pay is from, as the
// occupations' figures hold them.
func freshness(files []store.SourceFile, entries []indexEntry) []freshnessRow {
	byKind := map[string]map[string]bool{}
	nFiles := map[string]int{}
	for _, f := range files {
		if byKind[f.Kind] == nil {
			byKind[f.Kind] = map[string]bool{}
		}
		if f.Release != "" {
			byKind[f.Kind][f.Release] = true
		}
		nFiles[f.Kind]++
	}
	kinds := make([]string, 0, len(byKind))
	for k := range byKind {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	out := make([]freshnessRow, 0, len(kinds))
	for _, k := range kinds {
		var rels []string
		for r := range byKind[k] {
			rels = append(rels, r)
		}
		sort.Strings(rels)
		name := sourceKinds[k]
		if name == "" {
			name = k
		}
		row := freshnessRow{Kind: name, Newest: dash, Releases: dash, Files: nFiles[k]}
		var labels []string
		for _, r := range rels {
			if l := vintageLabel(k, r); l != "" {
				labels = append(labels, l)
			}
		}
		if len(labels) > 0 {
			row.Newest, row.Releases = labels[len(labels)-1], strings.Join(labels, ", ")
		}
		if k == "postings" {
			if lo, hi := postedSpan(entries); hi > 0 {
				row.Newest, row.Releases = strconv.Itoa(hi), "pay from "+strconv.Itoa(lo)
				if hi > lo {
					row.Releases += "–" + strconv.Itoa(hi)
				}
			}
		}
		out = append(out, row)
	}
	return out
}

// vintageLabel is how the freshness table names a release of a kind of
// source, or "" for none: O*NET files that do not state their version are
// ingested as release "onet".
func vintageLabel(kind, release string) string {
	switch {
	case kind == "oews":
		return releaseLabel(release)
	case release == "onet":
		return ""
	case strings.HasPrefix(release, "onet-"):
		return "O*NET " + strings.TrimPrefix(release, "onet-")
	}
	return release
}

// postedSpan is the first and last year of posted pay over all entries;
// 0, 0 when no posting is dated.
func postedSpan(entries []indexEntry) (lo, hi int) {
	for _, e := range entries {
		if e.postedTo == 0 {
			continue
		}
		if lo == 0 || e.postedFrom < lo {
			lo = e.postedFrom
		}
		hi = max(hi, e.postedTo)
	}
	return lo, hi
}

// rankable keeps the occupations headline tables compare: detailed ones,
// and broad ones only where no detailed occupation under them has figures
// of that kind (OEWS publishes 29-2010 whole since 2021), so no job is
// counted at two levels.
func rankable(entries []indexEntry, has func(indexEntry) bool) []indexEntry {
	detailedUnder := map[string]bool{} // broad code prefix "29-201" → a detailed child has figures
	for _, e := range entries {
		if e.level == "detailed" && has(e) && len(e.Code) == 7 {
			detailedUnder[e.Code[:6]] = true
		}
	}
	var out []indexEntry
	for _, e := range entries {
		if !has(e) {
			continue
		}
		if e.level == "detailed" || e.level == "broad" && len(e.Code) == 7 && !detailedUnder[e.Code[:6]] {
			out = append(out, e)
		}
	}
	return out
}

// headlines are the index's ranked tables of detailed occupations: largest
// employment, highest median (latest OEWS release) and fastest projected
// growth (latest projections cycle). Ties break by SOC code.
func headlines(entries []indexEntry) []figure {
	latestRelease, latestCycle := "", ""
	for _, e := range entries {
		if e.us != nil && e.us.Release > latestRelease {
			latestRelease = e.us.Release
		}
		if e.outlook != nil && e.outlook.Cycle > latestCycle {
			latestCycle = e.outlook.Cycle
		}
	}
	withWage := rankable(entries, func(e indexEntry) bool { return e.us != nil && e.us.Release == latestRelease })
	withGrowth := rankable(entries, func(e indexEntry) bool {
		return e.outlook != nil && e.outlook.Cycle == latestCycle && finite(e.outlook.ChangePercent)
	})
	rank := func(rows []indexEntry, value func(indexEntry) *float64) []indexEntry {
		var kept []indexEntry
		for _, e := range rows {
			if finite(value(e)) {
				kept = append(kept, e)
			}
		}
		sort.SliceStable(kept, func(i, j int) bool {
			a, b := *value(kept[i]), *value(kept[j])
			if a != b {
				return a > b
			}
			return kept[i].Code < kept[j].Code
		})
		return kept[:min(headlineSize, len(kept))]
	}
	name := func(e indexEntry) tableCell { return tableCell{Text: e.Title + " (" + e.Code + ")", Href: e.Href} }
	var figs []figure
	if top := rank(withWage, func(e indexEntry) *float64 { return e.us.Employment }); len(top) > 0 {
		t := &dataTable{ID: "table_top_employment", CSVName: "largest_employment.csv", Caption: "U.S. employment, OEWS, latest release",
			Head: heads("Occupation", "#Employment", "#Annual median", "Release")}
		var cites []string
		for _, e := range top {
			// an occupation OEWS publishes hourly wages only for shows its hourly median ("$20.50/hr")
			t.Rows = append(t.Rows, []tableCell{name(e), countCell(e.us.Employment), wageCell(*e.us, perYear.median(), perYear), text(e.Release)})
			cites = appendUnique(cites, WageCitation(*e.us))
		}
		figs = append(figs, figure{ID: "fig_top_employment", Heading: "Largest employment", Table: t, Sources: cites})
	}
	if top := rank(withWage, func(e indexEntry) *float64 { return e.us.AnnualMedian }); len(top) > 0 {
		t := &dataTable{ID: "table_top_pay", CSVName: "highest_pay.csv", Caption: "U.S. annual median wage, OEWS, latest release",
			Head: heads("Occupation", "#Annual median", "#Employment", "Release")}
		var cites []string
		topCoded := false
		for _, e := range top {
			t.Rows = append(t.Rows, []tableCell{name(e), usdCell(e.us.AnnualMedian, e.medianTC), countCell(e.us.Employment), text(e.Release)})
			cites = appendUnique(cites, WageCitation(*e.us))
			topCoded = topCoded || e.medianTC
		}
		fig := figure{ID: "fig_top_pay", Heading: "Highest pay", Table: t, Sources: cites}
		if topCoded {
			fig.Notes = []string{"“≥” marks a top-coded median: OEWS publishes only a lower bound, so these occupations tie and are listed by SOC code."}
		}
		figs = append(figs, fig)
	}
	if top := rank(withGrowth, func(e indexEntry) *float64 { return e.outlook.ChangePercent }); len(top) > 0 {
		t := &dataTable{ID: "table_top_growth", CSVName: "fastest_growth.csv", Caption: "Projected employment change, percent",
			Head: heads("Occupation", "#Change", "#Employment, base year", "#Openings a year", "Projections")}
		var cites []string
		for _, e := range top {
			o := e.outlook
			t.Rows = append(t.Rows, []tableCell{name(e), numCell(percent(o.ChangePercent), o.ChangePercent),
				countCell(o.EmploymentBase), countCell(o.OpeningsAnnual), text(cycleLabel(*o))})
			cites = appendUnique(cites, OutlookCitation(store.Outlook{Cycle: o.Cycle, BaseYear: o.BaseYear, ProjectedYear: o.ProjectedYear, Source: o.Source}))
		}
		figs = append(figs, figure{ID: "fig_top_growth", Heading: "Fastest projected growth", Table: t, Sources: cites})
	}
	return figs
}

var indexTpl = pageTemplate("index", `{{define "content"}}<h1>wagescope — occupational wages and outlook</h1>
<section id="run">
<dl class="meta">
<dt>Generated at</dt><dd>{{.GeneratedAt}}</dd>
<dt>Run id</dt><dd>{{.RunID}}</dd>
<dt>Occupations</dt><dd>{{len .Occupations}} ({{.WithPage}} with a page)</dd>
<dt>Charts</dt><dd>Apache ECharts {{.EChartsVersion}}, shipped with the site</dd>
<dt>Changes</dt><dd><a href="changes.html">What changed in this run</a></dd>
<dt>Exports</dt><dd><a href="exports/README.txt">CSV and Parquet of the published tables</a></dd>
</dl>
</section>
<section id="search">
<h2>Find an occupation</h2>
<label for="occupation-search">Title or SOC code</label><br>
<input id="occupation-search" type="search" autocomplete="off" placeholder="e.g. laboratory technologist or 29-2011" aria-controls="occupation-table">
<p id="occupation-count" class="muted" aria-live="polite">{{len .Occupations}} occupations</p>
</section>
{{if .Headlines}}<section id="headlines">
<h2>Headlines</h2>
<div class="headlines">
{{range .Headlines}}<div>{{template "figure" .}}</div>
{{end}}</div>
</section>
{{end}}<section id="freshness">
<h2>Data freshness</h2>
{{if .Freshness}}<table>
<thead><tr><th>Data</th><th>Newest</th><th>Vintages loaded</th><th class="num">Files</th></tr></thead>
<tbody>
{{range .Freshness}}<tr><td>{{.Kind}}</td><td>{{.Newest}}</td><td>{{.Releases}}</td><td class="num">{{.Files}}</td></tr>
{{end}}</tbody>
</table>{{else}}<p class="muted">No source files recorded.</p>{{end}}
</section>
<section id="sources">
<h2>Sources</h2>
{{if .Sources}}<table>
<thead><tr><th>Name</th><th>Kind</th><th>File</th><th>Release</th><th>sha256</th><th>Status</th><th class="num">Rows loaded</th><th class="num">Rows rejected</th><th>Cite as</th></tr></thead>
<tbody>
{{range .Sources}}<tr><td>{{.Name}}</td><td>{{.Kind}}</td><td>{{.File}}</td><td>{{.Release}}</td><td><code class="sha">{{.SHA}}</code></td><td>{{.Status}}</td><td class="num">{{.Loaded}}</td><td class="num">{{.Rejected}}</td><td class="cite">{{.Citation}}</td></tr>
{{end}}</tbody>
</table>
<p class="note">Each page's figures name their file and the first 12 characters of its sha256 in their source lines; the full digests are above.</p>{{else}}<p class="muted">No source files recorded.</p>{{end}}
</section>
<section id="occupations">
<h2>Occupations</h2>
{{if .Occupations}}<table id="occupation-table">
<thead><tr><th>SOC code</th><th>Title</th><th>Latest OEWS release</th><th class="num">U.S. annual median</th><th class="num">U.S. employment</th><th class="num">Projected change</th><th>Posted pay</th></tr></thead>
<tbody>
{{range .Occupations}}<tr data-search="{{.Search}}"><td>{{.Code}}</td><td>{{if .Href}}<a href="{{.Href}}">{{.Title}}</a>{{else}}{{.Title}}{{end}}</td><td>{{.Release}}</td><td class="num">{{.Median}}</td><td class="num">{{.Employment}}</td><td class="num">{{.Growth}}</td><td>{{if .Posted}}yes{{end}}</td></tr>
{{end}}</tbody>
</table>
<p class="note">Annual medians and employment: OEWS, United States, all employers, latest release loaded. Projected change: latest Employment Projections cycle loaded. “≥” marks a top-coded value (at least this amount); “—” means not published.</p>
{{else}}<p class="muted">No occupations loaded.</p>{{end}}
</section>
{{end}}`)
