-- stg_oews__wages: one typed row per OEWS row as published (release × area ×
-- industry × ownership × occupation). Only renames, casts and flags: `#` is
-- kept as the release's top-code bound plus an is_top_coded_* flag, `*`/`**`
-- as NULL plus is_*_suppressed, `~` as the 0.5 bound plus a flag.
CREATE OR REPLACE TABLE stg_oews__wages AS
WITH
raw AS (
    SELECT r.*, f.release
    FROM raw_oews__wages AS r
    JOIN source_files AS f USING (source_file_id)
),
topcodes AS (
    SELECT release, CAST(hourly_usd AS DOUBLE) AS top_hourly, CAST(annual_usd AS DOUBLE) AS top_annual
    FROM ref_oews_topcodes
),
states AS (
    SELECT state_fips, state_postal, state_name, area_type FROM ref_states
),
employer_types AS (
    SELECT naics_prefix, employer_type FROM ref_employer_types_oews
),
located AS (
    SELECT
        raw.*,
        CASE
            WHEN raw.area = '99' OR raw.area_type = '1'
              OR (raw.area IS NULL AND upper(raw.area_title) IN ('U.S.', 'US', 'UNITED STATES', 'NATIONAL'))
                THEN 'US'
            WHEN raw.area_type IN ('2', '3') OR raw.area IS NULL
                THEN coalesce(by_fips.state_postal, by_name.state_postal, raw.prim_state)
            ELSE raw.area
        END AS area_code,
        CASE
            WHEN raw.area = '99' OR raw.area_type = '1'
              OR (raw.area IS NULL AND upper(raw.area_title) IN ('U.S.', 'US', 'UNITED STATES', 'NATIONAL'))
                THEN 'national'
            WHEN raw.area_type = '2' THEN 'state'
            WHEN raw.area_type = '3' THEN 'territory'
            WHEN raw.area_type = '4' THEN 'metro'
            WHEN raw.area_type = '6' THEN 'nonmetro'
            WHEN raw.area IS NULL THEN by_name.area_type
        END AS area_kind,
        regexp_extract(coalesce(raw.naics, '000000'), '^[0-9]+') AS naics_digits
    FROM raw
    LEFT JOIN states AS by_fips
        ON raw.area IS NOT NULL AND raw.area_type IN ('2', '3') AND lpad(raw.area, 2, '0') = by_fips.state_fips
    LEFT JOIN states AS by_name
        ON raw.area IS NULL AND lower(raw.area_title) = lower(by_name.state_name)
),
industries AS (
    -- one employer type per distinct industry code, not per row
    SELECT
        d.naics_digits,
        coalesce(
            (SELECT e.employer_type FROM employer_types AS e
              WHERE d.naics_digits = e.naics_prefix
                 OR (e.naics_prefix <> '000000' AND starts_with(d.naics_digits, e.naics_prefix))
              ORDER BY length(e.naics_prefix) DESC LIMIT 1),
            CASE WHEN EXISTS (SELECT 1 FROM employer_types AS e
                               WHERE e.naics_prefix <> '000000' AND starts_with(e.naics_prefix, d.naics_digits))
                 THEN 'mixed' ELSE 'private_other' END
        ) AS employer_type
    FROM (SELECT DISTINCT naics_digits FROM located) AS d
),
employer_typed AS (
    SELECT located.*, industries.employer_type
    FROM located
    JOIN industries USING (naics_digits)
),
final AS (
    SELECT
        t.release,
        t.area_code,
        coalesce(t.area_title, CASE WHEN t.area_code = 'US' THEN 'U.S.' END) AS area_title,
        t.area_kind AS area_type,
        t.prim_state AS primary_state,
        coalesce(t.naics, '000000') AS industry_code,
        coalesce(t.naics_title, 'Cross-industry') AS industry_title,
        lower(t.i_group) AS industry_group,
        coalesce(t.own_code, '1235') AS ownership_code,
        t.employer_type,
        t.occ_code AS occupation_code,
        t.occ_title AS occupation_title,
        coalesce(lower(t.o_group), soc_level_of(t.occ_code)) AS occupation_group,
        bls_num(t.tot_emp) AS employment,
        bls_num(t.emp_prse) AS employment_prse,
        bls_num(t.jobs_1000) AS jobs_per_1000,
        bls_num(t.loc_quotient) AS location_quotient,
        CASE WHEN t.pct_total = '~' THEN 0.5 ELSE bls_num(t.pct_total) END AS pct_of_industry,
        t.pct_total = '~' AS is_pct_of_industry_below_half,
        CASE WHEN t.pct_rpt = '~' THEN 0.5 ELSE bls_num(t.pct_rpt) END AS pct_establishments_reporting,
        bls_num(t.mean_prse) AS mean_prse,
        CASE WHEN t.h_mean   = '#' THEN tc.top_hourly ELSE bls_num(t.h_mean)   END AS hourly_mean_usd,
        CASE WHEN t.h_pct10  = '#' THEN tc.top_hourly ELSE bls_num(t.h_pct10)  END AS hourly_p10_usd,
        CASE WHEN t.h_pct25  = '#' THEN tc.top_hourly ELSE bls_num(t.h_pct25)  END AS hourly_p25_usd,
        CASE WHEN t.h_median = '#' THEN tc.top_hourly ELSE bls_num(t.h_median) END AS hourly_median_usd,
        CASE WHEN t.h_pct75  = '#' THEN tc.top_hourly ELSE bls_num(t.h_pct75)  END AS hourly_p75_usd,
        CASE WHEN t.h_pct90  = '#' THEN tc.top_hourly ELSE bls_num(t.h_pct90)  END AS hourly_p90_usd,
        CASE WHEN t.a_mean   = '#' THEN tc.top_annual ELSE bls_num(t.a_mean)   END AS annual_mean_usd,
        CASE WHEN t.a_pct10  = '#' THEN tc.top_annual ELSE bls_num(t.a_pct10)  END AS annual_p10_usd,
        CASE WHEN t.a_pct25  = '#' THEN tc.top_annual ELSE bls_num(t.a_pct25)  END AS annual_p25_usd,
        CASE WHEN t.a_median = '#' THEN tc.top_annual ELSE bls_num(t.a_median) END AS annual_median_usd,
        CASE WHEN t.a_pct75  = '#' THEN tc.top_annual ELSE bls_num(t.a_pct75)  END AS annual_p75_usd,
        CASE WHEN t.a_pct90  = '#' THEN tc.top_annual ELSE bls_num(t.a_pct90)  END AS annual_p90_usd,
        coalesce(t.h_mean   = '#', false) AS is_top_coded_hourly_mean,
        coalesce(t.h_pct10  = '#', false) AS is_top_coded_hourly_p10,
        coalesce(t.h_pct25  = '#', false) AS is_top_coded_hourly_p25,
        coalesce(t.h_median = '#', false) AS is_top_coded_hourly_median,
        coalesce(t.h_pct75  = '#', false) AS is_top_coded_hourly_p75,
        coalesce(t.h_pct90  = '#', false) AS is_top_coded_hourly_p90,
        coalesce(t.a_mean   = '#', false) AS is_top_coded_annual_mean,
        coalesce(t.a_pct10  = '#', false) AS is_top_coded_annual_p10,
        coalesce(t.a_pct25  = '#', false) AS is_top_coded_annual_p25,
        coalesce(t.a_median = '#', false) AS is_top_coded_annual_median,
        coalesce(t.a_pct75  = '#', false) AS is_top_coded_annual_p75,
        coalesce(t.a_pct90  = '#', false) AS is_top_coded_annual_p90,
        tc.release IS NULL AND ('#' IN (t.h_mean, t.h_pct10, t.h_pct25, t.h_median, t.h_pct75, t.h_pct90,
                                        t.a_mean, t.a_pct10, t.a_pct25, t.a_median, t.a_pct75, t.a_pct90))
            AS is_top_code_unknown,
        coalesce(t.tot_emp IN ('*', '**'), false) AS is_employment_suppressed,
        coalesce(t.a_mean IN ('*', '**'), false) AND coalesce(t.a_median IN ('*', '**'), true)
            AND coalesce(t.h_mean IN ('*', '**'), true) AS is_wage_suppressed,
        bls_flag(t.annual) AS annual_only,
        bls_flag(t.hourly) AS hourly_only,
        t.source_file_id,
        t.sheet AS source_sheet,
        t.row_number AS source_row_number
    FROM employer_typed AS t
    LEFT JOIN topcodes AS tc ON tc.release = t.release
)
SELECT
    *,
    is_employment_suppressed OR is_wage_suppressed AS is_suppressed
FROM final;
