package pipeline

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// postingsModel is the staging file that writes stg_postings__postings.
const postingsModel = "staging/050_stg_postings__postings.sql"

// patchInput reports whether table is one of the tables postingsModel
// reads that may change on a night whose postings it can patch: the raw
// rows (files added or dropped), the maps (new keys, and the keys only
// dropped files had, when normalize kept every other key it had), and
// source_files and run_source_order, read for the posting order, which the
// model itself checks before it patches.
func patchInput(table string) bool {
	return table == "raw_postings__postings" || strings.HasPrefix(table, "map_postings__") ||
		table == "source_files" || table == "run_source_order"
}

// proposePostingsPatch decides whether this build may stage only the
// night's new postings files and patch the staged rows it copied from the
// published database (the dropped files' rows deleted, the new files'
// appended, the duplicate groups they touch given their first rows again),
// instead of staging every posting again (at ten million postings, 82 of a
// 229 s night that added ten thousand). When it may, it lists the added and
// dropped files in the temporary table postings_patch, which the model
// reads; the model keeps the list only if the staged files are the kept
// and the dropped ones and the kept ones keep their order. It returns why
// not when it may not.
func (b *build) proposePostingsPatch(ctx context.Context) (why string, err error) {
	switch {
	case b.models == nil || !b.models[postingsModel]:
		return "a full build", nil
	case !b.reuseMaps || b.mapsRebuilt:
		return "the maps were built afresh", nil
	case !b.postingSourcesKept:
		return "a postings source's settings changed", nil
	}
	for _, t := range b.postingsStaleInputs {
		if !patchInput(t) {
			return t + " changed", nil
		}
	}
	if staged, err := b.db.StoredTablesLike(ctx, "stg_postings__postings_derived"); err != nil || len(staged) == 0 {
		return "no staged postings", err
	}
	// the files normalize found added and dropped (it ran: the maps were reused)
	if len(b.addedPostingFiles) == 0 && len(b.droppedPostingFiles) == 0 {
		return "no postings file added or dropped", nil
	}
	var rows []string
	for _, f := range b.addedPostingFiles {
		rows = append(rows, fmt.Sprintf("(%d, 'added')", f))
	}
	for _, f := range b.droppedPostingFiles {
		rows = append(rows, fmt.Sprintf("(%d, 'dropped')", f))
	}
	if err := b.db.Exec(ctx, "CREATE OR REPLACE TEMP TABLE postings_patch (source_file_id BIGINT, change VARCHAR)"); err != nil {
		return "", fmt.Errorf("list the night's postings files: %w", err)
	}
	if err := b.db.Exec(ctx, "INSERT INTO postings_patch VALUES "+strings.Join(rows, ", ")); err != nil {
		return "", fmt.Errorf("list the night's postings files: %w", err)
	}
	return "", nil
}

// postingsPatched reads how many postings files the model staged and
// dropped on a patch (0 and 0: it staged every file) and drops the list.
func (b *build) postingsPatched(ctx context.Context) (added, dropped int64, err error) {
	if err := b.db.QueryRow(ctx, "SELECT count(*) FILTER (change = 'added'), count(*) FILTER (change = 'dropped') FROM postings_patch").Scan(&added, &dropped); err != nil {
		return 0, 0, fmt.Errorf("read the patched postings files: %w", err)
	}
	return added, dropped, b.db.Exec(ctx, "DROP TABLE postings_patch")
}

// idList writes ids for SQL's IN (…).
func idList(ids []int64) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(out, ", ")
}

// addedFiles are the source file ids of now (a comma-separated set, as
// store.SourceFileSets writes it) that published lacks, in order; with the
// two swapped, the ids now lacks.
func addedFiles(published, now string) []int64 {
	had := strings.Split(published, ",")
	var added []int64
	for _, s := range strings.Split(now, ",") {
		if s == "" || slices.Contains(had, s) {
			continue
		}
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			added = append(added, id)
		}
	}
	slices.Sort(added)
	return added
}
