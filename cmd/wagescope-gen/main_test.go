package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// titles are the real O*NET lists in ../shared beside the repository.
const titles = "../../../shared/data/bls/crosswalks/onet/Alternate Titles.xlsx,../../../shared/data/bls/crosswalks/onet/Sample of Reported Titles.xlsx"

func TestRun(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name       string
		args       []string
		code       int
		stdout     string // substring
		stderr     string // substring
		wantFiles  []string
		unwantFile string
	}{
		{name: "zero rows", args: []string{"--rows", "0", "--out", dir}, code: exitUsage, stderr: "--rows must be at least 1"},
		{name: "unknown format", args: []string{"--format", "csv,xml", "--out", dir}, code: exitUsage, stderr: `unknown format "xml"`},
		{name: "stray argument", args: []string{"--out", dir, "extra"}, code: exitUsage, stderr: "unexpected arguments"},
		{name: "bad flag", args: []string{"--rows", "many"}, code: exitUsage, stderr: "invalid value"},
		{name: "missing title file", args: []string{"--rows", "10", "--titles", "no-such.xlsx", "--out", dir}, code: exitFail, stderr: "no-such.xlsx"},
		{name: "csv only", args: []string{"--rows", "2000", "--seed", "5", "--format", "csv", "--titles", titles, "--out", filepath.Join(dir, "a")},
			code: exitOK, stdout: "synthetic_postings_2000.csv\t2000 rows",
			wantFiles: []string{"a/synthetic_postings_2000.csv", "a/MANIFEST.json"}, unwantFile: "a/synthetic_postings_2000.parquet"},
		{name: "both", args: []string{"--rows", "2000", "--titles", titles, "--out", filepath.Join(dir, "b")},
			code: exitOK, stdout: "MANIFEST.json\t",
			wantFiles: []string{"b/synthetic_postings_2000.csv", "b/synthetic_postings_2000.parquet", "b/MANIFEST.json"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tt.args, &stdout, &stderr)
			if code != tt.code || !strings.Contains(stdout.String(), tt.stdout) || !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, stdout.String(), stderr.String())
			}
			for _, f := range tt.wantFiles {
				if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
					t.Error(err)
				}
			}
			if tt.unwantFile != "" {
				if _, err := os.Stat(filepath.Join(dir, tt.unwantFile)); err == nil {
					t.Errorf("%s was written", tt.unwantFile)
				}
			}
		})
	}
	manifest, err := os.ReadFile(filepath.Join(dir, "b", "MANIFEST.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(manifest), "These data are synthetic") || !strings.Contains(string(manifest), `"seed": 1,`) {
		t.Errorf("manifest:\n%s", manifest)
	}
}
