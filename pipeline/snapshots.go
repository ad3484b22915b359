package pipeline

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"time"

	"github.com/wagescope/wagescope/internal/atomicfile"
)

// Published snapshots live beside the database, in <database>.snapshots/:
//
//	run-000012.duckdb   the database published by run 12 (a hard link: no copy)
//	run-000012.json     its metadata: which run's site goes with it
//	run-000009.site/    a site no longer current, kept for rollback
//	published.json      the metadata of what is published now
//
// The published database is replaced by rename, and the published site by
// an atomic directory exchange, so a reader always finds a whole snapshot.

// Snapshot is one published run kept for rollback.
type Snapshot struct {
	RunID       int64  `json:"run_id"`
	SiteRunID   int64  `json:"site_run_id"` // the run whose site goes with this database
	PublishedAt string `json:"published_at"`
	Note        string `json:"note,omitempty"` // e.g. "rolled back from run 14"
}

// SnapshotDir is where a database's snapshots are kept.
func SnapshotDir(database string) string { return database + ".snapshots" }

func snapshotName(id int64, ext string) string { return fmt.Sprintf("run-%06d%s", id, ext) }

var snapshotMetaPattern = regexp.MustCompile(`^run-(\d+)\.json$`)

// Snapshots lists the kept snapshots, newest first.
func Snapshots(database string) ([]Snapshot, error) {
	dir := SnapshotDir(database)
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list snapshots: %w", err)
	}
	var out []Snapshot
	for _, e := range entries {
		if !snapshotMetaPattern.MatchString(e.Name()) {
			continue
		}
		var s Snapshot
		if err := readJSON(filepath.Join(dir, e.Name()), &s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].RunID > out[j].RunID })
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

// publishSnapshot renames the built database (and site, when built) into
// place, keeps them as snapshot runID, and prunes to keep snapshots.
func publishSnapshot(cfg Config, building string, runID int64, siteBuilt bool, now time.Time) error {
	dir := SnapshotDir(cfg.Database)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	cur, err := PublishedSnapshot(cfg.Database)
	if err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if err := os.Rename(building, cfg.Database); err != nil {
		return fmt.Errorf("publish database: %w", err)
	}
	if err := linkOrCopy(cfg.Database, filepath.Join(dir, snapshotName(runID, ".duckdb"))); err != nil {
		return fmt.Errorf("keep snapshot of run %d: %w", runID, err)
	}
	meta := Snapshot{RunID: runID, SiteRunID: cur.SiteRunID, PublishedAt: now.UTC().Format(time.RFC3339)}
	if siteBuilt {
		if err := swapInSite(cfg.Output, cfg.Output+".building", dir, cur.SiteRunID); err != nil {
			return err
		}
		meta.SiteRunID = runID
	}
	if err := writeJSON(filepath.Join(dir, snapshotName(runID, ".json")), meta); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if err := writeJSON(filepath.Join(dir, "published.json"), meta); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	return pruneSnapshots(cfg.Database, cfg.KeepSnapshots)
}

// swapInSite puts the directory next in place of site in one step and keeps
// the site it replaces as the snapshot site of run oldRunID (or removes it
// when no run is known to own it).
func swapInSite(site, next, dir string, oldRunID int64) error {
	if _, err := os.Stat(site); errors.Is(err, os.ErrNotExist) {
		if err := os.Rename(next, site); err != nil {
			return fmt.Errorf("publish site: %w", err)
		}
		return nil
	}
	if err := exchangeDirs(next, site); err != nil {
		return fmt.Errorf("publish site: %w", err)
	}
	// next now holds the replaced site.
	if oldRunID == 0 {
		return os.RemoveAll(next)
	}
	keep := filepath.Join(dir, snapshotName(oldRunID, ".site"))
	if err := os.RemoveAll(keep); err != nil {
		return fmt.Errorf("keep site of run %d: %w", oldRunID, err)
	}
	if err := os.Rename(next, keep); err != nil {
		return fmt.Errorf("keep site of run %d: %w", oldRunID, err)
	}
	return nil
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
	dir := SnapshotDir(database)
	sites := map[int64]bool{cur.SiteRunID: true}
	for i, s := range snaps {
		if i < keep || s.RunID == cur.RunID {
			sites[s.SiteRunID] = true
			continue
		}
		for _, ext := range []string{".duckdb", ".json", ".changes.json"} {
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
}

// Rollback publishes a kept snapshot again: the database of run to (0: the
// newest snapshot older than the published one) and the site that went
// with it. It takes the run locks, so it never races a run.
func Rollback(cfg Config, to int64, now time.Time) (RollbackResult, error) {
	unlock, err := lockRun(cfg, now)
	if err != nil {
		return RollbackResult{}, err
	}
	defer unlock()
	cur, err := PublishedSnapshot(cfg.Database)
	if err != nil {
		return RollbackResult{}, err
	}
	snaps, err := Snapshots(cfg.Database)
	if err != nil {
		return RollbackResult{}, err
	}
	if cur.RunID == 0 {
		return RollbackResult{}, fmt.Errorf("rollback: nothing has been published from %s yet (no %s)", cfg.Database,
			filepath.Join(SnapshotDir(cfg.Database), "published.json"))
	}
	var target *Snapshot
	for i := range snaps {
		s := snaps[i]
		if (to == 0 && s.RunID < cur.RunID) || (to != 0 && s.RunID == to) {
			target = &s
			break
		}
	}
	if target == nil {
		var ids []string
		for _, s := range snaps {
			ids = append(ids, strconv.FormatInt(s.RunID, 10))
		}
		if to == 0 {
			return RollbackResult{}, fmt.Errorf("rollback: no snapshot older than the published run %d (kept: %v)", cur.RunID, ids)
		}
		return RollbackResult{}, fmt.Errorf("rollback: no snapshot of run %d is kept (kept: %v)", to, ids)
	}
	if target.RunID == cur.RunID {
		return RollbackResult{}, fmt.Errorf("rollback: run %d is already published", cur.RunID)
	}
	dir := SnapshotDir(cfg.Database)
	if target.SiteRunID != cur.SiteRunID {
		site := filepath.Join(dir, snapshotName(target.SiteRunID, ".site"))
		if _, err := os.Stat(site); err != nil {
			return RollbackResult{}, fmt.Errorf("rollback: the site of run %d is not kept: %w", target.SiteRunID, err)
		}
		if err := swapInSite(cfg.Output, site, dir, cur.SiteRunID); err != nil {
			return RollbackResult{}, err
		}
	}
	tmp := cfg.Database + ".rollback"
	if err := linkOrCopy(filepath.Join(dir, snapshotName(target.RunID, ".duckdb")), tmp); err != nil {
		return RollbackResult{}, fmt.Errorf("rollback: %w", err)
	}
	if err := os.Rename(tmp, cfg.Database); err != nil {
		return RollbackResult{}, fmt.Errorf("rollback: %w", err)
	}
	meta := *target
	meta.Note = fmt.Sprintf("rolled back from run %d at %s", cur.RunID, now.UTC().Format(time.RFC3339))
	if err := writeJSON(filepath.Join(dir, "published.json"), meta); err != nil {
		return RollbackResult{}, fmt.Errorf("rollback: %w", err)
	}
	return RollbackResult{From: cur, To: meta}, nil
}

// nextRunFloor is the smallest run id no kept snapshot uses, so a run after
// a rollback never takes the id of a snapshot it would overwrite.
func nextRunFloor(database string) (int64, error) {
	snaps, err := Snapshots(database)
	if err != nil || len(snaps) == 0 {
		return 1, err
	}
	return snaps[0].RunID + 1, nil
}
