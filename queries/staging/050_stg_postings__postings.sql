-- stg_postings__postings: one row per posting, raw values beside the
-- normalized ones. The map_postings__* tables were filled by the normalize
-- stage from distinct raw values; here they are only joined.
CREATE OR REPLACE TABLE stg_postings__postings AS
WITH
raw AS (
    SELECT r.*, f.source_name, f.release AS source_release
    FROM raw_postings__postings AS r
    JOIN source_files AS f USING (source_file_id)
),
sources AS (
    SELECT source_name, default_currency,
           CASE WHEN coalesce(duplicate_key, '') = '' THEN [] ELSE string_split(duplicate_key, ',') END AS duplicate_key
    FROM map_postings__sources
),
soc_codes AS (
    -- detailed SOC 2018 codes, for sources that carry the employer's own
    -- SOC code (the H-1B LCA's SOC_CODE)
    SELECT soc_code AS hint_code, soc_title AS hint_title
    FROM stg_soc__occupations
    WHERE classification = 'soc2018' AND soc_level = 'detailed'
),
rates AS (
    SELECT currency, CAST(year AS INTEGER) AS year, CAST(usd_per_unit AS DOUBLE) AS usd_per_unit
    FROM ref_currency_rates
),
joined AS (
    SELECT
        raw.*,
        s.duplicate_key,
        t.soc_code AS title_soc_code, t.matched_title AS title_matched_title,
        CAST(t.match_score AS DOUBLE) AS title_match_score, t.match_method AS title_match_method,
        h.hint_code, h.hint_title,
        p.min_posted, p.max_posted, p.point_posted, p.period, p.currency_iso, p.annual_min, p.annual_max, p.annual_mid,
        p.is_estimate, p.pay_source, p.pay_note, p.pay_reject,
        pl.place_city, pl.place_state, pl.place_state_fips, pl.place_cbsa, pl.place_cbsa_title, pl.place_country,
        pl.place_postal, pl.is_remote, pl.is_hybrid, pl.place_method,
        x.experience_level AS explicit_level, x.experience_method,
        e.employer_name, e.employer_type_norm, e.employer_type_method, e.company_size_norm,
        d.years_required, d.years_level, d.certifications, d.min_education,
        -- the year a posting's pay is from: its date (a real date, or a
        -- bare year or year-month), else the source's release; the first
        -- four characters alone took 0000-00-00 as year 0
        coalesce(year(TRY_CAST(left(raw.posted_date, 10) AS DATE)),
                 CASE WHEN regexp_full_match(trim(raw.posted_date), '(19|20)[0-9]{2}(-(0[1-9]|1[0-2]))?')
                      THEN CAST(left(trim(raw.posted_date), 4) AS INTEGER) END,
                 TRY_CAST(left(raw.source_release, 4) AS INTEGER)) AS pay_year
    FROM raw
    LEFT JOIN sources AS s USING (source_name)
    LEFT JOIN map_postings__titles AS t ON t.title IS NOT DISTINCT FROM raw.title
    LEFT JOIN soc_codes AS h ON h.hint_code = left(trim(raw.soc_code_hint), 7)
    LEFT JOIN map_postings__pay AS p
        ON  p.pay_min IS NOT DISTINCT FROM raw.pay_min AND p.pay_max IS NOT DISTINCT FROM raw.pay_max
        AND p.pay_point IS NOT DISTINCT FROM raw.pay_point AND p.pay_period IS NOT DISTINCT FROM raw.pay_period
        AND p.pay_text IS NOT DISTINCT FROM raw.pay_text AND p.currency IS NOT DISTINCT FROM raw.currency
        AND p.default_currency IS NOT DISTINCT FROM s.default_currency
    LEFT JOIN map_postings__places AS pl
        ON  pl.location IS NOT DISTINCT FROM raw.location AND pl.city IS NOT DISTINCT FROM raw.city
        AND pl.state IS NOT DISTINCT FROM raw.state AND pl.country IS NOT DISTINCT FROM raw.country
        AND pl.remote IS NOT DISTINCT FROM raw.remote
    LEFT JOIN map_postings__experience AS x
        ON x.experience IS NOT DISTINCT FROM raw.experience AND x.title IS NOT DISTINCT FROM raw.title
    LEFT JOIN map_postings__employers AS e
        ON  e.employer IS NOT DISTINCT FROM raw.employer AND e.employer_type IS NOT DISTINCT FROM raw.employer_type
        AND e.industry IS NOT DISTINCT FROM raw.industry AND e.company_size IS NOT DISTINCT FROM raw.company_size
    LEFT JOIN map_postings__descriptions AS d ON d.description_md5 = md5(raw.description)
),
conversion AS (
    -- one rate per distinct currency and year: the rate of that year, else
    -- the nearest year the table has
    SELECT
        k.currency_iso, k.pay_year,
        (SELECT r.usd_per_unit FROM rates AS r WHERE r.currency = k.currency_iso
          ORDER BY abs(r.year - coalesce(k.pay_year, r.year)), r.year DESC LIMIT 1) AS usd_per_unit
    FROM (SELECT DISTINCT currency_iso, pay_year FROM joined) AS k
),
converted AS (
    SELECT j.*, c.usd_per_unit
    FROM joined AS j
    LEFT JOIN conversion AS c
        ON c.currency_iso IS NOT DISTINCT FROM j.currency_iso AND c.pay_year IS NOT DISTINCT FROM j.pay_year
),
final AS (
    SELECT
        source_name,
        source_file_id,
        row_number AS source_row_number,
        id AS posting_id,
        title AS title_raw,
        -- a SOC code the source itself carries (valid SOC 2018, detailed)
        -- outranks the title classifier; the classifier's answer is kept
        coalesce(hint_code, nullif(title_soc_code, '')) AS soc_code,
        CASE WHEN hint_code IS NOT NULL THEN hint_title ELSE title_matched_title END AS matched_title,
        CASE WHEN hint_code IS NOT NULL THEN 1.0 ELSE title_match_score END AS match_score,
        CASE WHEN hint_code IS NOT NULL THEN 'source:soc_code' ELSE title_match_method END AS match_method,
        nullif(title_soc_code, '') AS title_soc_code,
        employer AS employer_raw,
        employer_name,
        employer_type AS employer_type_raw,
        coalesce(employer_type_norm, 'unknown') AS employer_type,
        employer_type_method,
        industry AS industry_raw,
        company_size AS company_size_raw,
        nullif(company_size_norm, '') AS company_size,
        coalesce(location, concat_ws(', ', city, state, country)) AS location_raw,
        place_city AS city,
        place_state AS state,
        place_state_fips AS state_fips,
        place_cbsa AS cbsa_code,
        place_cbsa_title AS cbsa_title,
        place_country AS country,
        place_postal AS postal_code,
        coalesce(is_remote = 'true', false) AS is_remote,
        coalesce(is_hybrid = 'true', false) AS is_hybrid,
        place_method,
        concat_ws(' | ', pay_min, pay_max, pay_point, pay_text) AS salary_raw,
        pay_period AS pay_period_raw,
        CAST(min_posted AS DOUBLE) AS pay_min,
        CAST(max_posted AS DOUBLE) AS pay_max,
        CAST(point_posted AS DOUBLE) AS pay_point,
        period AS pay_period,
        currency_iso AS currency,
        CAST(annual_min AS DOUBLE) AS annual_min,
        CAST(annual_max AS DOUBLE) AS annual_max,
        CAST(annual_mid AS DOUBLE) AS annual_mid,
        round(CAST(annual_min AS DOUBLE) * usd_per_unit, 2) AS annual_min_usd,
        round(CAST(annual_max AS DOUBLE) * usd_per_unit, 2) AS annual_max_usd,
        round(CAST(annual_mid AS DOUBLE) * usd_per_unit, 2) AS annual_mid_usd,
        usd_per_unit,
        pay_year,
        coalesce(is_estimate = 'true', false) AS is_pay_estimate,
        pay_source,
        pay_note,
        pay_reject,
        annual_mid IS NOT NULL AS has_pay,
        experience AS experience_raw,
        coalesce(nullif(explicit_level, ''), nullif(years_level, '')) AS experience_level,
        CASE WHEN nullif(explicit_level, '') IS NOT NULL THEN experience_method
             WHEN nullif(years_level, '') IS NOT NULL THEN 'years' END AS experience_method,
        CAST(coalesce(TRY_CAST(years_experience AS DOUBLE), TRY_CAST(years_required AS DOUBLE)) AS DOUBLE) AS years_experience,
        CASE WHEN certifications IS NULL OR certifications = '' THEN [] ELSE string_split(certifications, ';') END AS certifications,
        nullif(min_education, '') AS min_education,
        coalesce(trim(description) <> '', false) AS has_description,
        employment_type,
        posted_date AS posted_date_raw,
        TRY_CAST(left(posted_date, 10) AS DATE) AS posted_date,
        pay_year AS posted_year,
        posting_type,
        soc_code_hint,
        -- rows that repeat the same job share a group; a source's preset
        -- says which fields make a job the same (empty: every row is its own)
        CASE WHEN len(duplicate_key) = 0 THEN source_file_id || ':' || row_number
             ELSE source_name || ':' || md5(concat_ws('|',
                CASE WHEN list_contains(duplicate_key, 'id') THEN id END,
                CASE WHEN list_contains(duplicate_key, 'title') THEN lower(title) END,
                CASE WHEN list_contains(duplicate_key, 'employer') THEN lower(coalesce(employer_name, employer)) END,
                CASE WHEN list_contains(duplicate_key, 'location') THEN lower(location) END,
                CASE WHEN list_contains(duplicate_key, 'pay_min') THEN pay_min END,
                CASE WHEN list_contains(duplicate_key, 'pay_max') THEN pay_max END,
                CASE WHEN list_contains(duplicate_key, 'pay_point') THEN pay_point END,
                CASE WHEN list_contains(duplicate_key, 'pay_period') THEN lower(pay_period) END,
                CASE WHEN list_contains(duplicate_key, 'pay_text') THEN pay_text END,
                CASE WHEN list_contains(duplicate_key, 'experience') THEN lower(experience) END,
                CASE WHEN list_contains(duplicate_key, 'description') THEN md5(description) END))
        END AS duplicate_key_hash
    FROM converted
),
-- The group is the key's 128-bit md5 as a number, and a group's
-- representative its first row, found by a narrow GROUP BY: a global
-- dense_rank() and a window partitioned by the key sorted every column of
-- every posting (5.3 of 6 s for a million postings).
firsts AS (
    SELECT duplicate_key_hash, min(source_file_id * 10000000000 + source_row_number) AS first_row
    FROM final
    GROUP BY duplicate_key_hash
)
SELECT
    f.* EXCLUDE (duplicate_key_hash),
    md5_number(f.duplicate_key_hash) AS duplicate_group,
    f.source_file_id * 10000000000 + f.source_row_number = r.first_row AS is_group_representative
FROM final AS f
JOIN firsts AS r USING (duplicate_key_hash);

-- Pay that could not be used (not merely absent: "no pay stated…") is a reject;
-- the posting stays, without pay.
DELETE FROM rejects WHERE stage = 'stg_postings__postings';
INSERT INTO rejects (source_file_id, sheet, row_number, column_name, value, reason, stage)
SELECT source_file_id, NULL, source_row_number, 'pay', salary_raw, pay_reject, 'stg_postings__postings'
FROM stg_postings__postings
WHERE pay_reject IS NOT NULL AND NOT starts_with(pay_reject, 'no pay stated');
