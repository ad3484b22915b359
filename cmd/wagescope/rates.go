package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/wagescope/wagescope/pipeline/store"
)

func (a *app) ratesCommand() *cobra.Command {
	var occupation, area, experience, employerType, release, format string
	cmd := &cobra.Command{
		Use:   "rates",
		Short: "Market pay rates for an occupation (OEWS percentiles), by area, employer type and release",
		Example: `  wagescope rates --occupation "medical technologist" --area CA
  wagescope rates --occupation 29-2010 --release 2023-05 --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(format, formatTable, formatJSON, formatCSV); err != nil {
				return err
			}
			ctx := cmd.Context()
			db, occ, err := a.openOccupation(ctx, occupation)
			if err != nil {
				return err
			}
			defer db.Close()
			ar, err := db.ResolveArea(ctx, area)
			if err != nil {
				return &exitError{code: exitFailure, err: err}
			}
			rel := release
			if rel == "" {
				if rel, err = db.LatestRelease(ctx); err != nil {
					return err
				}
			}
			if rel == "all" {
				rel = ""
			}
			stats, err := db.WageStats(ctx, store.WageFilter{
				OccupationCode: occ.Code, AreaCode: ar.Code, EmployerType: employerType,
				Experience: experience, Release: rel,
			})
			if err != nil {
				return err
			}
			if len(stats) == 0 {
				return &exitError{code: exitFailure, err: fmt.Errorf("no published rates for %s %s in %s%s",
					occ.Code, occ.Title, ar.Title, releaseClause(rel))}
			}
			for i := range stats {
				hideSuppressed(&stats[i])
			}
			if format == formatJSON {
				return writeJSON(a.stdout, stats)
			}
			return writeGrid(a.stdout, format, rateHeader, rateRows(stats))
		},
	}
	f := cmd.Flags()
	f.StringVar(&occupation, "occupation", "", "SOC code (29-2010) or job title (\"medical technologist\")")
	f.StringVar(&area, "area", "US", "US, a state code or name, a CBSA code or a metro name")
	f.StringVar(&experience, "experience", "ALL", "experience level (posted data only; OEWS has ALL)")
	f.StringVar(&employerType, "employer-type", "ALL", "ALL, hospital, clinic_physician_office, laboratory, government, education, staffing_agency, …")
	f.StringVar(&release, "release", "", "OEWS release YYYY-MM (default: the latest loaded; \"all\" for every release)")
	f.StringVar(&format, "format", formatTable, "table, json or csv")
	return cmd
}

func releaseClause(rel string) string {
	if rel == "" {
		return ""
	}
	return " for " + releaseLabel(rel)
}

// hideSuppressed blanks every figure of a suppressed cell so its value
// cannot leak into any output.
func hideSuppressed(s *store.WageStat) {
	if !s.IsSuppressed || s.SourceFamily == "oews" {
		// OEWS marks what it does not publish itself (NULLs); postings cells
		// under the minimum count are blanked here.
		return
	}
	s.AnnualMean, s.AnnualP10, s.AnnualP25, s.AnnualMedian, s.AnnualP75, s.AnnualP90 = nil, nil, nil, nil, nil, nil
	s.HourlyMean, s.HourlyMedian = nil, nil
}

var rateHeader = []string{"release", "source", "area", "employer type", "industry", "employment/n",
	"mean", "p10", "p25", "median", "p75", "p90", "file"}

func rateRows(stats []store.WageStat) [][]string {
	rows := make([][]string, 0, len(stats))
	for _, s := range stats {
		size := count(s.Employment)
		if s.N != nil {
			size = fmt.Sprintf("n=%d", *s.N)
		}
		top := map[string]bool{}
		for _, t := range s.TopCoded {
			top[t] = true
		}
		cell := func(name string, v *float64) string {
			if top[name] {
				return "≥" + usd(v)
			}
			return usd(v)
		}
		rows = append(rows, []string{
			s.Release, s.SourceFamily, s.AreaCode + " " + s.AreaTitle, s.EmployerType,
			strings.TrimSpace(s.IndustryCode + " " + s.IndustryTitle), size,
			cell("annual_mean", s.AnnualMean), cell("annual_p10", s.AnnualP10), cell("annual_p25", s.AnnualP25),
			cell("annual_median", s.AnnualMedian), cell("annual_p75", s.AnnualP75), cell("annual_p90", s.AnnualP90),
			s.Source.FileName,
		})
	}
	return rows
}
