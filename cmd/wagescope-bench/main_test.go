package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/wagescope/wagescope/internal/dbtest"
	"github.com/wagescope/wagescope/pipeline/store"
)

func TestParseFlags(t *testing.T) {
	tests := []struct {
		args    []string
		sizes   []int
		wantErr string
	}{
		{nil, []int{100000, 1000000, 10000000}, ""},
		{[]string{"--rows", "1_000_000,100000"}, []int{100000, 1000000}, ""},
		{[]string{"--rows", "10,x"}, nil, `"x" is not a positive count`},
		{[]string{"--rows", "0"}, nil, `"0" is not a positive count`},
	}
	for _, tc := range tests {
		o, err := parseFlags(tc.args, io.Discard)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%v: error %v, want %q", tc.args, err, tc.wantErr)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(o.sizes, tc.sizes) {
			t.Errorf("%v: sizes %v (err %v), want %v", tc.args, o.sizes, err, tc.sizes)
		}
	}
}

// A bad command line is a usage error (exit 2), reported before any work:
// limits DuckDB would refuse too, which it would say only when a child
// opens its database, after the postings were generated (a bad temp limit
// made (c) fail, reported as a result, with exit 0).
func TestRunRejectsBadArguments(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--rows", "-5"}, `"-5" is not a positive count`},
		{[]string{"--rows", "0"}, `"0" is not a positive count`},
		{[]string{"--no-such-flag"}, "not defined"},
		{[]string{"--temp-limit", "bogus"}, "--temp-limit: SET max_temp_directory_size = 'bogus': Parser Error"},
		{[]string{"--temp-limit", "100"}, "--temp-limit: "},
		{[]string{"--threads", "-1"}, "--threads: must be 0 (all cores) or more, got -1"},
		{[]string{"--memory-limit", "80%"}, `--memory-limit: "80%" is not a size`},
		{[]string{"--storage-version", "v9.9.9"}, `--storage-version: "v9.9.9"`},
	}
	for _, tt := range tests {
		dir := filepath.Join(t.TempDir(), "bench")
		err := run(context.Background(), append(tt.args, "--dir", dir), io.Discard)
		if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: error %v, want a usage error with %q", tt.args, err, tt.want)
		}
		if _, statErr := os.Stat(dir); statErr == nil {
			t.Errorf("%v: created %s before rejecting the arguments", tt.args, dir)
		}
	}
}

// The limits the bench runs under by default, and ones DuckDB reads, pass.
func TestCheckOptionsAccepts(t *testing.T) {
	def, err := parseFlags(nil, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		edit func(*options)
	}{
		{"the defaults", func(*options) {}},
		{"DuckDB's own memory_limit, no temp cap", func(o *options) { o.memoryLimit, o.tempLimit = "", "" }},
		{"binary units", func(o *options) { o.threads, o.memoryLimit, o.tempLimit = 2, "3GiB", "500MiB" }},
		{"latest storage", func(o *options) { o.storage = "latest" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := def
			tt.edit(&o)
			if err := checkOptions(context.Background(), o); err != nil {
				t.Error(err)
			}
		})
	}
}

// The config a size runs with names the shared title lists and, for the
// timed run, the synthetic postings through their preset.
func TestWriteConfig(t *testing.T) {
	dir := t.TempDir()
	o := options{shared: "/data", threads: 2, memoryLimit: "4GB"}
	path, err := writeConfig(o, dir, "postings.yaml", "/gen/synthetic_postings_100.csv")
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`database: "` + filepath.Join(dir, "wagescope.duckdb") + `"`, "threads: 2", `memory_limit: "4GB"`,
		`path: "/data/bls/crosswalks/onet/Alternate Titles.xlsx"`, "preset: synthetic", `path: "/gen/synthetic_postings_100.csv"`,
	} {
		if !strings.Contains(string(b), want) {
			t.Errorf("config lacks %q:\n%s", want, b)
		}
	}
}

func TestOverallPeak(t *testing.T) {
	tests := []struct {
		name   string
		ru     float64
		stages map[string]float64
		want   float64
	}{
		{"a stage's peak above the last stretch's", 1103, map[string]float64{"ingest": 614, "marts": 2525, "staging": 1393}, 2525},
		{"the last stretch highest", 900, map[string]float64{"ingest": 222, "marts": 800}, 900},
		{"no stage peaks (not Linux)", 700, nil, 700},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := overallPeak(tt.ru, tt.stages); got != tt.want {
				t.Errorf("overallPeak = %v, want %v", got, tt.want)
			}
		})
	}
}

// A failed (c) is reported by the first line its child wrote, not by the
// command line and DuckDB's advice that follow it.
func TestChildError(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"duckdb out of temp space",
			errors.New("wagescope-bench __cells --parquet /b/clean.parquet: exit status 1\nwagescope-bench: same cells after 58.2 s: Out of Memory Error: failed to offload data block of size 96.0 KiB (13.0 GiB/13.0 GiB used).\nThis limit was set by the 'max_temp_directory_size' setting."),
			"same cells after 58.2 s: Out of Memory Error: failed to offload data block of size 96.0 KiB (13.0 GiB/13.0 GiB used)."},
		{"killed without a message", errors.New("wagescope-bench __cells: signal: killed\n"), "wagescope-bench __cells: signal: killed"},
		{"wagescope's error, the context kept",
			fmt.Errorf("base database: %w", &commandError{name: "/b/wagescope", args: []string{"--config", "/b/base.yaml", "run"},
				err: errors.New("exit status 2"), stderr: "wagescope: configuration: memory_limit: bad\n"}),
			"base database: configuration: memory_limit: bad"},
		{"a child killed, saying nothing",
			&commandError{name: "/b/wagescope-bench", args: []string{"__cells_export", "--from", "/b/w.duckdb"}, err: errors.New("signal: killed")},
			"wagescope-bench __cells_export: signal: killed"},
		{"DuckDB's advice after the child's error",
			&commandError{name: "/b/wagescope-bench", args: []string{"__floor"}, err: errors.New("exit status 1"),
				stderr: "wagescope-bench: floor load: Out of Memory Error: could not allocate\n\nPossible solutions:\n* Reducing the number of threads\n"},
			"floor load: Out of Memory Error: could not allocate"},
		{"not a child", errors.New("read 72 postings, not 1,000: no rate"), "read 72 postings, not 1,000: no rate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := childError(tt.err); got != tt.want {
				t.Errorf("childError = %q, want %q", got, tt.want)
			}
		})
	}
}

// A failed side keeps its peaks and the time it ran, but no seconds, rate
// or stage times: it measured nothing.
func TestMeasurementFailed(t *testing.T) {
	tests := []struct {
		name string
		m    measurement
		want measurement
	}{
		{"read the wrong rows",
			measurement{Seconds: 2, RowsPerS: 500, PeakRSSMB: 200, Stages: map[string]float64{"marts": 1}, StagePeakRSS: map[string]float64{"marts": 200}, RowsRead: 72},
			measurement{PeakRSSMB: 200, StagePeakRSS: map[string]float64{"marts": 200}, RowsRead: 72, Error: "boom", FailedRunSeconds: 2}},
		{"never started", measurement{}, measurement{Error: "boom"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.m.failed(errors.New("boom"))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("failed = %+v, want %+v", got, tt.want)
			}
			if got.ok() {
				t.Error("a failed measurement is ok")
			}
		})
	}
}

// (c) counts two postings into the cells fct_wage_stats would hold for
// them: per area (2) and all-periods or year (2), the eight combinations of
// experience, employer type and basis (the four that keep experience split
// the two postings): 2 × 2 × 12 = 48; per area and quarter or month: 4.
func TestCellsChildCountsTheCube(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	parquet := filepath.Join(dir, "clean.parquet")
	db, err := store.Open(ctx, filepath.Join(dir, "make.duckdb"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Exec(ctx, `COPY (
SELECT '29-2010' AS occupation, ['national:US', 'state:CA'] AS areas, ['all:ALL', 'year:2024'] AS broken_down_periods,
       ['quarter:2024-Q1', 'month:2024-01'] AS other_periods, e AS experience, 'hospital' AS employer_type,
       'employer' AS basis, pay
FROM (VALUES ('mid', 60000.0), ('senior', 70000.0)) AS t(e, pay)
) TO `+store.QuoteLiteral(parquet)+` (FORMAT parquet)`)
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	cellsDB := filepath.Join(dir, "cells.duckdb")
	if err := runCellsChild(ctx, []string{"--parquet", parquet, "--db", cellsDB, "--temp-limit", "1GB"}, &out); err != nil {
		t.Fatal(err)
	}
	var r childResult
	if err := json.Unmarshal([]byte(out.String()), &r); err != nil {
		t.Fatalf("%v: %q", err, out.String())
	}
	if r.Rows != 2 || r.Groups != 52 {
		t.Errorf("rows %d cells %d, want 2 and 52", r.Rows, r.Groups)
	}
	db, err = store.Open(ctx, cellsDB, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int64
	var median float64
	if err := db.QueryRow(ctx, `SELECT n, percentiles[3] FROM cells
WHERE area = 'state:CA' AND period = 'year:2024' AND experience IS NULL AND employer_type IS NULL AND basis IS NULL`).Scan(&n, &median); err != nil {
		t.Fatal(err)
	}
	if n != 2 || median != 65000 {
		t.Errorf("CA 2024 cell: n %d median %v, want 2 and 65000", n, median)
	}
}

// The export child reads a wagescope database under the limits it is given
// (a bad one fails it: it is set, not ignored) and writes the counted
// postings.
func TestCellsExportChild(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	from := filepath.Join(dir, "wagescope.duckdb")
	dbtest.Exec(t, from,
		`CREATE TABLE dim_occupation AS SELECT '29-2011' AS occupation_code, '29-2010' AS oews_code`,
		`CREATE TABLE ref_states AS SELECT 'PR' AS state_postal, 'territory' AS area_type`,
		`CREATE TABLE stg_postings__postings_derived AS
SELECT * FROM (VALUES
    ('29-2011', 'US', 'CA', '31080', false, 2024, DATE '2024-02-03', 'mid', 'hospital', false, 60000.0, 1, 1, 1),
    ('29-2011', 'US', 'CA', '31080', false, 2024, DATE '2024-02-03', 'mid', 'hospital', false, 60000.0, 1, 1, 2),
    ('29-2011', 'DE', NULL, NULL, false, 2024, DATE '2024-02-03', 'mid', 'hospital', false, 60000.0, 2, 1, 3))
AS t(soc_code, country, state, cbsa_code, is_remote, pay_year, posted_date, experience_level, employer_type,
     is_pay_estimate, annual_mid_usd, duplicate_group, source_file_id, source_row_number)`)
	tests := []struct {
		name    string
		limits  []string
		wantErr string
	}{
		{"the bench's limits", []string{"--threads", "1", "--memory-limit", "500MB", "--temp-limit", "1GB"}, ""},
		{"no limits", nil, ""},
		{"a temp limit DuckDB refuses", []string{"--temp-limit", "bogus"}, "max_temp_directory_size"},
		{"a memory limit DuckDB refuses", []string{"--memory-limit", "lots"}, "memory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parquet := filepath.Join(t.TempDir(), "clean.parquet")
			err := runCellsExportChild(ctx, append([]string{"--from", from, "--parquet", parquet}, tt.limits...))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("error %v, want one with %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			check, err := store.Open(ctx, "", store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer check.Close()
			var n int64
			if err := check.QueryRow(ctx, "SELECT count(*) FROM read_parquet("+store.QuoteLiteral(parquet)+")").Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != 1 { // one of the duplicate pair; not the German posting
				t.Errorf("%d clean rows, want 1", n)
			}
		})
	}
}
