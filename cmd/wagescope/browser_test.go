package main

import (
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/wagescope/wagescope/internal/browsertest"
)

// buildSite builds the report site from a published fixture database into a
// fresh directory, as `wagescope run --only report` does.
func buildSite(t *testing.T, cfg string) string {
	t.Helper()
	site := t.TempDir()
	mustCLI(t, "--config", cfg, "--quiet", "--out", site, "run", "--only", "report")
	return site
}

// browserPage is one page of a built site and the charts it must draw.
type browserPage struct {
	page   string   // path inside the site
	charts []string // element ids of charts that must be on the page
}

// checkPages opens each page in the browser: it must exist, load with no
// console error, no network request and no dialog, and draw every chart
// with data.
func checkPages(t *testing.T, b *browsertest.Browser, site string, pages []browserPage) {
	t.Helper()
	for _, pg := range pages {
		t.Run(pg.page, func(t *testing.T) {
			r := b.Check(t, filepath.Join(site, filepath.FromSlash(pg.page)))
			// console errors, network requests, dialogs, charts not drawn with data
			for _, problem := range r.Problems() {
				t.Error(problem)
			}
			for _, id := range pg.charts {
				if _, ok := r.Chart(id); !ok {
					t.Errorf("no chart %s; the page has %d: %s", id, len(r.Charts), chartIDs(r.Charts))
				}
			}
			t.Logf("%d charts: %s", len(r.Charts), chartIDs(r.Charts))
		})
	}
}

func chartIDs(cs []browsertest.Chart) string {
	ids := make([]string, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	return strings.Join(ids, " ")
}

// TestBrowserSharedSite opens pages of the site built from the shared BLS
// files in headless Chromium, and uses the index's search box.
func TestBrowserSharedSite(t *testing.T) {
	b := browsertest.New(t) // skips early when there is no browser (outside CI)
	site := buildSite(t, publishedShared(t))
	checkPages(t, b, site, []browserPage{
		{page: "index.html"},
		{page: "occupation/29-2010.html", charts: []string{"chart_distribution_29_2010", "chart_wages_29_2010",
			"chart_wages_real_29_2010", "chart_map_29_2010", "chart_areas_states_29_2010", "chart_employers_29_2010",
			"chart_experience_29_2010"}},
		{page: "occupation/29-1141.html", charts: []string{"chart_map_29_1141", "chart_employers_29_1141"}},
		{page: "occupation/15-1252.html", charts: []string{"chart_wages_15_1252"}},
		{page: "occupation/11-1011.html", charts: []string{"chart_wages_11_1011"}},
		{page: "occupation/53-7062.html", charts: []string{"chart_wages_53_7062"}},
	})
	t.Run("search", func(t *testing.T) { checkSearch(t, b, filepath.Join(site, "index.html")) })
}

// TestBrowserH1BSite covers the posted-pay charts. The H-1B extract has
// applications for 11-1011 and 11-1021 only, so those are the pages with
// posted pay.
func TestBrowserH1BSite(t *testing.T) {
	b := browsertest.New(t)
	site := buildSite(t, publishedH1B(t))
	checkPages(t, b, site, []browserPage{
		{page: "index.html"},
		{page: "occupation/11-1011.html", charts: []string{"chart_wages_11_1011", "chart_posted_map_11_1011", "chart_versus_11_1011"}},
		{page: "occupation/11-1021.html", charts: []string{"chart_wages_11_1021", "chart_posted_map_11_1021", "chart_versus_11_1021"}},
	})
}

// indexRow is one row of the index's occupation table as the browser shows it.
type indexRow struct {
	Code   string `json:"code"`  // first cell
	Title  string `json:"title"` // second cell
	Text   string `json:"text"`  // the whole row
	Hidden bool   `json:"hidden"`
}

const indexRowsJS = `Array.from(document.querySelectorAll("#occupation-table tbody tr")).map(function (tr) {
  var td = tr.querySelectorAll("td");
  return {code: td.length > 0 ? td[0].textContent.trim() : "", title: td.length > 1 ? td[1].textContent.trim() : "",
          text: tr.textContent, hidden: tr.hasAttribute("hidden")};
})`

// checkSearch uses the search box of the index. The contract: an
// <input id="occupation-search"> filters the rows of
// #occupation-table tbody; a row that does not match gets the hidden
// attribute; #occupation-count shows how many rows are visible.
func checkSearch(t *testing.T, b *browsertest.Browser, index string) {
	p := b.Open(t, index)
	var missing []string
	for _, sel := range []string{"input#occupation-search", "#occupation-table tbody tr", "#occupation-count"} {
		if !browsertest.Eval[bool](t, p, `document.querySelector(`+strconv.Quote(sel)+`) !== null`) {
			missing = append(missing, sel)
		}
	}
	if len(missing) > 0 {
		t.Fatalf("the index lacks the search contract's elements: %s", strings.Join(missing, ", "))
	}
	rows := func() []indexRow { return browsertest.Eval[[]indexRow](t, p, indexRowsJS) }
	visible := func(rs []indexRow) []indexRow {
		return slices.DeleteFunc(slices.Clone(rs), func(r indexRow) bool { return r.Hidden })
	}
	all := rows()
	total := len(all)
	if total < 800 {
		t.Errorf("the index lists %d occupations, want the ~830 SOC occupations and more", total)
	}
	checkCount := func(step string, want int) {
		t.Helper()
		text := browsertest.Eval[string](t, p, `document.getElementById("occupation-count").textContent`)
		if got := firstNumber(text); got != want {
			t.Errorf("%s: #occupation-count says %q, want %d visible", step, text, want)
		}
	}
	if n := len(visible(all)); n != total {
		t.Errorf("before typing: %d of %d rows visible", n, total)
	}
	checkCount("before typing", total)

	// A word of the title.
	p.SendKeys(t, "#occupation-search", "laboratory")
	got := rows()
	shown := visible(got)
	if len(shown) == 0 || len(shown) >= total {
		t.Errorf(`"laboratory": %d of %d rows visible, want fewer, and some`, len(shown), total)
	}
	for _, r := range shown {
		if !strings.Contains(strings.ToLower(r.Text), "laborator") {
			t.Errorf(`"laboratory" left visible a row without it: %s %s`, r.Code, r.Title)
		}
	}
	for _, r := range got {
		if r.Hidden && strings.Contains(strings.ToLower(r.Title), "laboratory") {
			t.Errorf(`"laboratory" hid a row whose title has it: %s %s`, r.Code, r.Title)
		}
	}
	if !slices.ContainsFunc(shown, func(r indexRow) bool { return r.Code == "29-2010" }) {
		t.Errorf(`"laboratory": the 29-2010 row is not visible; visible: %s`, rowCodes(shown))
	}
	checkCount(`"laboratory"`, len(shown))
	p.Screenshot(t, "index-search-laboratory")

	// Clearing restores every row.
	p.ClearInput(t, "#occupation-search")
	if n := len(visible(rows())); n != total {
		t.Errorf("after clearing: %d of %d rows visible", n, total)
	}
	checkCount("after clearing", total)

	// A SOC code OEWS publishes only inside a broader one: 29-2011 is
	// found under 29-2010, whose row lists the codes it covers.
	const code = "29-2011"
	p.SendKeys(t, "#occupation-search", code)
	got = rows()
	shown = visible(got)
	if codes := rowCodes(shown); !slices.Equal(codes, []string{"29-2010"}) {
		t.Errorf("%q: visible rows %q, want only 29-2010, which covers it", code, codes)
	}
	checkCount(strconv.Quote(code), len(shown))

	// A detailed occupation OEWS publishes inside a broader one is found
	// by its own title, under the code that publishes it (beside other
	// titles holding every word: "medical technologist" also finds 29-2098,
	// Medical Dosimetrists, ..., and Health Technologists and Technicians).
	for _, tc := range []struct {
		query string
		want  string
	}{
		{"Medical and Clinical Laboratory Technologists", "29-2010"},
		{"medical technologist", "29-2010"},
		{"Team Assemblers", "51-2090"},
		{"Tour Guides and Escorts", "39-7010"},
		{"Special Education Teachers, Elementary School", "25-2050"},
	} {
		p.ClearInput(t, "#occupation-search")
		p.SendKeys(t, "#occupation-search", tc.query)
		if codes := rowCodes(visible(rows())); !slices.Contains(codes, tc.want) {
			t.Errorf("%q: visible rows %q, want %s among them", tc.query, codes, tc.want)
		}
	}

	if r := p.Result(t); len(r.ConsoleErrors) != 0 || len(r.NetworkRequests) != 0 || len(r.Dialogs) != 0 {
		t.Errorf("while searching: console errors %q, network requests %q, dialogs %q", r.ConsoleErrors, r.NetworkRequests, r.Dialogs)
	}
}

func rowCodes(rs []indexRow) []string {
	codes := make([]string, len(rs))
	for i, r := range rs {
		codes[i] = r.Code
	}
	return codes
}

// firstNumber is the first integer in s ("1,422 of 1,500" gives 1422), or -1.
func firstNumber(s string) int {
	n, err := strconv.Atoi(strings.ReplaceAll(regexp.MustCompile(`\d[\d,]*`).FindString(s), ",", ""))
	if err != nil {
		return -1
	}
	return n
}
