package main

import (
	"context"
	"crypto/sha256"
	"encoding/csv"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/wagescope/wagescope/internal/shareddata"
	"github.com/wagescope/wagescope/pipeline/store"
)

// runFixture is one pipeline run (without the report) over real files,
// shared by the tests that read it: the run takes seconds, the assertions
// are cheap.
type runFixture struct {
	once   sync.Once
	dir    string // removed by TestMain
	config string
	err    string
}

// TestMain removes the run fixtures' directories (hundreds of MB each:
// t.TempDir cannot hold a fixture shared across tests) when the tests end.
func TestMain(m *testing.M) {
	code := m.Run()
	for _, f := range []*runFixture{&sharedRun, &postingsRun, &h1bRun} {
		if f.dir != "" {
			os.RemoveAll(f.dir)
		}
	}
	os.Exit(code)
}

// published runs the fixture's sources once and returns its config path.
func (f *runFixture) published(t *testing.T, what, sources string) string {
	t.Helper()
	f.once.Do(func() {
		dir, err := os.MkdirTemp("", "wagescope-fixture-")
		if err != nil {
			f.err = err.Error()
			return
		}
		f.dir = dir
		f.config = writeConfig(t, dir, sources)
		code, _, errOut := cli(t, "", "--config", f.config, "--quiet", "run", "--only", "ingest,normalize,staging,marts,checks")
		if code != 0 {
			f.err = errOut
		}
	})
	if f.err != "" {
		t.Fatalf("run on %s failed: %s", what, f.err)
	}
	return f.config
}

var sharedRun runFixture

// publishedShared runs the BLS files of ../shared/data/bls.
func publishedShared(t *testing.T) string {
	t.Helper()
	bls := func(rel string) string { return shareddata.Path(t, "bls/"+rel) }
	sources := source("soc-structure", "soc", bls("crosswalks/soc/soc_structure_2018.xlsx")) +
		source("oews-definitions", "soc", bls("crosswalks/soc/occupation_definitions_m2023.xlsx")) +
		source("oews-national", "oews", filepath.Join(filepath.Dir(bls("oews/national/national_M2023_dl.xlsx")), "national_M20*_dl.xlsx")) +
		source("oews-msa-ny", "oews", bls("oews/extracts_modified/MSA_M2023_dl.xlsx")) +
		source("oews-state-means", "oews", bls("oews/extracts_modified/state_M2023_dl.csv")) +
		source("oews-natsector", "oews", bls("oews/extracts_modified/natsector_M2023_dl.xlsx")) +
		source("ep-2022-2032", "projections", bls("projections/2022-32/Employment Projections.csv")) +
		source("ep-2021-2031", "projections", bls("projections/2021-31/Employment Projections.csv")) +
		source("ep-2019-2029", "projections", bls("projections/2019-29/occupation.xlsx")) +
		source("cpi-u", "cpi", bls("timeseries/cu/cu.data.1.AllItems"))
	return sharedRun.published(t, "the shared BLS data", sources)
}

// rateRow is the part of `rates --format json` the tests read: declared
// here, apart from store.WageStat, so a renamed JSON key fails the tests.
type rateRow struct {
	OccupationCode    string    `json:"occupation_code"`
	AreaCode          string    `json:"area_code"`
	AreaTitle         string    `json:"area_title"`
	Release           string    `json:"release"`
	Period            string    `json:"period"`
	SourceFamily      string    `json:"source_family"`
	EmployerType      string    `json:"employer_type"`
	Experience        string    `json:"experience"`
	Employment        *float64  `json:"employment"`
	N                 *int64    `json:"n"`
	AnnualMean        *float64  `json:"annual_mean"`
	AnnualP10         *float64  `json:"annual_p10"`
	AnnualP25         *float64  `json:"annual_p25"`
	AnnualMedian      *float64  `json:"annual_median"`
	AnnualP75         *float64  `json:"annual_p75"`
	AnnualP90         *float64  `json:"annual_p90"`
	MedianCILow       *float64  `json:"annual_median_ci_low"`
	MedianCIHigh      *float64  `json:"annual_median_ci_high"`
	TopCoded          []string  `json:"top_coded"`
	IsSuppressed      bool      `json:"is_suppressed"`
	IsModeled         bool      `json:"is_modeled"`
	AnnualModeled     *float64  `json:"annual_modeled"`
	ModeledPercentile *float64  `json:"modeled_percentile"`
	PreviousRelease   string    `json:"previous_release"`
	MedianChangePct   *float64  `json:"annual_median_change_pct"`
	MedianRealChange  *float64  `json:"annual_median_real_change_pct"`
	Dollars           string    `json:"dollars"`
	Source            fileRef   `json:"source"`
	Sources           []fileRef `json:"sources"`
}

type fileRef struct {
	FileName string `json:"file"`
	SHA256   string `json:"sha256"`
	Release  string `json:"release"`
}

func val(p *float64) float64 {
	if p == nil {
		return -1
	}
	return *p
}

// Published figures for 29-2010, U.S., from ../shared/data/bls/PROVENANCE.md.
var clinicalLab = []struct {
	release, file                         string
	emp, mean, p10, p25, median, p75, p90 float64
}{
	{"2020-05", "national_M2020_dl.xlsx", 326220, 55990, 31450, 39680, 54180, 69650, 83700},
	{"2021-05", "national_M2021_dl.xlsx", 318780, 56910, 30280, 37990, 57800, 74530, 79340},
	{"2022-05", "national_M2022_dl.xlsx", 333600, 59130, 35220, 40440, 57380, 74920, 84670},
	{"2023-05", "national_M2023_dl.xlsx", 334380, 62870, 36770, 45080, 60780, 78120, 93900},
}

func TestRatesGivesPublishedNationalFigures(t *testing.T) {
	cfg := publishedShared(t)
	for _, want := range clinicalLab {
		t.Run(want.release, func(t *testing.T) {
			rows := decodeJSON[[]rateRow](t, mustCLI(t, "--config", cfg, "rates", "--occupation", "29-2010", "--release", want.release, "--format", "json"))
			if len(rows) != 1 {
				t.Fatalf("got %d rows, want 1 (U.S., all employers): %+v", len(rows), rows)
			}
			r := rows[0]
			got := []float64{val(r.Employment), val(r.AnnualMean), val(r.AnnualP10), val(r.AnnualP25), val(r.AnnualMedian), val(r.AnnualP75), val(r.AnnualP90)}
			exp := []float64{want.emp, want.mean, want.p10, want.p25, want.median, want.p75, want.p90}
			for i := range exp {
				if got[i] != exp[i] {
					t.Errorf("figure %d: got %v, want %v (all: %v)", i, got[i], exp[i], got)
				}
			}
			if r.OccupationCode != "29-2010" || r.AreaCode != "US" || r.Release != want.release || r.SourceFamily != "oews" || r.EmployerType != "ALL" {
				t.Errorf("keys: %+v", r)
			}
			if r.Source.FileName != want.file || r.Source.Release != want.release || len(r.Source.SHA256) != 64 {
				t.Errorf("source: %+v, want file %s", r.Source, want.file)
			}
		})
	}
}

func TestRatesResolvesTitlesAndAreas(t *testing.T) {
	cfg := publishedShared(t)
	tests := []struct {
		name, occupation, area string
		wantArea               string
		wantMedian, wantMean   float64
	}{
		{"title to OEWS aggregate", "medical technologist", "US", "US", 60780, 62870},
		{"detailed SOC code rolls up", "29-2012", "US", "US", 60780, 62870},
		{"metro by name", "29-2010", "New York-Newark", "35620", 79240, 81290},
		{"state by name, mean-only extract", "29-2010", "california", "CA", -1, 73560},
		{"state by code", "29-2010", "TX", "TX", -1, 57080},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows := decodeJSON[[]rateRow](t, mustCLI(t, "--config", cfg, "rates", "--occupation", tt.occupation, "--area", tt.area, "--format", "json"))
			if len(rows) == 0 || rows[0].AreaCode != tt.wantArea || rows[0].OccupationCode != "29-2010" {
				t.Fatalf("rows: %+v", rows)
			}
			if val(rows[0].AnnualMedian) != tt.wantMedian || val(rows[0].AnnualMean) != tt.wantMean {
				t.Errorf("median %v mean %v, want %v %v", val(rows[0].AnnualMedian), val(rows[0].AnnualMean), tt.wantMedian, tt.wantMean)
			}
		})
	}
}

func TestRatesEmployerTypeFromIndustry(t *testing.T) {
	cfg := publishedShared(t)
	rows := decodeJSON[[]rateRow](t, mustCLI(t, "--config", cfg, "rates", "--occupation", "29-2010", "--employer-type", "government", "--format", "json"))
	// natsector_M2023 sector 99 (see extracts_modified/PROVENANCE.md).
	if len(rows) != 1 || val(rows[0].Employment) != 11330 || val(rows[0].AnnualMean) != 68310 ||
		val(rows[0].AnnualMedian) != 65050 || val(rows[0].AnnualP10) != 39870 || val(rows[0].AnnualP90) != 101800 {
		t.Fatalf("government rows: %+v", rows)
	}
}

func TestTopCodedValuesKeepBoundAndFlag(t *testing.T) {
	cfg := publishedShared(t)
	rows := decodeJSON[[]rateRow](t, mustCLI(t, "--config", cfg, "rates", "--occupation", "11-1011", "--release", "2023-05", "--format", "json"))
	if len(rows) != 1 || val(rows[0].AnnualP90) != 239200 || !strings.Contains(strings.Join(rows[0].TopCoded, ","), "annual_p90") {
		t.Fatalf("chief executives May 2023: %+v", rows)
	}
	rows = decodeJSON[[]rateRow](t, mustCLI(t, "--config", cfg, "rates", "--occupation", "11-1011", "--release", "2021-05", "--format", "json"))
	if len(rows) != 1 || val(rows[0].AnnualP90) != 208000 {
		t.Fatalf("chief executives May 2021 (top-code $208,000): %+v", rows)
	}
}

// A top-coded OEWS figure is a lower bound: check and the experience
// bridge must never treat it as the value.
func TestTopCodedFiguresAreBounds(t *testing.T) {
	cfg := publishedShared(t)
	checks := []struct {
		name, value, verdict string
		code                 int
	}{
		{"the bound printed as a bound", "≥$239,200", "match", 0},
		{"the bound printed as the value", "239200", "mismatch", exitFailure},
		{"above the bound", "250,000", "unverifiable", exitFailure},
		{"below the bound", "200000", "mismatch", exitFailure},
	}
	// May 2021's top-code was $208,000: a higher bound is unverifiable
	code, out, _ := cli(t, "", "--config", cfg, "check", "--occupation", "11-1011", "--measure", "p90",
		"--value", "≥$239,200", "--release", "2021-05", "--format", "json")
	if v := decodeJSON[struct {
		Verdict string `json:"verdict"`
	}](t, out); code != exitFailure || v.Verdict != "unverifiable" {
		t.Errorf("a higher bound: exit %d, verdict %s", code, v.Verdict)
	}
	// the text names a few cells a bound occurs in, found_in all of them
	if _, text, _ := cli(t, "", "--config", cfg, "check", "--occupation", "11-1011", "--measure", "p90", "--value", "239200"); !strings.Contains(text, " more (check --format json lists them in found_in)") {
		t.Errorf("long found_in text not shortened: %s", text)
	}
	for _, bad := range []string{"4.9%", "-60780"} {
		if code, _, errOut := cli(t, "", "--config", cfg, "check", "--occupation", "11-1011", "--measure", "median", "--value", bad); code != exitUsage {
			t.Errorf("--value %s for a wage: exit %d, want %d: %s", bad, code, exitUsage, errOut)
		}
	}
	for _, tt := range checks {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := cli(t, "", "--config", cfg, "check", "--occupation", "11-1011", "--measure", "p90",
				"--value", tt.value, "--release", "2023-05", "--format", "json")
			res := decodeJSON[struct {
				Verdict  string   `json:"verdict"`
				Actual   *float64 `json:"actual"`
				TopCoded bool     `json:"is_top_coded"`
			}](t, out)
			if code != tt.code || res.Verdict != tt.verdict || val(res.Actual) != 239200 || !res.TopCoded {
				t.Fatalf("exit %d %+v, want %d %s\n%s", code, res, tt.code, tt.verdict, errOut)
			}
		})
	}
	// Anesthesiologists, May 2023: p10 $84,940, p25 $191,980, median and
	// above top-coded at $239,200.
	type modeledRow struct {
		IsModeled bool     `json:"is_modeled"`
		Modeled   *float64 `json:"annual_modeled"`
		TopCoded  []string `json:"top_coded"`
		Gap       string   `json:"modeled_gap"`
	}
	levels := []struct {
		level   string
		want    float64 // -1: none
		bound   bool
		wantGap string
	}{
		{"entry", 134892, false, ""}, // 17th: between p10 and p25
		{"mid", -1, false, "top-codes the percentile above it"},
		{"senior", 239200, true, ""}, // the median itself: a bound
		{"lead", -1, false, "top-codes the percentile above it"},
		{"executive", 239200, true, ""},
	}
	for _, tt := range levels {
		rows := decodeJSON[[]modeledRow](t, mustCLI(t, "--config", cfg, "rates", "--occupation", "29-1211",
			"--release", "2023-05", "--experience", tt.level, "--format", "json"))
		var m *modeledRow
		for i := range rows {
			if rows[i].IsModeled {
				m = &rows[i]
			}
		}
		if m == nil {
			t.Fatalf("%s: no modeled row in %+v", tt.level, rows)
		}
		bound := strings.Contains(strings.Join(m.TopCoded, ","), "annual_modeled")
		if val(m.Modeled) != tt.want || bound != tt.bound || !strings.Contains(m.Gap, tt.wantGap) || (tt.wantGap == "") != (m.Gap == "") {
			t.Errorf("%s: modeled %v bound %v gap %q, want %v %v %q", tt.level, val(m.Modeled), bound, m.Gap, tt.want, tt.bound, tt.wantGap)
		}
	}
}

// Actors (27-2011): OEWS May 2023 publishes hourly wages only ($13.00,
// $15.98, $20.50, $36.54, $100.01), so the experience bridge models hourly
// figures: the entry level's 17th percentile is $14.39, between p10 and p25.
func TestExperienceBridgeHourlyOnly(t *testing.T) {
	cfg := publishedShared(t)
	type modeledRow struct {
		IsModeled bool     `json:"is_modeled"`
		Annual    *float64 `json:"annual_modeled"`
		Hourly    *float64 `json:"hourly_modeled"`
		Gap       string   `json:"modeled_gap"`
	}
	for _, tt := range []struct {
		level string
		want  float64
	}{{"entry", 14.39}, {"senior", 20.5}, {"executive", 100.01}} {
		rows := decodeJSON[[]modeledRow](t, mustCLI(t, "--config", cfg, "rates", "--occupation", "27-2011",
			"--release", "2023-05", "--experience", tt.level, "--format", "json"))
		i := slices.IndexFunc(rows, func(r modeledRow) bool { return r.IsModeled })
		if i < 0 || rows[i].Annual != nil || val(rows[i].Hourly) != tt.want || rows[i].Gap != "" {
			t.Errorf("%s: modeled rows %+v, want hourly %v, no annual figure and no gap", tt.level, rows, tt.want)
		}
	}
	for level, want := range map[string]string{"entry": "$14.39/hr (modeled)", "senior": "$20.50/hr (modeled)"} {
		if out := mustCLI(t, "--config", cfg, "rates", "--occupation", "27-2011", "--experience", level); !strings.Contains(out, want) {
			t.Errorf("rates table of %s lacks %q:\n%s", level, want, out)
		}
	}
}

// --area: exact codes and names win; part of a metro name must name one
// metro among all the OMB delineation lists, not the one the data holds.
func TestAreaResolution(t *testing.T) {
	cfg := publishedShared(t)
	tests := []struct {
		area, wantTitle, wantErr string
	}{
		{area: "CA", wantTitle: "California"},
		{area: "texas", wantTitle: "Texas"},
		// OEWS's May 2023 title on every row, posted ones too (the 2023
		// delineation in data/metros.csv says "NY-NJ")
		{area: "35620", wantTitle: "New York-Newark-Jersey City, NY-NJ-PA"},
		{area: "Rochester, NY", wantTitle: "Rochester, NY"},
		// the delineation's name finds the metro; the answer uses OEWS's
		{area: "New York-Newark-Jersey City, NY-NJ", wantTitle: "New York-Newark-Jersey City, NY-NJ-PA"},
		{area: "Springfield", wantErr: "44100 Springfield, IL; 44140 Springfield, MA; 44180 Springfield, MO"},
		{area: "Rochester", wantErr: "40340 Rochester, MN; 40380 Rochester, NY"},
	}
	for _, tt := range tests {
		code, out, errOut := cli(t, "", "--config", cfg, "rates", "--occupation", "29-2010", "--area", tt.area, "--format", "json")
		if tt.wantErr != "" {
			if code == 0 || !strings.Contains(errOut, "is ambiguous: ") || !strings.Contains(errOut, tt.wantErr) {
				t.Errorf("--area %q: exit %d, stderr %s; want ambiguous with %q", tt.area, code, errOut, tt.wantErr)
			}
			continue
		}
		rows := decodeJSON[[]rateRow](t, out)
		if code != 0 || len(rows) == 0 {
			t.Errorf("--area %q: exit %d, %d rows, stderr %s; want %q", tt.area, code, len(rows), errOut, tt.wantTitle)
		}
		for _, r := range rows {
			if r.AreaTitle != tt.wantTitle {
				t.Errorf("--area %q: a %s row is titled %q, want %q", tt.area, r.SourceFamily, r.AreaTitle, tt.wantTitle)
			}
		}
		table := mustCLI(t, "--config", cfg, "rates", "--occupation", "29-2010", "--area", tt.area)
		if head, _, _ := strings.Cut(table, "\n"); !strings.HasSuffix(head, " · "+tt.wantTitle) {
			t.Errorf("--area %q: heading %q, want it to end with %q", tt.area, head, tt.wantTitle)
		}
	}
	// part of a name starts at a word: Kansas City is not Arkansas City
	// (this fixture has no figures for it, so the answer names the area)
	if _, _, errOut := cli(t, "", "--config", cfg, "rates", "--occupation", "29-2010", "--area", "Kansas City"); !strings.Contains(errOut, "in Kansas City, MO-KS") {
		t.Errorf("--area Kansas City: %s", errOut)
	}
}

// Actors are published hourly only (May 2023 hourly median $20.50): an
// annual figure is refused with the hourly one named, and the table says
// "hourly only" rather than leaving blanks.
func TestHourlyOnlyOccupation(t *testing.T) {
	cfg := publishedShared(t)
	code, _, errOut := cli(t, "", "--config", cfg, "cite", "--occupation", "27-2011", "--measure", "median")
	if code != exitFailure || !strings.Contains(errOut, "BLS publishes only hourly wages") || !strings.Contains(errOut, "hourly_median ($20.50)") {
		t.Errorf("cite median: exit %d, stderr %s", code, errOut)
	}
	table := mustCLI(t, "--config", cfg, "rates", "--occupation", "27-2011")
	if !strings.Contains(table, "hourly only") || !strings.Contains(table, "the hourly median is $20.50") ||
		!strings.Contains(table, "hourly mean $41.01, p10 $13.00, p25 $15.98, median $20.50, p75 $36.54, p90 $100.01") {
		t.Errorf("rates table:\n%s", table)
	}
	// national_M2023_dl.xlsx, 27-2011: H_PCT90 100.01, A_MEDIAN *
	rows := rateCSV(t, mustCLI(t, "--config", cfg, "rates", "--occupation", "27-2011", "--format", "csv"))
	if len(rows) != 1 || rows[0]["hourly_p10"] != "13" || rows[0]["hourly_p90"] != "100.01" ||
		rows[0]["annual_median"] != "" || rows[0]["hourly_only"] != "true" {
		t.Errorf("rates csv: %v", rows)
	}
	cite := mustCLI(t, "--config", cfg, "cite", "--occupation", "27-2011", "--measure", "hourly_p90")
	if !strings.Contains(cite, "$100.01") {
		t.Errorf("cite hourly_p90: %s", cite)
	}
	// an hourly wage keeps its cents when they are 00, as in the table's note
	if cite := mustCLI(t, "--config", cfg, "cite", "--occupation", "27-2011", "--measure", "hourly_p10"); !strings.Contains(cite, "hourly wage $13.00.") {
		t.Errorf("cite hourly_p10: %s", cite)
	}
	// the report shows the same figures, per hour, where it showed dashes
	site := buildSite(t, cfg)
	page := readFile(t, filepath.Join(site, "occupation", "27-2011.html"))
	index := readFile(t, filepath.Join(site, "index.html"))
	for _, want := range []string{
		"<dt>U.S. median hourly wage, OEWS May 2023</dt><dd>$20.50 an hour (62,560 jobs; OEWS publishes hourly wages only)</dd>",
		`<td>OEWS survey, May 2023</td><td class="num" data-v="62560">62,560</td><td class="num" data-v="13">$13.00</td><td class="num" data-v="15.98">$15.98</td><td class="num" data-v="20.5">$20.50</td><td class="num" data-v="36.54">$36.54</td><td class="num" data-v="100.01">$100.01</td>`,
		// state_M2023_dl.csv publishes New York's hourly mean only
		`<td>New York</td><td>NY</td><td class="num">—</td><td class="num">—</td><td class="num" data-v="58.91">$58.91</td>`,
		// natsector: Information's 90th percentile is top-coded at $115.00 an hour
		`<td class="num" data-v="47.58">$47.58</td><td class="num" data-v="115" data-top-coded>≥ $115.00</td>`,
		`"name":"USD per hour"`,
	} {
		if !strings.Contains(html.UnescapeString(page), want) {
			t.Errorf("occupation/27-2011.html lacks %s", want)
		}
	}
	if want := `<td>27-2011</td><td><a href="occupation/27-2011.html">Actors</a></td><td>May 2023</td><td class="num">$20.50/hr</td>`; !strings.Contains(index, want) {
		t.Errorf("index.html lacks %s", want)
	}
}

// rates --format csv is data: plain numbers and flags under the JSON
// field names, one row per figure row (29-2010, national_M2023_dl.xlsx).
func TestRatesCSVIsData(t *testing.T) {
	cfg := publishedShared(t)
	rows := rateCSV(t, mustCLI(t, "--config", cfg, "rates", "--occupation", "29-2010", "--release", "2023-05", "--format", "csv"))
	var oews map[string]string
	for _, r := range rows {
		if r["source_family"] == "oews" {
			oews = r
		}
	}
	want := map[string]string{"employment": "334380", "annual_median": "60780", "annual_p90": "93900",
		"hourly_median": "29.22", "is_modeled": "false", "top_coded": "", "files": "national_M2023_dl.xlsx",
		// 60,780 against May 2022's 57,380, as in the JSON
		"previous_release": "2022-05", "annual_median_change_pct": "5.93", "area_type": "national", "period_type": "release"}
	for k, v := range want {
		if oews[k] != v {
			t.Errorf("%s = %q, want %q (row %v)", k, oews[k], v, oews)
		}
	}
	// a top-coded figure is its bound, named in top_coded (Anesthesiologists, hourly ≥ $115)
	rows = rateCSV(t, mustCLI(t, "--config", cfg, "rates", "--occupation", "29-1211", "--release", "2023-05", "--format", "csv"))
	if len(rows) == 0 || rows[0]["hourly_median"] != "115" || !strings.Contains(rows[0]["top_coded"], "hourly_median") {
		t.Errorf("top-coded row: %v", rows)
	}
}

// rateCSV reads rates --format csv into one map per row, by column name.
func rateCSV(t *testing.T, out string) []map[string]string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(recs) == 0 {
		t.Fatalf("rates csv: %v\n%s", err, out)
	}
	rows := make([]map[string]string, 0, len(recs)-1)
	for _, rec := range recs[1:] {
		row := map[string]string{}
		for i, h := range recs[0] {
			row[h] = rec[i]
		}
		rows = append(rows, row)
	}
	return rows
}

// A title too generic to classify answers with the occupations that have
// it in their title, not with nothing.
func TestGenericTitleSuggestsOccupations(t *testing.T) {
	cfg := publishedShared(t)
	code, _, errOut := cli(t, "", "--config", cfg, "rates", "--occupation", "engineer")
	if code != exitFailure || !strings.Contains(errOut, "17-2011 Aerospace Engineers; 17-2021 Agricultural Engineers") ||
		!regexp.MustCompile(`; and \d+ more \(give a code`).MatchString(errOut) {
		t.Errorf("exit %d, stderr %s", code, errOut)
	}
}

// Cell flags are read in any case and answered in the data's spelling.
func TestCellFlagsIgnoreCase(t *testing.T) {
	cfg := publishedShared(t)
	lower := mustCLI(t, "--config", cfg, "rates", "--occupation", "15-2051", "--experience", "senior", "--period", "2024", "--format", "json")
	other := mustCLI(t, "--config", cfg, "rates", "--occupation", "15-2051", "--experience", "Senior", "--period", "2024", "--format", "json")
	if lower != other || !strings.Contains(other, `"experience": "senior"`) {
		t.Errorf("--experience Senior differs from senior:\n%s\n%s", lower, other)
	}
	// this fixture has no postings: the answer shows which family was asked
	if _, _, errOut := cli(t, "", "--config", cfg, "cite", "--occupation", "15-2051", "--source-family", "Postings"); !strings.Contains(errOut, "no postings with pay for 15-2051") {
		t.Errorf("--source-family Postings did not look for posted pay: %s", errOut)
	}
}

// A posting period that finds nothing says what periods the postings have.
func TestEmptyPeriodSaysWhy(t *testing.T) {
	cfg := publishedPostings(t)
	table := mustCLI(t, "--config", cfg, "rates", "--occupation", "29-2010", "--period", "2030")
	if !regexp.MustCompile(`no posted pay for period 2030: this cell has \d+ postings \(all periods\), from \d{4}(–\d{4})? `).MatchString(table) {
		t.Errorf("rates table:\n%s", table)
	}
}

func TestProjectionsOutlook(t *testing.T) {
	cfg := publishedShared(t)
	type outlook struct {
		Cycle      string  `json:"cycle"`
		Base       float64 `json:"employment_base"`
		Projected  float64 `json:"employment_projected"`
		Pct        float64 `json:"change_percent"`
		Openings   float64 `json:"openings_annual"`
		Median     float64 `json:"median_annual_wage_usd"`
		WageYear   int     `json:"wage_year"`
		WageRel    string  `json:"wage_release"`
		Education  string  `json:"education"`
		WageLoaded bool    `json:"is_wage_release_loaded"`
	}
	rows := decodeJSON[[]outlook](t, mustCLI(t, "--config", cfg, "query", "--format", "json",
		"SELECT cycle, employment_base, employment_projected, change_percent, openings_annual, median_annual_wage_usd, wage_year, wage_release, education, is_wage_release_loaded FROM fct_outlook WHERE occupation_code = '29-2010' ORDER BY cycle DESC"))
	want := []outlook{
		{"2022-2032", 342900, 359700, 4.9, 24000, 60780, 2023, "2023-05", "Bachelor's degree", true},
		{"2021-2031", 329200, 351000, 6.6, 25600, 57800, 2021, "2021-05", "Bachelor's degree", true},
		{"2019-2029", 337800, 362500, 7.3, 21600, 54180, 2020, "2020-05", "Bachelor's degree", true},
	}
	if len(rows) != len(want) {
		t.Fatalf("got %d cycles: %+v", len(rows), rows)
	}
	for i := range want {
		if rows[i] != want[i] {
			t.Errorf("cycle %d:\n got %+v\nwant %+v", i, rows[i], want[i])
		}
	}
}

func TestCiteNamesFigureAndSource(t *testing.T) {
	cfg := publishedShared(t)
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"median", []string{"--occupation", "29-2010", "--measure", "median"},
			[]string{"$60,780", "May 2023", "SOC 29-2010", "United States", "Occupational Employment and Wage Statistics", "national_M2023_dl.xlsx"}},
		{"older release", []string{"--occupation", "29-2010", "--measure", "median", "--release", "2022-05"},
			[]string{"$57,380", "May 2022", "national_M2022_dl.xlsx", "A newer OEWS release is loaded: May 2023", "print the May 2023 median ($60,780)"}},
		{"growth names the cycle", []string{"--occupation", "medical technologist", "--measure", "growth"},
			[]string{"4.9%", "from 2022 to 2032", "342,900", "359,700", "Employment Projections 2022–2032", "Employment Projections.csv"}},
		{"older cycle's wage vintage differs", []string{"--occupation", "29-2010", "--measure", "growth", "--release", "2019-29"},
			[]string{"7.3%", "2019 to 2029", "May 2020 OEWS median wage ($54,180)", "latest OEWS release loaded is May 2023", "different vintages"}},
		{"openings", []string{"--occupation", "29-2010", "--measure", "openings"}, []string{"About 24,000 openings", "2022–2032"}},
		// 2019-29's occupation.xlsx table 1.7 prints ">=$208,000" for 29-1211;
		// the 2022-32 CSV ">=239,200": a note keeps the bound a bound
		{"a top-coded wage in a vintage note", []string{"--occupation", "29-1211", "--measure", "growth", "--release", "2019-29"},
			[]string{"May 2020 OEWS median wage (≥$208,000, a top-code"}},
		{"a top-coded wage in the projections' note", []string{"--occupation", "29-1211", "--measure", "median", "--release", "2022"},
			[]string{"at least $239,200", "print the May 2023 median (≥$239,200, a top-code"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := mustCLI(t, append([]string{"--config", cfg, "cite"}, tt.args...)...)
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("missing %q in:\n%s", w, out)
				}
			}
		})
	}
}

func TestCheckCatchesWrongVintage(t *testing.T) {
	cfg := publishedShared(t)
	code, out, _ := cli(t, "", "--config", cfg, "check", "--occupation", "29-2010", "--measure", "median", "--value", "57380", "--release", "2023-05", "--format", "json")
	type found struct {
		Release string  `json:"release"`
		Measure string  `json:"measure"`
		Area    string  `json:"area_code"`
		Value   float64 `json:"value"`
	}
	res := decodeJSON[struct {
		Verdict string   `json:"verdict"`
		Actual  *float64 `json:"actual"`
		FoundIn []found  `json:"found_in"`
		Message string   `json:"message"`
	}](t, out)
	if code != exitFailure || res.Verdict != "mismatch" || val(res.Actual) != 60780 {
		t.Fatalf("exit %d, %+v", code, res)
	}
	if len(res.FoundIn) != 1 || res.FoundIn[0] != (found{"2022-05", "median", "US", 57380}) {
		t.Errorf("found_in: %+v", res.FoundIn)
	}
	if !strings.Contains(res.Message, "$57,380 is the May 2022 median annual wage") {
		t.Errorf("message: %s", res.Message)
	}
	// a figure quoted from an industry table is found there: $61,320 is the
	// May 2023 median in NAICS 62 (natsector_M2023_dl.xlsx)
	_, out, _ = cli(t, "", "--config", cfg, "check", "--occupation", "29-2010", "--measure", "median", "--value", "61320")
	if !strings.Contains(out, "$61,320 is the May 2023 median annual wage (United States, industry 62 Health Care and Social Assistance") {
		t.Errorf("industry cell not found: %s", out)
	}
	tests := []struct {
		name, measure, value, release, verdict string
		code                                   int
	}{
		{"match with currency formatting", "median", "$60,780", "", "match", 0},
		{"match at printed precision", "median", "60.8K", "", "match", 0},
		{"growth matches", "growth", "4.9%", "", "match", 0},
		{"growth of the wrong cycle", "growth", "7.3", "2022-2032", "mismatch", exitFailure},
		{"release not loaded", "median", "60780", "2019-05", "not_found", exitFailure},
		{"release named as printed", "median", "57380", "May 2023", "mismatch", exitFailure},
		{"release as a survey year", "median", "57,380", "2022", "match", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := []string{"--config", cfg, "check", "--occupation", "29-2010", "--measure", tt.measure, "--value", tt.value, "--format", "json"}
			if tt.release != "" {
				args = append(args, "--release", tt.release)
			}
			code, out, errOut := cli(t, "", args...)
			res := decodeJSON[struct {
				Verdict string `json:"verdict"`
			}](t, out)
			if code != tt.code || res.Verdict != tt.verdict {
				t.Fatalf("exit %d verdict %s, want %d %s\n%s%s", code, res.Verdict, tt.code, tt.verdict, out, errOut)
			}
		})
	}
}

func TestCSVExportGivesWorkbookFigures(t *testing.T) {
	dir := t.TempDir()
	cfg := writeConfig(t, dir, source("oews-national-csv", "oews", shareddata.Path(t, "bls/oews/extracts_modified/national_M2023_dl.csv")))
	mustCLI(t, "--config", cfg, "--quiet", "run", "--only", "ingest,staging,marts,checks")
	rows := decodeJSON[[]rateRow](t, mustCLI(t, "--config", cfg, "rates", "--occupation", "29-2010", "--format", "json"))
	want := clinicalLab[3]
	if len(rows) != 1 || rows[0].Release != "2023-05" || val(rows[0].Employment) != want.emp || val(rows[0].AnnualMean) != want.mean ||
		val(rows[0].AnnualMedian) != want.median || val(rows[0].AnnualP10) != want.p10 || val(rows[0].AnnualP90) != want.p90 {
		t.Fatalf("csv rows: %+v", rows)
	}
	if rows[0].Source.FileName != "national_M2023_dl.csv" {
		t.Errorf("source file %s", rows[0].Source.FileName)
	}
}

func TestFailedSourceLeavesPublishedDatabaseUntouched(t *testing.T) {
	dir := t.TempDir()
	good := source("oews-national-2023", "oews", shareddata.Path(t, "bls/oews/national/national_M2023_dl.xlsx"))
	cfg := writeConfig(t, dir, good)
	mustCLI(t, "--config", cfg, "--quiet", "run")
	before := fileSum(t, filepath.Join(dir, "w.duckdb"))
	rates := mustCLI(t, "--config", cfg, "rates", "--occupation", "29-2010", "--format", "json")

	broken := filepath.Join(dir, "national_M2024_dl.xlsx")
	if err := os.WriteFile(broken, []byte("PK\x03\x04 this is not a workbook"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg = writeConfig(t, dir, good+source("oews-national-2024", "oews", broken))
	code, _, errOut := cli(t, "", "--config", cfg, "run")
	if code != exitPartial {
		t.Fatalf("exit %d, want %d (partial)\n%s", code, exitPartial, errOut)
	}
	for _, w := range []string{"oews-national-2024", "national_M2024_dl.xlsx", "not a readable workbook", "unchanged"} {
		if !strings.Contains(errOut, w) {
			t.Errorf("stderr lacks %q:\n%s", w, errOut)
		}
	}
	if after := fileSum(t, filepath.Join(dir, "w.duckdb")); after != before {
		t.Error("the published database changed after a failed run")
	}
	if again := mustCLI(t, "--config", cfg, "rates", "--occupation", "29-2010", "--format", "json"); again != rates {
		t.Errorf("rates changed after a failed run:\n%s\n%s", rates, again)
	}
	if _, err := os.Stat(filepath.Join(dir, "w.duckdb.building")); !os.IsNotExist(err) {
		t.Errorf("a half-built database was left behind: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "site", "index.html")); err != nil {
		t.Errorf("the published site is gone: %v", err)
	}
	// The partial run is in the ledger `runs` shows, with its reason and the
	// failed file, and its id is not given again.
	type run struct {
		RunID   int64  `json:"run_id"`
		Status  string `json:"status"`
		Message string `json:"message"`
		Stages  []struct {
			Stage  string `json:"stage"`
			Detail string `json:"detail"`
		} `json:"stages"`
	}
	runs := decodeJSON[[]run](t, mustCLI(t, "--config", cfg, "runs", "--format", "json"))
	if len(runs) != 2 || runs[0].RunID != 2 || runs[0].Status != "partial" || !strings.Contains(runs[0].Message, "oews-national-2024") ||
		runs[1].RunID != 1 || runs[1].Status != "ok" {
		t.Fatalf("runs after a partial run: %+v", runs)
	}
	if st := runs[0].Stages; len(st) == 0 || st[0].Detail != "0 files read, 1 unchanged, 0 removed, 1 failed" {
		t.Errorf("the partial run's ingest: %+v", st)
	}
	cfg = writeConfig(t, dir, good)
	mustCLI(t, "--config", cfg, "--quiet", "run")
	runs = decodeJSON[[]run](t, mustCLI(t, "--config", cfg, "runs", "--format", "json"))
	if len(runs) != 3 || runs[0].RunID != 3 || runs[0].Status != "ok" || runs[1].Status != "partial" {
		t.Errorf("runs after the next run: %+v", runs)
	}
}

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

func TestReferenceMarts(t *testing.T) {
	cfg := publishedShared(t)
	tests := []struct {
		name, sql, want string
	}{
		{"CPI-U annual averages (CUUR0000SA0, M13)",
			"SELECT string_agg(year || '=' || cpi_u, ' ' ORDER BY year) FROM stg_cpi__annual WHERE year BETWEEN 2020 AND 2024",
			"2020=258.811 2021=270.97 2022=292.655 2023=304.702 2024=313.689"},
		{"SOC detailed codes roll up to the OEWS publication code",
			"SELECT string_agg(occupation_code || '>' || oews_code, ' ' ORDER BY occupation_code) FROM dim_occupation WHERE occupation_code IN ('29-2010', '29-2011', '29-2012', '29-1141')",
			"29-1141>29-1141 29-2010>29-2010 29-2011>29-2010 29-2012>29-2010"},
		{"SOC levels", "SELECT string_agg(soc_level, ' ' ORDER BY occupation_code) FROM dim_occupation WHERE occupation_code IN ('29-0000', '29-2000', '29-2010', '29-2011')",
			"major minor broad detailed"},
		{"lineage on every fact", "SELECT count(*) FROM fct_wage_stats WHERE source_file_id IS NULL OR source_row_number IS NULL", "0"},
		{"suppressed cells keep their flag, not a zero", "SELECT count(*) FROM stg_oews__wages WHERE is_wage_suppressed AND annual_mean_usd IS NOT NULL", "0"},
		{"top-coded cells carry the bound", "SELECT count(*) FROM stg_oews__wages WHERE is_top_coded_annual_p90 AND annual_p90_usd IS NULL", "0"},
		{"employer types from industries", "SELECT string_agg(DISTINCT employer_type, ' ' ORDER BY employer_type) FROM fct_wage_stats", "ALL education government mixed private_other"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := strings.TrimSpace(mustCLI(t, "--config", cfg, "query", "--format", "csv", tt.sql))
			got = got[strings.IndexByte(got, '\n')+1:]
			if strings.Trim(got, `"`) != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestTitlesCommand(t *testing.T) {
	cfg := publishedShared(t)
	// MLT twice: the second reads its OEWS code from the first's lookup
	out := mustCLIStdin(t, "Medical Technologist\nMLT\nAccountants and Auditors\nTax Accountant\n\nasdf qwerty\nMLT\n", "--config", cfg, "titles", "--format", "csv")
	type row struct{ code, oews, method string }
	want := map[string]row{
		"Medical Technologist":     {"29-2011", "29-2010", "exact:synonym"},
		"MLT":                      {"29-2012", "29-2010", "exact:synonym"},
		"Accountants and Auditors": {"13-2011", "13-2011", "exact:oews"},
		"Tax Accountant":           {"13-2011", "13-2011", "exact:projections_alternate"},
		"asdf qwerty":              {"unknown", "", "unknown"},
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != len(want)+2 {
		t.Fatalf("%d lines (blank input lines are skipped):\n%s", len(lines), out)
	}
	for _, line := range lines[1:] {
		f := strings.Split(line, ",")
		w, ok := want[f[0]]
		if got := (row{f[1], f[2], f[len(f)-1]}); !ok || got != w {
			t.Errorf("%s: got %+v, want %+v", f[0], got, w)
		}
	}
}

func TestBadSourcesFailWithClearErrors(t *testing.T) {
	good := source("oews-national-2023", "oews", shareddata.Path(t, "bls/oews/national/national_M2023_dl.xlsx"))
	tests := []struct {
		name    string
		file    string // written into the temp dir; "" leaves it missing
		content string
		kind    string
		config  string // more of the source's configuration
		want    []string
	}{
		{"missing file", "", "", "oews", "", []string{"no such file"}},
		{"empty file", "national_M2024_dl.csv", "", "oews", "", []string{"national_M2024_dl.csv", "empty"}},
		{"csv with a wrong header", "national_M2024_dl.csv", "AREA,TITLE,WAGE\n99,U.S.,1\n", "oews", "", []string{"national_M2024_dl.csv", "OCC_CODE"}},
		{"not a zip", "oesm24nat.zip", "plain text", "oews", "", []string{"oesm24nat.zip", "zip"}},
		{"projections with a wrong header", "ep.csv", "Title,Code\nx,11-1011\n", "projections", "", []string{"ep.csv", "no recognizable header"}},
		{"oews csv with unquoted thousands separators", "national_M2024_dl.csv", "OCC_CODE,TOT_EMP,A_MEAN\n29-2010,334,380,62,870\n", "oews", "",
			[]string{`national_M2024_dl.csv: no data rows: every row was rejected (1 rejects): ` +
				`1 × ragged row: 5 fields, the header has 3 (unquoted comma in a number?) (first: line 2, value "29-2010,334,380,62,870")`}},
		{"postings whose every row is rejected", "feed.csv", "t,pay\n,$1\n,$2\nonly\n", "postings", "    columns: {title: t, pay_text: pay}\n",
			[]string{`feed.csv: no data rows: all 3 records were rejected: 2 × empty title (first: line 2, column "t", value ""); ` +
				`1 × ragged row: 1 fields where the header has 2 (first: line 4, value "only")`}},
		{"postings with a header only", "feed.csv", "t,pay\n", "postings", "    columns: {title: t, pay_text: pay}\n",
			[]string{"feed.csv: no data rows: the file has a header but no data rows"}},
		{"cpi lookup file instead of data", "cu.series", "series_id\tarea_code\nCUUR0000SA0\t0000\n", "cpi", "", []string{"cu.series"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "absent.xlsx")
			if tt.file != "" {
				path = filepath.Join(dir, tt.file)
				if err := os.WriteFile(path, []byte(tt.content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			cfg := writeConfig(t, dir, good+source("bad-source", tt.kind, path)+tt.config)
			code, _, errOut := cli(t, "", "--config", cfg, "--quiet", "run")
			if code != exitPartial {
				t.Fatalf("exit %d, want %d\n%s", code, exitPartial, errOut)
			}
			for _, w := range append(tt.want, "bad-source") {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errOut)
				}
			}
			if _, err := os.Stat(filepath.Join(dir, "w.duckdb")); !os.IsNotExist(err) {
				t.Errorf("a database was published despite the failed source: %v", err)
			}
		})
	}
}

// Where a checked value occurs, the likeliest source comes first: the same
// measure, area and all-industries cell before sector and metro cells that
// round to it (national_M2022_dl.xlsx: 53-3032 H_MEDIAN 24, and natsector
// and MSA cells within the tolerance of "24").
func TestCheckNamesTheLikeliestSourceFirst(t *testing.T) {
	cfg := publishedShared(t)
	_, out, _ := cli(t, "", "--config", cfg, "check", "--occupation", "53-3032", "--measure", "hourly_median", "--value", "24")
	_, second, _ := strings.Cut(out, "\n")
	if !strings.HasPrefix(second, "$24.00 matches the May 2022 median hourly wage, $24.00 (United States, national_M2022_dl.xlsx); and ") {
		t.Errorf("check:\n%s", out)
	}
}

// A release that publishes an occupation only under a broader code says
// which (national_M2020_dl.xlsx has 11-2030, not 11-2032), and prints no
// figure as if it were the detailed occupation's.
func TestCiteNamesTheBroaderCodeOfARelease(t *testing.T) {
	cfg := publishedShared(t)
	code, out, errOut := cli(t, "", "--config", cfg, "cite", "--occupation", "11-2032", "--measure", "median", "--release", "2020")
	if code != exitFailure || out != "" ||
		!strings.Contains(errOut, "for May 2020: that release publishes it only as part of 11-2030 Public Relations and Fundraising Managers (--occupation 11-2030)") {
		t.Errorf("exit %d, stdout %q, stderr %s", code, out, errOut)
	}
}

// --only without ingest starts from the published database; built by other
// code, its tables may not fit this build's stages, so the run refuses with
// a way out and leaves the database as it was.
func TestOnlyRefusesADatabaseBuiltByOtherCode(t *testing.T) {
	dir := t.TempDir()
	cfg := writeConfig(t, dir, source("oews-national-csv", "oews", shareddata.Path(t, "bls/oews/extracts_modified/national_M2023_dl.csv")))
	mustCLI(t, "--config", cfg, "--quiet", "run", "--only", "ingest,staging,marts,checks")
	mustCLI(t, "--config", cfg, "--quiet", "run", "--only", "staging") // built by this code: accepted
	db := filepath.Join(dir, "w.duckdb")
	older, err := store.Open(context.Background(), db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	err = older.Exec(context.Background(), "UPDATE runs SET build_fingerprint = 'older build'")
	if cerr := older.Close(); err != nil || cerr != nil {
		t.Fatal(err, cerr)
	}
	before := fileSum(t, db)
	code, _, errOut := cli(t, "", "--config", cfg, "--quiet", "run", "--only", "staging")
	if code != exitFailure {
		t.Fatalf("run --only staging on a database built by other code: exit %d, want %d\n%s", code, exitFailure, errOut)
	}
	for _, w := range []string{"built by other code", "run without --only"} {
		if !strings.Contains(errOut, w) {
			t.Errorf("stderr lacks %q:\n%s", w, errOut)
		}
	}
	if fileSum(t, db) != before {
		t.Error("the published database changed")
	}
}
