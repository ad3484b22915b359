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
		{"unknown top-level key", "databse: x.duckdb\nsources: [{name: a, kind: oews, path: a.csv}]\n", []string{"databse"}},
		{"unknown source key", "sources: [{name: a, kind: oews, path: a.csv, pth: b}]\n", []string{"pth"}},
		{"wrong type", "min_cell_size: lots\nsources: [{name: a, kind: oews, path: a.csv}]\n", []string{"min_cell_size"}},
		{"sources not a list", "sources: oews\n", []string{"sources"}},
		{"unknown kind", "sources: [{name: a, kind: wages, path: a.csv}]\n", []string{"sources[0] (a).kind", "wages", "cpi, oews, postings, projections, soc, titles"}},
		{"duplicate name", "sources: [{name: a, kind: oews, path: a.csv}, {name: a, kind: cpi, path: b}]\n", []string{"sources[1] (a).name", "used twice"}},
		{"missing path", "sources: [{name: a, kind: oews}]\n", []string{"sources[0] (a): set path", "or url"}},
		{"path and url", "sources: [{name: a, kind: oews, path: a.csv, url: 'https://www.bls.gov/a.csv'}]\n", []string{"set path or url, not both"}},
		{"no snapshot kept", "keep_snapshots: 0\nsources: [{name: a, kind: oews, path: a.csv}]\n", []string{"keep_snapshots: must be at least 1"}},
		{"no sources", "database: x.duckdb\n", []string{"at least one source"}},
		{"bad min cell size", "min_cell_size: 0\nsources: [{name: a, kind: oews, path: a.csv}]\n", []string{"min_cell_size: must be at least 1"}},
		{"bad CSV compression", "export_csv_compression: bz2\nsources: [{name: a, kind: oews, path: a.csv}]\n", []string{`export_csv_compression: "bz2" is not one of none, gzip, zstd`}},
		{"bad download bound", "fetch_max_download: lots\nsources: [{name: a, kind: oews, path: a.csv}]\n", []string{`fetch_max_download: "lots" is not a size such as 4GiB`}},
		{"bad attempt timeout", "fetch_attempt_timeout: 10\nsources: [{name: a, kind: oews, path: a.csv}]\n", []string{`fetch_attempt_timeout: "10" is not a positive duration`}},
		{"no fetch attempt", "fetch_attempts: 0\nsources: [{name: a, kind: oews, path: a.csv}]\n", []string{"fetch_attempts: must be at least 1, got 0"}},
		{"unknown url placeholder", "sources: [{name: a, kind: oews, url: 'https://www.bls.gov/oesm{year}nat.zip'}]\n", []string{"sources[0] (a).url: {year} is not a placeholder", "{yyyy} or {yy}"}},
		{"since without a release url", "sources: [{name: a, kind: oews, url: 'https://www.bls.gov/oesm23nat.zip', since: 2021}]\n", []string{"sources[0] (a).since: applies only to a url: with {yyyy} or {yy}"}},
		{"release with a release url", "sources: [{name: a, kind: oews, url: 'https://www.bls.gov/oesm{yy}nat.zip', release: 2023-05}]\n", []string{"sources[0] (a).release: cannot be set"}},
		{"since out of range", "sources: [{name: a, kind: oews, url: 'https://www.bls.gov/oesm{yy}nat.zip', since: 23}]\n", []string{"sources[0] (a).since: 23 is not a survey year between 1997 and"}},
		{"bad storage version", "storage_version: 1.4\nsources: [{name: a, kind: oews, path: a.csv}]\n", []string{`storage_version: "1.4" is not a DuckDB version such as v1.4.0`}},
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
		{"unknown stage", []string{"run", "--only", "publish"}, "unknown stage"},
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
