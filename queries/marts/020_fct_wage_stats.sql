-- fct_wage_stats (OEWS side): one row per release × area × industry/ownership
-- × occupation. Where a key is published twice (the broad and the detailed
-- row of an OEWS aggregate such as 29-2010, or the same release loaded from
-- both a workbook and a CSV) the detailed row of the first-configured file wins.
CREATE OR REPLACE TABLE fct_wage_stats AS
WITH
oews AS (
    SELECT * FROM stg_oews__wages
),
areas AS (
    SELECT area_code, area_title FROM dim_area
),
ranked AS (
    SELECT
        oews.*,
        row_number() OVER (
            PARTITION BY release, area_code, industry_code, ownership_code, occupation_code
            ORDER BY occupation_group <> 'detailed', source_file_id, source_row_number
        ) AS rank_in_key
    FROM oews
),
final AS (
    SELECT
        'oews' AS source_family,
        r.release,
        r.release AS period,
        r.occupation_code,
        r.occupation_title,
        r.area_code,
        coalesce(a.area_title, r.area_title) AS area_title,
        r.area_type,
        r.employer_type,
        r.industry_code,
        r.industry_title,
        r.ownership_code,
        'ALL' AS experience,
        r.employment,
        CAST(NULL AS BIGINT) AS n,
        r.annual_mean_usd AS annual_mean,
        r.annual_p10_usd AS annual_p10,
        r.annual_p25_usd AS annual_p25,
        r.annual_median_usd AS annual_median,
        r.annual_p75_usd AS annual_p75,
        r.annual_p90_usd AS annual_p90,
        r.hourly_mean_usd AS hourly_mean,
        r.hourly_p10_usd AS hourly_p10,
        r.hourly_p25_usd AS hourly_p25,
        r.hourly_median_usd AS hourly_median,
        r.hourly_p75_usd AS hourly_p75,
        r.hourly_p90_usd AS hourly_p90,
        r.is_top_coded_annual_mean, r.is_top_coded_annual_p10, r.is_top_coded_annual_p25,
        r.is_top_coded_annual_median, r.is_top_coded_annual_p75, r.is_top_coded_annual_p90,
        r.is_top_coded_hourly_mean, r.is_top_coded_hourly_p10, r.is_top_coded_hourly_p25,
        r.is_top_coded_hourly_median, r.is_top_coded_hourly_p75, r.is_top_coded_hourly_p90,
        r.is_suppressed,
        r.annual_only,
        r.hourly_only,
        r.employment_prse,
        r.mean_prse,
        r.source_file_id,
        r.source_row_number
    FROM ranked AS r
    LEFT JOIN areas AS a USING (area_code)
    WHERE r.rank_in_key = 1
)
SELECT * FROM final
ORDER BY occupation_code, release, area_code, industry_code, ownership_code;
