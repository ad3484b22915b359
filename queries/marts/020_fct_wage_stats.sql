-- fct_wage_stats: pay statistics of both source families in one table.
--
-- OEWS (source_family 'oews'): one row per release × area × industry/ownership
-- × occupation, as published, with the change since the previous release
-- (nominal and in CPI-U constant dollars). Where a key is published twice (the
-- broad and the detailed row of an OEWS aggregate such as 29-2010, or the same
-- release loaded from both a workbook and a CSV) the detailed row of the
-- first-configured file wins.
--
-- Postings (source_family 'postings'): statistics of annualized USD pay over
-- occupation (at the OEWS publication level) × region (US, state, metro,
-- remote) × period (all, year, quarter, month) × experience × employer type ×
-- pay basis (employer-stated or estimate), with 'ALL' rollups of the last
-- three. Each duplicate group counts once. Only U.S. postings are counted;
-- as in OEWS, the U.S. figure covers the 50 states and DC, and Puerto Rico,
-- Guam and the other territories are areas of their own.
-- The median carries a distribution-free 95% confidence interval (order
-- statistics). Cells with fewer than min_cell_size postings keep their n and
-- flag but no pay values: the values are never stored, so nothing can show them.
CREATE OR REPLACE TABLE fct_wage_stats AS
WITH
settings AS (
    SELECT min_cell_size FROM run_settings
),
cpi AS (
    SELECT year, cpi_u FROM stg_cpi__annual
),
ranked AS (
    SELECT
        o.*,
        row_number() OVER (
            PARTITION BY release, area_code, industry_code, ownership_code, occupation_code
            ORDER BY occupation_group <> 'detailed', source_file_id, source_row_number
        ) AS rank_in_key
    FROM stg_oews__wages AS o
),
oews_rows AS (
    SELECT r.*, lag(r.release) OVER w AS previous_release, lag(r.annual_median_usd) OVER w AS previous_annual_median,
           lag(r.is_top_coded_annual_median) OVER w AS previous_median_top_coded
    FROM ranked AS r
    WHERE r.rank_in_key = 1
    WINDOW w AS (PARTITION BY area_code, industry_code, ownership_code, occupation_code ORDER BY release)
),
oews AS (
    SELECT
        'oews' AS source_family,
        r.release,
        'release' AS period_type,
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
        'survey' AS pay_basis,
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
        -- the CPI-U annual average of the survey year: annual_median *
        -- cpi_u(Y) / cpi_u states it in year-Y dollars
        c.cpi_u,
        r.previous_release,
        r.previous_annual_median,
        CASE WHEN NOT (r.is_top_coded_annual_median OR coalesce(r.previous_median_top_coded, false))
             THEN round(100 * (r.annual_median_usd / nullif(r.previous_annual_median, 0) - 1), 2) END AS annual_median_change_pct,
        CASE WHEN NOT (r.is_top_coded_annual_median OR coalesce(r.previous_median_top_coded, false))
             THEN round(100 * ((r.annual_median_usd / c.cpi_u) / nullif(r.previous_annual_median / pc.cpi_u, 0) - 1), 2) END AS annual_median_real_change_pct,
        [r.source_file_id] AS source_file_ids,
        r.source_file_id,
        r.source_row_number
    FROM oews_rows AS r
    LEFT JOIN dim_area AS a USING (area_code)
    LEFT JOIN cpi AS c ON c.year = CAST(left(r.release, 4) AS INTEGER)
    LEFT JOIN cpi AS pc ON pc.year = CAST(left(r.previous_release, 4) AS INTEGER)
),

-- Postings: one row per duplicate group with usable pay, at the OEWS
-- publication code, U.S. only.
postings AS (
    SELECT
        p.*,
        d.oews_code,
        coalesce(p.experience_level, 'unknown') AS experience,
        CASE WHEN p.is_pay_estimate THEN 'estimate' ELSE 'employer' END AS basis
    FROM stg_postings__postings AS p
    JOIN dim_occupation AS d ON d.occupation_code = p.soc_code
    WHERE p.annual_mid_usd IS NOT NULL AND d.oews_code IS NOT NULL
      AND (p.country = 'US' OR p.state IN (SELECT state_postal FROM ref_states WHERE area_type = 'territory'))
    QUALIFY row_number() OVER (PARTITION BY p.duplicate_group ORDER BY p.source_file_id, p.source_row_number) = 1
),
posting_regions AS (
    SELECT *, 'US' AS area_code, 'national' AS area_type FROM postings WHERE country = 'US'
    UNION ALL
    SELECT *, state, 'state' FROM postings WHERE state IS NOT NULL
    UNION ALL
    SELECT *, cbsa_code, 'metro' FROM postings WHERE cbsa_code IS NOT NULL
    UNION ALL
    SELECT *, 'REMOTE', 'remote' FROM postings WHERE is_remote AND country = 'US'
),
posting_periods AS (
    SELECT *, 'all' AS period_type, 'ALL' AS period FROM posting_regions
    UNION ALL
    SELECT *, 'year', CAST(pay_year AS VARCHAR) FROM posting_regions WHERE pay_year IS NOT NULL
    UNION ALL
    SELECT *, 'quarter', strftime(posted_date, '%Y') || '-Q' || quarter(posted_date) FROM posting_regions WHERE posted_date IS NOT NULL
    UNION ALL
    SELECT *, 'month', strftime(posted_date, '%Y-%m') FROM posting_regions WHERE posted_date IS NOT NULL
),
-- Cells of all periods together and of each year are broken down by
-- experience, employer type and pay basis; quarters and months only by
-- occupation and area. Every breakdown of every month multiplied the
-- groups (each a holistic percentile state) about eightfold: 53 s for
-- 100,000 postings, and out of memory at a million.
posting_cells AS (
    SELECT
        oews_code AS occupation_code,
        area_code,
        any_value(area_type) AS area_type,
        period_type,
        period,
        coalesce(experience, 'ALL') AS experience,
        coalesce(employer_type, 'ALL') AS employer_type,
        coalesce(basis, 'ALL') AS pay_basis,
        count(*) AS n,
        avg(annual_mid_usd) AS mean,
        quantile_cont(annual_mid_usd, [0.1, 0.25, 0.5, 0.75, 0.9]) AS q,
        list_sort(list(annual_mid_usd)) AS xs,
        min(pay_year) AS posted_year_min,
        max(pay_year) AS posted_year_max,
        CAST(quantile_disc(pay_year, 0.5) AS INTEGER) AS posted_year_median,
        list_sort(list(DISTINCT source_file_id)) AS source_file_ids
    FROM posting_periods
    WHERE period_type IN ('all', 'year')
    GROUP BY GROUPING SETS (
        (oews_code, area_code, period_type, period, experience, employer_type, basis),
        (oews_code, area_code, period_type, period, experience, employer_type),
        (oews_code, area_code, period_type, period, experience, basis),
        (oews_code, area_code, period_type, period, experience),
        (oews_code, area_code, period_type, period, employer_type, basis),
        (oews_code, area_code, period_type, period, employer_type),
        (oews_code, area_code, period_type, period, basis),
        (oews_code, area_code, period_type, period)
    )
    UNION ALL
    SELECT
        oews_code, area_code, any_value(area_type), period_type, period, 'ALL', 'ALL', 'ALL',
        count(*) AS n,
        avg(annual_mid_usd) AS mean,
        quantile_cont(annual_mid_usd, [0.1, 0.25, 0.5, 0.75, 0.9]) AS q,
        list_sort(list(annual_mid_usd)) AS xs,
        min(pay_year) AS posted_year_min,
        max(pay_year) AS posted_year_max,
        CAST(quantile_disc(pay_year, 0.5) AS INTEGER) AS posted_year_median,
        list_sort(list(DISTINCT source_file_id)) AS source_file_ids
    FROM posting_periods
    WHERE period_type IN ('quarter', 'month')
    GROUP BY oews_code, area_code, period_type, period
),
posted AS (
    SELECT
        'postings' AS source_family,
        CAST(NULL AS VARCHAR) AS release,
        c.period_type,
        c.period,
        c.occupation_code,
        d.occupation_title,
        c.area_code,
        CASE c.area_type
            WHEN 'national' THEN 'United States'
            WHEN 'state' THEN coalesce(s.state_name, c.area_code)
            WHEN 'metro' THEN coalesce(m.cbsa_title, c.area_code)
            WHEN 'remote' THEN 'Remote (U.S.)' END AS area_title,
        c.area_type,
        c.employer_type,
        c.experience,
        c.pay_basis,
        c.n,
        c.n < st.min_cell_size AS is_suppressed,
        -- values only for cells at or above the minimum size
        CASE WHEN c.n >= st.min_cell_size THEN round(c.mean, 2) END AS annual_mean,
        CASE WHEN c.n >= st.min_cell_size THEN round(c.q[1], 2) END AS annual_p10,
        CASE WHEN c.n >= st.min_cell_size THEN round(c.q[2], 2) END AS annual_p25,
        CASE WHEN c.n >= st.min_cell_size THEN round(c.q[3], 2) END AS annual_median,
        CASE WHEN c.n >= st.min_cell_size THEN round(c.q[4], 2) END AS annual_p75,
        CASE WHEN c.n >= st.min_cell_size THEN round(c.q[5], 2) END AS annual_p90,
        CASE WHEN c.n >= st.min_cell_size THEN round(median_ci_low(c.xs), 2) END AS annual_median_ci_low,
        CASE WHEN c.n >= st.min_cell_size THEN round(median_ci_high(c.xs), 2) END AS annual_median_ci_high,
        'order-statistic 95%' AS median_ci_method,
        c.posted_year_min,
        c.posted_year_max,
        c.posted_year_median,
        c.source_file_ids
    FROM posting_cells AS c
    CROSS JOIN settings AS st
    LEFT JOIN dim_occupation AS d ON d.occupation_code = c.occupation_code
    -- one equality each, so both are hash joins (a second condition made
    -- the metro join a blockwise nested loop: 11.7 s at 100,000 postings)
    LEFT JOIN ref_states AS s ON s.state_postal = CASE WHEN c.area_type = 'state' THEN c.area_code END
    LEFT JOIN ref_metros AS m ON m.cbsa_code = CASE WHEN c.area_type = 'metro' THEN c.area_code END
),
unioned AS (
    SELECT * FROM oews
    UNION ALL BY NAME
    SELECT * FROM posted
),
-- each row's files as one text (name, file, sha256, release, url; fields
-- split by chr(31), files by chr(30)), built once per distinct file set so
-- readers need no lookup per row
file_sets AS (
    SELECT k.ids,
           string_agg(concat_ws(chr(31), f.source_name, f.file_name, f.sha256, coalesce(f.release, ''), coalesce(f.url, '')),
                      chr(30) ORDER BY f.source_file_id) AS source_refs
    FROM (SELECT DISTINCT source_file_ids AS ids FROM unioned) AS k
    JOIN source_files AS f ON list_contains(k.ids, f.source_file_id)
    GROUP BY k.ids
)
SELECT u.*, fs.source_refs
FROM unioned AS u
LEFT JOIN file_sets AS fs ON fs.ids = u.source_file_ids
ORDER BY source_family, occupation_code, release, area_code, industry_code, ownership_code,
         period_type, period, experience, employer_type, pay_basis;

-- Areas only postings have (a metro OEWS does not publish here, Remote) join
-- dim_area, so every area a figure is shown for can be named and resolved.
INSERT INTO dim_area BY NAME
SELECT DISTINCT w.area_code, w.area_title, w.area_type, s.state_fips, s.state_postal
FROM fct_wage_stats AS w
LEFT JOIN ref_states AS s ON s.state_postal = CASE WHEN w.area_type = 'state' THEN w.area_code END
WHERE w.source_family = 'postings' AND w.area_code NOT IN (SELECT area_code FROM dim_area);

-- Which occupations have posted pay: report pages skip the postings
-- queries for the rest.
ALTER TABLE dim_occupation ADD COLUMN has_postings BOOLEAN DEFAULT false;
UPDATE dim_occupation SET has_postings = true
WHERE occupation_code IN (SELECT occupation_code FROM fct_wage_stats WHERE source_family = 'postings');
