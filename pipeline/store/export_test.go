package store

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// exportFixture builds the real (empty) schema, staging and marts, as the
// pipeline does, and fills the public tables with a few known rows plus
// 5,000 OEWS rows inserted out of key order.
func exportFixture(t *testing.T, threads int) (*DB, string) {
	t.Helper()
	ctx := context.Background()
	dbPath := filepath.Join(t.TempDir(), "export.duckdb")
	db, err := Open(ctx, dbPath, Options{Threads: threads})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for _, dir := range []string{"schema", "staging"} {
		if err := db.RunDir(ctx, dir); err != nil {
			t.Fatal(err)
		}
		if dir == "schema" {
			if err := db.LoadReference(ctx); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := db.Exec(ctx, `CREATE OR REPLACE TABLE run_settings AS SELECT 5 AS min_cell_size`); err != nil {
		t.Fatal(err)
	}
	if err := db.RunDir(ctx, "marts"); err != nil {
		t.Fatal(err)
	}
	inserts := []string{
		`INSERT INTO source_files (source_file_id, run_id, source_name, kind, file_name, path, sha256, bytes, release,
		     status, rows_loaded, rows_rejected, message, ingested_at) VALUES
		 (1, 7, 'oews-national-2023', 'oews', 'national_M2023_dl.xlsx', '/home/someone/data/national_M2023_dl.xlsx',
		  'aaaa', 12727, '2023-05', 'ok', 33, 0, '/home/someone/data: note', TIMESTAMP '2026-01-02 03:04:05'),
		 (2, 7, 'glassdoor-2020', 'postings', 'glassdoor_jobs.csv', '/home/someone/data/glassdoor_jobs.csv',
		  'bbbb', 195293, '2020', 'ok', 50, 3, NULL, TIMESTAMP '2026-01-02 03:04:06')`,
		`INSERT INTO dim_occupation BY NAME SELECT * FROM (VALUES
		 ('29-2010', 'Clinical Laboratory Technologists and Technicians', 'broad', true, true),
		 ('29-2011', 'Medical Technologists, "MLS"', 'detailed', false, true),
		 ('29-2012', '', 'detailed', false, false)) AS v(occupation_code, occupation_title, soc_level, has_wages, has_outlook)`,
		`INSERT INTO dim_area BY NAME SELECT * FROM (VALUES
		 ('US', 'United States', 'national', NULL, NULL), ('CA', 'California', 'state', '06', 'CA'))
		 AS v(area_code, area_title, area_type, state_fips, state_postal)`,
		`INSERT INTO fct_wage_stats_oews BY NAME SELECT * FROM (VALUES
		 ('oews', '2023-05', 'release', '2023-05', '29-2010', 'US', 'ALL', 'ALL', 334380.0, 62870.0, 60780.0, [1], 1),
		 ('oews', '2022-05', 'release', '2022-05', '29-2010', 'US', 'ALL', 'ALL', 330000.0, 59130.0, 57380.0, [1], 1))
		 AS v(source_family, release, period_type, period, occupation_code, area_code, experience, employer_type,
		      employment, annual_mean, annual_median, source_file_ids, source_file_id)`,
		// posted rows have no release: the view names it NULL. Their keys
		// are ids the posted_key_* tables name (marts on no postings wrote
		// only the slice of every period, experience, employer type and basis).
		`INSERT INTO posted_key_occupation SELECT 1, occupation_code, occupation_title FROM dim_occupation
		 WHERE occupation_code = '29-2010'`,
		`INSERT INTO posted_key_area SELECT CASE area_code WHEN 'US' THEN 1 ELSE 2 END, area_code, area_title, area_type
		 FROM dim_area`,
		`INSERT INTO posted_key_slice VALUES (1, '2020', 'year', 'ALL', 'ALL', 'ALL')`,
		`INSERT INTO fct_wage_stats_postings BY NAME SELECT * FROM (VALUES
		 (0, 1, 1, 12, 71000.5, 70000.0, [2]),
		 (1, 1, 2, 3, NULL, NULL, [2]))
		 AS v(slice_id, occupation_id, area_id, n, annual_mean, annual_median, source_file_ids)`,
		`INSERT INTO fct_wage_stats_oews BY NAME
		 SELECT 'oews' AS source_family, '2023-05' AS release, 'release' AS period_type, '2023-05' AS period,
		        '29-2010' AS occupation_code, 'A' || lpad(CAST(i AS VARCHAR), 5, '0') AS area_code,
		        'ALL' AS experience, 'ALL' AS employer_type, CAST(i AS DOUBLE) AS employment, [1] AS source_file_ids
		 FROM range(5000) AS r(i) ORDER BY hash(i)`,
		`INSERT INTO fct_outlook BY NAME SELECT * FROM (VALUES
		 ('2022-2032', 2022, 2032, '29-2010', 344000.0, 2023, '2023-05', 1, 5),
		 ('2021-2031', 2021, 2031, '29-2010', 335000.0, 2021, '2021-05', 1, 4),
		 ('draft 2024/34', 2024, 2034, '29-2010', NULL, NULL, NULL, 1, 6))
		 AS v(cycle, base_year, projected_year, occupation_code, employment_base, wage_year, wage_release,
		      source_file_id, source_row_number)`,
		`INSERT INTO fct_experience_bridge BY NAME SELECT * FROM (VALUES
		 ('2023-05', '29-2010', 'US', 'entry', 17.0, 45000.0, 'DOL level I', 1),
		 ('2023-05', '29-2010', 'US', 'senior', 67.0, 71000.0, 'DOL level IV', 1))
		 AS v(release, occupation_code, area_code, experience, oews_percentile, annual_modeled, basis, source_file_id)`,
		`INSERT INTO fct_posted_vs_surveyed BY NAME SELECT * FROM (VALUES
		 ('29-2010', 'US', 'national', 12, 70000.0, '2023-05', 60780.0, [2]))
		 AS v(occupation_code, area_code, area_type, posted_n, posted_median, oews_release, oews_median, posted_source_file_ids)`,
		`INSERT INTO fct_pay_premiums BY NAME SELECT * FROM (VALUES
		 ('29-2010', 'US', 'certification', 'ASCP', 6, 9, 2500.0))
		 AS v(occupation_code, area_code, requirement_type, requirement, n_with, n_without, premium)`,
		`INSERT INTO fct_postings_quality BY NAME SELECT * FROM (VALUES
		 ('glassdoor-2020', 50, 36, 3::HUGEINT, 'bad pay: 3'))
		 AS v(source_name, rows_loaded, distinct_postings, rows_rejected, rejects_by_reason)`,
	}
	for _, q := range inserts {
		if err := db.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	return db, dbPath
}

// exportedFiles reads every file under dir, keyed by slash path.
func exportedFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		body, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = body
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestExportMartsWritesHiveLayout(t *testing.T) {
	ctx := context.Background()
	db, _ := exportFixture(t, 4)
	dir := filepath.Join(t.TempDir(), "exports")
	stats, err := db.ExportMarts(ctx, dir, ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, ext := range []string{"csv", "parquet"} {
		for _, f := range []string{
			"dim_occupation", "dim_area", "fct_posted_vs_surveyed", "fct_pay_premiums", "fct_postings_quality", "source_files",
		} {
			want = append(want, ext+"/"+f+"."+ext)
		}
		for _, f := range []string{
			"fct_wage_stats/release=2022-05", "fct_wage_stats/release=2023-05", "fct_wage_stats/release=__HIVE_DEFAULT_PARTITION__",
			"fct_outlook/cycle=2021-2031", "fct_outlook/cycle=2022-2032", "fct_outlook/cycle=draft%202024%2F34",
			"fct_experience_bridge/release=2023-05",
		} {
			want = append(want, ext+"/"+f+"/data_0."+ext)
		}
	}
	want = append(want, "README.txt", "manifest.json")
	sort.Strings(want)
	files := exportedFiles(t, dir)
	var got []string
	var total int64
	for p, body := range files {
		got = append(got, p)
		total += int64(len(body))
	}
	sort.Strings(got)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("files:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	wantStats := ExportStats{Tables: 9, Files: len(want) - 2, Rows: 3 + 2 + 5004 + 3 + 2 + 1 + 1 + 1 + 2, Bytes: total}
	if stats != wantStats {
		t.Errorf("stats = %+v, want %+v", stats, wantStats)
	}

	// The manifest lists exactly the public tables, in order, and agrees
	// with the files on disk.
	var m exportManifest
	if err := json.Unmarshal(files["manifest.json"], &m); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tb := range m.Tables {
		names = append(names, tb.Name)
		var header []string // the columns in the files: all but the partition column
		for _, c := range tb.Columns {
			if !c.IsPartition {
				header = append(header, c.Name)
			}
		}
		for _, f := range tb.Files {
			if int64(len(files[f.Path])) != f.Bytes {
				t.Errorf("manifest: %s has %d bytes, file has %d", f.Path, f.Bytes, len(files[f.Path]))
			}
			if first, _, _ := bytes.Cut(files[f.Path], []byte("\n")); f.Format == "csv" && string(first) != strings.Join(header, ",") {
				t.Errorf("%s header:\n%s\nwant:\n%s", f.Path, first, strings.Join(header, ","))
			}
		}
	}
	wantNames := "dim_occupation dim_area fct_wage_stats fct_outlook fct_experience_bridge fct_posted_vs_surveyed " +
		"fct_pay_premiums fct_postings_quality source_files"
	if strings.Join(names, " ") != wantNames {
		t.Errorf("manifest tables = %s, want %s", strings.Join(names, " "), wantNames)
	}
	if m.MinCellSize == nil || *m.MinCellSize != 5 {
		t.Errorf("manifest min_cell_size = %v, want 5", m.MinCellSize)
	}

	readme := string(files["README.txt"])
	for _, s := range []string{
		"SELECT * FROM read_parquet('exports/parquet/fct_wage_stats/*/*.parquet', hive_partitioning = true);",
		"fct_wage_stats\n--------------\n",
		"rows: 5004, partitioned by release\n",
		"  release=2022-05                                   1 rows\n",
		"  release=__HIVE_DEFAULT_PARTITION__                2 rows  (NULL)\n",
		"  cycle=draft%202024%2F34                           1 rows  (cycle = draft 2024/34)\n",
		"keys: occupation_code, area_code, oews_percentile, experience (rows sorted by them, then by the other columns)\n",
		"  release                          VARCHAR  (partition column: from the directory name, not in the files)\n",
		"  rows_rejected                    BIGINT\n",
		"rows: 2\nfiles: csv/source_files.csv, parquet/source_files.parquet\n",
		"Postings cells with fewer than 5 postings",
	} {
		if !strings.Contains(readme, s) {
			t.Errorf("README.txt lacks %q", s)
		}
	}
	for _, s := range []string{"source_refs", "ingested_at", "/home/someone", "stg_", "raw_"} {
		if strings.Contains(readme, s) || bytes.Contains(files["csv/source_files.csv"], []byte(s)) {
			t.Errorf("exports hold %q", s)
		}
	}
}

func TestExportMartsReadsBack(t *testing.T) {
	ctx := context.Background()
	db, _ := exportFixture(t, 4)
	dir := filepath.Join(t.TempDir(), "exports")
	if _, err := db.ExportMarts(ctx, dir, ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	pq := func(table string) string {
		return fmt.Sprintf("read_parquet('%s/parquet/%s/*/*.parquet', hive_partitioning = true)", dir, table)
	}
	cs := func(table string) string {
		return fmt.Sprintf("read_csv('%s/csv/%s/*/*.csv', hive_partitioning = true)", dir, table)
	}
	one := func(table, ext string) string { return fmt.Sprintf("'%s/%s/%s.%s'", dir, ext, table, ext) }
	byRelease := `SELECT string_agg(coalesce(release, 'NULL') || ':' || n, ' ' ORDER BY release NULLS LAST)
		FROM (SELECT release, count(*) AS n FROM %s GROUP BY release)`
	tests := []struct {
		name, query, want string
	}{
		{"parquet rows per release", fmt.Sprintf(byRelease, pq("fct_wage_stats")), "2022-05:1 2023-05:5001 NULL:2"},
		{"csv rows per release", fmt.Sprintf(byRelease, cs("fct_wage_stats")), "2022-05:1 2023-05:5001 NULL:2"},
		{"parquet OEWS median", `SELECT annual_median || ' ' || employment FROM ` + pq("fct_wage_stats") +
			` WHERE release = '2023-05' AND area_code = 'US'`, "60780.0 334380.0"},
		{"csv OEWS median", `SELECT annual_median || ' ' || employment FROM ` + cs("fct_wage_stats") +
			` WHERE release = '2022-05' AND area_code = 'US'`, "57380.0 330000.0"},
		{"postings rows in the NULL partition", `SELECT string_agg(period || ':' || n, ' ' ORDER BY period) FROM ` +
			pq("fct_wage_stats") + ` WHERE release IS NULL`, "2020:3 ALL:12"},
		{"parquet keeps lists", `SELECT CAST(source_file_ids AS VARCHAR) FROM ` + pq("fct_wage_stats") +
			` WHERE release IS NULL AND period = 'ALL'`, "[2]"},
		{"partition column is last", `SELECT list(column_name)[-1] FROM (DESCRIBE SELECT * FROM ` + pq("fct_outlook") + `)`, "cycle"},
		{"escaped cycle reads back", `SELECT string_agg(cycle || ':' || base_year, ' ' ORDER BY cycle) FROM ` + cs("fct_outlook"),
			"2021-2031:2021 2022-2032:2022 draft 2024/34:2024"},
		{"outlook wage release", `SELECT wage_release FROM ` + pq("fct_outlook") + ` WHERE cycle = '2022-2032'`, "2023-05"},
		{"bridge", `SELECT string_agg(experience || ':' || annual_modeled, ' ' ORDER BY oews_percentile) FROM ` +
			pq("fct_experience_bridge"), "entry:45000.0 senior:71000.0"},
		{"csv quotes a title", `SELECT occupation_title FROM read_csv(` + one("dim_occupation", "csv") +
			`) WHERE occupation_code = '29-2011'`, `Medical Technologists, "MLS"`},
		{"csv keeps an empty string apart from NULL", `SELECT count(*) FILTER (occupation_title = '') || ' ' ||
			count(*) FILTER (soc_title IS NULL) FROM read_csv(` + one("dim_occupation", "csv") +
			`, allow_quoted_nulls = false)`, "1 3"},
		{"dim_area", `SELECT string_agg(area_code || ':' || coalesce(state_fips, '-'), ' ') FROM ` + one("dim_area", "parquet"), "CA:06 US:-"},
		{"HUGEINT becomes BIGINT", `SELECT typeof(rows_rejected) || ':' || rows_rejected FROM ` + one("fct_postings_quality", "parquet"), "BIGINT:3"},
		{"posted vs surveyed", `SELECT oews_release || ' ' || posted_median FROM ` + one("fct_posted_vs_surveyed", "csv"), "2023-05 70000.0"},
		{"pay premiums", `SELECT requirement || ' ' || premium FROM ` + one("fct_pay_premiums", "parquet"), "ASCP 2500.0"},
		{"source_files without local paths", `SELECT string_agg(column_name, ',') FROM (DESCRIBE SELECT * FROM ` +
			one("source_files", "parquet") + `)`, "source_file_id,source_name,kind,file_name,url,sha256,bytes,release,status,rows_loaded,rows_rejected,synthetic"},
		{"parquet rows in key order", `SELECT count(*) FROM (SELECT area_code, lag(area_code) OVER (ORDER BY file_row_number) AS prev
			FROM read_parquet('` + dir + `/parquet/fct_wage_stats/release=2023-05/data_0.parquet', file_row_number = true))
			WHERE prev > area_code`, "0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got sql.NullString
			if err := db.QueryRow(ctx, tc.query).Scan(&got); err != nil {
				t.Fatalf("%s: %v", tc.query, err)
			}
			if got.String != tc.want {
				t.Errorf("got %q, want %q", got.String, tc.want)
			}
		})
	}

	// Every exported table, in both formats, holds exactly the rows of its
	// source table (compared as text; empty partition values read as NULL).
	for _, tb := range exportTables() {
		for _, ext := range []string{"csv", "parquet"} {
			t.Run("same rows "+ext+" "+tb.name, func(t *testing.T) {
				cols, err := db.tableColumns(ctx, tb.name)
				if err != nil {
					t.Fatal(err)
				}
				skip := map[string]bool{}
				for _, c := range tb.exclude {
					skip[c] = true
				}
				var src, exp []string
				for _, c := range cols {
					if skip[c.Name] {
						continue
					}
					q := QuoteIdent(c.Name)
					exp = append(exp, "CAST("+q+" AS VARCHAR)")
					if c.Name == tb.partition {
						src = append(src, "nullif(CAST("+q+" AS VARCHAR), '')")
					} else {
						src = append(src, "CAST("+q+" AS VARCHAR)")
					}
				}
				files := fmt.Sprintf("'%s/%s/%s.%s'", dir, ext, tb.name, ext)
				if tb.partition != "" {
					files = fmt.Sprintf("'%s/%s/%s/*/*.%s', hive_partitioning = true", dir, ext, tb.name, ext)
				}
				reader := "read_parquet(" + files + ")"
				if ext == "csv" {
					reader = "read_csv(" + files + ", all_varchar = true, allow_quoted_nulls = false)"
				}
				a := fmt.Sprintf("SELECT %s FROM %s", strings.Join(src, ", "), QuoteIdent(tb.name))
				b := fmt.Sprintf("SELECT %s FROM %s", strings.Join(exp, ", "), reader)
				var n, diff int64
				q := fmt.Sprintf("SELECT (SELECT count(*) FROM %s), (SELECT count(*) FROM ((%s EXCEPT ALL %s) UNION ALL (%s EXCEPT ALL %s)))",
					QuoteIdent(tb.name), a, b, b, a)
				if err := db.QueryRow(ctx, q).Scan(&n, &diff); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
				if n == 0 || diff != 0 {
					t.Errorf("%d source rows, %d rows differ", n, diff)
				}
			})
		}
	}

	// The CSV, read by encoding/csv rather than DuckDB, is in key order too.
	body, err := os.ReadFile(filepath.Join(dir, "csv", "fct_wage_stats", "release=2023-05", "data_0.csv"))
	if err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := -1
	for i, h := range records[0] {
		if h == "area_code" {
			col = i
		}
	}
	if col < 0 || len(records) != 5002 {
		t.Fatalf("csv: area_code at %d, %d records", col, len(records))
	}
	for i := 2; i < len(records); i++ {
		if records[i-1][col] > records[i][col] {
			t.Fatalf("csv row %d: %s after %s", i, records[i][col], records[i-1][col])
		}
	}
	if first, last := records[1][col], records[len(records)-1][col]; first != "A00000" || last != "US" {
		t.Errorf("csv area codes run %s … %s, want A00000 … US", first, last)
	}
}

func TestExportMartsIsByteIdentical(t *testing.T) {
	ctx := context.Background()
	db, dbPath := exportFixture(t, 4)
	first := filepath.Join(t.TempDir(), "exports")
	if _, err := db.ExportMarts(ctx, first, ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	second := filepath.Join(t.TempDir(), "exports")
	if _, err := db.ExportMarts(ctx, second, ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	// and once more from the same file opened with one thread
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db1, err := Open(ctx, dbPath, Options{Threads: 1, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db1.Close()
	third := filepath.Join(t.TempDir(), "exports")
	if _, err := db1.ExportMarts(ctx, third, ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	want := exportedFiles(t, first)
	if len(want) != 28 {
		t.Fatalf("first export has %d files, want 28", len(want))
	}
	for _, other := range []string{second, third} {
		got := exportedFiles(t, other)
		if len(got) != len(want) {
			t.Errorf("%s: %d files, want %d", other, len(got), len(want))
		}
		for p, body := range want {
			if !bytes.Equal(got[p], body) {
				t.Errorf("%s differs between exports", p)
			}
		}
	}
}

func TestExportMartsErrors(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		setup   string // SQL run on an empty database
		nonEmpt bool   // the export directory already holds a file
		want    string
		is      error
	}{
		{name: "directory not empty", nonEmpt: true, want: "is not empty"},
		{name: "missing table", want: "export dim_occupation: table dim_occupation: not found", is: ErrNotFound},
		{name: "missing key column", setup: "CREATE TABLE dim_occupation (code VARCHAR)",
			want: "export dim_occupation: column occupation_code not in the table"},
		{name: "missing later table", setup: "CREATE TABLE dim_occupation (occupation_code VARCHAR)",
			want: "export dim_area: table dim_area: not found", is: ErrNotFound},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db := openTestDB(t, Options{})
			if tc.setup != "" {
				if err := db.Exec(ctx, tc.setup); err != nil {
					t.Fatal(err)
				}
			}
			dir := filepath.Join(t.TempDir(), "exports")
			if tc.nonEmpt {
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, "old.csv"), []byte("x\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, err := db.ExportMarts(ctx, dir, ExportOptions{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("err = %v, want errors.Is %v", err, tc.is)
			}
		})
	}
}

func TestHivePartitionDir(t *testing.T) {
	str := func(s string) *string { return &s }
	tests := []struct {
		name  string
		value *string
		want  string
	}{
		{"null", nil, "release=__HIVE_DEFAULT_PARTITION__"},
		{"oews release", str("2023-05"), "release=2023-05"},
		{"projections cycle", str("2022-2032"), "release=2022-2032"},
		{"slash space percent", str("a/b c%"), "release=a%2Fb%20c%25"},
		{"equals", str("x=y"), "release=x%3Dy"},
		{"dot dot", str(".."), "release=.."},
		{"utf-8", str("é"), "release=%C3%A9"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := hivePartitionDir("release", tc.value); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// A partition bigger than the chunk size is written as data_0, data_1, …
// over ranges of its first varying key: read in name order the files hold
// the same rows in the same order as one file, and the manifest counts
// each file's rows.
func TestExportMartsSplitsBigPartitions(t *testing.T) {
	ctx := context.Background()
	db, _ := exportFixture(t, 2)
	whole := filepath.Join(t.TempDir(), "exports")
	if _, err := db.exportMarts(ctx, whole, 1_000_000, ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	split := filepath.Join(t.TempDir(), "exports")
	if _, err := db.exportMarts(ctx, split, 2000, ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	const part = "csv/fct_wage_stats/release=2023-05/"
	wholeFiles, splitFiles := exportedFiles(t, whole), exportedFiles(t, split)
	body := func(b []byte) string { // without the header line
		_, rest, _ := strings.Cut(string(b), "\n")
		return rest
	}
	var joined strings.Builder
	var names []string
	for i := 0; ; i++ {
		b, ok := splitFiles[fmt.Sprintf("%sdata_%d.csv", part, i)]
		if !ok {
			break
		}
		names = append(names, fmt.Sprintf("data_%d.csv", i))
		joined.WriteString(body(b))
	}
	// 5,001 rows in the 2023-05 partition, split on area_code (the keys
	// before it are constant there) into ranges of about 2,000
	if len(names) != 3 {
		t.Fatalf("2023-05 split into %v, want 3 files", names)
	}
	if joined.String() != body(wholeFiles[part+"data_0.csv"]) {
		t.Error("the split files, read in order, differ from the single file")
	}
	// the partitions under the chunk size stay one file
	if _, ok := splitFiles["csv/fct_wage_stats/release=2022-05/data_1.csv"]; ok {
		t.Error("a 1-row partition was split")
	}
	var m exportManifest
	if err := json.Unmarshal(splitFiles["manifest.json"], &m); err != nil {
		t.Fatal(err)
	}
	for _, tbl := range m.Tables {
		if tbl.Name != "fct_wage_stats" {
			continue
		}
		var rows []int64
		for _, f := range tbl.Files {
			if strings.HasPrefix(f.Path, part) {
				rows = append(rows, f.Rows)
			}
		}
		if len(rows) != 3 || rows[0]+rows[1]+rows[2] != 5001 || rows[0] > 2001 || rows[1] > 2001 {
			t.Errorf("manifest rows of the 2023-05 files: %v, want three of at most ~2,000 summing to 5,001", rows)
		}
	}
}

// writeSorted sorts once, into Parquet, and copies the CSV from that file:
// the CSV must hold the rows in the query's order, also when the Parquet
// file has several row groups read on several threads.
func TestWriteSortedKeepsTheOrderInEveryFormat(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t, Options{Threads: 4})
	// 300,000 rows (three Parquet row groups of 122,880) stored in hash
	// order, not key order.
	if err := db.Exec(ctx, `CREATE TABLE t AS
		SELECT i AS k, 'v' || (i % 97) AS v FROM range(300000) AS r(i) ORDER BY hash(i)`); err != nil {
		t.Fatal(err)
	}
	formats, err := exportFormats("")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range formats {
		if err := os.MkdirAll(filepath.Join(dir, f.name), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	files, err := db.writeSorted(ctx, dir, formats, func(f exportFormat) string { return f.name + "/t." + f.ext }, "SELECT k, v FROM t ORDER BY k")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(formats) {
		t.Fatalf("%d files, want one per format", len(files))
	}
	for _, f := range files {
		path := filepath.Join(dir, f.Path)
		var outOfOrder, rows int64
		switch f.Format {
		case "parquet": // row i of the file must hold key i
			q := `SELECT count(*), count(*) FILTER (WHERE k <> file_row_number OR v <> 'v' || (k % 97))
				FROM read_parquet(` + QuoteLiteral(path) + `, file_row_number = true)`
			if err := db.QueryRow(ctx, q).Scan(&rows, &outOfOrder); err != nil {
				t.Fatalf("%s: %v", f.Path, err)
			}
		case "csv": // read in file order
			body, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			records, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			for i, r := range records[1:] {
				if r[0] != fmt.Sprint(i) || r[1] != fmt.Sprintf("v%d", i%97) {
					outOfOrder++
				}
			}
			rows = int64(len(records) - 1)
		default:
			t.Fatalf("no reader for %s", f.Format)
		}
		if rows != 300000 || outOfOrder != 0 {
			t.Errorf("%s: %d rows, %d out of key order; want 300000, 0", f.Path, rows, outOfOrder)
		}
	}
}

// With CSV compression the CSV files carry the compression's extension and
// hold what the uncompressed export holds; the Parquet files, the manifest's
// other entries and the layout stay as they are.
func TestExportMartsCompressesCSV(t *testing.T) {
	ctx := context.Background()
	db, _ := exportFixture(t, 2)
	plainDir := filepath.Join(t.TempDir(), "exports")
	if _, err := db.ExportMarts(ctx, plainDir, ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	plain := exportedFiles(t, plainDir)
	tests := []struct{ compression, ext string }{
		{"gzip", ".gz"},
		{"zstd", ".zst"},
	}
	for _, tt := range tests {
		t.Run(tt.compression, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "exports")
			if _, err := db.ExportMarts(ctx, dir, ExportOptions{CSVCompression: tt.compression}); err != nil {
				t.Fatal(err)
			}
			got := exportedFiles(t, dir)
			if len(got) != len(plain) {
				t.Errorf("%d files, want %d", len(got), len(plain))
			}
			csvFiles := 0
			for p, body := range plain {
				switch {
				case strings.HasPrefix(p, "csv/"):
					csvFiles++
					packed, ok := got[p+tt.ext]
					if !ok {
						t.Errorf("%s%s missing", p, tt.ext)
						continue
					}
					if tt.compression == "gzip" {
						r, err := gzip.NewReader(bytes.NewReader(packed))
						if err != nil {
							t.Fatalf("%s: %v", p, err)
						}
						unpacked, err := io.ReadAll(r)
						if err != nil || !bytes.Equal(unpacked, body) {
							t.Errorf("%s%s does not unpack to %s (%v)", p, tt.ext, p, err)
						}
						continue
					}
					// zstd: DuckDB reads both; the same rows either way
					var missing, extra int64
					a, b := QuoteLiteral(filepath.Join(plainDir, p)), QuoteLiteral(filepath.Join(dir, p+tt.ext))
					read := "read_csv(%s, all_varchar = true, header = true)"
					q := fmt.Sprintf(`SELECT (SELECT count(*) FROM (FROM %[1]s EXCEPT ALL FROM %[2]s)), (SELECT count(*) FROM (FROM %[2]s EXCEPT ALL FROM %[1]s))`,
						fmt.Sprintf(read, a), fmt.Sprintf(read, b))
					if err := db.QueryRow(ctx, q).Scan(&missing, &extra); err != nil {
						t.Fatalf("%s: %v", p, err)
					}
					if missing != 0 || extra != 0 {
						t.Errorf("%s%s: %d rows missing, %d extra", p, tt.ext, missing, extra)
					}
				case strings.HasPrefix(p, "parquet/"):
					if !bytes.Equal(got[p], body) {
						t.Errorf("%s differs from the uncompressed export's", p)
					}
				}
			}
			if csvFiles == 0 {
				t.Fatal("no CSV files in the export")
			}
			var m exportManifest
			if err := json.Unmarshal(got["manifest.json"], &m); err != nil {
				t.Fatal(err)
			}
			if m.CSVCompression != tt.compression {
				t.Errorf("manifest csv_compression = %q, want %q", m.CSVCompression, tt.compression)
			}
			for _, tb := range m.Tables {
				for _, f := range tb.Files {
					if f.Format == "csv" && (f.Compression != tt.compression || !strings.HasSuffix(f.Path, ".csv"+tt.ext)) {
						t.Errorf("manifest: %s has compression %q", f.Path, f.Compression)
					}
				}
			}
			if readme := string(got["README.txt"]); !strings.Contains(readme, "files: csv/source_files.csv"+tt.ext+", parquet/source_files.parquet") ||
				!strings.Contains(readme, tt.compression+"-compressed (.csv"+tt.ext+")") {
				t.Errorf("README.txt does not name the %s files", tt.compression)
			}
		})
	}
	if _, err := db.ExportMarts(ctx, filepath.Join(t.TempDir(), "x"), ExportOptions{CSVCompression: "bz2"}); err == nil ||
		!strings.Contains(err.Error(), `"bz2" is not one of none, gzip, zstd`) {
		t.Errorf("bz2: %v", err)
	}
}
