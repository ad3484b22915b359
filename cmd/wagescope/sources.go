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
			if format == formatJSON {
				return writeJSON(a.stdout, files)
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
			return writeGrid(a.stdout, format, []string{"source", "kind", "release", "file", "sha256", "rows", "rejected", "status", "ingested"}, rows)
		},
	}
	cmd.Flags().StringVar(&format, "format", formatTable, "table, json or csv")
	return cmd
}
