package reports

import (
	"sort"
	"strconv"

	"github.com/wagescope/wagescope/internal/numfmt"
	"github.com/wagescope/wagescope/pipeline/store"
)

// indexTitle is the site's title and the index page's heading.
const indexTitle = "wagescope — occupational wages and outlook"

// indexEntry is one row of the occupations table.
type indexEntry struct {
	Code, Title string
	Href        string // "" when the occupation has no page
	Release     string // latest OEWS U.S. release, as "May 2023"
	Median      string
	Employment  string
	Outlook     bool
}

func newIndexEntry(d occupationData, hasPage bool) indexEntry {
	e := indexEntry{Code: d.occ.Code, Title: d.occ.Title, Outlook: len(d.outlooks) > 0, Release: dash, Median: dash, Employment: dash}
	if hasPage {
		e.Href = occupationPath(d.occ.Code)
	}
	if n := len(d.us); n > 0 {
		s := d.us[n-1]
		e.Release = releaseLabel(s.Release)
		e.Median = usd(s.AnnualMedian, isTopCoded(s, "annual_median"))
		e.Employment = count(s.Employment)
	}
	return e
}

// sourceRow is one row of the sources table.
type sourceRow struct {
	Name, Kind, File, Release, Status string
	SHA, SHAShort                     string
	Loaded, Rejected                  string
}

type indexPage struct {
	GeneratedAt    string
	RunID          string
	EChartsVersion string
	Sources        []sourceRow
	Occupations    []indexEntry
	WithPage       int
}

func (w *siteWriter) writeIndex(opt Options, sources []store.SourceFile, entries []indexEntry) error {
	p := indexPage{
		GeneratedAt:    opt.GeneratedAt,
		RunID:          dash,
		EChartsVersion: EChartsVersion,
		Sources:        sourceRows(sources),
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

// sourceRows sorts sources by kind, name, release, file and id.
func sourceRows(files []store.SourceFile) []sourceRow {
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
	rows := make([]sourceRow, len(fs))
	for i, f := range fs {
		rows[i] = sourceRow{
			Name: f.Name, Kind: f.Kind, File: f.FileName, Release: f.Release, Status: f.Status,
			SHA: f.SHA256, SHAShort: shortSHA(f.SHA256),
			Loaded:   numfmt.Count(float64(f.RowsLoaded)),
			Rejected: numfmt.Count(float64(f.RowsRejected)),
		}
	}
	return rows
}

var indexTpl = pageTemplate("index", `{{define "content"}}<h1>wagescope — occupational wages and outlook</h1>
<section id="run">
<dl class="meta">
<dt>Generated at</dt><dd>{{.GeneratedAt}}</dd>
<dt>Run id</dt><dd>{{.RunID}}</dd>
<dt>Occupations</dt><dd>{{len .Occupations}} ({{.WithPage}} with a page)</dd>
<dt>Charts</dt><dd>Apache ECharts {{.EChartsVersion}}, shipped with the site</dd>
</dl>
</section>
<section id="sources">
<h2>Sources</h2>
{{if .Sources}}<table>
<thead><tr><th>Name</th><th>Kind</th><th>File</th><th>Release</th><th>sha256</th><th>Status</th><th class="num">Rows loaded</th><th class="num">Rows rejected</th></tr></thead>
<tbody>
{{range .Sources}}<tr><td>{{.Name}}</td><td>{{.Kind}}</td><td>{{.File}}</td><td>{{.Release}}</td><td><code title="{{.SHA}}">{{.SHAShort}}{{if ne .SHA .SHAShort}}…{{end}}</code></td><td>{{.Status}}</td><td class="num">{{.Loaded}}</td><td class="num">{{.Rejected}}</td></tr>
{{end}}</tbody>
</table>{{else}}<p class="muted">No source files recorded.</p>{{end}}
</section>
<section id="occupations">
<h2>Occupations</h2>
{{if .Occupations}}<table>
<thead><tr><th>SOC code</th><th>Title</th><th>Latest OEWS release</th><th class="num">U.S. annual median</th><th class="num">U.S. employment</th><th>Outlook</th></tr></thead>
<tbody>
{{range .Occupations}}<tr><td>{{.Code}}</td><td>{{if .Href}}<a href="{{.Href}}">{{.Title}}</a>{{else}}{{.Title}}{{end}}</td><td>{{.Release}}</td><td class="num">{{.Median}}</td><td class="num">{{.Employment}}</td><td>{{if .Outlook}}yes{{end}}</td></tr>
{{end}}</tbody>
</table>
<p class="note">Annual medians and employment: OEWS, United States, all employers, latest release loaded. “≥” marks a top-coded value (at least this amount); “—” means not published.</p>
{{else}}<p class="muted">No occupations loaded.</p>{{end}}
</section>
{{end}}`)
