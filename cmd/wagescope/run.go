package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/wagescope/wagescope/pipeline"
)

func (a *app) runCommand() *cobra.Command {
	var only []string
	var force bool
	cmd := &cobra.Command{
		Use:   "run",
		Short: "Run the batch: ingest sources, build marts and reports, publish atomically",
		Long: `Run ingests every configured source, builds the staging tables and marts,
runs the data checks, writes the report site, and only then replaces the
published database and site. Exit codes: 0 ok, 1 failure, 2 configuration
error, 3 some sources failed (nothing published; the previous data stays).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if _, err := pipeline.SelectStages(only); err != nil {
				return err
			}
			cfg, path, err := a.loadConfig()
			if err != nil {
				return err
			}
			if err := cfg.Validate(); err != nil {
				return err
			}
			res, err := pipeline.Run(cmd.Context(), cfg, pipeline.Options{
				Only: only, Force: force, ConfigPath: path, Logger: a.log,
			})
			for _, s := range res.Sources {
				if s.Err != "" {
					fmt.Fprintf(a.stderr, "source %s failed: %s\n", s.Source, s.Err)
				}
			}
			switch {
			case errors.Is(err, pipeline.ErrSourcesFailed):
				return &exitError{code: exitPartial, err: err}
			case err != nil:
				return err
			}
			a.log.Info("run published", "run_id", res.RunID, "database", cfg.Database, "site", cfg.Output)
			return nil
		},
	}
	cmd.Flags().StringSliceVar(&only, "only", nil, "run only these stages ("+fmt.Sprint(pipeline.Stages())+"); without ingest, start from the published database")
	cmd.Flags().BoolVar(&force, "force", false, "rebuild everything (every run rebuilds fully in this version)")
	return cmd
}
