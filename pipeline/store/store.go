package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/wagescope/wagescope/internal/lazyre"
	"github.com/wagescope/wagescope/internal/sqlscript"
	"github.com/wagescope/wagescope/queries"
)

// Options tune the DuckDB instance.
type Options struct {
	ReadOnly    bool
	Threads     int    // 0 = DuckDB's default (all cores)
	MemoryLimit string // e.g. "4GB"; empty = DuckDB's default
	// StorageVersion is the storage format of a file this Open creates
	// (an existing file keeps its own); empty = DefaultStorageVersion.
	StorageVersion string
	// Profile, when set, receives DuckDB's profile of every statement of
	// the SQL scripts run on this database (RunFiles, RunDir), which then
	// run one statement at a time.
	Profile func(StatementProfile)
}

// DefaultStorageVersion is the storage format new database files are
// written in. DuckDB's own default (v0.10.2, for the oldest readers) has no
// DICT_FSST string compression: at a million postings writing the posted
// cells of fct_wage_stats took 13.5 s and a whole run 57.7 s in it, against
// 11.3 s and 53.3 s in the format of DuckDB 1.3 and later, and the file was
// 6% larger. v1.4.0 gets all of that and opens in DuckDB 1.4 (the
// long-term release) and later.
const DefaultStorageVersion = "v1.4.0"

// storageVersionForm is the form of a storage version.
var storageVersionForm = lazyre.New(`^(v[0-9]+\.[0-9]+\.[0-9]+|latest)$`)

// CheckStorageVersion is nil when the linked DuckDB can write a new file in
// storage version v: latest, or the version of a DuckDB release it knows,
// which stops at its own (a v9.9.9 has the form of a version but no DuckDB
// can write it). DuckDB keeps that list, so the check asks it, on a
// scratch in-memory instance, rather than copy it.
func CheckStorageVersion(v string) error {
	if !storageVersionForm.MatchString(v) {
		return fmt.Errorf("%q is not a DuckDB version such as %s (or latest)", v, DefaultStorageVersion)
	}
	connector, err := duckdb.NewConnector("?storage_compatibility_version="+v, nil)
	if err == nil {
		return connector.Close()
	}
	linked, verr := duckdbVersion()
	if verr != nil {
		return fmt.Errorf("%q is not a storage version the linked DuckDB writes (%w)", v, err)
	}
	return fmt.Errorf("%q is not a storage version DuckDB %s writes: use the version of a DuckDB release up to %s, such as %s, or latest",
		v, linked, linked, DefaultStorageVersion)
}

// duckdbVersion is the linked DuckDB's version, e.g. v1.5.5.
func duckdbVersion() (string, error) {
	connector, err := duckdb.NewConnector("", nil)
	if err != nil {
		return "", err
	}
	db := sql.OpenDB(connector)
	defer db.Close()
	var v string
	err = db.QueryRow("SELECT version()").Scan(&v)
	return v, err
}

// DB is an open wagescope database. Load uses one dedicated connection so
// Arrow views registered on it are visible to the INSERT that reads them.
type DB struct {
	path    string
	sql     *sql.DB
	conn    *sql.Conn
	profile func(StatementProfile)
}

// Open opens (creating if needed, unless read-only) the DuckDB file at path.
func Open(ctx context.Context, dbPath string, opt Options) (*DB, error) {
	// The driver parses the DSN as a URL and does not unescape the path, so
	// a path with '%' or '?' cannot be passed through: say so plainly.
	if strings.ContainsAny(dbPath, "%?") {
		return nil, fmt.Errorf("open database %s: the DuckDB driver cannot open a path containing '%%' or '?'; choose another directory", dbPath)
	}
	dsn := dbPath
	// DuckDB's allocator (jemalloc) keeps freed pages until a task ends
	// past allocator_flush_threshold, outside what memory_limit counts.
	// Purging them on jemalloc's background threads and from a lower peak:
	// the marts at ten million postings under a 2.5GB memory_limit peaked
	// at 3256 MiB in one run, against 3945 and 4134 MiB in two without, in
	// the same time (281 s against 271 and 296 s). Under 3GB the whole run
	// still peaked at 4133 MiB, so this narrows the excess, not removes it.
	params := []string{"allocator_background_threads=true", "allocator_flush_threshold=32MB"}
	if opt.ReadOnly {
		params = append(params, "access_mode=READ_ONLY")
	}
	if opt.Threads > 0 {
		params = append(params, fmt.Sprintf("threads=%d", opt.Threads))
	}
	if opt.MemoryLimit != "" {
		params = append(params, "memory_limit="+opt.MemoryLimit)
	}
	if !opt.ReadOnly {
		version := opt.StorageVersion
		if version == "" {
			version = DefaultStorageVersion
		}
		if !storageVersionForm.MatchString(version) {
			return nil, fmt.Errorf("open database %s: storage version %q is not a DuckDB version such as v1.4.0", dbPath, version)
		}
		params = append(params, "storage_compatibility_version="+version)
	}
	dsn += "?" + strings.Join(params, "&")
	connector, err := duckdb.NewConnector(dsn, nil)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", dbPath, err)
	}
	sqlDB := sql.OpenDB(connector)
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("open database %s: %w", dbPath, err)
	}
	d := &DB{path: dbPath, sql: sqlDB, conn: conn, profile: opt.Profile}
	if d.profile != nil {
		if err := d.enableProfiling(ctx); err != nil {
			d.Close()
			return nil, fmt.Errorf("open database %s: %w", dbPath, err)
		}
	}
	return d, nil
}

// Path is the database file.
func (d *DB) Path() string { return d.path }

// Close checkpoints and closes the database.
func (d *DB) Close() error {
	return errors.Join(d.conn.Close(), d.sql.Close())
}

// Exec runs one statement on the loading connection.
func (d *DB) Exec(ctx context.Context, query string, args ...any) error {
	if _, err := d.conn.ExecContext(ctx, query, args...); err != nil {
		return fmt.Errorf("%s: %w", firstLine(query), err)
	}
	return nil
}

// InTransaction runs fn in one transaction: committed when fn returns nil,
// rolled back otherwise. Loads of many batches belong in one: DuckDB then
// writes them straight to their blocks instead of checkpointing the WAL
// after every batch.
func (d *DB) InTransaction(ctx context.Context, fn func() error) error {
	if err := d.Exec(ctx, "BEGIN TRANSACTION"); err != nil {
		return err
	}
	if err := fn(); err != nil {
		return errors.Join(err, d.Exec(context.WithoutCancel(ctx), "ROLLBACK"))
	}
	return d.Exec(ctx, "COMMIT")
}

// QueryRow runs a query expected to return one row.
func (d *DB) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return d.conn.QueryRowContext(ctx, query, args...)
}

// Query runs a query on the loading connection.
func (d *DB) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	rows, err := d.conn.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", firstLine(query), err)
	}
	return rows, nil
}

// RunDir runs every .sql file of one embedded directory (schema, staging,
// marts) in file-name order; each file may hold several statements.
func (d *DB) RunDir(ctx context.Context, dir string) error {
	names, err := SQLFiles(dir)
	if err != nil {
		return err
	}
	return d.RunFiles(ctx, names)
}

// RunFiles runs the named embedded .sql files (e.g.
// "marts/020_fct_wage_stats.sql") in the order given.
func (d *DB) RunFiles(ctx context.Context, names []string) error {
	for _, name := range names {
		body, err := fs.ReadFile(queries.FS, name)
		if err != nil {
			return fmt.Errorf("read %s: %w", name, err)
		}
		if err := d.runScript(ctx, "queries/"+name, string(body)); err != nil {
			return err
		}
	}
	return nil
}

// runScript runs one SQL script, named name in errors: its plain SQL as
// written and each repeat block (see package sqlscript) once per value of
// its query, in the order the query returns them.
func (d *DB) runScript(ctx context.Context, name, body string) error {
	parts, err := sqlscript.Parse(name, body)
	if err != nil {
		return err
	}
	for _, part := range parts {
		if part.Step != "" {
			if err := d.runStep(ctx, name, part); err != nil {
				return err
			}
			continue
		}
		if !part.Repeated() {
			if err := d.runPart(ctx, name, part, 0); err != nil {
				return err
			}
			continue
		}
		values, err := d.blockValues(ctx, part)
		if err != nil {
			return fmt.Errorf("%s:%d: %w", name, part.Line, err)
		}
		for _, v := range values {
			if err := d.runPart(ctx, name, part, v); err != nil {
				return err
			}
		}
	}
	return nil
}

// runPart runs one part of script, a repeat block's for its value v: as
// one multi-statement string, or one statement at a time with a profile.
func (d *DB) runPart(ctx context.Context, script string, part sqlscript.Part, v int64) error {
	if d.profile != nil {
		return d.runProfiled(ctx, script, part, v)
	}
	sql := part.SQL
	if part.Repeated() {
		sql = part.Expand(v)
	}
	if _, err := d.conn.ExecContext(ctx, sql); err != nil {
		return partError(script, part, part.Line, v, err)
	}
	return nil
}

// partError is a part's failure, said at line: with the repeat value of a
// block's run.
func partError(script string, part sqlscript.Part, line int, v int64, err error) error {
	if part.Conditional() {
		return fmt.Errorf("%s:%d: in the block run because (%s): %w", script, line, part.Query, err)
	}
	if part.Repeated() {
		return fmt.Errorf("%s:%d: with %s = %d: %w", script, line, part.Var, v, err)
	}
	return fmt.Errorf("%s (from line %d): %w", script, line, err)
}

// blockValues are the values a block runs for: a repeat block's query's, a
// conditional block's one run (0) when its query returns true, else none.
func (d *DB) blockValues(ctx context.Context, part sqlscript.Part) ([]int64, error) {
	if !part.Conditional() {
		values, err := d.repeatValues(ctx, part.Query)
		if err != nil {
			return nil, fmt.Errorf("the values of {%s}: %w", part.Var, err)
		}
		return values, nil
	}
	var holds sql.NullBool
	if err := d.conn.QueryRowContext(ctx, part.Query).Scan(&holds); err != nil {
		return nil, fmt.Errorf("the condition (%s): want one boolean: %w", part.Query, err)
	}
	if holds.Bool {
		return []int64{0}, nil
	}
	return nil, nil
}

// repeatValues reads a repeat block's values: one integer column.
func (d *DB) repeatValues(ctx context.Context, query string) ([]int64, error) {
	rows, err := d.conn.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var values []int64
	for rows.Next() {
		var v sql.NullInt64
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("want one integer column: %w", err)
		}
		if !v.Valid {
			return nil, fmt.Errorf("want integers, got NULL")
		}
		values = append(values, v.Int64)
	}
	return values, rows.Err()
}

// SQLFiles lists one embedded directory's .sql files in the order they run.
func SQLFiles(dir string) ([]string, error) {
	entries, err := fs.ReadDir(queries.FS, dir)
	if err != nil {
		return nil, fmt.Errorf("list queries/%s: %w", dir, err)
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".sql") {
			names = append(names, path.Join(dir, e.Name()))
		}
	}
	sort.Strings(names)
	return names, nil
}

// QuoteIdent writes s as an SQL identifier, for names built into a statement.
func QuoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

func firstLine(q string) string {
	q = strings.TrimSpace(q)
	if i := strings.IndexByte(q, '\n'); i >= 0 {
		q = q[:i]
	}
	if len(q) > 80 {
		q = q[:80] + "…"
	}
	return q
}
