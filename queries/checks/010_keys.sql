-- Each check returns one row per violation: (check_name, detail).
--
-- fct_wage_stats' key is unique: its OEWS rows by their key columns; its
-- posted cells by the ids they are stored under, which the view names
-- through three small key tables, so each of those must hold an id once and
-- no two ids that read alike. Together that is the view's key, checked
-- without reading the posted cells through the view (at ten million
-- postings, grouping the view's 59 million posted rows by their text key
-- took 30 s; grouping their ids 10 s; sorting them, below, 2.5 s).
SELECT 'fct_wage_stats key is unique' AS check_name,
       concat_ws(' ', source_family, period, area_code, industry_code, ownership_code, occupation_code,
                 experience, employer_type, pay_basis) AS detail
FROM fct_wage_stats_oews
GROUP BY source_family, period_type, period, area_code, industry_code, ownership_code, occupation_code,
         experience, employer_type, pay_basis
HAVING count(*) > 1
UNION ALL
SELECT 'fct_wage_stats key is unique',
       concat_ws(' ', 'postings', s.period, coalesce(a.area_code, 'area id ' || d.area_id),
                 coalesce(o.occupation_code, 'occupation id ' || d.occupation_id), s.experience, s.employer_type, s.pay_basis)
FROM (
    -- each cell's three ids as one number (16, 16 and 32 bits), sorted: a
    -- key held twice lies next to itself. At ten million postings, a hash
    -- GROUP BY of the 59 million cells' ids took 7.5 s, this 2.5 s. A cell
    -- with no id has no key either.
    SELECT DISTINCT CAST(k >> 48 AS USMALLINT) AS occupation_id, CAST((k >> 32) & 65535 AS USMALLINT) AS area_id,
                    CAST(k & 4294967295 AS UINTEGER) AS slice_id
    FROM (
        SELECT k, lag(k) OVER (ORDER BY k) AS previous
        FROM (SELECT (CAST(occupation_id AS UBIGINT) << 48) | (CAST(area_id AS UBIGINT) << 32) | slice_id AS k
              FROM fct_wage_stats_postings
              UNION ALL
              SELECT (CAST(occupation_id AS UBIGINT) << 48) | (CAST(area_id AS UBIGINT) << 32) | slice_id
              FROM fct_wage_stats_postings_suppressed)
    )
    WHERE k = previous OR k IS NULL
) AS d
LEFT JOIN posted_key_occupation AS o ON o.id = d.occupation_id
LEFT JOIN posted_key_area AS a ON a.id = d.area_id
LEFT JOIN posted_key_slice AS s ON s.id = d.slice_id
UNION ALL
SELECT 'fct_wage_stats key is unique', 'posted_key_' || part || ' holds ' || coalesce(code, 'NULL') || ' under ' || n || ' ids'
FROM (
    SELECT 'occupation' AS part, occupation_code AS code, count(*) AS n FROM posted_key_occupation GROUP BY occupation_code
    UNION ALL
    SELECT 'area', area_code, count(*) FROM posted_key_area GROUP BY area_code
    UNION ALL
    SELECT 'slice', concat_ws(' ', period_type, period, experience, employer_type, pay_basis), count(*)
    FROM posted_key_slice GROUP BY period_type, period, experience, employer_type, pay_basis
)
WHERE n > 1
UNION ALL
SELECT 'fct_wage_stats key is unique', 'posted_key_' || part || ' holds id ' || id || ' ' || n || ' times'
FROM (
    SELECT 'occupation' AS part, CAST(id AS BIGINT) AS id, count(*) AS n FROM posted_key_occupation GROUP BY id
    UNION ALL
    SELECT 'area', id, count(*) FROM posted_key_area GROUP BY id
    UNION ALL
    SELECT 'slice', id, count(*) FROM posted_key_slice GROUP BY id
)
WHERE n > 1
UNION ALL
SELECT 'fct_wage_stats has period, area and occupation', concat_ws(' ', source_family, source_file_id, source_row_number)
FROM fct_wage_stats
WHERE period IS NULL OR area_code IS NULL OR occupation_code IS NULL
   OR (source_family = 'oews' AND release IS NULL)
UNION ALL
SELECT 'suppressed postings cells hold no pay values', concat_ws(' ', period, area_code, occupation_code, experience, employer_type)
FROM fct_wage_stats
WHERE source_family = 'postings' AND is_suppressed
  AND coalesce(annual_mean, annual_p10, annual_p25, annual_median, annual_p75, annual_p90,
               annual_median_ci_low, annual_median_ci_high) IS NOT NULL
UNION ALL
SELECT 'postings cells under min_cell_size are suppressed', concat_ws(' ', period, area_code, occupation_code, experience, employer_type, pay_basis)
FROM fct_wage_stats
WHERE source_family = 'postings' AND NOT is_suppressed AND n < (SELECT min_cell_size FROM run_settings)
UNION ALL
SELECT 'dim_occupation key is unique', occupation_code
FROM dim_occupation GROUP BY occupation_code HAVING count(*) > 1
UNION ALL
SELECT 'fct_outlook key is unique', cycle || ' ' || occupation_code
FROM fct_outlook GROUP BY cycle, occupation_code HAVING count(*) > 1
UNION ALL
-- stg_postings__postings puts each derived row beside its raw row (joined
-- by file and line): a staged posting whose raw row is gone would show no
-- raw values
SELECT 'every staged posting has its raw row', 'source file ' || d.source_file_id || ' line ' || d.source_row_number
FROM stg_postings__postings_derived AS d
ANTI JOIN raw_postings__postings AS r ON r.source_file_id = d.source_file_id AND r.row_number = d.source_row_number
UNION ALL
-- Two files of one source publish one OEWS key with different medians (a
-- stray edited copy its glob matched): within a source only the path order
-- would pick one, so the run stops and names both. (Between sources the
-- configured order decides, on purpose: a revised file as a second source.)
SELECT 'two files of one source publish one OEWS median differently',
       concat_ws(' ', w.release, w.area_code, w.industry_code, w.ownership_code, w.occupation_code, ':',
                 string_agg(f.file_name || ' row ' || w.source_row_number || ' ' || coalesce(CAST(w.annual_median_usd AS VARCHAR), '-')
                            || ' (hourly ' || coalesce(CAST(w.hourly_median_usd AS VARCHAR), '-') || ')', ', ' ORDER BY f.path, w.source_row_number))
FROM stg_oews__wages AS w
JOIN source_files AS f USING (source_file_id)
GROUP BY f.source_name, w.release, w.area_code, w.industry_code, w.ownership_code, w.occupation_code, w.occupation_group
HAVING count(DISTINCT w.source_file_id) > 1
   AND count(DISTINCT {'annual': w.annual_median_usd, 'hourly': w.hourly_median_usd}) > 1;
