package store

import (
	"context"
	"fmt"
	"time"

	"github.com/wagescope/wagescope/internal/sqlscript"
)

// The SQL the Go step posted_cells runs (posted_cells_arrow.go).
const (
	minCellSizeQuery   = "SELECT min_cell_size FROM run_settings"
	postedSizesQuery   = "SELECT n_area, n_period, n_experience, n_employer_type, n_basis FROM posted_sizes"
	postedBucketsQuery = "SELECT DISTINCT bucket FROM posted_coded ORDER BY bucket"
	// codedPostingsQuery reads one bucket's postings as
	// postedcells.Posting needs them, each occupation's by pay: the
	// occupation, the four area ids and the four period ids (NULL where a
	// posting is not in one), then the rest.
	codedPostingsQuery = `SELECT CAST(occupation AS BIGINT) AS occupation,
       CAST(national_area AS INTEGER) AS national_area, CAST(state_area AS INTEGER) AS state_area,
       CAST(metro_area AS INTEGER) AS metro_area, CAST(remote_area AS INTEGER) AS remote_area,
       CAST(all_period AS INTEGER) AS all_period, CAST(year_period AS INTEGER) AS year_period,
       CAST(quarter_period AS INTEGER) AS quarter_period, CAST(month_period AS INTEGER) AS month_period,
       CAST(e AS INTEGER) AS e, CAST(m AS INTEGER) AS m, CAST(b AS INTEGER) AS b,
       CAST(pay AS DOUBLE) AS pay, CAST(pay_year AS INTEGER) AS pay_year,
       CAST(source_file_id AS INTEGER) AS source_file_id
FROM posted_coded WHERE bucket = %d
ORDER BY occupation, pay`
	// insertPostedCells writes a stream of valued cells as
	// fct_wage_stats_postings rows (marts/020_fct_wage_stats.sql says what
	// each column is).
	insertPostedCells = `INSERT INTO fct_wage_stats_postings BY NAME
SELECT ` + postedCellKey + `,
    c.n,
    round(c.mean, 2) AS annual_mean, round(c.p10, 2) AS annual_p10, round(c.p25, 2) AS annual_p25,
    round(c.p50, 2) AS annual_median, round(c.p75, 2) AS annual_p75, round(c.p90, 2) AS annual_p90,
    round(c.ci_low, 2) AS annual_median_ci_low, round(c.ci_high, 2) AS annual_median_ci_high,
    c.year_min AS posted_year_min, c.year_max AS posted_year_max, c.year_median AS posted_year_median,
    c.source_file_ids
FROM posted_cells_stream AS c` + postedCellSizes
	// insertSuppressedCells writes a stream of cells under the minimum
	// size as fct_wage_stats_postings_suppressed rows.
	insertSuppressedCells = `INSERT INTO fct_wage_stats_postings_suppressed BY NAME
SELECT ` + postedCellKey + `,
    c.n, c.year_min AS posted_year_min, c.year_max AS posted_year_max, c.source_file_ids
FROM posted_suppressed_stream AS c` + postedCellSizes
	// postedCellKey splits a cell's number (c.cell) into its three ids,
	// with postedCellSizes' z.
	postedCellKey = `
    1 + c.cell // (z.n_slice * z.n_area) AS occupation_id,
    1 + c.cell // z.n_slice % z.n_area AS area_id,
    c.cell % z.n_slice AS slice_id`
	postedCellSizes = `
CROSS JOIN (SELECT n_area, n_period * n_experience * n_employer_type * n_basis AS n_slice FROM posted_sizes) AS z`
)

// The SQL the Go step pay_premiums runs (premiums_arrow.go).
const (
	// describedPostingsQuery reads the described postings as
	// premiums.Posting needs them, each occupation's by pay.
	describedPostingsQuery = `SELECT occupation_code, state, CAST(annual_mid_usd AS DOUBLE) AS pay,
       certifications, min_education
FROM premium_described
ORDER BY occupation_code, pay`
	// describedRangeQuery reads one range of occupations, first to last,
	// as describedPostingsQuery reads them all.
	describedRangeQuery = `SELECT occupation_code, state, CAST(annual_mid_usd AS DOUBLE) AS pay,
       certifications, min_education
FROM premium_described
WHERE occupation_code BETWEEN ? AND ?
ORDER BY occupation_code, pay`
	// describedSizeQuery gives the described postings' count and how many
	// one query may read; describedCountsQuery, each occupation's count.
	describedSizeQuery   = "SELECT count(*), premium_read_rows() FROM premium_described"
	describedCountsQuery = "SELECT occupation_code, count(*) FROM premium_described GROUP BY occupation_code ORDER BY occupation_code"
	insertPremiumSides   = "INSERT INTO premium_sides BY NAME SELECT * FROM premium_sides_batch"
)

// goStep is a Go step a script calls by name ("-- wagescope:go NAME"):
// what it runs, and the SQL it runs, for the rebuild planner.
type goStep struct {
	run func(*DB, context.Context) error
	sql string
}

// lookupGoStep finds a Go step by name.
func lookupGoStep(name string) (goStep, bool) {
	switch name {
	case "posted_cells":
		return goStep{run: (*DB).postedCells, sql: minCellSizeQuery + ";\n" + postedSizesQuery + ";\n" + postedBucketsQuery + ";\n" +
			fmt.Sprintf(codedPostingsQuery, 0) + ";\n" + insertSuppressedCells + ";\n" + insertPostedCells + ";\n"}, true
	case "pay_premiums":
		return goStep{run: (*DB).payPremiums, sql: describedSizeQuery + ";\n" + describedCountsQuery + ";\n" +
			describedPostingsQuery + ";\n" + describedRangeQuery + ";\n" + insertPremiumSides + ";\n"}, true
	}
	return goStep{}, false
}

// GoStepSQL returns the SQL a Go step runs, so the rebuild planner sees
// the tables it reads and writes as it sees a script's own; false for an
// unknown step.
func GoStepSQL(name string) (string, bool) {
	step, ok := lookupGoStep(name)
	return step.sql, ok
}

// runStep runs a script's Go step, timed as a statement of its own when
// profiling.
func (d *DB) runStep(ctx context.Context, script string, part sqlscript.Part) error {
	step, ok := lookupGoStep(part.Step)
	if !ok {
		return fmt.Errorf("%s:%d: no Go step named %q (known: posted_cells, pay_premiums)", script, part.Line, part.Step)
	}
	start := time.Now()
	if err := step.run(d, ctx); err != nil {
		return fmt.Errorf("%s:%d: Go step %s: %w", script, part.Line, part.Step, err)
	}
	if d.profile != nil {
		d.profile(StatementProfile{Script: script, Line: part.Line, Text: "-- wagescope:go " + part.Step + " (Go)",
			Seconds: time.Since(start).Seconds()})
	}
	return nil
}

// forEachRun calls fn with each run of equal keys, keys[from:to], in
// order: the posted cells' step reads a bucket sorted by occupation and
// computes one occupation at a time.
func forEachRun[K comparable](keys []K, fn func(from, to int) error) error {
	for from := 0; from < len(keys); {
		to := from + 1
		for to < len(keys) && keys[to] == keys[from] {
			to++
		}
		if err := fn(from, to); err != nil {
			return err
		}
		from = to
	}
	return nil
}
