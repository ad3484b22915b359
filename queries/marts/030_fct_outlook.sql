-- fct_outlook: each projections cycle's figures for an occupation with the
-- OEWS release its wage figure must be cited with (the EP median wage of the
-- 2022-2032 cycle is the OEWS May 2023 median), and whether that release is
-- loaded and agrees.
CREATE OR REPLACE TABLE fct_outlook AS
WITH
projections AS (
    SELECT * FROM stg_projections__occupations
),
oews_us AS (
    SELECT release, occupation_code, annual_median
    FROM fct_wage_stats
    WHERE source_family = 'oews' AND area_code = 'US' AND employer_type = 'ALL'
),
final AS (
    SELECT
        p.cycle,
        p.base_year,
        p.projected_year,
        p.occupation_code,
        coalesce(d.occupation_title, p.occupation_title) AS occupation_title,
        p.employment_base,
        p.employment_projected,
        p.change_numeric,
        p.change_percent,
        p.openings_annual,
        p.employment_base_thousands,
        p.employment_projected_thousands,
        p.openings_annual_thousands,
        p.median_annual_wage_usd,
        p.is_median_wage_top_coded,
        p.wage_year,
        p.wage_release,
        o.release IS NOT NULL AS is_wage_release_loaded,
        o.annual_median AS oews_median_at_wage_release,
        p.education,
        p.work_experience,
        p.training,
        p.source_file_id,
        p.source_row_number
    FROM projections AS p
    LEFT JOIN dim_occupation AS d USING (occupation_code)
    LEFT JOIN oews_us AS o ON o.release = p.wage_release AND o.occupation_code = p.occupation_code
)
SELECT * FROM final ORDER BY occupation_code, cycle DESC;
