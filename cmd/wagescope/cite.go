package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/wagescope/wagescope/internal/lazyre"
	"github.com/wagescope/wagescope/internal/numfmt"
	"github.com/wagescope/wagescope/pipeline/normalize"
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
	SourceFamily    string          `json:"source_family,omitempty"` // postings for posted pay
	SampleSize      *int64          `json:"n,omitempty"`             // postings behind a posted figure
}

func (a *app) citeCommand() *cobra.Command {
	var occupation, measureName, area, release, format string
	var posted postedCell
	cmd := &cobra.Command{
		Use:   "cite",
		Short: "Print a figure with a ready-to-print source line",
		Long: `cite prints one published figure for an occupation with a source line naming
the survey, its reference period and the file it came from.

` + exitCodesHelp(exitDoc{exitFailure, "failure, or the figure cannot be cited (not published, suppressed or under the minimum cell size)"}),
		Example: `  wagescope cite --occupation 29-2010 --measure median
  wagescope cite --occupation "medical technologist" --measure growth --format markdown
  wagescope cite --occupation 15-2051 --measure median --source-family postings --area CA --period 2024`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(format, formatText, formatJSON, formatMarkdown); err != nil {
				return err
			}
			ctx := cmd.Context()
			db, occ, m, err := a.openMeasured(ctx, occupation, measureName, &posted)
			if err != nil {
				return err
			}
			defer a.closePublished(db)
			if release, err = releaseFor(ctx, db, cmd, m, posted, release); err != nil {
				return err
			}
			var c citation
			switch {
			case m.outlook != nil:
				c, err = citeOutlook(ctx, db, occ, strings.ToLower(measureName), m, release)
			case posted.family == "postings":
				c, err = citePosted(ctx, db, occ, strings.ToLower(measureName), m, area, posted)
			default:
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
	f.StringVar(&area, "area", "US", "US, a state postal or FIPS code (CA, 06) or name, a CBSA code or a metro name (wage measures)")
	f.StringVar(&release, "release", "", "OEWS release (2023-05, May 2023 or 2023), or projections cycle (2022-32) for growth/openings (default: latest)")
	f.StringVar(&format, "format", formatText, "text, json or markdown")
	posted.flags(f)
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
		return store.WageStat{}, &exitError{code: exitFailure, err: fmt.Errorf("no OEWS figures for %s %s in %s%s%s",
			occ.Code, occ.Title, inArea(area.Title), releaseClause(release), broaderCodeHint(ctx, db, occ.Code, area, release))}
	}
	return stats[0], nil
}

// broaderCodeHint names the broader SOC code a release publishes an
// occupation under when it has none of its own (May 2020 has 11-2030
// Public Relations and Fundraising Managers, not 11-2032), so the answer
// says where the figure is rather than only that it is missing; "" when
// neither the broad nor the minor group has figures there.
func broaderCodeHint(ctx context.Context, db *store.DB, code string, area store.Area, release string) string {
	if len(code) != 7 || release == "" {
		return ""
	}
	for _, broader := range []string{code[:6] + "0", code[:5] + "00"} {
		if broader == code {
			continue
		}
		stats, err := db.WageStats(ctx, store.WageFilter{OccupationCode: broader, AreaCode: area.Code, Release: release, SourceFamily: "oews"})
		if err == nil && len(stats) > 0 {
			return fmt.Sprintf(": that release publishes it only as part of %s %s (--occupation %s)", broader, stats[0].OccupationTitle, broader)
		}
	}
	return ""
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
	if v == nil && s.HourlyOnly && m.unit == "usd" {
		return citation{}, &exitError{code: exitFailure, err: fmt.Errorf("BLS publishes only hourly wages for %s %s (%s, %s): there is no %s; cite --measure hourly_median (%s) or hourly_mean",
			s.OccupationCode, s.OccupationTitle, area.Title, releaseLabel(s.Release), m.label, hourlyUSD(s.HourlyMedian))}
	}
	if v == nil {
		return citation{}, &exitError{code: exitFailure, err: fmt.Errorf("the %s of %s %s in %s, %s is not in the loaded OEWS file (BLS suppressed or did not estimate it, or the file, such as a means-only extract, does not carry it)",
			m.label, s.OccupationCode, s.OccupationTitle, inArea(area.Title), releaseLabel(s.Release))}
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
				o.Cycle, releaseLabel(o.WageRelease), parenthesizedUSD(o.MedianWage, o.MedianWageTopCoded), releaseLabel(s.Release)))
		}
	}
	return c, nil
}

// postedCell selects a posted-pay cell for cite and check.
type postedCell struct {
	family, period, experience, employerType string
}

func (p *postedCell) flags(f *pflag.FlagSet) {
	f.StringVar(&p.family, "source-family", "oews", "oews (survey) or postings (posted pay)")
	f.StringVar(&p.period, "period", "ALL", "postings: ALL, a year, a quarter (2024-Q1) or a month (2024-03)")
	f.StringVar(&p.experience, "experience", "ALL", "postings: ALL, entry, mid, senior, lead, executive")
	f.StringVar(&p.employerType, "employer-type", "ALL", "postings: ALL or an employer type")
}

// validate checks the flags and spells them as the data does (Senior →
// senior, 2024-q1 → 2024-Q1).
func (p *postedCell) validate() error {
	p.family = strings.ToLower(strings.TrimSpace(p.family))
	if err := checkChoice("--source-family", p.family, "oews", "postings"); err != nil {
		return err
	}
	basis := "ALL"
	return checkCellFilters(&p.experience, &p.employerType, &p.period, &basis)
}

// Values the cell filters of rates, cite and check take: the marts' own
// vocabulary, so a misspelt value is a usage error, not an empty answer.
var (
	experienceChoices   = slices.Concat([]string{"ALL"}, normalize.ExperienceLevels, []string{"unknown"})
	employerTypeChoices = slices.Concat([]string{"ALL"}, normalize.EmployerTypes, []string{"mixed"})
	payBasisChoices     = []string{"ALL", "employer", "estimate"}
	periodPattern       = lazyre.New(`^(ALL|\d{4}|\d{4}-Q[1-4]|\d{4}-(0[1-9]|1[0-2]))$`)
)

func checkCellFilters(experienceFlag, employerTypeFlag, periodFlag, payBasisFlag *string) error {
	for _, f := range []struct {
		name    string
		value   *string
		choices []string
	}{
		{"--experience", experienceFlag, experienceChoices},
		{"--employer-type", employerTypeFlag, employerTypeChoices},
		{"--pay-basis", payBasisFlag, payBasisChoices},
	} {
		*f.value = canonicalChoice(*f.value, f.choices)
		if err := checkChoice(f.name, *f.value, f.choices...); err != nil {
			return err
		}
	}
	*periodFlag = strings.ToUpper(strings.TrimSpace(*periodFlag))
	experience, employerType, period, payBasis := *experienceFlag, *employerTypeFlag, *periodFlag, *payBasisFlag
	if !periodPattern.MatchString(period) {
		return usageError("--period: %q is not ALL, a year (2024), a quarter (2024-Q1) or a month (2024-03)", period)
	}
	// fct_wage_stats breaks quarters and months down by occupation and area
	// only (README, Pay statistics): say so rather than find no cell.
	if strings.Contains(period, "-") {
		for _, f := range []struct{ flag, value string }{{"--experience", experience}, {"--employer-type", employerType}, {"--pay-basis", payBasis}} {
			if !strings.EqualFold(f.value, "ALL") {
				return usageError("--period %s with %s %s: quarters and months are published by occupation and area only; use a year (%s) or leave %s out",
					period, f.flag, f.value, period[:4], f.flag)
			}
		}
	}
	return nil
}

// postedFigure finds the posted-pay cell for an occupation and area.
func postedFigure(ctx context.Context, db *store.DB, occ resolvedOccupation, area store.Area, p postedCell) (store.WageStat, error) {
	stats, err := db.WageStats(ctx, store.WageFilter{OccupationCode: occ.Code, AreaCode: area.Code, SourceFamily: "postings",
		Period: p.period, Experience: p.experience, EmployerType: p.employerType})
	if err != nil {
		return store.WageStat{}, err
	}
	if len(stats) == 0 {
		return store.WageStat{}, &exitError{code: exitFailure, err: fmt.Errorf("no postings with pay for %s %s in %s (period %s, experience %s, employer type %s)",
			occ.Code, occ.Title, inArea(area.Title), p.period, p.experience, p.employerType)}
	}
	s := stats[0]
	if s.IsSuppressed {
		return store.WageStat{}, &exitError{code: exitFailure, err: fmt.Errorf("the posted pay of %s %s in %s rests on %s, under the minimum cell size: it is suppressed and cannot be cited",
			occ.Code, occ.Title, inArea(area.Title), numfmt.Counted(derefInt(s.N), "posting", "postings"))}
	}
	return s, nil
}

func derefInt(v *int64) int64 {
	if v == nil {
		return 0
	}
	return *v
}

func citePosted(ctx context.Context, db *store.DB, occ resolvedOccupation, name string, m measure, areaArg string, p postedCell) (citation, error) {
	if !m.posted {
		return citation{}, usageError("--measure %s is not computed from postings (use mean, median, p10, p25, p75 or p90)", name)
	}
	area, err := db.ResolveArea(ctx, areaArg)
	if err != nil {
		return citation{}, &exitError{code: exitFailure, err: err}
	}
	s, err := postedFigure(ctx, db, occ, area, p)
	if err != nil {
		return citation{}, err
	}
	v := m.wage(&s)
	if v == nil {
		return citation{}, &exitError{code: exitFailure, err: fmt.Errorf("no posted %s for %s in %s", m.label, occ.Code, inArea(area.Title))}
	}
	period := s.PostedYears
	if s.PeriodType != "all" {
		period = s.Period
	}
	if period == "" {
		period = "(posting dates not given)"
	}
	c := citation{
		Measure: name, Value: *v, Unit: m.unit, Figure: formatValue(m.unit, *v, false),
		OccupationCode: s.OccupationCode, OccupationTitle: s.OccupationTitle, AreaCode: area.Code, AreaTitle: area.Title,
		ReferencePeriod: period, Release: s.Period, Source: s.Source, SourceLine: reports.PostedCitation(s),
		SampleSize: s.N, SourceFamily: "postings",
	}
	postings := "job postings"
	if s.FromSynthetic() {
		postings = reports.SyntheticPostings
	}
	c.Statement = fmt.Sprintf("%s (SOC %s), %s, %s %s: posted %s %s (n = %d).", s.OccupationTitle, s.OccupationCode,
		area.Title, postings, period, m.label, c.Figure, derefInt(s.N))
	if name == "median" && s.MedianCILow != nil && s.MedianCIHigh != nil {
		c.Notes = append(c.Notes, fmt.Sprintf("95%% confidence interval of the median (order statistics): %s to %s.", usd(s.MedianCILow), usd(s.MedianCIHigh)))
	}
	c.Notes = append(c.Notes, "Posted pay is what employers (or estimators) advertised, not what a survey measured; cite it as posted pay.")
	return c, nil
}

func parenthesizedUSD(v *float64, topCoded bool) string {
	if v == nil {
		return ""
	}
	if topCoded {
		return " (≥" + usd(v) + ", a top-code: the wage is at least this)"
	}
	return " (" + usd(v) + ")"
}

// outlookFigure picks the projections cycle (newest when cycle is empty).
func outlookFigure(ctx context.Context, db *store.DB, occ resolvedOccupation, cycle string) (store.Outlook, error) {
	outs, err := db.Outlooks(ctx, occ.Code)
	if err != nil {
		return store.Outlook{}, err
	}
	for _, o := range outs {
		if cycle == "" || o.Cycle == cycle {
			return o, nil
		}
	}
	if cycle == "" || len(outs) == 0 {
		return store.Outlook{}, &exitError{code: exitFailure, err: fmt.Errorf("no Employment Projections for %s %s", occ.Code, occ.Title)}
	}
	loaded := make([]string, len(outs))
	for i, o := range outs {
		loaded[i] = o.Cycle
	}
	return store.Outlook{}, &exitError{code: exitFailure, err: fmt.Errorf("the %s Employment Projections are not in the published database for %s %s; loaded: %s",
		cycle, occ.Code, occ.Title, strings.Join(loaded, ", "))}
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
			releaseLabel(o.WageRelease), parenthesizedUSD(o.MedianWage, o.MedianWageTopCoded), releaseLabel(latest)))
	}
	return c, nil
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

// inArea is an area's title as it reads after "in": the United States.
func inArea(title string) string {
	if title == "United States" {
		return "the United States"
	}
	return title
}
