package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

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

// A bad command line is a usage error (exit 2), reported before any work.
func TestRunRejectsBadArguments(t *testing.T) {
	for _, args := range [][]string{{"--rows", "-5"}, {"--rows", "0"}, {"--no-such-flag"}} {
		dir := filepath.Join(t.TempDir(), "bench")
		err := run(context.Background(), append(args, "--dir", dir), io.Discard)
		if !errors.Is(err, errUsage) {
			t.Errorf("%v: error %v, want a usage error", args, err)
		}
		if _, statErr := os.Stat(dir); statErr == nil {
			t.Errorf("%v: created %s before rejecting the arguments", args, dir)
		}
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
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := childError(tt.err); got != tt.want {
				t.Errorf("childError = %q, want %q", got, tt.want)
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
