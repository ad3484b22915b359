-- Mapping tables the normalize stage fills from distinct raw values
-- (replaced on every normalize run). Created empty here so staging also
-- runs when no posting source is configured. Their columns are text but
-- numbers and flags, typed as the normalize stage creates them
-- (mapTypes in pipeline/normalize_stage.go): cast once per distinct value
-- as the map is stored, not once per posting in staging.
CREATE TABLE IF NOT EXISTS map_postings__sources (source_name VARCHAR, default_currency VARCHAR, duplicate_key VARCHAR);
CREATE TABLE IF NOT EXISTS map_postings__titles (
    title VARCHAR, soc_code VARCHAR, matched_title VARCHAR, match_score DOUBLE, match_method VARCHAR, title_experience_level VARCHAR
);

-- One field of a key (staging's duplicate groups) as text: its length, then
-- its value (NULL: nothing), so fields joined with a separator never read
-- as other fields.
CREATE OR REPLACE MACRO posting_key_field(x) AS coalesce(length(x) || ':' || x, '');

-- The pay map's key: DuckDB's 64-bit hash of the seven raw fields the pay
-- parser reads, so staging joins on one integer. Joined on the seven
-- nullable text columns, twenty million postings' 6.75M pay keys spilled
-- (81 s of staging's 205 s); joined on their md5 as text, staging's
-- statement took 49.8-51.8 s at ten million postings, 44.2-45.2 s on the
-- hash. Two tuples can share a hash: the normalize stage moves every key
-- the map holds twice into map_postings__pay_collisions, which staging
-- joins on the seven fields themselves (usually empty, so not probed).
CREATE OR REPLACE MACRO posting_pay_key(pay_min, pay_max, pay_point, pay_period, pay_text, currency, default_currency) AS
    hash(pay_min, pay_max, pay_point, pay_period, pay_text, currency, default_currency);
CREATE TABLE IF NOT EXISTS map_postings__pay (
    pay_key UBIGINT,
    min_posted DOUBLE, max_posted DOUBLE, point_posted DOUBLE, period VARCHAR, currency_iso VARCHAR,
    annual_min DOUBLE, annual_max DOUBLE, annual_mid DOUBLE, is_estimate BOOLEAN, pay_source VARCHAR, pay_note VARCHAR, pay_reject VARCHAR
);
CREATE TABLE IF NOT EXISTS map_postings__pay_collisions (
    pay_min VARCHAR, pay_max VARCHAR, pay_point VARCHAR, pay_period VARCHAR, pay_text VARCHAR, currency VARCHAR, default_currency VARCHAR,
    min_posted DOUBLE, max_posted DOUBLE, point_posted DOUBLE, period VARCHAR, currency_iso VARCHAR,
    annual_min DOUBLE, annual_max DOUBLE, annual_mid DOUBLE, is_estimate BOOLEAN, pay_source VARCHAR, pay_note VARCHAR, pay_reject VARCHAR
);
-- A posting's row of map_postings__pay_collisions: the same seven fields, a
-- NULL matching a NULL (staging and the staged view join on this).
CREATE OR REPLACE MACRO posting_pay_fields_match(m_pay_min, m_pay_max, m_pay_point, m_pay_period, m_pay_text, m_currency, m_default_currency,
                                                 pay_min, pay_max, pay_point, pay_period, pay_text, currency, default_currency) AS
        m_pay_min IS NOT DISTINCT FROM pay_min AND m_pay_max IS NOT DISTINCT FROM pay_max
    AND m_pay_point IS NOT DISTINCT FROM pay_point AND m_pay_period IS NOT DISTINCT FROM pay_period
    AND m_pay_text IS NOT DISTINCT FROM pay_text AND m_currency IS NOT DISTINCT FROM currency
    AND m_default_currency IS NOT DISTINCT FROM default_currency;
CREATE TABLE IF NOT EXISTS map_postings__places (
    location VARCHAR, city VARCHAR, state VARCHAR, country VARCHAR, remote VARCHAR,
    place_city VARCHAR, place_state VARCHAR, place_state_fips VARCHAR, place_cbsa VARCHAR, place_cbsa_title VARCHAR,
    place_country VARCHAR, place_postal VARCHAR, is_remote BOOLEAN, is_hybrid BOOLEAN, place_method VARCHAR
);
-- A posting's row of map_postings__places: its five raw place fields, a
-- NULL matching a NULL.
CREATE OR REPLACE MACRO posting_place_fields_match(m_location, m_city, m_state, m_country, m_remote, location, city, state, country, remote) AS
        m_location IS NOT DISTINCT FROM location AND m_city IS NOT DISTINCT FROM city
    AND m_state IS NOT DISTINCT FROM state AND m_country IS NOT DISTINCT FROM country
    AND m_remote IS NOT DISTINCT FROM remote;
CREATE TABLE IF NOT EXISTS map_postings__experience (experience VARCHAR, experience_level VARCHAR, experience_method VARCHAR);
CREATE TABLE IF NOT EXISTS map_postings__employers (
    employer VARCHAR, employer_type VARCHAR, industry VARCHAR, company_size VARCHAR,
    employer_name VARCHAR, employer_type_norm VARCHAR, employer_type_method VARCHAR, company_size_norm VARCHAR
);
-- A posting's row of map_postings__employers: its four raw employer fields,
-- a NULL matching a NULL.
CREATE OR REPLACE MACRO posting_employer_fields_match(m_employer, m_employer_type, m_industry, m_company_size,
                                                      employer, employer_type, industry, company_size) AS
        m_employer IS NOT DISTINCT FROM employer AND m_employer_type IS NOT DISTINCT FROM employer_type
    AND m_industry IS NOT DISTINCT FROM industry AND m_company_size IS NOT DISTINCT FROM company_size;
CREATE TABLE IF NOT EXISTS map_postings__descriptions (
    description_md5 VARCHAR, years_required VARCHAR, years_level VARCHAR, certifications VARCHAR, min_education VARCHAR
);
