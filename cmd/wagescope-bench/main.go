package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/wagescope/wagescope/internal/numfmt"
	"github.com/wagescope/wagescope/internal/synth"
	"github.com/wagescope/wagescope/pipeline/store"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var err error
	child := ""
	if len(os.Args) > 1 {
		child = os.Args[1]
	}
	switch child {
	case floorCommand:
		err = runFloorChild(ctx, os.Args[2:], os.Stdout)
	case cellsExportCommand:
		err = runCellsExportChild(ctx, os.Args[2:])
	case cellsCommand:
		err = runCellsChild(ctx, os.Args[2:], os.Stdout)
	default:
		err = run(ctx, os.Args[1:], os.Stdout)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "wagescope-bench:", err)
		if errors.Is(err, errUsage) {
			os.Exit(2) // as wagescope-gen and wagescope do for bad arguments
		}
		os.Exit(1)
	}
}

// errUsage marks a bad command line.
var errUsage = errors.New("usage")

// options are the benchmark's flags.
type options struct {
	sizes       []int
	seed        uint64
	dir         string
	shared      string
	wagescope   string
	threads     int
	memoryLimit string
	storage     string
	ratesRuns   int
	occupation  string
	jsonOut     string
	sameCells   bool
	tempLimit   string
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	fs := flag.NewFlagSet("wagescope-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	rows := fs.String("rows", "100000,1000000,10000000", "comma-separated posting counts to measure")
	fs.Uint64Var(&o.seed, "seed", 1, "generator seed")
	fs.StringVar(&o.dir, "dir", filepath.Join("out", "bench"), "work directory (generated files, databases)")
	fs.StringVar(&o.shared, "shared", filepath.Join("..", "shared", "data"), "the shared data directory (SOC and O*NET title lists)")
	fs.StringVar(&o.wagescope, "wagescope", "", "wagescope binary to measure (default: built from ./cmd/wagescope with -tags duckdb_arrow)")
	fs.IntVar(&o.threads, "threads", 0, "DuckDB threads for both sides (0: every core)")
	fs.StringVar(&o.memoryLimit, "memory-limit", "2.5GB", "DuckDB memory_limit for both sides (2.5GB keeps 10M postings under 4 GB resident)")
	fs.StringVar(&o.storage, "storage-version", store.DefaultStorageVersion, "DuckDB storage format of every side's database file (wagescope's storage_version)")
	fs.IntVar(&o.ratesRuns, "rates-runs", 20, "`wagescope rates` answers timed on the largest database")
	fs.StringVar(&o.occupation, "occupation", "29-2011", "occupation `rates` is asked for")
	fs.StringVar(&o.jsonOut, "json", "", "also write the results as JSON to this file")
	fs.BoolVar(&o.sameCells, "same-cells", true, "also time (c): bare DuckDB computing wagescope's posted cells from clean columns")
	fs.StringVar(&o.tempLimit, "temp-limit", "10GB", "DuckDB max_temp_directory_size for (c), which spills")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	for _, f := range strings.Split(*rows, ",") {
		n, err := strconv.Atoi(strings.ReplaceAll(strings.TrimSpace(f), "_", ""))
		if err != nil || n <= 0 {
			return o, fmt.Errorf("--rows: %q is not a positive count", f)
		}
		o.sizes = append(o.sizes, n)
	}
	sort.Ints(o.sizes)
	return o, nil
}

// measurement is one timed child process.
type measurement struct {
	Seconds   float64            `json:"seconds"`
	RowsPerS  float64            `json:"rows_per_second"`
	PeakRSSMB float64            `json:"peak_rss_mib"`
	Stages    map[string]float64 `json:"stages,omitempty"`
	// StagePeakRSS is each stage's own peak resident memory, in MiB, as the
	// run recorded it (Linux).
	StagePeakRSS map[string]float64 `json:"stage_peak_rss_mib,omitempty"`
}

// sizeResult is one size's two sides.
type sizeResult struct {
	Rows      int         `json:"rows"`
	FileBytes int64       `json:"csv_bytes"`
	Wagescope measurement `json:"wagescope"`
	Floor     measurement `json:"bare_duckdb"`
	Ratio     float64     `json:"ratio"`
	Groups    int64       `json:"floor_groups"`
	PostedOK  int64       `json:"posted_rows_with_annual_pay"`
	SameCells *sameCells  `json:"same_cells_duckdb,omitempty"`
}

// report is the whole benchmark.
type report struct {
	Machine     string       `json:"machine"`
	Threads     int          `json:"threads"`
	MemoryLimit string       `json:"memory_limit"`
	Storage     string       `json:"storage_version"`
	Sizes       []sizeResult `json:"sizes"`
	RatesMedian float64      `json:"rates_median_ms"`
	RatesRows   int          `json:"rates_database_rows"`
}

func run(ctx context.Context, args []string, out io.Writer) error {
	o, err := parseFlags(args, os.Stderr)
	if err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	if err := os.MkdirAll(o.dir, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", o.dir, err)
	}
	if o.dir, err = filepath.Abs(o.dir); err != nil {
		return err
	}
	if o.shared, err = filepath.Abs(o.shared); err != nil {
		return err
	}
	if o.wagescope == "" {
		if o.wagescope, err = buildWagescope(ctx, o.dir); err != nil {
			return err
		}
	}
	rep := report{Machine: machine(), Threads: o.threads, MemoryLimit: o.memoryLimit, Storage: o.storage}
	fmt.Fprintf(out, "machine: %s; DuckDB threads=%s memory_limit=%s storage_version=%s\n", rep.Machine, threadsText(o.threads), o.memoryLimit, o.storage)
	fmt.Fprintf(out, "%12s  %-14s %9s %12s %10s  %s\n", "rows", "side", "wall s", "rows/s", "peak RSS", "detail")
	var largestDB string
	for _, n := range o.sizes {
		res, db, err := measureSize(ctx, o, n)
		if err != nil {
			return fmt.Errorf("%d rows: %w", n, err)
		}
		rep.Sizes = append(rep.Sizes, res)
		largestDB = db
		fmt.Fprintf(out, "%12s  %-14s %9.2f %12s %8.0f MiB  %s\n", thousands(n), "(a) wagescope", res.Wagescope.Seconds,
			thousands(int(res.Wagescope.RowsPerS)), res.Wagescope.PeakRSSMB, stageText(res.Wagescope.Stages, "%.2f"))
		if peaks := stageText(res.Wagescope.StagePeakRSS, "%.0f"); peaks != "" {
			fmt.Fprintf(out, "%12s  %-14s %9s %12s %10s  stage peak RSS MiB: %s\n", "", "", "", "", "", peaks)
		}
		fmt.Fprintf(out, "%12s  %-14s %9.2f %12s %8.0f MiB  read_csv + GROUP BY (%s groups)\n", "", "(b) DuckDB", res.Floor.Seconds,
			thousands(int(res.Floor.RowsPerS)), res.Floor.PeakRSSMB, thousands(int(res.Groups)))
		fmt.Fprintf(out, "%12s  %-14s %9.2f   (%s CSV, %s postings with annual pay)\n", "", "ratio a/b", res.Ratio,
			byteText(res.FileBytes), thousands(int(res.PostedOK)))
		if c := res.SameCells; c != nil {
			printSameCells(out, c, res)
		}
	}
	for i := 1; i < len(rep.Sizes); i++ {
		a, b := rep.Sizes[i-1], rep.Sizes[i]
		fmt.Fprintf(out, "growth %s → %s rows (×%.0f): wagescope ×%.2f, DuckDB ×%.2f\n", thousands(a.Rows), thousands(b.Rows),
			float64(b.Rows)/float64(a.Rows), b.Wagescope.Seconds/a.Wagescope.Seconds, b.Floor.Seconds/a.Floor.Seconds)
	}
	if o.ratesRuns > 0 && largestDB != "" {
		med, err := timeRates(ctx, o, largestDB)
		if err != nil {
			return err
		}
		rep.RatesMedian = med
		rep.RatesRows = o.sizes[len(o.sizes)-1]
		fmt.Fprintf(out, "rates --occupation %s on the %s-row database: median %.1f ms of %d runs (process start to exit)\n",
			o.occupation, thousands(rep.RatesRows), med, o.ratesRuns)
	}
	if o.jsonOut != "" {
		b, _ := json.MarshalIndent(rep, "", "  ")
		if err := os.WriteFile(o.jsonOut, append(b, '\n'), 0o644); err != nil {
			return fmt.Errorf("write %s: %w", o.jsonOut, err)
		}
	}
	return nil
}

// measureSize generates (or reuses) n postings and times both sides.
func measureSize(ctx context.Context, o options, n int) (sizeResult, string, error) {
	res := sizeResult{Rows: n}
	dir := filepath.Join(o.dir, fmt.Sprintf("n%d", n))
	csvPath, err := ensurePostings(ctx, o, n)
	if err != nil {
		return res, "", err
	}
	st, err := os.Stat(csvPath)
	if err != nil {
		return res, "", err
	}
	res.FileBytes = st.Size()

	// (a): a database with the title lists is built first, untimed; the
	// timed run adds the postings to it, as a nightly run would.
	if err := os.RemoveAll(dir); err != nil {
		return res, "", err
	}
	base, err := writeConfig(o, dir, "base.yaml", "")
	if err != nil {
		return res, "", err
	}
	if _, _, err := timeCommand(ctx, o.wagescope, "--config", base, "--quiet", "run", "--only", "ingest,normalize,staging,marts", "--skip", "checks,report"); err != nil {
		return res, "", fmt.Errorf("base database: %w", err)
	}
	cfg, err := writeConfig(o, dir, "postings.yaml", csvPath)
	if err != nil {
		return res, "", err
	}
	secs, rss, err := timeCommand(ctx, o.wagescope, "--config", cfg, "--quiet", "run", "--only", "ingest,normalize,staging,marts", "--skip", "checks,report")
	if err != nil {
		return res, "", err
	}
	res.Wagescope = measurement{Seconds: secs, RowsPerS: float64(n) / secs, PeakRSSMB: rss}
	if res.Wagescope.Stages, res.Wagescope.StagePeakRSS, err = lastStages(ctx, o.wagescope, cfg); err != nil {
		return res, "", err
	}
	res.Wagescope.PeakRSSMB = overallPeak(rss, res.Wagescope.StagePeakRSS)
	db := filepath.Join(dir, "wagescope.duckdb")
	if res.PostedOK, err = countAnnualized(ctx, o.wagescope, cfg); err != nil {
		return res, "", err
	}

	// (b): the floor, in its own process and database.
	floorDB := filepath.Join(dir, "floor.duckdb")
	self, err := os.Executable()
	if err != nil {
		return res, "", err
	}
	var floorOut strings.Builder
	secs, rss, err = timeCommandOutput(ctx, &floorOut, self, floorCommand, "--csv", csvPath, "--db", floorDB,
		"--threads", strconv.Itoa(o.threads), "--memory-limit", o.memoryLimit, "--storage-version", o.storage)
	if err != nil {
		return res, "", fmt.Errorf("floor: %w", err)
	}
	var f childResult
	if err := json.Unmarshal([]byte(floorOut.String()), &f); err != nil {
		return res, "", fmt.Errorf("floor output %q: %w", floorOut.String(), err)
	}
	res.Floor = measurement{Seconds: secs, RowsPerS: float64(n) / secs, PeakRSSMB: rss,
		Stages: map[string]float64{"read_csv": f.LoadSeconds, "group_by": f.GroupSeconds}}
	res.Groups = f.Groups
	res.Ratio = res.Wagescope.Seconds / res.Floor.Seconds
	_ = os.Remove(floorDB)

	if o.sameCells {
		c, err := measureSameCells(ctx, o, dir, db, cfg, self)
		if err != nil {
			return res, "", err
		}
		c.RowsPerS = float64(n) / c.Seconds
		if c.Error == "" && c.Seconds > 0 {
			c.MartsRatio = res.Wagescope.Stages["marts"] / c.Seconds
			c.SameWorkRatio = res.Wagescope.Seconds / (res.Floor.Stages["read_csv"] + c.Stages["group_by"])
		}
		res.SameCells = &c
	}
	return res, db, nil
}

// measureSameCells runs (c): the clean rows exported from (a)'s database
// (not timed), then loaded and counted into cells in a fresh one. A run that
// fails (out of memory or temp space) is a result, not an error.
func measureSameCells(ctx context.Context, o options, dir, wagescopeDB, cfg, self string) (sameCells, error) {
	var c sameCells
	var err error
	if c.WagescopeCells, err = queryCount(ctx, o.wagescope, cfg, "SELECT count(*) FROM fct_wage_stats WHERE source_family = 'postings'"); err != nil {
		return c, err
	}
	parquet := filepath.Join(dir, "clean_postings.parquet")
	defer os.Remove(parquet)
	if _, _, err := timeCommand(ctx, self, cellsExportCommand, "--from", wagescopeDB, "--parquet", parquet); err != nil {
		return c, fmt.Errorf("same cells, export: %w", err)
	}
	cellsDB := filepath.Join(dir, "cells.duckdb")
	defer removeDatabase(cellsDB)
	var stdout strings.Builder
	secs, rss, err := timeCommandOutput(ctx, &stdout, self, cellsCommand, "--parquet", parquet, "--db", cellsDB,
		"--threads", strconv.Itoa(o.threads), "--memory-limit", o.memoryLimit, "--storage-version", o.storage, "--temp-limit", o.tempLimit)
	c.Seconds, c.PeakRSSMB = secs, rss
	if err != nil {
		if ctx.Err() != nil {
			return c, err
		}
		c.Error = childError(err)
		return c, nil
	}
	var r childResult
	if err := json.Unmarshal([]byte(stdout.String()), &r); err != nil {
		return c, fmt.Errorf("same cells output %q: %w", stdout.String(), err)
	}
	c.Cells = r.Groups
	c.Stages = map[string]float64{"load": r.LoadSeconds, "group_by": r.GroupSeconds}
	return c, nil
}

// childError is the first line a failed child wrote after its name.
func childError(err error) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, "wagescope-bench: "); i >= 0 {
		return firstLine(msg[i+len("wagescope-bench: "):])
	}
	return firstLine(msg)
}

func printSameCells(out io.Writer, c *sameCells, res sizeResult) {
	if c.Error != "" {
		fmt.Fprintf(out, "%12s  %-14s %9.2f %12s %8.0f MiB  same cells (%s in wagescope) FAILED: %s\n", "", "(c) DuckDB", c.Seconds, "",
			c.PeakRSSMB, thousands(int(c.WagescopeCells)), c.Error)
		return
	}
	fmt.Fprintf(out, "%12s  %-14s %9.2f %12s %8.0f MiB  same cells from clean columns: %s (wagescope %s); wagescope's marts %.2f s = %.2f × (c)\n", "",
		"(c) DuckDB", c.Seconds, thousands(int(c.RowsPerS)), c.PeakRSSMB, thousands(int(c.Cells)), thousands(int(c.WagescopeCells)),
		res.Wagescope.Stages["marts"], c.MartsRatio)
	fmt.Fprintf(out, "%12s  %-14s %9.2f   (a over (b)'s read_csv %.2f s + (c)'s GROUP BY %.2f s: the same work in bare DuckDB)\n", "",
		"ratio a/(b+c)", c.SameWorkRatio, res.Floor.Stages["read_csv"], c.Stages["group_by"])
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
	for _, s := range []struct{ name, kind, path string }{
		{"soc-structure-2018", "soc", "bls/crosswalks/soc/soc_structure_2018.xlsx"},
		{"oews-definitions-2023", "soc", "bls/crosswalks/soc/occupation_definitions_m2023.xlsx"},
		{"onet-alternate-titles", "titles", "bls/crosswalks/onet/Alternate Titles.xlsx"},
		{"onet-reported-titles", "titles", "bls/crosswalks/onet/Sample of Reported Titles.xlsx"},
	} {
		fmt.Fprintf(&b, "  - name: %s\n    kind: %s\n    path: %s\n", s.name, s.kind, quote(filepath.Join(o.shared, s.path)))
	}
	if csvPath != "" {
		fmt.Fprintf(&b, "  - name: synthetic-postings\n    kind: postings\n    preset: synthetic\n    path: %s\n", quote(csvPath))
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
		return secs, rss, fmt.Errorf("%s %s: %w\n%s", filepath.Base(name), strings.Join(args, " "), err, tail(stderr.String(), 2000))
	}
	return secs, rss, nil
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
	out, err := exec.CommandContext(ctx, bin, "--config", cfg, "runs", "--format", "json", "--limit", "1").Output()
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
	if err := json.Unmarshal(out, &runs); err != nil || len(runs) != 1 {
		return nil, nil, fmt.Errorf("runs output %q: %w", tail(string(out), 300), err)
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
// annual USD pay: a check that (a) did the work, not just the timing.
func countAnnualized(ctx context.Context, bin, cfg string) (int64, error) {
	return queryCount(ctx, bin, cfg, "SELECT count(*) FROM stg_postings__postings WHERE annual_mid_usd IS NOT NULL")
}

// queryCount asks `wagescope query` for one number.
func queryCount(ctx context.Context, bin, cfg, query string) (int64, error) {
	out, err := exec.CommandContext(ctx, bin, "--config", cfg, "query", "--format", "csv", query).Output()
	if err != nil {
		return 0, fmt.Errorf("query: %w", err)
	}
	lines := strings.Fields(string(out))
	if len(lines) < 2 {
		return 0, fmt.Errorf("query output %q", out)
	}
	return strconv.ParseInt(strings.Trim(lines[len(lines)-1], `"`), 10, 64)
}

// timeRates runs `wagescope rates` o.ratesRuns times and returns the median
// wall time in milliseconds.
func timeRates(ctx context.Context, o options, db string) (float64, error) {
	var ms []float64
	for i := 0; i < o.ratesRuns; i++ {
		start := time.Now()
		cmd := exec.CommandContext(ctx, o.wagescope, "--db", db, "rates", "--occupation", o.occupation, "--format", "csv")
		// In the database's directory, which holds no config.yaml: the
		// working directory's would be read, and a --wagescope binary of
		// another version may not know its keys.
		cmd.Dir = filepath.Dir(db)
		if out, err := cmd.CombinedOutput(); err != nil {
			return 0, fmt.Errorf("rates: %w\n%s", err, tail(string(out), 500))
		}
		ms = append(ms, float64(time.Since(start).Microseconds())/1000)
	}
	sort.Float64s(ms)
	mid := len(ms) / 2
	if len(ms)%2 == 0 {
		return (ms[mid-1] + ms[mid]) / 2, nil
	}
	return ms[mid], nil
}

// buildWagescope compiles the command under test into dir.
func buildWagescope(ctx context.Context, dir string) (string, error) {
	bin := filepath.Join(dir, "wagescope")
	cmd := exec.CommandContext(ctx, "go", "build", "-tags", "duckdb_arrow", "-o", bin, "./cmd/wagescope")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build wagescope (run from the repository root, or pass --wagescope): %w\n%s", err, out)
	}
	return bin, nil
}

func machine() string {
	mem := "unknown memory"
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb int64
		if _, err := fmt.Sscanf(string(b), "MemTotal: %d kB", &kb); err == nil {
			mem = fmt.Sprintf("%.1f GiB RAM", float64(kb)/(1<<20))
		}
	}
	return fmt.Sprintf("%d cores, %s, %s/%s, %s", runtime.NumCPU(), mem, runtime.GOOS, runtime.GOARCH, runtime.Version())
}

func threadsText(n int) string {
	if n == 0 {
		return "all"
	}
	return strconv.Itoa(n)
}

// stageText lists the pipeline stages' values in stage order, each printed
// with format.
func stageText(stages map[string]float64, format string) string {
	var parts []string
	for _, s := range []string{"ingest", "normalize", "staging", "marts"} {
		if v, ok := stages[s]; ok {
			parts = append(parts, s+" "+fmt.Sprintf(format, v))
		}
	}
	return strings.Join(parts, ", ")
}

func thousands(n int) string { return numfmt.Count(float64(n)) }

func byteText(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.2f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d B", n)
}

// ensurePostings returns the CSV of n synthetic postings for o.seed,
// generating it unless a directory whose manifest says so already holds it.
func ensurePostings(ctx context.Context, o options, n int) (string, error) {
	dir := filepath.Join(o.dir, fmt.Sprintf("postings-n%d-seed%d", n, o.seed))
	csvPath := filepath.Join(dir, synth.FileName(n, synth.FormatCSV))
	if b, err := os.ReadFile(filepath.Join(dir, synth.ManifestName)); err == nil {
		var m synth.Manifest
		if json.Unmarshal(b, &m) == nil && m.Rows == n && m.Seed == o.seed {
			if _, err := os.Stat(csvPath); err == nil {
				return csvPath, nil
			}
		}
	}
	files := []string{
		filepath.Join(o.shared, "bls/crosswalks/onet/Alternate Titles.xlsx"),
		filepath.Join(o.shared, "bls/crosswalks/onet/Sample of Reported Titles.xlsx"),
	}
	titles, err := synth.LoadTitles(ctx, files...)
	if err != nil {
		return "", err
	}
	start := time.Now()
	if _, err := synth.Generate(ctx, dir, synth.Options{Rows: n, Seed: o.seed, Titles: titles, TitleFiles: files}, []string{synth.FormatCSV}); err != nil {
		return "", err
	}
	fmt.Fprintf(os.Stderr, "generated %d postings in %.1f s: %s\n", n, time.Since(start).Seconds(), csvPath)
	return csvPath, nil
}
