package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/wagescope/wagescope/internal/filehash"
)

// exportTable is one table of the public exports.
type exportTable struct {
	name string
	// partition is the Hive partition column (the table's vintage); ""
	// writes the table as one file.
	partition string
	// keys order the rows (after the partition column); every other
	// exported column follows as a tie-breaker, so the order is total.
	keys []string
	// exclude lists columns left out: machine-local or run-specific values
	// and encodings meant for wagescope's own readers.
	exclude []string
	about   string // one line for README.txt
}

// exportTables is the list of what ExportMarts publishes, in README order:
// the dimensions, the fact marts, and source_files so every source_file_id
// in the marts can be traced to a file. Tables with an OEWS release are
// partitioned by it; fct_outlook, which has no release, by its projections
// cycle (wage_release there is the OEWS release to cite its wage with, not
// the vintage of the row). fct_posted_vs_surveyed is one snapshot — all
// postings against the latest OEWS release of each cell (oews_release) — and
// fct_pay_premiums and fct_postings_quality come from postings alone, so
// those are single files.
//
// Not exported: raw_*, stg_*, map_* and ref_* (working and reference
// tables), rejects, runs and run_settings (the run ledger and its settings),
// and the tables behind the fct_wage_stats view (fct_wage_stats_oews,
// fct_wage_stats_postings, fct_wage_stats_postings_suppressed and the
// posted_key_* tables naming its keys).
func exportTables() []exportTable {
	return []exportTable{
		{name: "dim_occupation", keys: []string{"occupation_code"},
			about: "Every occupation code (SOC 2018, OEWS publication list, projections), with the code OEWS publishes it under."},
		{name: "dim_area", keys: []string{"area_code"},
			about: "Every area a figure is published for: US, states, metros, nonmetro areas, REMOTE."},
		{name: "fct_wage_stats", partition: "release",
			keys: []string{"source_family", "occupation_code", "area_code", "industry_code", "ownership_code",
				"period_type", "period", "experience", "employer_type", "pay_basis"},
			about: "Pay statistics of OEWS (one row per release x area x industry/ownership x occupation) and of postings " +
				"(occupation x area x period x experience x employer type x pay basis, with ALL rollups). " +
				"Postings rows have no OEWS release: they are the NULL partition; use period for their vintage."},
		{name: "fct_outlook", partition: "cycle", keys: []string{"occupation_code", "source_file_id", "source_row_number"},
			about: "Employment Projections per cycle and occupation, with the OEWS release (wage_release) its median wage is cited with."},
		{name: "fct_experience_bridge", partition: "release", keys: []string{"occupation_code", "area_code", "oews_percentile", "experience"},
			about: "MODELED pay per experience level: the OEWS wage at the percentile assigned to the level (not an observation)."},
		{name: "fct_posted_vs_surveyed", keys: []string{"occupation_code", "area_type", "area_code"},
			about: "Posted median pay (all postings) against the latest OEWS release (oews_release) of the same occupation and area."},
		{name: "fct_pay_premiums", keys: []string{"occupation_code", "area_code", "requirement_type", "requirement"},
			about: "Posted-pay difference for postings that ask for a certification or minimum degree against those that do not."},
		{name: "fct_postings_quality", keys: []string{"source_name"},
			about: "Per posting source: rows, pay stated and annualized, estimates, title match rate, rejects by reason."},
		{name: "source_files", keys: []string{"source_file_id"},
			// path and message hold local file paths; run_id and ingested_at change on every run;
			// config_sha and file_stat (this machine's device, inode and times)
			// are the run's own bookkeeping for incremental ingest.
			exclude: []string{"run_id", "path", "message", "ingested_at", "config_sha", "file_stat"},
			about:   "The source files the figures come from (name, sha256, release); the marts' source_file_id(s) point here."},
	}
}

// ExportStats counts what ExportMarts wrote.
type ExportStats struct {
	Tables int
	Files  int   // data files (CSV and Parquet), without README.txt and manifest.json
	Rows   int64 // rows of all tables, each counted once (not once per format)
	Bytes  int64 // every file written, README.txt and manifest.json included
}

// ExportOptions are the choices of an export.
type ExportOptions struct {
	// CSVCompression is "none" (or ""), "gzip" or "zstd": the CSV files
	// are then data_0.csv.gz or data_0.csv.zst. At ten million postings
	// the CSV files are 11 GB uncompressed; a 391 MB chunk of them is 15 MB
	// as gzip (written in 4.4 s against 2.3 s) and 20 MB as zstd (1.9 s).
	CSVCompression string
}

// CSVCompressions are the values ExportOptions.CSVCompression takes.
func CSVCompressions() []string { return []string{"none", "gzip", "zstd"} }

// csvExtension is the CSV files' extension under a compression, and false
// for a compression the export does not write.
func csvExtension(compression string) (string, bool) {
	switch compression {
	case "", "none":
		return "csv", true
	case "gzip":
		return "csv.gz", true
	case "zstd":
		return "csv.zst", true
	}
	return "", false
}

// exportFormat is one output format of the exports.
type exportFormat struct {
	name, ext, options string
	compression        string // of the file as a whole ("" for none)
}

// exportFormats pins every option that shapes the bytes, so a change of
// DuckDB's defaults does not silently change the files.
func exportFormats(csvCompression string) ([]exportFormat, error) {
	ext, ok := csvExtension(csvCompression)
	if !ok {
		return nil, fmt.Errorf("export: CSV compression %q is not one of %s", csvCompression, strings.Join(CSVCompressions(), ", "))
	}
	if csvCompression == "none" {
		csvCompression = ""
	}
	return []exportFormat{
		{name: "csv", ext: ext, compression: csvCompression,
			options: `FORMAT csv, HEADER true, DELIMITER ',', QUOTE '"', ESCAPE '"', NULLSTR '', COMPRESSION ` + cmp.Or(csvCompression, "none")},
		{name: "parquet", ext: "parquet", options: `FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 122880`},
	}, nil
}

// hiveNullPartition is the directory value of a NULL partition, as Hive,
// Spark, Trino, pyarrow and DuckDB write and read it.
const hiveNullPartition = "__HIVE_DEFAULT_PARTITION__"

// ExportMarts writes the public marts (exportTables) into dir, which must be
// absent or empty, as CSV (compressed as opt says) and Parquet for other
// engines:
//
//	csv/<table>/<column>=<value>/data_0.csv and parquet/…/data_0.parquet for
//	partitioned tables (data_1, … after it when a partition passes
//	exportChunkRows), csv/<table>.csv and parquet/<table>.parquet otherwise,
//	README.txt (tables, columns, row counts, how to read them) and
//	manifest.json (the same, with every file's rows, bytes and SHA-256).
//
// The same database gives byte-identical files. The Hive layout is written
// one COPY per partition rather than with COPY … PARTITION_BY: DuckDB
// 1.5's partitioned writer does not keep the ORDER BY within a partition
// (on several threads, and on one thread once a partition passes
// partitioned_write_flush_threshold rows) and on several threads does not
// write the same bytes twice. A plain COPY of an ordered query keeps the
// order and writes the same bytes at any thread count, so the export needs
// no change of the database's settings.
func (d *DB) ExportMarts(ctx context.Context, dir string, opt ExportOptions) (ExportStats, error) {
	return d.exportMarts(ctx, dir, exportChunkRows, opt)
}

// exportChunkRows is the most rows one partition file holds. A bigger
// partition is written as data_0, data_1, … over consecutive ranges of its
// leading key, each its own COPY: sorting the 12.8M posted cells of a
// million postings in one COPY held 3.4–3.8 GB resident under a 3GB
// memory_limit (5.5 GB at ten million postings), a quarter of them 2.0 GB.
const exportChunkRows = 2_000_000

func (d *DB) exportMarts(ctx context.Context, dir string, chunkRows int64, opt ExportOptions) (ExportStats, error) {
	var st ExportStats
	formats, err := exportFormats(opt.CSVCompression)
	if err != nil {
		return st, err
	}
	if err := prepareExportDir(dir, formats); err != nil {
		return st, err
	}
	m := exportManifest{CSVCompression: formats[0].compression}
	for _, t := range exportTables() {
		if err := ctx.Err(); err != nil {
			return st, fmt.Errorf("export: %w", err)
		}
		mt, err := d.exportTable(ctx, dir, t, chunkRows, formats)
		if err != nil {
			return st, fmt.Errorf("export %s: %w", t.name, err)
		}
		m.Tables = append(m.Tables, mt)
		st.Tables++
		st.Rows += mt.Rows
		for _, f := range mt.Files {
			st.Files++
			st.Bytes += f.Bytes
		}
	}
	minCell, err := d.exportMinCellSize(ctx)
	if err != nil {
		return st, err
	}
	m.MinCellSize = minCell
	body, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return st, fmt.Errorf("export manifest: %w", err)
	}
	docs := []struct {
		name string
		body []byte
	}{
		{"manifest.json", append(body, '\n')},
		{"README.txt", []byte(exportReadme(m))},
	}
	for _, doc := range docs {
		if err := os.WriteFile(filepath.Join(dir, doc.name), doc.body, 0o644); err != nil {
			return st, fmt.Errorf("export %s: %w", doc.name, err)
		}
		st.Bytes += int64(len(doc.body))
	}
	return st, nil
}

// prepareExportDir creates dir, refusing one that already holds files: a
// stale partition left from another export would be read as data.
func prepareExportDir(dir string, formats []exportFormat) error {
	if dir == "" {
		return errors.New("export: empty directory name")
	}
	entries, err := os.ReadDir(dir)
	switch {
	case err == nil && len(entries) > 0:
		return fmt.Errorf("export: directory %s is not empty", dir)
	case err != nil && !errors.Is(err, os.ErrNotExist):
		return fmt.Errorf("export: %w", err)
	}
	for _, f := range formats {
		if err := os.MkdirAll(filepath.Join(dir, f.name), 0o755); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	return nil
}

// exportManifest is manifest.json.
type exportManifest struct {
	// MinCellSize is the postings cell size below which values are suppressed.
	MinCellSize *int64 `json:"min_cell_size,omitempty"`
	// CSVCompression is how the CSV files are compressed ("" for not).
	CSVCompression string          `json:"csv_compression,omitempty"`
	Tables         []exportedTable `json:"tables"`
}

type exportedTable struct {
	Name        string         `json:"name"`
	Description string         `json:"description"`
	PartitionBy string         `json:"partition_by,omitempty"`
	Keys        []string       `json:"keys"`     // the key columns
	OrderBy     []string       `json:"order_by"` // keys, then every other column
	Rows        int64          `json:"rows"`
	Columns     []exportColumn `json:"columns"` // as in the files; the partition column last
	Partitions  []exportPart   `json:"partitions,omitempty"`
	Files       []exportFile   `json:"files"`
}

type exportColumn struct {
	Name        string `json:"name"`
	Type        string `json:"type"` // DuckDB type
	IsPartition bool   `json:"is_partition,omitempty"`
}

type exportPart struct {
	Value *string `json:"value"` // nil: NULL (or empty) values
	Dir   string  `json:"dir"`
	Rows  int64   `json:"rows"`
}

type exportFile struct {
	Path   string `json:"path"` // relative to the exports directory, with slashes
	Format string `json:"format"`
	// Compression is the whole file's ("gzip", "zstd"), "" for none.
	Compression string `json:"compression,omitempty"`
	Rows        int64  `json:"rows"`
	Bytes       int64  `json:"bytes"`
	SHA256      string `json:"sha256"`
}

// exportTable writes one table in every format, a partition of more than
// chunkRows rows in several files.
func (d *DB) exportTable(ctx context.Context, dir string, t exportTable, chunkRows int64, formats []exportFormat) (exportedTable, error) {
	out := exportedTable{Name: t.name, Description: t.about, PartitionBy: t.partition}
	cols, err := d.tableColumns(ctx, t.name)
	if err != nil {
		return out, err
	}
	types := map[string]string{}
	for _, c := range cols {
		types[c.Name] = c.Type
	}
	named := append(append([]string{}, t.keys...), t.exclude...)
	if t.partition != "" {
		named = append(named, t.partition)
	}
	for _, c := range named {
		if _, ok := types[c]; !ok {
			return out, fmt.Errorf("column %s not in the table", c)
		}
	}
	skip := map[string]bool{t.partition: true}
	for _, c := range t.exclude {
		skip[c] = true
	}
	// The select list: every column but the excluded ones and the partition
	// column (which lives in the directory name, as Hive readers expect).
	// HUGEINT (a DuckDB sum of BIGINT) becomes BIGINT: Parquet has no
	// 128-bit integer and DuckDB would write a DOUBLE.
	var selects []string
	for _, c := range cols {
		if skip[c.Name] {
			continue
		}
		typ, expr := c.Type, QuoteIdent(c.Name)
		if typ == "HUGEINT" || typ == "UHUGEINT" {
			typ, expr = "BIGINT", fmt.Sprintf("CAST(%s AS BIGINT) AS %s", expr, expr)
		}
		selects = append(selects, expr)
		out.Columns = append(out.Columns, exportColumn{Name: c.Name, Type: typ})
	}
	if t.partition != "" {
		out.Columns = append(out.Columns, exportColumn{Name: t.partition, Type: types[t.partition], IsPartition: true})
	}
	order := append([]string{}, t.keys...)
	inKeys := map[string]bool{}
	for _, k := range t.keys {
		inKeys[k] = true
	}
	for _, c := range out.Columns {
		if !c.IsPartition && !inKeys[c.Name] {
			order = append(order, c.Name)
		}
	}
	out.Keys, out.OrderBy = t.keys, order
	orderSQL := make([]string, len(order))
	for i, c := range order {
		orderSQL[i] = QuoteIdent(c) + " ASC NULLS LAST"
	}
	query := func(where string) string {
		return fmt.Sprintf("SELECT %s FROM %s WHERE %s ORDER BY %s",
			strings.Join(selects, ", "), QuoteIdent(t.name), where, strings.Join(orderSQL, ", "))
	}

	if t.partition == "" {
		if err := d.QueryRow(ctx, "SELECT count(*) FROM "+QuoteIdent(t.name)).Scan(&out.Rows); err != nil {
			return out, fmt.Errorf("count rows: %w", err)
		}
		files, err := d.writeSorted(ctx, dir, formats, func(f exportFormat) string { return path.Join(f.name, t.name+"."+f.ext) }, query("TRUE"))
		if err != nil {
			return out, err
		}
		for _, file := range files {
			file.Rows = out.Rows
			out.Files = append(out.Files, file)
		}
		return out, nil
	}

	// Empty strings share the NULL partition, as in Hive and Spark: a
	// directory name cannot tell them apart.
	value := fmt.Sprintf("nullif(CAST(%s AS VARCHAR), '')", QuoteIdent(t.partition))
	parts, err := d.exportPartitions(ctx, t.name, t.partition, value)
	if err != nil {
		return out, err
	}
	out.Partitions = parts
	for _, f := range formats {
		if err := os.MkdirAll(filepath.Join(dir, f.name, t.name), 0o755); err != nil {
			return out, err
		}
	}
	for _, p := range parts {
		out.Rows += p.Rows
		where := value + " IS NULL"
		if p.Value != nil {
			where = value + " = " + QuoteLiteral(*p.Value)
		}
		chunks, err := d.exportChunks(ctx, t.name, t.keys, where, p.Rows, chunkRows)
		if err != nil {
			return out, fmt.Errorf("partition %s: %w", p.Dir, err)
		}
		// The manifest lists a partition's files format by format.
		byFormat := make([][]exportFile, len(formats))
		for i, f := range formats {
			if err := os.MkdirAll(filepath.Join(dir, f.name, t.name, p.Dir), 0o755); err != nil {
				return out, err
			}
			byFormat[i] = make([]exportFile, len(chunks))
		}
		for c, chunk := range chunks {
			rel := func(f exportFormat) string {
				return path.Join(f.name, t.name, p.Dir, fmt.Sprintf("data_%d.%s", c, f.ext))
			}
			files, err := d.writeSorted(ctx, dir, formats, rel, query(chunk.where))
			if err != nil {
				return out, err
			}
			for i := range files {
				files[i].Rows = chunk.rows
				byFormat[i][c] = files[i]
			}
		}
		for _, files := range byFormat {
			out.Files = append(out.Files, files...)
		}
	}
	return out, nil
}

// exportChunk is one file's share of a partition.
type exportChunk struct {
	where string
	rows  int64
}

// exportChunks splits the rows matching where (rows of them) into ranges
// of the first key column that is not constant there, each about
// chunkRows rows, in key order: the files, read in name order, hold the
// partition in key order. One chunk when the rows fit or no key varies.
func (d *DB) exportChunks(ctx context.Context, table string, keys []string, where string, rows, chunkRows int64) ([]exportChunk, error) {
	whole := []exportChunk{{where: where, rows: rows}}
	if rows <= chunkRows || chunkRows <= 0 {
		return whole, nil
	}
	for _, k := range keys {
		groups, err := d.valueCounts(ctx, table, k, where)
		if err != nil {
			return nil, fmt.Errorf("split on %s: %w", k, err)
		}
		if len(groups) < 2 {
			continue
		}
		// Runs of consecutive values of up to chunkRows rows (a value with
		// more is a run of its own). NULLs sort last, so only the last run
		// can hold them, and it is open above.
		var ends []int // each run's last group, but the last run's
		var counts []int64
		n := int64(0)
		for i, g := range groups {
			if n > 0 && n+g.rows > chunkRows {
				ends, counts, n = append(ends, i-1), append(counts, n), 0
			}
			n += g.rows
		}
		counts = append(counts, n)
		col := QuoteIdent(k)
		chunks := make([]exportChunk, len(counts))
		for c := range counts {
			cond := where
			if c > 0 {
				lower := QuoteLiteral(*groups[ends[c-1]].value)
				if c == len(ends) {
					cond += fmt.Sprintf(" AND (%s > %s OR %s IS NULL)", col, lower, col)
				} else {
					cond += fmt.Sprintf(" AND %s > %s", col, lower)
				}
			}
			if c < len(ends) {
				cond += fmt.Sprintf(" AND %s <= %s", col, QuoteLiteral(*groups[ends[c]].value))
			}
			chunks[c] = exportChunk{where: cond, rows: counts[c]}
		}
		return chunks, nil
	}
	return whole, nil
}

// valueCount is how many rows hold one value of a column (value nil: NULL).
type valueCount struct {
	value *string
	rows  int64
}

// valueCounts counts the rows matching where per value of column, in
// ascending order with NULL last.
func (d *DB) valueCounts(ctx context.Context, table, column, where string) ([]valueCount, error) {
	col := QuoteIdent(column)
	rows, err := d.Query(ctx, fmt.Sprintf("SELECT CAST(%s AS VARCHAR), count(*) FROM %s WHERE %s GROUP BY %s ORDER BY %s ASC NULLS LAST",
		col, QuoteIdent(table), where, col, col))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []valueCount
	for rows.Next() {
		var v sql.NullString
		var g valueCount
		if err := rows.Scan(&v, &g.rows); err != nil {
			return nil, err
		}
		if v.Valid {
			g.value = &v.String
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// exportPartitions lists the partition values of a table (NULL last) with
// their row counts and directory names.
func (d *DB) exportPartitions(ctx context.Context, table, column, value string) ([]exportPart, error) {
	rows, err := d.Query(ctx, fmt.Sprintf("SELECT %s AS v, count(*) FROM %s GROUP BY v ORDER BY v ASC NULLS LAST",
		value, QuoteIdent(table)))
	if err != nil {
		return nil, fmt.Errorf("list partitions: %w", err)
	}
	defer rows.Close()
	var parts []exportPart
	seen := map[string]bool{}
	for rows.Next() {
		var v sql.NullString
		var p exportPart
		if err := rows.Scan(&v, &p.Rows); err != nil {
			return nil, fmt.Errorf("list partitions: %w", err)
		}
		if v.Valid {
			p.Value = &v.String
		}
		p.Dir = hivePartitionDir(column, p.Value)
		if seen[p.Dir] {
			return nil, fmt.Errorf("two values of %s map to the directory %s", column, p.Dir)
		}
		seen[p.Dir] = true
		parts = append(parts, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list partitions: %w", err)
	}
	return parts, nil
}

// hivePartitionDir is the directory name of one partition: column=value,
// with every byte outside [A-Za-z0-9._-] percent-encoded (as DuckDB's own
// partitioned writer and Hive do, so "/" cannot leave the directory and
// readers decode it back), or column=__HIVE_DEFAULT_PARTITION__ for NULL.
func hivePartitionDir(column string, value *string) string {
	if value == nil {
		return column + "=" + hiveNullPartition
	}
	var b strings.Builder
	b.WriteString(column)
	b.WriteByte('=')
	for i := 0; i < len(*value); i++ {
		c := (*value)[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '.', c == '_', c == '-':
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// writeSorted writes the rows of query, which orders them, in every export
// format (at rel(format) under dir), and describes the files in the
// formats' order. The rows are sorted once: the Parquet file is
// written from query and the others from that file, read in its order
// (DuckDB keeps a scan's order when preserve_insertion_order is on, its
// default), which gives the same bytes as their own sorted COPY. At a
// million postings a chunk of 2M posted cells took 3.7 s as CSV with its
// own sort, 2.3 s read from the Parquet file.
func (d *DB) writeSorted(ctx context.Context, dir string, formats []exportFormat, rel func(exportFormat) string, query string) ([]exportFile, error) {
	files := make([]exportFile, len(formats))
	sorted := -1
	for i, f := range formats {
		if f.name == "parquet" {
			sorted = i
		}
	}
	if sorted < 0 {
		return nil, errors.New("export: no parquet format to sort into")
	}
	file, err := d.copyTo(ctx, dir, rel(formats[sorted]), query, formats[sorted])
	if err != nil {
		return nil, err
	}
	files[sorted] = file
	// hive_partitioning off: the file's path (release=2023-05/…) would
	// otherwise add the partition column back.
	fromSorted := "SELECT * FROM read_parquet(" + QuoteLiteral(filepath.Join(dir, filepath.FromSlash(file.Path))) + ", hive_partitioning = false)"
	for i, f := range formats {
		if i == sorted {
			continue
		}
		if files[i], err = d.copyTo(ctx, dir, rel(f), fromSorted, f); err != nil {
			return nil, err
		}
	}
	return files, nil
}

// copyTo runs one COPY of query into dir/rel and describes the file written.
func (d *DB) copyTo(ctx context.Context, dir, rel, query string, f exportFormat) (exportFile, error) {
	file := exportFile{Path: rel, Format: f.name, Compression: f.compression}
	target := filepath.Join(dir, filepath.FromSlash(rel))
	if err := d.Exec(ctx, fmt.Sprintf("COPY (%s) TO %s (%s)", query, QuoteLiteral(target), f.options)); err != nil {
		return file, fmt.Errorf("write %s: %w", rel, err)
	}
	sum, n, err := filehash.SHA256(target)
	if err != nil {
		return file, fmt.Errorf("write %s: %w", rel, err)
	}
	file.SHA256, file.Bytes = sum, n
	return file, nil
}

// tableColumns lists a table's columns and DuckDB types in table order.
func (d *DB) tableColumns(ctx context.Context, table string) ([]exportColumn, error) {
	rows, err := d.Query(ctx, `SELECT column_name, data_type FROM duckdb_columns()
		WHERE database_name = current_database() AND schema_name = 'main' AND table_name = ?
		ORDER BY column_index`, table)
	if err != nil {
		return nil, fmt.Errorf("list columns: %w", err)
	}
	defer rows.Close()
	var cols []exportColumn
	for rows.Next() {
		var c exportColumn
		if err := rows.Scan(&c.Name, &c.Type); err != nil {
			return nil, fmt.Errorf("list columns: %w", err)
		}
		cols = append(cols, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list columns: %w", err)
	}
	if len(cols) == 0 {
		return nil, fmt.Errorf("table %s: %w", table, ErrNotFound)
	}
	return cols, nil
}

// exportMinCellSize reads run_settings.min_cell_size, nil when the database
// has no run settings.
func (d *DB) exportMinCellSize(ctx context.Context) (*int64, error) {
	var n int64
	err := d.QueryRow(ctx, `SELECT count(*) FROM duckdb_tables()
		WHERE database_name = current_database() AND schema_name = 'main' AND table_name = 'run_settings'`).Scan(&n)
	if err != nil {
		return nil, fmt.Errorf("export: run settings: %w", err)
	}
	if n == 0 {
		return nil, nil
	}
	var v sql.NullInt64
	if err := d.QueryRow(ctx, `SELECT max(min_cell_size) FROM run_settings`).Scan(&v); err != nil {
		return nil, fmt.Errorf("export: run settings: %w", err)
	}
	if !v.Valid {
		return nil, nil
	}
	return &v.Int64, nil
}

// QuoteLiteral writes s as an SQL string literal, for the statements that
// take no parameters (COPY … TO, SET).
func QuoteLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// exportReadme renders README.txt from the manifest; it holds nothing that
// changes between two exports of the same database.
func exportReadme(m exportManifest) string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	csvExt, _ := csvExtension(m.CSVCompression)
	compressed := ""
	if m.CSVCompression != "" {
		compressed = fmt.Sprintf("\n            The files are %s-compressed (.%s); DuckDB, Spark and pandas\n            read them as they are (pandas needs zstandard for zstd).", m.CSVCompression, csvExt)
	}
	w(`wagescope exports
=================

The public tables of the wagescope database, for DuckDB, Spark, Trino, pandas
and anything else that reads CSV or Parquet. Each table is written twice, with
the same rows in the same order:

  csv/      UTF-8, comma-separated, header row; a NULL is an empty field, an
            empty string is "" (DuckDB's read_csv needs allow_quoted_nulls =
            false to keep it apart). Lists are written as DuckDB list text,
            [1, 2].%[3]s
  parquet/  Parquet, Snappy-compressed, with the column types listed below.

Tables with a vintage are Hive-partitioned by it:
  <format>/<table>/<column>=<value>/data_0.<%[4]s|parquet>
(a partition of more than %[2]d rows continues in data_1, data_2, …: ranges
of its leading key, so the files read in name order are in key order)
and the rest are one file each: <format>/<table>.<%[4]s|parquet>.
The partition column is not inside the files: readers take it from the
directory name (hive partitioning) and put it last. A NULL (or empty) value
is the directory <column>=%[1]s, which Hive, Spark,
Trino, pyarrow and DuckDB read back as NULL; characters other than letters,
digits, ".", "_" and "-" are percent-encoded. Rows are sorted by the key
columns listed, then by every other column. manifest.json says the same for
programs, with every file's rows, bytes and SHA-256. Two exports of the same
database are byte-identical.

Reading them (paths relative to the site directory that holds exports/):

  DuckDB   SELECT * FROM read_parquet('exports/parquet/fct_wage_stats/*/*.parquet', hive_partitioning = true);
           SELECT * FROM read_csv('exports/csv/fct_wage_stats/*/*.%[4]s', hive_partitioning = true);
           SELECT * FROM 'exports/parquet/dim_occupation.parquet';
           (add hive_types = {'release': 'VARCHAR'} to keep a partition value
           from being guessed as a number or date)
  pandas   pd.read_parquet('exports/parquet/fct_wage_stats')   # pyarrow reads release=… directories
           pd.read_csv('exports/csv/dim_occupation.%[4]s', dtype=str, keep_default_na=False)
  Spark    spark.read.parquet('exports/parquet/fct_wage_stats')
           (spark.sql.sources.partitionColumnTypeInference.enabled=false keeps
           partition values as strings)
  Trino    Hive connector: CREATE TABLE … (columns below, the partition column
           last) WITH (external_location = '…/exports/parquet/fct_wage_stats',
           format = 'PARQUET', partitioned_by = ARRAY['release']); then
           CALL system.sync_partition_metadata('<schema>', 'fct_wage_stats', 'ADD').

Lineage: source_file_id and source_file_ids in the marts are
source_files.source_file_id (file name, sha256, release of each input file).
`, hiveNullPartition, exportChunkRows, compressed, csvExt)
	if m.MinCellSize != nil {
		w("Postings cells with fewer than %d postings keep n and is_suppressed but no pay values.\n", *m.MinCellSize)
	}
	for _, t := range m.Tables {
		w("\n%s\n%s\n", t.Name, strings.Repeat("-", len(t.Name)))
		w("%s\n", wrapText(t.Description, 78))
		if t.PartitionBy == "" {
			w("rows: %d\nfiles: csv/%s.%s, parquet/%s.parquet\n", t.Rows, t.Name, csvExt, t.Name)
		} else {
			w("rows: %d, partitioned by %s\nfiles: csv/%s/%s=<value>/data_<n>.%s\n       parquet/%s/%s=<value>/data_<n>.parquet\n",
				t.Rows, t.PartitionBy, t.Name, t.PartitionBy, csvExt, t.Name, t.PartitionBy)
			if len(t.Partitions) == 0 {
				w("partitions: none (no rows, no files)\n")
			}
			for _, p := range t.Partitions {
				note := ""
				switch {
				case p.Value == nil:
					note = "  (NULL)"
				case p.Dir != t.PartitionBy+"="+*p.Value:
					note = fmt.Sprintf("  (%s = %s)", t.PartitionBy, *p.Value)
				}
				w("  %-40s %10d rows%s\n", p.Dir, p.Rows, note)
			}
		}
		w("keys: %s (rows sorted by them, then by the other columns)\ncolumns:\n", strings.Join(t.Keys, ", "))
		for _, c := range t.Columns {
			note := ""
			if c.IsPartition {
				note = "  (partition column: from the directory name, not in the files)"
			}
			w("  %-32s %s%s\n", c.Name, c.Type, note)
		}
	}
	return b.String()
}

// wrapText breaks s into lines of at most width characters at spaces.
func wrapText(s string, width int) string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		if line != "" && len(line)+1+len(word) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	if line != "" {
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}
