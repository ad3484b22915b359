package pipeline

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/wagescope/wagescope/pipeline/normalize"
	"github.com/wagescope/wagescope/pipeline/store"
)

// MatchTitles spreads the titles over every core; each answer must land at
// its own title's place.
func TestMatchTitlesKeepsInputOrder(t *testing.T) {
	ix := normalize.NewTitleIndex([]normalize.TitleEntry{
		{Code: "29-2011", Title: "Medical Technologist", Source: "synonym"},
		{Code: "29-2012", Title: "Medical Laboratory Technician", Source: "synonym"},
		{Code: "31-9097", Title: "Phlebotomist", Source: "oews"},
	})
	kinds := []string{"Medical Technologist", "Phlebotomist", "Medical Laboratory Technician", "astronaut"}
	want := []string{"29-2011", "31-9097", "29-2012", ""}
	titles := make([]string, 5000)
	for i := range titles {
		titles[i] = kinds[i%len(kinds)]
	}
	for i, m := range MatchTitles(ix, titles) {
		if m.Code != want[i%len(kinds)] {
			t.Fatalf("title %d %q: code %q, want %q", i, titles[i], m.Code, want[i%len(kinds)])
		}
	}
}

// The stored title index is used only by the binary that built it, over
// the reference titles the title map was computed from.
func TestStoredTitleIndexIsKeyed(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	ix := normalize.NewTitleIndex([]normalize.TitleEntry{
		{Code: "29-2011", Title: "Medical Technologist", Source: "synonym"},
		{Code: "29-2012", Title: "Medical Laboratory Technician", Source: "synonym"},
	})
	setRefs := func(digest string) { setTitleRefsDigest(t, db, digest) }
	if got, err := storedTitleIndex(ctx, db, "build-a"); got != nil || err != nil {
		t.Fatalf("read %v (%v) from a database that has none, want nothing and no error", got, err)
	}
	setRefs("refs-1")
	if err := storeTitleIndex(ctx, db, ix, "refs-1", "build-a"); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, refs, builtBy string
		found               bool
	}{
		{"same binary, same titles", "refs-1", "build-a", true},
		{"another binary", "refs-1", "build-b", false},
		{"no build ID", "refs-1", "", false},
		{"reference titles changed since", "refs-2", "build-a", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			setRefs(c.refs)
			got, err := storedTitleIndex(ctx, db, c.builtBy)
			if err != nil {
				t.Fatal(err)
			}
			if (got != nil) != c.found {
				t.Fatalf("found %v, want %v", got != nil, c.found)
			}
			if got != nil {
				if m := got.Match("medical lab technician"); m.Code != "29-2012" {
					t.Errorf("stored index matched %+v", m)
				}
			}
		})
	}
	setRefs("refs-1")
	if err := db.Exec(ctx, "UPDATE "+titleIndexTable+" SET title_index = 'damaged'::BLOB"); err != nil {
		t.Fatal(err)
	}
	if got, err := storedTitleIndex(ctx, db, "build-a"); got != nil || err == nil || !strings.Contains(err.Error(), titleIndexTable) {
		t.Errorf("a damaged index read as %v, error %v: want no index and an error naming %s", got, err, titleIndexTable)
	}
	// a binary without a build ID keeps no index
	if err := storeTitleIndex(ctx, db, ix, "refs-1", ""); err != nil {
		t.Fatal(err)
	}
	if tables, err := db.TablesLike(ctx, titleIndexTable); err != nil || len(tables) != 0 {
		t.Errorf("tables %v (%v) after storing without a build ID", tables, err)
	}
}

// A run over the same reference titles, by the same binary, classifies with
// the index it finds stored and leaves it as it is; other titles or another
// binary build and store the index again.
func TestCurrentTitleIndexReusesTheStoredOne(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	refs := []store.TitleRef{
		{Code: "29-2011", Title: "Medical Technologist", Source: "synonym", Weight: 1},
		{Code: "29-2012", Title: "Medical Laboratory Technician", Source: "synonym", Weight: 1},
	}
	// Stored under the same key but over other titles, it shows whether
	// the stored index was used (it maps "phlebotomist") or rebuilt (it
	// does not).
	planted := normalize.NewTitleIndex([]normalize.TitleEntry{{Code: "31-9097", Title: "Phlebotomist", Source: "oews"}})
	storedBlob := func() []byte {
		t.Helper()
		var blob []byte
		if err := db.QueryRow(ctx, "SELECT title_index FROM "+titleIndexTable).Scan(&blob); err != nil {
			t.Fatal(err)
		}
		return blob
	}
	cases := []struct {
		name, refsDigest, builtBy string
		reused                    bool
	}{
		{"same titles, same binary", "refs-1", "build-a", true},
		{"reference titles changed", "refs-2", "build-a", false},
		{"another binary", "refs-1", "build-b", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			setTitleRefsDigest(t, db, c.refsDigest)
			if err := storeTitleIndex(ctx, db, planted, "refs-1", "build-a"); err != nil {
				t.Fatal(err)
			}
			plantedBlob := storedBlob()
			ix, err := currentTitleIndex(ctx, db, refs, c.refsDigest, c.builtBy)
			if err != nil {
				t.Fatal(err)
			}
			usedPlanted := ix.Match("phlebotomist").Code == "31-9097"
			if usedPlanted != c.reused {
				t.Fatalf("classified with the stored index: %v, want %v", usedPlanted, c.reused)
			}
			if !c.reused {
				if m := ix.Match("medical lab technician"); m.Code != "29-2012" {
					t.Errorf("the rebuilt index matched %+v", m)
				}
			}
			if kept := string(storedBlob()) == string(plantedBlob); kept != c.reused {
				t.Errorf("stored index left as it was: %v, want %v", kept, c.reused)
			}
			// what a later run finds: the index stored under this key
			if again, err := storedTitleIndex(ctx, db, c.builtBy); again == nil || err != nil {
				t.Error("no index stored for the next run")
			}
		})
	}
}

// openTestDB opens a new database in the test's temporary directory, closed
// when the test ends.
func openTestDB(t *testing.T) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "ws.duckdb"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// setTitleRefsDigest records digest as the reference titles' digest, as
// mapTitles does.
func setTitleRefsDigest(t *testing.T, db *store.DB, digest string) {
	t.Helper()
	if err := db.ReplaceStringTable(context.Background(), titleRefsTable, []string{"sha256"}, [][]string{{digest}}); err != nil {
		t.Fatal(err)
	}
}

// The map tables the schema creates empty (staging's input when no posting
// source is configured) have the types the normalize stage creates them
// with.
func TestMapTypesMatchTheSchema(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	if err := db.RunDir(ctx, "schema"); err != nil {
		t.Fatal(err)
	}
	rows, err := db.DistinctRows(ctx, `SELECT table_name, column_name, data_type FROM duckdb_columns()
		WHERE starts_with(table_name, 'map_postings__') ORDER BY table_name, column_index`)
	if err != nil {
		t.Fatal(err)
	}
	declared := map[string]map[string]string{}
	for _, r := range rows {
		if declared[r[0]] == nil {
			declared[r[0]] = map[string]string{}
		}
		if r[2] != "VARCHAR" {
			declared[r[0]][r[1]] = r[2]
		}
	}
	if len(declared) < 7 {
		t.Fatalf("the schema creates %d map tables, want 7 or more", len(declared))
	}
	for table, want := range declared {
		got := mapTypes(table)
		if got == nil {
			got = map[string]string{}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: mapTypes %v, the schema %v", table, got, want)
		}
	}
}

// Tuples whose pay keys collide are mapped by their fields: with the key
// weakened to the pay period alone, the tuples that share a period leave
// the pay map for map_postings__pay_collisions, and joined as staging
// joins them every tuple still finds its own pay.
func TestPayKeyCollisionsAreMappedByTheirFields(t *testing.T) {
	ctx := context.Background()
	db := weakPayKeyDB(t)
	b := &build{db: db, log: slog.New(slog.DiscardHandler)}
	if n, err := b.mapPay(ctx); err != nil || n != 5 {
		t.Fatalf("mapPay: %d keys, %v; want 5", n, err)
	}
	if n := countRows(t, db, "SELECT count(*) FROM map_postings__pay"); n != 1 {
		t.Errorf("pay map: %d rows, want the hourly tuple alone", n)
	}
	if n := countRows(t, db, "SELECT count(*) FROM map_postings__pay_collisions"); n != 4 {
		t.Errorf("collisions: %d rows, want 4", n)
	}
	want := [][]string{{"$100k", "100000.0"}, {"$90k", "90000.0"}, {"30", "72800.0"}, {"50000", "60000.0"}, {"50000", "60000.0"}, {"60000", "70000.0"}}
	if rows := joinedPay(t, db); !reflect.DeepEqual(rows, want) {
		t.Errorf("pay joined by key or fields:\n got %v\nwant %v", rows, want)
	}
}

// A night that adds a file keeps the collided tuples and finds new ones: a
// collided tuple posted again, a new tuple under a collided key, and a new
// tuple under a key the kept map holds for another tuple (which the kept
// map took for mapped) are all mapped by their fields, each once.
func TestPayKeyCollisionsSurviveANightThatAddsAFile(t *testing.T) {
	ctx := context.Background()
	db := weakPayKeyDB(t)
	b := &build{db: db, log: slog.New(slog.DiscardHandler)}
	if _, err := b.mapPay(ctx); err != nil {
		t.Fatal(err)
	}
	defer addNight(t, b, `
			(2, '60000', '80000', NULL, 'year', NULL, NULL),
			(2, '40000', '45000', NULL, 'year', NULL, NULL),
			(2, '20', '25', NULL, 'hour', NULL, NULL)`)()
	if !b.payCollided {
		t.Fatal("the published pay map's collisions were not seen")
	}
	if _, err := b.mapPay(ctx); err != nil {
		t.Fatal(err)
	}
	if n := countRows(t, db, "SELECT count(*) FROM map_postings__pay_collisions"); n != 7 {
		t.Errorf("collisions: %d rows, want the 4 tuples before and 3 new, each once", n)
	}
	want := [][]string{{"$100k", "100000.0"}, {"$90k", "90000.0"}, {"20", "46800.0"}, {"30", "72800.0"}, {"40000", "42500.0"},
		{"50000", "60000.0"}, {"50000", "60000.0"}, {"60000", "70000.0"}, {"60000", "70000.0"}}
	if rows := joinedPay(t, db); !reflect.DeepEqual(rows, want) {
		t.Errorf("pay joined by key or fields:\n got %v\nwant %v", rows, want)
	}
}

// With no collided tuple published, the pay map looks for new keys in the
// added file alone; a new tuple under a key the kept map holds for another
// is still found, and both are mapped by their fields.
func TestANightsPayTupleUnderAKeptKeyIsMappedByItsFields(t *testing.T) {
	ctx := context.Background()
	db := weakPayKeyDB(t)
	// one tuple a period: no key shared
	if err := db.Exec(ctx, `DELETE FROM raw_postings__postings WHERE pay_min = '60000' OR pay_text IS NOT NULL`); err != nil {
		t.Fatal(err)
	}
	b := &build{db: db, log: slog.New(slog.DiscardHandler)}
	if _, err := b.mapPay(ctx); err != nil {
		t.Fatal(err)
	}
	if n := countRows(t, db, "SELECT count(*) FROM map_postings__pay_collisions"); n != 0 {
		t.Fatalf("collisions before the night: %d, want none", n)
	}
	defer addNight(t, b, `
			(2, '40000', '45000', NULL, 'year', NULL, NULL),
			(2, '30', '40', NULL, 'hour', NULL, NULL)`)()
	if b.payCollided || b.newKeysQuery("map_postings__pay", payDistinctFields) == rawQuery(payDistinctFields) {
		t.Fatal("with no collisions the pay map should look in the added file alone")
	}
	if _, err := b.mapPay(ctx); err != nil {
		t.Fatal(err)
	}
	if n := countRows(t, db, "SELECT count(*) FROM map_postings__pay_collisions"); n != 2 {
		t.Errorf("collisions: %d rows, want the two yearly tuples", n)
	}
	want := [][]string{{"30", "72800.0"}, {"30", "72800.0"}, {"40000", "42500.0"}, {"50000", "60000.0"}, {"50000", "60000.0"}}
	if rows := joinedPay(t, db); !reflect.DeepEqual(rows, want) {
		t.Errorf("pay joined by key or fields:\n got %v\nwant %v", rows, want)
	}
}

// addNight adds file 2 with the raw postings rows (VALUES tuples of
// addPostingsFile's columns) as a night that only adds it: b reuses its
// maps and views the added postings. It returns the view's drop.
func addNight(t *testing.T, b *build, rows string) func() {
	t.Helper()
	addPostingsFile(t, b.db, 2, rows)
	b.reuseMaps = true
	drop, err := b.viewAddedPostings(context.Background(), []int64{2})
	if err != nil {
		t.Fatal(err)
	}
	return drop
}

// weakPayKeyDB is a database with the schema and staging's macros whose pay
// key is the pay period alone, with one file of postings whose tuples share
// keys: two yearly tuples and two without a period share a key; the hourly
// one has its own.
func weakPayKeyDB(t *testing.T) *store.DB {
	t.Helper()
	ctx := context.Background()
	db := openTestDB(t)
	if err := db.RunDir(ctx, "schema"); err != nil {
		t.Fatal(err)
	}
	if err := db.LoadReference(ctx); err != nil {
		t.Fatal(err)
	}
	// stg_soc__occupations (empty) and the macros staging's postings use
	if err := db.RunFiles(ctx, []string{"staging/000_macros.sql", "staging/040_stg_soc.sql"}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`CREATE OR REPLACE MACRO posting_pay_key(pay_min, pay_max, pay_point, pay_period, pay_text, currency, default_currency) AS hash(pay_period)`,
		`INSERT INTO map_postings__sources VALUES ('jobs', 'USD', NULL)`,
	} {
		if err := db.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	addPostingsFile(t, db, 1, `
			(1, '50000', '70000', NULL, 'year', NULL, NULL),
			(1, '60000', '80000', NULL, 'year', NULL, NULL),
			(1, '50000', '70000', NULL, 'year', NULL, NULL),
			(1, '30', '40', NULL, 'hour', NULL, NULL),
			(1, NULL, NULL, NULL, NULL, '$90k', NULL),
			(1, NULL, NULL, NULL, NULL, '$100k', NULL)`)
	return db
}

// addPostingsFile records file id of source jobs and its raw postings: rows
// are VALUES tuples of (source_file_id, pay_min, pay_max, pay_point,
// pay_period, pay_text, currency).
func addPostingsFile(t *testing.T, db *store.DB, id int, rows string) {
	t.Helper()
	for _, q := range []string{
		fmt.Sprintf(`INSERT INTO source_files (source_file_id, run_id, source_name, kind, file_name, path, sha256, bytes, status, ingested_at)
			VALUES (%d, 1, 'jobs', 'postings', 'jobs%[1]d.csv', 'jobs%[1]d.csv', '', 0, 'ok', TIMESTAMP '2026-01-01')`, id),
		`INSERT INTO raw_postings__postings (source_file_id, row_number, pay_min, pay_max, pay_point, pay_period, pay_text, currency)
			SELECT source_file_id, row_number() OVER (), pay_min, pay_max, pay_point, pay_period, pay_text, currency
			FROM (VALUES ` + rows + `) AS v(source_file_id, pay_min, pay_max, pay_point, pay_period, pay_text, currency)`,
	} {
		if err := db.Exec(context.Background(), q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

func countRows(t *testing.T, db *store.DB, q string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(context.Background(), q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// joinedPay stages the postings with staging's own SQL and returns each
// staged posting's pay (its first amount or its text, and the annual
// midpoint), which staging finds in the pay maps by key, else by fields.
func joinedPay(t *testing.T, db *store.DB) [][]string {
	t.Helper()
	ctx := context.Background()
	if err := db.RunFiles(ctx, []string{"staging/050_stg_postings__postings.sql"}); err != nil {
		t.Fatal(err)
	}
	rows, err := db.DistinctRows(ctx, `
		SELECT split_part(salary_raw, ' | ', 1), CAST(annual_mid AS VARCHAR)
		FROM stg_postings__postings
		ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// mapDistinct maps every key exactly once however the keys fall into
// chunks, afresh and incrementally (only the keys the map lacks).
func TestMapDistinctMapsEveryKeyAcrossChunks(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	for _, q := range []string{
		`CREATE TABLE words (w VARCHAR)`,
		`INSERT INTO words SELECT 'w' || (i % 10) FROM range(25) AS r(i)`,
	} {
		if err := db.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	b := &build{db: db, log: slog.New(slog.DiscardHandler), mapChunk: 3}
	upper := func(k []string) []string { return []string{strings.ToUpper(k[0])} }
	mapped := func() [][]string {
		t.Helper()
		rows, err := db.DistinctRows(ctx, `SELECT w, up, CAST(count(*) OVER (PARTITION BY w) AS VARCHAR) FROM map_words ORDER BY w`)
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	want := func(n int) [][]string {
		var rows [][]string
		for i := range n {
			w := "w" + strconv.Itoa(i)
			rows = append(rows, []string{w, strings.ToUpper(w), "1"})
		}
		slices.SortFunc(rows, func(a, b []string) int { return strings.Compare(a[0], b[0]) })
		return rows
	}
	tests := []struct {
		name   string
		reuse  bool
		insert string
		new    int
		total  int
	}{
		{"afresh", false, "", 10, 10},
		{"incremental", true, `INSERT INTO words SELECT 'w' || i FROM range(8, 17) AS r(i)`, 7, 17},
		{"nothing new", true, "", 0, 17},
	}
	for _, tt := range tests {
		if tt.insert != "" {
			if err := db.Exec(ctx, tt.insert); err != nil {
				t.Fatal(err)
			}
		}
		n, err := b.mapDistinct(ctx, tt.reuse, "map_words", `SELECT DISTINCT w FROM words`, []string{"w"}, []string{"up"}, upper)
		if err != nil || n != tt.new {
			t.Fatalf("%s: mapped %d keys, %v; want %d", tt.name, n, err, tt.new)
		}
		if got := mapped(); !reflect.DeepEqual(got, want(tt.total)) {
			t.Errorf("%s: map\n got %v\nwant %v", tt.name, got, want(tt.total))
		}
	}
}

// Each map's prune (a night that dropped a postings file) is planned as a
// join on the keys, never as a product of map and keys: the pay map's,
// with the key cast in the correlated condition, was a cross product that
// ran for minutes at a million postings. The plan is the same at any size.
func TestMapPrunesJoinOnTheirKeys(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	if err := db.RunDir(ctx, "schema"); err != nil {
		t.Fatal(err)
	}
	if err := db.RunFiles(ctx, []string{"staging/000_macros.sql"}); err != nil {
		t.Fatal(err)
	}
	if err := db.Exec(ctx, `INSERT INTO map_postings__sources VALUES ('jobs', 'USD', NULL)`); err != nil {
		t.Fatal(err)
	}
	addPostingsFile(t, db, 1, `(1, '50000', '70000', NULL, 'year', NULL, NULL), (1, '60000', '80000', NULL, 'year', NULL, NULL)`)
	tests := []struct {
		table, query string
		keyCols      []string
	}{
		{"map_postings__pay", payKeysQuery, []string{"pay_key"}},
		{"map_postings__titles", `SELECT DISTINCT title FROM {raw} WHERE title IS NOT NULL`, []string{"title"}},
		{"map_postings__places", `SELECT DISTINCT location, city, state, country, remote FROM {raw}`,
			[]string{"location", "city", "state", "country", "remote"}},
	}
	for _, tt := range tests {
		t.Run(tt.table, func(t *testing.T) {
			plan, err := db.DistinctRows(ctx, "EXPLAIN "+pruneStatement(tt.table, rawQuery(tt.query), tt.keyCols))
			if err != nil {
				t.Fatal(err)
			}
			text := fmt.Sprint(plan)
			if !strings.Contains(text, "HASH_JOIN") {
				t.Errorf("no hash join in the plan:\n%s", text)
			}
			for _, op := range []string{"CROSS_PRODUCT", "NESTED_LOOP_JOIN", "BLOCKWISE_NL_JOIN", "PIECEWISE_MERGE_JOIN"} {
				if strings.Contains(text, op) {
					t.Errorf("%s in the plan:\n%s", op, text)
				}
			}
		})
	}
}
