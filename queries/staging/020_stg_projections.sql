-- stg_projections__occupations: one row per projections cycle × occupation.
-- Employment figures are published in thousands; both the published value
-- and persons are kept. A wage printed as ">=$208,000" is a top-code bound.
CREATE OR REPLACE TABLE stg_projections__occupations AS
WITH
raw AS (
    SELECT r.*, f.release AS cycle
    FROM raw_projections__occupations AS r
    JOIN source_files AS f USING (source_file_id)
),
final AS (
    SELECT
        cycle,
        TRY_CAST(base_year AS INTEGER) AS base_year,
        TRY_CAST(projected_year AS INTEGER) AS projected_year,
        occupation_code,
        occupation_title,
        occupation_type,
        bls_num(employment_base) AS employment_base_thousands,
        bls_num(employment_projected) AS employment_projected_thousands,
        bls_num(change_numeric) AS change_numeric_thousands,
        bls_num(change_percent) AS change_percent,
        bls_num(openings_annual) AS openings_annual_thousands,
        round(bls_num(employment_base) * 1000) AS employment_base,
        round(bls_num(employment_projected) * 1000) AS employment_projected,
        round(bls_num(change_numeric) * 1000) AS change_numeric,
        round(bls_num(openings_annual) * 1000) AS openings_annual,
        median_wage AS median_wage_raw,
        bls_num(regexp_replace(median_wage, '^\s*(>=|≥|>)\s*', '')) AS median_annual_wage_usd,
        coalesce(regexp_matches(median_wage, '^\s*(>=|≥|>)'), false) AS is_median_wage_top_coded,
        TRY_CAST(wage_year AS INTEGER) AS wage_year,
        CASE WHEN TRY_CAST(wage_year AS INTEGER) IS NOT NULL THEN wage_year || '-05' END AS wage_release,
        nullif(education, '—') AS education,
        nullif(work_experience, '—') AS work_experience,
        nullif(training, '—') AS training,
        source_file_id,
        sheet AS source_sheet,
        row_number AS source_row_number
    FROM raw
)
SELECT * FROM final;

CREATE OR REPLACE TABLE stg_projections__alternate_titles AS
SELECT DISTINCT f.release AS cycle, a.occupation_code, a.alternate_title, a.source_file_id
FROM raw_projections__alternate_titles AS a
JOIN source_files AS f USING (source_file_id);
