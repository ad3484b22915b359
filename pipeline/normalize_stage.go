package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/klauspost/compress/zstd"

	"github.com/wagescope/wagescope/internal/buildid"
	"github.com/wagescope/wagescope/pipeline/normalize"
	"github.com/wagescope/wagescope/pipeline/store"
)

// The normalize stage works on distinct values, never on rows: each query
// below takes DISTINCT raw values, Go normalizes each once, and the mapping
// goes back to DuckDB as a map_postings__* table that staging joins.

// normalizePostings builds every map_postings__* table; it returns the
// number of distinct values normalized.
func (b *build) normalizePostings(ctx context.Context) (int64, error) {
	if err := b.postingSourceSettings(ctx); err != nil {
		return 0, err
	}
	// Built from the published database by the same code (the build
	// fingerprint: normalizers, reference tables), its maps still hold for
	// every key they have; only new keys are normalized.
	b.reuseMaps = b.fromPublished && !b.opt.Force && b.only[StageIngest]
	if b.reuseMaps {
		// Values only go stale when postings went away (a file dropped or
		// replaced); on a night that only adds files nothing is deleted.
		now, err := b.ingestedSets(ctx)
		if err != nil {
			return 0, err
		}
		b.addedPostingFiles = addedFiles(b.publishedFileSets["raw_postings__postings"], now["raw_postings__postings"])
		b.droppedPostingFiles = addedFiles(now["raw_postings__postings"], b.publishedFileSets["raw_postings__postings"])
		drop, err := b.viewAddedPostings(ctx, b.addedPostingFiles)
		if err != nil {
			return 0, err
		}
		defer drop()
	}
	steps := []func(context.Context) (int, error){
		b.mapTitles, b.mapPay, b.mapPlaces, b.mapExperience, b.mapEmployers, b.mapDescriptions,
	}
	var total int64
	for _, step := range steps {
		n, err := step(ctx)
		if err != nil {
			return total, err
		}
		total += int64(n)
	}
	return total, nil
}

// addedPostingsView holds the raw postings of the files a night added, for
// the maps' new keys (viewAddedPostings).
const addedPostingsView = "raw_postings__added"

// viewAddedPostings makes the raw postings of the files added since the
// published build a temporary view (empty on a night that only dropped
// files). The maps look for new keys in its rows alone (newKeysQuery): the
// published maps hold every key of the files kept (built from them, and
// only pruned of keys no posting has), also on a night that dropped or
// replaced files (until 2026-11-24 those looked among every posting); at
// ten million postings finding the new keys among
// every posting's took about 3 s of the title, place, employer and
// description maps and 2.8 s of the pay map's. And the pay map checks the
// added tuples whose key it already holds (separatePayCollisions). The
// returned func drops the view.
func (b *build) viewAddedPostings(ctx context.Context, added []int64) (func(), error) {
	b.addedPostings = false
	if len(added) == 0 && len(b.droppedPostingFiles) == 0 {
		return func() {}, nil
	}
	// A night that only dropped files has no new keys: the view is empty.
	which := "false"
	if len(added) > 0 {
		which = "source_file_id IN (" + idList(added) + ")"
	}
	if err := b.db.Exec(ctx, fmt.Sprintf("CREATE OR REPLACE TEMP VIEW %s AS SELECT * FROM raw_postings__postings WHERE %s",
		addedPostingsView, which)); err != nil {
		return nil, fmt.Errorf("view the added postings: %w", err)
	}
	collided, err := b.payCollisions(ctx)
	if err != nil {
		return nil, err
	}
	b.addedPostings, b.payCollided = true, collided > 0
	return func() {
		b.addedPostings = false
		b.db.Exec(context.WithoutCancel(ctx), "DROP VIEW IF EXISTS "+addedPostingsView) //nolint:errcheck // a temp view ends with the connection anyway
	}, nil
}

// payCollisions counts the published pay map's collided tuples (none when
// it has no collisions table).
func (b *build) payCollisions(ctx context.Context) (int64, error) {
	const table = "map_postings__pay_collisions"
	if exists, err := b.db.TablesLike(ctx, table); err != nil || len(exists) == 0 {
		return 0, err
	}
	var n int64
	if err := b.db.QueryRow(ctx, "SELECT count(*) FROM "+table).Scan(&n); err != nil {
		return 0, fmt.Errorf("count %s: %w", table, err)
	}
	return n, nil
}

// rawQuery is a map's key query (its postings written {raw}) over every
// raw posting.
func rawQuery(query string) string {
	return strings.ReplaceAll(query, "{raw}", "raw_postings__postings")
}

// newKeysQuery is the key query that finds the keys a kept map lacks: over
// the added files' rows (viewAddedPostings), else over every posting. The
// pay map looks in every posting while it has collided
// tuples: they leave it (separatePayCollisions) and are found again only
// there.
func (b *build) newKeysQuery(table, query string) string {
	if !b.addedPostings || (table == "map_postings__pay" && b.payCollided) {
		return rawQuery(query)
	}
	return strings.ReplaceAll(query, "{raw}", addedPostingsView)
}

// postingSourceSettings records each postings source's default currency and
// duplicate key for the staging SQL.
func (b *build) postingSourceSettings(ctx context.Context) error {
	var rows [][]string
	for _, src := range b.cfg.Sources {
		if src.Kind != "postings" {
			continue
		}
		_, key, currency, err := postingMapping(src)
		if err != nil {
			return err
		}
		rows = append(rows, []string{src.Name, currency, strings.Join(key, ",")})
	}
	const table = "map_postings__sources"
	kept, err := b.keepsSourceRows(ctx, table, rows)
	if err != nil {
		return err
	}
	b.postingSourcesKept = kept
	return b.db.ReplaceStringTable(ctx, table, []string{"source_name", "default_currency", "duplicate_key"}, rows)
}

// keepsSourceRows reports whether rows, each a source's settings (its name
// first), hold every row of the database's table whose source is still
// configured (false when the table does not exist). A source removed from
// the configuration takes its postings with it, so its settings no longer
// matter. The rows are text, as ReplaceStringTable stores them.
func (b *build) keepsSourceRows(ctx context.Context, table string, rows [][]string) (bool, error) {
	if exists, err := b.db.TablesLike(ctx, table); err != nil || len(exists) == 0 {
		return false, err
	}
	had, err := b.db.DistinctRows(ctx, "SELECT * FROM "+store.QuoteIdent(table))
	if err != nil {
		return false, fmt.Errorf("read %s: %w", table, err)
	}
	for _, h := range had {
		configured := slices.ContainsFunc(rows, func(r []string) bool { return r[0] == h[0] })
		if configured && !slices.ContainsFunc(rows, func(r []string) bool { return slices.Equal(r, h) }) {
			return false, nil
		}
	}
	return true, nil
}

// mapChunk is how many distinct keys are mapped at a time: Go holds one
// chunk of keys and results, not every distinct description of ten million
// postings (which alone took the run past 4 GB).
const mapChunk = 100_000

// chunk is how many keys mapDistinct maps at a time: mapChunk unless a test
// sets build.mapChunk.
func (b *build) chunk() int64 {
	if b.mapChunk > 0 {
		return int64(b.mapChunk)
	}
	return mapChunk
}

// mapDistinct runs query (distinct keys; it names the raw postings {raw},
// see rawQuery and newKeysQuery), applies fn to each key row and
// stores the first len(keyCols) query columns plus fn's columns in table.
// Columns are VARCHAR but those mapTypes names: fn writes their values as
// text and DuckDB casts them once per key as they are stored.
// The keys wait in a temporary table and are mapped a chunk at a time.
// With reuse, the table as published keeps the rows whose key query still
// returns, and only the other keys are mapped (a night's new postings, not
// every posting again); without it the table is rebuilt.
func (b *build) mapDistinct(ctx context.Context, reuse bool, table, query string, keyCols, outCols []string, fn func(key []string) []string) (int, error) {
	if reuse {
		existing, err := b.db.TablesLike(ctx, table)
		if err != nil {
			return 0, err
		}
		reuse = len(existing) == 1
	}
	keyTable := table + "__keys"
	defer b.db.Exec(context.WithoutCancel(ctx), "DROP TABLE IF EXISTS "+keyTable) //nolint:errcheck // a temp table ends with the connection anyway
	start := time.Now()
	columns := append(append([]string(nil), keyCols...), outCols...)
	total, kept := 0, int64(0)
	// One transaction for all the chunks (see InTransaction): at a million
	// postings the pay map took 3.0 s committing each batch, 2.6 s in one.
	err := b.db.InTransaction(ctx, func() error {
		if !reuse {
			b.mapsRebuilt = true
			if err := b.db.Exec(ctx, fmt.Sprintf("CREATE OR REPLACE TEMP TABLE %s AS %s", keyTable, rawQuery(query))); err != nil {
				return fmt.Errorf("%s: %w", table, err)
			}
			if err := b.db.ReplaceTypedTable(ctx, table, columns, mapTypes(table)); err != nil {
				return err
			}
		} else {
			var err error
			if kept, err = b.keepMapped(ctx, table, keyTable, rawQuery(query), b.newKeysQuery(table, query), keyCols, len(b.droppedPostingFiles) > 0); err != nil {
				return fmt.Errorf("%s: %w", table, err)
			}
		}
		// The chunks are ranges of the keys' rowid: numbering them with
		// row_number() OVER () took 1.7 of the pay keys' 3.3 s at ten
		// million postings (a window on one thread). Rows a transaction
		// has not committed get rowids from 2^62 up, so the range starts
		// at the smallest; a gap would cost an empty chunk, never a key.
		var first, last int64
		if err := b.db.QueryRow(ctx, "SELECT coalesce(min(rowid), 0), coalesce(max(rowid), -1) FROM "+keyTable).Scan(&first, &last); err != nil {
			return fmt.Errorf("%s: %w", table, err)
		}
		// A chunk is mapped on its own goroutines while the one before it
		// is stored and the next read: DuckDB leaves part of the two cores
		// idle as it reads and stores, and fn fills them.
		var mapped <-chan [][]string // the previous chunk's rows, being mapped
		store := func() error {
			if mapped == nil {
				return nil
			}
			rows := <-mapped
			mapped = nil
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := b.db.AppendStringRows(ctx, table, columns, rows); err != nil {
				return err
			}
			total += len(rows)
			return nil
		}
		step := b.chunk()
		for from := first; from <= last; from += step {
			keys, err := b.db.DistinctRows(ctx, fmt.Sprintf("SELECT * FROM %s WHERE rowid >= ? AND rowid < ? ORDER BY rowid", keyTable), from, from+step)
			if err != nil {
				return err
			}
			if len(keys) == 0 {
				continue
			}
			next := make(chan [][]string, 1) // buffered: the goroutine never waits for a reader that returned
			go func() { next <- mapRows(keys, len(keyCols), fn) }()
			if err := store(); err != nil {
				return err
			}
			mapped = next
		}
		return store()
	})
	if err != nil {
		return 0, err
	}
	b.log.Debug("distinct values mapped", "table", table, "values", total, "kept", kept, "seconds", fmt.Sprintf("%.2f", time.Since(start).Seconds()))
	return total, nil
}

// mapTypes are a map table's columns that are not VARCHAR, as
// queries/schema/030_maps.sql declares them: numbers and flags, cast once
// per distinct value as the map is stored instead of once per posting in
// staging. At ten million postings, alternated twice: the pay map 14.9-15.2
// s against 17.7-18.3 s as text, staging 55.5 s against 60.3-60.4 s.
func mapTypes(table string) map[string]string {
	switch table {
	case "map_postings__titles":
		return map[string]string{"match_score": "DOUBLE"}
	case "map_postings__pay":
		types := mapTypes("map_postings__pay_collisions")
		types["pay_key"] = "UBIGINT"
		return types
	case "map_postings__pay_collisions":
		return map[string]string{"min_posted": "DOUBLE", "max_posted": "DOUBLE", "point_posted": "DOUBLE",
			"annual_min": "DOUBLE", "annual_max": "DOUBLE", "annual_mid": "DOUBLE", "is_estimate": "BOOLEAN"}
	case "map_postings__places":
		return map[string]string{"is_remote": "BOOLEAN", "is_hybrid": "BOOLEAN"}
	}
	return nil
}

// keepMapped prepares an incremental map: with prune it deletes from table
// the rows whose key query no longer returns; it puts the keys of
// newKeysQuery (the same query, or over fewer postings) that table lacks
// into keyTable, for mapDistinct's chunks, and returns the rows kept. Keys
// compare as the map stores them (typed as mapTypes says), an empty string
// as NULL. Only the new keys are materialized (all of ten
// million postings' distinct descriptions held in a temporary table took
// the stage to 2.2 GB).
func (b *build) keepMapped(ctx context.Context, table, keyTable, query, newKeysQuery string, keyCols []string, prune bool) (int64, error) {
	// The query's first columns are the keys, whatever it names them.
	names := make([]string, len(keyCols))
	same := make([]string, len(keyCols))
	types := mapTypes(table)
	for i, k := range keyCols {
		var q string
		names[i], q = storedKey(types, k)
		same[i] = fmt.Sprintf("m.%s IS NOT DISTINCT FROM %s", names[i], q)
	}
	keys := func(q string) string { return fmt.Sprintf("(%s) AS q(%s)", q, strings.Join(names, ", ")) }
	match := strings.Join(same, " AND ")
	if prune {
		if err := b.db.Exec(ctx, pruneStatement(table, query, keyCols)); err != nil {
			return 0, err
		}
	}
	if err := b.db.Exec(ctx, fmt.Sprintf(`CREATE OR REPLACE TEMP TABLE %s AS SELECT q.*
		FROM %s WHERE NOT EXISTS (SELECT 1 FROM %s AS m WHERE %s)`, keyTable, keys(newKeysQuery), table, match)); err != nil {
		return 0, err
	}
	var kept int64
	err := b.db.QueryRow(ctx, "SELECT count(*) FROM "+table).Scan(&kept)
	return kept, err
}

// storedKey is key column k of a key query row q (text, ” for NULL) as
// a map with types stores it, and the column's quoted name.
func storedKey(types map[string]string, k string) (name, expr string) {
	name = store.QuoteIdent(k)
	expr = fmt.Sprintf("nullif(q.%s, '')", name)
	if typ, ok := types[k]; ok {
		expr = fmt.Sprintf("CAST(%s AS %s)", expr, typ)
	}
	return name, expr
}

// pruneStatement deletes from table the rows whose key query (its first
// columns the keys, as text) no longer returns. The keys are cast to the
// map's types before the comparison: with the cast in the correlated
// condition, DuckDB planned the pay map's prune as a cross product of map
// and keys (over 300 s at a million postings, the likely reason a
// ten-million night that replaced a file was killed after 20 minutes),
// 0.4 s this way.
func pruneStatement(table, query string, keyCols []string) string {
	types := mapTypes(table)
	names := make([]string, len(keyCols))
	typed := make([]string, len(keyCols))
	same := make([]string, len(keyCols))
	for i, k := range keyCols {
		names[i], typed[i] = storedKey(types, k)
		typed[i] += " AS " + names[i]
		same[i] = fmt.Sprintf("m.%[1]s IS NOT DISTINCT FROM l.%[1]s", names[i])
	}
	return fmt.Sprintf("DELETE FROM %s AS m WHERE NOT EXISTS (SELECT 1 FROM (SELECT %s FROM (%s) AS q(%s)) AS l WHERE %s)",
		table, strings.Join(typed, ", "), query, strings.Join(names, ", "), strings.Join(same, " AND "))
}

// mapRows applies fn to every key on every core: the normalizers are pure
// (the title index pools its scratch memory), and the title classifier is
// most of this stage at scale.
func mapRows(keys [][]string, keyCols int, fn func(key []string) []string) [][]string {
	return inParallel(keys, func(key []string) []string {
		return append(append([]string(nil), key[:keyCols]...), fn(key)...)
	})
}

// MatchTitles classifies titles on every core, in input order, as the
// normalize stage does (the titles command: 267,829 distinct titles took
// 24-32 s on one core).
func MatchTitles(ix *normalize.TitleIndex, titles []string) []normalize.TitleMatch {
	return inParallel(titles, ix.Match)
}

// inParallel is fn of every element of in, in order, computed by up to
// GOMAXPROCS goroutines (one per 1,024 elements at least, so a few values
// start none).
func inParallel[T, U any](in []T, fn func(T) U) []U {
	out := make([]U, len(in))
	workers := min(runtime.GOMAXPROCS(0), max(1, len(in)/1024))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(in); i += workers {
				out[i] = fn(in[i])
			}
		})
	}
	wg.Wait()
	return out
}

func (b *build) mapTitles(ctx context.Context) (int, error) {
	refs, err := b.referenceTitles(ctx)
	if err != nil {
		return 0, err
	}
	// The published titles keep their codes only if the reference titles
	// they were classified against are the same.
	reuse := b.reuseMaps
	if reuse {
		if reuse, err = b.titleRefsUnchanged(ctx, refs); err != nil {
			return 0, err
		}
	}
	// What the map was computed from, for the next run's mapsCurrent.
	digest := titleRefsDigest(refs)
	if err := b.db.ReplaceStringTable(ctx, titleRefsTable, []string{"sha256"}, [][]string{{digest}}); err != nil {
		return 0, err
	}
	ix, err := currentTitleIndex(ctx, b.db, refs, digest, buildid.Executable())
	if err != nil {
		return 0, err
	}
	return b.mapDistinct(ctx, reuse, "map_postings__titles",
		`SELECT DISTINCT title FROM {raw} WHERE title IS NOT NULL`,
		[]string{"title"}, []string{"soc_code", "matched_title", "match_score", "match_method", "title_experience_level"},
		func(k []string) []string {
			m := ix.Match(k[0])
			// the level the title's words say ("Senior …"), which staging
			// uses where the experience column says none
			lv := normalize.ClassifyExperience("", k[0], "").Level
			return []string{m.Code, m.Title, strconv.FormatFloat(m.Score, 'f', 3, 64), m.Method, lv}
		})
}

// currentTitleIndex returns the index builtBy stored over the reference
// titles of refsDigest when the database has it (a nightly run with new
// postings and the same lists: read and decoded in about 50 ms, against
// 0.8 s to build it and 1.4 MB to write again); otherwise, or when the one
// stored does not read back, it builds the index from refs and stores it.
// The caller has recorded refsDigest in titleRefsTable.
func currentTitleIndex(ctx context.Context, db *store.DB, refs []store.TitleRef, refsDigest, builtBy string) (*normalize.TitleIndex, error) {
	if ix, _ := storedTitleIndex(ctx, db, builtBy); ix != nil {
		return ix, nil
	}
	ix := newTitleIndex(refs)
	if err := storeTitleIndex(ctx, db, ix, refsDigest, builtBy); err != nil {
		return nil, err
	}
	return ix, nil
}

// TitleIndex returns the title classifier over the database's reference
// titles; the normalize stage and the commands share it so a title maps the
// same way in both. The index the normalize stage stored is decoded when
// this binary built it (about 30 ms instead of about 0.8 s to build it
// again). One stored for this binary that does not read back is built
// instead, with a warning on log (nil: none): the answers are the same, but
// each lookup by title pays the build until a run stores it again.
func TitleIndex(ctx context.Context, db *store.DB, log *slog.Logger) (*normalize.TitleIndex, error) {
	ix, err := storedTitleIndex(ctx, db, buildid.Executable())
	if ix != nil {
		return ix, nil
	}
	if err != nil && log != nil {
		log.Warn("stored title index unreadable; building it (the same answers, about 0.8 s slower) until the next run that maps titles stores it again",
			"err", err)
	}
	refs, err := titleRefs(ctx, db)
	if err != nil {
		return nil, err
	}
	return newTitleIndex(refs), nil
}

func titleRefs(ctx context.Context, db *store.DB) ([]store.TitleRef, error) {
	refs, err := db.TitleRefs(ctx)
	if err != nil {
		return nil, fmt.Errorf("reference titles: %w", err)
	}
	return refs, nil
}

func newTitleIndex(refs []store.TitleRef) *normalize.TitleIndex {
	entries := make([]normalize.TitleEntry, len(refs))
	for i, r := range refs {
		entries[i] = normalize.TitleEntry{Code: r.Code, Title: r.Title, Source: r.Source, Weight: r.Weight}
	}
	return normalize.NewTitleIndex(entries)
}

// referenceTitles are the title classifier's reference titles, read once
// per build: mapsCurrent and the title map both need them, and the raw
// tables they come from do not change after ingest.
func (b *build) referenceTitles(ctx context.Context) ([]store.TitleRef, error) {
	if b.loadedTitleRefs == nil {
		refs, err := titleRefs(ctx, b.db)
		if err != nil {
			return nil, err
		}
		b.loadedTitleRefs = refs
	}
	return b.loadedTitleRefs, nil
}

// titleRefsTable holds the digest of the reference titles the title map
// was computed from.
const titleRefsTable = "map_postings__title_refs"

// titleIndexTable holds the title index the normalize stage built, encoded
// (normalize.TitleIndex.MarshalBinary), with the digest of its reference
// titles and the build ID of the binary that built it: another binary may
// build a different index from the same titles.
const titleIndexTable = "map_postings__title_index"

// storeTitleIndex keeps ix for the commands that classify titles (rates,
// cite and check given a title, titles), compressed with zstd: 3.8 MB is
// 1.4 MB, and a fresh process read and decompressed it in 18-25 ms against
// 29-53 ms to read it whole (DuckDB alone took 15-28 ms to produce the
// 3.8 MB value). Without a build ID there is nothing to key it by, and no
// stored index is kept.
func storeTitleIndex(ctx context.Context, db *store.DB, ix *normalize.TitleIndex, refsDigest, builtBy string) error {
	if builtBy == "" {
		return db.Exec(ctx, "DROP TABLE IF EXISTS "+titleIndexTable)
	}
	blob, err := ix.MarshalBinary()
	if err != nil {
		return fmt.Errorf("%s: %w", titleIndexTable, err)
	}
	enc, err := zstd.NewWriter(nil, zstd.WithEncoderConcurrency(1))
	if err != nil {
		return fmt.Errorf("%s: %w", titleIndexTable, err)
	}
	packed := enc.EncodeAll(blob, nil)
	if err := enc.Close(); err != nil {
		return fmt.Errorf("%s: %w", titleIndexTable, err)
	}
	return db.Exec(ctx, "CREATE OR REPLACE TABLE "+titleIndexTable+
		" AS SELECT ?::VARCHAR AS refs_sha256, ?::VARCHAR AS built_by, ?::BLOB AS title_index", refsDigest, builtBy, packed)
}

// titleIndexMaxBytes bounds a stored index's decompressed size (the
// shared data's is 3.8 MB), so a damaged one cannot claim gigabytes.
const titleIndexMaxBytes = 256 << 20

// storedTitleIndex returns the index storeTitleIndex kept when builtBy built
// it over the reference titles the title map was computed from. It returns
// nil and no error when there is no such index (an older database, another
// binary, no postings run yet), and nil and an error when there is one that
// does not read back. The caller then builds the index, which gives the
// same answers.
func storedTitleIndex(ctx context.Context, db *store.DB, builtBy string) (*normalize.TitleIndex, error) {
	if builtBy == "" {
		return nil, nil
	}
	var blob []byte
	err := db.QueryRow(ctx, "SELECT i.title_index FROM "+titleIndexTable+" AS i JOIN "+titleRefsTable+
		" AS r ON i.refs_sha256 = r.sha256 WHERE i.built_by = ?", builtBy).Scan(&blob)
	if err != nil {
		// no row, or no table yet: nothing stored for this binary
		return nil, nil
	}
	dec, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(titleIndexMaxBytes))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", titleIndexTable, err)
	}
	defer dec.Close()
	if blob, err = dec.DecodeAll(blob, nil); err != nil {
		return nil, fmt.Errorf("%s: decompress: %w", titleIndexTable, err)
	}
	ix := &normalize.TitleIndex{}
	if err := ix.UnmarshalBinary(blob); err != nil {
		return nil, fmt.Errorf("%s: %w", titleIndexTable, err)
	}
	return ix, nil
}

// titleRefsDigest fingerprints the classifier's reference titles, in the
// order the index is built from them (the order decides ties).
func titleRefsDigest(refs []store.TitleRef) string {
	h := sha256.New()
	for _, r := range refs {
		fmt.Fprintf(h, "%s\t%s\t%s\t%g\n", r.Code, r.Title, r.Source, r.Weight)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// titleRefsUnchanged reports whether the reference titles are the ones the
// published title map was computed from.
func (b *build) titleRefsUnchanged(ctx context.Context, refs []store.TitleRef) (bool, error) {
	tables, err := b.db.TablesLike(ctx, titleRefsTable)
	if err != nil || len(tables) == 0 {
		return false, err
	}
	var published string
	if err := b.db.QueryRow(ctx, "SELECT coalesce(max(sha256), '') FROM "+titleRefsTable).Scan(&published); err != nil {
		return false, err
	}
	return published == titleRefsDigest(refs), nil
}

// payKeyFields are the raw fields the pay parser reads, as the pay map's
// key (posting_pay_key) hashes them.
var payKeyFields = []string{"pay_min", "pay_max", "pay_point", "pay_period", "pay_text", "currency", "default_currency"}

// payMapColumns are what the pay parser makes of them.
var payMapColumns = []string{"min_posted", "max_posted", "point_posted", "period", "currency_iso", "annual_min", "annual_max", "annual_mid",
	"is_estimate", "pay_source", "pay_note", "pay_reject"}

// payFields are a posting's raw pay fields and its source's default
// currency, read from payFieldsFrom; posting_pay_key hashes them.
const (
	payFields     = `r.pay_min, r.pay_max, r.pay_point, r.pay_period, r.pay_text, r.currency, s.default_currency`
	payFieldsFrom = `
	FROM {raw} AS r
	JOIN source_files AS f USING (source_file_id)
	LEFT JOIN map_postings__sources AS s ON s.source_name = f.source_name`
)

// payKey is posting_pay_key of a row of payDistinctFields.
const payKey = `posting_pay_key(pay_min, pay_max, pay_point, pay_period, pay_text, currency, default_currency)`

// payDistinctFields is the distinct raw pay fields of the postings {raw}
// names (rawQuery, newKeysQuery).
const payDistinctFields = `
	SELECT DISTINCT ` + payFields + payFieldsFrom

// payKeysQuery is the pay map's key query: each distinct tuple of pay
// fields with its key.
const payKeysQuery = `
		SELECT CAST(` + payKey + ` AS VARCHAR) AS pay_key, *
		FROM (` + payDistinctFields + `)`

func (b *build) mapPay(ctx context.Context) (int, error) {
	// keyed by posting_pay_key (see queries/schema/030_maps.sql), which
	// staging computes from the same raw fields; as text, so the keys reach
	// Go as Arrow strings
	n, err := b.mapDistinct(ctx, b.reuseMaps, "map_postings__pay", payKeysQuery,
		[]string{"pay_key"}, payMapColumns,
		func(k []string) []string { return parsePayFields(k[1:]) })
	if err != nil {
		return 0, err
	}
	return n, b.separatePayCollisions(ctx)
}

// parsePayFields parses one tuple of payKeyFields into payMapColumns.
func parsePayFields(f []string) []string {
	p := normalize.ParsePay(normalize.PayInput{Min: f[0], Max: f[1], Point: f[2], Period: f[3], Text: f[4], Currency: f[5], DefaultCurrency: f[6]})
	return []string{num(p.Min), num(p.Max), num(p.Point), p.Period, p.Currency, num(p.AnnualMin), num(p.AnnualMax), num(p.AnnualMid),
		strconv.FormatBool(p.IsEstimate), p.Source, p.Note, p.Reject}
}

// separatePayCollisions moves the pay map's keys that two tuples share (a
// 64-bit hash: at ten million postings' 3.6M keys, odds of about one in
// three million) out of the map, and maps those tuples again into
// map_postings__pay_collisions, which staging joins on the fields
// themselves. The check runs over the whole map, kept rows included, and on
// a night that added postings over their tuples whose key the map already
// held, so an incremental night's new tuple cannot share a hash with an old
// one unseen.
func (b *build) separatePayCollisions(ctx context.Context) error {
	const table = "map_postings__pay_collisions"
	columns := append(append([]string(nil), payKeyFields...), payMapColumns...)
	return b.db.InTransaction(ctx, func() error {
		if err := b.db.ReplaceTypedTable(ctx, table, columns, mapTypes(table)); err != nil {
			return err
		}
		keys := `SELECT pay_key FROM map_postings__pay GROUP BY pay_key HAVING count(*) > 1`
		if b.addedPostings {
			// A kept map takes a key it holds for mapped, so a tuple of the
			// added postings that shares a kept tuple's key was never
			// mapped: its key is collided when the postings hold two
			// tuples under it.
			// (Each posting's key, filtered before DISTINCT: at ten
			// million postings 1.0-1.1 s, against 1.9-2.0 s over the
			// distinct tuples.)
			keys += `
			UNION
			SELECT pay_key FROM (
			    SELECT DISTINCT posting_pay_key(` + payFields + `) AS pay_key, ` + payFields +
				rawQuery(payFieldsFrom) + `
			    WHERE posting_pay_key(` + payFields + `) IN (
			        SELECT ` + payKey + `
			        FROM (` + strings.ReplaceAll(payDistinctFields, "{raw}", addedPostingsView) + `)
			        INTERSECT
			        SELECT pay_key FROM map_postings__pay))
			GROUP BY pay_key HAVING count(*) > 1`
		}
		if err := b.db.Exec(ctx, "CREATE OR REPLACE TEMP TABLE pay_collided_keys AS "+keys); err != nil {
			return fmt.Errorf("%s: %w", table, err)
		}
		defer b.db.Exec(context.WithoutCancel(ctx), "DROP TABLE IF EXISTS pay_collided_keys") //nolint:errcheck // a temp table ends with the connection anyway
		var collided int64
		if err := b.db.QueryRow(ctx, "SELECT count(*) FROM pay_collided_keys").Scan(&collided); err != nil || collided == 0 {
			return err
		}
		tuples, err := b.db.DistinctRows(ctx, `SELECT * FROM (`+rawQuery(payDistinctFields)+`)
			WHERE `+payKey+` IN (SELECT pay_key FROM pay_collided_keys)`)
		if err != nil {
			return fmt.Errorf("%s: %w", table, err)
		}
		if err := b.db.Exec(ctx, "DELETE FROM map_postings__pay WHERE pay_key IN (SELECT pay_key FROM pay_collided_keys)"); err != nil {
			return fmt.Errorf("%s: %w", table, err)
		}
		b.log.Info("pay keys that share a hash, mapped by their fields", "keys", collided, "tuples", len(tuples))
		return b.db.AppendStringRows(ctx, table, columns, mapRows(tuples, len(payKeyFields), parsePayFields))
	})
}

func (b *build) mapPlaces(ctx context.Context) (int, error) {
	states, metros, err := b.db.PlaceRefs(ctx)
	if err != nil {
		return 0, err
	}
	ix := normalize.NewPlaceIndex(states, metros)
	return b.mapDistinct(ctx, b.reuseMaps, "map_postings__places", `
		SELECT DISTINCT location, city, state, country, remote FROM {raw}`,
		[]string{"location", "city", "state", "country", "remote"},
		[]string{"place_city", "place_state", "place_state_fips", "place_cbsa", "place_cbsa_title", "place_country", "place_postal",
			"is_remote", "is_hybrid", "place_method"},
		func(k []string) []string {
			// A location string first; when it does not resolve (a street
			// address), the separate city/state/country fields.
			p := ix.ParseParts(k[1], k[2], k[3])
			if k[0] != "" {
				if loc := ix.Parse(k[0], k[3]); loc.State != "" || loc.Country != "" || p.Country == "" {
					p = loc
				}
			}
			remote, hybrid := p.Remote, p.Hybrid
			switch strings.ToLower(k[4]) { // remote_ratio 100 / work_models "Remote", "Hybrid"
			case "100", "remote", "true", "yes":
				remote = true
			case "50", "hybrid":
				hybrid = true
			}
			return []string{p.City, p.State, p.StateFIPS, p.CBSA, p.CBSATitle, p.Country, p.Postal,
				strconv.FormatBool(remote), strconv.FormatBool(hybrid), p.Method}
		})
}

// mapExperience maps the experience column's own values. A level read from
// the title instead comes with the title's map: keyed by (experience,
// title) pairs this map had 2.9M rows at ten million postings, not a few
// hundred.
func (b *build) mapExperience(ctx context.Context) (int, error) {
	return b.mapDistinct(ctx, b.reuseMaps, "map_postings__experience",
		`SELECT DISTINCT experience FROM {raw} WHERE experience IS NOT NULL`,
		[]string{"experience"}, []string{"experience_level", "experience_method"},
		func(k []string) []string {
			e := normalize.ClassifyExperience(k[0], "", "")
			return []string{e.Level, e.Method}
		})
}

func (b *build) mapEmployers(ctx context.Context) (int, error) {
	return b.mapDistinct(ctx, b.reuseMaps, "map_postings__employers",
		`SELECT DISTINCT employer, employer_type, industry, company_size FROM {raw}`,
		[]string{"employer", "employer_type", "industry", "company_size"},
		[]string{"employer_name", "employer_type_norm", "employer_type_method", "company_size_norm"},
		func(k []string) []string {
			name := normalize.CleanEmployerName(k[0])
			t := normalize.ClassifyEmployer(name, k[1], k[2])
			return []string{name, t.Type, t.Method, normalize.CompanySize(k[3])}
		})
}

// mapDescriptions extracts required years, certifications and education
// once per distinct description, keyed by its md5.
func (b *build) mapDescriptions(ctx context.Context) (int, error) {
	return b.mapDistinct(ctx, b.reuseMaps, "map_postings__descriptions",
		`SELECT DISTINCT md5(description), description FROM {raw} WHERE description IS NOT NULL`,
		[]string{"description_md5"},
		[]string{"years_required", "years_level", "certifications", "min_education"},
		func(k []string) []string {
			e := normalize.ClassifyExperience("", "", k[1])
			r := normalize.ExtractRequirements(k[1])
			return []string{num(e.Years), e.Level, strings.Join(r.Certifications, ";"), r.MinEducation}
		})
}

func num(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}
