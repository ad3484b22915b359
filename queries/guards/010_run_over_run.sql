-- Run-over-run guards, run against the snapshot published before this run
-- (attached as "published"). Each returns (check_name, detail) per
-- violation. Only releases both snapshots hold are compared, so a new
-- release never trips a guard; thresholds come from run_settings.

-- An OEWS median of the same release, area, industry and occupation moved
-- more than guard_median_change_pct (a re-published file changed it).
SELECT 'an OEWS median of an already published release moved more than guard_median_change_pct' AS check_name,
       concat_ws(' ', n.release, n.area_code, n.industry_code, n.occupation_code, ':',
                 o.annual_median, '→', n.annual_median) AS detail
FROM fct_wage_stats AS n
JOIN published.fct_wage_stats AS o
  -- keys may be NULL (ownership in cross-industry files): compare NULL as equal
  ON  n.source_family = o.source_family AND n.release = o.release AND n.occupation_code = o.occupation_code
  AND n.area_code = o.area_code AND n.industry_code IS NOT DISTINCT FROM o.industry_code
  AND n.ownership_code IS NOT DISTINCT FROM o.ownership_code AND n.employer_type IS NOT DISTINCT FROM o.employer_type
  AND n.experience IS NOT DISTINCT FROM o.experience AND n.pay_basis IS NOT DISTINCT FROM o.pay_basis
  AND n.period IS NOT DISTINCT FROM o.period
CROSS JOIN run_settings AS s
WHERE n.source_family = 'oews' AND o.annual_median > 0 AND n.annual_median IS NOT NULL
  AND abs(n.annual_median / o.annual_median - 1) * 100 > s.guard_median_change_pct
UNION ALL
-- An OEWS median an already published release had is gone: its row
-- dropped from a re-published file, its column dropped, the cell unreadable
-- and rejected. (Row counts alone miss one row of hundreds.)
SELECT 'an OEWS median of an already published release is no longer there',
       concat_ws(' ', o.release, o.area_code, o.industry_code, o.occupation_code, ':', o.annual_median, '→ none')
FROM published.fct_wage_stats AS o
LEFT JOIN fct_wage_stats AS n
  ON  n.source_family = o.source_family AND n.release = o.release AND n.occupation_code = o.occupation_code
  AND n.area_code = o.area_code AND n.industry_code IS NOT DISTINCT FROM o.industry_code
  AND n.ownership_code IS NOT DISTINCT FROM o.ownership_code AND n.employer_type IS NOT DISTINCT FROM o.employer_type
WHERE o.source_family = 'oews' AND o.annual_median IS NOT NULL AND n.annual_median IS NULL
  AND o.release IN (SELECT release FROM fct_wage_stats WHERE source_family = 'oews')
UNION ALL
-- A whole OEWS release or projections cycle is gone though the source it
-- came from is still configured: its file vanished from a glob. (A source
-- taken out of the configuration takes its releases with it on purpose.)
SELECT 'an already published release is no longer there, though its source is still configured',
       concat_ws(' ', o.what, o.vintage, 'from source', o.source_name)
FROM (SELECT DISTINCT 'fct_wage_stats oews' AS what, w.release AS vintage, f.source_name
      FROM published.fct_wage_stats AS w JOIN published.source_files AS f USING (source_file_id)
      WHERE w.source_family = 'oews'
      UNION SELECT DISTINCT 'fct_outlook', p.cycle, f.source_name
      FROM published.fct_outlook AS p JOIN published.source_files AS f USING (source_file_id)) AS o
WHERE o.source_name IN (SELECT source_name FROM run_source_order)
  AND (o.what, o.vintage) NOT IN (SELECT ('fct_wage_stats oews', release) FROM fct_wage_stats WHERE source_family = 'oews'
                                  UNION SELECT ('fct_outlook', cycle) FROM fct_outlook)
UNION ALL
-- The rows of an OEWS release or projections cycle both hold moved more
-- than guard_row_change_pct.
SELECT 'rows of an already published release moved more than guard_row_change_pct',
       concat_ws(' ', n.what, n.vintage, ':', o.rows, '→', n.rows)
FROM (SELECT 'fct_wage_stats oews' AS what, release AS vintage, count(*) AS rows FROM fct_wage_stats WHERE source_family = 'oews' GROUP BY release
      UNION ALL SELECT 'fct_outlook', cycle, count(*) FROM fct_outlook GROUP BY cycle) AS n
JOIN (SELECT 'fct_wage_stats oews' AS what, release AS vintage, count(*) AS rows FROM published.fct_wage_stats WHERE source_family = 'oews' GROUP BY release
      UNION ALL SELECT 'fct_outlook', cycle, count(*) FROM published.fct_outlook GROUP BY cycle) AS o
  USING (what, vintage)
CROSS JOIN run_settings AS s
WHERE o.rows > 0 AND abs(n.rows::DOUBLE / o.rows - 1) * 100 > s.guard_row_change_pct;
