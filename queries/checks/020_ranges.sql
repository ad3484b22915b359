-- Plausible values: percentiles in order, wages positive, employment not negative.
SELECT 'percentiles are ordered p10 <= p25 <= median <= p75 <= p90' AS check_name,
       concat_ws(' ', source_family, period, area_code, occupation_code, industry_code, experience, employer_type) AS detail
FROM fct_wage_stats
WHERE annual_p10 > annual_p25 OR annual_p25 > annual_median
   OR annual_median > annual_p75 OR annual_p75 > annual_p90
   -- the median between p10 and p90 even where p25 or p75 is not published
   OR annual_p10 > annual_median OR annual_median > annual_p90
UNION ALL
SELECT 'wages are positive', concat_ws(' ', source_family, period, area_code, occupation_code)
FROM fct_wage_stats
WHERE least(annual_mean, annual_p10, annual_median, annual_p90, hourly_mean, hourly_median) <= 0
UNION ALL
SELECT 'employment is not negative', release || ' ' || area_code || ' ' || occupation_code
FROM fct_wage_stats WHERE employment < 0
UNION ALL
SELECT 'projected minus base employment equals the published change (within rounding)', cycle || ' ' || occupation_code
FROM fct_outlook
WHERE abs((employment_projected - employment_base) - change_numeric) > 150;
