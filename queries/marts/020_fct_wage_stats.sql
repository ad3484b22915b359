-- fct_wage_stats: pay statistics of both source families in one table.
--
-- OEWS (source_family 'oews'): one row per release × area × industry/ownership
-- × occupation, as published, with the change since the previous release
-- (nominal and in CPI-U constant dollars). Where a key is published twice (the
-- broad and the detailed row of an OEWS aggregate such as 29-2010, or the same
-- release loaded from both a workbook and a CSV) the detailed row of the
-- first-configured source wins (within a glob, the first path).
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
--
-- fct_wage_stats is a view over fct_wage_stats_oews and the posted cells'
-- two tables, fct_wage_stats_postings (the valued cells) and
-- fct_wage_stats_postings_suppressed (the cells under min_cell_size), each
-- with only the columns its rows fill (see the view at the end for why).
CREATE OR REPLACE TABLE fct_wage_stats_oews AS
WITH
cpi AS (
    SELECT year, cpi_u FROM stg_cpi__annual
),
-- the configured order of the sources, and each file's path: which file
-- wins does not depend on the order files happened to be read in
file_order AS (
    SELECT f.source_file_id,
           coalesce(so.source_position, 1000000) AS source_position,
           f.path
    FROM source_files AS f
    LEFT JOIN run_source_order AS so USING (source_name)
),
ranked AS (
    SELECT
        o.*,
        row_number() OVER (
            PARTITION BY release, area_code, industry_code, ownership_code, occupation_code
            ORDER BY occupation_group <> 'detailed', fo.source_position, fo.path, o.source_row_number
        ) AS rank_in_key
    FROM stg_oews__wages AS o
    JOIN file_order AS fo USING (source_file_id)
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
        r.source_row_number,
        -- the columns only posted cells fill
        CAST(NULL AS DOUBLE) AS annual_median_ci_low,
        CAST(NULL AS DOUBLE) AS annual_median_ci_high,
        CAST(NULL AS VARCHAR) AS median_ci_method,
        CAST(NULL AS INTEGER) AS posted_year_min,
        CAST(NULL AS INTEGER) AS posted_year_max,
        CAST(NULL AS INTEGER) AS posted_year_median
    FROM oews_rows AS r
    LEFT JOIN dim_area AS a USING (area_code)
    LEFT JOIN cpi AS c ON c.year = CAST(left(r.release, 4) AS INTEGER)
    LEFT JOIN cpi AS pc ON pc.year = CAST(left(r.previous_release, 4) AS INTEGER)
)
SELECT * FROM oews
ORDER BY occupation_code, release, area_code, industry_code, ownership_code;

-- Posted cells, in the same table. A cell is one BIGINT: every dimension is
-- numbered from a small dictionary (0 is 'ALL' for experience, employer
-- type and basis; areas and periods carry their type, 'state:CA',
-- 'year:2024'), so the eight rollups are one integer GROUP BY, not eight
-- grouping sets over text columns. Counts are plain aggregates over every
-- cell; the sorted pay list, the one holistic state, is kept only for cells
-- at or above the minimum size (about 7% of the cells at a million
-- postings). The steps are temporary tables so the planner sees true row
-- counts (estimates over CTEs put million-row sides into hash tables).

-- Postings: one row per duplicate group with usable pay, at the OEWS
-- publication code, U.S. only; only the columns a cell needs, the periods
-- as numbers (2024 Q1 is 20241, March 2024 202403): their text is made once
-- per distinct value in posted_dictionary, not once per posting.
--
-- A group counts by its first row that qualifies (group_first_rows, in
-- 000_macros.sql, which says why it is not a window over every posting).
CREATE OR REPLACE TEMP VIEW posted_candidates AS
SELECT d.oews_code, p.country, p.state, p.cbsa_code, p.is_remote, p.posted_date, p.pay_year, p.experience_level,
       p.employer_type, p.is_pay_estimate, p.annual_mid_usd, p.source_file_id,
       p.duplicate_group, p.posting_order, p.is_group_representative
FROM stg_postings__postings_derived AS p
JOIN dim_occupation AS d ON d.occupation_code = p.soc_code
WHERE p.annual_mid_usd IS NOT NULL AND d.oews_code IS NOT NULL
  AND (p.country = 'US' OR p.state IN (SELECT state_postal FROM ref_states WHERE area_type = 'territory'));

CREATE OR REPLACE TEMP TABLE posted_rows AS
SELECT
    oews_code,
    country = 'US' AS national,
    state,
    cbsa_code,
    is_remote AND country = 'US' AS remote,
    CAST(year(posted_date) * 10 + quarter(posted_date) AS INTEGER) AS quarter,
    CAST(year(posted_date) * 100 + month(posted_date) AS INTEGER) AS month,
    pay_year,
    coalesce(experience_level, 'unknown') AS experience,
    employer_type,
    coalesce(is_pay_estimate, false) AS is_estimate,
    annual_mid_usd AS pay,
    source_file_id
FROM group_first_rows('posted_candidates');
DROP VIEW posted_candidates;

-- Areas: the U.S. (50 states and DC, as in OEWS), the state or territory,
-- the metro, Remote. Periods: all, the year, the quarter, the month. Ids
-- count from 0, but from 1 where 0 is 'ALL'. Each code keeps the posted
-- value it is coded from (value, or number for the periods and the basis),
-- which posted_coded joins on: at ten million postings, joining the text
-- codes built for every posting ('state:' || state) and the text periods
-- took these three steps 12.4–12.5 s replayed, against 8.0–8.1 s now
-- (docs/performance-log.md).
CREATE OR REPLACE TEMP TABLE posted_dictionary AS
SELECT dim, code, value, number,
       CAST(row_number() OVER (PARTITION BY dim ORDER BY code) AS BIGINT)
         - CASE WHEN dim IN ('occupation', 'area', 'period') THEN 1 ELSE 0 END AS id
FROM (
    SELECT DISTINCT 'occupation' AS dim, oews_code AS code, oews_code AS value, CAST(NULL AS BIGINT) AS number FROM posted_rows
    UNION SELECT 'area', 'national:US', NULL, NULL FROM posted_rows WHERE national
    UNION SELECT 'area', 'state:' || state, state, NULL FROM (SELECT DISTINCT state FROM posted_rows WHERE state IS NOT NULL)
    UNION SELECT 'area', 'metro:' || cbsa_code, cbsa_code, NULL
    FROM (SELECT DISTINCT cbsa_code FROM posted_rows WHERE cbsa_code IS NOT NULL)
    UNION SELECT 'area', 'remote:REMOTE', NULL, NULL FROM posted_rows WHERE remote
    UNION SELECT 'period', 'all:ALL', NULL, NULL
    UNION SELECT 'period', 'year:' || pay_year, NULL, pay_year FROM (SELECT DISTINCT pay_year FROM posted_rows WHERE pay_year IS NOT NULL)
    -- a quarter's and a month's text from their first day, as a posted date
    -- of theirs would give it
    UNION SELECT 'period', 'quarter:' || strftime(first_day, '%Y') || '-Q' || quarter(first_day), NULL, quarter
    FROM (SELECT quarter, make_date(quarter // 10, (quarter % 10) * 3 - 2, 1) AS first_day
          FROM (SELECT DISTINCT quarter FROM posted_rows WHERE quarter IS NOT NULL))
    UNION SELECT 'period', 'month:' || strftime(first_day, '%Y-%m'), NULL, month
    FROM (SELECT month, make_date(month // 100, month % 100, 1) AS first_day
          FROM (SELECT DISTINCT month FROM posted_rows WHERE month IS NOT NULL))
    UNION SELECT 'experience', experience, experience, NULL FROM (SELECT DISTINCT experience FROM posted_rows)
    UNION SELECT 'employer_type', employer_type, employer_type, NULL FROM (SELECT DISTINCT employer_type FROM posted_rows)
    UNION SELECT 'basis', CASE WHEN is_estimate THEN 'estimate' ELSE 'employer' END, NULL, CAST(is_estimate AS BIGINT)
    FROM (SELECT DISTINCT is_estimate FROM posted_rows)
);

-- the key's radixes
CREATE OR REPLACE TEMP TABLE posted_sizes AS
SELECT
    count(*) FILTER (WHERE dim = 'area') AS n_area,
    count(*) FILTER (WHERE dim = 'period') AS n_period,
    count(*) FILTER (WHERE dim = 'experience') + 1 AS n_experience,
    count(*) FILTER (WHERE dim = 'employer_type') + 1 AS n_employer_type,
    count(*) FILTER (WHERE dim = 'basis') + 1 AS n_basis
FROM posted_dictionary;

-- One row per posting: its occupation, areas and periods as ids (NULL for
-- an area or period it is not in), and the bucket its occupation is
-- computed in. Buckets are runs of occupations sized by memory_limit
-- (posting_bucket_count: about 0.8M postings each under 2.5GB, at least
-- eight), and the rows are stored bucket by bucket, so each bucket's read
-- (sorted by occupation and pay) touches only its own row groups, and the Go
-- step holds one bucket's postings at a time. The ids are columns, not
-- lists: at ten million postings this table took 2.7–2.9 s with them,
-- 3.8–4.0 s as lists of areas and of periods.
CREATE OR REPLACE TEMP TABLE posted_coded AS
WITH
fixed_ids AS (
    SELECT
        min(id) FILTER (WHERE code = 'national:US') AS national,
        min(id) FILTER (WHERE code = 'remote:REMOTE') AS remote,
        min(id) FILTER (WHERE code = 'all:ALL') AS all_periods
    FROM posted_dictionary
),
-- each dimension's codes by the posted value they are coded from
codes AS (
    SELECT split_part(code, ':', 1) AS kind, * FROM posted_dictionary
),
coded AS (
    SELECT
        CAST(o.id AS INTEGER) AS occupation,
        CAST(CASE WHEN p.national THEN f.national END AS INTEGER) AS national_area,
        CAST(st.id AS INTEGER) AS state_area,
        CAST(me.id AS INTEGER) AS metro_area,
        CAST(CASE WHEN p.remote THEN f.remote END AS INTEGER) AS remote_area,
        CAST(f.all_periods AS INTEGER) AS all_period,
        CAST(yr.id AS INTEGER) AS year_period,
        CAST(qu.id AS INTEGER) AS quarter_period,
        CAST(mo.id AS INTEGER) AS month_period,
        CAST(ex.id AS INTEGER) AS e,
        CAST(em.id AS INTEGER) AS m,
        CAST(ba.id AS INTEGER) AS b,
        p.pay, p.pay_year, p.source_file_id
    FROM posted_rows AS p
    CROSS JOIN fixed_ids AS f
    JOIN (SELECT value, id FROM codes WHERE dim = 'occupation') AS o ON o.value = p.oews_code
    JOIN (SELECT value, id FROM codes WHERE dim = 'experience') AS ex ON ex.value = p.experience
    JOIN (SELECT value, id FROM codes WHERE dim = 'employer_type') AS em ON em.value = p.employer_type
    JOIN (SELECT number, id FROM codes WHERE dim = 'basis') AS ba ON ba.number = CAST(p.is_estimate AS BIGINT)
    LEFT JOIN (SELECT value, id FROM codes WHERE kind = 'state') AS st ON st.value = p.state
    LEFT JOIN (SELECT value, id FROM codes WHERE kind = 'metro') AS me ON me.value = p.cbsa_code
    LEFT JOIN (SELECT number, id FROM codes WHERE kind = 'year') AS yr ON yr.number = p.pay_year
    LEFT JOIN (SELECT number, id FROM codes WHERE kind = 'quarter') AS qu ON qu.number = p.quarter
    LEFT JOIN (SELECT number, id FROM codes WHERE kind = 'month') AS mo ON mo.number = p.month
),
-- an occupation's bucket (posting_bucket: one read and insert of the
-- Go step below per bucket), counting in occupation order (from posted_rows, so
-- coded is read once and streams).
buckets AS (
    SELECT occupation,
           posting_bucket(sum(n) OVER (ORDER BY occupation) - n, sum(n) OVER ()) AS bucket
    FROM (
        SELECT CAST(o.id AS INTEGER) AS occupation, count(*) AS n
        FROM posted_rows AS p
        JOIN posted_dictionary AS o ON o.dim = 'occupation' AND o.value = p.oews_code
        GROUP BY o.id
    )
)
SELECT c.*, k.bucket
FROM coded AS c
JOIN buckets AS k USING (occupation)
ORDER BY k.bucket;

-- Each dimension's codes in id order, split into their parts, and the
-- areas' titles and types, all in one row.
CREATE OR REPLACE TEMP TABLE posted_dims AS
SELECT
    list(code ORDER BY id) FILTER (WHERE dim = 'occupation') AS occupations,
    list(split_part(code, ':', 2) ORDER BY id) FILTER (WHERE dim = 'area') AS area_codes,
    list(area_type ORDER BY id) FILTER (WHERE dim = 'area') AS area_types,
    list(title ORDER BY id) FILTER (WHERE dim = 'area') AS area_titles,
    list(split_part(code, ':', 2) ORDER BY id) FILTER (WHERE dim = 'period') AS periods,
    list(split_part(code, ':', 1) ORDER BY id) FILTER (WHERE dim = 'period') AS period_types,
    list(code ORDER BY id) FILTER (WHERE dim = 'experience') AS experiences,
    list(code ORDER BY id) FILTER (WHERE dim = 'employer_type') AS employer_types,
    list(code ORDER BY id) FILTER (WHERE dim = 'basis') AS bases
FROM (
    SELECT k.*,
        -- an area's title and type: OEWS's (dim_area's) where it publishes
        -- the area, so its rows and the posted ones name it alike (May 2023:
        -- "…, NY-NJ-PA", where the 2023 delineation in ref_metros says "…,
        -- NY-NJ"); the others go into dim_area below, from which the view
        -- names every posted row's area
        CASE WHEN k.dim = 'area' THEN coalesce(d.area_title, CASE split_part(k.code, ':', 1)
            WHEN 'national' THEN 'United States'
            WHEN 'state' THEN coalesce(s.state_name, split_part(k.code, ':', 2))
            WHEN 'metro' THEN coalesce(m.cbsa_title, split_part(k.code, ':', 2))
            WHEN 'remote' THEN 'Remote (U.S.)' END) END AS title,
        CASE WHEN k.dim = 'area' THEN coalesce(d.area_type, split_part(k.code, ':', 1)) END AS area_type
    FROM posted_dictionary AS k
    -- one equality each, so all are hash joins (a second condition made
    -- the metro join a blockwise nested loop)
    LEFT JOIN ref_states AS s ON s.state_postal = CASE WHEN k.code LIKE 'state:%' THEN split_part(k.code, ':', 2) END
    LEFT JOIN ref_metros AS m ON m.cbsa_code = CASE WHEN k.code LIKE 'metro:%' THEN split_part(k.code, ':', 2) END
    LEFT JOIN dim_area AS d ON d.area_code = CASE WHEN k.dim = 'area' THEN split_part(k.code, ':', 2) END
);

-- The posted rows' table: only the columns a posted cell fills, typed as
-- in the OEWS table (the view below names the rest NULL), with its key as
-- three integers: the occupation's and the area's ids in posted_dictionary
-- and the slice (period, experience, employer type and basis together),
-- which the posted_key_* tables below name. The view joins them back, so
-- the text is written once per code, not once per cell: at a million
-- postings the 13.8 million rows took 3.9–5.8 s to copy with integer keys
-- against 8.5–11.2 s with the six text columns.
CREATE OR REPLACE TABLE fct_wage_stats_postings AS
SELECT CAST(NULL AS USMALLINT) AS occupation_id, CAST(NULL AS USMALLINT) AS area_id,
       CAST(NULL AS UINTEGER) AS slice_id,
       n,
       annual_mean, annual_p10, annual_p25, annual_median, annual_p75, annual_p90,
       annual_median_ci_low, annual_median_ci_high,
       posted_year_min, posted_year_max, posted_year_median, source_file_ids
FROM fct_wage_stats_oews
LIMIT 0;

-- The cells under min_cell_size: most cells (93% of 13.8 million at a
-- million postings), with nothing to store but their key, count, first and
-- last year and files. Their own narrow table, because the pay columns cost
-- their write even NULL: at a million postings the 12.8 million such rows
-- took 2.3 s to copy with every column and 0.5–0.7 s with these. Which
-- table a cell is in says whether it is suppressed (the view's
-- is_suppressed); a check (checks/010_keys.sql) holds every cell of the
-- other table to min_cell_size.
CREATE OR REPLACE TABLE fct_wage_stats_postings_suppressed AS
SELECT occupation_id, area_id, slice_id, n, posted_year_min, posted_year_max, source_file_ids
FROM fct_wage_stats_postings
LIMIT 0;

-- The cells, computed in Go (pipeline/postedcells), bucket by bucket: the
-- runner calls the Go step below, which reads each bucket's posted_coded
-- rows by occupation and pay and streams the bucket's suppressed cells into
-- fct_wage_stats_postings_suppressed as they come, then its valued ones
-- (held meanwhile) into fct_wage_stats_postings, each table in cell order
-- (occupation order), so no sort of them all is needed and `rates` reads few
-- row groups. The step's inserts (pipeline/store/steps.go) split the cell's
-- number into the three ids (occupations and areas count from 0 in the
-- cell, from 1 in posted_dims' lists, and the slice is the rest of the
-- number) and round the pay to the cent.
--
-- A posting counts in every cell of its occupation × each of its areas ×
-- each of its periods, with all eight combinations of experience, employer
-- type and basis (each itself or 'ALL') for all periods together and for
-- each year, and quarters and months only by occupation and area (every
-- breakdown of every month multiplied the cells about eightfold). A cell
-- gets its count, first and last year and source files, and at or above
-- min_cell_size also the mean (summed in pay order, so the same to the cent
-- every run), the percentiles (sorted_quantile's interpolation), the
-- median's interval (median_ci_low, median_ci_high) and the year median
-- (the lower middle year, as quantile_disc takes it).
--
-- Why Go: in SQL the same cells were a hash GROUP BY of every membership
-- (about 49 per posting: 413 million at ten million postings) holding a
-- list of pay per valued cell, then a sort of each list. A counting sort by
-- cell over a small dense array per occupation and area gives each cell's
-- pay already sorted. At ten million postings: 317 s of buckets in SQL
-- against 48 s here, the cells identical (docs/performance-log.md).
-- Straight into the table, not through a temporary table of cells: with
-- the key as integers the copy was the cost (at ten million postings this
-- file took 104.2 and 112.6 s through the temporary table, 75.4 and 81.5 s
-- without, and at a million the same time at a third of the peak memory).
-- wagescope:go posted_cells

-- Areas only postings have (a metro OEWS does not publish here, Remote) join
-- dim_area, so every area a figure is shown for can be named and resolved.
-- Every area and occupation of the dictionary has cells (each posting is in
-- its areas' 'all' cells), so both read the few dictionary rows, not the
-- cells (at ten million postings, scanning the 59 million cells took 6.6 s).
INSERT INTO dim_area BY NAME
SELECT DISTINCT a.area_code, a.area_title, a.area_type, s.state_fips, s.state_postal
FROM (SELECT unnest(area_codes) AS area_code, unnest(area_titles) AS area_title, unnest(area_types) AS area_type
      FROM posted_dims) AS a
LEFT JOIN ref_states AS s ON s.state_postal = CASE WHEN a.area_type = 'state' THEN a.area_code END
WHERE a.area_code NOT IN (SELECT area_code FROM dim_area);

-- Which occupations have posted pay: report pages skip the postings
-- queries for the rest.
ALTER TABLE dim_occupation ADD COLUMN has_postings BOOLEAN DEFAULT false;
UPDATE dim_occupation SET has_postings = true
WHERE occupation_code IN (SELECT unnest(occupations) FROM posted_dims);

-- What each id of a posted cell's key names, with the titles and area
-- types of dim_occupation and dim_area (which now hold every posted
-- occupation and area). The view joins each table on its id alone, so a
-- filter on a code (an occupation, 'ALL') is pushed into the cells' scan as
-- an id filter, and the cells are read by occupation only where asked. (One
-- table of every part, filtered by part, left four of six id filters above
-- the joins: a query over every posted cell took 5.0–6.4 s at a million
-- postings, against 0.6–1.7 s with a table per part; each join also costs
-- every query on the view its planning, so the four small parts are one
-- slice.)
CREATE OR REPLACE TABLE posted_key_occupation AS
SELECT CAST(r.i AS USMALLINT) AS id, k.occupations[r.i] AS occupation_code, o.occupation_title
FROM posted_dims AS k
CROSS JOIN range(1, coalesce(len(k.occupations), 0) + 1) AS r(i)
LEFT JOIN dim_occupation AS o ON o.occupation_code = k.occupations[r.i];
CREATE OR REPLACE TABLE posted_key_area AS
SELECT CAST(r.i AS USMALLINT) AS id, k.area_codes[r.i] AS area_code, a.area_title, a.area_type
FROM posted_dims AS k
CROSS JOIN range(1, coalesce(len(k.area_codes), 0) + 1) AS r(i)
LEFT JOIN dim_area AS a ON a.area_code = k.area_codes[r.i];
-- A slice numbers as the cell does (period, experience, employer type,
-- basis; 0 is 'ALL' for the last three). A period's type is its code's
-- prefix in posted_dictionary ('all', 'year', 'quarter', 'month').
CREATE OR REPLACE TABLE posted_key_slice AS
SELECT
    CAST((((pe.i - 1) * z.n_experience + ex.i) * z.n_employer_type + em.i) * z.n_basis + ba.i AS UINTEGER) AS id,
    k.periods[pe.i] AS period,
    k.period_types[pe.i] AS period_type,
    coalesce(k.experiences[ex.i], 'ALL') AS experience,
    coalesce(k.employer_types[em.i], 'ALL') AS employer_type,
    coalesce(k.bases[ba.i], 'ALL') AS pay_basis
FROM posted_dims AS k
CROSS JOIN posted_sizes AS z
CROSS JOIN range(1, z.n_period + 1) AS pe(i)
CROSS JOIN range(0, z.n_experience) AS ex(i)
CROSS JOIN range(0, z.n_employer_type) AS em(i)
CROSS JOIN range(0, z.n_basis) AS ba(i)
ORDER BY id;

DROP TABLE posted_rows;
DROP TABLE posted_dictionary;
DROP TABLE posted_sizes;
DROP TABLE posted_coded;
DROP TABLE posted_dims;

-- fct_wage_stats: both families, with the columns of the other family NULL.
-- Separate tables rather than one: written into one wide table, a posted
-- cell's 34 always-NULL OEWS columns cost about as much to store as its own
-- (at a million postings the 13.8 million posted rows took 23.4–25.1 s to
-- write with them, 12.8–14.2 s without), and so do a suppressed cell's
-- empty pay columns (above). Filters on source_family reach each table's
-- scan through the view; filters on a posted key's codes reach the
-- posted_key_* scans and, as id filters, both cell tables' scans (the two
-- unioned under one join: `rates` at a million postings as fast as on one
-- table, 38–40 ms; a join per table took 41–43 ms).
CREATE OR REPLACE VIEW fct_wage_stats AS
SELECT * FROM fct_wage_stats_oews
UNION ALL BY NAME
SELECT 'postings' AS source_family, 'order-statistic 95%' AS median_ci_method,
       oc.occupation_code, oc.occupation_title, ar.area_code, ar.area_title, ar.area_type,
       sl.period, sl.period_type, sl.experience, sl.employer_type, sl.pay_basis,
       p.* EXCLUDE (occupation_id, area_id, slice_id)
FROM (SELECT *, false AS is_suppressed FROM fct_wage_stats_postings
      UNION ALL BY NAME
      SELECT *, true AS is_suppressed FROM fct_wage_stats_postings_suppressed) AS p
JOIN posted_key_occupation AS oc ON oc.id = p.occupation_id
JOIN posted_key_area AS ar ON ar.id = p.area_id
JOIN posted_key_slice AS sl ON sl.id = p.slice_id;
