package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/wagescope/wagescope/pipeline"
	"github.com/wagescope/wagescope/pipeline/store"
)

func (a *app) runsCommand() *cobra.Command {
	var format string
	var limit int
	cmd := &cobra.Command{
		Use:   "runs",
		Short: "List recent runs from the ledger: status, per-stage seconds and rows, what the ingest read",
		Long: `runs lists the newest runs of the ledger in the published database: status,
per-stage seconds, rows and peak memory, and what the ingest read. Runs that
published nothing (failed, partial, stopped by a check or guard) are listed
from the records kept beside the snapshots, with their message.

` + exitCodesHelp(),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(format, formatTable, formatJSON, formatCSV); err != nil {
				return err
			}
			if limit < 1 {
				return usageError("--limit: must be at least 1, got %d", limit)
			}
			db, err := a.openPublished(cmd.Context())
			if err != nil {
				return err
			}
			defer a.closePublished(db)
			runs, err := db.Runs(cmd.Context(), limit)
			if err != nil {
				return err
			}
			if runs, err = withUnpublishedRuns(db.Path(), runs, limit); err != nil {
				return err
			}
			if format == formatJSON {
				out := make([]runJSON, len(runs))
				for i, r := range runs {
					out[i] = runJSON{RunID: r.RunID, StartedAt: r.StartedAt, FinishedAt: r.FinishedAt, Status: r.Status,
						Stages: runStages(r), Message: r.Message}
				}
				return writeJSON(a.stdout, out)
			}
			rows := make([][]string, 0, len(runs))
			for _, r := range runs {
				stages := runStages(r)
				var parts []string
				total := 0.0
				for _, s := range stages {
					total += s.Seconds
					if s.Skipped {
						parts = append(parts, s.Stage+" skipped")
					} else {
						part := fmt.Sprintf("%s %.1fs %d rows", s.Stage, s.Seconds, s.Rows)
						if s.PeakRSSMiB > 0 {
							part += fmt.Sprintf(" %.0f MiB peak", s.PeakRSSMiB)
						}
						parts = append(parts, part)
					}
				}
				message, _, _ := strings.Cut(r.Message, "\n")
				rows = append(rows, []string{fmt.Sprint(r.RunID), r.StartedAt, r.Status, fmt.Sprintf("%.1f", total),
					ingestDetail(stages), strings.Join(parts, "; "), message})
			}
			return writeGrid(a.stdout, format, []string{"run", "started", "status", "seconds", "ingest", "stages", "message"}, rows)
		},
	}
	cmd.Flags().StringVar(&format, "format", formatTable, "table, json or csv")
	cmd.Flags().IntVar(&limit, "limit", 10, "how many runs, newest first")
	return cmd
}

// runJSON is a run as `runs --format json` prints it: the ledger's record
// with its stages as objects rather than the JSON text the ledger keeps.
type runJSON struct {
	RunID      int64                  `json:"run_id"`
	StartedAt  string                 `json:"started_at"`
	FinishedAt string                 `json:"finished_at"`
	Status     string                 `json:"status"`
	Stages     []pipeline.StageTiming `json:"stages"`
	Message    string                 `json:"message,omitempty"`
}

// runStages decodes a run's per-stage record (empty, not nil, when it has
// none: a run that died early).
func runStages(r store.RunRecord) []pipeline.StageTiming {
	stages := []pipeline.StageTiming{}
	if err := json.Unmarshal([]byte(r.Stages), &stages); err != nil {
		return []pipeline.StageTiming{}
	}
	return stages
}

// ingestDetail is what a run's ingest read, e.g. "0 files read, 25 unchanged, …".
func ingestDetail(stages []pipeline.StageTiming) string {
	for _, s := range stages {
		if s.Stage == pipeline.StageIngest {
			return s.Detail
		}
	}
	return ""
}

func (a *app) rollbackCommand() *cobra.Command {
	var to int64
	var list bool
	cmd := &cobra.Command{
		Use:   "rollback",
		Short: "Publish a kept snapshot again (the one before the published run, or --to RUN); --list shows them",
		Long: `Each published run is kept as a snapshot in <database>.snapshots/ (keep_snapshots:
in the configuration, default 3). rollback publishes an older snapshot again,
database and site, by atomic rename; it takes the run lock, so it never races
a run. The next run starts from the rolled-back database.

` + exitCodesHelp(exitDoc{exitLocked, "a run holds the lock"}),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, _, err := a.loadConfig()
			if err != nil {
				return err
			}
			if err := cfg.Validate(); err != nil {
				return attribute(err, a.configFrom)
			}
			if list {
				snaps, err := pipeline.Snapshots(cfg.Database)
				if err != nil {
					return err
				}
				cur, err := pipeline.PublishedSnapshot(cfg.Database)
				if err != nil {
					return err
				}
				rows := make([][]string, 0, len(snaps))
				for _, s := range snaps {
					mark := ""
					if s.RunID == cur.RunID {
						mark = "published"
					}
					rows = append(rows, []string{fmt.Sprint(s.RunID), s.PublishedAt, fmt.Sprint(s.DataRun()), fmt.Sprint(s.SiteRunID), mark})
				}
				return writeGrid(a.stdout, formatTable, []string{"run", "published", "data of run", "site of run", ""}, rows)
			}
			res, err := pipeline.Rollback(cmd.Context(), cfg, to, time.Now())
			if err != nil {
				if errors.Is(err, pipeline.ErrLocked) {
					return &exitError{code: exitLocked, err: err}
				}
				return err
			}
			for _, n := range res.Notes {
				fmt.Fprintf(a.stderr, "note: %s\n", n)
			}
			fmt.Fprintf(a.stdout, "published run %d again (database and the site of run %d); run %d stays kept as a snapshot\n",
				res.To.RunID, res.To.SiteRunID, res.From.RunID)
			return nil
		},
	}
	cmd.Flags().Int64Var(&to, "to", 0, "the run to publish again (default: the newest snapshot before the published run)")
	cmd.Flags().BoolVar(&list, "list", false, "list the kept snapshots and exit")
	return cmd
}

// withUnpublishedRuns merges the records of runs that published nothing
// (kept beside the snapshots: their ledger rows went with their builds)
// into the ledger's runs, newest first, at most limit.
func withUnpublishedRuns(database string, runs []store.RunRecord, limit int) ([]store.RunRecord, error) {
	unpublished, err := pipeline.UnpublishedRuns(database)
	if err != nil {
		return nil, err
	}
	seen := map[int64]bool{}
	for _, r := range runs {
		seen[r.RunID] = true
	}
	for _, u := range unpublished {
		if seen[u.RunID] {
			continue
		}
		stages, _ := json.Marshal(u.Stages)
		runs = append(runs, store.RunRecord{RunID: u.RunID, StartedAt: u.StartedAt.Format(time.RFC3339),
			FinishedAt: u.FinishedAt.Format(time.RFC3339), Status: string(u.Status), Stages: string(stages), Message: u.Message})
	}
	sort.Slice(runs, func(i, j int) bool { return runs[i].RunID > runs[j].RunID })
	return runs[:min(len(runs), limit)], nil
}
