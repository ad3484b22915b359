package main

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/wagescope/wagescope/internal/numfmt"
	"github.com/wagescope/wagescope/pipeline/store"
)

// rateOptions are the rates command's filters.
type rateOptions struct {
	occupation, area, experience, employerType, release, period, payBasis, format string
	dollars                                                                       int
}

func (a *app) ratesCommand() *cobra.Command {
	var o rateOptions
	cmd := &cobra.Command{
		Use:   "rates",
		Short: "Market pay rates for an occupation: OEWS percentiles and posted pay side by side",
		Long: `rates prints the OEWS survey figures and the posted-pay figures for one
occupation and area. OEWS rows are filtered by --release (default: the latest
loaded), posted rows by --period (default: all periods together). OEWS has no
experience axis: with --experience, the OEWS row is the whole occupation, and
where the posted cell for that level is suppressed or empty a modeled row
places the level on the OEWS distribution (DOL prevailing-wage levels; always
marked "modeled"). Posted cells under min_cell_size show n but no pay.

` + exitCodesHelp(exitDoc{exitFailure, "failure, or nothing published for the occupation and area"}),
		Example: `  wagescope rates --occupation "medical technologist" --area CA
  wagescope rates --occupation 29-2010 --area US --format json
  wagescope rates --occupation 15-2051 --area "New York" --experience senior --period 2024
  wagescope rates --occupation 29-1141 --release all --dollars 2024`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(o.format, formatTable, formatJSON, formatCSV); err != nil {
				return err
			}
			if err := checkCellFilters(&o.experience, &o.employerType, &o.period, &o.payBasis); err != nil {
				return err
			}
			ctx := cmd.Context()
			db, occ, err := a.openOccupation(ctx, o.occupation)
			if err != nil {
				return err
			}
			defer a.closePublished(db)
			ar, err := db.ResolveArea(ctx, o.area)
			if err != nil {
				return &exitError{code: exitFailure, err: err}
			}
			rel := ""
			if !strings.EqualFold(strings.TrimSpace(o.release), "all") {
				if rel, err = resolveRelease(ctx, db, o.release); err != nil {
					return err
				}
				if rel == "" {
					if rel, err = db.LatestRelease(ctx); err != nil {
						return err
					}
				}
			}
			// one query, so one scan, for both families
			both, err := db.WageStatsMatchingAny(ctx, store.WageFilter{
				OccupationCode: occ.Code, AreaCode: ar.Code, EmployerType: o.employerType,
				Release: rel, SourceFamily: "oews",
			}, store.WageFilter{
				OccupationCode: occ.Code, AreaCode: ar.Code, EmployerType: o.employerType,
				Experience: o.experience, Period: o.period, PayBasis: o.payBasis, SourceFamily: "postings",
			})
			if err != nil {
				return err
			}
			// OEWS rows come first (WageStats orders by source family)
			split := slices.IndexFunc(both, func(s store.WageStat) bool { return s.SourceFamily != "oews" })
			if split < 0 {
				split = len(both)
			}
			oews, posted := both[:split:split], both[split:]
			var notes []string
			if len(posted) == 0 && o.period != "ALL" {
				// say why a period finds nothing when the postings exist
				all, err := db.WageStats(ctx, store.WageFilter{
					OccupationCode: occ.Code, AreaCode: ar.Code, EmployerType: o.employerType,
					Experience: o.experience, PayBasis: o.payBasis, SourceFamily: "postings",
				})
				if err != nil {
					return err
				}
				if len(all) > 0 && all[0].N != nil {
					notes = append(notes, fmt.Sprintf("no posted pay for period %s: this cell has %s (all periods), from %s "+
						"(by posting date, or the file's year where a posting carries none; quarters and months need dates).",
						o.period, numfmt.Counted(*all[0].N, "posting", "postings"), all[0].PostedYears))
				}
			}
			stats := append(oews, posted...)
			if o.experience != "" && o.experience != "ALL" && !hasPublishedCell(posted) && rel != "" {
				modeled, err := db.ModeledRates(ctx, occ.Code, ar.Code, rel, o.experience)
				if err != nil {
					return err
				}
				stats = append(stats, modeled...)
			}
			if len(stats) == 0 {
				why := ""
				if len(notes) > 0 {
					why = "; " + strings.Join(notes, " ")
				}
				return &exitError{code: exitFailure, err: fmt.Errorf("no published rates for %s %s in %s%s%s",
					occ.Code, occ.Title, inArea(ar.Title), releaseClause(rel), why)}
			}
			for i := range stats {
				hideSuppressed(&stats[i])
			}
			if o.dollars != 0 {
				if err := toConstantDollars(ctx, db, stats, o.dollars); err != nil {
					return &exitError{code: exitFailure, err: err}
				}
			}
			switch o.format {
			case formatJSON:
				return writeJSON(a.stdout, stats)
			case formatCSV:
				return writeGrid(a.stdout, formatCSV, rateCSVHeader, rateCSVRows(stats))
			}
			header, rows := rateHeader, rateRows(stats)
			if o.dollars != 0 {
				header = append(append([]string{}, header...), "dollars")
				for i := range rows {
					rows[i] = append(rows[i], stats[i].Dollars)
				}
			}
			// what the figures are for, on stdout: --quiet drops the log
			fmt.Fprintf(a.stdout, "%s %s · %s\n", occ.Code, occ.Title, ar.Title)
			if occ.Via != "" {
				fmt.Fprintf(a.stdout, "(%s)\n", occ.Via)
			}
			fmt.Fprintln(a.stdout)
			if err := writeGrid(a.stdout, formatTable, header, rows); err != nil {
				return err
			}
			for _, n := range append(notes, rateNotes(stats)...) {
				fmt.Fprintln(a.stdout, n)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.occupation, "occupation", "", "SOC code (29-2010) or job title (\"medical technologist\")")
	f.StringVar(&o.area, "area", "US", "US, a state postal or FIPS code (CA, 06) or name, a CBSA code or a metro name, or Remote")
	f.StringVar(&o.experience, "experience", "ALL", "ALL, entry, mid, senior, lead, executive or unknown (posted pay; OEWS is modeled)")
	f.StringVar(&o.employerType, "employer-type", "ALL", "ALL, hospital, clinic_physician_office, laboratory, government, education, staffing_agency, …")
	f.StringVar(&o.release, "release", "", "OEWS release: 2023-05, May 2023 or 2023 (default: the latest loaded; \"all\" for every release)")
	f.StringVar(&o.period, "period", "ALL", "posting period: ALL, a year (2024), a quarter (2024-Q1) or a month (2024-03)")
	f.StringVar(&o.payBasis, "pay-basis", "ALL", "posted pay: ALL, employer (stated by the employer) or estimate (e.g. Glassdoor est.)")
	f.StringVar(&o.format, "format", formatTable, "table, json or csv")
	f.IntVar(&o.dollars, "dollars", 0, "state OEWS figures in this year's dollars (CPI-U annual average); posted pay stays nominal")
	return cmd
}

// hasPublishedCell reports whether any posted row carries values.
func hasPublishedCell(posted []store.WageStat) bool {
	for _, s := range posted {
		if !s.IsSuppressed {
			return true
		}
	}
	return false
}

// toConstantDollars restates OEWS figures in year's dollars with the CPI-U
// annual averages: value × CPI(year) / CPI(survey year). Posted cells mix
// years, so they stay nominal and say so.
func toConstantDollars(ctx context.Context, db *store.DB, stats []store.WageStat, year int) error {
	target, err := db.CPIAnnual(ctx, year)
	if err != nil {
		return fmt.Errorf("--dollars %d: %w", year, err)
	}
	for i := range stats {
		s := &stats[i]
		if s.SourceFamily != "oews" {
			s.Dollars = "nominal (posted pay is not restated)"
			continue
		}
		if s.CPIU == nil || *s.CPIU == 0 {
			base, err := db.CPIAnnual(ctx, releaseYear(s.Release))
			if err != nil {
				return fmt.Errorf("--dollars %d: %w", year, err)
			}
			s.CPIU = &base
		}
		factor := target / *s.CPIU
		for _, v := range []**float64{&s.AnnualMean, &s.AnnualP10, &s.AnnualP25, &s.AnnualMedian, &s.AnnualP75,
			&s.AnnualP90, &s.AnnualModeled} {
			if *v != nil {
				x := roundTo(**v*factor, 0)
				*v = &x
			}
		}
		for _, v := range []**float64{&s.HourlyMean, &s.HourlyP10, &s.HourlyP25, &s.HourlyMedian, &s.HourlyP75, &s.HourlyP90, &s.HourlyModeled} {
			if *v != nil {
				x := roundTo(**v*factor, 2) // hourly wages keep their cents
				*v = &x
			}
		}
		s.Dollars = fmt.Sprintf("%d dollars (CPI-U, factor %.4f)", year, factor)
	}
	return nil
}

func releaseYear(rel string) int {
	y, _ := strconv.Atoi(strings.SplitN(rel, "-", 2)[0])
	return y
}

func roundTo(x float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(x*p) / p
}

func releaseClause(rel string) string {
	if rel == "" {
		return ""
	}
	return " for " + releaseLabel(rel)
}

// hideSuppressed blanks every figure of a suppressed cell so its value
// cannot leak into any output (the marts store none; this guards the rule).
func hideSuppressed(s *store.WageStat) {
	if !s.IsSuppressed || s.SourceFamily == "oews" {
		// OEWS marks what it does not publish itself (NULLs); postings cells
		// under the minimum count are blanked here.
		return
	}
	s.AnnualMean, s.AnnualP10, s.AnnualP25, s.AnnualMedian, s.AnnualP75, s.AnnualP90 = nil, nil, nil, nil, nil, nil
	s.HourlyMean, s.HourlyP10, s.HourlyP25, s.HourlyMedian, s.HourlyP75, s.HourlyP90 = nil, nil, nil, nil, nil, nil
	s.MedianCILow, s.MedianCIHigh = nil, nil
}

var rateHeader = []string{"source", "release/period", "area", "experience", "employer type", "industry", "employment/n",
	"mean", "p10", "p25", "median", "p75", "p90", "median 95% CI", "file"}

func rateRows(stats []store.WageStat) [][]string {
	rows := make([][]string, 0, len(stats))
	for _, s := range stats {
		size := count(s.Employment)
		if s.N != nil {
			n := float64(*s.N)
			size = "n=" + count(&n)
		}
		top := map[string]bool{}
		for _, t := range s.TopCoded {
			top[t] = true
		}
		cell := func(name string, v *float64) string {
			if s.IsSuppressed && s.SourceFamily == "postings" {
				return "suppressed"
			}
			if v == nil && s.SourceFamily == "oews" && !s.Modeled {
				// say why BLS has no figure, rather than leave a blank
				switch {
				case s.HourlyOnly && strings.HasPrefix(name, "annual_"):
					return "hourly only"
				case s.IsSuppressed:
					return "suppressed"
				}
			}
			if top[name] {
				return "≥" + usd(v)
			}
			if v != nil && s.SourceFamily == "postings" {
				// whole dollars beside OEWS's (JSON keeps the cents)
				whole := math.Round(*v)
				return usd(&whole)
			}
			return usd(v)
		}
		source := s.SourceFamily
		if s.SourceFamily == "postings" && s.PayBasis != "ALL" {
			source += " (" + s.PayBasis + ")"
		}
		if s.FromSynthetic() {
			source += " SYNTHETIC"
		}
		period := s.Release
		if s.SourceFamily == "postings" {
			period = s.Period
			if s.PostedYears != "" && s.PostedYears != s.Period {
				period += " (" + s.PostedYears + ")"
			}
		}
		ci := ""
		if s.MedianCILow != nil && s.MedianCIHigh != nil {
			ci = usd(s.MedianCILow) + "–" + usd(s.MedianCIHigh)
		}
		median := cell("annual_median", s.AnnualMedian)
		if s.Modeled {
			source = "oews modeled"
			size = fmt.Sprintf("p%.0f", *s.ModeledPercentile)
			v, key, hourly := s.ModeledFigure()
			format, unit := usd, ""
			if hourly {
				format, unit = hourlyUSD, "/hr" // with its cents, as BLS prints hourly wages
			}
			switch {
			case v == nil:
				median = "not modeled"
			case top[key]:
				median = "≥" + format(v) + unit + " (modeled)"
			default:
				median = format(v) + unit + " (modeled)"
			}
		}
		files := make([]string, 0, len(s.Sources))
		for _, f := range s.Sources {
			files = append(files, f.FileName)
		}
		file := s.Source.FileName
		if len(files) > 1 {
			file = strings.Join(files, ", ")
		}
		rows = append(rows, []string{
			source, period, s.AreaCode + " " + s.AreaTitle, s.Experience, s.EmployerType,
			strings.TrimSpace(s.IndustryCode + " " + s.IndustryTitle), size,
			cell("annual_mean", s.AnnualMean), cell("annual_p10", s.AnnualP10), cell("annual_p25", s.AnnualP25),
			median, cell("annual_p75", s.AnnualP75), cell("annual_p90", s.AnnualP90), ci, file,
		})
	}
	return rows
}

// hourlyFigures lists a row's published hourly mean and percentiles, a
// top-coded one as ≥ its bound: "hourly mean $41.01, p10 $13.00, …".
func hourlyFigures(s store.WageStat) string {
	var parts []string
	for _, name := range []string{"hourly_mean", "hourly_p10", "hourly_p25", "hourly_median", "hourly_p75", "hourly_p90"} {
		m := measures[name]
		v := m.wage(&s)
		if v == nil {
			continue
		}
		label := strings.TrimPrefix(name, "hourly_")
		if label == "mean" {
			label = "hourly mean"
		}
		fig := hourlyUSD(v)
		if isTopCoded(s, m.topKey) {
			fig = "≥" + fig
		}
		parts = append(parts, label+" "+fig)
	}
	return strings.Join(parts, ", ")
}

// rateCSVHeader names the columns of rates --format csv: the JSON fields,
// flat, so a spreadsheet reads numbers rather than the table's display text.
var rateCSVHeader = []string{"source_family", "pay_basis", "is_modeled", "release", "period_type", "period", "posted_years",
	"occupation_code", "occupation_title", "area_code", "area_title", "area_type", "experience", "employer_type",
	"industry_code", "industry_title", "employment", "n",
	"annual_mean", "annual_p10", "annual_p25", "annual_median", "annual_p75", "annual_p90",
	"hourly_mean", "hourly_p10", "hourly_p25", "hourly_median", "hourly_p75", "hourly_p90", "annual_median_ci_low", "annual_median_ci_high",
	"previous_release", "annual_median_change_pct", "annual_median_real_change_pct", "cpi_u",
	"modeled_percentile", "annual_modeled", "hourly_modeled", "modeled_basis", "modeled_gap", "top_coded", "is_suppressed", "hourly_only", "annual_only",
	"dollars", "files", "sha256"}

// rateCSVRows are the stats as plain values: numbers without $ or
// separators (posted pay keeps its cents), flags as true/false, a top-coded
// figure as its bound with its name in top_coded, and no value where
// there is none.
func rateCSVRows(stats []store.WageStat) [][]string {
	num := func(v *float64) string {
		if v == nil {
			return ""
		}
		return strconv.FormatFloat(*v, 'f', -1, 64)
	}
	rows := make([][]string, 0, len(stats))
	for _, s := range stats {
		n := ""
		if s.N != nil {
			n = strconv.FormatInt(*s.N, 10)
		}
		refs := s.Sources
		if len(refs) == 0 {
			refs = []store.SourceRef{s.Source}
		}
		files, sums := make([]string, 0, len(refs)), make([]string, 0, len(refs))
		for _, r := range refs {
			files, sums = append(files, r.FileName), append(sums, r.SHA256)
		}
		rows = append(rows, []string{
			s.SourceFamily, s.PayBasis, strconv.FormatBool(s.Modeled), s.Release, s.PeriodType, s.Period, s.PostedYears,
			s.OccupationCode, s.OccupationTitle, s.AreaCode, s.AreaTitle, s.AreaType, s.Experience, s.EmployerType,
			s.IndustryCode, s.IndustryTitle, num(s.Employment), n,
			num(s.AnnualMean), num(s.AnnualP10), num(s.AnnualP25), num(s.AnnualMedian), num(s.AnnualP75), num(s.AnnualP90),
			num(s.HourlyMean), num(s.HourlyP10), num(s.HourlyP25), num(s.HourlyMedian), num(s.HourlyP75), num(s.HourlyP90), num(s.MedianCILow), num(s.MedianCIHigh),
			s.PreviousRelease, num(s.MedianChangePct), num(s.MedianRealChangePct), num(s.CPIU),
			num(s.ModeledPercentile), num(s.AnnualModeled), num(s.HourlyModeled), s.ModeledBasis, s.ModeledGap, strings.Join(s.TopCoded, ";"),
			strconv.FormatBool(s.IsSuppressed), strconv.FormatBool(s.HourlyOnly), strconv.FormatBool(s.AnnualOnly),
			s.Dollars, strings.Join(files, ";"), strings.Join(sums, ";"),
		})
	}
	return rows
}

// rateNotes explain, under the table, what its cells cannot: why a modeled
// row has no figure, and that a ≥ figure is a top-code bound.
func rateNotes(stats []store.WageStat) []string {
	var notes []string
	bound := false
	for _, s := range stats {
		bound = bound || len(s.TopCoded) > 0
		if v, _, _ := s.ModeledFigure(); s.Modeled && v == nil && s.ModeledGap != "" {
			notes = append(notes, fmt.Sprintf("%s (p%.0f) not modeled: %s.", s.Experience, *s.ModeledPercentile, s.ModeledGap))
		}
	}
	if bound {
		notes = append(notes, "≥ marks a top-coded OEWS figure: BLS publishes only that the wage is at least this.")
	}
	for _, s := range stats {
		if s.SourceFamily == "oews" && s.HourlyOnly && s.HourlyMedian != nil {
			notes = append(notes, fmt.Sprintf("hourly only: BLS publishes no annual wages for %s (%s); the hourly median is %s (cite --measure hourly_median); %s.",
				s.OccupationTitle, releaseLabel(s.Release), hourlyUSD(s.HourlyMedian), hourlyFigures(s)))
			break
		}
	}
	return notes
}
