package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestShippedSampleRuns is the README's first command: the default
// config.yaml on the sample in data/sample, report included.
func TestShippedSampleRuns(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join("..", "..", "config.yaml")
	db, site := filepath.Join(dir, "w.duckdb"), filepath.Join(dir, "site")
	base := []string{"--config", cfg, "--db", db, "--out", site}
	mustCLI(t, append(base, "--quiet", "run")...)
	// the Arrow loader's view is not saved in the published file (reading
	// it crashed the reader)
	if views := mustCLI(t, append(base, "query", "--format", "csv",
		"SELECT count(*) AS n FROM information_schema.tables WHERE table_type = 'VIEW' AND table_name = 'arrow_batch'")...); views != "n\n0\n" {
		t.Errorf("arrow_batch views in the published file: %q", views)
	}

	rows := decodeJSON[[]rateRow](t, mustCLI(t, append(base, "rates", "--occupation", "29-2010", "--release", "all", "--format", "json")...))
	// Two OEWS releases, then the posted cell of the Glassdoor sample.
	if len(rows) != 3 || val(rows[0].AnnualMedian) != 60780 || val(rows[1].AnnualMedian) != 57380 ||
		rows[1].Source.FileName != "national_M2022_dl.csv" ||
		rows[2].SourceFamily != "postings" || rows[2].Source.FileName != "glassdoor_jobs_sample.csv" {
		t.Fatalf("sample rates: %+v", rows)
	}
	// The contract's example: OEWS and posted figures, with n, side by side.
	both := decodeJSON[[]rateRow](t, mustCLI(t, append(base, "rates", "--occupation", "29-2010", "--area", "US", "--format", "json")...))
	if len(both) != 2 || both[0].SourceFamily != "oews" || val(both[0].Employment) != 334380 ||
		both[1].SourceFamily != "postings" || both[1].N == nil || *both[1].N != 7 || val(both[1].AnnualMedian) != 52000 || both[1].IsSuppressed {
		t.Errorf("rates 29-2010 US on the sample: %+v", both)
	}
	for _, page := range []string{"index.html", "occupation/29-2010.html", "assets/echarts.min.js"} {
		if _, err := os.Stat(filepath.Join(site, page)); err != nil {
			t.Errorf("site lacks %s: %v", page, err)
		}
	}
	page, err := os.ReadFile(filepath.Join(site, "occupation", "29-2010.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"$60,780", "$57,380", "342,900", "Employment Projections 2022–2032", "../assets/echarts.min.js"} {
		if !strings.Contains(string(page), w) {
			t.Errorf("occupation page lacks %q", w)
		}
	}
	// runs --format json gives each run's stages as objects.
	runs := decodeJSON[[]runRecord](t, mustCLI(t, append(base, "runs", "--format", "json")...))
	if len(runs) != 1 || runs[0].Status != "ok" || len(runs[0].Stages) != 6 ||
		runs[0].Stages[0].Stage != "ingest" || runs[0].Stages[0].Rows == 0 || runs[0].Stages[5].Stage != "report" {
		t.Errorf("runs --format json: %+v", runs)
	}
	out := mustCLI(t, append(base, "sources")...)
	if strings.Count(out, " ok ") < 9 {
		t.Errorf("sources should list 9 ok files:\n%s", out)
	}
}
