package main

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/wagescope/wagescope/pipeline/store"
	"github.com/wagescope/wagescope/reports"
)

// checkResult is what `check` concludes about a printed figure.
type checkResult struct {
	Verdict         string       `json:"verdict"` // match | mismatch | not_found | unverifiable
	Value           float64      `json:"value"`
	Measure         string       `json:"measure"`
	OccupationCode  string       `json:"occupation_code"`
	OccupationTitle string       `json:"occupation_title"`
	AreaCode        string       `json:"area_code"`
	AreaTitle       string       `json:"area_title"`
	Release         string       `json:"release"`
	Actual          *float64     `json:"actual"`
	IsTopCoded      bool         `json:"is_top_coded,omitempty"` // actual is a top-code bound: the figure is at least it
	ActualFigure    string       `json:"actual_figure,omitempty"`
	Source          string       `json:"source,omitempty"`
	FoundIn         []foundValue `json:"found_in"`
	Message         string       `json:"message"`
	SourceFamily    string       `json:"source_family,omitempty"` // postings when a posted figure was checked
	N               *int64       `json:"n,omitempty"`             // postings behind it
	Note            string       `json:"note,omitempty"`          // why nothing was found, when known
}

// foundValue is a published figure equal to the value checked.
type foundValue struct {
	Release   string  `json:"release"`
	Measure   string  `json:"measure"`
	AreaCode  string  `json:"area_code"`
	AreaTitle string  `json:"area_title"`
	Value     float64 `json:"value"`
	TopCoded  bool    `json:"is_top_coded,omitempty"` // the published figure is at least Value
	// IndustryCode and IndustryTitle name an industry cell (NAICS); empty
	// for the cross-industry figure
	IndustryCode  string `json:"industry_code,omitempty"`
	IndustryTitle string `json:"industry_title,omitempty"`
	File          string `json:"file"`
}

func (a *app) checkCommand() *cobra.Command {
	var occupation, measureName, value, release, area, format string
	var posted postedCell
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Fact-check a printed figure against the published data",
		Long: `check compares a figure as printed with the published one and prints a verdict,
match, mismatch, not_found or unverifiable (a top-coded figure), with where the
printed value does occur.

` + exitCodesHelp(exitDoc{exitFailure, "a verdict of mismatch, not_found or unverifiable, or a failure"}),
		Example: `  wagescope check --occupation 29-2010 --measure median --value 57380 --release 2023-05
  wagescope check --occupation 29-2010 --measure growth --value 5%
  wagescope check --occupation 15-2051 --measure median --value 143100 --source-family postings`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(format, formatText, formatJSON); err != nil {
				return err
			}
			fig, err := parseFigure(value)
			if err != nil {
				return err
			}
			// a value that cannot be the measure is a usage error before any database is opened
			name := strings.ToLower(strings.TrimSpace(measureName))
			if m, err := lookupMeasure(measureName); err == nil {
				if err := fig.fits(m, name); err != nil {
					return err
				}
			}
			ctx := cmd.Context()
			db, occ, m, err := a.openMeasured(ctx, occupation, measureName, &posted)
			if err != nil {
				return err
			}
			defer a.closePublished(db)
			res := checkResult{Value: fig.value, Measure: name, OccupationCode: occ.Code, OccupationTitle: occ.Title, FoundIn: []foundValue{}}
			// A release not loaded is a verdict (not_found), not a usage error.
			var notLoaded *releaseNotLoadedError
			release, err = releaseFor(ctx, db, cmd, m, posted, release)
			if errors.As(err, &notLoaded) {
				release, err, res.Note = notLoaded.want, nil, notLoaded.Error()
			}
			if err != nil {
				return err
			}
			var actual *float64
			switch {
			case posted.family == "postings":
				if !m.posted {
					return usageError("--measure %s is not computed from postings (use mean, median, p10, p25, p75 or p90)", name)
				}
				ar, err := db.ResolveArea(ctx, area)
				if err != nil {
					return &exitError{code: exitFailure, err: err}
				}
				res.AreaCode, res.AreaTitle, res.SourceFamily = ar.Code, ar.Title, "postings"
				if s, err := postedFigure(ctx, db, occ, ar, posted); err == nil {
					actual, res.Release, res.N = m.wage(&s), "postings "+s.Period, s.N
					res.Source = reports.PostedCitation(s)
				}
			case m.outlook != nil:
				res.AreaCode, res.AreaTitle = "US", "United States"
				if o, err := outlookFigure(ctx, db, occ, release); err == nil {
					actual, res.Release, res.Source = m.outlook(&o), o.Cycle, o.Source.FileName
				}
			default:
				ar, err := db.ResolveArea(ctx, area)
				if err != nil {
					return &exitError{code: exitFailure, err: err}
				}
				res.AreaCode, res.AreaTitle, res.Release = ar.Code, ar.Title, release
				if s, err := wageFigure(ctx, db, occ, ar, release); err == nil {
					actual, res.Release, res.Source = m.wage(&s), s.Release, s.Source.FileName
					res.IsTopCoded = isTopCoded(s, m.topKey)
				}
			}
			found, err := findValue(cmd, db, occ.Code, fig)
			if err != nil {
				return err
			}
			res.FoundIn = byRelevance(found, name, res.AreaCode, fig.value)
			res.Actual = actual
			describeCheck(&res, m, fig, actual)
			if format == formatJSON {
				err = writeJSON(a.stdout, res)
			} else {
				_, err = fmt.Fprintln(a.stdout, res.Message)
			}
			if err == nil && res.Verdict != "match" {
				// The verdict is printed; the exit code lets scripts act on it.
				return &exitError{code: exitFailure}
			}
			return err
		},
	}
	f := cmd.Flags()
	f.StringVar(&occupation, "occupation", "", "SOC code or job title")
	f.StringVar(&measureName, "measure", "median", "one of "+measureNames())
	f.StringVar(&value, "value", "", "the figure as printed: 57380, $57,380, 57.4K, 4.9%")
	f.StringVar(&release, "release", "", "OEWS release (2023-05, May 2023 or 2023), or projections cycle (2022-32) for growth/openings (default: latest)")
	f.StringVar(&area, "area", "US", "US, a state postal or FIPS code (CA, 06) or name, a CBSA code or a metro name")
	f.StringVar(&format, "format", formatText, "text or json")
	posted.flags(f)
	for _, req := range []string{"occupation", "value"} {
		_ = cmd.MarkFlagRequired(req)
	}
	return cmd
}

func describeCheck(res *checkResult, m measure, fig figure, actual *float64) {
	what := fmt.Sprintf("the %s %s for %s (SOC %s), %s", labelFor(res.Release), m.label, res.OccupationTitle, res.OccupationCode, res.AreaTitle)
	printed := formatValue(m.unit, fig.value, false)
	switch {
	case actual == nil:
		res.Verdict = "not_found"
		res.Message = fmt.Sprintf("not_found: no published figure for %s.", what)
		if res.Note != "" {
			res.Message += " " + res.Note + "."
		}
	case res.IsTopCoded:
		describeTopCoded(res, what, m, fig, *actual)
	case fig.matches(*actual):
		res.Verdict = "match"
		res.ActualFigure = formatValue(m.unit, *actual, false)
		res.Message = fmt.Sprintf("match: %s is %s (%s).", what, res.ActualFigure, res.Source)
	default:
		res.Verdict = "mismatch"
		res.ActualFigure = formatValue(m.unit, *actual, false)
		res.Message = fmt.Sprintf("mismatch: %s is %s, not %s (%s).", what, res.ActualFigure, printed, res.Source)
		if m.unit == "percent" && math.Abs(fig.value) < 1 && (figure{value: fig.value * 100, tolerance: fig.tolerance * 100}).matches(*actual) {
			res.Message = strings.TrimSuffix(res.Message, ".") + fmt.Sprintf("; %s as a fraction is %s: write --value %s.",
				strconv.FormatFloat(fig.value, 'f', -1, 64), res.ActualFigure, res.ActualFigure)
		}
	}
	if res.Verdict != "match" && len(res.FoundIn) > 0 {
		// the published value, not the printed one rounded ("57.4K" found
		// as $57,380); each clause gives its own when they differ
		same := formatValue(m.unit, res.FoundIn[0].Value, false)
		for _, f := range res.FoundIn {
			if formatValue(m.unit, f.Value, false) != same {
				same = ""
			}
		}
		var where []string
		for _, f := range res.FoundIn {
			bound := ""
			if f.TopCoded {
				bound = " (top-coded: at least it)"
			}
			area := f.AreaTitle
			if f.IndustryCode != "" {
				area += ", industry " + f.IndustryCode + " " + f.IndustryTitle
			}
			value := ""
			if same == "" {
				value = ", " + formatValue(m.unit, f.Value, false)
			}
			where = append(where, fmt.Sprintf("the %s %s%s%s (%s, %s)", labelFor(f.Release), measureLabel(f.Measure), value, bound, area, f.File))
		}
		// a bound or a round number can occur in dozens of cells: the text
		// names the first few, found_in (JSON) all of them
		const shown = 8
		if len(where) > shown {
			where = append(where[:shown], fmt.Sprintf("%d more (check --format json lists them in found_in)", len(where)-shown))
		}
		if same != "" {
			res.Message += fmt.Sprintf("\n%s is %s.", same, strings.Join(where, "; and "))
		} else {
			res.Message += fmt.Sprintf("\n%s matches %s.", printed, strings.Join(where, "; and "))
		}
	}
}

// describeTopCoded judges a figure against a top-coded one: BLS publishes
// only that the wage is at least the bound, so a figure printed as that
// bound ("≥$239,200") matches, the bound printed as a plain value misstates
// it, a higher plain value cannot be confirmed or refuted, and a lower one
// is wrong.
func describeTopCoded(res *checkResult, what string, m measure, fig figure, bound float64) {
	res.ActualFigure = formatValue(m.unit, bound, true)
	printed := formatValue(m.unit, fig.value, fig.atLeast)
	switch {
	case fig.atLeast && fig.matches(bound):
		res.Verdict = "match"
		res.Message = fmt.Sprintf("match: %s is %s (top-coded by BLS; %s).", what, res.ActualFigure, res.Source)
	case fig.matches(bound):
		res.Verdict = "mismatch"
		res.Message = fmt.Sprintf("mismatch: %s is %s, not %s: BLS top-codes it and publishes only the bound; print it as \"≥%s\" (%s).",
			what, res.ActualFigure, printed, formatValue(m.unit, bound, false), res.Source)
	case fig.value > bound:
		// a higher value, or a higher bound ("≥$239,200" where BLS says at
		// least $208,000): the data neither confirms nor refutes it
		res.Verdict = "unverifiable"
		res.Message = fmt.Sprintf("unverifiable: %s is %s (top-coded by BLS), so %s can be neither confirmed nor refuted from it (%s).",
			what, res.ActualFigure, printed, res.Source)
	default:
		res.Verdict = "mismatch"
		res.Message = fmt.Sprintf("mismatch: %s is %s, not %s (%s).", what, res.ActualFigure, printed, res.Source)
	}
}

func labelFor(release string) string {
	if strings.HasPrefix(release, "postings ") {
		return "posted (" + strings.TrimPrefix(release, "postings ") + ")"
	}
	if len(release) == 9 && release[4] == '-' {
		return release + " projections"
	}
	return releaseLabel(release)
}

// byRelevance orders where a value was found by how likely it is what the
// printer meant: the measure checked before others, then the area checked,
// then the cross-industry figure, then the closest value, then the newest
// release (a previous release's median, printed as the current one, comes
// first rather than after a dozen industry cells that round to it).
func byRelevance(found []foundValue, measure, area string, value float64) []foundValue {
	rank := func(f foundValue) [3]bool {
		return [3]bool{f.Measure != measure, f.AreaCode != area, f.IndustryCode != ""}
	}
	slices.SortStableFunc(found, func(a, b foundValue) int {
		ra, rb := rank(a), rank(b)
		for i := range ra {
			if ra[i] != rb[i] {
				if ra[i] {
					return 1
				}
				return -1
			}
		}
		if c := cmp.Compare(math.Abs(a.Value-value), math.Abs(b.Value-value)); c != 0 {
			return c
		}
		return -cmp.Compare(a.Release, b.Release)
	})
	return found
}

func measureLabel(name string) string {
	if m, ok := measures[name]; ok {
		return m.label
	}
	return name
}

// findValue lists every published figure of the occupation equal to fig:
// all OEWS releases and areas (all employers) and all projections cycles.
func findValue(cmd *cobra.Command, db *store.DB, code string, fig figure) ([]foundValue, error) {
	ctx := cmd.Context()
	// every industry and ownership cell too: a figure quoted from an
	// industry table (NAICS 62, health care) is found where it lives; both
	// families in one scan of fct_wage_stats
	stats, err := db.WageStatsMatchingAny(ctx,
		store.WageFilter{OccupationCode: code, SourceFamily: "oews", EmployerType: store.Any},
		store.WageFilter{OccupationCode: code, SourceFamily: "postings"})
	if err != nil {
		return nil, err
	}
	out := []foundValue{}
	names := sortedMeasureNames()
	for _, s := range stats {
		posted := s.SourceFamily == "postings"
		if posted && s.IsSuppressed {
			continue
		}
		for _, name := range names {
			m := measures[name]
			if m.wage == nil || (posted && !m.posted) {
				continue
			}
			v := m.wage(&s)
			if v == nil || !fig.matches(*v) {
				continue
			}
			if posted {
				out = append(out, foundValue{Release: "postings " + s.Period, Measure: name, AreaCode: s.AreaCode, AreaTitle: s.AreaTitle, Value: *v, File: sourceFiles(s)})
				continue
			}
			f := foundValue{Release: s.Release, Measure: name, AreaCode: s.AreaCode, AreaTitle: s.AreaTitle, Value: *v,
				TopCoded: isTopCoded(s, m.topKey), File: s.Source.FileName}
			if s.IndustryCode != "" && s.IndustryCode != "000000" {
				f.IndustryCode, f.IndustryTitle = s.IndustryCode, s.IndustryTitle
			}
			out = append(out, f)
		}
	}
	outs, err := db.Outlooks(ctx, code)
	if err != nil {
		return nil, err
	}
	for _, o := range outs {
		for _, name := range names {
			m := measures[name]
			if m.outlook == nil {
				continue
			}
			if v := m.outlook(&o); v != nil && fig.matches(*v) {
				out = append(out, foundValue{Release: o.Cycle, Measure: name, AreaCode: "US", AreaTitle: "United States", Value: *v, File: o.Source.FileName})
			}
		}
	}
	return out, nil
}

// sourceFiles names a row's files: the one file, or every file of a postings cell.
func sourceFiles(s store.WageStat) string {
	if len(s.Sources) == 0 {
		return s.Source.FileName
	}
	names := make([]string, len(s.Sources))
	for i, f := range s.Sources {
		names[i] = f.FileName
	}
	return strings.Join(names, ", ")
}

func sortedMeasureNames() []string { return strings.Split(measureNames(), ", ") }
