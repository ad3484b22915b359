-- Parsing helpers shared by the staging models.

-- A BLS number as printed: thousands separators, a leading $, spaces.
CREATE OR REPLACE MACRO bls_num(x) AS
    TRY_CAST(replace(replace(replace(trim(x), ',', ''), '$', ''), ' ', '') AS DOUBLE);

-- "Yes"-like flag cells (OEWS ANNUAL / HOURLY columns).
CREATE OR REPLACE MACRO bls_flag(x) AS coalesce(upper(trim(x)) IN ('TRUE', 'YES', 'Y', '1'), false);

-- SOC level from the shape of a code, for files that do not say it.
CREATE OR REPLACE MACRO soc_level_of(code) AS CASE
    WHEN code = '00-0000' THEN 'total'
    WHEN code LIKE '__-0000' THEN 'major'
    WHEN code LIKE '__-__00' THEN 'minor'
    WHEN code LIKE '__-___0' THEN 'broad'
    ELSE 'detailed' END;

-- The year a posting's pay is from: its date (a real date, or a bare year
-- or year-month), else the source's release. The first four characters
-- alone took 0000-00-00 as year 0.
CREATE OR REPLACE MACRO posting_pay_year(posted_date, source_release) AS
    coalesce(year(TRY_CAST(left(posted_date, 10) AS DATE)),
             CASE WHEN regexp_full_match(trim(posted_date), '(19|20)[0-9]{2}(-(0[1-9]|1[0-2]))?')
                  THEN CAST(left(trim(posted_date), 4) AS INTEGER) END,
             TRY_CAST(left(source_release, 4) AS INTEGER));
