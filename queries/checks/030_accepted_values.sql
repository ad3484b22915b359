-- Accepted values and not-null keys: a code outside its list means a
-- mapping went wrong upstream, and the publish stops before anyone sees it.
SELECT 'fct_wage_stats.source_family is oews or postings' AS check_name, coalesce(source_family, 'NULL') AS detail
FROM fct_wage_stats WHERE source_family IS NULL OR source_family NOT IN ('oews', 'postings')
GROUP BY source_family
UNION ALL
SELECT 'fct_wage_stats.period_type is release, all, year, quarter or month', coalesce(period_type, 'NULL')
FROM fct_wage_stats WHERE period_type IS NULL OR period_type NOT IN ('release', 'all', 'year', 'quarter', 'month')
GROUP BY period_type
UNION ALL
SELECT 'fct_wage_stats.area_type is national, state, territory, metro, nonmetro, remote or other', coalesce(area_type, 'NULL')
FROM fct_wage_stats WHERE area_type IS NULL OR area_type NOT IN ('national', 'state', 'territory', 'metro', 'nonmetro', 'remote', 'other')
GROUP BY area_type
UNION ALL
SELECT 'fct_wage_stats.experience is ALL or a DESIGN.md level', coalesce(experience, 'NULL')
FROM fct_wage_stats WHERE experience IS NULL OR experience NOT IN ('ALL', 'entry', 'mid', 'senior', 'lead', 'executive', 'unknown')
GROUP BY experience
UNION ALL
SELECT 'fct_wage_stats.employer_type is ALL, mixed or a DESIGN.md type', coalesce(employer_type, 'NULL')
FROM fct_wage_stats
WHERE employer_type IS NULL OR employer_type NOT IN ('ALL', 'mixed', 'hospital', 'clinic_physician_office', 'laboratory', 'government',
      'education', 'staffing_agency', 'private_other', 'nonprofit_other', 'unknown')
GROUP BY employer_type
UNION ALL
SELECT 'fct_wage_stats.pay_basis is ALL, survey, employer or estimate', coalesce(pay_basis, 'NULL')
FROM fct_wage_stats WHERE pay_basis IS NULL OR pay_basis NOT IN ('ALL', 'survey', 'employer', 'estimate')
GROUP BY pay_basis
UNION ALL
SELECT 'a SOC code looks like 00-0000', occupation_code
FROM dim_occupation WHERE occupation_code IS NULL OR NOT regexp_full_match(occupation_code, '\d{2}-\d{4}')
UNION ALL
SELECT 'fct_outlook has cycle and occupation', concat_ws(' ', cycle, occupation_code)
FROM fct_outlook WHERE cycle IS NULL OR occupation_code IS NULL
UNION ALL
SELECT 'source_files that loaded have sha256 and rows', concat_ws(' ', source_name, file_name)
FROM source_files WHERE status = 'ok' AND (sha256 IS NULL OR length(sha256) <> 64 OR rows_loaded IS NULL);
