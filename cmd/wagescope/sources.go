package main

import (
	"context"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/wagescope/wagescope/pipeline"
	"github.com/wagescope/wagescope/pipeline/store"
)

func (a *app) sourcesCommand() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "sources",
		Short: "List the published sources: release, sha256, rows loaded and rejected, last ingest",
		Long: `sources lists every source file in the published database with its release,
sha256, rows loaded and rejected, and when it was read.

` + exitCodesHelp(),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(format, formatTable, formatJSON, formatCSV); err != nil {
				return err
			}
			db, err := a.openPublished(cmd.Context())
			if err != nil {
				return err
			}
			defer a.closePublished(db)
			files, err := db.SourceFiles(cmd.Context())
			if err != nil {
				return err
			}
			quality, err := db.PostingQuality(cmd.Context())
			if err != nil {
				return err
			}
			if format == formatJSON {
				return writeJSON(a.stdout, struct {
					Files          any `json:"files"`
					PostingQuality any `json:"posting_quality"`
				}{files, quality})
			}
			if format == formatTable {
				if err := a.printFreshness(cmd.Context(), db); err != nil {
					return err
				}
			}
			rows := make([][]string, 0, len(files))
			for _, f := range files {
				sha := f.SHA256
				if format == formatTable && len(sha) > 12 {
					sha = sha[:12]
				}
				rows = append(rows, []string{f.Name, f.Kind, f.Release, f.FileName, sha,
					strconv.FormatInt(f.RowsLoaded, 10), strconv.FormatInt(f.RowsRejected, 10), f.Status, f.IngestedAt})
			}
			if len(rows) == 0 {
				return fmt.Errorf("the published database lists no sources")
			}
			if err := writeGrid(a.stdout, format, []string{"source", "kind", "release", "file", "sha256", "rows", "rejected", "status", "read at"}, rows); err != nil {
				return err
			}
			if len(quality) == 0 || format == formatCSV {
				return nil
			}
			fmt.Fprintln(a.stdout, "\nPosting quality")
			qrows := make([][]string, len(quality))
			for i, q := range quality {
				qrows[i] = []string{q.Source, strconv.FormatInt(q.RowsLoaded, 10), strconv.FormatInt(q.DistinctPostings, 10),
					strconv.FormatInt(q.RowsWithPay, 10), strconv.FormatInt(q.RowsAnnualized, 10), strconv.FormatInt(q.RowsEstimated, 10),
					strconv.FormatFloat(100*q.TitleMatchRate, 'f', 1, 64) + "%", strconv.FormatInt(q.RowsRejected, 10)}
			}
			if err := writeGrid(a.stdout, format, []string{"source", "rows", "distinct", "with pay", "annualized", "estimates", "titles matched", "rejected"}, qrows); err != nil {
				return err
			}
			for _, q := range quality {
				if q.RejectsByReason != "" {
					fmt.Fprintf(a.stdout, "%s rejects: %s\n", q.Source, q.RejectsByReason)
				}
				if q.TopUnknownTitles != "" {
					fmt.Fprintf(a.stdout, "%s unknown titles: %s\n", q.Source, q.TopUnknownTitles)
				}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", formatTable, "table, json or csv")
	return cmd
}

// printFreshness says what is published and what the last run did: an
// analyst's first question after a night's run.
func (a *app) printFreshness(ctx context.Context, db *store.DB) error {
	snap, err := pipeline.PublishedSnapshot(db.Path())
	if err != nil {
		return err
	}
	if snap.RunID != 0 {
		fmt.Fprintf(a.stdout, "published: run %d at %s (site of run %d)", snap.RunID, snap.PublishedAt, snap.SiteRunID)
		if snap.Note != "" {
			fmt.Fprintf(a.stdout, "; %s", snap.Note)
		}
		fmt.Fprintln(a.stdout)
	}
	runs, err := db.Runs(ctx, 1)
	if err != nil || len(runs) == 0 {
		return err
	}
	detail := ""
	if d := ingestDetail(runStages(runs[0])); d != "" {
		detail = ": " + d
	}
	fmt.Fprintf(a.stdout, "last run in this database: %d, %s, started %s%s\n\n", runs[0].RunID, runs[0].Status, runs[0].StartedAt, detail)
	return nil
}
