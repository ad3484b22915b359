//go:build duckdb_arrow

package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// codedPostingsSQL makes posted_coded, posted_sizes and run_settings as
// marts/020_fct_wage_stats.sql would, for 6,000 generated postings in three
// buckets of occupations: ties in pay, unknown years, several files,
// postings in one to four areas (some outside the U.S. total) and periods
// (quarters and months not broken down), cells on both sides of the
// minimum size. posted_coded_lists has each posting's areas and periods
// as the lists the oracle below reads.
const codedPostingsSQL = `
CREATE OR REPLACE TABLE run_settings AS SELECT 5 AS min_cell_size;
CREATE OR REPLACE TEMP TABLE posted_sizes AS
SELECT 9 AS n_area, 7 AS n_period, 4 AS n_experience, 3 AS n_employer_type, 3 AS n_basis;
CREATE OR REPLACE TEMP TABLE posted_coded AS
SELECT
    CAST(i % 7 AS INTEGER) AS occupation,
    CASE WHEN i % 17 <> 0 THEN 0 END AS national_area,
    1 + i % 3 AS state_area,
    CASE WHEN i % 4 = 0 THEN 4 + (i // 4) % 4 END AS metro_area,
    CASE WHEN i % 11 = 0 THEN 8 END AS remote_area,
    0 AS all_period,
    CASE WHEN i % 4 >= 1 THEN 1 + i % 2 END AS year_period,
    CASE WHEN i % 4 >= 2 THEN 3 + i % 2 END AS quarter_period,
    CASE WHEN i % 4 = 3 THEN 5 + i % 2 END AS month_period,
    1 + i % 3 AS e, 1 + (i // 3) % 2 AS m, 1 + (i // 5) % 2 AS b,
    CAST(30000 + (i * 7919) % 90000 // 50 * 50 AS DOUBLE) + 0.25 * (i % 3) AS pay,
    CASE WHEN i % 13 = 0 THEN NULL ELSE 2022 + i % 3 END AS pay_year,
    CAST(1 + i % 3 AS BIGINT) AS source_file_id,
    CAST((i % 7) // 3 AS INTEGER) AS bucket
FROM range(6000) AS r(i)
ORDER BY bucket;
CREATE OR REPLACE TEMP VIEW posted_coded_lists AS
SELECT *,
    list_filter([national_area, state_area, metro_area, remote_area], x -> x IS NOT NULL) AS area_ids,
    list_filter([{'id': all_period, 'broken_down': true}, {'id': year_period, 'broken_down': true},
                 {'id': quarter_period, 'broken_down': false}, {'id': month_period, 'broken_down': false}],
                x -> x.id IS NOT NULL) AS period_ids
FROM posted_coded;
CREATE OR REPLACE TABLE fct_wage_stats_postings (
    occupation_id USMALLINT, area_id USMALLINT, slice_id UINTEGER, n BIGINT,
    annual_mean DOUBLE, annual_p10 DOUBLE, annual_p25 DOUBLE, annual_median DOUBLE, annual_p75 DOUBLE,
    annual_p90 DOUBLE, annual_median_ci_low DOUBLE, annual_median_ci_high DOUBLE,
    posted_year_min INTEGER, posted_year_max INTEGER, posted_year_median INTEGER, source_file_ids BIGINT[]
);
CREATE OR REPLACE TABLE fct_wage_stats_postings_suppressed (
    occupation_id USMALLINT, area_id USMALLINT, slice_id UINTEGER, n BIGINT,
    posted_year_min INTEGER, posted_year_max INTEGER, source_file_ids BIGINT[]
);
`

// The Go step gives the same cells, in the same order, as the SQL that
// computed them before it (the macros below, as they were in
// marts/020_fct_wage_stats.sql), written as fct_wage_stats_postings rows
// (valued) and fct_wage_stats_postings_suppressed rows (the rest, which
// have no figures): the cell's number is the key's three ids put back
// together (posted_sizes above: 9 areas, a slice of 7 × 4 × 3 × 3), the pay
// rounded to the cent.
func TestPostedCellsStepMatchesTheSQLBuckets(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t, Options{})
	if err := db.RunFiles(ctx, []string{"marts/000_macros.sql"}); err != nil {
		t.Fatal(err)
	}
	if err := db.runScript(ctx, "setup.sql", codedPostingsSQL+"-- wagescope:go posted_cells\n"); err != nil {
		t.Fatal(err)
	}
	if err := db.runScript(ctx, "oracle.sql", sqlBucketsOracle+`
CREATE OR REPLACE TEMP TABLE sql_cells AS SELECT * FROM posted_cells_of(0) LIMIT 0;
-- wagescope:for bucket IN (SELECT DISTINCT bucket FROM posted_coded ORDER BY bucket)
INSERT INTO sql_cells SELECT * FROM posted_cells_of({bucket});
-- wagescope:end
CREATE OR REPLACE TEMP TABLE go_cells AS
SELECT ((occupation_id - 1) * 9 + area_id - 1) * (7 * 4 * 3 * 3) + slice_id AS cell, n, false AS is_suppressed,
       posted_year_min, posted_year_max, annual_mean, annual_p10, annual_p25, annual_median, annual_p75,
       annual_p90, annual_median_ci_low, annual_median_ci_high, posted_year_median, source_file_ids,
       'valued' AS kept, rowid AS written
FROM fct_wage_stats_postings
UNION ALL BY NAME
SELECT ((occupation_id - 1) * 9 + area_id - 1) * (7 * 4 * 3 * 3) + slice_id AS cell, n, true AS is_suppressed,
       posted_year_min, posted_year_max, source_file_ids, 'suppressed' AS kept, rowid AS written
FROM fct_wage_stats_postings_suppressed;
CREATE OR REPLACE TEMP TABLE want_cells AS
SELECT cell, n, p50 IS NULL AS is_suppressed, year_min, year_max, round(mean, 2), round(p10, 2), round(p25, 2),
       round(p50, 2), round(p75, 2), round(p90, 2), round(ci_low, 2), round(ci_high, 2), year_median, source_file_ids
FROM sql_cells;
`); err != nil {
		t.Fatal(err)
	}
	var cells, valued, multiFile, differ, outOfOrder, misplaced int64
	err := db.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM go_cells),
		(SELECT count(*) FROM go_cells WHERE NOT is_suppressed),
		(SELECT count(*) FROM go_cells WHERE len(source_file_ids) > 1),
		(SELECT count(*) FROM (SELECT * EXCLUDE (kept, written) FROM go_cells EXCEPT ALL SELECT * FROM want_cells))
		  + (SELECT count(*) FROM (SELECT * FROM want_cells EXCEPT ALL SELECT * EXCLUDE (kept, written) FROM go_cells)),
		(SELECT count(*) FROM (SELECT cell < lag(cell) OVER (PARTITION BY kept ORDER BY written) AS back FROM go_cells) WHERE back),
		(SELECT count(*) FROM go_cells WHERE (kept = 'valued') <> (n >= 5))`).
		Scan(&cells, &valued, &multiFile, &differ, &outOfOrder, &misplaced)
	if err != nil {
		t.Fatal(err)
	}
	if differ != 0 || outOfOrder != 0 || misplaced != 0 {
		t.Errorf("%d cells differ from the SQL's, %d out of key order, %d in the other table than their size says", differ, outOfOrder, misplaced)
	}
	// the fixture exercises both sides of the minimum size and file lists
	if cells < 1000 || valued < 200 || valued == cells || multiFile == 0 {
		t.Errorf("fixture too tame: %d cells, %d valued, %d with several files", cells, valued, multiFile)
	}
	t.Logf("%d cells, %d valued, %d from several files", cells, valued, multiFile)
}

// Every cell goes to one of the two tables, and a bucket with none of one
// kind writes none there: under a minimum size of 1 every cell is valued,
// under one no cell reaches every cell is suppressed.
func TestPostedCellsStepSplitsByMinimumSize(t *testing.T) {
	tests := []struct {
		name                  string
		minCellSize           int
		wantValued, wantSmall bool
	}{
		{"every cell valued", 1, true, false},
		{"the fixture's minimum", 5, true, true},
		{"no cell valued", 1_000_000, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			db := openTestDB(t, Options{})
			setup := codedPostingsSQL + fmt.Sprintf("CREATE OR REPLACE TABLE run_settings AS SELECT %d AS min_cell_size;\n", tt.minCellSize)
			if err := db.runScript(ctx, "setup.sql", setup+"-- wagescope:go posted_cells\n"); err != nil {
				t.Fatal(err)
			}
			var valued, small, wrong int64
			err := db.QueryRow(ctx, fmt.Sprintf(`SELECT
				(SELECT count(*) FROM fct_wage_stats_postings),
				(SELECT count(*) FROM fct_wage_stats_postings_suppressed),
				(SELECT count(*) FROM fct_wage_stats_postings WHERE n < %[1]d OR annual_median IS NULL)
				  + (SELECT count(*) FROM fct_wage_stats_postings_suppressed WHERE n >= %[1]d)`, tt.minCellSize)).
				Scan(&valued, &small, &wrong)
			if err != nil {
				t.Fatal(err)
			}
			if (valued > 0) != tt.wantValued || (small > 0) != tt.wantSmall || wrong != 0 {
				t.Errorf("%d valued and %d suppressed cells, %d on the wrong side of %d", valued, small, wrong, tt.minCellSize)
			}
		})
	}
}

func TestPostedCellsStepRejectsBadInput(t *testing.T) {
	tests := []struct {
		name, change, want string
	}{
		{"an area id past the sizes", "UPDATE posted_coded SET metro_area = 9 WHERE occupation = 2", "area id 9 outside 0..8"},
		{"a period id past the sizes", "UPDATE posted_coded SET month_period = 7 WHERE occupation = 2", "period id 7 outside 0..6"},
		{"a NULL pay", "UPDATE posted_coded SET pay = NULL WHERE occupation = 2", "NULL occupation, level, employer type, basis, pay or file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkGoStepRejects(t, codedPostingsSQL+tt.change, "posted_cells", tt.want)
		})
	}
}

// checkGoStepRejects runs the Go step after setup and wants an error that
// names the script and says want.
func checkGoStepRejects(t *testing.T, setup, step, want string) {
	t.Helper()
	db := openTestDB(t, Options{})
	err := db.runScript(context.Background(), "setup.sql", setup+";\n-- wagescope:go "+step+"\n")
	if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "setup.sql:") {
		t.Errorf("error %v, want one naming the script and saying %q", err, want)
	}
}

func TestUnknownGoStepIsAnError(t *testing.T) {
	db := openTestDB(t, Options{})
	err := db.runScript(context.Background(), "x.sql", "SELECT 1;\n-- wagescope:go posted_cellz\n")
	if err == nil || !strings.Contains(err.Error(), `x.sql:2: no Go step named "posted_cellz" (known: posted_cells, pay_premiums)`) {
		t.Errorf("error %v, want one naming the file, line and step", err)
	}
}

// sqlBucketsOracle is the SQL the Go step replaced (build 7f27144).
const sqlBucketsOracle = `
CREATE OR REPLACE TEMP MACRO posted_memberships(which_bucket) AS TABLE
WITH
by_area AS (
    SELECT c.*, unnest(c.area_ids) AS area_id FROM posted_coded_lists AS c WHERE c.bucket = which_bucket
),
spans AS (
    SELECT a.*, unnest(a.period_ids) AS period FROM by_area AS a
),
based AS (
    SELECT
        s.pay, s.pay_year, s.source_file_id, s.e, s.m, s.b, s.period.broken_down AS broken_down,
        ((s.occupation * z.n_area + s.area_id) * z.n_period + s.period.id) * z.n_experience AS base,
        z.n_employer_type, z.n_basis
    FROM spans AS s
    CROSS JOIN posted_sizes AS z
)
SELECT
    r.pay, r.pay_year, r.source_file_id,
    unnest(CASE WHEN r.broken_down THEN [
        ((r.base + r.e) * r.n_employer_type + r.m) * r.n_basis + r.b,
        ((r.base + r.e) * r.n_employer_type + r.m) * r.n_basis,
        ((r.base + r.e) * r.n_employer_type) * r.n_basis + r.b,
        ((r.base + r.e) * r.n_employer_type) * r.n_basis,
        (r.base * r.n_employer_type + r.m) * r.n_basis + r.b,
        (r.base * r.n_employer_type + r.m) * r.n_basis,
        (r.base * r.n_employer_type) * r.n_basis + r.b,
        (r.base * r.n_employer_type) * r.n_basis]
    ELSE [r.base * r.n_employer_type * r.n_basis] END) AS cell
FROM based AS r;

-- A bucket's cells, in cell order. Counts, years and the first and last
-- file are plain aggregates over every cell; the files are listed only for
-- the cells whose first and last differ (a second aggregation of every
-- cell by file, for its exact file list, cost 9% of the buckets at a
-- million postings from one file).
-- The sorted pay list, the one holistic state, is built only for cells at
-- or above the minimum size, from a second pass over the memberships
-- (which are recomputed: keeping them would hold every membership of the
-- bucket).
CREATE OR REPLACE TEMP MACRO posted_cells_of(which_bucket) AS TABLE
WITH
counts AS (
    SELECT cell, count(*) AS n, min(pay_year) AS year_min, max(pay_year) AS year_max,
           min(source_file_id) AS first_file, max(source_file_id) AS last_file
    FROM posted_memberships(which_bucket)
    GROUP BY cell
),
-- the files of the cells whose postings come from more than one
file_lists AS (
    SELECT cell, list(source_file_id ORDER BY source_file_id) AS source_file_ids
    FROM (
        SELECT DISTINCT m.cell, m.source_file_id
        FROM posted_memberships(which_bucket) AS m
        SEMI JOIN (SELECT cell FROM counts WHERE first_file < last_file) AS k USING (cell)
    )
    GROUP BY cell
),
-- The year median is taken only where the cell's years differ; where they
-- do not (every year, quarter and month cell, many others) it is that year.
-- (One bucket of ten million postings, replayed alone: 19–21 s → 18 s.)
sorted_pay AS (
    SELECT m.cell, list_sort(list(m.pay)) AS xs,
           CAST(quantile_disc(m.pay_year, 0.5) FILTER (WHERE k.years_differ) AS INTEGER) AS year_median
    FROM posted_memberships(which_bucket) AS m
    JOIN (SELECT c.cell, c.year_min < c.year_max AS years_differ
          FROM counts AS c JOIN run_settings AS st ON c.n >= st.min_cell_size) AS k USING (cell)
    GROUP BY m.cell
)
SELECT
    c.cell, c.n, c.year_min, c.year_max,
    -- summed in sorted order, so the mean is the same to the cent every
    -- run (a parallel avg() adds in any order)
    list_avg(v.xs) AS mean,
    sorted_quantile(v.xs, 0.1) AS p10, sorted_quantile(v.xs, 0.25) AS p25, sorted_quantile(v.xs, 0.5) AS p50,
    sorted_quantile(v.xs, 0.75) AS p75, sorted_quantile(v.xs, 0.9) AS p90,
    median_ci_low(v.xs) AS ci_low, median_ci_high(v.xs) AS ci_high,
    CASE WHEN v.cell IS NULL THEN NULL WHEN c.year_min = c.year_max THEN c.year_min ELSE v.year_median END AS year_median,
    CASE WHEN c.first_file = c.last_file THEN [c.first_file] ELSE l.source_file_ids END AS source_file_ids
FROM counts AS c
LEFT JOIN sorted_pay AS v USING (cell)
LEFT JOIN file_lists AS l USING (cell)
ORDER BY c.cell;
`
