-- Each check returns one row per violation: (check_name, detail).
SELECT 'fct_wage_stats key is unique' AS check_name,
       release || ' ' || area_code || ' ' || industry_code || ' ' || ownership_code || ' ' || occupation_code AS detail
FROM fct_wage_stats
GROUP BY source_family, release, area_code, industry_code, ownership_code, occupation_code, experience
HAVING count(*) > 1
UNION ALL
SELECT 'fct_wage_stats has release, area and occupation', source_file_id || ':' || source_row_number
FROM fct_wage_stats
WHERE release IS NULL OR area_code IS NULL OR occupation_code IS NULL
UNION ALL
SELECT 'dim_occupation key is unique', occupation_code
FROM dim_occupation GROUP BY occupation_code HAVING count(*) > 1
UNION ALL
SELECT 'fct_outlook key is unique', cycle || ' ' || occupation_code
FROM fct_outlook GROUP BY cycle, occupation_code HAVING count(*) > 1;
