package pipeline

import (
	"os"
	"path/filepath"
	"testing"
)

// Records of unpublished runs are kept newest first and bounded, and every
// file of the snapshot folder counts toward the next run id.
func TestUnpublishedRunsRecordAndRunIDs(t *testing.T) {
	database := filepath.Join(t.TempDir(), "w.duckdb")
	if got, err := nextRunFloor(database); err != nil || got != 1 {
		t.Fatalf("empty: next run %d, %v; want 1", got, err)
	}
	for id := int64(1); id <= keepUnpublished+5; id++ {
		if err := recordUnpublished(database, UnpublishedRun{RunID: id, Status: StatusPartial, Message: "source x failed"}); err != nil {
			t.Fatal(err)
		}
	}
	runs, err := UnpublishedRuns(database)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != keepUnpublished || runs[0].RunID != keepUnpublished+5 || runs[len(runs)-1].RunID != 6 {
		t.Fatalf("kept %d records, newest %d, oldest %d; want %d, %d, 6", len(runs), runs[0].RunID, runs[len(runs)-1].RunID,
			keepUnpublished, keepUnpublished+5)
	}
	// a change summary left by a later partial run counts too
	if err := os.WriteFile(filepath.Join(SnapshotDir(database), "run-000040.changes.json"), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := nextRunFloor(database); err != nil || got != 41 {
		t.Errorf("next run %d, %v; want 41", got, err)
	}
}
