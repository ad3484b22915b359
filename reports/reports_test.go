package reports

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"html"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/wagescope/wagescope/pipeline/store"
)

func f(v float64) *float64 { return &v }
func i(v int64) *int64     { return &v }

const (
	nationalSHA = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	stateSHA    = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"
	projSHA     = "aaaabbbbccccddddeeeeffff00001111222233334444555566667777888899990"
	postSHA     = "950a1d9e564e0123950a1d9e564e0123950a1d9e564e0123950a1d9e564e0123"
	cpiSHA      = "c01dc0ffee00c01dc0ffee00c01dc0ffee00c01dc0ffee00c01dc0ffee00c01d"
	hostile     = "<script>alert(1)</script>"
	hostileArea = "</script><script>alert(2)</script>"
)

// oewsRow is an OEWS U.S. all-employer row for 29-2010.
func oewsRow(release string, emp, mean, p10, p25, med, p75, p90 float64) store.WageStat {
	year := release[:4]
	return store.WageStat{
		SourceFamily: "oews", Release: release,
		OccupationCode: "29-2010", OccupationTitle: "Clinical Laboratory Technologists and Technicians",
		AreaCode: "US", AreaTitle: "U.S.", AreaType: "national", EmployerType: "ALL",
		IndustryCode: "000000", Experience: "ALL",
		Employment: f(emp), AnnualMean: f(mean), AnnualP10: f(p10), AnnualP25: f(p25),
		AnnualMedian: f(med), AnnualP75: f(p75), AnnualP90: f(p90),
		Source: store.SourceRef{Name: "oews-national-" + year, FileName: "national_M" + year + "_dl.xlsx", SHA256: nationalSHA, Release: release},
	}
}

func stateRow(code, title string, med float64) store.WageStat {
	return store.WageStat{
		SourceFamily: "oews", Release: "2023-05", OccupationCode: "29-2010",
		AreaCode: code, AreaTitle: title, AreaType: "state", EmployerType: "ALL", Experience: "ALL",
		Employment: f(1000), AnnualMedian: f(med),
		Source: store.SourceRef{Name: "oews-state-2023", FileName: "state_M2023_dl.xlsx", SHA256: stateSHA, Release: "2023-05"},
	}
}

// postedRow is a postings cell of 29-2010, all periods.
func postedRow(area, title, areaType, experience, employer string, n int64, p10, p25, med, p75, p90 float64) store.WageStat {
	s := store.WageStat{
		SourceFamily: "postings", PeriodType: "all", Period: "ALL", OccupationCode: "29-2010",
		AreaCode: area, AreaTitle: title, AreaType: areaType, Experience: experience, EmployerType: employer,
		PayBasis: "ALL", N: i(n),
		Source:  store.SourceRef{Name: "glassdoor", FileName: "glassdoor_jobs.csv", SHA256: postSHA},
		Sources: []store.SourceRef{{Name: "glassdoor", FileName: "glassdoor_jobs.csv", SHA256: postSHA}},
	}
	if n < 5 {
		s.IsSuppressed = true
	}
	s.SetPostedYears(2019, 2020)
	if s.IsSuppressed {
		return s
	}
	s.AnnualP10, s.AnnualP25, s.AnnualMedian, s.AnnualP75, s.AnnualP90 = f(p10), f(p25), f(med), f(p75), f(p90)
	s.MedianCILow, s.MedianCIHigh = f(med-2000), f(med+3000)
	return s
}

// sectorRow is an OEWS U.S. industry-sector row of 29-2010, May 2023.
func sectorRow(employer, code, title string, emp, p10, p25, med, p75, p90 float64) store.WageStat {
	s := oewsRow("2023-05", emp, 0, p10, p25, med, p75, p90)
	s.AnnualMean = nil
	s.EmployerType, s.IndustryCode, s.IndustryTitle = employer, code, title
	s.Source.Name, s.Source.FileName = "oews-natsector-2023", "natsector_M2023_dl.xlsx"
	return s
}

// modeledRow is an experience-bridge figure of 29-2010, U.S., May 2023.
func modeledRow(level string, pct, v float64) store.WageStat {
	return store.WageStat{SourceFamily: "oews", Release: "2023-05", Period: "2023-05", PeriodType: "release",
		OccupationCode: "29-2010", AreaCode: "US", EmployerType: "ALL", Experience: level, PayBasis: "modeled",
		Modeled: true, AnnualModeled: f(v), ModeledPercentile: f(pct),
		Source: store.SourceRef{Name: "oews-national-2023", FileName: "national_M2023_dl.xlsx", SHA256: nationalSHA, Release: "2023-05"}}
}

var labOutlook = store.Outlook{
	Cycle: "2022-2032", BaseYear: 2022, ProjectedYear: 2032,
	OccupationCode: "29-2010", OccupationTitle: "Clinical Laboratory Technologists and Technicians",
	EmploymentBase: f(342900), EmploymentProjected: f(359700), ChangeNumeric: f(16800), ChangePercent: f(4.9),
	OpeningsAnnual: f(24000), MedianWage: f(60780), WageYear: 2023, WageRelease: "2023-05",
	Education: "Bachelor's degree", WorkExperience: "None", Training: "None",
	Source: store.SourceRef{Name: "ep-2022", FileName: "occupation.xlsx", SHA256: projSHA, Release: "2022-2032"},
}

// fakeReader serves fixed rows, filtered like the store, in reverse order so
// the reports must sort for themselves.
type fakeReader struct {
	occs     []store.Occupation
	wages    []store.WageStat
	outlooks []store.Outlook
	sources  []store.SourceFile
	modeled  []store.WageStat
	versus   []store.PostedVsSurveyed
	cpi      map[int]float64
	fail     string // method name that returns an error ("WageStats postings": only the posted cells)
}

var errFake = errors.New("fake failure")

func (r *fakeReader) Occupations(context.Context) ([]store.Occupation, error) {
	if r.fail == "Occupations" {
		return nil, errFake
	}
	return r.occs, nil
}

func (r *fakeReader) WageStats(_ context.Context, w store.WageFilter) ([]store.WageStat, error) {
	if r.fail == "WageStats" || (r.fail == "WageStats postings" && w.SourceFamily == "postings") {
		return nil, errFake
	}
	match := func(want, got string, rollup bool) bool {
		if want == "" && rollup {
			want = "ALL"
		}
		if rollup && got == "" {
			got = "ALL"
		}
		return want == "" || want == store.Any || want == got
	}
	var out []store.WageStat
	for i := len(r.wages) - 1; i >= 0; i-- {
		s := r.wages[i]
		inRange := (w.OccupationFrom == "" || s.OccupationCode >= w.OccupationFrom) && (w.OccupationTo == "" || s.OccupationCode <= w.OccupationTo)
		if inRange && match(w.OccupationCode, s.OccupationCode, false) && match(w.AreaCode, s.AreaCode, false) &&
			match(w.Release, s.Release, false) && match(w.SourceFamily, s.SourceFamily, false) &&
			match(w.EmployerType, s.EmployerType, true) && match(w.Experience, s.Experience, true) {
			out = append(out, s)
		}
	}
	return out, nil
}

func (r *fakeReader) ModeledRates(_ context.Context, code, area, release, experience string) ([]store.WageStat, error) {
	if r.fail == "ModeledRates" {
		return nil, errFake
	}
	var out []store.WageStat
	for _, s := range r.modeled {
		if (code == store.Any || s.OccupationCode == code) && s.AreaCode == area &&
			(release == store.Any || s.Release == release) && (experience == store.Any || s.Experience == experience) {
			out = append(out, s)
		}
	}
	return out, nil
}

func (r *fakeReader) PostedVsSurveyed(_ context.Context, code string) ([]store.PostedVsSurveyed, error) {
	if r.fail == "PostedVsSurveyed" {
		return nil, errFake
	}
	var out []store.PostedVsSurveyed
	for _, v := range r.versus {
		if code == store.Any || v.OccupationCode == code {
			out = append(out, v)
		}
	}
	return out, nil
}

func (r *fakeReader) CPIAnnualAverages(context.Context) (map[int]float64, error) {
	if r.fail == "CPIAnnualAverages" {
		return nil, errFake
	}
	return r.cpi, nil
}

func (r *fakeReader) Outlooks(_ context.Context, code string) ([]store.Outlook, error) {
	if r.fail == "Outlooks" {
		return nil, errFake
	}
	var out []store.Outlook
	for _, o := range r.outlooks {
		if code == store.Any || o.OccupationCode == code {
			out = append(out, o)
		}
	}
	return out, nil
}

func (r *fakeReader) SourceFiles(context.Context) ([]store.SourceFile, error) {
	if r.fail == "SourceFiles" {
		return nil, errFake
	}
	return r.sources, nil
}

func newFake() *fakeReader {
	hostileRow := store.WageStat{
		SourceFamily: "oews", Release: "2023-05", OccupationCode: "99-9999", OccupationTitle: hostile,
		AreaCode: "US", AreaTitle: "U.S.", AreaType: "national", EmployerType: "ALL",
		Employment: f(1230), AnnualMedian: f(150000), AnnualP90: f(239200), TopCoded: []string{"annual_p90"},
		Source: store.SourceRef{Name: "oews-national-2023", FileName: `<img src=x onerror=alert(3)>.xlsx`, SHA256: nationalSHA, Release: "2023-05"},
	}
	return &fakeReader{
		occs: []store.Occupation{
			{Code: "99-9999", Title: hostile, Level: "detailed"},
			{Code: "29-2010", Title: "Clinical Laboratory Technologists and Technicians", Level: "broad", SOCCodes: "29-2011, 29-2012", HasOutlook: true, HasPostings: true},
			{Code: "11-1011", Title: "Chief Executives", Level: "detailed"},
		},
		wages: []store.WageStat{
			oewsRow("2020-05", 326220, 55990, 31450, 39680, 54180, 69650, 83700),
			oewsRow("2021-05", 318780, 56910, 30280, 37990, 57800, 74530, 79340),
			oewsRow("2022-05", 333600, 59130, 35220, 40440, 57380, 74920, 84670),
			oewsRow("2023-05", 334380, 62870, 36770, 45080, 60780, 78120, 93900),
			stateRow("CA", "California", 99470),
			stateRow("TX", "Texas", 54230),
			stateRow("ZZ", hostileArea, 50000),
			stateRow("AK", "Alaska", math.NaN()),
			hostileRow,
			sectorRow("government", "99", "Federal, State, and Local Government", 11330, 45000, 55000, 65050, 76000, 90000),
			sectorRow("mixed", "62", "Health Care and Social Assistance", 281350, 37000, 46000, 61320, 78000, 94000),
			postedRow("US", "U.S.", "national", "ALL", "ALL", 40, 41000, 48000, 57200, 66000, 80000),
			postedRow("CA", "California", "state", "ALL", "ALL", 12, 60000, 70000, 88000, 99000, 110000),
			postedRow("AK", "Alaska", "state", "ALL", "ALL", 3, 0, 0, 0, 0, 0),
			postedRow("US", "U.S.", "national", "entry", "ALL", 9, 38000, 42000, 47000, 51000, 56000),
			postedRow("US", "U.S.", "national", "senior", "ALL", 2, 0, 0, 0, 0, 0),
			postedRow("US", "U.S.", "national", "ALL", "hospital", 25, 45000, 50000, 58000, 67000, 79000),
			postedRow("US", "U.S.", "national", "ALL", "staffing_agency", 4, 0, 0, 0, 0, 0),
		},
		modeled: []store.WageStat{modeledRow("entry", 17, 40648), modeledRow("mid", 34, 49000), modeledRow("senior", 50, 60780)},
		versus: []store.PostedVsSurveyed{{
			OccupationCode: "29-2010", AreaCode: "US", AreaTitle: "U.S.", AreaType: "national",
			PostedN: i(40), PostedMedian: f(57200), PostedYears: "2019–2020", ShareWithPay: f(0.35),
			OEWSRelease: "2023-05", OEWSAreaCode: "US", OEWSMedian: f(60780), PostedToOEWS: f(0.9411),
			OEWSPercentile: f(44), AgedToYear: 2020, OEWSMedianAged: f(51613), PostedToOEWSAged: f(1.1082),
			OEWSSource: store.SourceRef{Name: "oews-national-2023", FileName: "national_M2023_dl.xlsx", SHA256: nationalSHA, Release: "2023-05"},
		}},
		cpi:      map[int]float64{2020: 258.811, 2021: 270.970, 2022: 292.655, 2023: 304.702, 2024: 313.689},
		outlooks: []store.Outlook{labOutlook},
		sources: []store.SourceFile{
			{ID: 2, Name: "ep-2022", Kind: "projections", FileName: "occupation.xlsx", SHA256: projSHA, Release: "2022-2032", Status: "ok", RowsLoaded: 832},
			{ID: 1, Name: "oews-national-2023", Kind: "oews", FileName: "national_M2023_dl.xlsx", SHA256: nationalSHA, Release: "2023-05", Status: "ok", RowsLoaded: 1402, RowsRejected: 3},
			{ID: 3, Name: "cpi-u", Kind: "cpi", FileName: "cu.data.1.AllItems", SHA256: cpiSHA, Release: "2024", Status: "ok", RowsLoaded: 1300},
		},
	}
}

var testOptions = Options{GeneratedAt: "2024-06-01T02:00:00Z", RunID: 42}

// build runs Build into a fresh directory and returns it with all files read.
func build(t *testing.T, r Reader) (string, Stats, map[string][]byte) {
	t.Helper()
	dir := t.TempDir()
	st, err := Build(context.Background(), r, dir, testOptions)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	files := map[string][]byte{}
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		b, err := os.ReadFile(path)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir, st, files
}

func TestBuild(t *testing.T) {
	_, st, files := build(t, newFake())
	lab := string(files["occupation/29-2010.html"])
	bad := string(files["occupation/99-9999.html"])
	index := string(files["index.html"])

	tests := []struct {
		name     string
		page     string
		contains []string
		absent   []string
	}{
		{"index metadata, sources and links", index, []string{
			"<title>wagescope — occupational wages and outlook</title>",
			"2024-06-01T02:00:00Z", "<dd>42</dd>",
			`<code class="sha">` + nationalSHA + `</code>`,
			"national_M2023_dl.xlsx", "1,402", "projections",
			`<a href="occupation/29-2010.html">Clinical Laboratory Technologists and Technicians</a>`,
			"<td>11-1011</td><td>Chief Executives</td>",
			"$60,780", "334,380", "May 2023", `<a href="exports/README.txt">`,
		}, []string{"occupation/11-1011.html"}},
		{"index cites each source file", index, []string{
			`<td class="cite">Source: U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics, May 2023 (file national_M2023_dl.xlsx, sha256 0123456789ab)</td>`,
			`<td class="cite">Source: U.S. Bureau of Labor Statistics, Employment Projections 2022–2032 (file occupation.xlsx, sha256 aaaabbbbcccc)</td>`,
			`<td class="cite">Source: U.S. Bureau of Labor Statistics, Consumer Price Index for All Urban Consumers (CPI-U), data through 2024 (file cu.data.1.AllItems, sha256 c01dc0ffee00)</td>`,
		}, nil},
		{"index search box and searchable rows", index, []string{
			`<input id="occupation-search" type="search"`, `<table id="occupation-table">`,
			`<tr data-search="29-2010 clinical laboratory technologists and technicians 29-2011, 29-2012">`,
			`<p id="occupation-count" class="muted" aria-live="polite">3 occupations</p>`,
		}, nil},
		{"index headlines and freshness", index, []string{
			`<h3>Largest employment</h3>`, `<h3>Highest pay</h3>`, `<h3>Fastest projected growth</h3>`,
			`<td><a href="occupation/29-2010.html">Clinical Laboratory Technologists and Technicians (29-2010)</a></td><td class="num">334,380</td>`,
			`<td class="num">+4.9%</td>`,
			"<tr><td>OEWS wage estimates</td><td>May 2023</td><td>May 2023</td><td class=\"num\">1</td></tr>",
			"<tr><td>CPI-U</td><td>2024</td><td>2024</td><td class=\"num\">1</td></tr>",
		}, nil},
		{"occupation heading, facts, trend table and chart", lab, []string{
			"<h1>Clinical Laboratory Technologists and Technicians (SOC 29-2010)</h1>",
			"<dt>U.S. median annual wage, OEWS May 2023</dt><dd>$60,780 (334,380 jobs)</dd>",
			"<dt>U.S. posted median pay, job postings</dt><dd>$57,200 (n 40, pay from 2019–2020)</dd>",
			`id="chart_wages_29_2010"`, `wagescopeChart("chart_wages_29_2010", {`,
			"<tr><td>May 2020</td><td class=\"num\">326,220</td><td class=\"num\">$55,990</td><td class=\"num\">$31,450</td><td class=\"num\">$39,680</td><td class=\"num\">$54,180</td><td class=\"num\">$69,650</td><td class=\"num\">$83,700</td></tr>",
			"<tr><td>May 2023</td><td class=\"num\">334,380</td><td class=\"num\">$62,870</td><td class=\"num\">$36,770</td><td class=\"num\">$45,080</td><td class=\"num\">$60,780</td><td class=\"num\">$78,120</td><td class=\"num\">$93,900</td></tr>",
			`<td class="num" data-v="60780">$60,780</td>`,
			"USD per year",
			// a figure's several sources are listed under one "Sources:"
			"Sources:<ul>\n<li>" + strings.TrimPrefix(WageCitation(oewsRow("2023-05", 0, 0, 0, 0, 0, 0, 0)), "Source: ") + "</li>",
			"national_M2020_dl.xlsx",
			`data-table="table_trend" data-file="29-2010_wages_by_release.csv">Download CSV</button>`,
		}, nil},
		{"constant dollars from CPI-U", lab, []string{
			`id="chart_wages_real_29_2010"`, "In constant 2024 dollars",
			// 54,180 × 313.689 / 258.811 and 60,780 × 313.689 / 304.702
			"<tr><td>May 2020</td><td class=\"num\">258.811</td><td class=\"num\">$54,180</td><td class=\"num\">$38,119</td><td class=\"num\">$65,668</td>",
			"<tr><td>May 2023</td><td class=\"num\">304.702</td><td class=\"num\">$60,780</td><td class=\"num\">$37,855</td><td class=\"num\">$62,573</td>",
			"Consumer Price Index for All Urban Consumers (CPI-U)", "cu.data.1.AllItems, sha256 c01dc0ffee00",
		}, nil},
		{"distribution: OEWS and posted ranges", lab, []string{
			`id="chart_distribution_29_2010"`, `"type":"boxplot"`,
			`"value":[36770,45080,60780,78120,93900]`, `"value":[41000,48000,57200,66000,80000]`,
			"<tr><td>Job postings, pay from 2019–2020</td><td class=\"num\">40</td>",
		}, nil},
		{"occupation outlook", lab, []string{
			"342,900 → 359,700 persons", "+16,800 (+4.9%)", "<dd>24,000</dd>", "$60,780 (May 2023)",
			"Bachelor&#39;s degree",
			`<p class="citation">` + OutlookCitation(labOutlook) + `</p>`,
		}, []string{"The projections&#39; wage figure"}},
		{"states on a tile map and bars, sorted by median", lab, []string{
			`id="chart_map_29_2010"`, `"type":"heatmap"`, `{"name":"CA","title":"California","value":[0,4,99470]}`,
			`{"name":"AK","text":"not published","title":"Alaska","value":[0,0,0]}`,
			`id="chart_areas_states_29_2010"`, "Pay by state and area, May 2023", "state_M2023_dl.xlsx",
			"<tr><td>Alaska</td><td>AK</td><td class=\"num\">1,000</td><td class=\"num\">—</td>",
		}, nil},
		{"employer types: OEWS sectors and postings, suppressed shown as such", lab, []string{
			`id="chart_employers_29_2010"`, "government · Federal, State, and Local Government · 11,330 jobs",
			"postings · hospital · n 25",
			"<td>staffing_agency</td><td>—</td><td class=\"num\">4</td><td class=\"suppressed\" colspan=\"5\">suppressed</td>",
			"Not drawn, too few postings (suppressed): staffing_agency (n 4).",
		}, nil},
		{"experience: posted boxes and modeled marks", lab, []string{
			`id="chart_experience_29_2010"`, "entry · postings n 9", "senior · suppressed (n 2)", "mid · no postings",
			`"value":[40648,0]`, "Modeled from OEWS (not observed)",
			"<td class=\"num\">$40,648</td><td class=\"num\">17th</td>",
			"Modeled values (◆) are not observed pay",
		}, nil},
		{"posted pay by area and posted map", lab, []string{
			`id="chart_posted_map_29_2010"`, `{"name":"AK","text":"suppressed, n 3","title":"Alaska","value":[0,0,0]}`,
			"<tr><td>Alaska</td><td>AK</td><td class=\"num\">3</td><td class=\"suppressed\">suppressed</td></tr>",
			"<tr><td>California</td><td>CA</td><td class=\"num\">12</td><td class=\"num\">$88,000</td></tr>",
			"<tr><td>Alaska (AK)</td><td>2019–2020</td><td class=\"num\">3</td><td class=\"suppressed\" colspan=\"6\">suppressed</td></tr>",
			"<td>California (CA)</td>",
		}, nil},
		{"posted vs surveyed", lab, []string{
			`id="chart_versus_29_2010"`, "U.S. (US) · n 40",
			"<td class=\"num\">0.94×</td><td class=\"num\">44th</td><td class=\"num\">$51,613 (2020)</td><td class=\"num\">35%</td>",
		}, nil},
		{"hostile strings escaped", bad + index, []string{
			"&lt;script&gt;alert(1)&lt;/script&gt; (SOC 99-9999)",
			"≥ $239,200", "No Employment Projections are loaded",
			"&lt;img src=x onerror=alert(3)&gt;.xlsx",
		}, []string{hostile, "<img src=x", "alert(2)</script>"}},
		{"hostile area name stays inside its JSON string", lab, []string{
			`\u003c/script\u003e\u003cscript\u003ealert(2)\u003c/script\u003e`,
		}, []string{hostileArea}},
		{"local assets only", index + lab + bad, []string{
			`<script src="assets/echarts.min.js"></script>`, `<script src="../assets/echarts.min.js"></script>`,
			`<link rel="stylesheet" href="../assets/wagescope.css">`, `<script src="../assets/wagescope.js"></script>`,
		}, []string{"go-echarts.github.io", "cdn", "https://"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			text := html.UnescapeString(tc.page)      // html/template writes + as &#43;
			plain := dataV.ReplaceAllString(text, "") // cells without their raw download values
			for _, s := range tc.contains {
				if !strings.Contains(tc.page, s) && !strings.Contains(text, s) && !strings.Contains(plain, s) {
					t.Errorf("output lacks %q", s)
				}
			}
			for _, s := range tc.absent {
				if strings.Contains(tc.page, s) {
					t.Errorf("output contains %q", s)
				}
			}
		})
	}

	t.Run("files and stats", func(t *testing.T) {
		want := []string{"index.html", "occupation/29-2010.html", "occupation/99-9999.html",
			"assets/echarts.min.js", "assets/ECHARTS_LICENSE.txt", "assets/ECHARTS_NOTICE.txt",
			"assets/wagescope.js", "assets/wagescope.css", "changes.html", "changes.json"}
		if len(files) != len(want) {
			t.Errorf("wrote %d files, want %d: %v", len(files), len(want), keys(files))
		}
		for _, name := range want {
			if _, ok := files[name]; !ok {
				t.Errorf("missing %s", name)
			}
		}
		if !bytes.Equal(files["assets/echarts.min.js"], echartsJS) || len(echartsJS) < 500_000 {
			t.Errorf("assets/echarts.min.js: %d bytes, embedded %d", len(files["assets/echarts.min.js"]), len(echartsJS))
		}
		var total int64
		for _, b := range files {
			total += int64(len(b))
		}
		if st.Pages != 4 || st.Bytes != total {
			t.Errorf("Stats = %+v, want {Pages:4 Bytes:%d}", st, total)
		}
	})

	t.Run("no remote URL in src or href", func(t *testing.T) {
		attr := regexp.MustCompile(`(?i)\b(?:src|href)\s*=\s*["']?([^"'\s>]*)`)
		for name, b := range files {
			if !strings.HasSuffix(name, ".html") {
				continue
			}
			for _, m := range attr.FindAllStringSubmatch(string(b), -1) {
				if v := strings.ToLower(m[1]); strings.Contains(v, "http") || strings.Contains(v, "//") || strings.Contains(v, ":") {
					t.Errorf("%s: non-local reference %q", name, m[0])
				}
			}
		}
	})

	t.Run("wage chart option", func(t *testing.T) {
		m := regexp.MustCompile(`wagescopeChart\("chart_wages_29_2010", (.*)\);</script>`).FindStringSubmatch(lab)
		if m == nil {
			t.Fatal("no wage chart script")
		}
		var opt struct {
			XAxis  []struct{ Data []string } `json:"xAxis"`
			YAxis  []struct{ Name string }   `json:"yAxis"`
			Title  struct{ Text string }     `json:"title"`
			Series []struct {
				Name string
				Data []struct{ Value any }
			} `json:"series"`
		}
		if err := json.Unmarshal([]byte(m[1]), &opt); err != nil {
			t.Fatalf("option is not JSON: %v", err)
		}
		if got := strings.Join(opt.XAxis[0].Data, ","); got != "May 2020,May 2021,May 2022,May 2023" {
			t.Errorf("x axis = %s", got)
		}
		if len(opt.Series) != 5 || opt.Series[2].Name != "Median" || opt.Series[2].Data[3].Value != 60780.0 {
			t.Errorf("series = %+v", opt.Series)
		}
		if opt.YAxis[0].Name != "USD per year" || opt.Title.Text == "" {
			t.Errorf("axis name %q, title %q", opt.YAxis[0].Name, opt.Title.Text)
		}
	})

	t.Run("area chart sorted by median, highest first", func(t *testing.T) {
		i, j, k := strings.Index(lab, "California"), strings.Index(lab, "Texas"), strings.Index(lab, `alert(2)`)
		if i < 0 || j < 0 || k < 0 || !(i < j && j < k) {
			t.Errorf("area order: California %d, Texas %d, ZZ %d", i, j, k)
		}
	})
}

// dataV matches the raw values table cells carry for CSV downloads.
var dataV = regexp.MustCompile(` data-v="[^"]*"`)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestGolden pins the rendered pages; refresh with go test ./reports/ -update.
func TestGolden(t *testing.T) {
	_, _, files := build(t, newFake())
	for _, name := range []string{"index.html", "occupation/29-2010.html"} {
		t.Run(name, func(t *testing.T) {
			golden := filepath.Join("testdata", strings.ReplaceAll(name, "/", "_")+".golden")
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, files[name], 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./reports/ -update)", err)
			}
			if !bytes.Equal(files[name], want) {
				t.Errorf("%s differs from %s; inspect and run go test ./reports/ -update", name, golden)
			}
		})
	}
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestBuildDeterministic(t *testing.T) {
	_, _, a := build(t, newFake())
	_, _, b := build(t, newFake())
	if len(a) != len(b) {
		t.Fatalf("builds wrote %d and %d files", len(a), len(b))
	}
	for name, x := range a {
		if !bytes.Equal(x, b[name]) {
			t.Errorf("%s differs between two builds", name)
		}
	}
}

func TestBuildErrors(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*fakeReader)
		dir    string
	}{
		{"occupations fail", func(r *fakeReader) { r.fail = "Occupations" }, ""},
		{"wage stats fail", func(r *fakeReader) { r.fail = "WageStats" }, ""},
		{"posted cells fail", func(r *fakeReader) { r.fail = "WageStats postings" }, ""},
		{"outlooks fail", func(r *fakeReader) { r.fail = "Outlooks" }, ""},
		{"source files fail", func(r *fakeReader) { r.fail = "SourceFiles" }, ""},
		{"CPI fails", func(r *fakeReader) { r.fail = "CPIAnnualAverages" }, ""},
		{"bridge fails", func(r *fakeReader) { r.fail = "ModeledRates" }, ""},
		{"posted vs surveyed fails", func(r *fakeReader) { r.fail = "PostedVsSurveyed" }, ""},
		{"unsafe code", func(r *fakeReader) { r.occs = append(r.occs, store.Occupation{Code: "../x", Title: "x"}) }, ""},
		{"output is a file", func(*fakeReader) {}, "file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newFake()
			tc.mutate(r)
			dir := t.TempDir()
			if tc.dir == "file" {
				dir = filepath.Join(dir, "f")
				if err := os.WriteFile(dir, nil, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := Build(context.Background(), r, dir, testOptions); err == nil {
				t.Fatal("Build succeeded, want error")
			}
		})
	}
}

func TestCitations(t *testing.T) {
	newer := labOutlook
	newer.WageRelease = "2022-05"
	topCoded := oewsRow("2023-05", 1, 1, 1, 1, 1, 1, 239200)
	topCoded.TopCoded = []string{"annual_p90"}
	tests := []struct {
		name, got, want string
	}{
		{"wage citation", WageCitation(oewsRow("2023-05", 0, 0, 0, 0, 0, 0, 0)),
			"Source: U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics, May 2023 (file national_M2023_dl.xlsx, sha256 0123456789ab)"},
		{"wage citation without lineage", WageCitation(store.WageStat{SourceFamily: "oews", Release: "2024-05"}),
			"Source: U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics, May 2024"},
		{"outlook citation", OutlookCitation(labOutlook),
			"Source: U.S. Bureau of Labor Statistics, Employment Projections 2022–2032 (file: occupation.xlsx, sha256 aaaabbbbcccc); median annual wage: Occupational Employment and Wage Statistics, May 2023"},
		{"postings citation", WageCitation(store.WageStat{SourceFamily: "postings", N: i(7), PeriodType: "all", Period: "ALL", PostedYears: "2020", PostedYearFrom: 2020, PostedYearTo: 2020,
			Experience: "ALL", EmployerType: "ALL", PayBasis: "ALL",
			Sources: []store.SourceRef{{Name: "glassdoor-2020", FileName: "glassdoor_jobs.csv", SHA256: "950A1D9E564E0123"}, {FileName: "nyc-jobs.csv"}}}),
			"Source: job postings with pay, 7 distinct postings (repeats counted once), pay from 2020, all experience levels, all employer types; files glassdoor_jobs.csv (sha256 950a1d9e564e), nyc-jobs.csv; annualized and converted to USD by wagescope"},
		{"postings citation of one period, level and basis", PostedCitation(store.WageStat{SourceFamily: "postings", N: i(12), PeriodType: "quarter", Period: "2024-Q1",
			Experience: "senior", EmployerType: "hospital", PayBasis: "employer", Source: store.SourceRef{FileName: "salaries.csv"}}),
			"Source: job postings with pay, 12 distinct postings (repeats counted once), posted 2024-Q1, experience senior, employer type hospital, employer-stated pay only; files salaries.csv; annualized and converted to USD by wagescope"},
		{"postings citation of one synthetic posting", PostedCitation(store.WageStat{SourceFamily: "postings", N: i(1), PeriodType: "all", Period: "ALL", PostedYears: "2024", PostedYearFrom: 2024, PostedYearTo: 2024,
			Experience: "ALL", EmployerType: "ALL", PayBasis: "ALL", Source: store.SourceRef{FileName: "synthetic_postings_10.csv", Synthetic: true}}),
			"Source: SYNTHETIC job postings generated by wagescope-gen (not real data), 1 distinct posting (repeats counted once), pay from 2024, all experience levels, all employer types; files synthetic_postings_10.csv; annualized and converted to USD by wagescope"},
		{"outlook citation with wage year only", OutlookCitation(store.Outlook{Cycle: "2023-2033", MedianWage: f(1), WageYear: 2023}),
			"Source: U.S. Bureau of Labor Statistics, Employment Projections 2023–2033; median annual wage: Occupational Employment and Wage Statistics, 2023"},
		{"outlook citation without wage", OutlookCitation(store.Outlook{BaseYear: 2023, ProjectedYear: 2033}),
			"Source: U.S. Bureau of Labor Statistics, Employment Projections 2023–2033"},
		{"wage release note", newOutlookView(newer, "2023-05").Note,
			"The projections' wage figure is from May 2022; the latest OEWS release loaded is May 2023."},
		{"no note when releases agree", newOutlookView(labOutlook, "2023-05").Note, ""},
		{"top-coded cell", percentileCells(topCoded, perYear)[4].Text + " " + percentileCells(topCoded, perYear)[4].Raw, "≥ $239,200 239200"},
		{"missing cell", percentileCells(store.WageStat{}, perYear)[2].Text, "—"},
		{"usd", usd(f(1234567.4), false), "$1,234,567"},
		{"count small", count(f(999)), "999"},
		{"negative change", signedCount(f(-1500)) + " " + percent(f(-2.25)), "-1,500 -2.2%"},
		{"release label passthrough", releaseLabel("2023"), "2023"},
		{"chart id", chartID("wages", "29-2010"), "chart_wages_29_2010"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("got  %q\nwant %q", tc.got, tc.want)
			}
		})
	}
}

func TestChangesPage(t *testing.T) {
	cs := &store.ChangeSummary{
		RunID: 7, ThresholdPct: 5,
		Sources: []store.SourceChange{
			{Source: "oews-national", File: "national_M2024_dl.xlsx", Status: "ingested", Release: "2024-05"},
			{Source: "cpi-u", File: "cu.data.1.AllItems", Status: "unchanged"},
		},
		NewReleases:      []store.ReleaseChange{{Kind: "oews", Source: "oews-national", Release: "2024-05"}},
		ReleasesRemoved:  []store.ReleaseChange{{Kind: "projections", Source: "ep", Release: "2021-2031"}},
		OccupationsAdded: []store.OccupationRef{{Code: "99-9999", Title: hostile}},
		MedianMoves: []store.MedianMove{{SourceFamily: "oews", OccupationCode: "29-2010", Title: "Clinical Laboratory Technologists and Technicians",
			AreaCode: "US", OldRelease: "2023-05", NewRelease: "2024-05", OldMedian: 60780, NewMedian: 64000, ChangePct: 5.3}},
		MedianMovesTotal: 1,
		RowCounts:        []store.TableRowChange{{Table: "fct_wage_stats", Before: 100, After: 120}},
	}
	opt := testOptions
	opt.Changes = cs
	dir := t.TempDir()
	if _, err := Build(context.Background(), newFake(), dir, opt); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(dir, "changes.html"))
	if err != nil {
		t.Fatal(err)
	}
	plain := html.UnescapeString(dataV.ReplaceAllString(string(page), ""))
	for _, want := range []string{
		`<p id="change-summary">1 source file read, 1 unchanged, 0 removed; 1 new release, 1 removed; 1 occupation added, 0 removed; 1 median moved more than 5%.</p>`,
		"<tr><td>oews</td><td>oews-national</td><td>2024-05</td><td>new</td></tr>",
		"<tr><td>projections</td><td>ep</td><td>2021-2031</td><td>removed</td></tr>",
		`<td>May 2023</td><td class="num">$60,780</td><td>May 2024</td><td class="num">$64,000</td><td class="num">+5.3%</td>`,
	} {
		if !strings.Contains(plain, want) {
			t.Errorf("changes.html lacks %q", want)
		}
	}
	if !strings.Contains(string(page), "<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>") || strings.Contains(string(page), hostile) {
		t.Error("changes.html holds the hostile title unescaped")
	}
	var got store.ChangeSummary
	b, err := os.ReadFile(filepath.Join(dir, "changes.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if got.RunID != 0 || len(got.MedianMoves) != 1 || got.MedianMoves[0].NewMedian != 64000 || got.NewReleases[0].Release != "2024-05" {
		t.Errorf("changes.json = %+v; want the summary without its run id", got)
	}
}

// A modeled level at a top-coded percentile is a bound (≥ in the table, "at
// least" on the chart); one that would be interpolated toward a bound has
// no figure, and the figure's notes say why.
func TestExperienceFigureTopCodedModeled(t *testing.T) {
	mid := modeledRow("mid", 34, 0)
	mid.AnnualModeled, mid.ModeledGap = nil, "OEWS top-codes the percentile above it"
	senior := modeledRow("senior", 50, 239200)
	senior.TopCoded = []string{"annual_modeled"}
	d := occupationData{occ: store.Occupation{Code: "29-1211", Title: "Anesthesiologists"},
		modeled: []store.WageStat{modeledRow("entry", 17, 134892), mid, senior}}
	fig, err := experienceFigure(d, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	cells := map[string]string{}
	for _, row := range fig.Table.Rows {
		cells[row[0].Text] = row[len(row)-2].Text
	}
	want := map[string]string{"entry": "$134,892", "mid": "not modeled", "senior": "≥ $239,200"}
	for level, w := range want {
		if cells[level] != w {
			t.Errorf("%s: modeled cell %q, want %q", level, cells[level], w)
		}
	}
	if !strings.Contains(strings.Join(fig.Notes, " "), "mid (34th percentile): OEWS top-codes the percentile above it.") {
		t.Errorf("notes: %q", fig.Notes)
	}
	// the chart's ◆ is flagged, so its tooltip reads ≥ as the table does;
	// the entry level's exact figure is not
	chart := string(fig.Chart.Option)
	for _, w := range []string{
		`{"title":"senior: modeled from OEWS May 2023 50th percentile (not observed)","topCoded":true,"value":[239200,`,
		`{"title":"entry: modeled from OEWS May 2023 17th percentile (not observed)","value":[134892,`,
	} {
		if !strings.Contains(chart, w) {
			t.Errorf("chart lacks %s in\n%s", w, chart)
		}
	}
}

// Actors (27-2011): OEWS publishes hourly wages only, so the bridge's
// figures are per hour, from the shared data's May 2023 hourly percentiles
// ($13.00, $15.98, $20.50, $36.54, $100.01; the 17th percentile
// interpolates to $14.39). Without posted boxes the figure is per hour;
// beside annualized posted pay they are marked /hr and kept off the chart.
func TestExperienceFigureHourlyOnly(t *testing.T) {
	actor := func(level string, pct, v float64) store.WageStat {
		m := modeledRow(level, pct, 0)
		m.OccupationCode, m.AnnualModeled, m.HourlyModeled, m.HourlyOnly = "27-2011", nil, f(v), true
		return m
	}
	modeled := []store.WageStat{actor("entry", 17, 14.39), actor("senior", 50, 20.5)}
	t.Run("no postings: per hour", func(t *testing.T) {
		fig, err := experienceFigure(occupationData{occ: store.Occupation{Code: "27-2011", Title: "Actors"}, modeled: modeled}, t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		if fig.Table.Caption != "United States, USD per hour" {
			t.Errorf("caption %q", fig.Table.Caption)
		}
		got := map[string]string{}
		for _, row := range fig.Table.Rows {
			got[row[0].Text] = row[len(row)-2].Text + " raw " + row[len(row)-2].Raw
		}
		if got["entry"] != "$14.39 raw 14.39" || got["senior"] != "$20.50 raw 20.5" {
			t.Errorf("modeled cells %v", got)
		}
		chart := string(fig.Chart.Option)
		for _, w := range []string{`"name":"USD per hour"`, `"wagescopeCents":true`,
			`{"title":"entry: modeled from OEWS May 2023 17th percentile (not observed)","value":[14.39,0]}`} {
			if !strings.Contains(chart, w) {
				t.Errorf("chart lacks %s in\n%s", w, chart)
			}
		}
		if !strings.Contains(strings.Join(fig.Notes, " "), "OEWS publishes hourly wages only for this occupation, so its modeled figures are per hour.") {
			t.Errorf("notes %q", fig.Notes)
		}
	})
	t.Run("beside posted pay: marked /hr, off the chart", func(t *testing.T) {
		posted := postedRow("US", "U.S.", "national", "entry", "ALL", 40, 30000, 35000, 42000, 50000, 61000)
		posted.OccupationCode = "27-2011"
		fig, err := experienceFigure(occupationData{occ: store.Occupation{Code: "27-2011", Title: "Actors"}, modeled: modeled,
			levels: []store.WageStat{posted}}, t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		if fig.Table.Caption != "United States, USD per year" {
			t.Errorf("caption %q", fig.Table.Caption)
		}
		entry := fig.Table.Rows[0]
		if c := entry[len(entry)-2]; c.Text != "$14.39/hr" || c.Raw != "" {
			t.Errorf("entry's modeled cell %+v, want $14.39/hr with no raw value", c)
		}
		if chart := string(fig.Chart.Option); strings.Contains(chart, "modeled from OEWS") || strings.Contains(chart, "◆") {
			t.Errorf("an hourly modeled figure is drawn on the annual chart:\n%s", chart)
		}
		if notes := strings.Join(fig.Notes, " "); !strings.Contains(notes, "(marked /hr); the chart, per year like the posted pay, leaves them out.") ||
			!strings.Contains(notes, "Modeled values are not observed pay") {
			t.Errorf("notes %q", fig.Notes)
		}
	})
}

// The OEWS percentile of a posted median reads as an English ordinal
// (15-2051, shared data: the U.S. posted median $143,100 sits at percentile
// 72.1 of OEWS May 2023, "72nd"; New York's at 28, "28th").
func TestVersusPercentileOrdinals(t *testing.T) {
	row := func(area, title string, n int64, posted, oews, pct float64) store.PostedVsSurveyed {
		return store.PostedVsSurveyed{OccupationCode: "15-2051", AreaCode: area, AreaTitle: title, PostedN: i(n),
			PostedMedian: f(posted), OEWSRelease: "2023-05", OEWSMedian: f(oews), OEWSPercentile: f(pct)}
	}
	d := occupationData{occ: store.Occupation{Code: "15-2051", Title: "Data Scientists"}, versus: []store.PostedVsSurveyed{
		row("US", "United States", 32171, 143100, 108020, 72.1),
		row("REMOTE", "Remote (U.S.)", 8581, 140000, 108020, 70.2),
		row("35620", "New York-Newark-Jersey City, NY-NJ-PA", 122, 101785.25, 133560, 28),
		row("99999", "a half percentile", 5, 1, 1, 72.5),
	}}
	fig, err := versusFigure(d, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"US": "72nd", "REMOTE": "70th", "35620": "28th", "99999": "72nd"}
	for _, r := range fig.Table.Rows {
		area := r[0].Text[strings.LastIndex(r[0].Text, "(")+1 : len(r[0].Text)-1]
		if got := r[7].Text; got != want[area] {
			t.Errorf("%s: percentile %q, want %q", area, got, want[area])
		}
	}
}

// actorsRow is a 27-2011 (Actors) OEWS row: BLS publishes its wages hourly
// only. Figures from the shared data (national_M20*_dl.xlsx,
// state_M2023_dl.csv, MSA_M2023_dl.xlsx, natsector_M2023_dl.xlsx).
func actorsRow(release, area, title, areaType string, emp *float64, mean, p10, p25, med, p75, p90 *float64, topCoded ...string) store.WageStat {
	return store.WageStat{
		SourceFamily: "oews", Release: release, OccupationCode: "27-2011", OccupationTitle: "Actors",
		AreaCode: area, AreaTitle: title, AreaType: areaType, EmployerType: "ALL", IndustryCode: "000000", Experience: "ALL",
		Employment: emp, HourlyMean: mean, HourlyP10: p10, HourlyP25: p25, HourlyMedian: med, HourlyP75: p75, HourlyP90: p90,
		HourlyOnly: areaType != "state", TopCoded: topCoded,
		Source: store.SourceRef{Name: "oews-" + areaType, FileName: "national_M" + release[:4] + "_dl.xlsx", SHA256: nationalSHA, Release: release},
	}
}

func actorsFake() *fakeReader {
	us := func(release string, emp, mean, p10, p25, med, p75, p90 float64) store.WageStat {
		return actorsRow(release, "US", "U.S.", "national", f(emp), f(mean), f(p10), f(p25), f(med), f(p75), f(p90))
	}
	state := func(code, title string, mean *float64) store.WageStat {
		return actorsRow("2023-05", code, title, "state", nil, mean, nil, nil, nil, nil, nil)
	}
	sector := func(employer, code, title string, emp, mean, p10, p25, med, p75, p90 float64, topCoded ...string) store.WageStat {
		s := us("2023-05", emp, mean, p10, p25, med, p75, p90)
		s.EmployerType, s.IndustryCode, s.IndustryTitle, s.TopCoded = employer, code, title, topCoded
		return s
	}
	return &fakeReader{
		occs: []store.Occupation{{Code: "27-2011", Title: "Actors", Level: "detailed"}},
		wages: []store.WageStat{
			us("2020-05", 44460, 31.42, 10.51, 14.04, 21.88, 30.38, 64.92),
			us("2021-05", 30100, 31.31, 11.16, 15.02, 23.48, 30, 61.98),
			us("2022-05", 54160, 36.06, 13.2, 15.61, 17.94, 29.63, 109.46),
			us("2023-05", 62560, 41.01, 13, 15.98, 20.5, 36.54, 100.01),
			state("NY", "New York", f(58.91)), state("IA", "Iowa", f(11.05)), state("MA", "Massachusetts", nil),
			actorsRow("2023-05", "35620", "New York-Newark-Jersey City, NY-NJ-PA", "metro", f(6220), f(54.47), f(17), f(21.73), f(29), f(73.46), f(115), "hourly_p90"),
			actorsRow("2023-05", "10580", "Albany-Schenectady-Troy, NY", "metro", f(100), nil, nil, nil, nil, nil, nil),
			sector("private_other", "51", "Information", 15940, 48.05, 12.27, 13.75, 16.44, 47.58, 115, "hourly_p90"),
			sector("private_other", "71", "Arts, Entertainment, and Recreation", 24820, 41.66, 16.08, 18.28, 21.68, 36.54, 73.81),
		},
		cpi: map[int]float64{2020: 258.811, 2021: 270.970, 2022: 292.655, 2023: 304.702, 2024: 313.689},
	}
}

// Actors are published hourly only: every wage section shows the hourly
// figures, with cents and labelled per hour, and never "—" for a figure
// BLS publishes.
func TestHourlyOnlyOccupation(t *testing.T) {
	_, _, files := build(t, actorsFake())
	page := html.UnescapeString(dataV.ReplaceAllString(string(files["occupation/27-2011.html"]), ""))
	raw := string(files["occupation/27-2011.html"])
	index := html.UnescapeString(string(files["index.html"]))
	row := func(cells ...string) string {
		return `<td class="num">` + strings.Join(cells, `</td><td class="num">`) + `</td>`
	}
	tests := []struct {
		name     string
		page     string
		contains []string
		absent   []string
	}{
		{"headline", page, []string{
			"<dt>U.S. median hourly wage, OEWS May 2023</dt><dd>$20.50 an hour (62,560 jobs; OEWS publishes hourly wages only)</dd>",
		}, []string{"median annual wage, OEWS"}},
		{"distribution table and chart", page + raw, []string{
			"<caption class=\"muted\">USD per hour, United States, all employers</caption>",
			"<th class=\"num\">Median (hourly)</th>",
			"<td>OEWS survey, May 2023</td>" + row("62,560", "$13.00", "$15.98", "$20.50", "$36.54", "$100.01") + "</tr>",
			`"value":[13,15.98,20.5,36.54,100.01]`, `"name":"USD per hour"`, `"wagescopeCents":true`,
			hourlyNote,
		}, []string{"<td>OEWS survey, May 2023</td><td class=\"num\">62,560</td><td class=\"num\">—"}},
		{"trend in current and constant dollars", page, []string{
			"<h2>Hourly wages across releases, United States, all employers</h2>",
			"<td>May 2020</td>" + row("44,460", "$31.42", "$10.51", "$14.04", "$21.88", "$30.38", "$64.92") + "</tr>",
			"<td>May 2023</td>" + row("62,560", "$41.01", "$13.00", "$15.98", "$20.50", "$36.54", "$100.01") + "</tr>",
			"Units: USD per hour.",
			// 20.50 × 313.689 / 304.702 = 21.10; 13.00 × … = 13.38
			"<td>May 2023</td>" + row("304.702", "$20.50", "$13.38", "$21.10", "$102.96") + "</tr>",
			"Hourly wage percentiles in 2024 dollars, U.S., all employers",
		}, []string{"Annual wages across releases"}},
		{"states: hourly means, sorted", page, []string{
			"<caption class=\"muted\">OEWS May 2023, all employers, USD per hour</caption>",
			"<th class=\"num\">Hourly median</th><th class=\"num\">Hourly mean</th>",
			"<td>New York</td><td>NY</td>" + row("—", "—", "$58.91") + "</tr>",
			"<td>Iowa</td><td>IA</td>" + row("—", "—", "$11.05") + "</tr>",
			`{"name":"NY","title":"New York","value":[8,2,58.91]}`,
			"Hourly mean wage, states and territories, May 2023",
			"publishes hourly mean wages only (no medians, no annual figures)",
		}, nil},
		{"metros: hourly median", page, []string{
			"<td>New York-Newark-Jersey City, NY-NJ-PA</td><td>35620</td>" + row("6,220", "$29.00", "$54.47") + "</tr>",
			"Hourly median wage, metropolitan areas, May 2023",
		}, nil},
		{"sectors: hourly, top-coded as a bound", page, []string{
			"<caption class=\"muted\">United States, USD per hour</caption>",
			"<td>51 Information</td>" + row("15,940", "$12.27", "$13.75", "$16.44", "$47.58") + `<td class="num" data-top-coded>≥ $115.00</td></tr>`,
			`"value":[12.27,13.75,16.44,47.58,115]`, `"topCoded":[false,false,false,false,true]`, topCodedNote,
		}, nil},
		{"index median per hour", index, []string{
			`<td>27-2011</td><td><a href="occupation/27-2011.html">Actors</a></td><td>May 2023</td><td class="num">$20.50/hr</td>`,
			// the largest-employment headline too, not "—" for a median BLS publishes
			`<td><a href="occupation/27-2011.html">Actors (27-2011)</a></td><td class="num" data-v="62560">62,560</td><td class="num">$20.50/hr</td><td>May 2023</td>`,
		}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, s := range tc.contains {
				if !strings.Contains(tc.page, s) {
					t.Errorf("output lacks %q", s)
				}
			}
			for _, s := range tc.absent {
				if strings.Contains(tc.page, s) {
					t.Errorf("output contains %q", s)
				}
			}
		})
	}
	if n := strings.Count(raw, `"name":"USD per year"`); n != 0 {
		t.Errorf("%d charts of the hourly-only page are labelled USD per year", n)
	}
}

// A table never mixes units unmarked: an hourly-only row among annual
// ones shows its unit and no raw value, and a chart draws one unit.
func TestWageUnits(t *testing.T) {
	annual := oewsRow("2023-05", 334380, 62870, 36770, 45080, 60780, 78120, 93900)
	hourly := actorsRow("2023-05", "US", "U.S.", "national", f(62560), f(41.01), f(13), f(25), f(20.5), f(36.54), f(115), "hourly_p90")
	empty := store.WageStat{SourceFamily: "oews"}
	tests := []struct {
		name, got, want string
	}{
		{"annual row", fmt.Sprint(groupUnit(annual)), fmt.Sprint(perYear)},
		{"hourly row", fmt.Sprint(groupUnit(hourly, empty)), fmt.Sprint(perHour)},
		{"mixed rows chart per year", fmt.Sprint(groupUnit(hourly, annual)), fmt.Sprint(perYear)},
		{"no figures", fmt.Sprint(groupUnit(empty)), fmt.Sprint(perYear)},
		{"hourly cell in an hourly table", wageCell(hourly, perHour.median(), perHour).Text + " " + wageCell(hourly, perHour.median(), perHour).Raw, "$20.50 20.5"},
		{"hourly cell in an annual table", wageCell(hourly, perYear.median(), perYear).Text + " raw:" + wageCell(hourly, perYear.median(), perYear).Raw, "$20.50/hr raw:"},
		{"top-coded hourly cell", wageCell(hourly, hourlyPercentileMeasures[0], perHour).Text, "≥ $115.00"},
		{"top-coded hourly among annual", wageCell(hourly, percentileMeasures[0], perYear).Text, "≥ $115.00/hr"},
		{"annual cell", wageCell(annual, perYear.median(), perYear).Text, "$60,780"},
		{"empty row in an hourly table", wageCell(empty, perHour.mean(), perHour).Text, "—"},
		{"index median", indexMedian(hourly) + " " + indexMedian(annual), "$20.50/hr $60,780"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("got %q, want %q", tc.got, tc.want)
			}
		})
	}
}

// On an annual state map, a state OEWS gives an hourly figure only is a
// grey tile that shows that figure, as its table cell does, rather than
// "not published".
func TestAreaMapHourlyOnlyState(t *testing.T) {
	occ := store.Occupation{Code: "29-2010", Title: "Clinical Laboratory Technologists and Technicians"}
	nevada := stateRow("NV", "Nevada", 0)
	nevada.AnnualMedian, nevada.HourlyMean = nil, f(30.5)
	rows := []store.WageStat{stateRow("CA", "California", 78000), nevada, stateRow("TX", "Texas", 0)}
	rows[2].AnnualMedian = nil
	d := (siteRows{oews: wagesByCode(rows)}).occupation(occ)
	areas, err := areaFigures(d, "../")
	if err != nil {
		t.Fatal(err)
	}
	if len(areas) != 1 || areas[0].Chart == nil {
		t.Fatalf("%d area figures, want the states' map", len(areas))
	}
	chart := string(areas[0].Chart.Option)
	for _, w := range []string{`"text":"hourly only: mean $30.50/hr","title":"Nevada"`, `"text":"not published","title":"Texas"`} {
		if !strings.Contains(chart, w) {
			t.Errorf("map lacks %s in\n%s", w, chart)
		}
	}
}

// Each posted table's source line describes the cells it shows, not the
// U.S. cell over all levels and employers. Values from the shared data:
// 15-2051 (Data Scientists) has 32171 postings, 3757 of them entry level;
// 29-2010's hospital cell (n 7) rests on two files, not nyc-jobs.csv.
func TestPostedSourceLines(t *testing.T) {
	ref := func(name string) store.SourceRef { return store.SourceRef{FileName: name, SHA256: postSHA} }
	glassdoor, uncleaned, nyc := ref("glassdoor_jobs.csv"), ref("Uncleaned_DS_jobs.csv"), ref("nyc-jobs.csv")
	cell := func(code, area, experience, employer string, n int64, from, to int, files ...store.SourceRef) store.WageStat {
		s := postedRow(area, area, "state", experience, employer, n, 1, 2, 3, 4, 5)
		s.OccupationCode, s.Sources = code, files
		s.SetPostedYears(from, to)
		if area == "US" {
			s.AreaType = "national"
		}
		return s
	}
	ds := occupationData{occ: store.Occupation{Code: "15-2051", Title: "Data Scientists"}, posted: []store.WageStat{
		cell("15-2051", "US", "ALL", "ALL", 32171, 2017, 2025, glassdoor, uncleaned, nyc),
		cell("15-2051", "CA", "ALL", "ALL", 174, 2020, 2020, glassdoor, uncleaned),
		cell("15-2051", "AL", "ALL", "ALL", 1, 0, 0, nyc),
	}, levels: []store.WageStat{
		cell("15-2051", "US", "entry", "ALL", 3757, 2018, 2025, glassdoor, uncleaned, nyc),
		cell("15-2051", "US", "lead", "ALL", 73, 2020, 2020, glassdoor, uncleaned),
	}}
	lab := occupationData{occ: store.Occupation{Code: "29-2010"}, posted: []store.WageStat{
		cell("29-2010", "US", "ALL", "ALL", 11, 2018, 2020, glassdoor, uncleaned, nyc),
	}, employer: []store.WageStat{
		cell("29-2010", "US", "ALL", "hospital", 7, 2020, 2020, glassdoor, uncleaned),
		cell("29-2010", "US", "ALL", "government", 3, 2018, 2020, glassdoor, nyc),
	}}
	experience, err := experienceFigure(ds, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	employers, err := employerFigure(lab, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	const tail = "; annualized and converted to USD by wagescope"
	files := func(fs ...store.SourceRef) string {
		var parts []string
		for _, f := range fs {
			parts = append(parts, f.FileName+" (sha256 950a1d9e564e)")
		}
		return "; files " + strings.Join(parts, ", ") + tail
	}
	tests := []struct {
		name    string
		sources []string
		want    []string
		absent  string
	}{
		{"experience: one line per level", experience.Sources, []string{
			"Source: job postings with pay, 3,757 distinct postings (repeats counted once), pay from 2018–2025, experience entry, all employer types" + files(glassdoor, uncleaned, nyc),
			"Source: job postings with pay, 73 distinct postings (repeats counted once), pay from 2020, experience lead, all employer types" + files(glassdoor, uncleaned),
		}, "32171"},
		{"employer types: one line per type", employers.Sources, []string{
			"Source: job postings with pay, 7 distinct postings (repeats counted once), pay from 2020, all experience levels, employer type hospital" + files(glassdoor, uncleaned),
			"Source: job postings with pay, 3 distinct postings (repeats counted once), pay from 2018–2020, all experience levels, employer type government" + files(glassdoor, nyc),
		}, "11 distinct"},
		{"areas: the breakdown, its range of n and every file", postedAreaFigure(ds).Sources, []string{
			"Source: job postings with pay, by area: 3 cells of 1 to 32,171 distinct postings (repeats counted once; each row's count in the table), pay from 2017–2025 (some postings' dates not given), all experience levels, all employer types" + files(glassdoor, uncleaned, nyc),
		}, ""},
		{"one area: its own line", postedAreaFigure(lab).Sources, []string{
			"Source: job postings with pay, 11 distinct postings (repeats counted once), pay from 2018–2020, all experience levels, all employer types" + files(glassdoor, uncleaned, nyc),
		}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := strings.Join(tc.sources, "\n")
			for _, w := range tc.want {
				if !slices.Contains(tc.sources, w) {
					t.Errorf("sources lack\n%s\ngot\n%s", w, got)
				}
			}
			if tc.absent != "" && strings.Contains(got, tc.absent) {
				t.Errorf("sources cite %q:\n%s", tc.absent, got)
			}
		})
	}
}

// A suppressed posted cell keeps its place on the chart, with its n and the
// word suppressed and no box (29-2034, shared data: OEWS May 2023 beside two
// postings from 2018); a chart with nothing to draw is left out.
func TestSuppressedOnCharts(t *testing.T) {
	oews := oewsRow("2023-05", 221170, 75250, 50020, 60690, 73410, 84670, 102380)
	oews.OccupationCode = "29-2034"
	posted := postedRow("US", "United States", "national", "ALL", "ALL", 2, 0, 0, 0, 0, 0)
	posted.OccupationCode = "29-2034"
	posted.SetPostedYears(2018, 2018)
	senior := postedRow("US", "United States", "national", "senior", "ALL", 2, 0, 0, 0, 0, 0)
	d := occupationData{occ: store.Occupation{Code: "29-2034", Title: "Radiologic Technologists and Technicians"},
		us: []store.WageStat{oews}, posted: []store.WageStat{posted}, levels: []store.WageStat{senior}}
	dist, err := distributionFigure(d, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	exp, err := experienceFigure(d, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	// beside a drawn level (the test fixture's 29-2010 entry level, n 9)
	withEntry := d
	withEntry.levels = []store.WageStat{postedRow("US", "U.S.", "national", "entry", "ALL", 9, 38000, 42000, 47000, 51000, 56000), senior}
	exp2, err := experienceFigure(withEntry, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	onlyPosted := d
	onlyPosted.us = nil
	alone, err := distributionFigure(onlyPosted, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	chart := func(f *figure) string {
		if f == nil || f.Chart == nil {
			return ""
		}
		return string(f.Chart.Option)
	}
	tests := []struct {
		name, chart string
		want        []string
	}{
		{"distribution: OEWS box and the suppressed postings", chart(dist), []string{
			`"value":[50020,60690,73410,84670,102380]`,
			`"name":"Postings 2018 · suppressed (n 2)"`, `"value":["-","-","-","-","-"]`,
		}},
		{"experience: a suppressed level without a modeled figure", chart(exp2), []string{
			`"name":"entry · postings n 9"`, `"name":"senior · suppressed (n 2)"`,
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, w := range tc.want {
				if !strings.Contains(tc.chart, w) {
					t.Errorf("chart lacks %s:\n%s", w, tc.chart)
				}
			}
		})
	}
	if exp.Chart != nil {
		t.Error("experience chart drawn with only a placeholder")
	}
	if alone.Chart != nil || len(alone.Table.Rows) != 1 {
		t.Errorf("distribution of a suppressed cell alone: chart %v, %d rows; want no chart, the row", alone.Chart != nil, len(alone.Table.Rows))
	}
}
