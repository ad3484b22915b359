-- fct_experience_bridge: a MODELED pay figure per experience level, read off
-- the OEWS distribution at the percentile data/experience_bridge.csv assigns
-- the level (DOL prevailing-wage levels I–IV: 17th, 34th, 50th, 67th; executive
-- the 90th). OEWS has no experience axis; these rows are for cells where
-- postings are suppressed or absent (has_posted_cell says whether one is
-- published) and are always labelled modeled. Where the level's percentile
-- is top-coded the figure is the bound (is_top_coded_modeled: "at least");
-- where it would be interpolated toward a bound, or OEWS publishes no
-- percentiles, it is NULL and modeled_gap says why. hourly_modeled is the
-- same read off the hourly percentiles: the only figure of an occupation
-- OEWS publishes hourly only (hourly_only), whose annual columns are NULL.
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
              o.annual_p90, o.is_top_coded_annual_p25, o.is_top_coded_annual_median, o.is_top_coded_annual_p75,
              o.is_top_coded_annual_p90), 0) AS annual_modeled,
        -- a top-coded percentile: the figure is a lower bound ("at least")
        wage_at_percentile_is_bound(b.percentile, o.is_top_coded_annual_p10, o.is_top_coded_annual_p25,
              o.is_top_coded_annual_median, o.is_top_coded_annual_p75, o.is_top_coded_annual_p90) AS is_top_coded_modeled,
        -- why there is no figure, when there is none: in hourly wages for
        -- an occupation OEWS publishes hourly only (actors, dancers)
        CASE WHEN o.hourly_only
            THEN wage_at_percentile_gap(b.percentile, o.hourly_p10, o.hourly_p25, o.hourly_median, o.hourly_p75, o.hourly_p90,
                 o.is_top_coded_hourly_p25, o.is_top_coded_hourly_median, o.is_top_coded_hourly_p75,
                 o.is_top_coded_hourly_p90)
            ELSE wage_at_percentile_gap(b.percentile, o.annual_p10, o.annual_p25, o.annual_median, o.annual_p75, o.annual_p90,
                 o.is_top_coded_annual_p25, o.is_top_coded_annual_median, o.is_top_coded_annual_p75,
                 o.is_top_coded_annual_p90)
            END AS modeled_gap,
        b.basis,
        true AS is_modeled,
        -- the same in hourly wages, with cents: the figure of an occupation
        -- OEWS publishes hourly only, and beside the annual one elsewhere
        round(wage_at_percentile(b.percentile, o.hourly_p10, o.hourly_p25, o.hourly_median, o.hourly_p75,
              o.hourly_p90, o.is_top_coded_hourly_p25, o.is_top_coded_hourly_median, o.is_top_coded_hourly_p75,
              o.is_top_coded_hourly_p90), 2) AS hourly_modeled,
        wage_at_percentile_is_bound(b.percentile, o.is_top_coded_hourly_p10, o.is_top_coded_hourly_p25,
              o.is_top_coded_hourly_median, o.is_top_coded_hourly_p75, o.is_top_coded_hourly_p90) AS is_top_coded_hourly_modeled,
        o.hourly_only,
        p.experience IS NOT NULL AS has_posted_cell,
        o.source_file_id
    FROM oews AS o
    CROSS JOIN bridge AS b
    LEFT JOIN posted AS p
        ON p.occupation_code = o.occupation_code AND p.area_code = o.area_code AND p.experience = b.experience
)
SELECT * FROM final ORDER BY occupation_code, release, area_code, oews_percentile;
