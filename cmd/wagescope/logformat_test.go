package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// With --log-format json every line on stderr is a JSON object: cron
// appends 2>&1 to a .jsonl file. The final error is a record with the exit
// code.
func TestJSONLogHasOnlyJSONLines(t *testing.T) {
	dir := t.TempDir()
	failing := writeConfig(t, dir, source("oews-missing", "oews", filepath.Join(dir, "missing.csv")))
	bad := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(bad, []byte("min_cel_size: 5\ndatabse: x.duckdb\nsources: [{name: a, kind: oews, path: a.csv}]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		args     []string
		code     int
		wantMsgs []string // messages of records, in order, among others
	}{
		{"a source fails", []string{"--config", failing, "--log-format", "json", "run"}, exitPartial,
			[]string{"source failed", "sources failed; the published database and site are unchanged: oews-missing"}},
		{"configuration errors, in one record", []string{"--config", bad, "--log-format", "json", "run"}, exitUsage,
			[]string{`configuration: ` + bad + `: unknown key "databse" (did you mean "database"?)` + "\n" +
				`configuration: ` + bad + `: unknown key "min_cel_size" (did you mean "min_cell_size"?)`}},
		{"a flag error before --log-format is read", []string{"run", "--bogus", "--log-format", "json"}, exitUsage,
			[]string{"unknown flag: --bogus"}},
		{"the --log-format=json spelling", []string{"--log-format=json", "--verbose", "--quiet", "run"}, exitUsage,
			[]string{"--verbose and --quiet exclude each other"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := cli(t, "", tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\n%s", code, tt.code, errOut)
			}
			var last map[string]any
			var msgs []string
			for _, line := range strings.Split(strings.TrimSuffix(errOut, "\n"), "\n") {
				var rec map[string]any
				if err := json.Unmarshal([]byte(line), &rec); err != nil {
					t.Fatalf("stderr line is not a JSON object: %q", line)
				}
				msg, _ := rec["msg"].(string)
				msgs = append(msgs, msg)
				last = rec
			}
			if last["level"] != "ERROR" || last["exit_code"] != float64(tt.code) {
				t.Errorf("last record %v: want level ERROR and exit_code %d", last, tt.code)
			}
			i := 0
			for _, m := range msgs {
				if i < len(tt.wantMsgs) && strings.HasPrefix(m, tt.wantMsgs[i]) {
					i++
				}
			}
			if i < len(tt.wantMsgs) {
				t.Errorf("records %q lack %q in order", msgs, tt.wantMsgs)
			}
		})
	}
}

// Text logs keep the recap of failed sources and the final line for people.
func TestTextLogRecapsFailedSources(t *testing.T) {
	dir := t.TempDir()
	cfg := writeConfig(t, dir, source("oews-missing", "oews", filepath.Join(dir, "missing.csv")))
	code, _, errOut := cli(t, "", "--config", cfg, "--quiet", "run")
	if code != exitPartial {
		t.Fatalf("exit %d, want %d\n%s", code, exitPartial, errOut)
	}
	for _, w := range []string{"\nsource oews-missing failed: ", "\nwagescope: sources failed; the published database and site are unchanged: oews-missing\n"} {
		if !strings.Contains(errOut, w) {
			t.Errorf("stderr lacks %q:\n%s", w, errOut)
		}
	}
}
