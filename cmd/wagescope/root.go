package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"github.com/wagescope/wagescope/pipeline"
	"github.com/wagescope/wagescope/pipeline/store"
)

// Exit codes (DESIGN.md): 0 ok, 1 failure, 2 usage or configuration error,
// 3 partial (some sources failed, published data unchanged); beyond DESIGN,
// 4 when another run holds the lock, and 128+signal (130 SIGINT, 143
// SIGTERM) when a run is interrupted (main sets those).
const (
	exitOK          = 0
	exitFailure     = 1
	exitUsage       = 2
	exitPartial     = 3
	exitLocked      = 4
	exitInterrupted = 130
	// exitSignalBase plus the signal's number is the exit code after a
	// signal (shell convention).
	exitSignalBase = 128
)

// version is the tool's version: printed by --version and sent in the
// User-Agent of downloads.
const version = "0.6.0"

// exitError carries an exit code up to the single exit point.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}
func (e *exitError) Unwrap() error { return e.err }

// exitDoc is one line of a help text's exit codes: a code and what it means.
type exitDoc struct {
	code    int
	meaning string
}

// exitCodesHelp is the "Exit codes" paragraph of a command's help: 0, 1 and
// 2, which every command returns, then docs (a doc for 1 replaces the
// generic line), then 130/143, since main turns any failure after SIGINT or
// SIGTERM into 128+signal.
func exitCodesHelp(docs ...exitDoc) string {
	lines := []exitDoc{{exitOK, "ok"}, {exitFailure, "failure"}, {exitUsage, "usage or configuration error"}}
	for _, d := range docs {
		if d.code < len(lines) {
			lines[d.code] = d
		} else {
			lines = append(lines, d)
		}
	}
	var b strings.Builder
	b.WriteString("Exit codes:")
	for _, l := range lines {
		fmt.Fprintf(&b, "\n  %-9d %s", l.code, l.meaning)
	}
	signals := fmt.Sprintf("%d / %d", exitSignalBase+int(syscall.SIGINT), exitSignalBase+int(syscall.SIGTERM))
	fmt.Fprintf(&b, "\n  %-9s interrupted by SIGINT / SIGTERM", signals)
	return b.String()
}

func usageError(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

// app is the state one invocation shares between commands: streams and the
// global flags. Nothing is global.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	configPath     string
	dbFlag, outDir string
	verbose, quiet bool
	logFormat      string
	log            *slog.Logger
	// configFrom says where each configuration key was set (loadConfig).
	configFrom map[string]string
	// exitsAfter is set when the process ends with this command (main),
	// not when a test runs commands one after another in one process.
	exitsAfter bool
}

// execute runs one command line and returns its exit code; exitsAfter says
// the process ends right after it (see closePublished).
func execute(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, exitsAfter bool) int {
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr, exitsAfter: exitsAfter}
	root := a.rootCommand()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	code := exitCode(err)
	var ee *exitError
	if !errors.As(err, &ee) || ee.err != nil {
		// A flag error can stop cobra before it reads --log-format.
		parsed := root.PersistentFlags().Lookup("log-format").Changed
		if a.logFormat == "json" || (!parsed && jsonLogRequested(args)) {
			// Batch logs are JSON Lines (cron appends 2>&1 to a .jsonl
			// file): the final error is a record too.
			slog.New(slog.NewJSONHandler(stderr, nil)).Error(err.Error(), "exit_code", code)
		} else {
			fmt.Fprintln(stderr, "wagescope:", err)
		}
	}
	return code
}

// exitCode is the exit code for a command's error.
func exitCode(err error) int {
	var ee *exitError
	var ce *pipeline.ConfigError
	switch {
	case errors.As(err, &ee):
		return ee.code
	case errors.As(err, &ce):
		return exitUsage
	case isCobraUsageError(err):
		return exitUsage
	}
	return exitFailure
}

// jsonLogRequested reports whether args ask for --log-format json, for an
// error cobra met before it parsed that flag.
func jsonLogRequested(args []string) bool {
	for i, arg := range args {
		switch {
		case arg == "--":
			return false
		case arg == "--log-format=json":
			return true
		case arg == "--log-format" && i+1 < len(args) && args[i+1] == "json":
			return true
		}
	}
	return false
}

// isCobraUsageError recognizes cobra's own flag and argument errors, which
// it returns as plain errors.
func isCobraUsageError(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown flag", "unknown shorthand flag", "unknown command", "flag needs an argument",
		"invalid argument", "accepts ", "requires at least", "required flag"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}

func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "wagescope",
		Short: "Salary and labor-market analytics from BLS wage, outlook and posted-salary files",
		Long: `wagescope ingests BLS wage, outlook and posted-salary files into one DuckDB
database, publishes marts and chart reports, and answers rates, citations and
fact checks from the published database.

` + exitCodesHelp(exitDoc{exitPartial, "run: some sources failed; nothing was published, the previous data stays"},
			exitDoc{exitLocked, "run, rollback: another run holds the lock"}),
		Version:       version,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			return a.setupLogging()
		},
	}
	pf := root.PersistentFlags()
	pf.StringVar(&a.configPath, "config", "", "configuration file (default config.yaml when present)")
	pf.StringVar(&a.dbFlag, "db", "", "published database file (overrides database:)")
	pf.StringVar(&a.outDir, "out", "", "report site directory (overrides output:)")
	pf.BoolVarP(&a.verbose, "verbose", "v", false, "log debug detail")
	pf.BoolVar(&a.quiet, "quiet", false, "log only errors")
	pf.StringVar(&a.logFormat, "log-format", "text", "log format: text (for people) or json (for batch)")
	root.AddCommand(a.runCommand(), a.ratesCommand(), a.citeCommand(), a.checkCommand(),
		a.sourcesCommand(), a.titlesCommand(), a.queryCommand(), a.runsCommand(), a.rollbackCommand())
	return root
}

func (a *app) setupLogging() error {
	level := slog.LevelInfo
	switch {
	case a.verbose && a.quiet:
		return usageError("--verbose and --quiet exclude each other")
	case a.verbose:
		level = slog.LevelDebug
	case a.quiet:
		level = slog.LevelError
	}
	opts := &slog.HandlerOptions{Level: level}
	switch a.logFormat {
	case "text":
		a.log = slog.New(slog.NewTextHandler(a.stderr, opts))
	case "json":
		a.log = slog.New(slog.NewJSONHandler(a.stderr, opts))
	default:
		return usageError("--log-format: %q is not text or json", a.logFormat)
	}
	return nil
}

// loadConfig merges defaults < config file < WAGESCOPE_* environment < flags.
// Unknown keys and values of the wrong type are errors naming the key and
// where it was set.
func (a *app) loadConfig() (pipeline.Config, string, error) {
	v := viper.New()
	for k, val := range pipeline.Defaults() {
		v.SetDefault(k, val)
	}
	v.SetEnvPrefix("WAGESCOPE")
	v.SetEnvKeyReplacer(strings.NewReplacer("-", "_"))
	v.AutomaticEnv()

	cwd, err := os.Getwd()
	if err != nil {
		return pipeline.Config{}, "", err
	}
	path := a.configPath
	if path == "" {
		path = os.Getenv("WAGESCOPE_CONFIG")
	}
	explicit := path != ""
	if !explicit {
		path = "config.yaml"
	}
	dir := cwd
	if _, statErr := os.Stat(path); statErr == nil {
		v.SetConfigFile(path)
		v.SetConfigType("yaml")
		if err := v.ReadInConfig(); err != nil {
			return pipeline.Config{}, "", &pipeline.ConfigError{Msg: fmt.Sprintf("%s: %v", path, err)}
		}
		abs, _ := filepath.Abs(path)
		dir = filepath.Dir(abs)
	} else if explicit {
		return pipeline.Config{}, "", &pipeline.ConfigError{Msg: fmt.Sprintf("config file %s: %v", path, statErr)}
	} else {
		path = ""
	}
	// Paths given on the command line or in the environment are relative to
	// the working directory, not to the config file.
	flags := map[string]string{}
	for _, f := range []struct{ key, flag, value string }{{"database", "--db", a.dbFlag}, {"output", "--out", a.outDir}} {
		val := f.value
		if val != "" {
			flags[f.key] = f.flag
		} else {
			val = os.Getenv(envVar(f.key))
		}
		if val != "" {
			abs, err := filepath.Abs(val)
			if err != nil {
				return pipeline.Config{}, "", err
			}
			v.Set(f.key, abs)
		}
	}
	a.configFrom = configOrigins(v, path, flags)
	var cfg pipeline.Config
	if errs := configProblems(v.AllSettings(), v.Unmarshal(&cfg, strictNumbers), a.configFrom, path); len(errs) > 0 {
		return pipeline.Config{}, "", errors.Join(errs...)
	}
	cfg.Dir = dir
	return cfg, path, nil
}

// openPublished opens the published database read-only for the query commands.
func (a *app) openPublished(ctx context.Context) (*store.DB, error) {
	cfg, _, err := a.loadConfig()
	if err != nil {
		return nil, err
	}
	if err := cfg.ValidateDatabase(); err != nil {
		return nil, attribute(err, a.configFrom)
	}
	dbPath := cfg.Database
	if !filepath.IsAbs(dbPath) {
		dbPath = filepath.Join(cfg.Dir, dbPath)
	}
	if _, err := os.Stat(dbPath); err != nil {
		return nil, fmt.Errorf("no published database at %s: run `wagescope run` first (%w)", dbPath, err)
	}
	return store.Open(ctx, dbPath, store.Options{ReadOnly: true, Threads: cfg.Threads, MemoryLimit: cfg.MemoryLimit})
}

// closePublished closes a database openPublished opened for a lookup
// (rates, cite, check, runs, sources), unless the process ends right after
// the command: then the exit closes it. It is read-only, so nothing is left
// to write, and its file lock goes with the process; DuckDB's own teardown
// would free its catalog and buffers, 7-9 ms of a rates answer of about
// 100 ms on the 10M-posting database. query and titles close as usual: a
// large query can spill to temporary files, which only the teardown removes.
func (a *app) closePublished(db *store.DB) {
	if a.exitsAfter {
		return
	}
	db.Close()
}
