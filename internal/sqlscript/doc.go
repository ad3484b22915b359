// Package sqlscript splits the project's SQL files into the parts the runner
// executes: plain SQL, run as written, repeat blocks, run once for each
// value a query returns, conditional blocks, and Go steps. SQL has no loop, and the marts compute their
// postings bucket by bucket with as many buckets as the data needs.
//
// A repeat block is two comment lines around the statements to repeat:
//
//	-- wagescope:for bucket IN (SELECT DISTINCT bucket FROM t ORDER BY bucket)
//	INSERT INTO cells SELECT * FROM cells_of({bucket});
//	-- wagescope:end
//
// The query runs when the block is reached (after the SQL above it) and must
// return one integer column; {bucket} is replaced by each value in turn.
// Only integers are substituted, so a value can never change the SQL's shape.
//
// A conditional block runs once when its query (one boolean) returns true,
// else not at all: for work whose shape depends on the data, such as
// appending a night's postings to the staged ones instead of staging all:
//
//	-- wagescope:if (SELECT count(*) > 0 FROM new_files)
//	INSERT INTO staged SELECT * FROM staged_rows;
//	-- wagescope:end
//
// A Go step is one comment line where the runner calls Go code it knows by
// name, for work SQL does badly (the marts' posted cells: a counting sort
// in Go instead of hash-grouping hundreds of millions of rows):
//
//	-- wagescope:go posted_cells
//
// Statements splits a part into its statements, for running (and profiling)
// one at a time.
package sqlscript
