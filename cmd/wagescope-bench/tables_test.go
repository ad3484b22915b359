package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wagescope/wagescope/internal/dbtest"
	"github.com/wagescope/wagescope/pipeline/store"
)

// The kept-tables child copies each kept table of a wagescope database, all
// its rows and columns, into a fresh one, and names the table it could not
// copy.
func TestTablesChildCopiesTheKeptTables(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	from := filepath.Join(dir, "wagescope.duckdb")
	dbtest.Exec(t, from,
		`CREATE TABLE raw_postings__postings AS SELECT i AS row_number, 'title ' || i AS title FROM range(3) AS t(i)`,
		`CREATE TABLE stg_postings__postings_derived AS SELECT i AS source_row_number, 60000.0 + i AS annual_mid_usd FROM range(2) AS t(i)`,
		`CREATE TABLE fct_wage_stats_postings AS SELECT 'state:CA' AS area, 5 AS n FROM range(7)`,
		`CREATE TABLE fct_wage_stats_postings_suppressed AS SELECT 1 AS area_id, 2 AS n FROM range(4)`)

	var out strings.Builder
	copyDB := filepath.Join(dir, "tables.duckdb")
	if err := runTablesChild(ctx, []string{"--from", from, "--db", copyDB, "--threads", "1", "--memory-limit", "500MB", "--temp-limit", "1GB"}, &out); err != nil {
		t.Fatal(err)
	}
	var r tablesOutput
	if err := json.Unmarshal([]byte(out.String()), &r); err != nil {
		t.Fatalf("%v: %q", err, out.String())
	}
	want := []tableCopy{{Table: "raw_postings__postings", Rows: 3}, {Table: "stg_postings__postings_derived", Rows: 2}, {Table: "fct_wage_stats_postings", Rows: 7},
		{Table: "fct_wage_stats_postings_suppressed", Rows: 4}}
	if len(r.Tables) != len(want) {
		t.Fatalf("copies %+v, want %+v", r.Tables, want)
	}
	for i, w := range want {
		if g := r.Tables[i]; g.Table != w.Table || g.Rows != w.Rows || g.Seconds <= 0 {
			t.Errorf("copy %d: %+v, want %s with %d rows and a time", i, g, w.Table, w.Rows)
		}
	}
	check, err := store.Open(ctx, copyDB, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	var title string
	var pay float64
	if err := check.QueryRow(ctx, `SELECT (SELECT title FROM raw_postings__postings WHERE row_number = 2),
       (SELECT max(annual_mid_usd) FROM stg_postings__postings_derived)`).Scan(&title, &pay); err != nil {
		t.Fatal(err)
	}
	check.Close()
	if title != "title 2" || pay != 60001 {
		t.Errorf("copied values %q, %v; want title 2 and 60001", title, pay)
	}

	// a temp cap DuckDB refuses is set, not ignored
	err = runTablesChild(ctx, []string{"--from", from, "--db", copyDB, "--temp-limit", "bogus"}, &strings.Builder{})
	if err == nil || !strings.Contains(err.Error(), "max_temp_directory_size") {
		t.Errorf("error %v, want one naming max_temp_directory_size", err)
	}

	// an earlier build's database, without the suppressed cells' table:
	// the other three are copied
	dbtest.Exec(t, from, "DROP TABLE fct_wage_stats_postings_suppressed")
	out.Reset()
	if err := runTablesChild(ctx, []string{"--from", from, "--db", copyDB}, &out); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(out.String()), &r); err != nil || len(r.Tables) != 3 || r.Tables[2].Table != "fct_wage_stats_postings" {
		t.Errorf("copies %+v (%v), want the first three", r.Tables, err)
	}

	// a database without the cells: the error names the table
	dbtest.Exec(t, from, "DROP TABLE fct_wage_stats_postings")
	err = runTablesChild(ctx, []string{"--from", from, "--db", copyDB}, &strings.Builder{})
	if err == nil || !strings.Contains(err.Error(), "copy fct_wage_stats_postings") {
		t.Errorf("error %v, want one naming fct_wage_stats_postings", err)
	}
}
