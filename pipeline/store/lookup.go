package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/wagescope/wagescope/internal/lazyre"
)

// TitleRef is a reference title for the title classifier.
type TitleRef struct {
	Code   string
	Title  string
	Source string // synonym | oews | soc | projections | projections_alternate | onet_alternate | onet_reported
	// Weight is how many O*NET sources list an alternate title (its
	// "Source(s)" column); 0 elsewhere.
	Weight float64
}

// TitleRefs lists every reference title the database knows, preferred
// sources first: the project's synonyms (data/title_synonyms.csv), OEWS
// titles, SOC titles, projections titles and alternate titles, and O*NET
// alternate and reported titles.
func (d *DB) TitleRefs(ctx context.Context) ([]TitleRef, error) {
	// Raw and reference tables only: the normalize stage classifies posting
	// titles before staging runs.
	rows, err := d.Query(ctx, `
		SELECT code, title, source, max(weight) FROM (
		    SELECT soc_code AS code, title, 'synonym' AS source, 0 AS pref, 0 AS weight FROM ref_title_synonyms
		    UNION ALL
		    SELECT occ_code, occ_title, 'oews', 1, 0 FROM raw_oews__wages WHERE occ_code <> '00-0000'
		    UNION ALL
		    -- SOC titles of detailed occupations only: a group title such as
		    -- "Other Healthcare Support Workers" names no occupation.
		    SELECT soc_code, soc_title, CASE classification WHEN 'oews' THEN 'oews' ELSE 'soc' END, 2, 0
		    FROM raw_soc__occupations WHERE classification = 'oews' OR soc_level = 'detailed'
		    UNION ALL
		    SELECT occupation_code, occupation_title, 'projections', 3, 0 FROM raw_projections__occupations
		    UNION ALL
		    SELECT occupation_code, alternate_title, 'projections_alternate', 4, 0 FROM raw_projections__alternate_titles
		    UNION ALL
		    -- O*NET alternate titles weigh by how many of O*NET's sources list
		    -- them; their short forms ("MLS") count the same.
		    SELECT left(onet_code, 7), t.title, 'onet_' || list, 5,
		           CASE WHEN list = 'alternate' THEN len(string_split(coalesce(sources, ''), ',')) ELSE 0 END
		    FROM raw_titles__onet, LATERAL (SELECT unnest([alternate_title, short_title]) AS title) t
		) WHERE title IS NOT NULL AND title <> '' AND regexp_full_match(code, '\d\d-\d{4}')
		GROUP BY code, title, source, pref
		-- detailed codes before broad groups of the same title; where two
		-- sources of one rank list the same title, the one that vouches
		-- more first (OEWS before SOC, O*NET reported before alternate), so
		-- the order, and with it a tie's displayed match, is the same every
		-- run
		ORDER BY pref, code LIKE '%0', code, title, source IN ('soc', 'onet_alternate')
		`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []TitleRef
	for rows.Next() {
		var t TitleRef
		if err := rows.Scan(&t.Code, &t.Title, &t.Source, &t.Weight); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// ErrNotFound is returned by lookups that find nothing.
var ErrNotFound = errors.New("not found")

// Occupation returns the dim_occupation row for a code.
func (d *DB) Occupation(ctx context.Context, code string) (Occupation, error) {
	var o Occupation
	var title, oews sql.NullString
	err := d.QueryRow(ctx, `SELECT occupation_code, occupation_title, soc_level, oews_code, has_outlook
		FROM dim_occupation WHERE occupation_code = ?`, code).Scan(&o.Code, &title, &o.Level, &oews, &o.HasOutlook)
	if errors.Is(err, sql.ErrNoRows) {
		return o, fmt.Errorf("occupation %s: %w", code, ErrNotFound)
	}
	if err != nil {
		return o, fmt.Errorf("occupation %s: %w", code, err)
	}
	o.Title, o.OEWSCode = title.String, oews.String
	return o, nil
}

// SearchOccupations lists up to limit published occupations (with OEWS
// wages, detailed) whose title contains every word of q, case-insensitively and
// ignoring a plural s ("engineer" finds "Aerospace Engineers"), by code:
// the suggestions for a title too generic to classify. total counts all
// that match.
func (d *DB) SearchOccupations(ctx context.Context, q string, limit int) (found []Occupation, total int, err error) {
	var words []string
	for _, w := range strings.Fields(strings.ToLower(q)) {
		if w = strings.TrimSuffix(w, "s"); len(w) >= 2 {
			words = append(words, w)
		}
	}
	if len(words) == 0 {
		return nil, 0, nil
	}
	rows, err := d.Query(ctx, `SELECT occupation_code, occupation_title, count(*) OVER () FROM dim_occupation
		WHERE has_wages AND soc_level = 'detailed' AND occupation_title IS NOT NULL
		  AND list_bool_and(list_transform(CAST(? AS VARCHAR[]), w -> contains(lower(occupation_title), w)))
		ORDER BY occupation_code LIMIT ?`, words, limit)
	if err != nil {
		return nil, 0, fmt.Errorf("search occupations: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var o Occupation
		if err := rows.Scan(&o.Code, &o.Title, &total); err != nil {
			return nil, 0, fmt.Errorf("search occupations: %w", err)
		}
		found = append(found, o)
	}
	return found, total, rows.Err()
}

// stateFIPS is the form of a state FIPS code.
var stateFIPS = lazyre.New(`^[0-9]{2}$`)

// Area is one dim_area row.
type Area struct {
	Code  string `json:"area_code"`
	Title string `json:"area_title"`
	Type  string `json:"area_type"`
}

// ResolveArea accepts US, a state postal code, FIPS code (36) or name, a
// CBSA code or a metro name (case-insensitive; a unique substring of a
// metro name works).
func (d *DB) ResolveArea(ctx context.Context, s string) (Area, error) {
	q := strings.TrimSpace(s)
	switch strings.ToLower(q) {
	case "", "us", "u.s.", "usa", "united states", "national", "nation":
		q = "US"
	case "remote":
		q = "REMOTE"
	}
	if q == "US" {
		// the default of every command, named without two lookups (a
		// trace of rates on ten million postings put them at 6–9 ms)
		return Area{Code: "US", Title: "United States", Type: "national"}, nil
	}
	// A state's FIPS code or name stands for its postal code, the code
	// areas are published under (CBSA codes have five digits). A state
	// matches only itself: "AK" is not a part of "Oakland".
	var state, stateName string
	err := d.QueryRow(ctx, `SELECT state_postal, state_name FROM ref_states
		WHERE state_fips = ? OR upper(state_postal) = upper(?) OR lower(state_name) = lower(?)`, q, q, q).Scan(&state, &stateName)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if stateFIPS.MatchString(q) {
			return Area{}, fmt.Errorf("area %q: %w: no state has FIPS code %s", s, ErrNotFound, q)
		}
	case err != nil:
		return Area{}, fmt.Errorf("area %q: %w", s, err)
	default:
		q = state
	}
	// Each match carries the title it matched by and the title to show:
	// dim_area's, where it has the code, however it was matched, so
	// "Buffalo-Cheektowaga, NY" (the 2023 delineation) resolves to 15380
	// and is headed as OEWS and the rows name it, "Buffalo-Cheektowaga-
	// Niagara Falls, NY" (in this one query, not a lookup per match).
	rows, err := d.Query(ctx, `
		SELECT a.area_code, a.area_title, a.area_title, coalesce(a.area_type, ''), 0 AS pref FROM dim_area AS a
		LEFT JOIN ref_states AS s ON s.state_postal = a.area_code
		WHERE upper(a.area_code) = upper(?) OR lower(a.area_title) = lower(?) OR lower(s.state_name) = lower(?)
		UNION ALL
		SELECT area_code, area_title, area_title, coalesce(area_type, ''), 0 FROM dim_area
		WHERE area_type IN ('metro', 'nonmetro') AND regexp_matches(lower(area_title), '(^|[^a-z])' || regexp_escape(lower(?)))
		UNION ALL
		-- a CBSA code or metro name only postings know (OMB delineation);
		-- part of a name too, so "Springfield" is ambiguous among all five
		-- Springfields, not quietly the one the data happens to hold; a
		-- part starts at a word ("Kansas City" is not in "Arkansas City")
		-- (after the published title of the same code: the OEWS one,
		-- "…, NY-NJ-PA", names it as the figures do, not the delineation's)
		SELECT m.cbsa_code, m.cbsa_title, coalesce(d.area_title, m.cbsa_title),
		       coalesce(nullif(d.area_type, ''), 'metro'), 1
		FROM ref_metros AS m
		LEFT JOIN dim_area AS d ON d.area_code = m.cbsa_code
		WHERE m.cbsa_code = ? OR lower(m.cbsa_title) = lower(?)
		   OR (length(?) >= 3 AND regexp_matches(lower(m.cbsa_title), '(^|[^a-z])' || regexp_escape(lower(?))))
		ORDER BY 1, 5`, q, q, q, q, q, q, q, q)
	if err != nil {
		return Area{}, err
	}
	defer rows.Close()
	// An exact code or name wins over substring matches, whichever of a
	// code's rows matched exactly.
	type match struct {
		area  Area
		exact bool
	}
	var found []match
	at := map[string]int{}
	for rows.Next() {
		var a Area
		var by string // the title it matched by
		var pref int
		if err := rows.Scan(&a.Code, &by, &a.Title, &a.Type, &pref); err != nil {
			return Area{}, err
		}
		exact := strings.EqualFold(a.Code, q) || strings.EqualFold(by, q)
		if i, ok := at[a.Code]; ok {
			found[i].exact = found[i].exact || exact
			continue
		}
		at[a.Code] = len(found)
		found = append(found, match{area: a, exact: exact})
	}
	if err := rows.Err(); err != nil {
		return Area{}, err
	}
	for _, m := range found {
		if m.exact {
			return m.area, nil
		}
	}
	if state != "" {
		return Area{}, fmt.Errorf("area %q: %w: %s (%s) has no published figures", s, ErrNotFound, stateName, state)
	}
	switch len(found) {
	case 0:
		return Area{}, fmt.Errorf("area %q: %w among the published areas (use US, a state postal or FIPS code or name, a CBSA code or a metro name)", s, ErrNotFound)
	case 1:
		return found[0].area, nil
	}
	names := make([]string, 0, len(found))
	for i, m := range found {
		if i == 5 {
			names = append(names, "…")
			break
		}
		names = append(names, m.area.Code+" "+m.area.Title)
	}
	return Area{}, fmt.Errorf("area %q is ambiguous: %s", s, strings.Join(names, "; "))
}

// LatestRelease is the newest OEWS release loaded, or "" with none.
func (d *DB) LatestRelease(ctx context.Context) (string, error) {
	var r sql.NullString
	err := d.QueryRow(ctx, `SELECT max(release) FROM fct_wage_stats WHERE source_family = 'oews'`).Scan(&r)
	return r.String, err
}

// OEWSReleases are the OEWS releases loaded, oldest first.
func (d *DB) OEWSReleases(ctx context.Context) ([]string, error) {
	rows, err := d.Query(ctx, `SELECT DISTINCT release FROM fct_wage_stats WHERE source_family = 'oews' ORDER BY release`)
	if err != nil {
		return nil, fmt.Errorf("list OEWS releases: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return nil, fmt.Errorf("list OEWS releases: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
