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
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/wagescope/wagescope/internal/numfmt"
	"github.com/wagescope/wagescope/internal/synth"
	"github.com/wagescope/wagescope/pipeline"
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
	case tablesCommand:
		err = runTablesChild(ctx, os.Args[2:], os.Stdout)
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
	keptTables  bool
	tempLimit   string
	profile     bool
	// self is this command's binary, which runs (b), (c), its export and (d) as
	// children.
	self string
	// titles gives the generator's title dictionary; nil reads the O*NET
	// lists under shared (once).
	titles func() ([]synth.Title, error)
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
	fs.IntVar(&o.ratesRuns, "rates-runs", 20, "how many answers of wagescope rates (`n`) are timed on the largest database")
	fs.StringVar(&o.occupation, "occupation", "29-2011", "the occupation (SOC `code`) wagescope rates is asked for")
	fs.StringVar(&o.jsonOut, "json", "", "also write the results as JSON to this file")
	fs.BoolVar(&o.sameCells, "same-cells", true, "also time (c): bare DuckDB computing wagescope's posted cells from clean columns")
	fs.BoolVar(&o.keptTables, "kept-tables", true, "also time (d): bare DuckDB copying the tables (a) keeps per posting and per cell")
	fs.StringVar(&o.tempLimit, "temp-limit", "10GB", "DuckDB max_temp_directory_size for every bare-DuckDB side ((c) spills)")
	fs.BoolVar(&o.profile, "profile", false, "(a) also writes a Go CPU profile (cpu.pprof) and DuckDB's profile of its SQL (sql-profile.txt) into each size's work directory; its SQL then runs one statement at a time")
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

// checkOptions rejects, before any work, the limits DuckDB would refuse
// only when a child opens its database, after postings were generated and
// sides timed: through the checks wagescope's own config gets
// (pipeline's threads and memory_limit, store's storage version), and for
// the temp cap DuckDB itself.
func checkOptions(ctx context.Context, o options) error {
	var errs []error
	if err := (pipeline.Config{Threads: o.threads, MemoryLimit: o.memoryLimit}).ValidateDatabase(); err != nil {
		errs = append(errs, flagErrors(err)...)
	}
	if err := store.CheckStorageVersion(o.storage); err != nil {
		errs = append(errs, fmt.Errorf("--storage-version: %w", err))
	}
	if err := checkTempLimit(ctx, o.tempLimit); err != nil {
		errs = append(errs, fmt.Errorf("--temp-limit: %w", err))
	}
	return errors.Join(errs...)
}

// flagErrors are the configuration errors in err (ValidateDatabase's
// joined ones) said of the bench's flags: --memory-limit, not the config
// key memory_limit.
func flagErrors(err error) []error {
	all := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		all = slices.Clone(j.Unwrap())
	}
	for i, e := range all {
		var ce *pipeline.ConfigError
		if errors.As(e, &ce) && ce.Key != "" {
			all[i] = fmt.Errorf("--%s: %s", strings.ReplaceAll(ce.Key, "_", "-"), ce.Msg)
		}
	}
	return all
}

// checkTempLimit sets limit as max_temp_directory_size on a scratch
// in-memory DuckDB: the statement (c) runs, so no second parser of sizes to
// drift from DuckDB's.
func checkTempLimit(ctx context.Context, limit string) error {
	db, err := store.Open(ctx, "", store.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	for _, s := range tempLimitSettings(limit) {
		if err := db.Exec(ctx, s); err != nil {
			return err
		}
	}
	return nil
}

// measurement is one timed child process. A failed one has its Error and
// no seconds or rate: a run that failed, or read other rows than the
// postings hold, measured nothing.
type measurement struct {
	Seconds   float64            `json:"seconds,omitempty"`
	RowsPerS  float64            `json:"rows_per_second,omitempty"`
	PeakRSSMB float64            `json:"peak_rss_mib,omitempty"`
	Stages    map[string]float64 `json:"stages,omitempty"`
	// StagePeakRSS is each stage's own peak resident memory, in MiB, as the
	// run recorded it (Linux).
	StagePeakRSS map[string]float64 `json:"stage_peak_rss_mib,omitempty"`
	// RowsRead is how many rows the side read: (a) loaded or rejected, (b)
	// kept by read_csv, (c) clean rows loaded.
	RowsRead int64 `json:"rows_read,omitempty"`
	// Error is why the side failed.
	Error string `json:"error,omitempty"`
	// FailedRunSeconds is the wall time of a failed side's run, to its
	// failure or, when it read the wrong rows, whole.
	FailedRunSeconds float64 `json:"failed_run_seconds,omitempty"`
}

// failed is m failed with err. It keeps the peaks (what memory a failure
// took) but no timing.
func (m measurement) failed(err error) measurement {
	m.Error = childError(err)
	m.FailedRunSeconds, m.Seconds, m.RowsPerS, m.Stages = m.Seconds, 0, 0, nil
	return m
}

// ok is whether m is a measurement: it ran and did not fail.
func (m measurement) ok() bool { return m.Error == "" && m.Seconds > 0 }

// sizeResult is one size's sides.
type sizeResult struct {
	Rows      int   `json:"rows"`
	FileBytes int64 `json:"csv_bytes,omitempty"`
	// Error is why no side ran: the postings could not be had, or the
	// size's work directory could not be cleared.
	Error     string      `json:"error,omitempty"`
	Wagescope measurement `json:"wagescope"`
	Floor     measurement `json:"bare_duckdb"`
	Ratio     float64     `json:"ratio,omitempty"`
	Groups    int64       `json:"floor_groups,omitempty"`
	PostedOK  int64       `json:"posted_rows_with_annual_pay,omitempty"`
	SameCells *sameCells  `json:"same_cells_duckdb,omitempty"`
	// KeptTables is (d).
	KeptTables *keptTablesResult `json:"kept_tables_duckdb,omitempty"`
	// Profiles are (a)'s profiles (--profile): Go's CPU profile and
	// DuckDB's of the SQL stages.
	Profiles []string `json:"profiles,omitempty"`
}

// failures are the size's failures of the bench. (c)'s timed query failing
// is not one: it is the reference not fitting in memory and temp space.
func (r sizeResult) failures() []string {
	var f []string
	add := func(what, msg string) {
		if msg != "" {
			f = append(f, fmt.Sprintf("%s rows%s: %s", thousands(r.Rows), what, msg))
		}
	}
	add("", r.Error)
	add(", (a)", r.Wagescope.Error)
	add(", (b)", r.Floor.Error)
	if c := r.SameCells; c != nil && r.Wagescope.Error == "" {
		add(", (c)", c.NotRun)
	}
	if d := r.KeptTables; d != nil && r.Wagescope.Error == "" {
		add(", (d)", d.Error)
	}
	return f
}

// report is the whole benchmark.
type report struct {
	Machine     string       `json:"machine"`
	Threads     int          `json:"threads"`
	MemoryLimit string       `json:"memory_limit"`
	Storage     string       `json:"storage_version"`
	Sizes       []sizeResult `json:"sizes"`
	RatesMedian float64      `json:"rates_median_ms,omitempty"`
	RatesRows   int          `json:"rates_database_rows,omitempty"`
	RatesError  string       `json:"rates_error,omitempty"`
}

func run(ctx context.Context, args []string, out io.Writer) error {
	o, err := parseFlags(args, os.Stderr)
	if err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	if err := checkOptions(ctx, o); err != nil {
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
	if o.self, err = os.Executable(); err != nil {
		return err
	}
	switch {
	case o.wagescope == "":
		if o.wagescope, err = buildWagescope(ctx, o.dir); err != nil {
			return err
		}
	case strings.ContainsRune(o.wagescope, filepath.Separator):
		// rates runs in the database's directory (see timeRates): a
		// relative path would not be found from there. A bare name is
		// looked up in PATH.
		if o.wagescope, err = filepath.Abs(o.wagescope); err != nil {
			return err
		}
	}
	return bench(ctx, o, out)
}

// bench measures every size, then rates, and prints and writes all that was
// measured; a failure is recorded where it happened and the rest still
// runs, the error at the end saying how many there were.
func bench(ctx context.Context, o options, out io.Writer) error {
	rep := report{Machine: machine(), Threads: o.threads, MemoryLimit: o.memoryLimit, Storage: o.storage}
	fmt.Fprintf(out, "machine: %s; DuckDB threads=%s memory_limit=%s storage_version=%s\n", rep.Machine, threadsText(o.threads), o.memoryLimit, o.storage)
	fmt.Fprintf(out, "%12s  %-14s %9s %12s %10s  %s\n", "rows", "side", "wall s", "rows/s", "peak RSS", "detail")
	var largestDB string
	var failures []string
	if o.titles == nil {
		o.titles = loadTitles(ctx, o)
	}
	for _, n := range o.sizes {
		res, db, err := measureSize(ctx, o, n)
		if err != nil {
			return fmt.Errorf("%d rows: %w", n, err)
		}
		rep.Sizes = append(rep.Sizes, res)
		failures = append(failures, res.failures()...)
		if db != "" {
			largestDB, rep.RatesRows = db, n
		}
		printSize(out, res)
	}
	for i := 1; i < len(rep.Sizes); i++ {
		a, b := rep.Sizes[i-1], rep.Sizes[i]
		fmt.Fprintf(out, "growth %s → %s rows (×%.0f): wagescope %s, DuckDB %s\n", thousands(a.Rows), thousands(b.Rows),
			float64(b.Rows)/float64(a.Rows), growthText(a.Wagescope, b.Wagescope), growthText(a.Floor, b.Floor))
	}
	if o.ratesRuns > 0 && largestDB != "" {
		med, err := timeRates(ctx, o, largestDB)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			rep.RatesError = childError(err)
			failures = append(failures, "rates: "+rep.RatesError)
			fmt.Fprintf(out, "rates --occupation %s on the %s-row database FAILED: %s\n", o.occupation, thousands(rep.RatesRows), rep.RatesError)
		} else {
			rep.RatesMedian = med
			fmt.Fprintf(out, "rates --occupation %s on the %s-row database: median %.1f ms of %d runs (process start to exit)\n",
				o.occupation, thousands(rep.RatesRows), med, o.ratesRuns)
		}
	}
	if rep.RatesMedian == 0 {
		rep.RatesRows = 0
	}
	if o.jsonOut != "" {
		b, err := json.MarshalIndent(rep, "", "  ")
		if err != nil {
			return fmt.Errorf("results as JSON: %w", err)
		}
		if err := os.WriteFile(o.jsonOut, append(b, '\n'), 0o644); err != nil {
			return fmt.Errorf("write %s: %w", o.jsonOut, err)
		}
	}
	if len(failures) > 0 {
		return fmt.Errorf("%d failures (all else measured): %s", len(failures), strings.Join(failures, "; "))
	}
	return nil
}

// printSize prints one size's rows of the table.
func printSize(out io.Writer, res sizeResult) {
	if res.Error != "" {
		fmt.Fprintf(out, "%12s  FAILED: %s\n", thousands(res.Rows), res.Error)
		return
	}
	printSide(out, thousands(res.Rows), "(a) wagescope", res.Wagescope, stageText(res.Wagescope.Stages, "%.2f"))
	if peaks := stageText(res.Wagescope.StagePeakRSS, "%.0f"); peaks != "" && res.Wagescope.ok() {
		fmt.Fprintf(out, "%12s  %-14s %9s %12s %10s  stage peak RSS MiB: %s\n", "", "", "", "", "", peaks)
	}
	if len(res.Profiles) > 0 {
		fmt.Fprintf(out, "%12s  %-14s %9s %12s %10s  profiles: %s\n", "", "", "", "", "", strings.Join(res.Profiles, ", "))
	}
	printSide(out, "", "(b) DuckDB", res.Floor, fmt.Sprintf("read_csv + GROUP BY (%s groups)", thousands(int(res.Groups))))
	if res.Ratio > 0 {
		fmt.Fprintf(out, "%12s  %-14s %9.2f   (%s CSV, %s postings with annual pay)\n", "", "ratio a/b", res.Ratio,
			byteText(res.FileBytes), thousands(int(res.PostedOK)))
	}
	if c := res.SameCells; c != nil {
		printSameCells(out, c, res)
	}
	if d := res.KeptTables; d != nil {
		printKeptTables(out, d)
	}
}

// printSide prints a side's row: its time, rate and peak, and detail, or
// why it failed.
func printSide(out io.Writer, rows, side string, m measurement, detail string) {
	if m.Error != "" {
		ran := ""
		if m.FailedRunSeconds > 0 {
			ran = fmt.Sprintf(" (after %.2f s)", m.FailedRunSeconds)
		}
		fmt.Fprintf(out, "%12s  %-14s %9s %12s %8.0f MiB  FAILED%s: %s\n", rows, side, "—", "—", m.PeakRSSMB, ran, m.Error)
		return
	}
	fmt.Fprintf(out, "%12s  %-14s %9.2f %12s %8.0f MiB  %s\n", rows, side, m.Seconds, thousands(int(m.RowsPerS)), m.PeakRSSMB, detail)
}

func printSameCells(out io.Writer, c *sameCells, res sizeResult) {
	switch {
	case c.NotRun != "":
		fmt.Fprintf(out, "%12s  %-14s %9s %12s %10s  same cells NOT RUN: %s\n", "", "(c) DuckDB", "—", "—", "", c.NotRun)
		return
	case c.Error != "":
		printSide(out, "", "(c) DuckDB", c.measurement, "")
		fmt.Fprintf(out, "%12s  %-14s %9s %12s %10s  (same cells: %s in wagescope)\n", "", "", "", "", "", thousands(int(c.WagescopeCells)))
		return
	}
	printSide(out, "", "(c) DuckDB", c.measurement, fmt.Sprintf("same cells from clean columns: %s (wagescope %s); wagescope's marts %.2f s = %.2f × (c)",
		thousands(int(c.Cells)), thousands(int(c.WagescopeCells)), res.Wagescope.Stages["marts"], c.MartsRatio))
	if c.SameWorkRatio > 0 {
		fmt.Fprintf(out, "%12s  %-14s %9.2f   (a over (b)'s read_csv %.2f s + (c)'s GROUP BY %.2f s: the same work in bare DuckDB)\n", "",
			"ratio a/(b+c)", c.SameWorkRatio, res.Floor.Stages["read_csv"], c.Stages["group_by"])
	}
}

// growthText is how much longer b took than a, when both were measured.
func growthText(a, b measurement) string {
	if !a.ok() || !b.ok() {
		return "— (failed)"
	}
	return fmt.Sprintf("×%.2f", b.Seconds/a.Seconds)
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
			return 0, fmt.Errorf("run %d: %w\n%s", i+1, err, tail(string(out), 500))
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
