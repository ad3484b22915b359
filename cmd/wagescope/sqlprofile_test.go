package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/wagescope/wagescope/pipeline/store"
)

// The report sums a repeated statement's runs, statements and operators
// slowest first, and names where each peak was first reached.
func TestSQLProfileReportSumsRepeatsSlowestFirst(t *testing.T) {
	group := func(rows int64, secs float64) []store.OperatorProfile {
		return []store.OperatorProfile{{Name: "INSERT", Rows: 1, Seconds: 0.1}, {Depth: 1, Name: "HASH_GROUP_BY", Detail: "Groups=#0", Rows: rows, Seconds: secs}}
	}
	p := sqlProfile{statements: []store.StatementProfile{
		{Script: "queries/marts/a.sql", Line: 3, Text: "CREATE TABLE x AS", Seconds: 2.5, CPUSeconds: 4, RowsScanned: 1000, PeakBufferBytes: 300 << 20},
		{Script: "queries/marts/a.sql", Line: 9, Repeat: "bucket=0", Text: "INSERT INTO c SELECT * FROM f({bucket});", Seconds: 1.5, CPUSeconds: 2, RowsScanned: 600,
			Operators: group(40, 1.25), PeakBufferBytes: 700 << 20, PeakTempBytes: 5 << 20},
		{Script: "queries/marts/a.sql", Line: 9, Repeat: "bucket=1", Text: "INSERT INTO c SELECT * FROM f({bucket});", Seconds: 1.75, CPUSeconds: 3, RowsScanned: 400,
			Operators: group(60, 1.5), PeakBufferBytes: 700 << 20, PeakTempBytes: 5 << 20},
	}}
	var b strings.Builder
	if err := p.report(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"3 statements, 5.75 s",
		"Peak buffer memory 700 MiB (first reached in marts/a.sql:9 bucket=0); peak temporary directory 5 MiB (first reached in marts/a.sql:9 bucket=0).",
		"     3.25      5.00     2           1,000  marts/a.sql:9  INSERT INTO c SELECT * FROM f({bucket});\n" +
			"     2.50      4.00     1           1,000  marts/a.sql:3  CREATE TABLE x AS\n",
		"Operators, slowest first (2 of 2)",
		"      2.75     2             100  HASH_GROUP_BY          marts/a.sql:9",
		"      0.20     2               2  INSERT                 marts/a.sql:9",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
}

// run --sql-profile runs the SQL stages one statement at a time: the
// sample's figures are the same, and the report names the statements.
func TestRunSQLProfileOnTheSample(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join("..", "..", "config.yaml")
	profile := filepath.Join(dir, "profile.txt")
	base := []string{"--config", cfg, "--db", filepath.Join(dir, "w.duckdb"), "--out", filepath.Join(dir, "site")}
	mustCLI(t, append(base, "--quiet", "run", "--skip", "report", "--sql-profile", profile)...)

	both := decodeJSON[[]rateRow](t, mustCLI(t, append(base, "rates", "--occupation", "29-2010", "--area", "US", "--format", "json")...))
	if len(both) != 2 || val(both[0].AnnualMedian) != 60780 || both[1].N == nil || *both[1].N != 7 || val(both[1].AnnualMedian) != 52000 {
		t.Errorf("rates 29-2010 US, profiled: %+v", both)
	}
	body, err := os.ReadFile(profile)
	if err != nil {
		t.Fatal(err)
	}
	for _, re := range []string{
		`(?m)^DuckDB's profile of the SQL stages \(schema, staging, marts\): \d{2,3} statements`,
		// the Go steps, each timed as a statement of its own
		`(?m)^ +\d+\.\d\d +0\.00 +1 +0  marts/020_fct_wage_stats\.sql:\d+  -- wagescope:go posted_cells \(Go\)$`,
		`(?m)^ +\d+\.\d\d +0\.00 +1 +0  marts/070_fct_pay_premiums\.sql:\d+  -- wagescope:go pay_premiums \(Go\)$`,
		`(?m)^ +\d+\.\d\d +\d+\.\d\d +1 +[\d,]+  staging/050_stg_postings__postings\.sql:\d+  CREATE OR REPLACE TABLE stg_postings__postings_derived AS SELECT \* FROM posting_(rows;|…)$`,
		`(?m)^ +\d+\.\d\d +1 +[\d,]+  WINDOW +marts/020_fct_wage_stats\.sql:\d+ +Projections='ROW_NUMBER\(\) OVER \(PARTITION BY release`,
	} {
		if !regexp.MustCompile(re).Match(body) {
			t.Errorf("profile lacks %s:\n%s", re, body)
		}
	}
}
