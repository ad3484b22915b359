package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/wagescope/wagescope/pipeline"
)

func TestConfigErrorsNameTheKey(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want []string
	}{
		{"unknown top-level key", "databse: x.duckdb\nsources: [{name: a, kind: oews, path: a.csv}]\n", []string{`config.yaml: unknown key "databse" (did you mean "database"?)`}},
		{"misspelt key, no Go type", "min_cel_size: 5\nsources: [{name: a, kind: oews, path: a.csv}]\n", []string{`config.yaml: unknown key "min_cel_size" (did you mean "min_cell_size"?)`}},
		{"unknown key, nothing close", "colour: blue\nsources: [{name: a, kind: oews, path: a.csv}]\n", []string{"config.yaml: unknown key \"colour\"\n"}},
		{"unknown source key", "sources: [{name: a, kind: oews, path: a.csv, pth: b}]\n", []string{`config.yaml: source #1 (a): unknown key "pth" (did you mean "path"?)`}},
		{"wrong type", "min_cell_size: lots\nsources: [{name: a, kind: oews, path: a.csv}]\n", []string{`config.yaml: min_cell_size: "lots" is not a whole number`}},
		{"wrong type in a source", "sources: [{name: a, kind: oews, url: 'https://www.bls.gov/oesm{yy}nat.zip', since: soon}]\n", []string{`config.yaml: source #1 (a): since: "soon" is not a whole number`}},
		{"list for a number", "threads: [1]\nsources: [{name: a, kind: oews, path: a.csv}]\n", []string{"config.yaml: threads: a list is not a whole number"}},
		{"a fraction for a whole number", "threads: 2.5\nsources: [{name: a, kind: oews, path: a.csv}]\n", []string{"config.yaml: threads: 2.5 is not a whole number"}},
		{"true for a number", "min_cell_size: true\nsources: [{name: a, kind: oews, path: a.csv}]\n", []string{"config.yaml: min_cell_size: true is not a whole number"}},
		{"a memory limit too small to run", "memory_limit: 0.0000001KB\nsources: [{name: a, kind: oews, path: a.csv}]\n", []string{`config.yaml: memory_limit: "0.0000001KB" is below 128MB`}},
		{"sources not a list", "sources: oews\n", []string{`config.yaml: source #1: "oews" is not a mapping of keys to values; each entry of sources: is one`}},
		{"unknown kind", "sources: [{name: a, kind: wages, path: a.csv}]\n", []string{`source #1 (a): kind: "wages"`, "cpi, oews, postings, projections, soc, titles"}},
		{"duplicate name", "sources: [{name: a, kind: oews, path: a.csv}, {name: a, kind: cpi, path: b}]\n", []string{`source #2 (a): name: "a" is used twice`}},
		{"tenth source counts from one", "sources: [" + strings.Repeat("{name: a, kind: oews, path: a.csv}, ", 9) + "{kind: oews, path: a.csv}]\n", []string{"source #10: name: must be set"}},
		{"missing path", "sources: [{name: a, kind: oews}]\n", []string{"source #1 (a): set path", "or url"}},
		{"path and url", "sources: [{name: a, kind: oews, path: a.csv, url: 'https://www.bls.gov/a.csv'}]\n", []string{"set path or url, not both"}},
		{"no snapshot kept", "keep_snapshots: 0\nsources: [{name: a, kind: oews, path: a.csv}]\n", []string{"config.yaml: keep_snapshots: must be at least 1"}},
		{"no sources", "database: x.duckdb\n", []string{"sources: at least one source"}},
		{"bad min cell size", "min_cell_size: 0\nsources: [{name: a, kind: oews, path: a.csv}]\n", []string{"config.yaml: min_cell_size: must be at least 1"}},
		{"bad CSV compression", "export_csv_compression: bz2\nsources: [{name: a, kind: oews, path: a.csv}]\n", []string{`export_csv_compression: "bz2" is not one of none, gzip, zstd`}},
		{"bad download bound", "fetch_max_download: lots\nsources: [{name: a, kind: oews, path: a.csv}]\n", []string{`fetch_max_download: "lots" is not a size such as 4GiB`}},
		{"bad attempt timeout", "fetch_attempt_timeout: 10\nsources: [{name: a, kind: oews, path: a.csv}]\n", []string{`fetch_attempt_timeout: "10" is not a positive duration`}},
		{"no fetch attempt", "fetch_attempts: 0\nsources: [{name: a, kind: oews, path: a.csv}]\n", []string{"fetch_attempts: must be at least 1, got 0"}},
		{"unknown url placeholder", "sources: [{name: a, kind: oews, url: 'https://www.bls.gov/oesm{year}nat.zip'}]\n", []string{"source #1 (a): url: {year} is not a placeholder", "{yyyy} or {yy}"}},
		{"since without a release url", "sources: [{name: a, kind: oews, url: 'https://www.bls.gov/oesm23nat.zip', since: 2021}]\n", []string{"source #1 (a): since: applies only to a url: with {yyyy} or {yy}"}},
		{"release with a release url", "sources: [{name: a, kind: oews, url: 'https://www.bls.gov/oesm{yy}nat.zip', release: 2023-05}]\n", []string{"source #1 (a): release: cannot be set"}},
		{"since out of range", "sources: [{name: a, kind: oews, url: 'https://www.bls.gov/oesm{yy}nat.zip', since: 23}]\n", []string{"source #1 (a): since: 23 is not a survey year between 1997 and"}},
		{"storage version not a version", "storage_version: 1.4\nsources: [{name: a, kind: oews, path: a.csv}]\n", []string{`config.yaml: storage_version: "1.4" is not a DuckDB version such as v1.4.0`}},
		{"storage version newer than DuckDB", "storage_version: v9.9.9\nsources: [{name: a, kind: oews, path: a.csv}]\n", []string{`config.yaml: storage_version: "v9.9.9" is not a storage version DuckDB v1.5.5 writes`}},
		{"storage version of no release", "storage_version: v1.4.99\nsources: [{name: a, kind: oews, path: a.csv}]\n", []string{`storage_version: "v1.4.99" is not a storage version`}},
		{"memory limit a word", "memory_limit: lots\nsources: [{name: a, kind: oews, path: a.csv}]\n", []string{`config.yaml: memory_limit: "lots" is not a size such as 4GB`}},
		{"memory limit unknown unit", "memory_limit: 4XB\nsources: [{name: a, kind: oews, path: a.csv}]\n", []string{`memory_limit: "4XB" is not a size`}},
		{"memory limit without unit", "memory_limit: 4\nsources: [{name: a, kind: oews, path: a.csv}]\n", []string{`memory_limit: "4" is not a size`}},
		{"memory limit a percentage", "memory_limit: 80%\nsources: [{name: a, kind: oews, path: a.csv}]\n", []string{`memory_limit: "80%" is not a size`}},
		{"memory limit zero", "memory_limit: 0GB\nsources: [{name: a, kind: oews, path: a.csv}]\n", []string{`memory_limit: "0GB" is not a size`}},
		{"every problem at once", "min_cel_size: 5\nthreads: -1\nmemory_limit: 4XB\nsources: [{name: a, kind: oews, path: a.csv, pth: b}]\n",
			[]string{`unknown key "min_cel_size"`, `source #1 (a): unknown key "pth"`}},
		{"not yaml", "sources: [unclosed\n", []string{"config.yaml"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			cfg := filepath.Join(dir, "config.yaml")
			if err := os.WriteFile(cfg, []byte(tt.yaml), 0o644); err != nil {
				t.Fatal(err)
			}
			code, _, errOut := cli(t, "", "--config", cfg, "run")
			if code != exitUsage {
				t.Fatalf("exit %d, want %d\n%s", code, exitUsage, errOut)
			}
			for _, w := range tt.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errOut)
				}
			}
		})
	}
}

func TestConfigPrecedence(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.yaml")
	body := "database: from-file.duckdb\nsources: [{name: a, kind: oews, path: a.csv}]\n"
	if err := os.WriteFile(cfg, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		env  string
		flag string
		want string
	}{
		{"config file, relative to the file", "", "", filepath.Join(dir, "from-file.duckdb")},
		{"environment over file", filepath.Join(dir, "from-env.duckdb"), "", filepath.Join(dir, "from-env.duckdb")},
		{"flag over environment", filepath.Join(dir, "from-env.duckdb"), filepath.Join(dir, "from-flag.duckdb"), filepath.Join(dir, "from-flag.duckdb")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("WAGESCOPE_DATABASE", tt.env)
			args := []string{"--config", cfg}
			if tt.flag != "" {
				args = append(args, "--db", tt.flag)
			}
			// `sources` opens the configured database; its error names the path.
			_, _, errOut := cli(t, "", append(args, "sources")...)
			if !strings.Contains(errOut, "no published database at "+tt.want) {
				t.Fatalf("want database %s, stderr: %s", tt.want, errOut)
			}
		})
	}
}

func TestUsageErrorsExitTwo(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown flag", []string{"rates", "--bogus"}, "unknown flag"},
		{"unknown format", []string{"rates", "--occupation", "29-2010", "--format", "xml"}, "--format"},
		{"unknown measure", []string{"cite", "--occupation", "29-2010", "--measure", "bonus"}, "--measure"},
		{"value not a number", []string{"check", "--occupation", "29-2010", "--value", "lots"}, "--value"},
		{"a percentage for a wage, with no database to open", []string{"check", "--occupation", "29-2010", "--measure", "median", "--value", "5%"},
			"a percentage cannot be the median annual wage"},
		{"dollars for growth", []string{"check", "--occupation", "29-2010", "--measure", "growth", "--value", "$5"},
			"a dollar amount cannot be the projected employment change"},
		{"dollars for employment", []string{"check", "--occupation", "29-2010", "--measure", "employment", "--value", "$334,380"},
			"a dollar amount cannot be the employment"},
		{"unknown stage", []string{"run", "--only", "publish"}, "unknown stage"},
		{"profile path is a directory", []string{"run", "--sql-profile", os.TempDir()}, "--sql-profile " + os.TempDir() + ": a directory; name the file to write"},
		{"profile in a missing directory", []string{"run", "--sql-profile", "/nonexistent/dir/p.txt"}, "--sql-profile /nonexistent/dir/p.txt: cannot write a file in /nonexistent/dir"},
		{"missing config", []string{"--config", "/nonexistent/wagescope.yaml", "run"}, "/nonexistent/wagescope.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := cli(t, "", tt.args...)
			if code != exitUsage || !strings.Contains(errOut, tt.want) {
				t.Fatalf("exit %d, stderr %q; want exit %d mentioning %q", code, errOut, exitUsage, tt.want)
			}
		})
	}
}

// config.yaml documents every key: each default is set or shown commented
// out at the start of a line.
func TestConfigYAMLDocumentsEveryKey(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for key := range pipeline.Defaults() {
		if !regexp.MustCompile(`(?m)^#? ?` + regexp.QuoteMeta(key) + `:`).Match(b) {
			t.Errorf("config.yaml does not document %s", key)
		}
	}
}

// A bad value from a WAGESCOPE_* variable is reported as that variable's,
// not the config file's; commands that only open the database check the
// keys DuckDB reads (memory_limit) too.
func TestConfigErrorsNameTheVariable(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(cfg, []byte("min_cell_size: 5\nsources: [{name: a, kind: oews, path: a.csv}]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, env, value string
		args             []string
		want             string
	}{
		{"not a number, rates", "WAGESCOPE_MIN_CELL_SIZE", "abc", []string{"rates", "--occupation", "29-2010"},
			`configuration: environment variable WAGESCOPE_MIN_CELL_SIZE: min_cell_size: "abc" is not a whole number`},
		{"out of range, run", "WAGESCOPE_MIN_CELL_SIZE", "0", []string{"run"},
			"configuration: environment variable WAGESCOPE_MIN_CELL_SIZE: min_cell_size: must be at least 1, got 0"},
		{"memory limit, rates", "WAGESCOPE_MEMORY_LIMIT", "zzz", []string{"rates", "--occupation", "29-2010"},
			`configuration: environment variable WAGESCOPE_MEMORY_LIMIT: memory_limit: "zzz" is not a size such as 4GB`},
		{"memory limit, query", "WAGESCOPE_MEMORY_LIMIT", "4", []string{"query", "SELECT 1"},
			`configuration: environment variable WAGESCOPE_MEMORY_LIMIT: memory_limit: "4" is not a size`},
		{"storage version, run", "WAGESCOPE_STORAGE_VERSION", "v9.9.9", []string{"run"},
			`configuration: environment variable WAGESCOPE_STORAGE_VERSION: storage_version: "v9.9.9" is not a storage version`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(tt.env, tt.value)
			code, _, errOut := cli(t, "", append([]string{"--config", cfg}, tt.args...)...)
			if code != exitUsage || !strings.Contains(errOut, tt.want) {
				t.Fatalf("exit %d, stderr %q; want exit %d with %q", code, errOut, exitUsage, tt.want)
			}
		})
	}
}

func TestDidYouMean(t *testing.T) {
	tests := []struct {
		key, want string
	}{
		{"min_cel_size", ` (did you mean "min_cell_size"?)`},
		{"databse", ` (did you mean "database"?)`},
		{"Memory_Limit", ` (did you mean "memory_limit"?)`},
		{"treads", ` (did you mean "threads"?)`},
		{"colour", ""},
		{"sorces", ` (did you mean "sources"?)`},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			if got := didYouMean(tt.key, pipeline.ConfigKeys()); got != tt.want {
				t.Errorf("didYouMean(%q) = %q, want %q", tt.key, got, tt.want)
			}
		})
	}
}
