package main

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
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
