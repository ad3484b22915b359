-- fct_pay_premiums: the pay difference for postings whose description asks
-- for a certification (ASCP, RN, …) or a minimum degree, against postings of
-- the same occupation and area whose description does not, U.S. and by
-- state, each duplicate group once. Only postings with a description count
-- (without one, "no requirement found" means nothing). The interval is an
-- approximation: each median's order-statistic 95% interval read as ±1.96
-- standard errors, combined for the difference. Either side under
-- min_cell_size suppresses the row's values.
--
-- Computed in buckets of occupations (posting_bucket_count: sized by
-- memory_limit, about 0.8M postings each under 2.5GB): the sides hold every posting of an area once per requirement
-- seen there, and their sorted pay lists, built all at once, ran ten million
-- postings out of a 2.5GB memory_limit.

-- One row per duplicate group with a description and pay, U.S. only.
CREATE OR REPLACE TEMP TABLE premium_described AS
SELECT d.oews_code AS occupation_code, p.state, p.annual_mid_usd, p.certifications, p.min_education
FROM stg_postings__postings AS p
JOIN dim_occupation AS d ON d.occupation_code = p.soc_code
WHERE p.country = 'US' AND p.has_description AND p.annual_mid_usd IS NOT NULL AND d.oews_code IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY p.duplicate_group ORDER BY p.posting_order) = 1;

-- an occupation's bucket (posting_bucket), counting in occupation order
CREATE OR REPLACE TEMP TABLE premium_buckets AS
SELECT occupation_code,
       posting_bucket(sum(n) OVER (ORDER BY occupation_code) - n, sum(n) OVER ()) AS bucket
FROM (SELECT occupation_code, count(*) AS n FROM premium_described GROUP BY occupation_code);

-- A bucket's rows of fct_pay_premiums. The medians are read from the sorted
-- lists the intervals need (sorted_quantile computes as quantile_cont does),
-- so each side's pay is held once.
CREATE OR REPLACE TEMP MACRO premium_rows(which_bucket) AS TABLE
WITH
settings AS (
    SELECT min_cell_size FROM run_settings
),
described AS (
    SELECT p.* FROM premium_described AS p JOIN premium_buckets AS b USING (occupation_code)
    WHERE b.bucket = which_bucket
),
regions AS (
    SELECT *, 'US' AS area_code FROM described
    UNION ALL
    SELECT *, state FROM described WHERE state IS NOT NULL
),
requirements AS (
    -- every requirement seen for an occupation × area
    SELECT DISTINCT occupation_code, area_code, 'certification' AS requirement_type, unnest(certifications) AS requirement
    FROM regions
    UNION
    SELECT DISTINCT occupation_code, area_code, 'education', min_education
    FROM regions WHERE min_education IS NOT NULL
),
sides AS (
    SELECT
        q.occupation_code, q.area_code, q.requirement_type, q.requirement,
        CASE WHEN q.requirement_type = 'certification' THEN list_contains(r.certifications, q.requirement)
             ELSE r.min_education IS NOT DISTINCT FROM q.requirement END AS has_requirement,
        r.annual_mid_usd
    FROM requirements AS q
    JOIN regions AS r USING (occupation_code, area_code)
),
lists AS (
    SELECT
        occupation_code, area_code, requirement_type, requirement,
        count(*) FILTER (WHERE has_requirement) AS n_with,
        count(*) FILTER (WHERE NOT has_requirement) AS n_without,
        list_sort(list(annual_mid_usd) FILTER (WHERE has_requirement)) AS xs_with,
        list_sort(list(annual_mid_usd) FILTER (WHERE NOT has_requirement)) AS xs_without
    FROM sides
    GROUP BY ALL
),
medians AS (
    SELECT *, sorted_quantile(xs_with, 0.5) AS median_with, sorted_quantile(xs_without, 0.5) AS median_without
    FROM lists
)
SELECT
    m.occupation_code,
    d.occupation_title,
    m.area_code,
    m.requirement_type,
    m.requirement,
    m.n_with,
    m.n_without,
    least(m.n_with, m.n_without) < st.min_cell_size AS is_suppressed,
    CASE WHEN least(m.n_with, m.n_without) >= st.min_cell_size THEN round(m.median_with, 2) END AS median_with,
    CASE WHEN least(m.n_with, m.n_without) >= st.min_cell_size THEN round(m.median_without, 2) END AS median_without,
    CASE WHEN least(m.n_with, m.n_without) >= st.min_cell_size THEN round(m.median_with - m.median_without, 2) END AS premium,
    CASE WHEN least(m.n_with, m.n_without) >= st.min_cell_size
         THEN round(100 * (m.median_with / nullif(m.median_without, 0) - 1), 2) END AS premium_pct,
    CASE WHEN least(m.n_with, m.n_without) >= st.min_cell_size THEN round(
        (m.median_with - m.median_without) - 1.96 * sqrt(
            power((median_ci_high(m.xs_with) - median_ci_low(m.xs_with)) / 3.92, 2) +
            power((median_ci_high(m.xs_without) - median_ci_low(m.xs_without)) / 3.92, 2)), 2) END AS premium_ci_low,
    CASE WHEN least(m.n_with, m.n_without) >= st.min_cell_size THEN round(
        (m.median_with - m.median_without) + 1.96 * sqrt(
            power((median_ci_high(m.xs_with) - median_ci_low(m.xs_with)) / 3.92, 2) +
            power((median_ci_high(m.xs_without) - median_ci_low(m.xs_without)) / 3.92, 2)), 2) END AS premium_ci_high,
    'difference of medians; order-statistic intervals combined as normal' AS interval_method
FROM medians AS m
CROSS JOIN settings AS st
LEFT JOIN dim_occupation AS d USING (occupation_code);

-- The buckets one after another (SQL has no loop; the runner repeats the
-- block for each bucket, see internal/sqlscript), then in key order.
CREATE OR REPLACE TEMP TABLE premium_all AS SELECT * FROM premium_rows(0) LIMIT 0;
-- wagescope:for bucket IN (SELECT DISTINCT bucket FROM premium_buckets ORDER BY bucket)
INSERT INTO premium_all SELECT * FROM premium_rows({bucket});
-- wagescope:end

CREATE OR REPLACE TABLE fct_pay_premiums AS
SELECT * FROM premium_all ORDER BY occupation_code, area_code, requirement_type, requirement;

DROP MACRO TABLE premium_rows;
DROP TABLE premium_all;
DROP TABLE premium_buckets;
DROP TABLE premium_described;
