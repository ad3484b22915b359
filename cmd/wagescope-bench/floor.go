package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/wagescope/wagescope/pipeline/store"
)

// floorCommand is the hidden first argument that makes this binary the
// floor's child process.
const floorCommand = "__floor"

// floorLoad and floorGroup are the floor: DuckDB's own CSV reader into a
// table, and one GROUP BY with wagescope's five percentiles on columns that
// need no cleaning (the numeric minimum pay, the title and location as
// written). ignore_errors skips the ragged rows wagescope rejects.
const (
	floorLoad  = `CREATE TABLE postings AS SELECT * FROM read_csv(?, header = true, all_varchar = true, ignore_errors = true)`
	floorGroup = `CREATE TABLE floor_stats AS
SELECT job_title, location, count(*) AS n,
       quantile_cont(TRY_CAST(salary_min AS DOUBLE), [0.10, 0.25, 0.50, 0.75, 0.90]) AS percentiles
FROM postings
GROUP BY job_title, location`
)

func runFloorChild(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet(floorCommand, flag.ContinueOnError)
	csvPath := fs.String("csv", "", "postings CSV")
	db := childDatabaseFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *csvPath == "" || *db.path == "" {
		return fmt.Errorf("%s needs --csv and --db", floorCommand)
	}
	return db.run(ctx, timedStatements{
		name:  "floor",
		load:  strings.Replace(floorLoad, "?", store.QuoteLiteral(*csvPath), 1),
		group: floorGroup, rowsTable: "postings", groupsTable: "floor_stats",
	}, out)
}
