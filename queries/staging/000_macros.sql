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

-- Posting dates. Sources print them many ways; each accepted shape has one
-- reading, so a date never depends on the other rows:
--   YYYY-MM-DD and YYYY/MM/DD (a time of day may follow: ISO, "10:30 AM"),
--   MM/DD/YYYY, M/D/YYYY and M/D/YY (slash dates are month first, as U.S.
--   sources and Excel's short date print them; 31/12/2024 is no date, not a
--   European one; a two-digit year is 2000–2068, or 1969–1999),
--   DD.MM.YYYY (dotted dates are day first, as European sources print them),
--   YYYYMMDD, "2 May 2024", "3-May-2024", "May 3, 2024" (or "Jan. 3 2024"),
--   and, only in a file whose every date is one (alone, a lone number is
--   more likely an id): epoch seconds (ten digits) or Excel serial day
--   numbers (five digits: a date column saved from a spreadsheet unformatted);
--   a bare YYYY or YYYY-MM is a year or month, not a date.
CREATE OR REPLACE MACRO posting_date_formats() AS
    'YYYY-MM-DD (a time may follow), YYYY/MM/DD, MM/DD/YYYY or M/D/YY (month first), DD.MM.YYYY (day first), YYYYMMDD, '
    || '"2 May 2024", "3-May-2024", "May 3, 2024", epoch seconds (a column of 10 digits), '
    || 'Excel serial days (a column of 5 digits), YYYY or YYYY-MM';

-- The date part of a posted date: trimmed, without a trailing time of day
-- and without the dot of an abbreviated month ("Jan.").
CREATE OR REPLACE MACRO posting_date_text(s) AS
    regexp_replace(
        regexp_replace(trim(s), '(T|\s+)\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*([AaPp]\.?[Mm]\.?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$', ''),
        '^([A-Za-z]{3,4})\.', '\1');

-- Whether t (posting_date_text) has the shape of a numeric date: when it
-- does and still parses to nothing, the day does not exist (2024-13-45).
CREATE OR REPLACE MACRO posting_date_numeric(t, kind) AS
    regexp_full_match(t, '\d{4}[-/]\d{1,2}[-/]\d{1,2}|\d{1,2}[/.]\d{1,2}[/.]\d{4}|\d{1,2}/\d{1,2}/\d{2}|\d{8}')
    OR (kind = 'epoch' AND regexp_full_match(t, '\d{10}'));

-- The date t (posting_date_text) names, by its shape; NULL when it names
-- none. The shape picks the format, so "2024053" is never a YYYYMMDD.
-- Excel day 1 is 1900-01-01 counted with Excel's phantom 1900-02-29, so
-- serial n is 1899-12-30 + n days for every date after February 1900.
CREATE OR REPLACE MACRO posting_date_parse(t, kind) AS CAST(CASE
    WHEN regexp_full_match(t, '\d{4}-\d{1,2}-\d{1,2}') THEN try_strptime(t, '%Y-%m-%d')
    WHEN regexp_full_match(t, '\d{4}/\d{1,2}/\d{1,2}') THEN try_strptime(t, '%Y/%m/%d')
    WHEN regexp_full_match(t, '\d{1,2}/\d{1,2}/\d{4}') THEN try_strptime(t, '%m/%d/%Y')
    WHEN regexp_full_match(t, '\d{1,2}/\d{1,2}/\d{2}') THEN try_strptime(t, '%m/%d/%y')
    WHEN regexp_full_match(t, '\d{1,2}\.\d{1,2}\.\d{4}') THEN try_strptime(t, '%d.%m.%Y')
    WHEN regexp_full_match(t, '\d{8}') THEN try_strptime(t, '%Y%m%d')
    WHEN kind = 'epoch' AND regexp_full_match(t, '\d{10}') THEN make_timestamp(CAST(t AS BIGINT) * 1000000)
    WHEN kind = 'excel' AND regexp_full_match(t, '\d{5}') THEN DATE '1899-12-30' + CAST(t AS INTEGER)
    WHEN regexp_full_match(t, '\d{1,2}[ -][A-Za-z]+[ -]\d{4}') THEN try_strptime(t, ['%d %B %Y', '%d %b %Y', '%d-%b-%Y', '%d-%B-%Y'])
    WHEN regexp_full_match(t, '[A-Za-z]+ \d{1,2},? \d{4}') THEN try_strptime(t, ['%B %d, %Y', '%b %d, %Y', '%B %d %Y', '%b %d %Y'])
    END AS DATE);

-- The year a posting's pay is from: its posted date's year (posting_dates,
-- in 050_stg_postings__postings.sql: a plausible date, or a bare year or
-- year-month), else the source's release.
CREATE OR REPLACE MACRO posting_pay_year(posted_year, source_release) AS
    coalesce(posted_year, TRY_CAST(left(source_release, 4) AS INTEGER));

-- A posting's experience level: its experience column's (the experience
-- map's), else its title's, else the years its description requires (as
-- normalize.ClassifyExperience orders them); posting_experience_method
-- names which of the three gave the level (staging stores the level, the
-- staged view names the method from the same maps).
CREATE OR REPLACE MACRO posting_experience_level(column_level, title_level, years_level) AS
    coalesce(nullif(column_level, ''), nullif(title_level, ''), nullif(years_level, ''));
CREATE OR REPLACE MACRO posting_experience_method(column_level, column_method, title_level, level) AS
    CASE WHEN nullif(column_level, '') IS NOT NULL THEN column_method
         WHEN nullif(title_level, '') IS NOT NULL THEN 'title'
         WHEN level IS NOT NULL THEN 'years' END;

-- A posting's pay as it was posted, in one text (salary_raw): the raw
-- fields the pay parser reads but the period, which has a column of its own.
CREATE OR REPLACE MACRO posting_salary_raw(pay_min, pay_max, pay_point, pay_text) AS
    concat_ws(' | ', pay_min, pay_max, pay_point, pay_text);

-- A posting's place in the posting order: its file's rank (configured
-- source, then path) times 10^10 plus its line, so a group's first row is
-- the one of least place; posting_file_rank reads the rank back.
CREATE OR REPLACE MACRO posting_order(file_rank, line) AS file_rank * 10000000000 + line;
CREATE OR REPLACE MACRO posting_file_rank(posting_order) AS posting_order // 10000000000;

-- A posting's duplicate group: the 128-bit md5, as a number, of the fields
-- its source's preset names in duplicate_key (its file and line when none:
-- every row its own group). Each field is written with its length
-- (posting_key_field), so a NULL never lets the next field's value read as
-- its own: pay 50,000 to NULL and NULL to 50,000 are different jobs; a
-- field the key does not name is written empty. employer is the normalized
-- name where there is one; description is its md5. key_fields is
-- posting_key_fields(duplicate_key), read once per source: testing the
-- list for each field of each posting took 1.2-1.6 s more at ten million
-- postings, and the group is computed twice.
CREATE OR REPLACE MACRO posting_key_fields(duplicate_key) AS {
    'none': len(duplicate_key) = 0,
    'id': list_contains(duplicate_key, 'id'), 'title': list_contains(duplicate_key, 'title'),
    'employer': list_contains(duplicate_key, 'employer'), 'location': list_contains(duplicate_key, 'location'),
    'pay_min': list_contains(duplicate_key, 'pay_min'), 'pay_max': list_contains(duplicate_key, 'pay_max'),
    'pay_point': list_contains(duplicate_key, 'pay_point'), 'pay_period': list_contains(duplicate_key, 'pay_period'),
    'pay_text': list_contains(duplicate_key, 'pay_text'), 'experience': list_contains(duplicate_key, 'experience'),
    'description': list_contains(duplicate_key, 'description')};
CREATE OR REPLACE MACRO posting_duplicate_group(key_fields, source_name, source_file_id, row_number, id, title,
        employer, location, pay_min, pay_max, pay_point, pay_period, pay_text, experience, description_md5) AS
    md5_number(CASE WHEN key_fields.none THEN source_file_id || ':' || row_number
         ELSE source_name || ':' || concat_ws('|',
            CASE WHEN key_fields.id THEN posting_key_field(id) ELSE '' END,
            CASE WHEN key_fields.title THEN posting_key_field(lower(title)) ELSE '' END,
            CASE WHEN key_fields.employer THEN posting_key_field(lower(employer)) ELSE '' END,
            CASE WHEN key_fields.location THEN posting_key_field(lower(location)) ELSE '' END,
            CASE WHEN key_fields.pay_min THEN posting_key_field(pay_min) ELSE '' END,
            CASE WHEN key_fields.pay_max THEN posting_key_field(pay_max) ELSE '' END,
            CASE WHEN key_fields.pay_point THEN posting_key_field(pay_point) ELSE '' END,
            CASE WHEN key_fields.pay_period THEN posting_key_field(lower(pay_period)) ELSE '' END,
            CASE WHEN key_fields.pay_text THEN posting_key_field(pay_text) ELSE '' END,
            CASE WHEN key_fields.experience THEN posting_key_field(lower(experience)) ELSE '' END,
            CASE WHEN key_fields.description THEN posting_key_field(description_md5) ELSE '' END)
    END);
