package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/wagescope/wagescope/internal/lazyre"
	"github.com/wagescope/wagescope/pipeline/store"
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
	// TakenBack marks a run that was published and then taken back by a
	// rollback; its snapshot is kept, and rollback passes it over unless
	// asked for it (--to).
	TakenBack bool `json:"taken_back,omitempty"`
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

var unpublishedPattern = lazyre.New(`^run-\d+\.unpublished\.json$`)

// UnpublishedRuns are the kept records of runs that published nothing,
// newest first.
func UnpublishedRuns(database string) ([]UnpublishedRun, error) {
	return readRunRecords(database, unpublishedPattern, func(r UnpublishedRun) int64 { return r.RunID })
}

var runFilePattern = lazyre.New(`^run-(\d+)\.`)

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

// recordTakenBack keeps a record of each run a rollback to target takes
// off the published record (those after target up to cur): the database
// published now has no ledger rows for them, and `runs` should still list
// them. It reads their rows from the ledger of ledgerFile, the replaced
// database's snapshot, and is best effort: a damaged database is a reason to roll back, so one
// that cannot be read gives records from the snapshots' metadata instead.
// A run that already has a record keeps it.
func recordTakenBack(ctx context.Context, database, ledgerFile string, cur, target Snapshot, snaps []Snapshot, now time.Time) error {
	why := fmt.Sprintf("published, then taken back: rollback published run %d again at %s",
		target.RunID, now.UTC().Format(time.RFC3339))
	runs, err := ledgerAfter(ctx, ledgerFile, target.RunID)
	if err != nil {
		runs = nil
		for _, s := range snaps {
			if s.RunID > target.RunID && s.RunID <= cur.RunID {
				at, _ := time.Parse(time.RFC3339, s.PublishedAt)
				runs = append(runs, UnpublishedRun{RunID: s.RunID, StartedAt: at, FinishedAt: at, Status: StatusOK,
					Stages: []StageTiming{}, Message: fmt.Sprintf("its ledger row could not be read (%v)", err)})
			}
		}
	}
	kept, err := UnpublishedRuns(database)
	if err != nil {
		return err
	}
	has := map[int64]bool{}
	for _, k := range kept {
		has[k.RunID] = true
	}
	for _, r := range runs {
		if has[r.RunID] {
			continue
		}
		r.Message = strings.TrimSuffix(why+"; "+r.Message, "; ")
		r.TakenBack = true
		if err := recordUnpublished(database, r); err != nil {
			return err
		}
	}
	return nil
}

// ledgerAfter reads the ledger rows of the runs after id from a database.
func ledgerAfter(ctx context.Context, database string, id int64) ([]UnpublishedRun, error) {
	db, err := store.Open(ctx, database, store.Options{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer db.Close()
	rows, err := db.Runs(ctx, keepUnpublished)
	if err != nil {
		return nil, err
	}
	var out []UnpublishedRun
	for _, r := range rows {
		if r.RunID <= id {
			continue
		}
		u := UnpublishedRun{RunID: r.RunID, Status: Status(r.Status), Message: r.Message, Stages: []StageTiming{}}
		u.StartedAt, _ = time.Parse(time.RFC3339, r.StartedAt)
		u.FinishedAt, _ = time.Parse(time.RFC3339, r.FinishedAt)
		if err := json.Unmarshal([]byte(r.Stages), &u.Stages); err != nil {
			return nil, fmt.Errorf("run %d stages: %w", r.RunID, err)
		}
		out = append(out, u)
	}
	return out, nil
}

// takenBackRuns are the ids of the runs whose record says a rollback took
// them back.
func takenBackRuns(database string) (map[int64]bool, error) {
	runs, err := UnpublishedRuns(database)
	if err != nil {
		return nil, err
	}
	out := map[int64]bool{}
	for _, r := range runs {
		if r.TakenBack {
			out[r.RunID] = true
		}
	}
	return out, nil
}
