-- Plausible values: percentiles in order, wages positive, employment not
-- negative, no OEWS percentile above its release's top-code (BLS prints
-- those as '#'). OEWS details name the file and row the value came from.
SELECT 'percentiles are ordered p10 <= p25 <= median <= p75 <= p90' AS check_name,
       concat_ws(' ', w.source_family, w.period, w.area_code, w.occupation_code, w.industry_code, w.experience, w.employer_type,
                 '(' || f.file_name || ' row ' || w.source_row_number || ')') AS detail
FROM fct_wage_stats AS w
LEFT JOIN source_files AS f ON f.source_file_id = w.source_file_id AND w.source_family = 'oews'
WHERE w.annual_p10 > w.annual_p25 OR w.annual_p25 > w.annual_median
   OR w.annual_median > w.annual_p75 OR w.annual_p75 > w.annual_p90
   -- the median between p10 and p90 even where p25 or p75 is not published
   OR w.annual_p10 > w.annual_median OR w.annual_median > w.annual_p90
UNION ALL
SELECT 'wages are positive',
       concat_ws(' ', w.source_family, w.period, w.area_code, w.occupation_code,
                 '(' || f.file_name || ' row ' || w.source_row_number || ')')
FROM fct_wage_stats AS w
LEFT JOIN source_files AS f ON f.source_file_id = w.source_file_id AND w.source_family = 'oews'
WHERE least(w.annual_mean, w.annual_p10, w.annual_median, w.annual_p90, w.hourly_mean, w.hourly_median) <= 0
UNION ALL
SELECT 'an OEWS percentile is above its release''s top-code (BLS publishes such values as #)',
       concat_ws(' ', w.release, w.area_code, w.industry_code, w.occupation_code, ':',
                 greatest(w.annual_p10, w.annual_p25, w.annual_median, w.annual_p75, w.annual_p90), '>', t.annual_usd,
                 'or', greatest(w.hourly_p10, w.hourly_p25, w.hourly_median, w.hourly_p75, w.hourly_p90), '>', t.hourly_usd,
                 '(' || f.file_name || ' row ' || w.source_row_number || ')')
FROM fct_wage_stats AS w
JOIN ref_oews_topcodes AS t ON t.release = w.release
LEFT JOIN source_files AS f ON f.source_file_id = w.source_file_id
WHERE w.source_family = 'oews'
  AND (greatest(w.annual_p10, w.annual_p25, w.annual_median, w.annual_p75, w.annual_p90) > CAST(t.annual_usd AS DOUBLE)
    OR greatest(w.hourly_p10, w.hourly_p25, w.hourly_median, w.hourly_p75, w.hourly_p90) > CAST(t.hourly_usd AS DOUBLE))
UNION ALL
SELECT 'employment is not negative', release || ' ' || area_code || ' ' || occupation_code
FROM fct_wage_stats WHERE employment < 0
UNION ALL
SELECT 'projected minus base employment equals the published change (within rounding)', cycle || ' ' || occupation_code
FROM fct_outlook
WHERE abs((employment_projected - employment_base) - change_numeric) > 150;
