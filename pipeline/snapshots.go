package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"time"

	"github.com/wagescope/wagescope/internal/atomicfile"
	"github.com/wagescope/wagescope/internal/lazyre"
)

// Published snapshots live beside the database, in <database>.snapshots/:
//
//	run-000012.duckdb   the database published by run 12 (a hard link: no copy)
//	run-000012.json     its metadata: which run's site goes with it
//	run-000009.site/    a site no longer current, kept for rollback
//	published.json      the metadata of what is published now
//	publishing.json     the plan of a publish under way, or of one cut short
//	                    that the next run or rollback repairs (publish.go)
//
// The published database is replaced by rename, and the published site by
// an atomic directory exchange (renames where there is none), so a reader
// always finds a whole database and a whole site.

// Snapshot is one published run kept for rollback.
type Snapshot struct {
	RunID     int64 `json:"run_id"`
	SiteRunID int64 `json:"site_run_id"` // the run whose site goes with this database
	// DataRunID is the run whose data this database holds: a run that found
	// nothing new republishes its predecessor's (its own ledger row aside).
	// 0 in records older than the field: the run's own.
	DataRunID   int64  `json:"data_run_id,omitempty"`
	PublishedAt string `json:"published_at"`
	Note        string `json:"note,omitempty"` // e.g. "rolled back from run 14"
}

// DataRun is the run whose data the snapshot holds (see DataRunID).
func (s Snapshot) DataRun() int64 {
	if s.DataRunID != 0 {
		return s.DataRunID
	}
	return s.RunID
}

// SnapshotDir is where a database's snapshots are kept.
func SnapshotDir(database string) string { return database + ".snapshots" }

func snapshotName(id int64, ext string) string { return fmt.Sprintf("run-%06d%s", id, ext) }

var snapshotMetaPattern = lazyre.New(`^run-(\d+)\.json$`)

// Snapshots lists the kept snapshots, newest first.
func Snapshots(database string) ([]Snapshot, error) {
	return readRunRecords(database, snapshotMetaPattern, func(s Snapshot) int64 { return s.RunID })
}

// readRunRecords reads the JSON records of the snapshot folder whose names
// match pattern, newest run first (none when the folder does not exist).
func readRunRecords[T any](database string, pattern *lazyre.Regexp, runID func(T) int64) ([]T, error) {
	dir := SnapshotDir(database)
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", dir, err)
	}
	var out []T
	for _, e := range entries {
		if !pattern.MatchString(e.Name()) {
			continue
		}
		var r T
		if err := readJSON(filepath.Join(dir, e.Name()), &r); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return runID(out[i]) > runID(out[j]) })
	return out, nil
}

// PublishedSnapshot is what is published now (zero before the first run).
func PublishedSnapshot(database string) (Snapshot, error) {
	var s Snapshot
	err := readJSON(filepath.Join(SnapshotDir(database), "published.json"), &s)
	if errors.Is(err, os.ErrNotExist) {
		return Snapshot{}, nil
	}
	return s, err
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	return nil
}

// writeJSON replaces path with v as indented JSON, atomically.
func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.Write(path, append(b, '\n'))
}

// linkOrCopy makes to a second name of from (a copy where hard links are
// not possible).
func linkOrCopy(from, to string) error {
	_ = os.Remove(to)
	if err := os.Link(from, to); err == nil {
		return nil
	}
	return copyFile(from, to)
}

// pruneSnapshots keeps the newest keep databases and the sites they use.
func pruneSnapshots(database string, keep int) error {
	if keep < 1 {
		keep = 1
	}
	snaps, err := Snapshots(database)
	if err != nil {
		return err
	}
	cur, err := PublishedSnapshot(database)
	if err != nil {
		return err
	}
	// keep the newest snapshot of each of the newest keep data runs: quiet
	// nights, which republish the same data, do not push the state before
	// the last real change out of reach of rollback
	dir := SnapshotDir(database)
	sites := map[int64]bool{cur.SiteRunID: true}
	dataRuns := map[int64]bool{}
	var pruned []Snapshot
	keptData := map[int64]bool{} // data runs of kept snapshots
	for _, s := range snaps {
		newestOfItsData := !dataRuns[s.DataRun()]
		dataRuns[s.DataRun()] = true
		if newestOfItsData && len(dataRuns) <= keep || s.RunID == cur.RunID {
			sites[s.SiteRunID] = true
			keptData[s.DataRun()] = true
			continue
		}
		pruned = append(pruned, s)
	}
	for _, s := range pruned {
		// a .duckdb.wal is a log set aside at a publish (setAsideWAL)
		exts := []string{".duckdb", ".duckdb.wal", ".json", ".changes.json"}
		if keptData[s.RunID] {
			// the change summary of data still kept: report-only runs
			// show it (publishedChanges)
			exts = exts[:3]
		}
		for _, ext := range exts {
			if err := os.Remove(filepath.Join(dir, snapshotName(s.RunID, ext))); err != nil && !errors.Is(err, os.ErrNotExist) {
				return fmt.Errorf("prune snapshot %d: %w", s.RunID, err)
			}
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("prune snapshots: %w", err)
	}
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() || filepath.Ext(name) != ".site" {
			continue
		}
		id, err := strconv.ParseInt(name[len("run-"):len(name)-len(".site")], 10, 64)
		if err != nil || !sites[id] {
			if err := os.RemoveAll(filepath.Join(dir, name)); err != nil {
				return fmt.Errorf("prune snapshot site %s: %w", name, err)
			}
		}
	}
	return nil
}

// RollbackResult says what a rollback published.
type RollbackResult struct {
	From, To Snapshot
	// Notes are what the operator should know that did not stop it: a
	// publish cut short that was repaired first, snapshot records left
	// incomplete (the next run completes them).
	Notes []string
}

// Rollback publishes a kept snapshot again: the database of run to (0: the
// newest snapshot older than the published one) and the site that went
// with it. It takes the run locks, so it never races a run, and repairs a
// publish that was cut short first.
func Rollback(ctx context.Context, cfg Config, to int64, now time.Time) (RollbackResult, error) {
	return rollback(ctx, newPublisher(cfg, nil), to, now)
}

func rollback(ctx context.Context, pub *publisher, to int64, now time.Time) (RollbackResult, error) {
	cfg := pub.cfg
	unlock, err := lockRun(cfg, now)
	if err != nil {
		return RollbackResult{}, err
	}
	defer unlock()
	var res RollbackResult
	note, err := pub.repair()
	if err != nil {
		return res, fmt.Errorf("rollback: %w", err)
	}
	if note != "" {
		res.Notes = append(res.Notes, note)
	}
	if err := pub.clearLeftovers(); err != nil {
		res.Notes = append(res.Notes, fmt.Sprintf("leftovers of a killed run not removed: %v", err))
	}
	cur, err := PublishedSnapshot(cfg.Database)
	if err != nil {
		return res, err
	}
	snaps, err := Snapshots(cfg.Database)
	if err != nil {
		return res, err
	}
	if cur.RunID == 0 {
		return res, fmt.Errorf("rollback: nothing has been published from %s yet (no %s)", cfg.Database,
			filepath.Join(SnapshotDir(cfg.Database), "published.json"))
	}
	// by default the newest snapshot before the published run that no
	// rollback took back: after "rollback" and a new run, another
	// "rollback" goes to what that run was built on, not to the run the
	// user took back
	takenBack, err := takenBackRuns(cfg.Database)
	if err != nil {
		return res, err
	}
	// a plain rollback also passes over runs that republished the data
	// published now: going back to one would change nothing
	var target *Snapshot
	for i := range snaps {
		s := snaps[i]
		if (to == 0 && s.RunID < cur.RunID && !takenBack[s.RunID] && s.DataRun() != cur.DataRun()) || (to != 0 && s.RunID == to) {
			target = &s
			break
		}
	}
	if target == nil {
		var ids []string
		for _, s := range snaps {
			id := strconv.FormatInt(s.RunID, 10)
			if takenBack[s.RunID] {
				id += " (taken back; --to " + id + " publishes it)"
			}
			ids = append(ids, id)
		}
		if to == 0 {
			return res, fmt.Errorf("rollback: no snapshot older than the published run %d holds other data (kept: %v)", cur.RunID, ids)
		}
		return res, fmt.Errorf("rollback: no snapshot of run %d is kept (kept: %v)", to, ids)
	}
	if target.RunID == cur.RunID {
		return res, fmt.Errorf("rollback: run %d is already published", cur.RunID)
	}
	dir := SnapshotDir(cfg.Database)
	meta := *target
	meta.Note = fmt.Sprintf("rolled back from run %d at %s", cur.RunID, now.UTC().Format(time.RFC3339))
	plan := publishPlan{Meta: meta, Prev: cur, Database: cfg.Database + ".rollback"}
	if target.SiteRunID != cur.SiteRunID {
		plan.Site = filepath.Join(dir, snapshotName(target.SiteRunID, ".site"))
		if _, err := os.Stat(plan.Site); err != nil {
			return res, fmt.Errorf("rollback: the site of run %d is not kept: %w", target.SiteRunID, err)
		}
	}
	if err := pub.fs.Link(filepath.Join(dir, snapshotName(target.RunID, ".duckdb")), plan.Database); err != nil {
		_ = os.Remove(plan.Database)
		return res, fmt.Errorf("rollback: %w", err)
	}
	committed, err := pub.publish(plan)
	if !committed {
		if !pub.pending() {
			_ = os.Remove(plan.Database)
		}
		return res, fmt.Errorf("rollback: %w", err)
	}
	if err != nil {
		res.Notes = append(res.Notes, err.Error())
	}
	ledger := filepath.Join(dir, snapshotName(cur.RunID, ".duckdb"))
	if err := recordTakenBack(ctx, cfg.Database, ledger, cur, meta, snaps, now); err != nil {
		res.Notes = append(res.Notes, fmt.Sprintf("the runs taken back are not recorded for `runs`: %v", err))
	}
	if takenBack[target.RunID] {
		// published again: its ledger row is in the database now, and a
		// later take-back records it afresh
		if err := os.Remove(filepath.Join(dir, snapshotName(target.RunID, unpublishedExt))); err != nil && !errors.Is(err, os.ErrNotExist) {
			res.Notes = append(res.Notes, fmt.Sprintf("run %d's taken-back record is not removed: %v", target.RunID, err))
		}
	}
	res.From, res.To = cur, meta
	return res, nil
}

// nextRunFloor is the smallest run id no kept snapshot uses, so a run after
// a rollback never takes the id of a snapshot it would overwrite.
func nextRunFloor(database string) (int64, error) {
	highest, err := highestRunFile(database)
	return highest + 1, err
}
