package pipeline

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"time"
)

// UnpublishedRun is a run that published nothing: failed, partial, stopped
// by a check or guard. Its ledger row lived in the build that was thrown
// away, so this record, kept beside the snapshots, is what `runs` shows.
type UnpublishedRun struct {
	RunID      int64           `json:"run_id"`
	StartedAt  time.Time       `json:"started_at"`
	FinishedAt time.Time       `json:"finished_at"`
	Status     Status          `json:"status"`
	Message    string          `json:"message,omitempty"`
	Stages     []StageTiming   `json:"stages"`
	Sources    []SourceOutcome `json:"sources,omitempty"`
}

// keepUnpublished bounds the records of unpublished runs kept.
const keepUnpublished = 30

const unpublishedExt = ".unpublished.json"

// recordUnpublished keeps the record of a run that published nothing and
// drops the oldest records beyond keepUnpublished.
func recordUnpublished(database string, r UnpublishedRun) error {
	dir := SnapshotDir(database)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("record unpublished run: %w", err)
	}
	if err := writeJSON(filepath.Join(dir, snapshotName(r.RunID, unpublishedExt)), r); err != nil {
		return fmt.Errorf("record unpublished run: %w", err)
	}
	runs, err := UnpublishedRuns(database)
	if err != nil {
		return err
	}
	for _, old := range runs[min(len(runs), keepUnpublished):] {
		_ = os.Remove(filepath.Join(dir, snapshotName(old.RunID, unpublishedExt)))
	}
	return nil
}

var unpublishedPattern = regexp.MustCompile(`^run-\d+\.unpublished\.json$`)

// UnpublishedRuns are the kept records of runs that published nothing,
// newest first.
func UnpublishedRuns(database string) ([]UnpublishedRun, error) {
	return readRunRecords(database, unpublishedPattern, func(r UnpublishedRun) int64 { return r.RunID })
}

var runFilePattern = regexp.MustCompile(`^run-(\d+)\.`)

// highestRunFile is the highest run id any file in the snapshot folder
// names (snapshots, change summaries, unpublished records), so an id is
// never given twice.
func highestRunFile(database string) (int64, error) {
	entries, err := os.ReadDir(SnapshotDir(database))
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("list snapshots: %w", err)
	}
	var highest int64
	for _, e := range entries {
		if m := runFilePattern.FindStringSubmatch(e.Name()); m != nil {
			if id, err := strconv.ParseInt(m[1], 10, 64); err == nil {
				highest = max(highest, id)
			}
		}
	}
	return highest, nil
}
