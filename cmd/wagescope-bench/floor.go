package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/wagescope/wagescope/pipeline/store"
)

// floorCommand is the hidden first argument that makes this binary the
// floor's child process.
const floorCommand = "__floor"

// floorResult is what the floor's child prints.
type floorResult struct {
	Rows         int64   `json:"rows"`
	Groups       int64   `json:"groups"`
	LoadSeconds  float64 `json:"load_seconds"`
	GroupSeconds float64 `json:"group_seconds"`
}

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
	dbPath := fs.String("db", "", "database file (replaced)")
	threads := fs.Int("threads", 0, "DuckDB threads")
	memoryLimit := fs.String("memory-limit", "", "DuckDB memory_limit")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *csvPath == "" || *dbPath == "" {
		return fmt.Errorf("%s needs --csv and --db", floorCommand)
	}
	if err := removeDatabase(*dbPath); err != nil {
		return err
	}
	db, err := store.Open(ctx, *dbPath, store.Options{Threads: *threads, MemoryLimit: *memoryLimit})
	if err != nil {
		return err
	}
	defer db.Close()
	var res floorResult
	start := time.Now()
	if err := db.Exec(ctx, strings.Replace(floorLoad, "?", store.QuoteLiteral(*csvPath), 1)); err != nil {
		return fmt.Errorf("floor load: %w", err)
	}
	res.LoadSeconds = time.Since(start).Seconds()
	start = time.Now()
	if err := db.Exec(ctx, floorGroup); err != nil {
		return fmt.Errorf("floor group by: %w", err)
	}
	res.GroupSeconds = time.Since(start).Seconds()
	if err := db.QueryRow(ctx, `SELECT (SELECT count(*) FROM postings), (SELECT count(*) FROM floor_stats)`).Scan(&res.Rows, &res.Groups); err != nil {
		return err
	}
	return json.NewEncoder(out).Encode(res)
}
