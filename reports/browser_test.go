package reports

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/wagescope/wagescope/internal/browsertest"
)

// TestBrowserPages opens the site built from the fake reader in headless
// Chromium, from file://: no console errors, no network, no dialogs, every
// chart drawn with data, and the hostile title shown as text.
func TestBrowserPages(t *testing.T) {
	b := browsertest.New(t)
	dir, _, _ := build(t, newFake())

	tests := []struct {
		page   string
		charts []string // element ids that must be among the drawn charts
		h1     string   // text the <h1> must contain
	}{
		{page: "index.html", h1: "wagescope"},
		{page: "occupation/29-2010.html", charts: []string{"chart_wages_29_2010", "chart_areas_states_29_2010"}, h1: "(SOC 29-2010)"},
		{page: "occupation/99-9999.html", charts: []string{"chart_wages_99_9999"}, h1: hostile},
	}
	for _, tc := range tests {
		t.Run(tc.page, func(t *testing.T) {
			p := b.Open(t, filepath.Join(dir, filepath.FromSlash(tc.page)))
			r := p.Result(t)
			p.Screenshot(t, "")

			// console errors, network requests, dialogs, charts not drawn with data
			for _, problem := range r.Problems() {
				t.Error(problem)
			}
			for _, id := range tc.charts {
				if _, ok := r.Chart(id); !ok {
					t.Errorf("no chart %s among %+v", id, r.Charts)
				}
			}
			ids := make([]string, len(r.Charts))
			for i, c := range r.Charts {
				ids[i] = c.ID
			}
			t.Logf("%d charts: %s", len(r.Charts), strings.Join(ids, " "))
			h1 := browsertest.Eval[string](t, p, `(document.querySelector("h1") || {}).textContent || ""`)
			if !strings.Contains(h1, tc.h1) {
				t.Errorf("<h1> text = %q, want it to contain %q", h1, tc.h1)
			}
			// The hostile strings are text: none became a <script> element of its own.
			if n := browsertest.Eval[int](t, p, `Array.from(document.scripts).filter(function (s) { return /^alert\(\d\)$/.test(s.textContent.trim()); }).length`); n != 0 {
				t.Errorf("%d injected <script> elements", n)
			}
		})
	}
}

// TestBrowserTopCoded shows the tooltips of 29-1211's top-coded figures
// (ECharts' showTip, as a hover does) and makes the CSV downloads: every
// bound reads "≥ … (top-coded)" and the CSV names the columns holding one.
func TestBrowserTopCoded(t *testing.T) {
	b := browsertest.New(t)
	dir, _, _ := build(t, anesthesiologistsFake())
	p := b.Open(t, filepath.Join(dir, "occupation", "29-1211.html"))
	for _, problem := range p.Result(t).Problems() {
		t.Error(problem)
	}
	tip := func(chart string, s int, item string) string { return chartTip(t, p, chart, s, item) }
	tests := []struct {
		name, got, want string
	}{
		{"tile", tip("chart_map_29_1211", 0, "ME"), "Maine: ≥ $239,200 (top-coded)"},
		{"exact tile", tip("chart_map_29_1211", 0, "VA"), "Virginia: $242,090"},
		{"bar", tip("chart_areas_states_29_1211", 0, "Maine"), "Maine Annual mean: ≥ $239,200 (top-coded)"},
		{"box", tip("chart_distribution_29_1211", 0, "OEWS May 2023 · 33,470 jobs"),
			"OEWS May 2023 · 33,470 jobs 90th: ≥ $239,200 (top-coded) 75th: ≥ $239,200 (top-coded) median: ≥ $239,200 (top-coded) 25th: $191,980 10th: $84,940"},
		{"bound mark", tip("chart_distribution_29_1211", 1, "OEWS May 2023 · 33,470 jobs: median, 75th, 90th"),
			"OEWS May 2023 · 33,470 jobs: median, 75th, 90th: ≥ $239,200 (top-coded)"},
		{"distribution CSV", browsertest.Eval[string](t, p, `wagescopeTableCSV(document.getElementById("table_distribution"))`),
			"\"Source\",\"Employment or postings\",\"10th pct.\",\"25th pct.\",\"Median\",\"75th pct.\",\"90th pct.\",\"top_coded\"\r\n" +
				"\"OEWS survey, May 2023\",\"33470\",\"84940\",\"191980\",\"239200\",\"239200\",\"239200\",\"Median;75th pct.;90th pct.\"\r\n"},
		{"states CSV", browsertest.Eval[string](t, p, `wagescopeTableCSV(document.getElementById("table_areas_states"))`),
			"\"Area\",\"Code\",\"Employment\",\"Annual median\",\"Annual mean\",\"top_coded\"\r\n" +
				"\"Connecticut\",\"CT\",\"—\",\"—\",\"239200\",\"Annual mean\"\r\n" +
				"\"Maine\",\"ME\",\"—\",\"—\",\"239200\",\"Annual mean\"\r\n" +
				"\"West Virginia\",\"WV\",\"—\",\"—\",\"248690\",\"\"\r\n" +
				"\"Virginia\",\"VA\",\"—\",\"—\",\"242090\",\"\"\r\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("got  %q\nwant %q", tc.got, tc.want)
			}
		})
	}
	lab := b.Open(t, filepath.Join(dir, "occupation", "29-2010.html"))
	if got, want := browsertest.Eval[string](t, lab, `wagescopeTableCSV(document.getElementById("table_distribution")).split("\r\n")[0]`),
		`"Source","Employment or postings","10th pct.","25th pct.","Median","75th pct.","90th pct."`; got != want {
		t.Errorf("a table without bounds: CSV header %q, want %q (no top_coded column)", got, want)
	}
}

// chartTip shows the tooltip of the data item whose name, title or
// category is item in series s of a chart on p (ECharts' showTip, as a
// hover does), and returns its text.
func chartTip(t *testing.T, p *browsertest.Page, chart string, s int, item string) string {
	return browsertest.Eval[string](t, p, `(function () {
  var c = echarts.getInstanceByDom(document.getElementById(`+strconv.Quote(chart)+`));
  var data = c.getOption().series[`+strconv.Itoa(s)+`].data;
  var i = data.findIndex(function (d) { return d === `+strconv.Quote(item)+` || d.name === `+strconv.Quote(item)+` || d.title === `+strconv.Quote(item)+`; });
  if (i < 0) { i = (c.getOption().yAxis[0].data || []).indexOf(`+strconv.Quote(item)+`); } // bars: the item is a category
  if (i < 0) { return "no item"; }
  c.dispatchAction({type: "showTip", seriesIndex: `+strconv.Itoa(s)+`, dataIndex: i});
  var el = Array.from(document.getElementById(`+strconv.Quote(chart)+`).querySelectorAll("div")).filter(function (d) { return d.style.zIndex === "9999999"; })[0];
  return el ? el.innerText.replace(/\s+/g, " ").trim() : "no tooltip";
})()`)
}

// TestBrowserHourlyTopCoded: an hourly-only occupation's tooltips print
// cents, its top-coded bound as "≥ $115.00 (top-coded)", and its employer
// table's CSV names the bound's column.
func TestBrowserHourlyTopCoded(t *testing.T) {
	b := browsertest.New(t)
	dir, _, _ := build(t, actorsFake())
	p := b.Open(t, filepath.Join(dir, "occupation", "27-2011.html"))
	for _, problem := range p.Result(t).Problems() {
		t.Error(problem)
	}
	tip := func(chart string, s int, item string) string { return chartTip(t, p, chart, s, item) }
	tests := []struct {
		name, got, want string
	}{
		{"tile", tip("chart_map_27_2011", 0, "NY"), "New York: $58.91"},
		{"bar", tip("chart_areas_states_27_2011", 0, "New York"), "New York Hourly mean $58.91"}, // ECharts' own layout: no bound on this chart
		{"box", tip("chart_distribution_27_2011", 0, "OEWS May 2023 · 62,560 jobs"),
			"OEWS May 2023 · 62,560 jobs 90th: $100.01 75th: $36.54 median: $20.50 25th: $15.98 10th: $13.00"},
		{"top-coded box", tip("chart_employers_27_2011", 0, "OEWS: private_other · Information · 15,940 jobs"),
			"OEWS: private_other · Information · 15,940 jobs 90th: ≥ $115.00 (top-coded) 75th: $47.58 median: $16.44 25th: $13.75 10th: $12.27"},
		{"bound mark", tip("chart_employers_27_2011", 1, "OEWS: private_other · Information · 15,940 jobs: 90th"),
			"OEWS: private_other · Information · 15,940 jobs: 90th: ≥ $115.00 (top-coded)"},
		{"employer CSV", browsertest.Eval[string](t, p, `wagescopeTableCSV(document.getElementById("table_employers")).split("\r\n").filter(function (l) { return l.indexOf("Information") >= 0 || l.indexOf("Source") === 1; }).join("\n")`),
			"\"Source\",\"Employer type\",\"Industry\",\"Employment or postings\",\"10th pct. (hourly)\",\"25th pct. (hourly)\",\"Median (hourly)\",\"75th pct. (hourly)\",\"90th pct. (hourly)\",\"top_coded\"\n" +
				"\"OEWS May 2023\",\"private_other\",\"51 Information\",\"15940\",\"12.27\",\"13.75\",\"16.44\",\"47.58\",\"115\",\"90th pct. (hourly)\""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("got  %q\nwant %q", tc.got, tc.want)
			}
		})
	}
}
