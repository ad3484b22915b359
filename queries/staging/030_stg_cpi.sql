-- stg_cpi__observations: typed CPI observations; stg_cpi__annual: the CPI-U
-- (U.S. city average, all items, NSA, 1982-84=100) annual averages (M13)
-- used to express wages in constant dollars.
CREATE OR REPLACE TABLE stg_cpi__observations AS
SELECT
    trim(series_id) AS series_id,
    TRY_CAST(year AS INTEGER) AS year,
    trim(period) AS period,
    TRY_CAST(trim(value) AS DOUBLE) AS value,
    nullif(trim(footnote_codes), '') AS footnote_codes,
    source_file_id,
    row_number AS source_row_number
FROM raw_cpi__observations;

CREATE OR REPLACE TABLE stg_cpi__annual AS
SELECT year, value AS cpi_u, series_id, source_file_id
FROM stg_cpi__observations
WHERE series_id = 'CUUR0000SA0' AND period = 'M13' AND value IS NOT NULL;
