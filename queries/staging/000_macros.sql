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
