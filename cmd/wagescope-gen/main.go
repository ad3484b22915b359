package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"

	"github.com/wagescope/wagescope/internal/synth"
)

// Exit codes.
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run parses the flags, generates and reports; it returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("wagescope-gen", flag.ContinueOnError)
	fl.SetOutput(stderr)
	rows := fl.Int("rows", 1_000_000, "postings to write")
	seed := fl.Uint64("seed", 1, "random seed; the same seed gives the same bytes")
	out := fl.String("out", filepath.Join("out", "synthetic"), "output directory")
	formats := fl.String("format", "csv,parquet", "output formats: csv, parquet or both, comma-separated")
	titles := fl.String("titles", strings.Join(synth.DefaultTitleFiles(), ","), "comma-separated O*NET title files")
	workers := fl.Int("workers", 0, "generating goroutines (0: GOMAXPROCS); the output does not depend on it")
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	usage := func(msg string) int {
		fmt.Fprintf(stderr, "wagescope-gen: %s\n", msg)
		fl.Usage()
		return exitUsage
	}
	if fl.NArg() > 0 {
		return usage(fmt.Sprintf("unexpected arguments %q", fl.Args()))
	}
	if *rows < 1 {
		return usage(fmt.Sprintf("--rows must be at least 1, not %d", *rows))
	}
	if *workers < 0 {
		return usage(fmt.Sprintf("--workers must not be negative, not %d", *workers))
	}
	fmts := splitList(*formats)
	for _, f := range fmts {
		if f != synth.FormatCSV && f != synth.FormatParquet {
			return usage(fmt.Sprintf("--format: unknown format %q (csv, parquet)", f))
		}
	}
	if len(fmts) == 0 {
		return usage("--format names no format")
	}
	files := splitList(*titles)
	if len(files) == 0 {
		return usage("--titles names no file")
	}

	ts, err := synth.LoadTitles(ctx, files...)
	if err != nil {
		fmt.Fprintf(stderr, "wagescope-gen: %v\n", err)
		return exitFail
	}
	opt := synth.Options{Rows: *rows, Seed: *seed, Titles: ts, Workers: *workers, TitleFiles: files}
	m, err := synth.Generate(ctx, *out, opt, fmts)
	if err != nil {
		fmt.Fprintf(stderr, "wagescope-gen: %v\n", err)
		return exitFail
	}
	for _, f := range m.Files {
		fmt.Fprintf(stdout, "%s\t%d rows\t%d duplicates\t%d bad\t%d bytes\tsha256 %s\n",
			filepath.Join(*out, f.Name), f.Rows, f.Duplicates, f.BadRows, f.Bytes, f.SHA256)
	}
	fmt.Fprintf(stdout, "%s\t%d titles\tseed %d\tsynthetic data\n", filepath.Join(*out, synth.ManifestName), m.Titles, m.Seed)
	return exitOK
}

// splitList splits a comma-separated flag value, dropping blanks.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
