-- Percentile arithmetic over the five percentiles OEWS publishes.

-- The wage at percentile pct (10..90): a published point itself, else
-- linear between the two points around it. A top-coded point is a bound
-- (the true value is at least it): at that percentile the bound is returned
-- and wage_at_percentile_is_bound says so; between two points the upper one
-- must be a value (censoring only goes upward, so the lower one then is
-- too), else NULL, for nothing is interpolated toward a bound.
CREATE OR REPLACE MACRO wage_at_percentile(pct, p10, p25, p50, p75, p90, top25, top50, top75, top90) AS CASE
    WHEN pct < 10 OR pct > 90 THEN NULL
    WHEN pct = 10 THEN p10
    WHEN pct = 25 THEN p25
    WHEN pct = 50 THEN p50
    WHEN pct = 75 THEN p75
    WHEN pct = 90 THEN p90
    WHEN pct < 25 THEN CASE WHEN NOT top25 THEN p10 + (p25 - p10) * (pct - 10) / 15.0 END
    WHEN pct < 50 THEN CASE WHEN NOT top50 THEN p25 + (p50 - p25) * (pct - 25) / 25.0 END
    WHEN pct < 75 THEN CASE WHEN NOT top75 THEN p50 + (p75 - p50) * (pct - 50) / 25.0 END
    ELSE CASE WHEN NOT top90 THEN p75 + (p90 - p75) * (pct - 75) / 15.0 END
    END;

-- Whether wage_at_percentile returned a top-code bound (a published point
-- that is top-coded), not a value.
CREATE OR REPLACE MACRO wage_at_percentile_is_bound(pct, top10, top25, top50, top75, top90) AS coalesce(
    (pct = 10 AND top10) OR (pct = 25 AND top25) OR (pct = 50 AND top50) OR (pct = 75 AND top75) OR (pct = 90 AND top90),
    false);

-- Why wage_at_percentile is NULL, in words (NULL when it is not).
CREATE OR REPLACE MACRO wage_at_percentile_gap(pct, p10, p25, p50, p75, p90, top25, top50, top75, top90) AS CASE
    WHEN pct < 10 OR pct > 90 THEN 'OEWS publishes the 10th to the 90th percentile only'
    WHEN wage_at_percentile(pct, p10, p25, p50, p75, p90, top25, top50, top75, top90) IS NOT NULL THEN NULL
    WHEN (pct < 25 AND top25) OR (pct > 25 AND pct < 50 AND top50) OR (pct > 50 AND pct < 75 AND top75)
      OR (pct > 75 AND top90)
        THEN 'OEWS top-codes the percentile above it (published only as "at least"), so nothing is interpolated'
    ELSE 'OEWS does not publish the percentiles around it for this occupation and area'
    END;

-- The percentile (10..90) at which wage w falls, linear between the
-- published points; NULL below p10 or above p90 (see percentile_bound), and
-- NULL at or past the first point that is a top-code bound.
CREATE OR REPLACE MACRO percentile_of_wage(w, p10, p25, p50, p75, p90, top10, top25, top50, top75, top90) AS CASE
    WHEN w IS NULL OR p10 IS NULL OR p25 IS NULL OR p50 IS NULL THEN NULL
    WHEN w < p10 OR top10 THEN NULL
    WHEN w <= p25 THEN CASE WHEN NOT top25 THEN 10 + 15.0 * (w - p10) / nullif(p25 - p10, 0) END
    WHEN top50 THEN NULL
    WHEN w <= p50 THEN 25 + 25.0 * (w - p25) / nullif(p50 - p25, 0)
    WHEN p75 IS NULL OR top75 THEN NULL
    WHEN w <= p75 THEN 50 + 25.0 * (w - p50) / nullif(p75 - p50, 0)
    WHEN p90 IS NULL OR top90 THEN NULL
    WHEN w <= p90 THEN 75 + 15.0 * (w - p75) / nullif(p90 - p75, 0)
    ELSE NULL END;

-- What can be said when percentile_of_wage is NULL: below the 10th, above
-- the 90th, or above the last uncensored point ("above p50 (p75 top-coded
-- or not published)").
CREATE OR REPLACE MACRO percentile_bound(w, p10, p25, p50, p75, p90, top10, top25, top50, top75, top90) AS CASE
    WHEN w IS NULL OR p10 IS NULL THEN NULL
    WHEN w < p10 THEN 'below p10'
    WHEN top10 THEN 'at or above p10 (p10 top-coded)'
    WHEN p25 IS NULL OR top25 THEN 'above p10 (p25 top-coded or not published)'
    WHEN w <= p25 THEN NULL
    WHEN p50 IS NULL OR top50 THEN 'above p25 (p50 top-coded or not published)'
    WHEN w <= p50 THEN NULL
    WHEN p75 IS NULL OR top75 THEN 'above p50 (p75 top-coded or not published)'
    WHEN w <= p75 THEN NULL
    WHEN p90 IS NULL OR top90 THEN 'above p75 (p90 top-coded or not published)'
    WHEN w <= p90 THEN NULL
    ELSE 'above p90'
    END;

-- quantile_cont(x, p) of the values in the sorted list xs, computed as
-- DuckDB computes it (linear between the closest ranks), so one sorted list
-- serves the five percentiles and the median's interval.
CREATE OR REPLACE MACRO sorted_quantile(xs, p) AS
    xs[1 + CAST(floor((len(xs) - 1) * p) AS BIGINT)]
    + (xs[1 + CAST(ceil((len(xs) - 1) * p) AS BIGINT)] - xs[1 + CAST(floor((len(xs) - 1) * p) AS BIGINT)])
      * ((len(xs) - 1) * p - floor((len(xs) - 1) * p));

-- Distribution-free 95% confidence interval for a median from the sorted
-- sample xs (n = len(xs)): the order statistics at ranks
-- n/2 ∓ 0.98·√n (normal approximation to the binomial), clamped to the sample.
CREATE OR REPLACE MACRO median_ci_low(xs) AS
    xs[greatest(1, CAST(floor(len(xs) / 2.0 - 0.98 * sqrt(len(xs))) AS INTEGER))];
CREATE OR REPLACE MACRO median_ci_high(xs) AS
    xs[least(len(xs), CAST(ceil(1 + len(xs) / 2.0 + 0.98 * sqrt(len(xs))) AS INTEGER))];

-- DuckDB's memory_limit in bytes (current_setting says e.g. '2.3 GiB');
-- NULL when it says something else.
CREATE OR REPLACE MACRO memory_limit_bytes() AS
    TRY_CAST(regexp_extract(current_setting('memory_limit'), '^([0-9.]+) ', 1) AS DOUBLE)
    * CASE regexp_extract(current_setting('memory_limit'), ' ([A-Za-z]+)$', 1)
        WHEN 'bytes' THEN 1 WHEN 'KiB' THEN 1024 WHEN 'MiB' THEN 1024 ^ 2
        WHEN 'GiB' THEN 1024 ^ 3 WHEN 'TiB' THEN 1024 ^ 4 END;

-- How many buckets `total` postings are computed in: one posting for every
-- 3,125 bytes of memory_limit in each (about 800,000 under 2.5GB; 2.5GB when
-- DuckDB does not say), at least 8. A bucket's cells must fit under the
-- limit, and its share of cells big enough to value grows with the volume:
-- under 2.5GB, buckets of 1.05M fit at ten million postings (peak 3.2 GB)
-- but ran out of memory once in three runs at twenty million; at 0.8M ten
-- million peaked at 3.1 GB, no slower. 020_fct_wage_stats's Go step reads
-- one bucket at a time.
CREATE OR REPLACE MACRO posting_bucket_count(total) AS
    greatest(8, CAST(ceil(total / (coalesce(memory_limit_bytes(), 2.5e9) / 3125)) AS INTEGER));

-- How many described postings the premiums' Go step (070_fct_pay_premiums)
-- reads in one query: one for every 500 bytes of memory_limit (five million
-- under 2.5GB). DuckDB's Go driver holds a query's whole result before its
-- first batch, beside DuckDB's buffers: read whole, ten million postings'
-- 7.9M described rows raised the process's peak by 0.87 GB (to 2.92 GB in
-- the marts) and twenty million's 15.8M peaked at 3.67 GB, under 2.5GB. In
-- reads of at most 5M rows the step added 0.42 and 0.11 GB, in about the
-- same time (docs/performance-log.md, sixteenth session).
CREATE OR REPLACE MACRO premium_read_rows() AS
    CAST(coalesce(memory_limit_bytes(), 2.5e9) / 500 AS BIGINT);

-- The bucket (0 .. posting_bucket_count - 1) of an occupation whose
-- postings follow `before` postings of earlier occupations, of `total`.
CREATE OR REPLACE MACRO posting_bucket(before, total) AS
    CAST(floor(posting_bucket_count(total) * before / total) AS INTEGER);

-- Each duplicate group's first row among the candidates, a relation named by
-- its text (a view of postings that qualify for a mart, with duplicate_group,
-- posting_order and is_group_representative): the group's first row
-- (is_group_representative, set by staging) wherever that one qualifies,
-- else the first of its later rows that do. Only those later rows are
-- ranked, after looking up the first rows of just their groups (a few). A
-- window over every candidate (DuckDB makes it one arg_min per group, which
-- holds each group's whole row) ran twenty million postings out of a 2.5GB
-- memory_limit, and took 5.6-6.0 s at ten million for posted_rows against
-- 2.9-4.2 s this way, the same rows (docs/performance-log.md).
CREATE OR REPLACE MACRO group_first_rows(candidates) AS TABLE
WITH later AS (
    SELECT * FROM query_table(candidates) WHERE NOT is_group_representative
)
SELECT * FROM query_table(candidates) WHERE is_group_representative
UNION ALL
SELECT * FROM later
WHERE duplicate_group NOT IN (SELECT duplicate_group FROM query_table(candidates)
                              WHERE is_group_representative AND duplicate_group IN (SELECT duplicate_group FROM later))
QUALIFY row_number() OVER (PARTITION BY duplicate_group ORDER BY posting_order) = 1;
