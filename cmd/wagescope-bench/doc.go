// Command wagescope-bench measures wagescope against the floor bare DuckDB
// sets, on the same synthetic postings, in one invocation:
//
//	go run -tags duckdb_arrow ./cmd/wagescope-bench --rows 100000,1000000,10000000
//
// For each size it generates the postings once (cmd/wagescope-gen's
// generator, seed 1), reused only while their MANIFEST.json says this
// generator version wrote them for that size and seed from the title lists
// as they read now, and the file still has the bytes and SHA-256 recorded
// there (hashing it is not timed), then times
// in child processes, so each has its own peak RSS:
//
//	(a) wagescope: `run --only ingest,normalize,staging,marts --skip checks,report`,
//	    adding the postings to a database that already holds the SOC and
//	    O*NET title lists (built first, not timed): reading the CSV, the
//	    normalizers, staging and every mart, the posted-pay percentiles
//	    among them;
//	(b) the floor: DuckDB's read_csv of the same file into a table, then one
//	    GROUP BY (title, location) with the same five percentiles of the
//	    numeric minimum pay, on one fresh database;
//	(c) with --same-cells (the default), a reference: bare DuckDB computing
//	    the cells fct_wage_stats holds for postings (the same count) with the
//	    same percentiles, as one GROUPING SETS query over the clean columns
//	    exported from (a)'s database (the export is not timed). It shows how
//	    much of a/b is the cube issue 4 asks for; it spills, into temp
//	    space capped by --temp-limit, and a run that runs out is reported
//	    as failed, a result rather than an error;
//	(d) with --kept-tables (the default), a second reference: bare DuckDB
//	    copying, from (a)'s database into a fresh one, the tables (a) keeps
//	    with a row per posting or per cell (raw_postings__postings,
//	    stg_postings__postings_derived, fct_wage_stats_postings and
//	    fct_wage_stats_postings_suppressed), each CREATE TABLE … AS timed. DESIGN.md's layers ask (a) to keep them; (b) writes
//	    only its read_csv table, much as the raw one. d/b is how much of
//	    the a/b budget the writes take by themselves.
//
// All run with the same threads, memory_limit and storage format
// (--storage-version, wagescope's default), the bare-DuckDB ones and the
// untimed export also with the same temp cap; limits DuckDB would refuse are
// usage errors (exit 2) before any work. Each side must have read the
// postings: (a) loaded or rejected every one, (b)'s read_csv kept all but
// the ragged records the manifest counts. A side that read other rows, or
// failed, is reported with its error and no time or rate, in the table and
// the JSON, and the bench goes on; it exits 1 at the end if (a), (b), (c)'s
// export, (d) or rates failed.
//
// It prints wall time, rows/s, peak RSS and a/b per size (with (c), also
// wagescope's marts stage over (c), and a over (b)'s read_csv plus (c)'s
// GROUP BY; with (d), its copies over (b)), the growth of (a) with size,
// and the median of 20 `wagescope rates` answers on the largest database
// (a) built.
package main
