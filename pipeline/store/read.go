package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/wagescope/wagescope/queries"
)

// Violation is one row returned by a data check.
type Violation struct {
	Check  string
	Detail string
	File   string
}

// RunChecks runs every query in queries/checks; each returns violations as
// (check_name, detail) rows.
func (d *DB) RunChecks(ctx context.Context) ([]Violation, error) {
	return d.runViolations(ctx, "checks")
}

// runViolations runs every query of a queries/ folder and collects the
// (check_name, detail) rows they return.
func (d *DB) runViolations(ctx context.Context, dir string) ([]Violation, error) {
	names, err := SQLFiles(dir)
	if err != nil {
		return nil, err
	}
	var out []Violation
	for _, name := range names {
		body, err := fs.ReadFile(queries.FS, name)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		rows, err := d.conn.QueryContext(ctx, string(body))
		if err != nil {
			return nil, fmt.Errorf("queries/%s: %w", name, err)
		}
		for rows.Next() {
			var v Violation
			var detail sql.NullString
			if err := rows.Scan(&v.Check, &detail); err != nil {
				rows.Close()
				return nil, fmt.Errorf("queries/%s: %w", name, err)
			}
			v.Detail, v.File = detail.String, name
			out = append(out, v)
		}
		if err := rows.Err(); err != nil {
			rows.Close()
			return nil, fmt.Errorf("queries/%s: %w", name, err)
		}
		rows.Close()
	}
	return out, nil
}

// Occupations lists dim_occupation rows that have wages or an outlook.
func (d *DB) Occupations(ctx context.Context) ([]Occupation, error) {
	rows, err := d.Query(ctx, `
		SELECT d.occupation_code, d.occupation_title, d.soc_level, d.has_outlook, d.has_postings,
		       coalesce((SELECT string_agg(c.occupation_code, ', ' ORDER BY c.occupation_code) FROM dim_occupation AS c
		                 WHERE c.oews_code = d.occupation_code AND c.occupation_code <> d.occupation_code
		                   AND c.soc_level = 'detailed'), '')
		FROM dim_occupation AS d WHERE d.has_wages OR d.has_outlook OR d.has_postings ORDER BY d.occupation_code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Occupation
	for rows.Next() {
		var o Occupation
		var title sql.NullString
		if err := rows.Scan(&o.Code, &title, &o.Level, &o.HasOutlook, &o.HasPostings, &o.SOCCodes); err != nil {
			return nil, err
		}
		o.Title = title.String
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, d.addSearchTitles(ctx, out)
}

// addSearchTitles fills occs' SearchTitles. A title counts for its own
// code and for the aggregate OEWS publishes that code in, so
// "Medical and Clinical Laboratory Technologists" (29-2011) finds 29-2010.
// O*NET's short reported list only: its 56,000 alternate titles would
// triple the index page.
func (d *DB) addSearchTitles(ctx context.Context, occs []Occupation) error {
	rows, err := d.Query(ctx, `
		WITH names AS (
		    SELECT occupation_code AS code, occupation_title AS title FROM dim_occupation WHERE soc_level = 'detailed'
		    UNION ALL
		    SELECT soc_code, title FROM ref_title_synonyms
		    UNION ALL
		    SELECT left(onet_code, 7), alternate_title FROM raw_titles__onet WHERE list = 'reported'
		)
		SELECT code, title FROM names WHERE code IS NOT NULL AND title <> ''
		UNION
		SELECT o.oews_code, n.title FROM names AS n JOIN dim_occupation AS o ON o.occupation_code = n.code
		WHERE o.oews_code IS NOT NULL AND n.title <> ''
		ORDER BY 1, 2`)
	if err != nil {
		return fmt.Errorf("read search titles: %w", err)
	}
	defer rows.Close()
	at := make(map[string]int, len(occs))
	for i, o := range occs {
		at[o.Code] = i
	}
	for rows.Next() {
		var code, title string
		if err := rows.Scan(&code, &title); err != nil {
			return fmt.Errorf("read search titles: %w", err)
		}
		if i, ok := at[code]; ok {
			occs[i].SearchTitles = append(occs[i].SearchTitles, title)
		}
	}
	return rows.Err()
}

// wageColumns are the fct_wage_stats columns WageStats reads, in Scan order.
const wageColumns = `w.source_family, coalesce(w.release, ''), w.period_type, w.period, w.occupation_code,
	w.occupation_title, w.area_code, w.area_title, w.area_type, w.employer_type, w.industry_code,
	w.industry_title, w.experience, w.pay_basis,
	w.employment, w.n, w.annual_mean, w.annual_p10, w.annual_p25, w.annual_median, w.annual_p75,
	w.annual_p90, w.hourly_mean, w.hourly_p10, w.hourly_p25, w.hourly_median, w.hourly_p75, w.hourly_p90,
	w.annual_median_ci_low, w.annual_median_ci_high,
	w.posted_year_min, w.posted_year_max, w.previous_release, w.annual_median_change_pct,
	w.annual_median_real_change_pct, w.cpi_u,
	coalesce(w.is_suppressed, false), coalesce(w.annual_only, false), coalesce(w.hourly_only, false),
	list_filter([
	  CASE WHEN w.is_top_coded_annual_mean THEN 'annual_mean' END,
	  CASE WHEN w.is_top_coded_annual_p10 THEN 'annual_p10' END,
	  CASE WHEN w.is_top_coded_annual_p25 THEN 'annual_p25' END,
	  CASE WHEN w.is_top_coded_annual_median THEN 'annual_median' END,
	  CASE WHEN w.is_top_coded_annual_p75 THEN 'annual_p75' END,
	  CASE WHEN w.is_top_coded_annual_p90 THEN 'annual_p90' END,
	  CASE WHEN w.is_top_coded_hourly_mean THEN 'hourly_mean' END,
	  CASE WHEN w.is_top_coded_hourly_p10 THEN 'hourly_p10' END,
	  CASE WHEN w.is_top_coded_hourly_p25 THEN 'hourly_p25' END,
	  CASE WHEN w.is_top_coded_hourly_median THEN 'hourly_median' END,
	  CASE WHEN w.is_top_coded_hourly_p75 THEN 'hourly_p75' END,
	  CASE WHEN w.is_top_coded_hourly_p90 THEN 'hourly_p90' END], x -> x IS NOT NULL)::VARCHAR,
	array_to_string(list_sort(w.source_file_ids), ',')`

// WageStats returns fct_wage_stats rows matching f: OEWS rows newest release
// first, then postings rows. Release filters OEWS rows, Period postings rows
// (default "ALL", every period together).
func (d *DB) WageStats(ctx context.Context, f WageFilter) ([]WageStat, error) {
	return d.WageStatsMatchingAny(ctx, f)
}

// WageStatsMatchingAny is WageStats for the rows matching any of filters,
// in one query, so one scan: rates asks for OEWS and posted rows with
// different filters.
func (d *DB) WageStatsMatchingAny(ctx context.Context, filters ...WageFilter) ([]WageStat, error) {
	var ors []string
	var args []any
	for _, f := range filters {
		where, a := wageWhere(f)
		ors = append(ors, "("+where+")")
		args = append(args, a...)
	}
	if len(ors) == 0 {
		ors = []string{"TRUE"}
	}
	// The last three keys order a posted cell's levels as its slice id does
	// ('ALL' first, then the codes in byte order): its rows are valued or
	// suppressed, in two tables, so the view's order no longer gives it.
	q := `SELECT ` + wageColumns + `
		FROM fct_wage_stats AS w
		WHERE ` + strings.Join(ors, " OR ") + `
		ORDER BY w.source_family, w.release DESC, w.period_type, w.period DESC, w.area_code = 'US' DESC,
		         w.area_code, w.industry_code, w.occupation_code, w.experience, w.employer_type, w.pay_basis`
	files, err := d.sourceRefsByID(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := d.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	// Rows repeat the same titles and files: each text is kept once, and
	// each file list looked up once (the report reads 750k posted cells at
	// ten million postings).
	texts := map[string]string{}
	intern := func(v string) string {
		if k, ok := texts[v]; ok {
			return k
		}
		texts[v] = v
		return v
	}
	refs := map[string][]SourceRef{}
	var out []WageStat
	for rows.Next() {
		var s WageStat
		var title, areaTitle, areaType, empType, indCode, indTitle, prev sql.NullString
		var topCoded string
		var ids sql.NullString
		var yearMin, yearMax sql.NullInt64
		if err := rows.Scan(&s.SourceFamily, &s.Release, &s.PeriodType, &s.Period, &s.OccupationCode, &title, &s.AreaCode,
			&areaTitle, &areaType, &empType, &indCode, &indTitle, &s.Experience, &s.PayBasis,
			&s.Employment, &s.N, &s.AnnualMean, &s.AnnualP10, &s.AnnualP25, &s.AnnualMedian, &s.AnnualP75,
			&s.AnnualP90, &s.HourlyMean, &s.HourlyP10, &s.HourlyP25, &s.HourlyMedian, &s.HourlyP75, &s.HourlyP90, &s.MedianCILow, &s.MedianCIHigh,
			&yearMin, &yearMax, &prev, &s.MedianChangePct, &s.MedianRealChangePct, &s.CPIU,
			&s.IsSuppressed, &s.AnnualOnly, &s.HourlyOnly, &topCoded, &ids); err != nil {
			return nil, fmt.Errorf("read fct_wage_stats: %w", err)
		}
		s.SourceFamily, s.Release, s.PeriodType, s.Period = intern(s.SourceFamily), intern(s.Release), intern(s.PeriodType), intern(s.Period)
		s.OccupationCode, s.AreaCode, s.Experience, s.PayBasis = intern(s.OccupationCode), intern(s.AreaCode), intern(s.Experience), intern(s.PayBasis)
		s.OccupationTitle, s.AreaTitle, s.AreaType = intern(title.String), intern(areaTitle.String), intern(areaType.String)
		s.EmployerType, s.IndustryCode, s.IndustryTitle = intern(empType.String), intern(indCode.String), intern(indTitle.String)
		s.PreviousRelease = intern(prev.String)
		if yearMin.Valid {
			s.SetPostedYears(int(yearMin.Int64), int(yearMax.Int64))
		}
		s.TopCoded = parseList(topCoded)
		sources, ok := refs[ids.String]
		if !ok {
			sources = lookUpSourceRefs(ids.String, files)
			refs[ids.String] = sources
		}
		// shared between rows: read, never appended to
		s.Sources = sources[:len(sources):len(sources)]
		if len(s.Sources) > 0 {
			s.Source = s.Sources[0]
		}
		if s.SourceFamily == "oews" {
			s.Sources = nil // one file; Source says it
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// sourceRefsByID reads source_files, small (one row per file read), once
// per WageStats call: joining it to each cell's source_file_ids in SQL
// cost a correlated join per query (5 ms of a 10 ms rates lookup).
func (d *DB) sourceRefsByID(ctx context.Context) (map[string]SourceRef, error) {
	rows, err := d.Query(ctx, `SELECT CAST(source_file_id AS VARCHAR), source_name, file_name, sha256,
		coalesce(release, ''), coalesce(url, ''), `+syntheticColumn()+` FROM source_files AS f`)
	if err != nil {
		return nil, fmt.Errorf("read source_files: %w", err)
	}
	defer rows.Close()
	out := map[string]SourceRef{}
	for rows.Next() {
		var id string
		var r SourceRef
		if err := rows.Scan(&id, &r.Name, &r.FileName, &r.SHA256, &r.Release, &r.URL, &r.Synthetic); err != nil {
			return nil, fmt.Errorf("read source_files: %w", err)
		}
		out[id] = r
	}
	return out, rows.Err()
}

// lookUpSourceRefs names the files of a cell's source_file_ids ("3,5", in
// id order); an id source_files no longer has is left out.
func lookUpSourceRefs(ids string, files map[string]SourceRef) []SourceRef {
	if ids == "" {
		return nil
	}
	var out []SourceRef
	for _, id := range strings.Split(ids, ",") {
		if r, ok := files[id]; ok {
			out = append(out, r)
		}
	}
	return out
}

// wageWhere is the condition of one WageFilter, with its arguments.
func wageWhere(f WageFilter) (string, []any) {
	where := []string{"TRUE"}
	var args []any
	add := func(cond, val string) {
		if val != "" && val != Any {
			where = append(where, cond)
			args = append(args, val)
		}
	}
	add("w.occupation_code = ?", f.OccupationCode)
	add("w.occupation_code >= ?", f.OccupationFrom)
	add("w.occupation_code <= ?", f.OccupationTo)
	add("w.area_code = ?", f.AreaCode)
	add("(w.source_family <> 'oews' OR w.release = ?)", f.Release)
	add("(w.source_family <> 'postings' OR w.period = ?)", defaultAll(f.Period))
	add("(w.source_family <> 'postings' OR w.pay_basis = ?)", defaultAll(f.PayBasis))
	add("w.source_family = ?", f.SourceFamily)
	add("w.employer_type = ?", defaultAll(f.EmployerType))
	add("w.experience = ?", defaultAll(f.Experience))
	if f.PageCells {
		where = append(where, `(w.source_family <> 'postings' OR (w.experience = 'ALL' AND w.employer_type = 'ALL')
			OR (w.area_code = 'US' AND (w.experience = 'ALL' OR w.employer_type = 'ALL')))`)
	}
	return strings.Join(where, " AND "), args
}

func defaultAll(s string) string {
	if s == "" {
		return "ALL"
	}
	return s
}

// parseList reads DuckDB's VARCHAR rendering of a string list: [a, b].
func parseList(s string) []string {
	s = strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")
	if s == "" {
		return nil
	}
	parts := strings.Split(s, ", ")
	return parts
}

// Outlooks returns fct_outlook rows for an occupation (Any: all, by code),
// newest cycle first.
func (d *DB) Outlooks(ctx context.Context, occupationCode string) ([]Outlook, error) {
	rows, err := d.Query(ctx, `
		SELECT o.cycle, o.base_year, o.projected_year, o.occupation_code, o.occupation_title,
		       o.employment_base, o.employment_projected, o.change_numeric, o.change_percent, o.openings_annual,
		       o.median_annual_wage_usd, o.is_median_wage_top_coded, coalesce(o.wage_year, 0), coalesce(o.wage_release, ''),
		       coalesce(o.education, ''), coalesce(o.work_experience, ''), coalesce(o.training, ''),
		       f.source_name, f.file_name, f.sha256, coalesce(f.release, ''), coalesce(f.url, '')
		FROM fct_outlook AS o JOIN source_files AS f USING (source_file_id)
		WHERE (? = '*' OR o.occupation_code = ?)
		ORDER BY o.occupation_code, o.cycle DESC`, occupationCode, occupationCode)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Outlook
	for rows.Next() {
		var o Outlook
		var title sql.NullString
		var base, proj sql.NullInt64
		if err := rows.Scan(&o.Cycle, &base, &proj, &o.OccupationCode, &title,
			&o.EmploymentBase, &o.EmploymentProjected, &o.ChangeNumeric, &o.ChangePercent, &o.OpeningsAnnual,
			&o.MedianWage, &o.MedianWageTopCoded, &o.WageYear, &o.WageRelease,
			&o.Education, &o.WorkExperience, &o.Training,
			&o.Source.Name, &o.Source.FileName, &o.Source.SHA256, &o.Source.Release, &o.Source.URL); err != nil {
			return nil, fmt.Errorf("read fct_outlook: %w", err)
		}
		o.OccupationTitle = title.String
		o.BaseYear, o.ProjectedYear = int(base.Int64), int(proj.Int64)
		out = append(out, o)
	}
	return out, rows.Err()
}

// optionalColumn reads column name of the row aliased alias as sqlType,
// NULL where the table lacks it: through the row's JSON, since a published
// database built before the column existed is read as it is (read commands
// never migrate it), and naming the column would fail the query.
func optionalColumn(alias, name, sqlType string) string {
	return "CAST(to_json(" + alias + ")->>'" + name + "' AS " + sqlType + ")"
}

// syntheticColumn is source_files.synthetic of the row aliased f, false
// where unknown.
func syntheticColumn() string {
	return "coalesce(" + optionalColumn("f", "synthetic", "BOOLEAN") + ", false)"
}

// SourceFiles lists source_files, in ingest order.
func (d *DB) SourceFiles(ctx context.Context) ([]SourceFile, error) {
	rows, err := d.Query(ctx, `
		SELECT source_file_id, source_name, kind, file_name, path, coalesce(url, ''), sha256, bytes,
		       coalesce(release, ''), status, coalesce(rows_loaded, 0),
		       (SELECT count(*) FROM rejects AS r WHERE r.source_file_id = f.source_file_id),
		       strftime(ingested_at, '%Y-%m-%dT%H:%M:%SZ'), coalesce(message, ''), `+syntheticColumn()+`
		FROM source_files AS f ORDER BY source_file_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SourceFile
	for rows.Next() {
		var s SourceFile
		if err := rows.Scan(&s.ID, &s.Name, &s.Kind, &s.FileName, &s.Path, &s.URL, &s.SHA256, &s.Bytes,
			&s.Release, &s.Status, &s.RowsLoaded, &s.RowsRejected, &s.IngestedAt, &s.Message, &s.Synthetic); err != nil {
			return nil, fmt.Errorf("read source_files: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// PostingQuality is one row of fct_postings_quality.
type PostingQuality struct {
	Source           string  `json:"source"`
	RowsLoaded       int64   `json:"rows_loaded"`
	DistinctPostings int64   `json:"distinct_postings"`
	RowsWithPay      int64   `json:"rows_with_pay"`
	RowsAnnualized   int64   `json:"rows_annualized_usd"`
	RowsEstimated    int64   `json:"rows_pay_estimated"`
	RowsWithTitle    int64   `json:"rows_with_title"`
	RowsMatched      int64   `json:"rows_title_matched"`
	TitleMatchRate   float64 `json:"title_match_rate"`
	RowsRejected     int64   `json:"rows_rejected"`
	RejectsByReason  string  `json:"rejects_by_reason"`
	TopUnknownTitles string  `json:"top_unknown_titles"`
}

// PostingQuality returns the quality summary of every posting source.
func (d *DB) PostingQuality(ctx context.Context) ([]PostingQuality, error) {
	rows, err := d.Query(ctx, `
		SELECT source_name, rows_loaded, distinct_postings, rows_with_pay, rows_annualized_usd, rows_pay_estimated,
		       rows_with_title, rows_title_matched, coalesce(title_match_rate, 0), rows_rejected, rejects_by_reason, top_unknown_titles
		FROM fct_postings_quality ORDER BY source_name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PostingQuality
	for rows.Next() {
		var q PostingQuality
		if err := rows.Scan(&q.Source, &q.RowsLoaded, &q.DistinctPostings, &q.RowsWithPay, &q.RowsAnnualized, &q.RowsEstimated,
			&q.RowsWithTitle, &q.RowsMatched, &q.TitleMatchRate, &q.RowsRejected, &q.RejectsByReason, &q.TopUnknownTitles); err != nil {
			return nil, fmt.Errorf("read fct_postings_quality: %w", err)
		}
		out = append(out, q)
	}
	return out, rows.Err()
}

// ModeledRates returns the experience bridge's modeled figures
// (fct_experience_bridge) for an occupation, area and OEWS release, as
// WageStats marked Modeled: the OEWS value at the level's percentile
// ("annual_modeled" in TopCoded when it is a top-code bound), or none and
// ModeledGap saying why.
// Any for the occupation, release or experience matches every value; rows
// come by occupation, release, then lowest percentile first.
func (d *DB) ModeledRates(ctx context.Context, occupationCode, areaCode, release, experience string) ([]WageStat, error) {
	rows, err := d.Query(ctx, `
		SELECT b.release, b.occupation_code, b.occupation_title, b.area_code, b.area_title, b.area_type,
		       b.experience, b.oews_percentile, b.annual_modeled, b.basis, b.has_posted_cell,
		       coalesce(b.is_top_coded_modeled, false), coalesce(b.modeled_gap, ''),
		       `+optionalColumn("b", "hourly_modeled", "DOUBLE")+`,
		       coalesce(`+optionalColumn("b", "is_top_coded_hourly_modeled", "BOOLEAN")+`, false),
		       `+optionalColumn("b", "hourly_only", "BOOLEAN")+`,
		       f.source_name, f.file_name, f.sha256, coalesce(f.release, ''), coalesce(f.url, '')
		FROM fct_experience_bridge AS b JOIN source_files AS f USING (source_file_id)
		WHERE (? = '*' OR b.occupation_code = ?) AND b.area_code = ? AND (? = '*' OR b.release = ?)
		  AND (? = '*' OR b.experience = ?)
		ORDER BY b.occupation_code, b.release, b.oews_percentile, b.experience`,
		occupationCode, occupationCode, areaCode, release, release, experience, experience)
	if err != nil {
		return nil, fmt.Errorf("read fct_experience_bridge: %w", err)
	}
	defer rows.Close()
	var out []WageStat
	for rows.Next() {
		s := WageStat{SourceFamily: "oews", PeriodType: "release", EmployerType: "ALL", PayBasis: "modeled", Modeled: true}
		var title, areaTitle, areaType sql.NullString
		var pct float64
		var hasPosted, bound, hourlyBound bool
		var hourlyOnly sql.NullBool
		if err := rows.Scan(&s.Release, &s.OccupationCode, &title, &s.AreaCode, &areaTitle, &areaType,
			&s.Experience, &pct, &s.AnnualModeled, &s.ModeledBasis, &hasPosted, &bound, &s.ModeledGap,
			&s.HourlyModeled, &hourlyBound, &hourlyOnly,
			&s.Source.Name, &s.Source.FileName, &s.Source.SHA256, &s.Source.Release, &s.Source.URL); err != nil {
			return nil, fmt.Errorf("read fct_experience_bridge: %w", err)
		}
		s.Period, s.OccupationTitle, s.AreaTitle, s.AreaType = s.Release, title.String, areaTitle.String, areaType.String
		s.ModeledPercentile = &pct
		if bound {
			s.TopCoded = append(s.TopCoded, "annual_modeled")
		}
		if hourlyBound {
			s.TopCoded = append(s.TopCoded, "hourly_modeled")
		}
		s.HourlyOnly = hourlyOnly.Bool
		out = append(out, s)
	}
	return out, rows.Err()
}

// CPIAnnual returns the CPI-U annual average for a year (stg_cpi__annual).
func (d *DB) CPIAnnual(ctx context.Context, year int) (float64, error) {
	var v float64
	err := d.QueryRow(ctx, `SELECT cpi_u FROM stg_cpi__annual WHERE year = ?`, year).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("CPI-U annual average for %d: %w (the loaded CPI file does not cover it)", year, ErrNotFound)
	}
	if err != nil {
		return 0, fmt.Errorf("CPI-U annual average for %d: %w", year, err)
	}
	return v, nil
}

// CPIAnnualAverages returns every CPI-U annual average loaded, by year.
func (d *DB) CPIAnnualAverages(ctx context.Context) (map[int]float64, error) {
	rows, err := d.Query(ctx, `SELECT year, cpi_u FROM stg_cpi__annual WHERE cpi_u IS NOT NULL`)
	if err != nil {
		return nil, fmt.Errorf("read CPI-U annual averages: %w", err)
	}
	defer rows.Close()
	out := map[int]float64{}
	for rows.Next() {
		var year int
		var v float64
		if err := rows.Scan(&year, &v); err != nil {
			return nil, fmt.Errorf("read CPI-U annual averages: %w", err)
		}
		out[year] = v
	}
	return out, rows.Err()
}

// PostedVsSurveyed returns fct_posted_vs_surveyed for an occupation (Any:
// all, by code): the U.S. first, then areas by posting count.
func (d *DB) PostedVsSurveyed(ctx context.Context, occupationCode string) ([]PostedVsSurveyed, error) {
	rows, err := d.Query(ctx, `
		SELECT p.occupation_code, p.area_code, coalesce(p.area_title, p.area_code), coalesce(p.area_type, ''),
		       p.posted_n, p.posted_median, p.posted_median_ci_low, p.posted_median_ci_high,
		       p.posted_year_min, p.posted_year_max, p.postings_total, p.share_with_pay, p.share_with_employer_pay,
		       p.oews_release, p.oews_area_code, p.oews_median, coalesce(p.oews_median_top_coded, false),
		       p.posted_to_oews_median, p.posted_median_oews_percentile, coalesce(p.posted_median_oews_bound, ''),
		       p.aged_to_year, p.oews_median_aged, p.posted_to_oews_median_aged,
		       f.source_name, f.file_name, f.sha256, coalesce(f.release, ''), coalesce(f.url, '')
		FROM fct_posted_vs_surveyed AS p
		LEFT JOIN source_files AS f ON f.source_file_id = p.oews_source_file_id
		WHERE (? = '*' OR p.occupation_code = ?)
		ORDER BY p.occupation_code, p.area_code <> 'US', p.posted_n DESC, p.area_code`, occupationCode, occupationCode)
	if err != nil {
		return nil, fmt.Errorf("read fct_posted_vs_surveyed: %w", err)
	}
	defer rows.Close()
	var out []PostedVsSurveyed
	for rows.Next() {
		var p PostedVsSurveyed
		var yearMin, yearMax, agedTo sql.NullInt64
		var name, file, sha, rel, url sql.NullString
		if err := rows.Scan(&p.OccupationCode, &p.AreaCode, &p.AreaTitle, &p.AreaType,
			&p.PostedN, &p.PostedMedian, &p.PostedMedianCILow, &p.PostedMedianCIHigh,
			&yearMin, &yearMax, &p.PostingsTotal, &p.ShareWithPay, &p.ShareWithEmployerPay,
			&p.OEWSRelease, &p.OEWSAreaCode, &p.OEWSMedian, &p.OEWSMedianTopCoded,
			&p.PostedToOEWS, &p.OEWSPercentile, &p.OEWSPercentileBound,
			&agedTo, &p.OEWSMedianAged, &p.PostedToOEWSAged,
			&name, &file, &sha, &rel, &url); err != nil {
			return nil, fmt.Errorf("read fct_posted_vs_surveyed: %w", err)
		}
		if yearMin.Valid {
			p.PostedYears = yearRange(int(yearMin.Int64), int(yearMax.Int64))
		}
		p.AgedToYear = int(agedTo.Int64)
		p.OEWSSource = SourceRef{Name: name.String, FileName: file.String, SHA256: sha.String, Release: rel.String, URL: url.String}
		out = append(out, p)
	}
	return out, rows.Err()
}
