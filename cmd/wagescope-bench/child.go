package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/wagescope/wagescope/pipeline/store"
)

// childResult is what a timed bare-DuckDB child ((b) or (c)) prints.
type childResult struct {
	Rows         int64   `json:"rows"`
	Groups       int64   `json:"groups"`
	LoadSeconds  float64 `json:"load_seconds"`
	GroupSeconds float64 `json:"group_seconds"`
}

// limits are the DuckDB settings every child runs under: the bench's
// --threads, --memory-limit and --temp-limit.
type limits struct {
	threads     *int
	memoryLimit *string
	tempLimit   *string
}

func limitFlags(fs *flag.FlagSet) limits {
	return limits{
		threads:     fs.Int("threads", 0, "DuckDB threads"),
		memoryLimit: fs.String("memory-limit", "", "DuckDB memory_limit"),
		tempLimit:   fs.String("temp-limit", "", "DuckDB max_temp_directory_size"),
	}
}

// limitArgs are the flags that give a child o's limits.
func limitArgs(o options) []string {
	return []string{"--threads", strconv.Itoa(o.threads), "--memory-limit", o.memoryLimit, "--temp-limit", o.tempLimit}
}

// open opens the database at path under l, read-only or not; a new file is
// written in storage.
func (l limits) open(ctx context.Context, path string, readOnly bool, storage string) (*store.DB, error) {
	db, err := store.Open(ctx, path, store.Options{ReadOnly: readOnly, Threads: *l.threads, MemoryLimit: *l.memoryLimit, StorageVersion: storage})
	if err != nil {
		return nil, err
	}
	for _, s := range tempLimitSettings(*l.tempLimit) {
		if err := db.Exec(ctx, s); err != nil {
			db.Close()
			return nil, err // Exec's error names the statement
		}
	}
	return db, nil
}

// tempLimitSettings caps DuckDB's temp space (nothing for an empty limit).
func tempLimitSettings(limit string) []string {
	if limit == "" {
		return nil
	}
	return []string{"SET max_temp_directory_size = " + store.QuoteLiteral(limit)}
}

// childDatabase is the fresh database a timed child works in, from the
// flags both children take.
type childDatabase struct {
	path    *string
	limits  limits
	storage *string
}

func childDatabaseFlags(fs *flag.FlagSet) childDatabase {
	return childDatabase{
		path:    fs.String("db", "", "database file (replaced)"),
		limits:  limitFlags(fs),
		storage: fs.String("storage-version", store.DefaultStorageVersion, "DuckDB storage format of the database file"),
	}
}

// timedStatements is one child's work: the load and the GROUP BY (timed
// apart), and the tables whose rows are counted.
type timedStatements struct {
	name        string // in errors
	load, group string
	rowsTable   string
	groupsTable string
}

// create replaces the database file with an empty one, opened under the
// limits in the storage format.
func (c childDatabase) create(ctx context.Context) (*store.DB, error) {
	if err := removeDatabase(*c.path); err != nil {
		return nil, err
	}
	return c.limits.open(ctx, *c.path, false, *c.storage)
}

// run replaces the database, runs w on it and prints a childResult to out.
func (c childDatabase) run(ctx context.Context, w timedStatements, out io.Writer) error {
	db, err := c.create(ctx)
	if err != nil {
		return fmt.Errorf("%s: %w", w.name, err)
	}
	defer db.Close()
	var res childResult
	start := time.Now()
	if err := db.Exec(ctx, w.load); err != nil {
		return fmt.Errorf("%s load: %w", w.name, err)
	}
	res.LoadSeconds = time.Since(start).Seconds()
	start = time.Now()
	if err := db.Exec(ctx, w.group); err != nil {
		return fmt.Errorf("%s GROUP BY after %.1f s: %w", w.name, time.Since(start).Seconds(), err)
	}
	res.GroupSeconds = time.Since(start).Seconds()
	q := fmt.Sprintf("SELECT (SELECT count(*) FROM %s), (SELECT count(*) FROM %s)", w.rowsTable, w.groupsTable)
	if err := db.QueryRow(ctx, q).Scan(&res.Rows, &res.Groups); err != nil {
		return err
	}
	return json.NewEncoder(out).Encode(res)
}

// removeDatabase deletes a database file and its WAL, if there.
func removeDatabase(path string) error {
	for _, p := range []string{path, path + ".wal"} {
		if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
			return err
		}
	}
	return nil
}

// firstLine is an error's first line (DuckDB's messages go on with advice).
func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
