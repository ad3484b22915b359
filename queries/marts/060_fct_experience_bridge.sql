-- fct_experience_bridge: a MODELED pay figure per experience level, read off
-- the OEWS distribution at the percentile data/experience_bridge.csv assigns
-- the level (DOL prevailing-wage levels I–IV: 17th, 34th, 50th, 67th; executive
-- the 90th). OEWS has no experience axis; these rows are for cells where
-- postings are suppressed or absent (has_posted_cell says whether one is
-- published) and are always labelled modeled.
CREATE OR REPLACE TABLE fct_experience_bridge AS
WITH
bridge AS (
    SELECT experience, CAST(percentile AS DOUBLE) AS percentile, basis FROM ref_experience_bridge
),
oews AS (
    SELECT * FROM fct_wage_stats
    WHERE source_family = 'oews' AND employer_type = 'ALL'
),
posted AS (
    SELECT occupation_code, area_code, experience
    FROM fct_wage_stats
    WHERE source_family = 'postings' AND period_type = 'all' AND employer_type = 'ALL'
      AND pay_basis = 'ALL' AND NOT is_suppressed
),
final AS (
    SELECT
        o.release,
        o.occupation_code,
        o.occupation_title,
        o.area_code,
        o.area_title,
        o.area_type,
        b.experience,
        b.percentile AS oews_percentile,
        round(wage_at_percentile(b.percentile, o.annual_p10, o.annual_p25, o.annual_median, o.annual_p75,
              o.annual_p90, o.is_top_coded_annual_p75, o.is_top_coded_annual_p90), 0) AS annual_modeled,
        b.basis,
        true AS is_modeled,
        p.experience IS NOT NULL AS has_posted_cell,
        o.source_file_id
    FROM oews AS o
    CROSS JOIN bridge AS b
    LEFT JOIN posted AS p
        ON p.occupation_code = o.occupation_code AND p.area_code = o.area_code AND p.experience = b.experience
)
SELECT * FROM final ORDER BY occupation_code, release, area_code, oews_percentile;
