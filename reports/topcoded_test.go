package reports

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/wagescope/wagescope/pipeline/store"
)

// anesthesiologists is 29-1211 as OEWS May 2023 publishes it: the U.S.
// median, 75th and 90th percentiles top-coded at $239,200, and in the
// state file (means only) Maine's and Connecticut's means too, beside
// Virginia's exact $242,090.
func anesthesiologists() (store.Occupation, []store.WageStat) {
	occ := store.Occupation{Code: "29-1211", Title: "Anesthesiologists", Level: "detailed"}
	us := oewsRow("2023-05", 33470, 339470, 84940, 191980, 239200, 239200, 239200)
	us.OccupationCode, us.OccupationTitle = occ.Code, occ.Title
	us.TopCoded = []string{"annual_median", "annual_p75", "annual_p90", "hourly_median", "hourly_p75", "hourly_p90"}
	state := func(code, title string, mean float64, topCoded bool) store.WageStat {
		s := stateRow(code, title, 0)
		s.OccupationCode, s.Employment, s.AnnualMedian, s.AnnualMean = occ.Code, nil, nil, f(mean)
		if topCoded {
			s.TopCoded = []string{"annual_mean", "hourly_mean"}
		}
		return s
	}
	return occ, []store.WageStat{us,
		state("VA", "Virginia", 242090, false), state("ME", "Maine", 239200, true),
		state("WV", "West Virginia", 248690, false), state("CT", "Connecticut", 239200, true)}
}

// anesthesiologistsFake is the fake reader with 29-1211 added.
func anesthesiologistsFake() *fakeReader {
	r := newFake()
	occ, rows := anesthesiologists()
	r.occs = append(r.occs, occ)
	r.wages = append(r.wages, rows...)
	return r
}

// TestTopCodedFigures: the charts carry the top-code flags the tables
// show, top-coded areas are ranked first, and the captions say what the
// light bars and ≥ marks mean.
func TestTopCodedFigures(t *testing.T) {
	occ, rows := anesthesiologists()
	d := (siteRows{oews: wagesByCode(rows)}).occupation(occ)
	dist, err := distributionFigure(d, "../")
	if err != nil {
		t.Fatal(err)
	}
	areas, err := areaFigures(d, "../")
	if err != nil {
		t.Fatal(err)
	}
	if len(areas) != 1 {
		t.Fatalf("%d area figures, want the states'", len(areas))
	}
	states := areas[0]
	var order []string
	for _, row := range states.Table.Rows {
		order = append(order, row[1].Text+" "+row[4].Text)
	}
	cell := func(row []tableCell, i int) string {
		return row[i].Text + " raw " + row[i].Raw + " bound " + map[bool]string{true: "yes", false: "no"}[row[i].TopCoded]
	}
	chartJSON := func(c *chartBlock) string { return string(c.Option) }

	tests := []struct {
		name, got string
		want      []string
	}{
		{"table ranks bounds first", strings.Join(order, ", "),
			[]string{"CT ≥ $239,200, ME ≥ $239,200, WV $248,690, VA $242,090"}},
		{"table caption", states.Table.Caption, []string{"OEWS May 2023, all employers, USD per year; top-coded means (≥) listed first"}},
		{"note", strings.Join(states.Notes, " "), []string{"Top-coded means are listed first: each is only a lower bound"}},
		{"bound cell marked for the download", cell(dist.Table.Rows[0], 4) + "; " + cell(dist.Table.Rows[0], 3),
			[]string{"≥ $239,200 raw 239200 bound yes; $191,980 raw 191980 bound no"}},
		{"tile map", chartJSON(states.Chart), []string{
			`{"label":{"formatter":"{b} ≥"},"name":"ME","title":"Maine","topCoded":true,"value":[10,0,239200]}`,
			`{"name":"VA","title":"Virginia","value":[7,4,242090]}`,
			"≥ on a tile: top-coded, the true figure is at least this"}},
		{"bars", chartJSON(states.Second), []string{
			`"wagescopeTopCoded":[[0,1]]`, `"data":["Connecticut","Maine","West Virginia","Virginia"]`,
			`{"value":239200,"label":{"show":true,"position":"right","formatter":"≥"},"itemStyle":{"color":"#c6dbef"}}`,
			"light bars marked ≥: top-coded, the true figure is at least this"}},
		{"distribution box and bound marks", chartJSON(dist.Chart), []string{
			`"topCoded":[false,false,true,true,true],"value":[84940,191980,239200,239200,239200]`,
			`"name":"▲ top-coded: at least this value"`,
			`{"title":"OEWS May 2023 · 33,470 jobs: median, 75th, 90th","topCoded":true,"value":[239200,0]}`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, w := range tc.want {
				if !strings.Contains(tc.got, w) {
					t.Errorf("lacks %q in\n%s", w, tc.got)
				}
			}
		})
	}

	t.Run("charts without bounds carry no flags", func(t *testing.T) {
		_, _, files := build(t, newFake())
		lab := string(files["occupation/29-2010.html"])
		if n := regexp.MustCompile(`wagescopeTopCoded|"topCoded"|data-top-coded`).FindAllString(lab, -1); len(n) != 0 {
			t.Errorf("29-2010 has no top-coded figure but its page holds %q", n)
		}
	})
}

// TestTopCodedIndexes covers the per-series bound lists the tooltips read.
func TestTopCodedIndexes(t *testing.T) {
	tests := []struct {
		name  string
		flags [][]bool
		want  string
	}{
		{"none", [][]bool{{false, false}, nil}, "null"},
		{"second series", [][]bool{{false}, {false, true, true}}, "[[],[1,2]]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := json.Marshal(topCodedIndexes(tc.flags))
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tc.want {
				t.Errorf("got %s, want %s", b, tc.want)
			}
		})
	}
}
