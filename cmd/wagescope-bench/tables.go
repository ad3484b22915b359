package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/wagescope/wagescope/pipeline/store"
)

// The kept-tables reference (d): bare DuckDB writing the tables (a) keeps
// whose rows grow with the postings, copied as they are from (a)'s database
// into a fresh one. DESIGN.md's layers ask for them: the postings as read
// (raw), one typed row per posting with its raw and normalized values
// (staged), and the posted cells of fct_wage_stats (valued and suppressed). (b) writes one table
// too, the CSV as read_csv gives it, much as the raw one; the staged table
// and the cells are writes (a) has and (b) has not. d/b says how much of the
// a/b budget those writes take by themselves (the copy also reads each
// table back).
const tablesCommand = "__tables"

// keptTable is a table (d) copies; an optional one is skipped where (a)'s
// database has none (built before the suppressed posted cells had a table
// of their own, so another build can still be measured).
type keptTable struct {
	name     string
	optional bool
}

// keptTables are the tables (d) copies, in the order (a) writes them.
func keptTables() []keptTable {
	return []keptTable{{name: "raw_postings__postings"}, {name: "stg_postings__postings_derived"},
		{name: "fct_wage_stats_postings"}, {name: "fct_wage_stats_postings_suppressed", optional: true}}
}

// tableCopy is one table (d) copied.
type tableCopy struct {
	Table   string  `json:"table"`
	Rows    int64   `json:"rows"`
	Seconds float64 `json:"seconds"`
}

// tablesOutput is what the kept-tables child prints.
type tablesOutput struct {
	Tables []tableCopy `json:"tables"`
}

// keptTablesResult is (d) in the report.
type keptTablesResult struct {
	measurement
	Tables []tableCopy `json:"tables,omitempty"`
	// CopySeconds is the copies' time, without opening the databases.
	CopySeconds float64 `json:"copy_seconds,omitempty"`
	// FloorRatio is CopySeconds over (b).
	FloorRatio float64 `json:"floor_ratio,omitempty"`
	// NotRun is why (d) did not run: (a) failed.
	NotRun string `json:"not_run,omitempty"`
}

// runTablesChild copies the kept tables of --from (read only) into a fresh
// --db, timing each CREATE TABLE … AS, and prints them as JSON.
func runTablesChild(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet(tablesCommand, flag.ContinueOnError)
	from := fs.String("from", "", "wagescope database (read only)")
	c := childDatabaseFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *from == "" || *c.path == "" {
		return fmt.Errorf("%s needs --from and --db", tablesCommand)
	}
	db, err := c.create(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Exec(ctx, "ATTACH "+store.QuoteLiteral(*from)+" AS wagescope (READ_ONLY)"); err != nil {
		return fmt.Errorf("attach %s: %w", filepath.Base(*from), err)
	}
	var copies []tableCopy
	for _, kept := range keptTables() {
		t := kept.name
		if kept.optional {
			var n int
			if err := db.QueryRow(ctx, "SELECT count(*) FROM duckdb_tables() WHERE database_name = 'wagescope' AND table_name = ?", t).Scan(&n); err != nil {
				return fmt.Errorf("look for %s: %w", t, err)
			}
			if n == 0 {
				continue
			}
		}
		start := time.Now()
		if err := db.Exec(ctx, fmt.Sprintf("CREATE TABLE %s AS SELECT * FROM wagescope.main.%s", t, t)); err != nil {
			return fmt.Errorf("copy %s after %.1f s: %w", t, time.Since(start).Seconds(), err)
		}
		tc := tableCopy{Table: t, Seconds: time.Since(start).Seconds()}
		if err := db.QueryRow(ctx, "SELECT count(*) FROM "+t).Scan(&tc.Rows); err != nil {
			return fmt.Errorf("count %s: %w", t, err)
		}
		copies = append(copies, tc)
	}
	return json.NewEncoder(out).Encode(tablesOutput{copies})
}

// keptTables runs (d) on (a)'s database; floor is (b), over which d/b is
// taken when it was measured.
func (s sizeRun) keptTables(ctx context.Context, floor measurement) keptTablesResult {
	tablesDB := filepath.Join(s.dir, "tables.duckdb")
	defer removeDatabase(tablesDB)
	var stdout strings.Builder
	secs, rss, err := timeCommandOutput(ctx, &stdout, s.o.self, append([]string{tablesCommand, "--from", s.db(), "--db", tablesDB,
		"--storage-version", s.o.storage}, limitArgs(s.o)...)...)
	d := keptTablesResult{measurement: measurement{Seconds: secs, RowsPerS: float64(s.n) / secs, PeakRSSMB: rss}}
	if err != nil {
		d.measurement = d.failed(err)
		return d
	}
	var r tablesOutput
	if err := json.Unmarshal([]byte(stdout.String()), &r); err != nil {
		d.measurement = d.failed(fmt.Errorf("kept tables output %q: %w", stdout.String(), err))
		return d
	}
	if len(r.Tables) == 0 {
		d.measurement = d.failed(fmt.Errorf("kept tables output %q: no table copied", stdout.String()))
		return d
	}
	d.Tables = r.Tables
	for _, t := range r.Tables {
		d.CopySeconds += t.Seconds
	}
	if floor.ok() {
		d.FloorRatio = d.CopySeconds / floor.Seconds
	}
	return d
}

// printKeptTables prints (d): each table's copy, and their sum over (b).
func printKeptTables(out io.Writer, d *keptTablesResult) {
	if d.NotRun != "" {
		fmt.Fprintf(out, "%12s  %-14s %9s %12s %10s  kept tables NOT RUN: %s\n", "", "(d) DuckDB", "—", "—", "", d.NotRun)
		return
	}
	var parts []string
	for _, t := range d.Tables {
		parts = append(parts, fmt.Sprintf("%s %.2f s (%s rows)", t.Table, t.Seconds, thousands(int(t.Rows))))
	}
	printSide(out, "", "(d) DuckDB", d.measurement, "copying the tables (a) keeps: "+strings.Join(parts, ", "))
	if d.FloorRatio > 0 {
		fmt.Fprintf(out, "%12s  %-14s %9.2f   (the copies' %.2f s over (b): what writing those tables costs bare DuckDB)\n", "",
			"ratio d/b", d.FloorRatio, d.CopySeconds)
	}
}
