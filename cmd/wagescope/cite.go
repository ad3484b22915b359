package main

import (
	"context"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/spf13/cobra"

	"github.com/wagescope/wagescope/pipeline/store"
	"github.com/wagescope/wagescope/reports"
)

// citation is one citable figure with everything needed to print it.
type citation struct {
	Measure         string          `json:"measure"`
	Value           float64         `json:"value"`
	Unit            string          `json:"unit"`
	IsTopCoded      bool            `json:"is_top_coded,omitempty"`
	Figure          string          `json:"figure"` // the value as printed
	OccupationCode  string          `json:"occupation_code"`
	OccupationTitle string          `json:"occupation_title"`
	AreaCode        string          `json:"area_code"`
	AreaTitle       string          `json:"area_title"`
	ReferencePeriod string          `json:"reference_period"`
	Release         string          `json:"release"` // OEWS release or projections cycle
	Statement       string          `json:"statement"`
	SourceLine      string          `json:"source_line"`
	Source          store.SourceRef `json:"source"`
	Notes           []string        `json:"notes,omitempty"`
}

func (a *app) citeCommand() *cobra.Command {
	var occupation, measureName, area, release, format string
	cmd := &cobra.Command{
		Use:   "cite",
		Short: "Print a figure with a ready-to-print source line",
		Example: `  wagescope cite --occupation 29-2010 --measure median
  wagescope cite --occupation "medical technologist" --measure growth --format markdown`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(format, formatText, formatJSON, formatMarkdown); err != nil {
				return err
			}
			m, err := lookupMeasure(measureName)
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			db, occ, err := a.openOccupation(ctx, occupation)
			if err != nil {
				return err
			}
			defer db.Close()
			var c citation
			if m.outlook != nil {
				c, err = citeOutlook(ctx, db, occ, strings.ToLower(measureName), m, release)
			} else {
				c, err = citeWage(ctx, db, occ, strings.ToLower(measureName), m, area, release)
			}
			if err != nil {
				return err
			}
			if occ.Via != "" {
				c.Notes = append([]string{"Occupation: " + occ.Via + "."}, c.Notes...)
			}
			return printCitation(a.stdout, format, c)
		},
	}
	f := cmd.Flags()
	f.StringVar(&occupation, "occupation", "", "SOC code or job title")
	f.StringVar(&measureName, "measure", "median", "one of "+measureNames())
	f.StringVar(&area, "area", "US", "US, a state code or name, a CBSA code or a metro name (wage measures)")
	f.StringVar(&release, "release", "", "OEWS release YYYY-MM, or projections cycle YYYY-YYYY for growth/openings (default: latest)")
	f.StringVar(&format, "format", formatText, "text, json or markdown")
	return cmd
}

func printCitation(w io.Writer, format string, c citation) error {
	switch format {
	case formatJSON:
		return writeJSON(w, c)
	case formatMarkdown:
		fmt.Fprintf(w, "%s\n\n*%s*\n", c.Statement, c.SourceLine)
		for _, n := range c.Notes {
			fmt.Fprintf(w, "\n> Note: %s\n", n)
		}
		return nil
	}
	fmt.Fprintln(w, c.Statement)
	fmt.Fprintln(w, c.SourceLine)
	for _, n := range c.Notes {
		fmt.Fprintln(w, "Note:", n)
	}
	return nil
}

// wageFigure finds the OEWS figure for an occupation, area and release
// (latest when release is empty), all employers.
func wageFigure(ctx context.Context, db *store.DB, occ resolvedOccupation, area store.Area, release string) (store.WageStat, error) {
	stats, err := db.WageStats(ctx, store.WageFilter{OccupationCode: occ.Code, AreaCode: area.Code, Release: release, SourceFamily: "oews"})
	if err != nil {
		return store.WageStat{}, err
	}
	if len(stats) == 0 {
		return store.WageStat{}, &exitError{code: exitFailure, err: fmt.Errorf("no OEWS figures for %s %s in %s%s",
			occ.Code, occ.Title, area.Title, releaseClause(release))}
	}
	return stats[0], nil
}

func citeWage(ctx context.Context, db *store.DB, occ resolvedOccupation, name string, m measure, areaArg, release string) (citation, error) {
	area, err := db.ResolveArea(ctx, areaArg)
	if err != nil {
		return citation{}, &exitError{code: exitFailure, err: err}
	}
	s, err := wageFigure(ctx, db, occ, area, release)
	if err != nil {
		return citation{}, err
	}
	v := m.wage(&s)
	if v == nil {
		return citation{}, &exitError{code: exitFailure, err: fmt.Errorf("the %s of %s %s in %s, %s is not published by BLS (suppressed or not estimated)",
			m.label, s.OccupationCode, s.OccupationTitle, area.Title, releaseLabel(s.Release))}
	}
	top := isTopCoded(s, m.topKey)
	c := citation{
		Measure: name, Value: *v, Unit: m.unit, IsTopCoded: top, Figure: formatValue(m.unit, *v, top),
		OccupationCode: s.OccupationCode, OccupationTitle: s.OccupationTitle, AreaCode: area.Code, AreaTitle: area.Title,
		ReferencePeriod: releaseLabel(s.Release), Release: s.Release, Source: s.Source, SourceLine: reports.WageCitation(s),
	}
	c.Statement = fmt.Sprintf("%s (SOC %s), %s, %s: %s %s.", s.OccupationTitle, s.OccupationCode, area.Title,
		releaseLabel(s.Release), m.label, c.Figure)
	if top {
		c.Notes = append(c.Notes, "BLS publishes this value only as the top-code: the true figure is at least this amount.")
	}
	if latest, err := db.LatestRelease(ctx); err == nil && latest != "" && latest != s.Release {
		c.Notes = append(c.Notes, fmt.Sprintf("A newer OEWS release is loaded: %s.", releaseLabel(latest)))
	}
	if name == "median" && area.Code == "US" {
		if outs, err := db.Outlooks(ctx, s.OccupationCode); err == nil && len(outs) > 0 && outs[0].WageRelease != "" && outs[0].WageRelease != s.Release {
			o := outs[0]
			c.Notes = append(c.Notes, fmt.Sprintf("The Employment Projections %s print the %s median%s; this figure is from %s. Cite each figure with its own vintage.",
				o.Cycle, releaseLabel(o.WageRelease), parenthesizedUSD(o.MedianWage), releaseLabel(s.Release)))
		}
	}
	return c, nil
}

func parenthesizedUSD(v *float64) string {
	if v == nil {
		return ""
	}
	return " (" + usd(v) + ")"
}

var shortCycle = regexp.MustCompile(`^(\d{2})(\d{2})-(\d{2})$`)

// normalizeCycle accepts 2022-2032 and 2022-32.
func normalizeCycle(s string) string {
	if m := shortCycle.FindStringSubmatch(s); m != nil {
		return m[1] + m[2] + "-" + m[1] + m[3]
	}
	return s
}

// outlookFigure picks the projections cycle (newest when cycle is empty).
func outlookFigure(ctx context.Context, db *store.DB, occ resolvedOccupation, cycle string) (store.Outlook, error) {
	outs, err := db.Outlooks(ctx, occ.Code)
	if err != nil {
		return store.Outlook{}, err
	}
	cycle = normalizeCycle(cycle)
	for _, o := range outs {
		if cycle == "" || o.Cycle == cycle {
			return o, nil
		}
	}
	return store.Outlook{}, &exitError{code: exitFailure, err: fmt.Errorf("no Employment Projections for %s %s%s",
		occ.Code, occ.Title, map[bool]string{true: "", false: " in cycle " + cycle}[cycle == ""])}
}

func citeOutlook(ctx context.Context, db *store.DB, occ resolvedOccupation, name string, m measure, release string) (citation, error) {
	o, err := outlookFigure(ctx, db, occ, release)
	if err != nil {
		return citation{}, err
	}
	v := m.outlook(&o)
	if v == nil {
		return citation{}, &exitError{code: exitFailure, err: fmt.Errorf("the %s of %s is not published in the %s projections", m.label, occ.Code, o.Cycle)}
	}
	period := fmt.Sprintf("%d–%d", o.BaseYear, o.ProjectedYear)
	c := citation{
		Measure: name, Value: *v, Unit: m.unit, Figure: formatValue(m.unit, *v, false),
		OccupationCode: o.OccupationCode, OccupationTitle: o.OccupationTitle, AreaCode: "US", AreaTitle: "United States",
		ReferencePeriod: period, Release: o.Cycle, Source: o.Source, SourceLine: reports.OutlookCitation(o),
	}
	switch name {
	case "growth":
		verb := "grow"
		if *v < 0 {
			verb = "decline"
		}
		c.Statement = fmt.Sprintf("Employment of %s (SOC %s) in the United States is projected to %s %s from %d to %d (from %s to %s jobs).",
			o.OccupationTitle, o.OccupationCode, verb, formatValue("percent", abs(*v), false), o.BaseYear, o.ProjectedYear,
			count(o.EmploymentBase), count(o.EmploymentProjected))
	default:
		c.Statement = fmt.Sprintf("About %s openings for %s (SOC %s) are projected each year, on average, over %s.",
			c.Figure, o.OccupationTitle, o.OccupationCode, period)
	}
	if latest, err := db.LatestRelease(ctx); err == nil && latest != "" && o.WageRelease != "" && latest != o.WageRelease {
		c.Notes = append(c.Notes, fmt.Sprintf("These projections were published with the %s OEWS median wage%s; the latest OEWS release loaded is %s. A wage and a growth figure printed together come from different vintages: cite each with its own source.",
			releaseLabel(o.WageRelease), parenthesizedUSD(o.MedianWage), releaseLabel(latest)))
	}
	return c, nil
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}
