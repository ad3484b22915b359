package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"strings"
)

// RunSettings are the configuration values the marts, checks and change
// summary read from the run_settings table (never spliced into SQL text).
type RunSettings struct {
	MinCellSize          int
	GuardMedianChangePct float64
	GuardRowChangePct    float64
	ChangeThresholdPct   float64
}

// WriteSettings replaces run_settings.
func (d *DB) WriteSettings(ctx context.Context, s RunSettings) error {
	err := d.Exec(ctx, `CREATE OR REPLACE TABLE run_settings AS SELECT
		CAST(? AS INTEGER) AS min_cell_size, CAST(? AS DOUBLE) AS guard_median_change_pct,
		CAST(? AS DOUBLE) AS guard_row_change_pct, CAST(? AS DOUBLE) AS change_threshold_pct`,
		s.MinCellSize, s.GuardMedianChangePct, s.GuardRowChangePct, s.ChangeThresholdPct)
	if err != nil {
		return fmt.Errorf("run settings: %w", err)
	}
	return nil
}

// SettingsEqual reports whether run_settings holds s (false when the table
// is missing or has other columns: an older database).
func (d *DB) SettingsEqual(ctx context.Context, s RunSettings) (bool, error) {
	var got RunSettings
	err := d.QueryRow(ctx, `SELECT min_cell_size, guard_median_change_pct, guard_row_change_pct, change_threshold_pct FROM run_settings`).
		Scan(&got.MinCellSize, &got.GuardMedianChangePct, &got.GuardRowChangePct, &got.ChangeThresholdPct)
	if err != nil {
		return false, nil //nolint:nilerr // a missing or older table means "not equal"
	}
	return got == s, nil
}

// WriteSourceOrder replaces run_source_order: the configured sources in
// order. Where two files publish the same key, the first-configured wins,
// whatever order the files were read in.
func (d *DB) WriteSourceOrder(ctx context.Context, names []string) error {
	if err := d.Exec(ctx, `CREATE OR REPLACE TABLE run_source_order AS
		SELECT CAST(u.name AS VARCHAR) AS source_name, CAST(u.i AS INTEGER) AS source_position
		FROM (SELECT unnest(CAST(? AS VARCHAR[])) AS name, generate_subscripts(CAST(? AS VARCHAR[]), 1) AS i) AS u`,
		names, names); err != nil {
		return fmt.Errorf("source order: %w", err)
	}
	return nil
}

// SourceOrderEqual reports whether run_source_order holds names in order
// (false when the table is missing: an older database).
func (d *DB) SourceOrderEqual(ctx context.Context, names []string) (bool, error) {
	var got string
	err := d.QueryRow(ctx, `SELECT coalesce(string_agg(source_name, ',' ORDER BY source_position), '') FROM run_source_order`).Scan(&got)
	if err != nil {
		return false, nil //nolint:nilerr // a missing table means "not equal"
	}
	return got == strings.Join(names, ","), nil
}

// Attach opens another database file read-only under alias for queries
// that compare against it; the returned function detaches it.
func (d *DB) Attach(ctx context.Context, path, alias string) (func(), error) {
	q := fmt.Sprintf("ATTACH '%s' AS %s (READ_ONLY)", strings.ReplaceAll(path, "'", "''"), alias)
	if err := d.Exec(ctx, q); err != nil {
		return nil, fmt.Errorf("attach %s: %w", path, err)
	}
	return func() { _ = d.Exec(context.Background(), "DETACH "+alias) }, nil
}

// DropLegacyTable drops name if it is a table of the main schema. A mart
// that became a view (fct_wage_stats) is still a table in a database built
// by earlier code, which CREATE OR REPLACE VIEW cannot replace; a view of
// that name is left alone.
func (d *DB) DropLegacyTable(ctx context.Context, name string) error {
	var n int
	if err := d.QueryRow(ctx, `SELECT count(*) FROM duckdb_tables()
		WHERE database_name = current_database() AND schema_name = 'main' AND table_name = ?`, name).Scan(&n); err != nil {
		return fmt.Errorf("look up table %s: %w", name, err)
	}
	if n == 0 {
		return nil
	}
	if err := d.Exec(ctx, "DROP TABLE "+QuoteIdent(name)); err != nil {
		return fmt.Errorf("drop the earlier table %s: %w", name, err)
	}
	return nil
}

// ComparedTables are the tables the run-over-run guards and the change
// summary read from the published database.
func ComparedTables() []string {
	return []string{"dim_occupation", "fct_wage_stats", "fct_outlook", "fct_posted_vs_surveyed", "source_files"}
}

// MissingTables lists which of tables the attached database alias lacks.
func (d *DB) MissingTables(ctx context.Context, alias string, tables []string) ([]string, error) {
	names, err := d.tablesOf(ctx, alias, "%")
	if err != nil {
		return nil, fmt.Errorf("list tables of %s: %w", alias, err)
	}
	have := map[string]bool{}
	for _, t := range names {
		have[t] = true
	}
	var missing []string
	for _, t := range tables {
		if !have[t] {
			missing = append(missing, t)
		}
	}
	return missing, nil
}

// ChangeSummary is what a run changed against the snapshot published
// before it.
type ChangeSummary struct {
	RunID              int64            `json:"run_id,omitempty"` // left out of the site's copy (reports.writeChanges)
	Unchanged          bool             `json:"unchanged"`
	ThresholdPct       float64          `json:"threshold_pct"`
	Sources            []SourceChange   `json:"sources"`
	NewReleases        []ReleaseChange  `json:"new_releases"`
	ReleasesRemoved    []ReleaseChange  `json:"releases_removed"` // published before, not now
	OccupationsAdded   []OccupationRef  `json:"occupations_added"`
	OccupationsRemoved []OccupationRef  `json:"occupations_removed"`
	MedianMoves        []MedianMove     `json:"median_moves"`       // the largest, at most maxMoves
	MedianMovesTotal   int              `json:"median_moves_total"` // how many moved more than the threshold
	RowCounts          []TableRowChange `json:"row_counts"`
}

// MarshalJSON writes every list as a list, [] when empty (a first run's
// summary had "new_releases": null).
func (cs ChangeSummary) MarshalJSON() ([]byte, error) {
	type plain ChangeSummary
	p := plain(cs)
	p.Sources = nonNil(p.Sources)
	p.NewReleases = nonNil(p.NewReleases)
	p.ReleasesRemoved = nonNil(p.ReleasesRemoved)
	p.OccupationsAdded = nonNil(p.OccupationsAdded)
	p.OccupationsRemoved = nonNil(p.OccupationsRemoved)
	p.MedianMoves = nonNil(p.MedianMoves)
	p.RowCounts = nonNil(p.RowCounts)
	return json.Marshal(p)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// SourceChange is one source file's fate in the run.
type SourceChange struct {
	Source  string `json:"source"`
	File    string `json:"file,omitempty"`
	Status  string `json:"status"` // ingested | unchanged | removed | failed
	Release string `json:"release,omitempty"`
	Error   string `json:"error,omitempty"`
}

// ReleaseChange is a (kind, release) the published snapshot did not have.
type ReleaseChange struct {
	Kind    string `json:"kind"`
	Source  string `json:"source"`
	Release string `json:"release"`
}

// OccupationRef names an occupation.
type OccupationRef struct {
	Code  string `json:"code"`
	Title string `json:"title"`
}

// MedianMove is a median that moved more than the threshold: the latest
// U.S. OEWS median of an occupation when a newer release replaced it, a
// U.S. OEWS median of a release both snapshots hold, or a posted-pay
// median of an occupation and area.
type MedianMove struct {
	SourceFamily   string  `json:"source_family"`
	OccupationCode string  `json:"occupation_code"`
	Title          string  `json:"occupation_title"`
	AreaCode       string  `json:"area_code"`
	OldRelease     string  `json:"old_release,omitempty"`
	NewRelease     string  `json:"new_release,omitempty"`
	OldMedian      float64 `json:"old_median"`
	NewMedian      float64 `json:"new_median"`
	ChangePct      float64 `json:"change_pct"`
}

// TableRowChange is a public table's row count before and after.
type TableRowChange struct {
	Table  string `json:"table"`
	Before int64  `json:"before"`
	After  int64  `json:"after"`
}

// maxMoves bounds the moves a summary lists (the total is kept).
const maxMoves = 100

// ComputeChanges compares this database with the published one attached
// as alias (see Attach).
func (d *DB) ComputeChanges(ctx context.Context, alias string, thresholdPct float64) (ChangeSummary, error) {
	cs := ChangeSummary{ThresholdPct: thresholdPct}
	var err error
	if cs.NewReleases, err = d.releasesOnlyIn(ctx, "", alias); err != nil {
		return cs, err
	}
	if cs.ReleasesRemoved, err = d.releasesOnlyIn(ctx, alias, ""); err != nil {
		return cs, err
	}
	if cs.OccupationsAdded, cs.OccupationsRemoved, err = d.occupationChanges(ctx, alias); err != nil {
		return cs, err
	}
	if cs.MedianMoves, cs.MedianMovesTotal, err = d.medianMoves(ctx, alias, thresholdPct); err != nil {
		return cs, err
	}
	for _, t := range ComparedTables() {
		var c TableRowChange
		c.Table = t
		q := fmt.Sprintf(`SELECT (SELECT count(*) FROM %s.%s), (SELECT count(*) FROM %s)`, alias, t, t)
		if err := d.QueryRow(ctx, q).Scan(&c.Before, &c.After); err != nil {
			return cs, fmt.Errorf("change summary: count %s: %w", t, err)
		}
		cs.RowCounts = append(cs.RowCounts, c)
	}
	return cs, nil
}

// releasesOnlyIn lists the releases of the source files in one database
// that the other lacks; each is "" for this database or an attached one's
// alias.
func (d *DB) releasesOnlyIn(ctx context.Context, in, notIn string) ([]ReleaseChange, error) {
	table := func(alias string) string {
		if alias == "" {
			return "source_files"
		}
		return alias + ".source_files"
	}
	rows, err := d.Query(ctx, fmt.Sprintf(`
		SELECT DISTINCT kind, source_name, release FROM %s
		WHERE status = 'ok' AND release IS NOT NULL
		  AND (kind, release) NOT IN (SELECT (kind, release) FROM %s WHERE status = 'ok' AND release IS NOT NULL)
		ORDER BY kind, release, source_name`, table(in), table(notIn)))
	if err != nil {
		return nil, fmt.Errorf("change summary: releases: %w", err)
	}
	defer rows.Close()
	var out []ReleaseChange
	for rows.Next() {
		var r ReleaseChange
		if err := rows.Scan(&r.Kind, &r.Source, &r.Release); err != nil {
			return nil, fmt.Errorf("change summary: releases: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func (d *DB) occupationChanges(ctx context.Context, alias string) (added, removed []OccupationRef, err error) {
	const figures = `(coalesce(has_wages, false) OR coalesce(has_outlook, false) OR coalesce(has_postings, false))`
	read := func(q string) ([]OccupationRef, error) {
		rows, err := d.Query(ctx, q)
		if err != nil {
			return nil, fmt.Errorf("change summary: occupations: %w", err)
		}
		defer rows.Close()
		var out []OccupationRef
		for rows.Next() {
			var o OccupationRef
			var title sql.NullString
			if err := rows.Scan(&o.Code, &title); err != nil {
				return nil, fmt.Errorf("change summary: occupations: %w", err)
			}
			o.Title = title.String
			out = append(out, o)
		}
		return out, rows.Err()
	}
	if added, err = read(fmt.Sprintf(`SELECT occupation_code, occupation_title FROM dim_occupation WHERE %s
		AND occupation_code NOT IN (SELECT occupation_code FROM %s.dim_occupation WHERE %s) ORDER BY 1`, figures, alias, figures)); err != nil {
		return nil, nil, err
	}
	removed, err = read(fmt.Sprintf(`SELECT occupation_code, occupation_title FROM %s.dim_occupation WHERE %s
		AND occupation_code NOT IN (SELECT occupation_code FROM dim_occupation WHERE %s) ORDER BY 1`, alias, figures, figures))
	return added, removed, err
}

// medianMoves compares U.S. OEWS medians (the latest against the latest,
// and each release against itself) and the all-period posted median of
// each occupation and area.
func (d *DB) medianMoves(ctx context.Context, alias string, thresholdPct float64) ([]MedianMove, int, error) {
	q := fmt.Sprintf(`
		WITH latest AS (
		    (SELECT 'new' AS side, occupation_code, occupation_title AS title, release, annual_median
		     FROM fct_wage_stats WHERE source_family = 'oews' AND area_code = 'US' AND employer_type = 'ALL' AND annual_median IS NOT NULL
		     QUALIFY row_number() OVER (PARTITION BY occupation_code ORDER BY release DESC, industry_code) = 1)
		    UNION ALL
		    (SELECT 'old', occupation_code, occupation_title, release, annual_median
		     FROM %[1]s.fct_wage_stats WHERE source_family = 'oews' AND area_code = 'US' AND employer_type = 'ALL' AND annual_median IS NOT NULL
		     QUALIFY row_number() OVER (PARTITION BY occupation_code ORDER BY release DESC, industry_code) = 1)
		),
		oews AS (
		    -- the latest U.S. median when a newer release replaced it
		    SELECT 'oews' AS family, n.occupation_code, n.title, 'US' AS area_code, o.release AS old_release, n.release AS new_release,
		           o.annual_median AS old_median, n.annual_median AS new_median
		    FROM latest AS n JOIN latest AS o ON o.occupation_code = n.occupation_code AND o.side = 'old'
		    WHERE n.side = 'new' AND n.release > o.release
		    UNION ALL
		    -- a U.S. median of a release both hold (a re-published file)
		    SELECT 'oews', n.occupation_code, n.occupation_title, 'US', o.release, n.release, o.annual_median, n.annual_median
		    FROM fct_wage_stats AS n JOIN %[1]s.fct_wage_stats AS o
		      ON  o.source_family = n.source_family AND o.release = n.release AND o.area_code = n.area_code
		      AND o.occupation_code = n.occupation_code AND o.employer_type = n.employer_type
		      AND o.industry_code IS NOT DISTINCT FROM n.industry_code AND o.ownership_code IS NOT DISTINCT FROM n.ownership_code
		    WHERE n.source_family = 'oews' AND n.area_code = 'US' AND n.employer_type = 'ALL'
		      AND n.annual_median IS NOT NULL AND o.annual_median IS NOT NULL
		),
		posted AS (
		    SELECT 'postings', n.occupation_code, n.occupation_title, n.area_code, NULL, NULL, o.annual_median, n.annual_median
		    FROM fct_wage_stats AS n JOIN %[1]s.fct_wage_stats AS o
		      ON  o.source_family = n.source_family AND o.period = n.period AND o.area_code = n.area_code
		      AND o.occupation_code = n.occupation_code AND o.experience = n.experience
		      AND o.employer_type = n.employer_type AND o.pay_basis = n.pay_basis
		    WHERE n.source_family = 'postings' AND n.period = 'ALL' AND n.experience = 'ALL' AND n.employer_type = 'ALL'
		      AND n.pay_basis = 'ALL' AND n.annual_median IS NOT NULL AND o.annual_median IS NOT NULL
		)
		SELECT *, round((new_median / old_median - 1) * 100, 2) AS change_pct
		FROM (SELECT * FROM oews UNION ALL SELECT * FROM posted)
		WHERE old_median > 0 AND abs(new_median / old_median - 1) * 100 > ?
		ORDER BY abs(new_median / old_median - 1) DESC, 1, 2, 4`, alias)
	rows, err := d.Query(ctx, q, thresholdPct)
	if err != nil {
		return nil, 0, fmt.Errorf("change summary: medians: %w", err)
	}
	defer rows.Close()
	var out []MedianMove
	total := 0
	for rows.Next() {
		var m MedianMove
		var title, oldRel, newRel sql.NullString
		if err := rows.Scan(&m.SourceFamily, &m.OccupationCode, &title, &m.AreaCode, &oldRel, &newRel,
			&m.OldMedian, &m.NewMedian, &m.ChangePct); err != nil {
			return nil, 0, fmt.Errorf("change summary: medians: %w", err)
		}
		m.Title, m.OldRelease, m.NewRelease = title.String, oldRel.String, newRel.String
		total++
		if len(out) < maxMoves && !math.IsNaN(m.ChangePct) {
			out = append(out, m)
		}
	}
	return out, total, rows.Err()
}

// RunGuards runs queries/guards against the published database attached
// as "published": violations are run-over-run moves beyond the configured
// thresholds within releases both snapshots hold.
func (d *DB) RunGuards(ctx context.Context) ([]Violation, error) {
	return d.runViolations(ctx, "guards")
}

// RunRecord is one row of the runs ledger.
type RunRecord struct {
	RunID      int64  `json:"run_id"`
	StartedAt  string `json:"started_at"`
	FinishedAt string `json:"finished_at"`
	Status     string `json:"status"`
	Stages     string `json:"stages"` // JSON text: stage, seconds, rows, skipped, detail
	Message    string `json:"message,omitempty"`
}

// Runs lists the newest runs of the ledger, newest first.
func (d *DB) Runs(ctx context.Context, limit int) ([]RunRecord, error) {
	rows, err := d.Query(ctx, `SELECT run_id, strftime(started_at, '%Y-%m-%dT%H:%M:%SZ'),
		coalesce(strftime(finished_at, '%Y-%m-%dT%H:%M:%SZ'), ''), status, coalesce(stages_json, '[]'), coalesce(message, '')
		FROM runs ORDER BY run_id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("read runs: %w", err)
	}
	defer rows.Close()
	var out []RunRecord
	for rows.Next() {
		var r RunRecord
		if err := rows.Scan(&r.RunID, &r.StartedAt, &r.FinishedAt, &r.Status, &r.Stages, &r.Message); err != nil {
			return nil, fmt.Errorf("read runs: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// SourceFileSets returns, per table, the sorted ids of the source files its
// rows come from: a cheap fingerprint that changes exactly when a file's
// rows are added or removed (a re-read file gets a new id).
func (d *DB) SourceFileSets(ctx context.Context, tables []string) (map[string]string, error) {
	sets := make(map[string]string, len(tables))
	for _, t := range tables {
		var ids string
		q := fmt.Sprintf(`SELECT coalesce(string_agg(DISTINCT CAST(source_file_id AS VARCHAR), ',' ORDER BY CAST(source_file_id AS VARCHAR)), '') FROM %s`, QuoteIdent(t))
		if err := d.QueryRow(ctx, q).Scan(&ids); err != nil {
			return nil, fmt.Errorf("source files of %s: %w", t, err)
		}
		sets[t] = ids
	}
	return sets, nil
}

// TablesLike lists the main schema's tables and views whose names match a
// LIKE pattern.
func (d *DB) TablesLike(ctx context.Context, pattern string) ([]string, error) {
	return d.tablesOf(ctx, "", pattern)
}

// StoredTablesLike lists the main schema's tables, not views, whose names
// match a LIKE pattern: what a stage wrote, without a view that shows the
// same rows again (stg_postings__postings over its derived table).
func (d *DB) StoredTablesLike(ctx context.Context, pattern string) ([]string, error) {
	return d.names(ctx, `SELECT table_name FROM duckdb_tables()
		WHERE database_name = current_database() AND schema_name = 'main' AND table_name LIKE ?
		ORDER BY table_name`, pattern)
}

// tablesOf lists the main-schema tables and views of an attached database
// ("": this one) whose names match pattern, sorted. Views count: a mart
// may be one (fct_wage_stats).
func (d *DB) tablesOf(ctx context.Context, database, pattern string) ([]string, error) {
	return d.names(ctx, `SELECT table_name FROM (
			SELECT database_name, schema_name, table_name FROM duckdb_tables()
			UNION ALL
			SELECT database_name, schema_name, view_name FROM duckdb_views() WHERE NOT internal)
		WHERE database_name = coalesce(nullif(?, ''), current_database()) AND schema_name = 'main' AND table_name LIKE ?
		ORDER BY table_name`, database, pattern)
}

// names runs a query of one text column and returns its values in order.
func (d *DB) names(ctx context.Context, query string, args ...any) ([]string, error) {
	rows, err := d.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		names = append(names, n)
	}
	return names, rows.Err()
}
