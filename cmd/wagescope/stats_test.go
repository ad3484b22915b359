package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/wagescope/wagescope/internal/shareddata"
	"github.com/wagescope/wagescope/pipeline/store"
)

// The posted-pay cells are checked against medians computed here, by hand,
// from the raw rows of the H-1B LCA extract: every application carries the
// employer's SOC code, so the cell's rows can be picked without the title
// classifier.

var h1bRun runFixture

const h1bFile = "postings/h1b_lca_fy2016_insight_extract/h1b_input.csv"

func publishedH1B(t *testing.T) string {
	t.Helper()
	bls := func(rel string) string { return shareddata.Path(t, "bls/"+rel) }
	sources := source("soc-structure", "soc", bls("crosswalks/soc/soc_structure_2018.xlsx")) +
		source("oews-definitions", "soc", bls("crosswalks/soc/occupation_definitions_m2023.xlsx")) +
		source("oews-national-2023", "oews", bls("oews/national/national_M2023_dl.xlsx")) +
		source("cpi-u", "cpi", bls("timeseries/cu/cu.data.1.AllItems")) +
		presetSource("h1b-2016", "h1b_lca", shareddata.Path(t, h1bFile))
	return h1bRun.published(t, "the H-1B extract", sources)
}

// h1bAnnualPay reads the extract and returns each application's annualized
// offered wage (the midpoint of from–to, or from alone), by SOC code and
// worksite state (and "US"), using the documented factors, sorted.
func h1bAnnualPay(t *testing.T) map[[2]string][]float64 {
	t.Helper()
	f, err := os.Open(shareddata.Path(t, h1bFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = ';'
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	factors := map[string]float64{"Year": 1, "Hour": 2080, "Week": 52, "Bi-Weekly": 26, "Month": 12}
	out := map[[2]string][]float64{}
	seen := map[string]bool{} // a case filed twice is one posting (the preset's duplicate key); the first row counts
	for _, rec := range recs[1:] {
		soc := rec[col["SOC_CODE"]]
		if len(soc) < 7 || seen[rec[col["CASE_NUMBER"]]] {
			continue
		}
		seen[rec[col["CASE_NUMBER"]]] = true
		from, err1 := strconv.ParseFloat(rec[col["WAGE_RATE_OF_PAY_FROM"]], 64)
		to, err2 := strconv.ParseFloat(rec[col["WAGE_RATE_OF_PAY_TO"]], 64)
		factor, ok := factors[rec[col["WAGE_UNIT_OF_PAY"]]]
		if err1 != nil || err2 != nil || !ok {
			t.Fatalf("h1b row %s: unexpected wage %q–%q %q", rec[col["CASE_NUMBER"]], rec[col["WAGE_RATE_OF_PAY_FROM"]],
				rec[col["WAGE_RATE_OF_PAY_TO"]], rec[col["WAGE_UNIT_OF_PAY"]])
		}
		mid := from
		if to > 0 {
			mid = (from + to) / 2
		}
		pay := mid * factor
		areas := []string{rec[col["WORKSITE_STATE"]]}
		if !territories[areas[0]] { // the U.S. figure is the 50 states and DC, as in OEWS
			areas = append(areas, "US")
		}
		for _, area := range areas {
			k := [2]string{soc[:7], area}
			out[k] = append(out[k], pay)
		}
	}
	for _, v := range out {
		sort.Float64s(v)
	}
	return out
}

var territories = map[string]bool{"PR": true, "GU": true, "VI": true, "AS": true, "MP": true}

// quantile is DuckDB's quantile_cont: linear between closest ranks.
func quantile(sorted []float64, p float64) float64 {
	h := float64(len(sorted)-1) * p
	lo := int(math.Floor(h))
	if lo+1 >= len(sorted) {
		return sorted[lo]
	}
	return sorted[lo] + (h-float64(lo))*(sorted[lo+1]-sorted[lo])
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

func TestPostedCellsEqualHandComputedStatistics(t *testing.T) {
	cfg := publishedH1B(t)
	pay := h1bAnnualPay(t)
	cases := []struct {
		name, occupation, area string
	}{
		{"chief executives, California (hourly, monthly and yearly wages)", "11-1011", "CA"},
		{"chief executives, Illinois (yearly wages)", "11-1011", "IL"},
		{"general and operations managers, Texas", "11-1021", "TX"},
		{"general and operations managers, U.S.", "11-1021", "US"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			xs := pay[[2]string{tc.occupation, tc.area}]
			if len(xs) < 5 {
				t.Fatalf("only %d raw rows: pick a bigger cell", len(xs))
			}
			rows := queryRows(t, cfg, fmt.Sprintf(`SELECT n, annual_mean, annual_p10, annual_p25, annual_median, annual_p75, annual_p90,
				annual_median_ci_low, annual_median_ci_high, is_suppressed
				FROM fct_wage_stats WHERE source_family = 'postings' AND occupation_code = '%s' AND area_code = '%s'
				AND period = 'ALL' AND experience = 'ALL' AND employer_type = 'ALL' AND pay_basis = 'ALL'`, tc.occupation, tc.area))
			if len(rows) != 1 {
				t.Fatalf("want one cell, got %d", len(rows))
			}
			got := rows[0]
			var sum float64
			for _, x := range xs {
				sum += x
			}
			n := float64(len(xs))
			lo := int(math.Max(1, math.Floor(n/2-0.98*math.Sqrt(n))))
			hi := int(math.Min(n, math.Ceil(1+n/2+0.98*math.Sqrt(n))))
			want := map[string]float64{
				"n": n, "annual_mean": round2(sum / n),
				"annual_p10": round2(quantile(xs, 0.1)), "annual_p25": round2(quantile(xs, 0.25)),
				"annual_median": round2(quantile(xs, 0.5)), "annual_p75": round2(quantile(xs, 0.75)),
				"annual_p90":           round2(quantile(xs, 0.9)),
				"annual_median_ci_low": round2(xs[lo-1]), "annual_median_ci_high": round2(xs[hi-1]),
			}
			for k, w := range want {
				g, ok := got[k].(float64)
				if !ok || math.Abs(g-w) > 0.005 {
					t.Errorf("%s = %v, computed from the raw rows %v", k, got[k], w)
				}
			}
			if got["is_suppressed"] != false {
				t.Errorf("cell of %d postings is suppressed", len(xs))
			}
		})
	}
}

// A cell under min_cell_size keeps its n but its pay is stored nowhere:
// not in the mart, not in rates (any format), not in the query command's
// view of any table.
func TestSuppressedCellValueAppearsNowhere(t *testing.T) {
	cfg := publishedH1B(t)
	pay := h1bAnnualPay(t)
	// Alaska has fewer than five chief-executive applications.
	xs := pay[[2]string{"11-1011", "AK"}]
	if len(xs) == 0 || len(xs) >= 5 {
		t.Fatalf("want a cell of 1–4 raw rows, got %d", len(xs))
	}
	median := round2(quantile(xs, 0.5))
	rows := queryRows(t, cfg, `SELECT n, is_suppressed, annual_mean, annual_median, annual_p10, annual_p90, annual_median_ci_low
		FROM fct_wage_stats WHERE source_family = 'postings' AND occupation_code = '11-1011' AND area_code = 'AK'
		AND period = 'ALL' AND experience = 'ALL' AND employer_type = 'ALL' AND pay_basis = 'ALL'`)
	if len(rows) != 1 || rows[0]["n"] != float64(len(xs)) || rows[0]["is_suppressed"] != true {
		t.Fatalf("cell = %v, want n=%d suppressed", rows, len(xs))
	}
	for _, k := range []string{"annual_mean", "annual_median", "annual_p10", "annual_p90", "annual_median_ci_low"} {
		if rows[0][k] != nil {
			t.Errorf("%s = %v stored for a suppressed cell", k, rows[0][k])
		}
	}
	// The figure, however printed, is absent from every output.
	printed := []string{strconv.FormatFloat(median, 'f', -1, 64), usdText(median)}
	for _, xv := range xs {
		printed = append(printed, strconv.FormatFloat(xv, 'f', -1, 64), usdText(xv))
	}
	outputs := map[string]string{
		"rates json":  mustCLI(t, "--config", cfg, "rates", "--occupation", "11-1011", "--area", "AK", "--format", "json"),
		"rates table": mustCLI(t, "--config", cfg, "rates", "--occupation", "11-1011", "--area", "AK"),
		"rates csv":   mustCLI(t, "--config", cfg, "rates", "--occupation", "11-1011", "--area", "AK", "--format", "csv"),
		"query marts": mustCLI(t, "--config", cfg, "query", "--format", "csv",
			`SELECT * FROM fct_wage_stats WHERE source_family = 'postings' AND occupation_code = '11-1011' AND area_code = 'AK'`),
		"query posted vs surveyed": mustCLI(t, "--config", cfg, "query", "--format", "csv",
			`SELECT * FROM fct_posted_vs_surveyed WHERE occupation_code = '11-1011' AND area_code = 'AK'`),
	}
	// The report: build the site from the published database and read every page.
	site := t.TempDir()
	mustCLI(t, "--config", cfg, "--quiet", "--out", site, "run", "--only", "report")
	page, err := os.ReadFile(filepath.Join(site, "occupation", "11-1011.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), "Alaska (AK)") || !strings.Contains(string(page), "suppressed") {
		t.Errorf("the 11-1011 page does not list the suppressed Alaska cell")
	}
	// Its raw values are round figures other cells share, so each page is
	// read at the suppressed cell's own table row.
	err = filepath.WalkDir(site, func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		b, err := os.ReadFile(path)
		for _, line := range strings.Split(string(b), "\n") {
			if strings.Contains(line, "Alaska (AK)") && strings.Contains(path, "11-1011") {
				outputs["report row "+line] = line
				if strings.Contains(line, "$") {
					t.Errorf("report %s shows pay in the suppressed row: %s", filepath.Base(path), line)
				}
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, out := range outputs {
		for _, p := range printed {
			if strings.Contains(out, p) {
				t.Errorf("%s shows %s of a suppressed cell:\n%s", name, p, out)
			}
		}
	}
	if !strings.Contains(outputs["rates table"], "suppressed") {
		t.Errorf("rates table does not say the cell is suppressed:\n%s", outputs["rates table"])
	}
}

// usdText prints a figure the way the table output does: $123,456.
func usdText(v float64) string {
	s := strconv.FormatFloat(math.Round(v), 'f', 0, 64)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return "$" + b.String()
}

func TestRatesShowsSurveyedAndPostedSideBySide(t *testing.T) {
	cfg := publishedH1B(t)
	pay := h1bAnnualPay(t)
	rows := decodeJSON[[]rateRow](t, mustCLI(t, "--config", cfg, "rates", "--occupation", "11-1021", "--area", "Texas", "--format", "json"))
	var oews, posted *rateRow
	for i := range rows {
		switch rows[i].SourceFamily {
		case "oews":
			oews = &rows[i]
		case "postings":
			if rows[i].Period == "ALL" {
				posted = &rows[i]
			}
		}
	}
	if oews != nil {
		t.Errorf("the H-1B fixture loads no Texas OEWS figures, yet rates shows one: %+v", *oews)
	}
	xs := pay[[2]string{"11-1021", "TX"}]
	if posted == nil || posted.N == nil || *posted.N != int64(len(xs)) || val(posted.AnnualMedian) != round2(quantile(xs, 0.5)) {
		t.Fatalf("posted row = %+v, want n=%d median %v", posted, len(xs), round2(quantile(xs, 0.5)))
	}
	if len(posted.Sources) != 1 || posted.Sources[0].FileName != "h1b_input.csv" {
		t.Errorf("posted sources = %+v, want h1b_input.csv", posted.Sources)
	}
	if val(posted.MedianCILow) > val(posted.AnnualMedian) || val(posted.MedianCIHigh) < val(posted.AnnualMedian) {
		t.Errorf("median %v outside its interval %v–%v", val(posted.AnnualMedian), val(posted.MedianCILow), val(posted.MedianCIHigh))
	}

	// U.S.: the OEWS national row and the posted row together.
	rows = decodeJSON[[]rateRow](t, mustCLI(t, "--config", cfg, "rates", "--occupation", "11-1021", "--format", "json"))
	families := map[string]int{}
	for _, r := range rows {
		families[r.SourceFamily]++
		if r.SourceFamily == "oews" && val(r.Employment) <= 0 {
			t.Errorf("OEWS row without employment: %+v", r)
		}
	}
	if families["oews"] != 1 || families["postings"] != 1 {
		t.Errorf("rows by family = %v, want one OEWS and one posted row", families)
	}
}

func TestCiteAndCheckPostedPay(t *testing.T) {
	cfg := publishedH1B(t)
	xs := h1bAnnualPay(t)[[2]string{"11-1021", "TX"}]
	median := round2(quantile(xs, 0.5))
	c := decodeJSON[citation](t, mustCLI(t, "--config", cfg, "cite", "--occupation", "11-1021", "--area", "TX",
		"--source-family", "postings", "--format", "json"))
	if c.Value != median || c.SampleSize == nil || *c.SampleSize != int64(len(xs)) {
		t.Errorf("cite = %v (n %v), want %v (n %d)", c.Value, c.SampleSize, median, len(xs))
	}
	for _, want := range []string{fmt.Sprintf("%d distinct postings", len(xs)), "h1b_input.csv", "pay from 2013–2016"} {
		if !strings.Contains(c.SourceLine, want) {
			t.Errorf("source line %q lacks %q", c.SourceLine, want)
		}
	}
	value := strconv.FormatFloat(median, 'f', -1, 64)
	if code, out, _ := cli(t, "", "--config", cfg, "check", "--occupation", "11-1021", "--area", "TX", "--source-family", "postings",
		"--value", value); code != 0 || !strings.HasPrefix(out, "match") {
		t.Errorf("check of the posted median: exit %d, %s", code, out)
	}
	// The same figure checked as the OEWS U.S. median is a mismatch that
	// says where the value does occur.
	code, out, _ := cli(t, "", "--config", cfg, "check", "--occupation", "11-1021", "--value", value, "--format", "json")
	res := decodeJSON[checkResult](t, out)
	if code != 1 || res.Verdict != "mismatch" || len(res.FoundIn) == 0 || res.FoundIn[0].AreaCode != "TX" ||
		res.FoundIn[0].Release != "postings ALL" || res.FoundIn[0].File != "h1b_input.csv" {
		t.Errorf("check against OEWS: exit %d, %+v", code, res)
	}
	// A suppressed cell cannot be cited.
	if code, _, errOut := cli(t, "", "--config", cfg, "cite", "--occupation", "11-1011", "--area", "AK", "--source-family", "postings"); code != 1 ||
		!strings.Contains(errOut, "suppressed") {
		t.Errorf("cite of a suppressed cell: exit %d, %s", code, errOut)
	}
}

func TestOEWSChangeConstantDollarsAndExperienceBridge(t *testing.T) {
	cfg := publishedShared(t)
	rows := decodeJSON[[]rateRow](t, mustCLI(t, "--config", cfg, "rates", "--occupation", "29-2010", "--format", "json"))
	if len(rows) != 1 || rows[0].Release != "2023-05" {
		t.Fatalf("rows = %+v", rows)
	}
	// May 2023 $60,780 against May 2022 $57,380; CPI-U 2023 304.702, 2022 292.655.
	r := rows[0]
	if r.PreviousRelease != "2022-05" || val(r.MedianChangePct) != 5.93 || val(r.MedianRealChange) != 1.74 {
		t.Errorf("change = %s %v%% nominal, %v%% real; want 2022-05, 5.93, 1.74", r.PreviousRelease, val(r.MedianChangePct), val(r.MedianRealChange))
	}
	rows = decodeJSON[[]rateRow](t, mustCLI(t, "--config", cfg, "rates", "--occupation", "29-2010", "--dollars", "2024", "--format", "json"))
	// 60,780 × 313.689 / 304.702 = 62,572.8
	if val(rows[0].AnnualMedian) != 62573 || !strings.HasPrefix(rows[0].Dollars, "2024 dollars") {
		t.Errorf("2024 dollars: median %v (%s), want 62573", val(rows[0].AnnualMedian), rows[0].Dollars)
	}
	// No postings are loaded here, so an experience level is modeled: entry
	// is the 17th percentile, 7/15 of the way from p10 $36,770 to p25 $45,080.
	rows = decodeJSON[[]rateRow](t, mustCLI(t, "--config", cfg, "rates", "--occupation", "29-2010", "--experience", "entry", "--format", "json"))
	var modeled *rateRow
	for i := range rows {
		if rows[i].IsModeled {
			modeled = &rows[i]
		}
	}
	if modeled == nil || val(modeled.AnnualModeled) != 40648 || val(modeled.ModeledPercentile) != 17 || modeled.AnnualMedian != nil {
		t.Fatalf("modeled row = %+v, want 40648 at p17 and no median", modeled)
	}
	if out := mustCLI(t, "--config", cfg, "rates", "--occupation", "29-2010", "--experience", "entry"); !strings.Contains(out, "(modeled)") {
		t.Errorf("table does not label the modeled figure:\n%s", out)
	}
}

func TestPostedVsSurveyedOnTheSharedPostings(t *testing.T) {
	cfg := publishedPostings(t)
	rows := queryRows(t, cfg, `SELECT occupation_code, area_code, posted_n, posted_median, oews_release, oews_median,
			oews_p10, oews_p25, oews_p75, oews_p90, posted_median_oews_percentile, posted_median_oews_bound,
			posted_to_oews_median, aged_to_year, share_with_pay
		FROM fct_posted_vs_surveyed WHERE area_code = 'US' AND occupation_code IN ('15-2051', '29-2010', '11-1021')
		ORDER BY occupation_code`)
	// OEWS May 2023 U.S. medians as published (national_M2023_dl.xlsx).
	oewsMedian := map[string]float64{"11-1021": 101280, "15-2051": 108020, "29-2010": 60780}
	if len(rows) != 3 {
		t.Fatalf("want 3 comparisons, got %v", rows)
	}
	for _, r := range rows {
		code := r["occupation_code"].(string)
		if r["oews_release"] != "2023-05" || r["oews_median"] != oewsMedian[code] {
			t.Errorf("%s: OEWS side %v %v, want 2023-05 %v", code, r["oews_release"], r["oews_median"], oewsMedian[code])
		}
		posted := r["posted_median"].(float64)
		if got := r["posted_to_oews_median"].(float64); math.Abs(got-posted/oewsMedian[code]) > 0.0001 {
			t.Errorf("%s: ratio %v, want %v", code, got, posted/oewsMedian[code])
		}
		// The percentile is linear between the published points around the posted median.
		points := []struct{ pct, wage float64 }{{10, r["oews_p10"].(float64)}, {25, r["oews_p25"].(float64)},
			{50, oewsMedian[code]}, {75, r["oews_p75"].(float64)}, {90, r["oews_p90"].(float64)}}
		var want any
		for i := 1; i < len(points); i++ {
			a, b := points[i-1], points[i]
			if posted >= a.wage && posted <= b.wage {
				want = math.Round(10*(a.pct+(b.pct-a.pct)*(posted-a.wage)/(b.wage-a.wage))) / 10
				break
			}
		}
		if r["posted_median_oews_percentile"] != want {
			t.Errorf("%s: percentile %v (bound %v), want %v", code, r["posted_median_oews_percentile"], r["posted_median_oews_bound"], want)
		}
		if s, ok := r["share_with_pay"].(float64); !ok || s <= 0 || s > 1 {
			t.Errorf("%s: share with pay %v", code, r["share_with_pay"])
		}
	}
	// rates gives both families for the clinical laboratory occupations.
	got := decodeJSON[[]rateRow](t, mustCLI(t, "--config", cfg, "rates", "--occupation", "29-2010", "--area", "US", "--format", "json"))
	families := map[string]bool{}
	for _, r := range got {
		families[r.SourceFamily] = true
		if r.SourceFamily == "postings" && (r.N == nil || *r.N < 5 || r.AnnualMedian == nil) {
			t.Errorf("posted 29-2010 row = %+v, want n ≥ 5 with a median", r)
		}
	}
	if !families["oews"] || !families["postings"] {
		t.Errorf("rates 29-2010 US families = %v, want oews and postings", families)
	}
}

func TestPayPremiumsCompareWithinOccupationAndArea(t *testing.T) {
	cfg := publishedPostings(t)
	rows := queryRows(t, cfg, `SELECT requirement_type, requirement, n_with, n_without, median_with, median_without,
			premium, premium_ci_low, premium_ci_high, is_suppressed
		FROM fct_pay_premiums WHERE occupation_code = '15-2051' AND area_code = 'US' AND requirement_type = 'education'
		ORDER BY requirement`)
	if len(rows) == 0 {
		t.Fatal("no education premiums for data scientists")
	}
	for _, r := range rows {
		if r["is_suppressed"] == true {
			if r["premium"] != nil || r["median_with"] != nil {
				t.Errorf("suppressed premium row carries values: %v", r)
			}
			continue
		}
		p := r["premium"].(float64)
		if math.Abs(p-(r["median_with"].(float64)-r["median_without"].(float64))) > 0.01 {
			t.Errorf("premium %v is not median_with − median_without: %v", p, r)
		}
		if r["premium_ci_low"].(float64) > p || r["premium_ci_high"].(float64) < p {
			t.Errorf("premium %v outside its interval: %v", p, r)
		}
	}
	// Both sides count the same postings: with + without is every described
	// data-scientist posting with pay, whatever the requirement.
	totals := map[float64]bool{}
	for _, r := range rows {
		totals[r["n_with"].(float64)+r["n_without"].(float64)] = true
	}
	if len(totals) != 1 {
		t.Errorf("n_with + n_without differs between requirements: %v", totals)
	}
}

// A misspelt cell filter is a usage error naming the accepted values, not an
// empty or unfiltered answer.
func TestCellFiltersRejectUnknownValues(t *testing.T) {
	cfg := filepath.Join("..", "..", "config.yaml")
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"experience", []string{"rates", "--occupation", "29-2010", "--experience", "senoir"}, `--experience: "senoir" is not one of ALL, entry, mid, senior`},
		{"employer type", []string{"rates", "--occupation", "29-2010", "--employer-type", "hospitals"}, `--employer-type: "hospitals" is not one of ALL, hospital`},
		{"pay basis", []string{"rates", "--occupation", "29-2010", "--pay-basis", "est"}, `--pay-basis: "est" is not one of ALL, employer, estimate`},
		{"period", []string{"rates", "--occupation", "29-2010", "--period", "2024-13"}, `--period: "2024-13" is not ALL, a year`},
		{"source family", []string{"cite", "--occupation", "29-2010", "--source-family", "posting"}, `--source-family: "posting" is not one of oews, postings`},
		{"month by experience", []string{"rates", "--occupation", "29-2010", "--period", "2024-03", "--experience", "senior"},
			`--period 2024-03 with --experience senior: quarters and months are published by occupation and area only; use a year (2024)`},
		{"check period", []string{"check", "--occupation", "29-2010", "--value", "1", "--source-family", "postings", "--period", "Q1"}, `--period: "Q1"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := cli(t, "", append([]string{"--config", cfg}, tc.args...)...)
			if code != 2 || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, errOut, tc.want)
			}
		})
	}
}

// The report reads only the posted cells its pages show (PageCells): every
// area's cell of all levels and employer types, and the U.S. by one of the
// two. Reading every cross of them held 10 GB at a million postings.
func TestPageCellsAreWhatPagesShow(t *testing.T) {
	cfg := publishedH1B(t)
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(filepath.Dir(cfg), "w.duckdb"), store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	filter := store.WageFilter{SourceFamily: "postings", OccupationCode: "11-1021", EmployerType: store.Any, Experience: store.Any}
	all, err := db.WageStats(ctx, filter)
	if err != nil {
		t.Fatal(err)
	}
	filter.PageCells = true
	page, err := db.WageStats(ctx, filter)
	if err != nil {
		t.Fatal(err)
	}
	key := func(s store.WageStat) string {
		return strings.Join([]string{s.AreaCode, s.Experience, s.EmployerType}, "|")
	}
	var want []string
	for _, s := range all {
		if (s.Experience == "ALL" && s.EmployerType == "ALL") || (s.AreaCode == "US" && (s.Experience == "ALL" || s.EmployerType == "ALL")) {
			want = append(want, key(s))
		}
	}
	var got []string
	for _, s := range page {
		got = append(got, key(s))
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("page cells of 11-1021:\n got %v\nwant %v", got, want)
	}
	// 761 cells (areas × levels × employer types with their rollups), 131
	// of them on the page
	if len(all) != 761 || len(got) != 131 {
		t.Errorf("11-1021: %d posted cells, %d on its page; want 761 and 131", len(all), len(got))
	}
	// The report reads a run of occupations at once: the codes from
	// 11-1011 to 11-1021 give 11-1021's page cells, in the same order,
	// after those of the codes before it.
	filter.OccupationCode, filter.OccupationFrom, filter.OccupationTo = "", "11-1011", "11-1021"
	run, err := db.WageStats(ctx, filter)
	if err != nil {
		t.Fatal(err)
	}
	var inRun []string
	codes := map[string]bool{}
	for _, s := range run {
		codes[s.OccupationCode] = true
		if s.OccupationCode == "11-1021" {
			inRun = append(inRun, key(s))
		}
	}
	if strings.Join(inRun, ",") != strings.Join(got, ",") || len(codes) < 2 || !codes["11-1011"] || len(codes) > 3 {
		t.Errorf("11-1011 to 11-1021: codes %v; 11-1021's cells %d, want its %d page cells", codes, len(inRun), len(got))
	}
}

// A duplicate group counts once, by its first row that qualifies: for the
// posted cells the first with pay, for the premiums the first with pay and a
// description. Five jobs of the synthetic preset (duplicate key: the id): A's
// first row has no pay, B's second row repeats B, C's first row has no
// description, E has no pay until a night appends a file with its pay.
func TestDuplicateGroupsCountByTheirFirstQualifyingRow(t *testing.T) {
	dir := t.TempDir()
	const head = "posting_id,job_title,company,ownership,industry,location,salary,salary_min,salary_max,salary_period,currency,experience,posted_date,remote,description\n"
	row := func(id, salary, description string) string {
		return id + `,Medical Technologist,Mercy Hospital,Nonprofit Organization,Hospitals and Health Care,"Boston, MA",` +
			salary + ",,,,,,2024-03-01,," + description + "\n"
	}
	write := func(name, data string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(head+data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("synthetic_postings_1.csv",
		row("SYN-A", "", "")+
			row("SYN-B", "\"$50,000 a year\"", "ASCP certification required.")+
			row("SYN-A", "\"$60,000 a year\"", "Great team.")+
			row("SYN-B", "\"$90,000 a year\"", "ASCP certification required.")+
			row("SYN-C", "\"$70,000 a year\"", "")+
			row("SYN-C", "\"$72,000 a year\"", "ASCP certification required.")+
			row("SYN-D", "\"$40,000 a year\"", "Apply online.")+
			row("SYN-E", "", ""))
	// synthetic postings take reference files only, no other data
	soc := func(name, rel string) string {
		return source(name, "soc", shareddata.Path(t, "bls/crosswalks/soc/"+rel))
	}
	cfg := writeConfig(t, dir, soc("soc-structure", "soc_structure_2018.xlsx")+soc("oews-definitions", "occupation_definitions_m2023.xlsx")+
		presetSource("jobs", "synthetic", filepath.Join(dir, "synthetic_postings_*.csv")))
	body, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfg, append([]byte("min_cell_size: 1\n"), body...), 0o644); err != nil {
		t.Fatal(err)
	}
	national := func() map[string]any {
		t.Helper()
		cells := queryRows(t, cfg, `SELECT n, annual_mean, annual_median FROM fct_wage_stats
			WHERE source_family = 'postings' AND occupation_code = '29-2010' AND area_code = 'US'
			  AND period = 'ALL' AND experience = 'ALL' AND employer_type = 'ALL' AND pay_basis = 'ALL'`)
		if len(cells) != 1 {
			t.Fatalf("%d national cells for 29-2010: %v", len(cells), cells)
		}
		return cells[0]
	}
	mustCLI(t, "--config", cfg, "--quiet", "run", "--only", "ingest,normalize,staging,marts,checks")

	// posted cells: A at 60,000 (its second row), B at 50,000, C at 70,000, D at 40,000
	if c := national(); c["n"] != 4.0 || c["annual_mean"] != 55000.0 || c["annual_median"] != 55000.0 {
		t.Errorf("national cell n, mean, median = %v, %v, %v; want 4, 55000, 55000", c["n"], c["annual_mean"], c["annual_median"])
	}
	// premiums: with ASCP B at 50,000 and C at 72,000 (its second row);
	// without, A at 60,000 and D at 40,000
	premiums := queryRows(t, cfg, `SELECT n_with, n_without, median_with, median_without FROM fct_pay_premiums
		WHERE occupation_code = '29-2010' AND area_code = 'US' AND requirement_type = 'certification' AND requirement = 'ASCP'`)
	if len(premiums) != 1 {
		t.Fatalf("%d ASCP premium rows: %v", len(premiums), premiums)
	}
	want := map[string]any{"n_with": 2.0, "n_without": 2.0, "median_with": 61000.0, "median_without": 50000.0}
	for k, v := range want {
		if premiums[0][k] != v {
			t.Errorf("ASCP premium %s = %v, want %v", k, premiums[0][k], v)
		}
	}

	// A night appends a file: E's pay counts now (its first row, staged the
	// night before, has none), B's third row does not.
	write("synthetic_postings_2.csv", row("SYN-E", "\"$80,000 a year\"", "")+row("SYN-B", "\"$10,000 a year\"", ""))
	mustCLI(t, "--config", cfg, "--quiet", "run", "--only", "ingest,normalize,staging,marts,checks")
	if _, stages := lastRun(t, cfg); !slices.ContainsFunc(stages, func(s stageRecord) bool {
		return s.Stage == "staging" && strings.HasSuffix(s.Detail, "postings: 1 new file(s) staged, 0 dropped, the others kept")
	}) {
		t.Errorf("the night staged every file again: %+v", stages)
	}
	if c := national(); c["n"] != 5.0 || c["annual_mean"] != 60000.0 || c["annual_median"] != 60000.0 {
		t.Errorf("after the night: national cell n, mean, median = %v, %v, %v; want 5, 60000, 60000", c["n"], c["annual_mean"], c["annual_median"])
	}
}
