package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/wagescope/wagescope/pipeline"
)

func (a *app) runCommand() *cobra.Command {
	var only, skip []string
	var force, offline bool
	var cpuProfile, sqlProfilePath string
	cmd := &cobra.Command{
		Use:   "run",
		Short: "Run the batch: ingest sources, build marts and reports, publish atomically",
		Long: `Run ingests every configured source, builds the staging tables and marts,
runs the data checks, writes the report site, and only then replaces the
published database and site; a run that fails or is interrupted publishes
nothing.

The site's index shows the run's time and id in one metadata block. With
SOURCE_DATE_EPOCH set (Unix seconds) it shows that time and no run id, so two
runs on the same inputs write byte-identical sites.

` + exitCodesHelp(exitDoc{exitFailure, "failure (a stage, a data check or a guard); nothing was published"},
			exitDoc{exitPartial, "some sources failed; nothing was published, the previous data stays"},
			exitDoc{exitLocked, "another run holds the lock (the message names the process)"}),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if _, err := pipeline.SelectStages(only, skip); err != nil {
				return err
			}
			// said now, not after a run of an hour whose profile is lost
			if sqlProfilePath != "" {
				if fi, err := os.Stat(sqlProfilePath); err == nil && fi.IsDir() {
					return usageError("--sql-profile %s: a directory; name the file to write", sqlProfilePath)
				}
				if err := checkWritableDir(filepath.Dir(sqlProfilePath)); err != nil {
					return usageError("--sql-profile %s: %v", sqlProfilePath, err)
				}
			}
			cfg, path, err := a.loadConfig()
			if err != nil {
				return err
			}
			if err := cfg.Validate(); err != nil {
				return attribute(err, a.configFrom)
			}
			siteTime, err := sourceDateEpoch(os.Getenv("SOURCE_DATE_EPOCH"))
			if err != nil {
				return usageError("%v", err)
			}
			if cpuProfile != "" {
				stop, err := startCPUProfile(cpuProfile)
				if err != nil {
					return err
				}
				defer stop()
			}
			var profile *sqlProfile
			if sqlProfilePath != "" {
				profile = &sqlProfile{}
				defer func() {
					if err := profile.write(sqlProfilePath); err != nil {
						a.log.Error("--sql-profile: not written", "error", err)
					}
				}()
			}
			var progress func(stage string, done, total int)
			if bar := newProgressBar(a.stderr); bar != nil && !a.quiet && a.logFormat != "json" {
				progress = bar.update
			}
			res, err := pipeline.Run(cmd.Context(), cfg, pipeline.Options{
				Progress: progress,
				Only:     only, Skip: skip, Force: force, Offline: offline, ConfigPath: path, Logger: a.log, SiteTime: siteTime,
				Version: version, SQLProfile: profile.collector(),
			})
			// A recap for people, after the progress bar; a JSON log already
			// holds a "source failed" record for each, and every stderr line
			// of it must be JSON.
			for _, s := range res.Sources {
				if s.Err != "" && cmd.Context().Err() == nil && a.logFormat != "json" {
					fmt.Fprintf(a.stderr, "source %s failed: %s\n", s.Source, s.Err)
				}
			}
			switch {
			case errors.Is(err, pipeline.ErrSourcesFailed):
				return &exitError{code: exitPartial, err: err}
			case errors.Is(err, pipeline.ErrLocked):
				return &exitError{code: exitLocked, err: err}
			case err != nil && cmd.Context().Err() != nil:
				return &exitError{code: exitInterrupted, err: fmt.Errorf("interrupted (%w); the published database and site are unchanged", err)}
			case err != nil:
				return err
			}
			attrs := []any{"run_id", res.RunID, "database", cfg.Database, "site", cfg.Output, "unchanged", res.Unchanged}
			if c := res.Changes; c != nil && !c.Unchanged {
				attrs = append(attrs, "new_releases", len(c.NewReleases), "releases_removed", len(c.ReleasesRemoved), "occupations_added", len(c.OccupationsAdded),
					"occupations_removed", len(c.OccupationsRemoved), "medians_moved", c.MedianMovesTotal)
			}
			a.log.Info("run published", attrs...)
			return nil
		},
	}
	cmd.Flags().StringSliceVar(&only, "only", nil, "run only these stages ("+fmt.Sprint(pipeline.Stages())+"), and every stage after one that rewrites tables (ingest, normalize, staging, marts); without ingest, start from the published database")
	cmd.Flags().StringSliceVar(&skip, "skip", nil, "leave out checks or report even when --only brings them; the build is published without them (benchmarks, development)")
	cmd.Flags().BoolVar(&force, "force", false, "rebuild everything: re-read every source file even when unchanged")
	cmd.Flags().BoolVar(&offline, "offline", false, "fetched (url:) sources come from the cache only; nothing is downloaded")
	cmd.Flags().StringVar(&cpuProfile, "cpuprofile", "", "write a Go CPU profile of the run to this file (go tool pprof)")
	cmd.Flags().StringVar(&sqlProfilePath, "sql-profile", "", "write DuckDB's profile of the SQL stages to this file: statements and operators, slowest first (the statements run one at a time)")
	return cmd
}

// sourceDateEpoch reads SOURCE_DATE_EPOCH (reproducible-builds.org): Unix
// seconds to print as the site's generation time. Empty means unset.
func sourceDateEpoch(v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	secs, err := strconv.ParseInt(v, 10, 64)
	if err != nil || secs < 0 {
		return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH=%q: want a whole number of seconds since 1970-01-01 UTC", v)
	}
	return time.Unix(secs, 0).UTC(), nil
}

// startCPUProfile profiles the Go side of a run (DuckDB's own threads show
// up as time in cgo calls).
func startCPUProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("--cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("--cpuprofile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}
