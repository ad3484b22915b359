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

// appendInput reports whether table is one of the tables postingsModel
// reads that may change on a night whose postings it can append: the raw
// rows (new files only), the maps (new keys only, when normalize kept every
// key it had), and source_files and run_source_order, read for the posting
// order, which the model itself checks before it appends.
func appendInput(table string) bool {
	return table == "raw_postings__postings" || strings.HasPrefix(table, "map_postings__") ||
		table == "source_files" || table == "run_source_order"
}

// proposePostingsAppend decides whether this build may stage only the
// night's new postings files and append them to the staged rows it
// copied from the published database, instead of staging every posting
// again (at ten million postings, 82 of a 229 s night that added ten
// thousand). When it may, it lists the new files in the temporary table
// postings_append_files, which the model reads; the model keeps the list
// only if no staged file's place in the posting order moved and the new
// files come after all of them. It returns why not when it may not.
func (b *build) proposePostingsAppend(ctx context.Context) (why string, err error) {
	switch {
	case b.models == nil || !b.models[postingsModel]:
		return "a full build", nil
	case !b.reuseMaps || b.mapsRebuilt:
		return "the maps were built afresh", nil
	case b.pruneMaps:
		return "postings files were dropped or replaced", nil
	case !b.postingSourcesKept:
		return "a postings source's settings changed", nil
	}
	for _, t := range b.postingsStaleInputs {
		if !appendInput(t) {
			return t + " changed", nil
		}
	}
	if staged, err := b.db.TablesLike(ctx, "stg_postings__postings"); err != nil || len(staged) == 0 {
		return "no staged postings", err
	}
	// the files normalize found added (it ran: the maps were reused)
	if len(b.addedPostingFiles) == 0 {
		return "no new postings file", nil
	}
	if err := b.db.Exec(ctx, "CREATE OR REPLACE TEMP TABLE postings_append_files AS SELECT source_file_id FROM source_files WHERE source_file_id IN ("+
		idList(b.addedPostingFiles)+")"); err != nil {
		return "", fmt.Errorf("list the new postings files: %w", err)
	}
	return "", nil
}

// postingsAppended reads how many new postings files the model appended
// (0: it staged every file) and drops the list.
func (b *build) postingsAppended(ctx context.Context) (int64, error) {
	var n int64
	if err := b.db.QueryRow(ctx, "SELECT count(*) FROM postings_append_files").Scan(&n); err != nil {
		return 0, fmt.Errorf("read the appended postings files: %w", err)
	}
	return n, b.db.Exec(ctx, "DROP TABLE postings_append_files")
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
// store.SourceFileSets writes it) that published lacks, in order.
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
