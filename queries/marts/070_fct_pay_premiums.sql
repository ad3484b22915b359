-- fct_pay_premiums: the pay difference for postings whose description asks
-- for a certification (ASCP, RN, …) or a minimum degree, against postings of
-- the same occupation and area whose description does not, U.S. and by
-- state, each duplicate group once. Only postings with a description count
-- (without one, "no requirement found" means nothing). The interval is an
-- approximation: each median's order-statistic 95% interval read as ±1.96
-- standard errors, combined for the difference. Either side under
-- min_cell_size suppresses the row's values.
--
-- The Go step below reads the postings by occupation and pay and holds one
-- occupation's at a time: in one query up to premium_read_rows() postings
-- (000_macros.sql; five million under 2.5GB), above that in ranges of whole
-- occupations of at most that many each, since the driver holds a query's
-- whole result outside memory_limit. (When the sides were SQL, their
-- sorted pay lists, built all at once, ran ten million postings out of a
-- 2.5GB memory_limit; then the step read them in fixed buckets of
-- occupations, one query each, which at ten million postings took 2.1–2.5 s
-- longer.)

-- One row per duplicate group with a description and pay, U.S. only: its
-- first such row (group_first_rows, in 000_macros.sql; at ten million
-- postings 1.5-1.8 s against 3.6-3.8 s for a window over every posting).
CREATE OR REPLACE TEMP VIEW premium_candidates AS
SELECT d.oews_code AS occupation_code, p.state, p.annual_mid_usd, p.certifications, p.min_education,
       p.duplicate_group, p.posting_order, p.is_group_representative
FROM stg_postings__postings_derived AS p
JOIN dim_occupation AS d ON d.occupation_code = p.soc_code
WHERE p.country = 'US' AND p.has_description AND p.annual_mid_usd IS NOT NULL AND d.oews_code IS NOT NULL;

CREATE OR REPLACE TEMP TABLE premium_described AS
SELECT occupation_code, state, annual_mid_usd, certifications, min_education
FROM group_first_rows('premium_candidates');
DROP VIEW premium_candidates;

-- Each occupation × area × requirement's two sides, computed in Go
-- (pipeline/premiums): the runner calls the Go step below, which reads the
-- premium_described rows by occupation and pay and inserts every
-- requirement seen in an occupation × area (a certification in a
-- description's list, or a minimum degree) with the count, median and the median's interval (sorted_quantile, median_ci_low,
-- median_ci_high) of the postings asking for it and of the rest (for a
-- certification, the rest with a list).
--
-- Why Go: in SQL each side was a list of pay built by a hash GROUP BY of
-- every posting once per requirement of its area, then sorted. Read in pay
-- order, each side comes out sorted. At ten million postings: 25–27 s of
-- buckets in SQL against 9.3 s here, the rows identical
-- (docs/performance-log.md).
CREATE OR REPLACE TEMP TABLE premium_sides (
    occupation_code VARCHAR, area_code VARCHAR, requirement_type VARCHAR, requirement VARCHAR,
    n_with BIGINT, n_without BIGINT, median_with DOUBLE, median_without DOUBLE,
    ci_low_with DOUBLE, ci_high_with DOUBLE, ci_low_without DOUBLE, ci_high_without DOUBLE
);
-- wagescope:go pay_premiums

CREATE OR REPLACE TABLE fct_pay_premiums AS
WITH
settings AS (
    SELECT min_cell_size FROM run_settings
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
            power((m.ci_high_with - m.ci_low_with) / 3.92, 2) +
            power((m.ci_high_without - m.ci_low_without) / 3.92, 2)), 2) END AS premium_ci_low,
    CASE WHEN least(m.n_with, m.n_without) >= st.min_cell_size THEN round(
        (m.median_with - m.median_without) + 1.96 * sqrt(
            power((m.ci_high_with - m.ci_low_with) / 3.92, 2) +
            power((m.ci_high_without - m.ci_low_without) / 3.92, 2)), 2) END AS premium_ci_high,
    'difference of medians; order-statistic intervals combined as normal' AS interval_method
FROM premium_sides AS m
CROSS JOIN settings AS st
LEFT JOIN dim_occupation AS d USING (occupation_code)
ORDER BY m.occupation_code, m.area_code, m.requirement_type, m.requirement;

DROP TABLE premium_sides;
DROP TABLE premium_described;
