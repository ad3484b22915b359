package main

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/wagescope/wagescope/internal/synth"
)

// fakeBehaviour is what the fake commands do, each a shell snippet; an
// empty one does what a successful run would.
type fakeBehaviour struct {
	run, read, rates          string // wagescope: the timed run, the postings it read, rates
	floor, export, cellsTimed string // this command's children
	tables                    string
}

// fakeCommands writes a fake wagescope and a fake of this command (for its
// children) into dir. The wagescope fake finds a size's n in its config's
// directory (n200); the floor fake reads the rows read_csv should keep from
// floor_rows beside the CSV; the export fake logs its arguments to
// export.args.
func fakeCommands(t *testing.T, dir string, b fakeBehaviour) (wagescope, self string) {
	t.Helper()
	or := func(s, def string) string {
		if s == "" {
			return def
		}
		return s
	}
	wagescope = filepath.Join(dir, "wagescope")
	writeScript(t, wagescope, `n=$(basename "$(dirname "$2")"); n=${n#n}
case "$*" in
*"base.yaml --quiet run"*) exit 0 ;;
*"postings.yaml --quiet run"*) `+or(b.run, "exit 0")+` ;;
*" runs --format json"*) echo '[{"stages":[{"stage":"ingest","seconds":0.1,"peak_rss_mib":40},{"stage":"marts","seconds":0.2,"peak_rss_mib":50}]}]' ;;
*source_files*) printf 'postings_read\n%s\n' `+or(b.read, `"$n"`)+` ;;
*fct_wage_stats*) printf 'count_star()\n40\n' ;;
*annual_mid_usd*) printf 'count_star()\n30\n' ;;
*" rates "*) `+or(b.rates, "exit 0")+` ;;
*) echo "wagescope: fake: unexpected $*" >&2; exit 9 ;;
esac
`)
	self = filepath.Join(dir, "wagescope-bench")
	writeScript(t, self, `case "$1" in
__floor) `+or(b.floor, `echo "{\"rows\":$(cat "$(dirname "$3")/floor_rows"),\"groups\":5,\"load_seconds\":0.01,\"group_seconds\":0.01}"`)+` ;;
__cells_export) echo "$@" > "`+filepath.Join(dir, "export.args")+`"; `+or(b.export, `: > "$5"`)+` ;;
__cells) `+or(b.cellsTimed, `echo '{"rows":25,"groups":40,"load_seconds":0.01,"group_seconds":0.02}'`)+` ;;
__tables) echo "$@" > "`+filepath.Join(dir, "tables.args")+`"; `+or(b.tables, `echo '{"tables":[{"table":"raw_postings__postings","rows":25,"seconds":0.01},{"table":"fct_wage_stats_postings","rows":40,"seconds":0.02}]}'`)+` ;;
*) echo "wagescope-bench: fake: unexpected $*" >&2; exit 9 ;;
esac
`)
	return wagescope, self
}

func writeScript(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+body), 0o755); err != nil {
		t.Fatal(err)
	}
}

// The bench goes on past a failure, prints and writes everything it
// measured, and fails at the end; a failed side has no seconds or rate. A
// (c) that runs out of temp space is a result, not a failure.
func TestBenchRecordsFailures(t *testing.T) {
	tests := []struct {
		name    string
		fake    fakeBehaviour
		wantErr string // "" for success
		check   func(t *testing.T, rep report, out string)
	}{
		{"all measured", fakeBehaviour{}, "", func(t *testing.T, rep report, out string) {
			for _, s := range rep.Sizes {
				if !s.Wagescope.ok() || !s.Floor.ok() || !s.SameCells.ok() || s.Ratio == 0 || s.SameCells.RowsPerS == 0 {
					t.Errorf("%d rows: not all measured: %+v", s.Rows, s)
				}
				if d := s.KeptTables; !d.ok() || len(d.Tables) != 2 || math.Abs(d.CopySeconds-0.03) > 1e-9 || d.FloorRatio != d.CopySeconds/s.Floor.Seconds {
					t.Errorf("%d rows: (d) %+v, want both copies, 0.03 s, over (b)", s.Rows, d)
				}
			}
			if rep.RatesMedian == 0 || rep.RatesRows != 300 {
				t.Errorf("rates %v ms on %d rows, want a median on 300", rep.RatesMedian, rep.RatesRows)
			}
			if strings.Contains(out, "FAILED") || !strings.Contains(out, "growth 200 → 300 rows (×2): wagescope ×") {
				t.Errorf("output:\n%s", out)
			}
		}},
		{"(a) fails at the smaller size", fakeBehaviour{run: `[ "$n" = 200 ] && { echo "wagescope: marts: boom" >&2; exit 1; }; exit 0`},
			"1 failures (all else measured): 200 rows, (a): marts: boom", func(t *testing.T, rep report, out string) {
				a := rep.Sizes[0]
				if a.Wagescope.Error != "marts: boom" || a.Wagescope.Seconds != 0 || a.Wagescope.RowsPerS != 0 || a.Ratio != 0 {
					t.Errorf("(a) at 200: %+v, ratio %v: want failed, no seconds, rate or ratio", a.Wagescope, a.Ratio)
				}
				if !a.Floor.ok() || a.SameCells.NotRun != "(a) failed" || a.KeptTables.NotRun != "(a) failed" {
					t.Errorf("at 200: (b) %+v, (c) %+v: want (b) measured, (c) not run", a.Floor, a.SameCells)
				}
				if b := rep.Sizes[1]; !b.Wagescope.ok() || !b.Floor.ok() || !b.SameCells.ok() {
					t.Errorf("300 rows not measured after 200 failed: %+v", b)
				}
				if !strings.Contains(out, "wagescope — (failed), DuckDB ×") || !strings.Contains(out, "FAILED (after ") {
					t.Errorf("output:\n%s", out)
				}
			}},
		{"(a) read other rows than the postings hold", fakeBehaviour{read: "72"},
			"200 rows, (a): read 72 postings, not 200: no rate", func(t *testing.T, rep report, out string) {
				for _, s := range rep.Sizes {
					if s.Wagescope.RowsPerS != 0 || s.Wagescope.Seconds != 0 || s.Wagescope.RowsRead != 72 {
						t.Errorf("(a) at %d: %+v, want read 72, no rate", s.Rows, s.Wagescope)
					}
				}
				if !strings.Contains(out, "(a) wagescope          —            —") || !strings.Contains(out, "FAILED (after ") {
					t.Errorf("output:\n%s", out)
				}
			}},
		{"(b) read other rows than it should keep", fakeBehaviour{floor: `echo '{"rows":72,"groups":5,"load_seconds":0.01,"group_seconds":0.01}'`},
			"200 rows, (b): read 72 postings, not", func(t *testing.T, rep report, _ string) {
				if f := rep.Sizes[0].Floor; f.RowsPerS != 0 || f.Error == "" || rep.Sizes[0].Ratio != 0 {
					t.Errorf("(b): %+v, want failed without a rate or ratio", f)
				}
			}},
		{"the export fails", fakeBehaviour{export: `echo "wagescope-bench: export clean rows: Out of Memory Error: x" >&2; exit 1`},
			"200 rows, (c): export: export clean rows: Out of Memory Error: x", func(t *testing.T, rep report, out string) {
				for _, s := range rep.Sizes {
					c := s.SameCells
					if c.NotRun == "" || c.Seconds != 0 || c.RowsPerS != 0 || !s.Wagescope.ok() || !s.Floor.ok() {
						t.Errorf("%d rows: %+v", s.Rows, s)
					}
				}
				if rep.RatesMedian == 0 || !strings.Contains(out, "same cells NOT RUN: export: ") {
					t.Errorf("rates %v; output:\n%s", rep.RatesMedian, out)
				}
			}},
		{"(c) out of temp space: a result", fakeBehaviour{cellsTimed: `echo "wagescope-bench: same cells GROUP BY after 0.0 s: Out of Memory Error: failed to offload" >&2; exit 1`},
			"", func(t *testing.T, rep report, out string) {
				c := rep.Sizes[0].SameCells
				if !strings.HasPrefix(c.Error, "same cells GROUP BY") || c.Seconds != 0 || c.RowsPerS != 0 || c.FailedRunSeconds == 0 || c.NotRun != "" {
					t.Errorf("(c): %+v, want failed without seconds or rate", c)
				}
			}},
		{"(d) fails", fakeBehaviour{tables: `echo "wagescope-bench: copy stg_postings__postings after 1.0 s: Out of Memory Error: x" >&2; exit 1`},
			"200 rows, (d): copy stg_postings__postings after 1.0 s: Out of Memory Error: x", func(t *testing.T, rep report, out string) {
				d := rep.Sizes[0].KeptTables
				if d.Error == "" || d.Seconds != 0 || d.FloorRatio != 0 || len(d.Tables) != 0 || !rep.Sizes[0].SameCells.ok() {
					t.Errorf("(d): %+v, want failed without seconds or ratio, (c) measured", d)
				}
				if !strings.Contains(out, "(d) DuckDB             —            —") {
					t.Errorf("output:\n%s", out)
				}
			}},
		{"rates fails", fakeBehaviour{rates: `echo "wagescope: rates: no such occupation" >&2; exit 1`},
			"rates: no such occupation", func(t *testing.T, rep report, _ string) {
				if rep.RatesError != "rates: no such occupation" || rep.RatesMedian != 0 || rep.RatesRows != 0 || len(rep.Sizes) != 2 {
					t.Errorf("rates %q %v on %d, %d sizes", rep.RatesError, rep.RatesMedian, rep.RatesRows, len(rep.Sizes))
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			o := options{sizes: []int{200, 300}, seed: 1, dir: filepath.Join(dir, "bench"), threads: 1, memoryLimit: "1GB",
				storage: "v1.4.0", ratesRuns: 3, occupation: "29-2011", jsonOut: filepath.Join(dir, "r.json"), sameCells: true, keptTables: true, tempLimit: "2GB",
				titles: func() ([]synth.Title, error) { return testTitles, nil }}
			for _, n := range o.sizes {
				f := generatePostings(t, o.dir, n)
				rows := filepath.Join(o.dir, "postings-n"+strconv.Itoa(n)+"-seed1", "floor_rows")
				if err := os.WriteFile(rows, []byte(strconv.FormatInt(floorRows(f), 10)), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			o.wagescope, o.self = fakeCommands(t, dir, tt.fake)
			var out strings.Builder
			err := bench(context.Background(), o, &out)
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Errorf("error %v, want %q", err, tt.wantErr)
			}
			b, readErr := os.ReadFile(o.jsonOut)
			if readErr != nil {
				t.Fatalf("no JSON written: %v", readErr)
			}
			var rep report
			if err := json.Unmarshal(b, &rep); err != nil {
				t.Fatal(err)
			}
			if len(rep.Sizes) != 2 {
				t.Fatalf("%d sizes in the JSON, want 2:\n%s", len(rep.Sizes), b)
			}
			tt.check(t, rep, out.String())
		})
	}
}

// The untimed export runs under the bench's limits (without them DuckDB
// takes 80% of RAM for it), and so does (d).
func TestChildrenGetTheLimits(t *testing.T) {
	dir := t.TempDir()
	o := options{sizes: []int{200}, seed: 1, dir: filepath.Join(dir, "bench"), threads: 1, memoryLimit: "1GB",
		storage: "v1.4.0", occupation: "29-2011", sameCells: true, keptTables: true, tempLimit: "2GB",
		titles: func() ([]synth.Title, error) { return testTitles, nil }}
	f := generatePostings(t, o.dir, 200)
	if err := os.WriteFile(filepath.Join(o.dir, "postings-n200-seed1", "floor_rows"), []byte(strconv.FormatInt(floorRows(f), 10)), 0o644); err != nil {
		t.Fatal(err)
	}
	o.wagescope, o.self = fakeCommands(t, dir, fakeBehaviour{})
	if err := bench(context.Background(), o, &strings.Builder{}); err != nil {
		t.Fatal(err)
	}
	for _, child := range []string{"export", "tables"} {
		b, err := os.ReadFile(filepath.Join(dir, child+".args"))
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"--temp-limit 2GB", "--threads 1", "--memory-limit 1GB"} {
			if !strings.Contains(string(b), want) {
				t.Errorf("%s ran with %q, lacking %q", child, strings.TrimSpace(string(b)), want)
			}
		}
	}
}

// --profile has (a)'s timed run write both profiles into the size's work
// directory, and the bench names them.
func TestProfileFlagProfilesTheTimedRun(t *testing.T) {
	dir := t.TempDir()
	o := options{sizes: []int{200}, seed: 1, dir: filepath.Join(dir, "bench"), threads: 1, memoryLimit: "1GB",
		storage: "v1.4.0", occupation: "29-2011", profile: true, jsonOut: filepath.Join(dir, "r.json"),
		titles: func() ([]synth.Title, error) { return testTitles, nil }}
	f := generatePostings(t, o.dir, 200)
	if err := os.WriteFile(filepath.Join(o.dir, "postings-n200-seed1", "floor_rows"), []byte(strconv.FormatInt(floorRows(f), 10)), 0o644); err != nil {
		t.Fatal(err)
	}
	args := filepath.Join(dir, "run.args")
	o.wagescope, o.self = fakeCommands(t, dir, fakeBehaviour{run: `echo "$@" > "` + args + `"`})
	var out strings.Builder
	if err := bench(context.Background(), o, &out); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(args)
	if err != nil {
		t.Fatal(err)
	}
	work := filepath.Join(o.dir, "n200")
	pprof, sql := filepath.Join(work, "cpu.pprof"), filepath.Join(work, "sql-profile.txt")
	if want := "--cpuprofile " + pprof + " --sql-profile " + sql; !strings.Contains(string(got), want) {
		t.Errorf("timed run: %s\nwant it to carry %q", got, want)
	}
	if !strings.Contains(out.String(), "profiles: "+pprof+", "+sql) {
		t.Errorf("output does not name the profiles:\n%s", out.String())
	}
	b, err := os.ReadFile(o.jsonOut)
	if err != nil {
		t.Fatal(err)
	}
	var rep report
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	if p := rep.Sizes[0].Profiles; len(p) != 2 || p[0] != pprof || p[1] != sql {
		t.Errorf("JSON profiles %q", p)
	}
}
