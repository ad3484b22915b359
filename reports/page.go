package reports

import (
	"github.com/wagescope/wagescope/pipeline/store"
)

// siteInfo is what every occupation page shares: CPI-U annual averages for
// constant dollars, and the CPI file's source line.
type siteInfo struct {
	cpi         map[int]float64
	cpiYear     int // newest year with an annual average; 0 when none
	cpiCitation string
}

func newSiteInfo(cpi map[int]float64, sources []store.SourceFile) siteInfo {
	si := siteInfo{cpi: cpi}
	for year := range cpi {
		if year > si.cpiYear {
			si.cpiYear = year
		}
	}
	si.cpiCitation = "Source: " + bls + ", Consumer Price Index for All Urban Consumers (CPI-U), U.S. city average, all items, annual averages"
	for _, f := range sortedSources(sources) {
		if f.Kind == "cpi" {
			si.cpiCitation += fileRef("file ", store.SourceRef{FileName: f.FileName, SHA256: f.SHA256})
			break
		}
	}
	return si
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

// keyFact is one line of a page's summary.
type keyFact struct{ Label, Value string }

// link is an in-page table of contents entry.
type link struct{ Href, Text string }

// occupationPage is the data of occupation/<code>.html.
type occupationPage struct {
	Code, Title, SOCCodes string
	Facts                 []keyFact
	TOC                   []link
	Distribution          *figure
	Trend                 []figure
	TrendUnit             string // "Annual", or "Hourly" for an occupation OEWS publishes hourly wages only for
	Areas                 []figure
	AreaRelease           string
	Employers             *figure
	Experience            *figure
	PostedMap             *figure
	PostedAreas           *figure
	Versus                *figure
	Outlooks              []outlookView
}

func (w *siteWriter) writeOccupation(d occupationData, site siteInfo) error {
	const root = "../"
	p := occupationPage{Code: d.occ.Code, Title: d.occ.Title, SOCCodes: d.occ.SOCCodes}
	if p.Title == "" {
		p.Title = d.occ.Code
	}
	var err error
	if p.Distribution, err = distributionFigure(d, root); err != nil {
		return err
	}
	if p.Trend, err = trendFigures(d, site, root); err != nil {
		return err
	}
	p.TrendUnit = capitalized(groupUnit(d.us...).adjective())
	if p.Areas, err = areaFigures(d, root); err != nil {
		return err
	}
	if len(d.areas) > 0 {
		p.AreaRelease = releaseLabel(d.areas[0].Release)
	}
	if p.Employers, err = employerFigure(d, root); err != nil {
		return err
	}
	if p.Experience, err = experienceFigure(d, root); err != nil {
		return err
	}
	if p.PostedMap, err = postedStateFigure(d, root); err != nil {
		return err
	}
	p.PostedAreas = postedAreaFigure(d)
	if p.Versus, err = versusFigure(d, root); err != nil {
		return err
	}
	for _, o := range d.outlooks {
		p.Outlooks = append(p.Outlooks, newOutlookView(o, d.latestUS()))
	}
	p.Facts = keyFacts(d)
	p.TOC = pageTOC(p)
	title := p.Title + " (SOC " + p.Code + ") — wagescope"
	return w.writePage(occupationPath(d.occ.Code), occupationTpl, shell{Title: title, Root: root, Page: p})
}

// keyFacts are the page's headline figures, each with its vintage.
func keyFacts(d occupationData) []keyFact {
	var out []keyFact
	if n := len(d.us); n > 0 {
		s := d.us[n-1]
		u, _ := rowUnit(s)
		m := u.median()
		v, jobs := u.format(m.get(s), isTopCoded(s, m.key)), count(s.Employment)+" jobs"
		if u == perHour {
			jobs += "; OEWS publishes hourly wages only"
			if finite(m.get(s)) {
				v += " an hour"
			}
		}
		out = append(out, keyFact{"U.S. median " + u.adjective() + " wage, OEWS " + releaseLabel(s.Release), v + " (" + jobs + ")"})
	}
	if s, ok := d.postedUS(); ok {
		v := "suppressed (" + postingsLabel(s) + ")"
		if !s.IsSuppressed {
			v = usd(s.AnnualMedian, false) + " (" + postingsLabel(s) + ", pay from " + yearsOr(s.PostedYears) + ")"
		}
		out = append(out, keyFact{"U.S. posted median pay, job postings", v})
	}
	if len(d.outlooks) > 0 {
		o := d.outlooks[0]
		out = append(out, keyFact{"Projected employment change " + cycleLabel(o),
			percent(o.ChangePercent) + " (" + count(o.OpeningsAnnual) + " openings a year)"})
	}
	return out
}

// pageTOC links the sections the page has.
func pageTOC(p occupationPage) []link {
	var out []link
	add := func(ok bool, href, text string) {
		if ok {
			out = append(out, link{href, text})
		}
	}
	add(p.Distribution != nil, "#distribution", "Distribution")
	add(len(p.Trend) > 0, "#trend", "Trend")
	add(len(p.Areas) > 0, "#areas", "By state and area")
	add(p.Employers != nil, "#employers", "By employer type")
	add(p.Experience != nil, "#experience", "By experience")
	add(p.PostedAreas != nil, "#posted", "Posted pay")
	add(p.Versus != nil, "#versus", "Posted vs surveyed")
	add(true, "#outlook", "Outlook")
	return out
}

var occupationTpl = pageTemplate("occupation", `{{define "content"}}<nav><a href="../index.html">← All occupations</a></nav>
<h1>{{.Title}} (SOC {{.Code}})</h1>
{{if .SOCCodes}}<p class="muted">Covers SOC {{.SOCCodes}}.</p>
{{end}}{{if .Facts}}<dl class="meta" id="facts">
{{range .Facts}}<dt>{{.Label}}</dt><dd>{{.Value}}</dd>
{{end}}</dl>
{{end}}<nav class="toc">{{range .TOC}}<a href="{{.Href}}">{{.Text}}</a>{{end}}</nav>
{{with .Distribution}}<section id="distribution">
<h2>Wage distribution</h2>
{{template "figure" .}}</section>
{{end}}<section id="trend">
<h2>{{.TrendUnit}} wages across releases, United States, all employers</h2>
{{range .Trend}}{{template "figure" .}}{{else}}<p class="muted">No OEWS wage figures for the United States are loaded for this occupation.</p>
{{end}}</section>
{{if .Areas}}<section id="areas">
<h2>Pay by state and area, {{.AreaRelease}}</h2>
{{range .Areas}}{{template "figure" .}}{{end}}</section>
{{end}}{{with .Employers}}<section id="employers">
<h2>Pay by employer type</h2>
{{template "figure" .}}</section>
{{end}}{{with .Experience}}<section id="experience">
<h2>Pay by experience</h2>
{{template "figure" .}}</section>
{{end}}{{if .PostedAreas}}<section id="posted">
<h2>Posted pay (job postings)</h2>
<p class="muted">Annualized pay advertised in job postings, USD per year, each posting counted once. Not a survey: compare with the OEWS figures with care.</p>
{{with .PostedMap}}{{template "figure" .}}{{end}}{{template "figure" .PostedAreas}}</section>
{{end}}{{with .Versus}}<section id="versus">
<h2>Posted vs surveyed pay</h2>
{{template "figure" .}}</section>
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
{{end}}`)
