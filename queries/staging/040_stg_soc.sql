-- stg_soc__occupations: SOC 2018 codes and titles (classification soc2018)
-- and the OEWS publication list (classification oews), one row per code,
-- preferring the file that carries a definition.
CREATE OR REPLACE TABLE stg_soc__occupations AS
WITH
raw AS (
    SELECT r.*, f.release
    FROM raw_soc__occupations AS r
    JOIN source_files AS f USING (source_file_id)
),
ranked AS (
    SELECT
        *,
        row_number() OVER (
            PARTITION BY classification, soc_code
            ORDER BY definition IS NULL, release DESC, source_file_id, row_number
        ) AS rank_in_code
    FROM raw
),
final AS (
    SELECT
        classification,
        release,
        soc_code,
        soc_title,
        coalesce(lower(soc_level), soc_level_of(soc_code)) AS soc_level,
        definition,
        source_file_id
    FROM ranked
    WHERE rank_in_code = 1
)
SELECT * FROM final;
