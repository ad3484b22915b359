package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/wagescope/wagescope/pipeline/store"
)

// The same-cells reference (c): bare DuckDB computing the cells wagescope's
// fct_wage_stats holds for postings (issue 4's cube: occupation × area ×
// period, and for all periods and each year every combination of
// experience, employer type and pay basis with 'ALL'), with the same five
// percentiles, from columns that are already clean. The floor (b) groups
// about one posting per group; the cube has about fifteen cells per
// posting, so (c) says how much of a/b is the work the cube itself asks for
// rather than wagescope's overhead.
const (
	// cellsExportCommand is the hidden first argument of the child that
	// writes the clean columns out of a wagescope database (not timed).
	cellsExportCommand = "__cells_export"
	// cellsCommand is the hidden first argument of the timed child.
	cellsCommand = "__cells"
)

// cellsExport writes, from a wagescope database's derived staged table
// (the columns the marts count, without the view's joins), one row per
// counted posting (first of its duplicate group, U.S. or a territory, annual USD pay,
// an OEWS occupation) with its areas and periods as lists: the population and
// the dimensions 020_fct_wage_stats.sql's posted_rows step counts.
const cellsExport = `COPY (
SELECT
    d.oews_code AS occupation,
    list_filter([CASE WHEN p.country = 'US' THEN 'national:US' END, 'state:' || p.state, 'metro:' || p.cbsa_code,
                 CASE WHEN p.is_remote AND p.country = 'US' THEN 'remote:REMOTE' END], x -> x IS NOT NULL) AS areas,
    list_filter(['all:ALL', 'year:' || p.pay_year], x -> x IS NOT NULL) AS broken_down_periods,
    list_filter(['quarter:' || strftime(p.posted_date, '%Y') || '-Q' || quarter(p.posted_date),
                 'month:' || strftime(p.posted_date, '%Y-%m')], x -> x IS NOT NULL) AS other_periods,
    coalesce(p.experience_level, 'unknown') AS experience,
    p.employer_type,
    CASE WHEN p.is_pay_estimate THEN 'estimate' ELSE 'employer' END AS basis,
    p.annual_mid_usd AS pay
FROM stg_postings__postings_derived AS p
JOIN dim_occupation AS d ON d.occupation_code = p.soc_code
WHERE p.annual_mid_usd IS NOT NULL AND d.oews_code IS NOT NULL
  AND (p.country = 'US' OR p.state IN (SELECT state_postal FROM ref_states WHERE area_type = 'territory'))
QUALIFY row_number() OVER (PARTITION BY p.duplicate_group ORDER BY p.source_file_id, p.source_row_number) = 1
) TO ? (FORMAT parquet)`

// cellsLoad and cellsGroup are (c): the clean rows into a table, then the
// cube as the plain SQL a DuckDB user would write, one GROUPING SETS
// aggregate for all periods and years and one GROUP BY for quarters and
// months.
const (
	cellsLoad  = `CREATE TABLE clean AS SELECT * FROM read_parquet(?)`
	cellsGroup = `CREATE TABLE cells AS
WITH by_area AS (
    SELECT c.*, unnest(c.areas) AS area FROM clean AS c
)
SELECT occupation, area, period, experience, employer_type, basis,
       count(*) AS n, avg(pay) AS mean, quantile_cont(pay, [0.10, 0.25, 0.50, 0.75, 0.90]) AS percentiles
FROM (SELECT a.*, unnest(a.broken_down_periods) AS period FROM by_area AS a)
GROUP BY GROUPING SETS (
    (occupation, area, period, experience, employer_type, basis),
    (occupation, area, period, experience, employer_type),
    (occupation, area, period, experience, basis),
    (occupation, area, period, experience),
    (occupation, area, period, employer_type, basis),
    (occupation, area, period, employer_type),
    (occupation, area, period, basis),
    (occupation, area, period))
UNION ALL
SELECT occupation, area, period, NULL, NULL, NULL,
       count(*), avg(pay), quantile_cont(pay, [0.10, 0.25, 0.50, 0.75, 0.90])
FROM (SELECT a.*, unnest(a.other_periods) AS period FROM by_area AS a)
GROUP BY occupation, area, period`
)

// sameCells is (c) in the report. Its measurement's Error is why the timed
// query did not finish (DuckDB out of memory or temp space): a result, the
// reference not fitting, where NotRun is a failure of the bench.
type sameCells struct {
	measurement
	Cells int64 `json:"cells,omitempty"`
	// WagescopeCells is fct_wage_stats' posted cells in (a)'s database.
	WagescopeCells int64 `json:"wagescope_cells,omitempty"`
	// MartsRatio is (a)'s marts stage over (c).
	MartsRatio float64 `json:"marts_ratio,omitempty"`
	// SameWorkRatio is (a) over bare DuckDB doing the same work: (b)'s
	// read_csv of the raw file and (c)'s GROUP BY of the cells.
	SameWorkRatio float64 `json:"same_work_ratio,omitempty"`
	// NotRun is why (c) was not timed: (a) failed, counting its cells or
	// exporting its clean rows did, or (c)'s output could not be read.
	NotRun string `json:"not_run,omitempty"`
}

// runCellsExportChild writes the clean rows of --from into --parquet, under
// the bench's limits: untimed, but its window over every posting spills
// like (c), and without them DuckDB would take 80% of RAM.
func runCellsExportChild(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet(cellsExportCommand, flag.ContinueOnError)
	from := fs.String("from", "", "wagescope database (read only)")
	parquet := fs.String("parquet", "", "Parquet file to write")
	lim := limitFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *from == "" || *parquet == "" {
		return fmt.Errorf("%s needs --from and --parquet", cellsExportCommand)
	}
	db, err := lim.open(ctx, *from, true, "")
	if err != nil {
		return fmt.Errorf("export clean rows: %w", err)
	}
	defer db.Close()
	if err := db.Exec(ctx, strings.Replace(cellsExport, "?", store.QuoteLiteral(*parquet), 1)); err != nil {
		return fmt.Errorf("export clean rows: %w", err)
	}
	return nil
}

// runCellsChild times (c) on a fresh database.
func runCellsChild(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet(cellsCommand, flag.ContinueOnError)
	parquet := fs.String("parquet", "", "clean rows (from "+cellsExportCommand+")")
	db := childDatabaseFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *parquet == "" || *db.path == "" {
		return fmt.Errorf("%s needs --parquet and --db", cellsCommand)
	}
	w := timedStatements{
		name:  "same cells",
		load:  strings.Replace(cellsLoad, "?", store.QuoteLiteral(*parquet), 1),
		group: cellsGroup, rowsTable: "clean", groupsTable: "cells",
	}
	return db.run(ctx, w, out)
}
