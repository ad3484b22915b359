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
//	    numeric minimum pay, on one fresh database.
//
// Both run with the same threads and memory_limit. It prints wall time,
// rows/s, peak RSS and a/b per size, the growth of (a) with size, and the
// median of 20 `wagescope rates` answers on the largest database.
package main
