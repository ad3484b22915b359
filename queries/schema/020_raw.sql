-- Raw tables: cells exactly as read (VARCHAR), plus lineage. Column names are
-- the canonical names the ingesters map each publisher's headers onto.
CREATE TABLE IF NOT EXISTS raw_oews__wages (
    source_file_id BIGINT NOT NULL, sheet VARCHAR, row_number BIGINT NOT NULL,
    area VARCHAR, area_title VARCHAR, area_type VARCHAR, prim_state VARCHAR,
    naics VARCHAR, naics_title VARCHAR, i_group VARCHAR, own_code VARCHAR,
    occ_code VARCHAR, occ_title VARCHAR, o_group VARCHAR,
    tot_emp VARCHAR, emp_prse VARCHAR, jobs_1000 VARCHAR, loc_quotient VARCHAR,
    pct_total VARCHAR, pct_rpt VARCHAR,
    h_mean VARCHAR, a_mean VARCHAR, mean_prse VARCHAR,
    h_pct10 VARCHAR, h_pct25 VARCHAR, h_median VARCHAR, h_pct75 VARCHAR, h_pct90 VARCHAR,
    a_pct10 VARCHAR, a_pct25 VARCHAR, a_median VARCHAR, a_pct75 VARCHAR, a_pct90 VARCHAR,
    annual VARCHAR, hourly VARCHAR
);

CREATE TABLE IF NOT EXISTS raw_projections__occupations (
    source_file_id BIGINT NOT NULL, sheet VARCHAR, row_number BIGINT NOT NULL,
    occupation_title VARCHAR,        -- the title with alternate titles removed
    occupation_code VARCHAR,
    occupation_type VARCHAR,         -- Summary | Line item (workbooks only)
    employment_base VARCHAR,         -- thousands
    employment_projected VARCHAR,    -- thousands
    change_numeric VARCHAR,          -- thousands
    change_percent VARCHAR,
    openings_annual VARCHAR,         -- thousands a year
    median_wage VARCHAR,             -- annual USD, as printed ($41,950, 60,780, N/A, >=208,000)
    wage_year VARCHAR,               -- the year in the wage header (OEWS May release)
    education VARCHAR,
    work_experience VARCHAR,
    training VARCHAR,
    base_year VARCHAR,
    projected_year VARCHAR
);

CREATE TABLE IF NOT EXISTS raw_projections__alternate_titles (
    source_file_id BIGINT NOT NULL, sheet VARCHAR, row_number BIGINT NOT NULL,
    occupation_code VARCHAR,
    alternate_title VARCHAR
);

CREATE TABLE IF NOT EXISTS raw_cpi__observations (
    source_file_id BIGINT NOT NULL, sheet VARCHAR, row_number BIGINT NOT NULL,
    series_id VARCHAR, year VARCHAR, period VARCHAR, value VARCHAR, footnote_codes VARCHAR
);

CREATE TABLE IF NOT EXISTS raw_soc__occupations (
    source_file_id BIGINT NOT NULL, sheet VARCHAR, row_number BIGINT NOT NULL,
    classification VARCHAR,          -- soc2018 | oews (the OEWS publication list)
    soc_level VARCHAR,               -- major | minor | broad | detailed (soc2018); empty for oews
    soc_code VARCHAR,
    soc_title VARCHAR,
    definition VARCHAR
);

-- Job postings of any dataset, mapped onto the canonical posting fields
-- (DESIGN.md) by a preset or a `columns:` mapping; cells as read.
CREATE TABLE IF NOT EXISTS raw_postings__postings (
    source_file_id BIGINT NOT NULL, sheet VARCHAR, row_number BIGINT NOT NULL,
    id VARCHAR, title VARCHAR, employer VARCHAR, employer_type VARCHAR, industry VARCHAR,
    company_size VARCHAR, location VARCHAR, city VARCHAR, state VARCHAR, country VARCHAR,
    remote VARCHAR, pay_min VARCHAR, pay_max VARCHAR, pay_point VARCHAR, pay_period VARCHAR,
    pay_text VARCHAR, currency VARCHAR, experience VARCHAR, years_experience VARCHAR,
    employment_type VARCHAR, posted_date VARCHAR, description VARCHAR,
    soc_code_hint VARCHAR,           -- a SOC code the dataset itself assigns (H-1B LCA), kept for comparison
    posting_type VARCHAR             -- e.g. NYC Internal/External: not part of the duplicate key
);

-- O*NET alternate and reported job titles, for the title classifier.
CREATE TABLE IF NOT EXISTS raw_titles__onet (
    source_file_id BIGINT NOT NULL, sheet VARCHAR, row_number BIGINT NOT NULL,
    onet_code VARCHAR, occupation_title VARCHAR, alternate_title VARCHAR, short_title VARCHAR,
    sources VARCHAR, list VARCHAR
);
