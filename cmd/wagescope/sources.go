package main

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"
)

func (a *app) sourcesCommand() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "sources",
		Short: "List the published sources: release, sha256, rows loaded and rejected, last ingest",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(format, formatTable, formatJSON, formatCSV); err != nil {
				return err
			}
			db, err := a.openPublished(cmd.Context())
			if err != nil {
				return err
			}
			defer db.Close()
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
			if err := writeGrid(a.stdout, format, []string{"source", "kind", "release", "file", "sha256", "rows", "rejected", "status", "ingested"}, rows); err != nil {
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
