//go:build duckdb_arrow

package store

import (
	"context"
	"slices"
	"testing"
)

// describedPostingsSQL makes premium_described and run_settings as
// marts/070_fct_pay_premiums.sql would, for 5,000 generated postings of
// seven occupations (and premium_buckets, three runs of them, which the
// oracle below computes one at a time, as the SQL did): ties in pay,
// postings in no state, a state of one posting per occupation (a side
// empty), NULL and empty certification lists, an empty certification name,
// postings with no degree.
const describedPostingsSQL = `
CREATE OR REPLACE TABLE run_settings AS SELECT 5 AS min_cell_size;
CREATE OR REPLACE TEMP TABLE premium_described AS
SELECT
    '29-20' || (11 + i % 7) AS occupation_code,
    CASE WHEN i % 9 = 0 THEN NULL WHEN i % 1000 = 1 THEN 'AK' ELSE ['CA', 'TX', 'NY', 'WA'][1 + i % 4] END AS state,
    CAST(30000 + (i * 7919) % 90000 // 50 * 50 AS DOUBLE) + 0.25 * (i % 3) AS annual_mid_usd,
    CASE WHEN i % 17 = 0 THEN NULL
         WHEN i % 5 = 0 THEN []
         WHEN i % 53 = 0 THEN ['']
         ELSE list_distinct(['ASCP', 'RN', 'MLS', 'CPR'][1:1 + i % 3] || ['AMT'][1:(i // 7) % 2]) END AS certifications,
    CASE WHEN i % 4 = 0 THEN NULL ELSE ['associate', 'bachelor', 'master'][1 + (i // 3) % 3] END AS min_education
FROM range(5000) AS r(i);
CREATE OR REPLACE TEMP TABLE premium_buckets AS
SELECT DISTINCT occupation_code, (CAST(right(occupation_code, 2) AS INTEGER) - 11) // 3 AS bucket FROM premium_described;
CREATE OR REPLACE TEMP TABLE premium_sides (
    occupation_code VARCHAR, area_code VARCHAR, requirement_type VARCHAR, requirement VARCHAR,
    n_with BIGINT, n_without BIGINT, median_with DOUBLE, median_without DOUBLE,
    ci_low_with DOUBLE, ci_high_with DOUBLE, ci_low_without DOUBLE, ci_high_without DOUBLE
);
`

// premiumsOracle is the SQL the Go step replaced (build 4668155's
// premium_rows, up to its sorted lists), giving the sides as the step
// does.
const premiumsOracle = `
CREATE OR REPLACE TEMP MACRO oracle_sides(which_bucket) AS TABLE
WITH
described AS (
    SELECT p.* FROM premium_described AS p JOIN premium_buckets AS b USING (occupation_code)
    WHERE b.bucket = which_bucket
),
regions AS (
    SELECT *, 'US' AS area_code FROM described
    UNION ALL
    SELECT *, state FROM described WHERE state IS NOT NULL
),
requirements AS (
    SELECT DISTINCT occupation_code, area_code, 'certification' AS requirement_type, unnest(certifications) AS requirement
    FROM regions
    UNION
    SELECT DISTINCT occupation_code, area_code, 'education', min_education
    FROM regions WHERE min_education IS NOT NULL
),
sides AS (
    SELECT
        q.occupation_code, q.area_code, q.requirement_type, q.requirement,
        CASE WHEN q.requirement_type = 'certification' THEN list_contains(r.certifications, q.requirement)
             ELSE r.min_education IS NOT DISTINCT FROM q.requirement END AS has_requirement,
        r.annual_mid_usd
    FROM requirements AS q
    JOIN regions AS r USING (occupation_code, area_code)
),
lists AS (
    SELECT
        occupation_code, area_code, requirement_type, requirement,
        count(*) FILTER (WHERE has_requirement) AS n_with,
        count(*) FILTER (WHERE NOT has_requirement) AS n_without,
        list_sort(list(annual_mid_usd) FILTER (WHERE has_requirement)) AS xs_with,
        list_sort(list(annual_mid_usd) FILTER (WHERE NOT has_requirement)) AS xs_without
    FROM sides
    GROUP BY ALL
)
SELECT occupation_code, area_code, requirement_type, requirement, n_with, n_without,
       sorted_quantile(xs_with, 0.5) AS median_with, sorted_quantile(xs_without, 0.5) AS median_without,
       median_ci_low(xs_with) AS ci_low_with, median_ci_high(xs_with) AS ci_high_with,
       median_ci_low(xs_without) AS ci_low_without, median_ci_high(xs_without) AS ci_high_without
FROM lists;
CREATE OR REPLACE TEMP TABLE oracle AS SELECT * FROM oracle_sides(0) LIMIT 0;
-- wagescope:for bucket IN (SELECT DISTINCT bucket FROM premium_buckets ORDER BY bucket)
INSERT INTO oracle SELECT * FROM oracle_sides({bucket});
-- wagescope:end
`

// The Go step gives the same sides, to the bit, as the SQL that computed
// them before it, read whole or in ranges of occupations.
func TestPayPremiumsStepMatchesTheSQL(t *testing.T) {
	tests := []struct {
		name string
		// readRows redefines premium_read_rows() when not empty
		readRows string
		want     []occupationRange
	}{
		{"one read under memory_limit's cap", "", []occupationRange{{}}},
		{"two occupations a read", "2000", []occupationRange{
			{"29-2011", "29-2012"}, {"29-2013", "29-2014"}, {"29-2015", "29-2016"}, {"29-2017", "29-2017"}}},
		{"each occupation over the cap, alone", "1", []occupationRange{
			{"29-2011", "29-2011"}, {"29-2012", "29-2012"}, {"29-2013", "29-2013"}, {"29-2014", "29-2014"},
			{"29-2015", "29-2015"}, {"29-2016", "29-2016"}, {"29-2017", "29-2017"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkPayPremiumsStep(t, tt.readRows, tt.want)
		})
	}
}

func checkPayPremiumsStep(t *testing.T, readRows string, wantReads []occupationRange) {
	ctx := context.Background()
	db := openTestDB(t, Options{})
	if err := db.RunFiles(ctx, []string{"marts/000_macros.sql"}); err != nil {
		t.Fatal(err)
	}
	if readRows != "" {
		if err := db.Exec(ctx, "CREATE OR REPLACE MACRO premium_read_rows() AS "+readRows); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.runScript(ctx, "setup.sql", describedPostingsSQL); err != nil {
		t.Fatal(err)
	}
	reads, err := db.premiumReads(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(reads, wantReads) {
		t.Errorf("reads %v, want %v", reads, wantReads)
	}
	if err := db.runScript(ctx, "step.sql", "-- wagescope:go pay_premiums\n"); err != nil {
		t.Fatal(err)
	}
	if err := db.runScript(ctx, "oracle.sql", premiumsOracle); err != nil {
		t.Fatal(err)
	}
	var rows, states, emptyName, oneSided, differ int64
	err = db.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM premium_sides),
		(SELECT count(DISTINCT area_code) FROM premium_sides),
		(SELECT count(*) FROM premium_sides WHERE requirement = ''),
		(SELECT count(*) FROM premium_sides WHERE n_without = 0 OR n_with = 0),
		(SELECT count(*) FROM (SELECT * FROM premium_sides EXCEPT ALL SELECT * FROM oracle))
		  + (SELECT count(*) FROM (SELECT * FROM oracle EXCEPT ALL SELECT * FROM premium_sides))`).
		Scan(&rows, &states, &emptyName, &oneSided, &differ)
	if err != nil {
		t.Fatal(err)
	}
	if differ != 0 {
		t.Errorf("%d rows differ from the SQL's", differ)
	}
	// the U.S. and five states; the empty certification name is a requirement
	if rows < 200 || states != 6 || emptyName == 0 || oneSided == 0 {
		t.Errorf("fixture too tame: %d rows, %d areas, %d for the empty name, %d with a side empty", rows, states, emptyName, oneSided)
	}
	t.Logf("%d rows, %d with a side empty", rows, oneSided)

	// One row's figures by hand: 29-2011 in the U.S., ASCP.
	var nWith, nWithout int64
	var medianWith, medianWithout float64
	if err := db.QueryRow(ctx, `SELECT n_with, n_without, median_with, median_without FROM premium_sides
		WHERE occupation_code = '29-2011' AND area_code = 'US' AND requirement_type = 'certification' AND requirement = 'ASCP'`).
		Scan(&nWith, &nWithout, &medianWith, &medianWithout); err != nil {
		t.Fatal(err)
	}
	// against DuckDB's own quantile_cont, which the macros mirror
	var wantWith, wantWithout int64
	var wantMedianWith, wantMedianWithout float64
	if err := db.QueryRow(ctx, `SELECT count(*) FILTER (WHERE list_contains(certifications, 'ASCP')),
		count(*) FILTER (WHERE NOT list_contains(certifications, 'ASCP')),
		quantile_cont(annual_mid_usd, 0.5) FILTER (WHERE list_contains(certifications, 'ASCP')),
		quantile_cont(annual_mid_usd, 0.5) FILTER (WHERE NOT list_contains(certifications, 'ASCP'))
		FROM premium_described WHERE occupation_code = '29-2011'`).
		Scan(&wantWith, &wantWithout, &wantMedianWith, &wantMedianWithout); err != nil {
		t.Fatal(err)
	}
	if nWith != wantWith || nWithout != wantWithout || nWith == 0 || nWithout == 0 {
		t.Errorf("29-2011 US ASCP: %d with, %d without, want %d and %d", nWith, nWithout, wantWith, wantWithout)
	}
	if medianWith != wantMedianWith || medianWithout != wantMedianWithout {
		t.Errorf("29-2011 US ASCP: medians %v and %v, want %v and %v", medianWith, medianWithout, wantMedianWith, wantMedianWithout)
	}
}

func TestPayPremiumsStepRejectsBadInput(t *testing.T) {
	tests := []struct {
		name, change, want string
	}{
		{"a NULL pay", "UPDATE premium_described SET annual_mid_usd = NULL WHERE occupation_code = '29-2012'", "NULL occupation or pay"},
		{"a NULL certification", "UPDATE premium_described SET certifications = ['RN', NULL] WHERE occupation_code = '29-2012'", "NULL certification"},
		{"a NULL pay, read in ranges", "CREATE OR REPLACE MACRO premium_read_rows() AS 2000;\n" +
			"UPDATE premium_described SET annual_mid_usd = NULL WHERE occupation_code = '29-2013'",
			"occupations 29-2013 to 29-2014: a described posting with a NULL occupation or pay"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// checkGoStepRejects runs no macros file: the step's cap is given here
			setup := "CREATE OR REPLACE MACRO premium_read_rows() AS 10000000;\n" + describedPostingsSQL + tt.change
			checkGoStepRejects(t, setup, "pay_premiums", tt.want)
		})
	}
}
