-- Lineage tables: every figure traces back to a file, a row and a run.
CREATE SEQUENCE IF NOT EXISTS seq_source_file_id START 1;
CREATE SEQUENCE IF NOT EXISTS seq_run_id START 1;

CREATE TABLE IF NOT EXISTS runs (
    run_id        BIGINT PRIMARY KEY,
    started_at    TIMESTAMP NOT NULL,
    finished_at   TIMESTAMP,
    status        VARCHAR NOT NULL,           -- running | ok | partial | failed
    config_path   VARCHAR,
    stages_json   VARCHAR,                    -- per-stage timings and row counts
    message       VARCHAR
);

CREATE TABLE IF NOT EXISTS source_files (
    source_file_id BIGINT PRIMARY KEY,
    run_id         BIGINT NOT NULL,
    source_name    VARCHAR NOT NULL,          -- the configured source name
    kind           VARCHAR NOT NULL,          -- oews | projections | cpi | soc | ...
    file_name      VARCHAR NOT NULL,          -- base name, as cited
    path           VARCHAR NOT NULL,          -- local path read
    url            VARCHAR,                   -- where it was fetched from, if fetched
    sha256         VARCHAR NOT NULL,
    bytes          BIGINT NOT NULL,
    release        VARCHAR,                   -- 2023-05, 2022-2032, 2018, ...
    status         VARCHAR NOT NULL,          -- ok | failed
    rows_loaded    BIGINT,
    rows_rejected  BIGINT,
    message        VARCHAR,
    ingested_at    TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS rejects (
    source_file_id BIGINT NOT NULL,
    sheet          VARCHAR,
    row_number     BIGINT,
    column_name    VARCHAR,
    value          VARCHAR,
    reason         VARCHAR NOT NULL
);

-- Columns added for incremental runs (databases from before them are
-- rebuilt in full, so these only matter for --only runs on old files).
ALTER TABLE runs ADD COLUMN IF NOT EXISTS build_fingerprint VARCHAR;   -- code that built it
ALTER TABLE runs ADD COLUMN IF NOT EXISTS changes_json VARCHAR;        -- the change summary
ALTER TABLE source_files ADD COLUMN IF NOT EXISTS config_sha VARCHAR;  -- the source's configuration
-- wagescope-gen's postings (by their preset or the manifest beside the
-- file): the pages and citations built on them say SYNTHETIC. NULL on files
-- read before the column existed, read as false.
ALTER TABLE source_files ADD COLUMN IF NOT EXISTS synthetic BOOLEAN;
-- The file's device, inode, size and modification and change times when it
-- was hashed (pipeline/filestat_linux.go): a later run finds a file with the
-- same stat unchanged without hashing it again (the 10M synthetic CSV, 2.6
-- GB, took 11.9 s to hash each night). NULL off Linux and for files read
-- before the column existed: those are hashed.
ALTER TABLE source_files ADD COLUMN IF NOT EXISTS file_stat VARCHAR;
-- What recorded a reject: 'ingest', or the staging model's name. A model
-- deletes its own rejects before recording them again, so a run that starts
-- from the published database never counts a reject twice.
ALTER TABLE rejects ADD COLUMN IF NOT EXISTS stage VARCHAR;

-- The configured sources in order, rewritten each run: where two files
-- publish the same key the first-configured source wins, whatever order
-- the files were read in.
CREATE TABLE IF NOT EXISTS run_source_order (
    source_name     VARCHAR NOT NULL,
    source_position INTEGER NOT NULL
);

-- Builds before this one left the Arrow loader's view in the file, pointing
-- at freed memory: a database they published is cleaned here.
DROP VIEW IF EXISTS arrow_batch;
