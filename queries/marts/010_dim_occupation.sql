-- dim_occupation: every occupation code known from SOC 2018, the OEWS
-- publication list, OEWS data or the projections, with the code OEWS
-- publishes it under (29-2011 and 29-2012 → 29-2010) and the best title.
CREATE OR REPLACE TABLE dim_occupation AS
WITH
soc AS (
    SELECT soc_code, soc_title, soc_level FROM stg_soc__occupations WHERE classification = 'soc2018'
),
oews_list AS (
    SELECT code, max(title) AS title FROM (
        SELECT soc_code AS code, soc_title AS title FROM stg_soc__occupations WHERE classification = 'oews'
        UNION ALL
        SELECT DISTINCT occupation_code, NULL FROM stg_oews__wages
    ) GROUP BY code
),
oews_titles AS (
    SELECT occupation_code AS code, arg_max(occupation_title, release) AS title
    FROM stg_oews__wages
    GROUP BY occupation_code
),
projection_titles AS (
    SELECT occupation_code AS code, arg_max(occupation_title, cycle) AS title
    FROM stg_projections__occupations
    GROUP BY occupation_code
),
codes AS (
    SELECT soc_code AS code FROM soc
    UNION SELECT code FROM oews_list
    UNION SELECT code FROM projection_titles
),
final AS (
    SELECT
        codes.code AS occupation_code,
        coalesce(oews_titles.title, oews_list.title, soc.soc_title, projection_titles.title) AS occupation_title,
        coalesce(soc.soc_level, soc_level_of(codes.code)) AS soc_level,
        soc.soc_title,
        CASE
            WHEN codes.code IN (SELECT code FROM oews_list) THEN codes.code
            WHEN left(codes.code, 6) || '0' IN (SELECT code FROM oews_list) THEN left(codes.code, 6) || '0'
            WHEN left(codes.code, 5) || '00' IN (SELECT code FROM oews_list) THEN left(codes.code, 5) || '00'
        END AS oews_code,
        codes.code IN (SELECT code FROM oews_list) AS is_oews_published,
        left(codes.code, 2) || '-0000' AS major_group_code,
        codes.code IN (SELECT occupation_code FROM stg_projections__occupations) AS has_outlook,
        codes.code IN (SELECT occupation_code FROM stg_oews__wages) AS has_wages
    FROM codes
    LEFT JOIN soc ON soc.soc_code = codes.code
    LEFT JOIN oews_list ON oews_list.code = codes.code
    LEFT JOIN oews_titles ON oews_titles.code = codes.code
    LEFT JOIN projection_titles ON projection_titles.code = codes.code
)
SELECT * FROM final ORDER BY occupation_code;

-- dim_area: every area with published wages, with state codes.
CREATE OR REPLACE TABLE dim_area AS
WITH
areas AS (
    SELECT area_code, arg_max(area_title, release) AS area_title, any_value(area_type) AS area_type
    FROM stg_oews__wages
    GROUP BY area_code
),
final AS (
    SELECT
        areas.area_code,
        CASE WHEN areas.area_code = 'US' THEN 'United States' ELSE coalesce(s.state_name, areas.area_title) END AS area_title,
        areas.area_type,
        s.state_fips,
        s.state_postal
    FROM areas
    LEFT JOIN ref_states AS s ON s.state_postal = areas.area_code
)
SELECT * FROM final ORDER BY area_code;
