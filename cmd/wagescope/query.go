package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

func (a *app) queryCommand() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:     "query SQL",
		Short:   "Run read-only SQL against the published database",
		Example: `  wagescope query "SELECT release, annual_median FROM fct_wage_stats WHERE occupation_code = '29-2010' AND area_code = 'US'"`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format, formatTable, formatJSON, formatCSV); err != nil {
				return err
			}
			db, err := a.openPublished(cmd.Context())
			if err != nil {
				return err
			}
			defer db.Close()
			t, err := db.QueryTable(cmd.Context(), args[0])
			if err != nil {
				return &exitError{code: exitFailure, err: fmt.Errorf("query: %w", err)}
			}
			if format == formatJSON {
				objs := make([]map[string]any, len(t.Rows))
				for i, r := range t.Rows {
					obj := make(map[string]any, len(t.Columns))
					for j, c := range t.Columns {
						obj[c] = jsonValue(r[j])
					}
					objs[i] = obj
				}
				return writeJSON(a.stdout, objs)
			}
			rows := make([][]string, len(t.Rows))
			for i, r := range t.Rows {
				rows[i] = make([]string, len(r))
				for j, v := range r {
					rows[i][j] = cellText(v)
				}
			}
			return writeGrid(a.stdout, format, t.Columns, rows)
		},
	}
	cmd.Flags().StringVar(&format, "format", formatTable, "table, json or csv")
	return cmd
}

func cellText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case time.Time:
		return x.UTC().Format(time.RFC3339)
	case []byte:
		return string(x)
	}
	return strings.TrimSpace(fmt.Sprint(v))
}

func jsonValue(v any) any {
	switch x := v.(type) {
	case time.Time:
		return x.UTC().Format(time.RFC3339)
	case []byte:
		return string(x)
	}
	return v
}
