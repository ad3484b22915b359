package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// measureSize generates (or reuses) n postings and times each side. A side
// that fails is recorded in the result, as the size is when its postings
// cannot be had, and the other sides still run; the error is ctx's only.
// The database is (a)'s, when (a) succeeded.
func measureSize(ctx context.Context, o options, n int) (sizeResult, string, error) {
	res := sizeResult{Rows: n}
	csvPath, file, err := ensurePostings(ctx, o, n)
	if err != nil {
		res.Error = "postings: " + err.Error()
		return res, "", ctx.Err()
	}
	res.FileBytes = file.Bytes
	s := sizeRun{o: o, n: n, dir: filepath.Join(o.dir, fmt.Sprintf("n%d", n)), csvPath: csvPath}
	if err := os.RemoveAll(s.dir); err != nil {
		res.Error = "work directory: " + err.Error()
		return res, "", nil
	}

	cfg, err := s.wagescope(ctx, &res)
	if err != nil {
		res.Wagescope = res.Wagescope.failed(err)
	}
	if ctx.Err() != nil {
		return res, "", ctx.Err()
	}
	if err := s.floor(ctx, &res, floorRows(file)); err != nil {
		res.Floor = res.Floor.failed(err)
	}
	if ctx.Err() != nil {
		return res, "", ctx.Err()
	}
	if res.Wagescope.ok() && res.Floor.ok() {
		res.Ratio = res.Wagescope.Seconds / res.Floor.Seconds
	}
	if o.sameCells {
		c := sameCells{NotRun: "(a) failed"}
		if res.Wagescope.ok() {
			c = s.sameCells(ctx, cfg)
		}
		if ctx.Err() != nil {
			return res, "", ctx.Err()
		}
		if c.ok() {
			c.RowsPerS = float64(n) / c.Seconds
			c.MartsRatio = res.Wagescope.Stages["marts"] / c.Seconds
			if res.Floor.ok() {
				c.SameWorkRatio = res.Wagescope.Seconds / (res.Floor.Stages["read_csv"] + c.Stages["group_by"])
			}
		}
		res.SameCells = &c
	}
	if o.keptTables {
		d := keptTablesResult{NotRun: "(a) failed"}
		if res.Wagescope.ok() {
			d = s.keptTables(ctx, res.Floor)
		}
		if ctx.Err() != nil {
			return res, "", ctx.Err()
		}
		res.KeptTables = &d
	}
	if !res.Wagescope.ok() {
		return res, "", nil
	}
	return res, s.db(), nil
}

// sizeRun is one size's postings and work directory.
type sizeRun struct {
	o       options
	n       int
	dir     string
	csvPath string
}

func (s sizeRun) db() string { return filepath.Join(s.dir, "wagescope.duckdb") }

// wagescope times (a) into res.Wagescope and counts its postings with
// annual pay; the config is that of the timed run. A database with the
// title lists is built first, untimed; the timed run adds the postings to
// it, as a nightly run would.
func (s sizeRun) wagescope(ctx context.Context, res *sizeResult) (string, error) {
	run := []string{"--quiet", "run", "--only", "ingest,normalize,staging,marts", "--skip", "checks,report"}
	base, err := writeConfig(s.o, s.dir, "base.yaml", "")
	if err != nil {
		return "", err
	}
	if _, _, err := timeCommand(ctx, s.o.wagescope, append([]string{"--config", base}, run...)...); err != nil {
		return "", fmt.Errorf("base database: %w", err)
	}
	cfg, err := writeConfig(s.o, s.dir, "postings.yaml", s.csvPath)
	if err != nil {
		return "", err
	}
	if s.o.profile {
		res.Profiles = []string{filepath.Join(s.dir, "cpu.pprof"), filepath.Join(s.dir, "sql-profile.txt")}
		run = append(run, "--cpuprofile", res.Profiles[0], "--sql-profile", res.Profiles[1])
	}
	secs, rss, err := timeCommand(ctx, s.o.wagescope, append([]string{"--config", cfg}, run...)...)
	res.Wagescope = measurement{Seconds: secs, RowsPerS: float64(s.n) / secs, PeakRSSMB: rss}
	if err != nil {
		return cfg, err
	}
	if res.Wagescope.Stages, res.Wagescope.StagePeakRSS, err = lastStages(ctx, s.o.wagescope, cfg); err != nil {
		return cfg, err
	}
	res.Wagescope.PeakRSSMB = overallPeak(rss, res.Wagescope.StagePeakRSS)
	if res.Wagescope.RowsRead, err = queryCount(ctx, s.o.wagescope, cfg, postingsReadQuery); err != nil {
		return cfg, err
	}
	if err := checkRowsRead(res.Wagescope.RowsRead, int64(s.n)); err != nil {
		return cfg, err
	}
	res.PostedOK, err = countAnnualized(ctx, s.o.wagescope, cfg)
	return cfg, err
}

// postingsReadQuery is how many postings (a) read: those it loaded and
// those it rejected.
const postingsReadQuery = `SELECT coalesce(sum(rows_loaded + rows_rejected), 0) AS postings_read FROM source_files WHERE source_name = '` + postingsSource + `'`

// postingsSource names the synthetic postings in (a)'s configuration.
const postingsSource = "synthetic-postings"

// floor times (b), in its own process and database, into res.Floor;
// wantRows is how many rows its read_csv should keep.
func (s sizeRun) floor(ctx context.Context, res *sizeResult, wantRows int64) error {
	floorDB := filepath.Join(s.dir, "floor.duckdb")
	defer removeDatabase(floorDB)
	var stdout strings.Builder
	secs, rss, err := timeCommandOutput(ctx, &stdout, s.o.self, append([]string{floorCommand, "--csv", s.csvPath, "--db", floorDB,
		"--storage-version", s.o.storage}, limitArgs(s.o)...)...)
	res.Floor = measurement{Seconds: secs, RowsPerS: float64(s.n) / secs, PeakRSSMB: rss}
	if err != nil {
		return err
	}
	var f childResult
	if err := json.Unmarshal([]byte(stdout.String()), &f); err != nil {
		return fmt.Errorf("floor output %q: %w", stdout.String(), err)
	}
	res.Floor.Stages = map[string]float64{"read_csv": f.LoadSeconds, "group_by": f.GroupSeconds}
	res.Floor.RowsRead, res.Groups = f.Rows, f.Groups
	return checkRowsRead(f.Rows, wantRows)
}

// checkRowsRead is an error when a side read another number of rows than
// the postings hold: its time would not be theirs.
func checkRowsRead(read, want int64) error {
	if read != want {
		return fmt.Errorf("read %s postings, not %s: no rate", thousands(int(read)), thousands(int(want)))
	}
	return nil
}

// sameCells runs (c): the clean rows exported from (a)'s database (not
// timed), then loaded and counted into cells in a fresh one. The timed run
// failing (out of memory or temp space) is a result, in Error; the count or
// export failing is NotRun.
func (s sizeRun) sameCells(ctx context.Context, cfg string) sameCells {
	var c sameCells
	var err error
	if c.WagescopeCells, err = queryCount(ctx, s.o.wagescope, cfg, "SELECT count(*) FROM fct_wage_stats WHERE source_family = 'postings'"); err != nil {
		c.NotRun = "count wagescope's cells: " + childError(err)
		return c
	}
	parquet := filepath.Join(s.dir, "clean_postings.parquet")
	defer os.Remove(parquet)
	if _, _, err := timeCommand(ctx, s.o.self, append([]string{cellsExportCommand, "--from", s.db(), "--parquet", parquet},
		limitArgs(s.o)...)...); err != nil {
		c.NotRun = "export: " + childError(err)
		return c
	}
	cellsDB := filepath.Join(s.dir, "cells.duckdb")
	defer removeDatabase(cellsDB)
	var stdout strings.Builder
	secs, rss, err := timeCommandOutput(ctx, &stdout, s.o.self, append([]string{cellsCommand, "--parquet", parquet, "--db", cellsDB,
		"--storage-version", s.o.storage}, limitArgs(s.o)...)...)
	c.measurement = measurement{Seconds: secs, PeakRSSMB: rss}
	if err != nil {
		c.measurement = c.failed(err)
		return c
	}
	var r childResult
	if err := json.Unmarshal([]byte(stdout.String()), &r); err != nil {
		c.NotRun = fmt.Sprintf("same cells output %q: %v", stdout.String(), err)
		c.measurement = measurement{}
		return c
	}
	c.Cells, c.RowsRead = r.Groups, r.Rows
	c.Stages = map[string]float64{"load": r.LoadSeconds, "group_by": r.GroupSeconds}
	return c
}

// writeConfig writes a wagescope configuration for dir: the SOC and O*NET
// title lists, plus the synthetic postings when csvPath is set.
func writeConfig(o options, dir, name, csvPath string) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# written by wagescope-bench\ndatabase: %s\noutput: %s\nthreads: %d\nkeep_snapshots: 1\n",
		quote(filepath.Join(dir, "wagescope.duckdb")), quote(filepath.Join(dir, "site")), o.threads)
	if o.memoryLimit != "" {
		fmt.Fprintf(&b, "memory_limit: %s\n", quote(o.memoryLimit))
	}
	fmt.Fprintf(&b, "storage_version: %s\n", quote(o.storage))
	b.WriteString("sources:\n")
	// the title lists (a) matches against are the ones the postings' titles
	// are drawn from
	titles := titleLists(o)
	for _, s := range []struct{ name, kind, path string }{
		{"soc-structure-2018", "soc", filepath.Join(o.shared, "bls/crosswalks/soc/soc_structure_2018.xlsx")},
		{"oews-definitions-2023", "soc", filepath.Join(o.shared, "bls/crosswalks/soc/occupation_definitions_m2023.xlsx")},
		{"onet-alternate-titles", "titles", titles[0]},
		{"onet-reported-titles", "titles", titles[1]},
	} {
		fmt.Fprintf(&b, "  - name: %s\n    kind: %s\n    path: %s\n", s.name, s.kind, quote(s.path))
	}
	if csvPath != "" {
		fmt.Fprintf(&b, "  - name: %s\n    kind: postings\n    preset: synthetic\n    path: %s\n", postingsSource, quote(csvPath))
	}
	path := filepath.Join(dir, name)
	return path, os.WriteFile(path, []byte(b.String()), 0o644)
}

func quote(s string) string { return strconv.Quote(s) }

// timeCommand runs a command and returns its wall time and peak RSS (MiB),
// the peak also when the command fails.
func timeCommand(ctx context.Context, name string, args ...string) (float64, float64, error) {
	return timeCommandOutput(ctx, io.Discard, name, args...)
}

func timeCommandOutput(ctx context.Context, stdout io.Writer, name string, args ...string) (float64, float64, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	var stderr strings.Builder
	cmd.Stdout, cmd.Stderr = stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	secs := time.Since(start).Seconds()
	var rss float64
	if cmd.ProcessState != nil { // nil when the command did not start
		rss = peakRSS(cmd.ProcessState)
	}
	if err != nil {
		return secs, rss, &commandError{name: name, args: args, err: err, stderr: stderr.String()}
	}
	return secs, rss, nil
}

// output runs an untimed command and returns its standard output.
func output(ctx context.Context, name string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return out, &commandError{name: name, args: args, err: err, stderr: stderr.String()}
	}
	return out, nil
}

// commandError is a child command that failed, with what it wrote to
// standard error.
type commandError struct {
	name   string
	args   []string
	err    error
	stderr string
}

func (e *commandError) Error() string {
	return fmt.Sprintf("%s %s: %v\n%s", filepath.Base(e.name), strings.Join(e.args, " "), e.err, tail(e.stderr, 2000))
}

func (e *commandError) Unwrap() error { return e.err }

// reason is the error the child reported, or how it ended when it
// reported none (killed).
func (e *commandError) reason() string {
	if r, ok := reportedError(e.stderr); ok {
		return r
	}
	name := filepath.Base(e.name)
	if len(e.args) > 0 && strings.HasPrefix(e.args[0], "__") {
		name += " " + e.args[0]
	}
	return fmt.Sprintf("%s: %v", name, e.err)
}

// childError is err in one line for the report: a child command's part
// replaced by the error the child reported, so "base database: " and the
// like stay but the command line and DuckDB's advice go.
func childError(err error) string {
	msg := err.Error()
	if ce := (*commandError)(nil); errors.As(err, &ce) {
		return firstLine(strings.Replace(msg, ce.Error(), ce.reason(), 1))
	}
	if r, ok := reportedError(msg); ok {
		return r
	}
	return firstLine(msg)
}

// reportedError is the last line of s that a failed wagescope or
// wagescope-bench began with its name, without it.
func reportedError(s string) (string, bool) {
	lines := strings.Split(s, "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		for _, name := range []string{"wagescope-bench: ", "wagescope: "} {
			if rest, ok := strings.CutPrefix(strings.TrimPrefix(lines[i], "…"), name); ok {
				return strings.TrimSpace(rest), true
			}
		}
	}
	return "", false
}

// overallPeak is a wagescope run's peak resident memory: the larger of the
// child's ru_maxrss and its stages' recorded peaks. wagescope resets the
// kernel's high-water mark at each stage and SQL file (/proc/self/clear_refs),
// and that mark is what ru_maxrss reports at exit, so ru_maxrss alone is
// the peak of the run's last stretch only (1103 MiB for a 1M run whose marts
// peaked at 2525 MiB).
func overallPeak(ruMaxRSS float64, stagePeaks map[string]float64) float64 {
	peak := ruMaxRSS
	for _, p := range stagePeaks {
		peak = max(peak, p)
	}
	return peak
}

func peakRSS(ps *os.ProcessState) float64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return float64(ru.Maxrss) / 1024 // KiB on Linux
	}
	return 0
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// lastStages reads the stage timings and peak memory of the newest run from
// `runs`.
func lastStages(ctx context.Context, bin, cfg string) (seconds, peakRSS map[string]float64, err error) {
	out, err := output(ctx, bin, "--config", cfg, "runs", "--format", "json", "--limit", "1")
	if err != nil {
		return nil, nil, fmt.Errorf("runs: %w", err)
	}
	var runs []struct {
		Stages []struct {
			Stage   string  `json:"stage"`
			Seconds float64 `json:"seconds"`
			PeakRSS float64 `json:"peak_rss_mib"`
		} `json:"stages"`
	}
	if err := json.Unmarshal(out, &runs); err != nil {
		return nil, nil, fmt.Errorf("runs output %q: %w", tail(string(out), 300), err)
	}
	if len(runs) != 1 {
		return nil, nil, fmt.Errorf("runs output %q: %d runs, want 1", tail(string(out), 300), len(runs))
	}
	seconds, peakRSS = map[string]float64{}, map[string]float64{}
	for _, s := range runs[0].Stages {
		seconds[s.Stage] = s.Seconds
		if s.PeakRSS > 0 {
			peakRSS[s.Stage] = s.PeakRSS
		}
	}
	return seconds, peakRSS, nil
}

// countAnnualized asks the built database how many postings ended with an
// annual USD pay: a check that (a) did the work, not just the timing (from
// the derived table: the view would join the maps, 7 s at ten million).
func countAnnualized(ctx context.Context, bin, cfg string) (int64, error) {
	return queryCount(ctx, bin, cfg, "SELECT count(*) FROM stg_postings__postings_derived WHERE annual_mid_usd IS NOT NULL")
}

// queryCount asks `wagescope query` for one number.
func queryCount(ctx context.Context, bin, cfg, query string) (int64, error) {
	out, err := output(ctx, bin, "--config", cfg, "query", "--format", "csv", query)
	if err != nil {
		return 0, fmt.Errorf("query: %w", err)
	}
	lines := strings.Fields(string(out))
	if len(lines) < 2 {
		return 0, fmt.Errorf("query output %q", out)
	}
	n, err := strconv.ParseInt(strings.Trim(lines[len(lines)-1], `"`), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("query output %q: %w", out, err)
	}
	return n, nil
}
