-- stg_postings__postings: one row per posting, raw values beside the
-- normalized ones. The map_postings__* tables were filled by the normalize
-- stage from distinct raw values; here they are only joined. What the marts
-- count is stored in stg_postings__postings_derived; stg_postings__postings
-- is a view that puts each of its rows beside its raw row and the rest of
-- what the maps say of it (the end of this file says why).
--
-- Narrow passes come first, so the wide query reads every posting once
-- and streams: a CTE read twice is materialized, and with ten million
-- postings (descriptions included) that spilled 25 GB and took two thirds
-- of the stage.

-- The postings files to stage: every one, or on a night that only added,
-- dropped or replaced postings files, only the new ones, patched into the
-- rows staged before. The runner lists the night's files in postings_patch
-- ('added' or 'dropped') when the maps kept every value they held (the same
-- reference titles and source settings; a dropped file's keys may go) and
-- nothing else this model reads changed; the check below keeps the list only
-- when the staged files are the kept ones and the dropped ones and the kept
-- ones keep their order. Otherwise, and on a first build, the list is empty
-- and every file is staged again.
CREATE TEMP TABLE IF NOT EXISTS postings_patch (source_file_id BIGINT, change VARCHAR);

-- the postings files in the configured order of their sources, then by
-- path: which row of a group comes first does not depend on the order files
-- were read in. Only files with postings are ranked, so a file of another
-- kind never moves a posting's place.
CREATE OR REPLACE TEMP TABLE posting_file_ranks AS
SELECT f.source_file_id,
       row_number() OVER (ORDER BY coalesce(so.source_position, 1000000), f.path, f.source_file_id) AS file_rank
FROM source_files AS f
LEFT JOIN run_source_order AS so USING (source_name)
WHERE f.source_file_id IN (SELECT DISTINCT source_file_id FROM raw_postings__postings);

-- wagescope:if (SELECT count(*) > 0 FROM postings_patch)
-- Each staged file's rank when it was staged and its rank now (NULL: its
-- postings are gone).
CREATE OR REPLACE TEMP TABLE posting_file_moves AS
SELECT s.source_file_id, s.staged_rank, r.file_rank
FROM (SELECT source_file_id, posting_file_rank(min(posting_order)) AS staged_rank
      FROM stg_postings__postings_derived
      GROUP BY source_file_id) AS s
LEFT JOIN posting_file_ranks AS r USING (source_file_id);

DELETE FROM postings_patch
WHERE EXISTS (
    -- a file with postings neither staged nor added
    SELECT 1 FROM posting_file_ranks AS r
    WHERE r.source_file_id NOT IN (SELECT source_file_id FROM posting_file_moves)
      AND r.source_file_id NOT IN (SELECT source_file_id FROM postings_patch WHERE change = 'added')
    UNION ALL
    -- a staged file without postings now that the runner did not drop
    SELECT 1 FROM posting_file_moves AS m
    WHERE m.file_rank IS NULL
      AND m.source_file_id NOT IN (SELECT source_file_id FROM postings_patch WHERE change = 'dropped')
    UNION ALL
    -- two kept files in another order than they were staged in
    SELECT 1 FROM (
        SELECT row_number() OVER (ORDER BY staged_rank) AS before, row_number() OVER (ORDER BY file_rank) AS now
        FROM posting_file_moves
        WHERE file_rank IS NOT NULL)
    WHERE before <> now
);
-- wagescope:end

CREATE OR REPLACE TEMP TABLE posting_stage_files AS
SELECT * FROM source_files
WHERE NOT EXISTS (SELECT 1 FROM postings_patch)
   OR source_file_id IN (SELECT source_file_id FROM postings_patch WHERE change = 'added');

-- Each file's distinct posted dates, read once (000_macros.sql lists the
-- formats). A date that names no day, or one before 1990 or more than a
-- year after the file was read, is kept out of posted_date and pay_year
-- and becomes a reject.
CREATE OR REPLACE TEMP TABLE posting_dates AS
WITH
dates AS (
    -- the text cleaned once per distinct value, not once per posting
    SELECT source_file_id, posted_date, posting_date_text(posted_date) AS t
    FROM (SELECT DISTINCT source_file_id, posted_date FROM raw_postings__postings
          WHERE posted_date IS NOT NULL AND source_file_id IN (SELECT source_file_id FROM posting_stage_files))
),
files AS (
    -- ten digits are epoch seconds, five Excel serial days, only where
    -- every date of the file has them: alone, such a number is more
    -- likely an id
    SELECT d.source_file_id,
           CASE WHEN bool_and(regexp_full_match(d.t, '\d{10}')) THEN 'epoch'
                WHEN bool_and(regexp_full_match(d.t, '\d{5}')) THEN 'excel' END AS kind,
           CAST(f.ingested_at AS DATE) AS ingested
    FROM dates AS d
    JOIN source_files AS f USING (source_file_id)
    GROUP BY ALL
),
parsed AS (
    SELECT
        d.source_file_id, d.posted_date, d.t, f.kind, f.ingested,
        posting_date_parse(d.t, f.kind) AS parsed,
        CASE WHEN regexp_full_match(d.t, '\d{4}(-(0[1-9]|1[0-2]))?') THEN CAST(left(d.t, 4) AS INTEGER) END AS bare_year
    FROM dates AS d
    JOIN files AS f USING (source_file_id)
),
judged AS (
    SELECT *,
        CASE
            WHEN parsed IS NULL AND bare_year IS NULL AND posting_date_numeric(t, kind)
                THEN 'no such day; accepted: ' || posting_date_formats()
            WHEN parsed IS NULL AND bare_year IS NULL
                THEN 'not a date; accepted: ' || posting_date_formats()
            WHEN coalesce(parsed, make_date(bare_year, 1, 1)) < DATE '1990-01-01'
                THEN 'implausible date: before 1990'
            WHEN coalesce(parsed, make_date(bare_year, 1, 1)) > ingested + INTERVAL 1 YEAR
                THEN 'implausible date: more than a year after the file was read'
        END AS reject
    FROM parsed
)
SELECT
    source_file_id, posted_date,
    CASE WHEN reject IS NULL THEN parsed END AS posted_date_parsed,
    CASE WHEN reject IS NULL THEN coalesce(year(parsed), bare_year) END AS posted_year,
    reject AS posted_date_reject
FROM judged;

-- USD per unit for every currency the pay parser found and every year a
-- posting's pay is from: the rate of that year, else the nearest year the
-- table has (the latest, for pay of no known year).
CREATE OR REPLACE TEMP TABLE posting_conversion AS
WITH
rates AS (
    SELECT currency, CAST(year AS INTEGER) AS year, CAST(usd_per_unit AS DOUBLE) AS usd_per_unit
    FROM ref_currency_rates
),
currencies AS (
    SELECT currency_iso FROM map_postings__pay WHERE currency_iso IS NOT NULL
    UNION
    SELECT currency_iso FROM map_postings__pay_collisions WHERE currency_iso IS NOT NULL
),
years AS (
    -- every year a posting's pay can be from (a superset: a release year
    -- whose postings all carry dates is converted too, unused)
    SELECT posted_year AS pay_year FROM posting_dates
    UNION
    SELECT posting_pay_year(NULL, release) FROM source_files WHERE kind = 'postings'
)
SELECT
    c.currency_iso, y.pay_year,
    (SELECT r.usd_per_unit FROM rates AS r WHERE r.currency = c.currency_iso
      ORDER BY abs(r.year - coalesce(y.pay_year, r.year)), r.year DESC LIMIT 1) AS usd_per_unit
FROM currencies AS c
CROSS JOIN years AS y;

-- Rows that repeat the same job share a group (posting_duplicate_group,
-- 000_macros.sql: a source's preset says which fields make a job the same),
-- and a group's representative is its first row. The staged rows are
-- written as their groups' representatives and settled after (the end of
-- this file), from their own duplicate_group and posting_order: finding the
-- firsts before, from the raw rows, computed every posting's group twice
-- (3.4-4.2 s a time at ten million postings). (Keeping every posting's
-- group, as a table joined back by file and line, made a build side of
-- every posting: at twenty million it spilled, and the staged rows'
-- statement spent 46 s in that join alone.)
CREATE OR REPLACE TEMP TABLE posting_sources AS
SELECT source_name, default_currency,
       posting_key_fields(CASE WHEN coalesce(duplicate_key, '') = '' THEN [] ELSE string_split(duplicate_key, ',') END) AS key_fields
FROM map_postings__sources;

-- wagescope:if (SELECT count(*) > 0 FROM postings_patch)
-- A night's patch: only the groups of a dropped or a new row can have
-- another first row. The dropped files' groups are kept here before their
-- rows go, the kept files whose rank moved (a file before them came or
-- went) take their new place, and the new rows' groups join the touched
-- ones once they are written.
CREATE OR REPLACE TEMP TABLE posting_touched_groups AS
SELECT DISTINCT duplicate_group FROM stg_postings__postings_derived
WHERE source_file_id IN (SELECT source_file_id FROM posting_file_moves WHERE file_rank IS NULL);

DELETE FROM stg_postings__postings_derived
WHERE source_file_id IN (SELECT source_file_id FROM posting_file_moves WHERE file_rank IS NULL);

UPDATE stg_postings__postings_derived AS s
SET posting_order = posting_order(m.file_rank, s.source_row_number)
FROM posting_file_moves AS m
WHERE m.source_file_id = s.source_file_id AND m.file_rank <> m.staged_rank;

DROP TABLE posting_file_moves;
-- wagescope:end

-- The staged rows of the files to stage (a view: written once, by the
-- CREATE or the INSERT below).
CREATE OR REPLACE TEMP VIEW posting_rows AS
WITH
raw AS (
    -- a description as its md5 and whether it says anything: the text is
    -- not carried through the joins
    SELECT r.* EXCLUDE (description), md5(r.description) AS description_md5,
           coalesce(trim(r.description) <> '', false) AS has_description,
           f.source_name, f.release AS source_release,
           posting_order(fr.file_rank, r.row_number) AS row_order
    FROM raw_postings__postings AS r
    JOIN posting_stage_files AS f USING (source_file_id)
    JOIN posting_file_ranks AS fr USING (source_file_id)
),
soc_codes AS (
    -- detailed SOC 2018 codes, for sources that carry the employer's own
    -- SOC code (the H-1B LCA's SOC_CODE)
    SELECT soc_code AS hint_code
    FROM stg_soc__occupations
    WHERE classification = 'soc2018' AND soc_level = 'detailed'
),
joined AS (
    SELECT
        raw.*,
        t.soc_code AS title_soc_code,
        h.hint_code,
        -- a posting's pay is in one of the two pay maps (the other's
        -- columns are all NULL)
        coalesce(p.currency_iso, pc.currency_iso) AS currency_iso, coalesce(p.annual_mid, pc.annual_mid) AS annual_mid,
        coalesce(p.is_estimate, pc.is_estimate) AS is_estimate, coalesce(p.pay_reject, pc.pay_reject) AS pay_reject,
        pl.place_state, pl.place_cbsa, pl.place_country, pl.is_remote,
        x.experience_level AS column_level, t.title_experience_level AS title_level,
        e.employer_name, e.employer_type_norm,
        d.years_required, d.years_level, d.certifications, d.min_education,
        pd.posted_date_parsed, pd.posted_date_reject,
        posting_pay_year(pd.posted_year, raw.source_release) AS pay_year,
        posting_duplicate_group(s.key_fields, raw.source_name, raw.source_file_id, raw.row_number, raw.id, raw.title,
            coalesce(e.employer_name, raw.employer), raw.location, raw.pay_min, raw.pay_max, raw.pay_point,
            raw.pay_period, raw.pay_text, raw.experience, raw.description_md5) AS duplicate_group
    FROM raw
    LEFT JOIN posting_sources AS s USING (source_name)
    LEFT JOIN map_postings__titles AS t ON t.title IS NOT DISTINCT FROM raw.title
    LEFT JOIN soc_codes AS h ON h.hint_code = left(trim(raw.soc_code_hint), 7)
    LEFT JOIN map_postings__pay AS p
        ON p.pay_key = posting_pay_key(raw.pay_min, raw.pay_max, raw.pay_point, raw.pay_period, raw.pay_text, raw.currency,
                                       s.default_currency)
    -- the tuples whose hash another shares (030_maps.sql), on their fields
    LEFT JOIN map_postings__pay_collisions AS pc
        ON posting_pay_fields_match(pc.pay_min, pc.pay_max, pc.pay_point, pc.pay_period, pc.pay_text, pc.currency, pc.default_currency,
                                    raw.pay_min, raw.pay_max, raw.pay_point, raw.pay_period, raw.pay_text, raw.currency,
                                    s.default_currency)
    LEFT JOIN map_postings__places AS pl
        ON posting_place_fields_match(pl.location, pl.city, pl.state, pl.country, pl.remote,
                                      raw.location, raw.city, raw.state, raw.country, raw.remote)
    LEFT JOIN map_postings__experience AS x ON x.experience = raw.experience
    LEFT JOIN map_postings__employers AS e
        ON posting_employer_fields_match(e.employer, e.employer_type, e.industry, e.company_size,
                                         raw.employer, raw.employer_type, raw.industry, raw.company_size)
    LEFT JOIN map_postings__descriptions AS d ON d.description_md5 = raw.description_md5
    LEFT JOIN posting_dates AS pd ON pd.source_file_id = raw.source_file_id AND pd.posted_date = raw.posted_date
),
converted AS (
    SELECT j.*, c.usd_per_unit
    FROM joined AS j
    LEFT JOIN posting_conversion AS c
        ON c.currency_iso = j.currency_iso AND c.pay_year IS NOT DISTINCT FROM j.pay_year
)
SELECT
    source_file_id,
    row_number AS source_row_number,
    title IS NOT NULL AS has_title,
    -- a SOC code the source itself carries (valid SOC 2018, detailed)
    -- outranks the title classifier; the classifier's answer is kept (the
    -- view names it, and the method, from the title map)
    coalesce(hint_code, nullif(title_soc_code, '')) AS soc_code,
    hint_code IS NOT NULL AS is_soc_from_source,
    nullif(title_soc_code, '') IS NOT NULL AS is_title_matched,
    coalesce(employer_type_norm, 'unknown') AS employer_type,
    place_state AS state,
    place_cbsa AS cbsa_code,
    place_country AS country,
    coalesce(is_remote, false) AS is_remote,
    round(annual_mid * usd_per_unit, 2) AS annual_mid_usd,
    usd_per_unit,
    pay_year,
    coalesce(is_estimate, false) AS is_pay_estimate,
    pay_reject,
    annual_mid IS NOT NULL AS has_pay,
    posting_experience_level(column_level, title_level, years_level) AS experience_level,
    CAST(coalesce(TRY_CAST(years_experience AS DOUBLE), TRY_CAST(years_required AS DOUBLE)) AS DOUBLE) AS years_experience,
    CASE WHEN certifications IS NULL OR certifications = '' THEN [] ELSE string_split(certifications, ';') END AS certifications,
    nullif(min_education, '') AS min_education,
    has_description,
    posted_date_parsed AS posted_date,
    posted_date_reject,
    duplicate_group,
    -- the row's place in configured-source, path, line order
    row_order AS posting_order,
    -- settled below, once every row of the group is written
    true AS is_group_representative
FROM converted;

-- wagescope:if (SELECT count(*) = 0 FROM postings_patch)
CREATE OR REPLACE TABLE stg_postings__postings_derived AS SELECT * FROM posting_rows;
-- wagescope:end

-- wagescope:if (SELECT count(*) > 0 FROM postings_patch)
INSERT INTO stg_postings__postings_derived SELECT * FROM posting_rows;
-- wagescope:end

-- Each group's representative: its first row. Only the groups of several
-- have another row to mark (most groups are one posting). A full build
-- settles every group of several (its rows were all written as
-- representatives); a patch settles the touched groups, each of their rows
-- as its group is now (a dropped row's group may be one row again).
-- wagescope:if (SELECT count(*) = 0 FROM postings_patch)
CREATE OR REPLACE TEMP TABLE posting_group_firsts AS
SELECT duplicate_group, min(posting_order) AS first_row
FROM stg_postings__postings_derived
GROUP BY duplicate_group
HAVING count(*) > 1;

CREATE OR REPLACE TEMP TABLE posting_touched_groups AS
SELECT duplicate_group FROM posting_group_firsts;
-- wagescope:end

-- wagescope:if (SELECT count(*) > 0 FROM postings_patch)
INSERT INTO posting_touched_groups
SELECT DISTINCT duplicate_group FROM stg_postings__postings_derived
WHERE source_file_id IN (SELECT source_file_id FROM postings_patch WHERE change = 'added');

CREATE OR REPLACE TEMP TABLE posting_group_firsts AS
SELECT s.duplicate_group, min(s.posting_order) AS first_row
FROM stg_postings__postings_derived AS s
SEMI JOIN posting_touched_groups AS t USING (duplicate_group)
GROUP BY s.duplicate_group
HAVING count(*) > 1;
-- wagescope:end

UPDATE stg_postings__postings_derived AS s
SET is_group_representative = g.first_row IS NULL OR g.first_row = s.posting_order
FROM (SELECT DISTINCT t.duplicate_group, f.first_row
      FROM posting_touched_groups AS t
      LEFT JOIN posting_group_firsts AS f USING (duplicate_group)) AS g
WHERE g.duplicate_group = s.duplicate_group
  AND s.is_group_representative IS DISTINCT FROM (g.first_row IS NULL OR g.first_row = s.posting_order);

DROP TABLE posting_touched_groups;

-- The staged postings as DESIGN.md names them: each derived row beside its
-- raw values, which stay where ingest wrote them (raw_postings__postings),
-- and beside what the maps say of those values where no mart counts it
-- (the matched title and its method, the employer's name, the city, the
-- state's FIPS code and the metro's title, the pay as posted and
-- annualized, which level the experience came from, ...), and beside its
-- file's source name. Both are joined here, not written a second time: at
-- ten million postings, writing the fourteen raw columns again took about
-- 10 s, and the twenty-two map columns 12-14 s of the staging stage's
-- 42-48 s; a text column of few values costs about 0.5 s to write, a
-- boolean 0.06 s (docs/performance-log.md). A query of the view pays for
-- the joins instead (about 7 s to read one column of ten million). The
-- joins are staging's own, on the same keys, so they give the values
-- staging read: the maps change only in normalize, which always brings
-- staging after it, and a night that patches keeps every key a kept
-- posting has. The marts read the derived table, which holds every column
-- they count. LEFT JOINs: a staged row never disappears from the view (the
-- checks find one whose raw row is missing).
CREATE OR REPLACE VIEW stg_postings__postings AS
SELECT
    f.source_name,
    d.source_file_id,
    d.source_row_number,
    r.id AS posting_id,
    r.title AS title_raw,
    d.soc_code,
    -- a code the source carries names its SOC title, with full confidence
    CASE WHEN d.is_soc_from_source THEN h.soc_title ELSE t.matched_title END AS matched_title,
    CASE WHEN d.is_soc_from_source THEN 1.0 ELSE t.match_score END AS match_score,
    CASE WHEN d.is_soc_from_source THEN 'source:soc_code' ELSE t.match_method END AS match_method,
    nullif(t.soc_code, '') AS title_soc_code,
    r.employer AS employer_raw,
    e.employer_name,
    r.employer_type AS employer_type_raw,
    d.employer_type,
    e.employer_type_method,
    r.industry AS industry_raw,
    r.company_size AS company_size_raw,
    nullif(e.company_size_norm, '') AS company_size,
    coalesce(r.location, concat_ws(', ', r.city, r.state, r.country)) AS location_raw,
    pl.place_city AS city,
    d.state,
    pl.place_state_fips AS state_fips,
    d.cbsa_code,
    pl.place_cbsa_title AS cbsa_title,
    d.country,
    pl.place_postal AS postal_code,
    d.is_remote,
    coalesce(pl.is_hybrid, false) AS is_hybrid,
    pl.place_method,
    posting_salary_raw(r.pay_min, r.pay_max, r.pay_point, r.pay_text) AS salary_raw,
    r.pay_period AS pay_period_raw,
    -- a posting's pay is in one of the two pay maps (the other's columns
    -- are all NULL)
    coalesce(p.min_posted, pc.min_posted) AS pay_min,
    coalesce(p.max_posted, pc.max_posted) AS pay_max,
    coalesce(p.point_posted, pc.point_posted) AS pay_point,
    coalesce(p.period, pc.period) AS pay_period,
    coalesce(p.currency_iso, pc.currency_iso) AS currency,
    coalesce(p.annual_min, pc.annual_min) AS annual_min,
    coalesce(p.annual_max, pc.annual_max) AS annual_max,
    coalesce(p.annual_mid, pc.annual_mid) AS annual_mid,
    round(coalesce(p.annual_min, pc.annual_min) * d.usd_per_unit, 2) AS annual_min_usd,
    round(coalesce(p.annual_max, pc.annual_max) * d.usd_per_unit, 2) AS annual_max_usd,
    d.annual_mid_usd,
    d.usd_per_unit,
    d.pay_year,
    d.is_pay_estimate,
    coalesce(p.pay_source, pc.pay_source) AS pay_source,
    coalesce(p.pay_note, pc.pay_note) AS pay_note,
    d.pay_reject,
    d.has_pay,
    r.experience AS experience_raw,
    d.experience_level,
    posting_experience_method(x.experience_level, x.experience_method, t.title_experience_level, d.experience_level) AS experience_method,
    d.years_experience,
    d.certifications,
    d.min_education,
    d.has_description,
    r.employment_type,
    r.posted_date AS posted_date_raw,
    d.posted_date,
    d.posted_date_reject,
    d.pay_year AS posted_year,
    r.posting_type,
    r.soc_code_hint,
    d.duplicate_group,
    d.posting_order,
    d.is_group_representative
FROM stg_postings__postings_derived AS d
LEFT JOIN source_files AS f ON f.source_file_id = d.source_file_id
LEFT JOIN raw_postings__postings AS r
    ON r.source_file_id = d.source_file_id AND r.row_number = d.source_row_number
LEFT JOIN map_postings__titles AS t ON t.title IS NOT DISTINCT FROM r.title
LEFT JOIN map_postings__experience AS x ON x.experience = r.experience
-- on the code alone (used only where the source's code was taken): with
-- the method in the condition, DuckDB compared every posting with every
-- code (a nested loop join, 11.4 s at ten million postings)
LEFT JOIN (
    SELECT soc_code, soc_title FROM stg_soc__occupations
    WHERE classification = 'soc2018' AND soc_level = 'detailed'
) AS h ON h.soc_code = d.soc_code
LEFT JOIN map_postings__employers AS e
    ON posting_employer_fields_match(e.employer, e.employer_type, e.industry, e.company_size,
                                     r.employer, r.employer_type, r.industry, r.company_size)
LEFT JOIN map_postings__places AS pl
    ON posting_place_fields_match(pl.location, pl.city, pl.state, pl.country, pl.remote,
                                  r.location, r.city, r.state, r.country, r.remote)
LEFT JOIN map_postings__sources AS s ON s.source_name = f.source_name
LEFT JOIN map_postings__pay AS p
    ON p.pay_key = posting_pay_key(r.pay_min, r.pay_max, r.pay_point, r.pay_period, r.pay_text, r.currency, s.default_currency)
LEFT JOIN map_postings__pay_collisions AS pc
    ON posting_pay_fields_match(pc.pay_min, pc.pay_max, pc.pay_point, pc.pay_period, pc.pay_text, pc.currency, pc.default_currency,
                                r.pay_min, r.pay_max, r.pay_point, r.pay_period, r.pay_text, r.currency,
                                s.default_currency);

-- Pay that could not be used (not merely absent: "no pay stated…") and
-- posted dates that name no plausible day are rejects; the posting stays,
-- without pay or without a date. A night that patches keeps the rejects
-- recorded before (a dropped file's went with its raw rows). The derived
-- rows and their raw values are read directly: the view would build its
-- maps' hash tables too (3.6M pay keys at ten million postings), on a night
-- that adds a few thousand postings as on a full build.
DELETE FROM rejects
WHERE stage = 'stg_postings__postings'
  AND (NOT EXISTS (SELECT 1 FROM postings_patch)
       OR source_file_id IN (SELECT source_file_id FROM posting_stage_files));
INSERT INTO rejects (source_file_id, sheet, row_number, column_name, value, reason, stage)
SELECT d.source_file_id, NULL, d.source_row_number, 'pay', posting_salary_raw(r.pay_min, r.pay_max, r.pay_point, r.pay_text),
       d.pay_reject, 'stg_postings__postings'
FROM stg_postings__postings_derived AS d
LEFT JOIN raw_postings__postings AS r ON r.source_file_id = d.source_file_id AND r.row_number = d.source_row_number
WHERE d.pay_reject IS NOT NULL AND NOT starts_with(d.pay_reject, 'no pay stated')
  AND d.source_file_id IN (SELECT source_file_id FROM posting_stage_files)
UNION ALL
SELECT d.source_file_id, NULL, d.source_row_number, 'posted_date', r.posted_date, d.posted_date_reject, 'stg_postings__postings'
FROM stg_postings__postings_derived AS d
LEFT JOIN raw_postings__postings AS r ON r.source_file_id = d.source_file_id AND r.row_number = d.source_row_number
WHERE d.posted_date_reject IS NOT NULL
  AND d.source_file_id IN (SELECT source_file_id FROM posting_stage_files);

DROP VIEW posting_rows;
DROP TABLE posting_conversion;
DROP TABLE posting_group_firsts;
DROP TABLE posting_sources;
DROP TABLE posting_dates;
DROP TABLE posting_stage_files;
DROP TABLE posting_file_ranks;
