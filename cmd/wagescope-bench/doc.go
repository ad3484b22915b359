// Command wagescope-bench measures wagescope against the floor bare DuckDB
// sets, on the same synthetic postings, in one invocation:
//
//	go run -tags duckdb_arrow ./cmd/wagescope-bench --rows 100000,1000000,10000000
//
// For each size it generates the postings once (cmd/wagescope-gen's
// generator, seed 1, reused when already there), then times in child
// processes, so each has its own peak RSS:
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
//	    much of a/b is the cube issue 4 asks for; it spills, so its temp
//	    space is capped (--temp-limit) and a run that runs out is reported
//	    as failed, not as an error.
//
// All run with the same threads, memory_limit and storage format
// (--storage-version, wagescope's default). It prints wall time,
// rows/s, peak RSS and a/b per size (with (c), also wagescope's marts stage
// over (c), and a over (b)'s read_csv plus (c)'s GROUP BY), the growth of
// (a) with size, and the median of 20 `wagescope rates` answers on the
// largest database.
package main
