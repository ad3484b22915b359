package store

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// martsDB is an empty database with the schema, staging and marts built
// and the given settings.
func martsDB(t *testing.T, path string) *DB {
	t.Helper()
	ctx := context.Background()
	db, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.RunDir(ctx, "schema"); err != nil {
		t.Fatal(err)
	}
	if err := db.LoadReference(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.RunDir(ctx, "staging"); err != nil {
		t.Fatal(err)
	}
	if err := db.WriteSettings(ctx, RunSettings{MinCellSize: 5, GuardMedianChangePct: 20, GuardRowChangePct: 10, ChangeThresholdPct: 5}); err != nil {
		t.Fatal(err)
	}
	if err := db.RunDir(ctx, "marts"); err != nil {
		t.Fatal(err)
	}
	return db
}

// insertWage inserts one U.S. OEWS row of 29-2010.
func insertWage(t *testing.T, db *DB, release, experience, employer string, p10, median, p90 float64) {
	t.Helper()
	err := db.Exec(context.Background(), `INSERT INTO fct_wage_stats_oews BY NAME SELECT * FROM (VALUES
		('oews', ?, 'release', ?, '29-2010', 'US', 'national', '000000', ?, ?, 'survey', ?, ?, ?))
		AS v(source_family, release, period_type, period, occupation_code, area_code, area_type, industry_code,
		     experience, employer_type, pay_basis, annual_p10, annual_median, annual_p90)`,
		release, release, experience, employer, p10, median, p90)
	if err != nil {
		t.Fatal(err)
	}
}

// insertPostedCell inserts a posted cell of n postings into table (one of
// the two behind fct_wage_stats), keyed as 29-2010, US, every period.
func insertPostedCell(t *testing.T, db *DB, table string, n int) {
	t.Helper()
	execAll(t, db,
		`INSERT INTO posted_key_occupation VALUES (1, '29-2010', 'Clinical Laboratory Technologists and Technicians')`,
		`INSERT INTO posted_key_area VALUES (1, 'US', 'United States', 'national')`,
		// marts on no postings wrote the slice of every period already
		`INSERT INTO posted_key_slice SELECT 0, 'ALL', 'all', 'ALL', 'ALL', 'ALL' WHERE NOT EXISTS (SELECT 1 FROM posted_key_slice WHERE id = 0)`)
	insertPostedCellRow(t, db, table, 1, n)
}

// insertPostedCellRow inserts a posted cell of n postings under occupation
// id occupation, area 1, every period, into table.
func insertPostedCellRow(t *testing.T, db *DB, table string, occupation, n int) {
	t.Helper()
	execAll(t, db, fmt.Sprintf(`INSERT INTO %s BY NAME SELECT %d AS occupation_id, 1 AS area_id, 0 AS slice_id, %d AS n, [1] AS source_file_ids`,
		table, occupation, n))
}

func execAll(t *testing.T, db *DB, queries ...string) {
	t.Helper()
	for _, q := range queries {
		if err := db.Exec(context.Background(), q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

func TestChecksFlagBadRows(t *testing.T) {
	tests := []struct {
		name      string
		insert    func(*DB)
		wantCheck string // "" means no violation
	}{
		{"a good row passes", func(db *DB) { insertWage(t, db, "2023-05", "ALL", "ALL", 36770, 60780, 93900) }, ""},
		{"median above p90", func(db *DB) { insertWage(t, db, "2023-05", "ALL", "ALL", 36770, 99000, 93900) }, "percentiles are ordered"},
		{"unknown experience level", func(db *DB) { insertWage(t, db, "2023-05", "junior", "ALL", 1, 2, 3) }, "experience is ALL or a DESIGN.md level"},
		{"unknown employer type", func(db *DB) { insertWage(t, db, "2023-05", "ALL", "hospitals", 1, 2, 3) }, "employer_type is ALL, mixed or a DESIGN.md type"},
		{"negative wage", func(db *DB) { insertWage(t, db, "2023-05", "ALL", "ALL", -5, 2, 3) }, "wages are positive"},
		{"duplicate key", func(db *DB) {
			insertWage(t, db, "2023-05", "ALL", "ALL", 1, 2, 3)
			insertWage(t, db, "2023-05", "ALL", "ALL", 1, 2, 3)
		}, "fct_wage_stats key is unique"},
		{"a small posted cell, suppressed", func(db *DB) { insertPostedCell(t, db, "fct_wage_stats_postings_suppressed", 3) }, ""},
		{"a posted cell both valued and suppressed", func(db *DB) {
			insertPostedCell(t, db, "fct_wage_stats_postings", 7)
			insertPostedCellRow(t, db, "fct_wage_stats_postings_suppressed", 1, 3)
		}, "fct_wage_stats key is unique"},
		{"two occupation ids that name one occupation", func(db *DB) {
			insertPostedCell(t, db, "fct_wage_stats_postings", 7)
			execAll(t, db, `INSERT INTO posted_key_occupation VALUES (2, '29-2010', 'Clinical Laboratory Technologists and Technicians')`)
			insertPostedCellRow(t, db, "fct_wage_stats_postings", 2, 8)
		}, "fct_wage_stats key is unique"},
		{"an area id held twice", func(db *DB) {
			insertPostedCell(t, db, "fct_wage_stats_postings", 7)
			execAll(t, db, `INSERT INTO posted_key_area VALUES (1, 'CA', 'California', 'state')`)
		}, "fct_wage_stats key is unique"},
		{"one valued posted cell passes", func(db *DB) { insertPostedCell(t, db, "fct_wage_stats_postings", 7) }, ""},
		{"a posted cell held twice in one table", func(db *DB) {
			insertPostedCell(t, db, "fct_wage_stats_postings_suppressed", 3)
			insertPostedCellRow(t, db, "fct_wage_stats_postings_suppressed", 1, 4)
		}, "fct_wage_stats key is unique"},
		{"a posted cell with no occupation id", func(db *DB) {
			insertPostedCell(t, db, "fct_wage_stats_postings_suppressed", 3)
			execAll(t, db, `INSERT INTO fct_wage_stats_postings_suppressed BY NAME SELECT NULL AS occupation_id, 1 AS area_id, 0 AS slice_id, 2 AS n`)
		}, "fct_wage_stats key is unique"},
		// the key is checked as one 64-bit number: the largest ids of each
		// part must not run into another part's bits
		{"posted cells that differ only in their largest ids pass", func(db *DB) {
			insertPostedCell(t, db, "fct_wage_stats_postings_suppressed", 3)
			execAll(t, db, `INSERT INTO fct_wage_stats_postings_suppressed BY NAME
				SELECT * FROM (VALUES (65535, 65535, 4294967295, 2), (65535, 65535, 0, 2), (65535, 0, 4294967295, 2),
				                      (0, 65535, 4294967295, 2), (1, 1, 4294967295, 2)) AS v(occupation_id, area_id, slice_id, n)`)
		}, ""},
		{"a small posted cell among the valued", func(db *DB) { insertPostedCell(t, db, "fct_wage_stats_postings", 3) },
			"postings cells under min_cell_size are suppressed"},
		{"a staged posting with its raw row passes", func(db *DB) {
			execAll(t, db, `INSERT INTO raw_postings__postings (source_file_id, row_number, title) VALUES (1, 2, 'Medical Technologist')`,
				`INSERT INTO stg_postings__postings_derived (source_file_id, source_row_number) VALUES (1, 2)`)
		}, ""},
		{"a staged posting whose raw row is gone", func(db *DB) {
			execAll(t, db, `INSERT INTO raw_postings__postings (source_file_id, row_number, title) VALUES (1, 2, 'Medical Technologist')`,
				`INSERT INTO stg_postings__postings_derived (source_file_id, source_row_number) VALUES (1, 3)`)
		}, "every staged posting has its raw row"},
		{"malformed SOC code", func(db *DB) {
			if err := db.Exec(context.Background(), `INSERT INTO dim_occupation (occupation_code) VALUES ('292010')`); err != nil {
				t.Fatal(err)
			}
		}, "a SOC code looks like 00-0000"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db := martsDB(t, filepath.Join(t.TempDir(), "w.duckdb"))
			tc.insert(db)
			vs, err := db.RunChecks(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if tc.wantCheck == "" {
				if len(vs) != 0 {
					t.Errorf("violations %+v, want none", vs)
				}
				return
			}
			found := false
			for _, v := range vs {
				found = found || strings.Contains(v.Check, tc.wantCheck)
			}
			if !found {
				t.Errorf("violations %+v, want %q", vs, tc.wantCheck)
			}
		})
	}
}

func TestGuardsCompareReleasesBothHold(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	published := martsDB(t, filepath.Join(dir, "published.duckdb"))
	insertWage(t, published, "2023-05", "ALL", "ALL", 36770, 60780, 93900)
	if err := published.Close(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		release string
		median  float64
		want    bool
	}{
		{"a 7 percent revision passes", "2023-05", 65000, false},
		{"a 32 percent revision fails", "2023-05", 80000, true},
		{"a new release is not compared", "2024-05", 80000, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db := martsDB(t, filepath.Join(t.TempDir(), "w.duckdb"))
			insertWage(t, db, tc.release, "ALL", "ALL", 36770, tc.median, 93900)
			vs := guardsAgainst(t, db, filepath.Join(dir, "published.duckdb"))
			got := len(vs) > 0 && strings.Contains(vs[0].Check, "guard_median_change_pct") && strings.Contains(vs[0].Detail, "60780")
			if got != tc.want {
				t.Errorf("guard violations %+v, want tripped = %v", vs, tc.want)
			}
			cs, err := db.ComputeChanges(ctx, "published", 5)
			if err != nil {
				t.Fatal(err)
			}
			if moved := cs.MedianMovesTotal > 0; moved != (tc.median != 60780) {
				t.Errorf("median moves %+v", cs.MedianMoves)
			}
		})
	}
}

// What the published snapshot had and the build lost trips a guard: one
// OEWS row of a release both hold, or a whole release whose source is still
// configured; a source taken out of the configuration takes its release.
func TestGuardsSeeWhatIsGone(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	const sourceFile = `INSERT INTO source_files (source_file_id, run_id, source_name, kind, file_name, path, sha256, bytes, release, status, ingested_at)
		VALUES (1, 1, 'oews-national', 'oews', 'national_M2023_dl.xlsx', '/d/national_M2023_dl.xlsx', 'ab', 1, '2023-05', 'ok', now())`
	wage := func(db *DB, release, occupation string, median float64) {
		t.Helper()
		if err := db.Exec(ctx, `INSERT INTO fct_wage_stats_oews BY NAME SELECT * FROM (VALUES
			('oews', ?, 'release', ?, ?, 'US', 'national', '000000', 'ALL', 'ALL', 'survey', ?, 1))
			AS v(source_family, release, period_type, period, occupation_code, area_code, area_type, industry_code,
			     experience, employer_type, pay_basis, annual_median, source_file_id)`, release, release, occupation, median); err != nil {
			t.Fatal(err)
		}
	}
	occupations := []string{"29-2010", "29-2011", "29-2012", "29-1141", "11-1011", "13-2011", "15-1252", "17-2141", "19-1042", "21-1018", "23-1011"}
	published := martsDB(t, filepath.Join(dir, "published.duckdb"))
	if err := published.Exec(ctx, sourceFile); err != nil {
		t.Fatal(err)
	}
	for i, occ := range occupations {
		wage(published, "2023-05", occ, 60000+float64(i))
	}
	if err := published.Close(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		sources    []string
		releases   []string // each with all eleven occupations, but the last release without 29-2012
		wantCheck  string   // "" when nothing trips
		wantDetail string
	}{
		{"one row of eleven gone", []string{"oews-national"}, []string{"2023-05"},
			"an OEWS median of an already published release is no longer there", "2023-05 US 000000 29-2012 : 60002.0 → none"},
		{"the whole release gone, its source configured", []string{"oews-national"}, []string{"2024-05"},
			"an already published release is no longer there, though its source is still configured", "fct_wage_stats oews 2023-05 from source oews-national"},
		{"the whole release gone with its source", []string{"oews-state"}, []string{"2024-05"}, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db := martsDB(t, filepath.Join(t.TempDir(), "w.duckdb"))
			if err := db.WriteSourceOrder(ctx, tc.sources); err != nil {
				t.Fatal(err)
			}
			for _, release := range tc.releases {
				for i, occ := range occupations {
					if occ != "29-2012" {
						wage(db, release, occ, 60000+float64(i))
					}
				}
			}
			vs := guardsAgainst(t, db, filepath.Join(dir, "published.duckdb"))
			// the build's source_files is empty: the change summary says the release went
			cs, err := db.ComputeChanges(ctx, "published", 5)
			if err != nil {
				t.Fatal(err)
			}
			if want := []ReleaseChange{{Kind: "oews", Source: "oews-national", Release: "2023-05"}}; !reflect.DeepEqual(cs.ReleasesRemoved, want) {
				t.Errorf("releases removed %+v, want %+v", cs.ReleasesRemoved, want)
			}
			if tc.wantCheck == "" {
				if len(vs) != 0 {
					t.Errorf("violations %+v, want none", vs)
				}
				return
			}
			found := false
			for _, v := range vs {
				found = found || v.Check == tc.wantCheck && v.Detail == tc.wantDetail
			}
			if !found {
				t.Errorf("violations %+v, want %q: %q", vs, tc.wantCheck, tc.wantDetail)
			}
		})
	}
}

// guardsAgainst runs the run-over-run guards of db against the database at
// published, attached as "published" for the rest of the test.
func guardsAgainst(t *testing.T, db *DB, published string) []Violation {
	t.Helper()
	ctx := context.Background()
	detach, err := db.Attach(ctx, published, "published")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { detach() })
	vs, err := db.RunGuards(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return vs
}
