package pipeline

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// publishFixture is a published run 1 (database, site, snapshot records)
// and a built run 2 beside it, as Run leaves them before publishing.
type publishFixture struct {
	cfg  Config
	plan publishPlan
}

func newPublishFixture(t *testing.T) publishFixture {
	t.Helper()
	dir := t.TempDir()
	cfg := Config{Database: filepath.Join(dir, "w.duckdb"), Output: filepath.Join(dir, "site"), KeepSnapshots: 3}
	snaps := SnapshotDir(cfg.Database)
	run1 := Snapshot{RunID: 1, SiteRunID: 1, PublishedAt: "2026-03-01T02:30:00Z"}
	steps := []error{
		os.WriteFile(cfg.Database, []byte("db run 1"), 0o644),
		os.MkdirAll(cfg.Output, 0o755),
		os.WriteFile(filepath.Join(cfg.Output, "index.html"), []byte("site run 1"), 0o644),
		os.MkdirAll(snaps, 0o755),
		os.Link(cfg.Database, filepath.Join(snaps, snapshotName(1, ".duckdb"))),
		writeJSON(filepath.Join(snaps, snapshotName(1, ".json")), run1),
		writeJSON(filepath.Join(snaps, "published.json"), run1),
		os.WriteFile(cfg.Database+".building", []byte("db run 2"), 0o644),
		os.MkdirAll(cfg.Output+".building", 0o755),
		os.WriteFile(filepath.Join(cfg.Output+".building", "index.html"), []byte("site run 2"), 0o644),
	}
	for _, err := range steps {
		if err != nil {
			t.Fatal(err)
		}
	}
	return publishFixture{cfg: cfg, plan: publishPlan{
		Meta: Snapshot{RunID: 2, SiteRunID: 2, PublishedAt: "2026-03-02T02:30:00Z"}, Prev: run1,
		Database: cfg.Database + ".building", Site: cfg.Output + ".building", NewRun: true,
	}}
}

// The states a reader may find: the old snapshot whole or the new one whole
// (after a run's start has cleared its building files).
const (
	stateOld = "db=db run 1 site=site run 1 published=1/1 | site w.duckdb w.duckdb.snapshots | " +
		"published.json run-000001.duckdb run-000001.json"
	stateNew = "db=db run 2 site=site run 2 published=2/2 | site w.duckdb w.duckdb.snapshots | " +
		"published.json run-000001.duckdb run-000001.json run-000001.site run-000002.duckdb run-000002.json"
)

// state describes what is published and what lies in the directory and
// the snapshot directory.
func (f publishFixture) state(t *testing.T) string {
	t.Helper()
	read := func(path string) string {
		b, err := os.ReadFile(path)
		if err != nil {
			return "missing"
		}
		return string(b)
	}
	cur, err := PublishedSnapshot(f.cfg.Database)
	if err != nil {
		t.Fatal(err)
	}
	names := func(dir string) string {
		entries, _ := os.ReadDir(dir)
		var out []string
		for _, e := range entries {
			out = append(out, e.Name())
		}
		sort.Strings(out)
		return strings.Join(out, " ")
	}
	return "db=" + read(f.cfg.Database) + " site=" + read(filepath.Join(f.cfg.Output, "index.html")) +
		" published=" + strconv.FormatInt(cur.RunID, 10) + "/" + strconv.FormatInt(cur.SiteRunID, 10) +
		" | " + names(filepath.Dir(f.cfg.Database)) + " | " + names(SnapshotDir(f.cfg.Database))
}

// startOfNextRun is what a run does before building: repair, then clear
// what a killed run left, its own building files included.
func (f publishFixture) startOfNextRun(t *testing.T) string {
	t.Helper()
	p := newPublisher(f.cfg, nil)
	note, err := p.repair()
	if err != nil {
		t.Fatalf("repair: %v", err)
	}
	if err := p.clearLeftovers(); err != nil {
		t.Fatalf("clear leftovers: %v", err)
	}
	if err := removeDatabaseFiles(f.cfg.Database + ".building"); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(f.cfg.Output + ".building"); err != nil {
		t.Fatal(err)
	}
	return note
}

// faultFS is the real filesystem calls with fail asked first: a non-nil
// answer is returned instead of doing the call.
func faultFS(fail func(op, path string) error) publishFS {
	real := osPublishFS()
	return publishFS{
		Rename: func(from, to string) error {
			if err := fail("rename", to); err != nil {
				return err
			}
			return real.Rename(from, to)
		},
		Exchange: func(a, b string) error {
			if err := fail("exchange", b); err != nil {
				return err
			}
			return real.Exchange(a, b)
		},
		Link: func(from, to string) error {
			if err := fail("link", to); err != nil {
				return err
			}
			return real.Link(from, to)
		},
		WriteJSON: func(path string, v any) error {
			if err := fail("write", path); err != nil {
				return err
			}
			return real.WriteJSON(path, v)
		},
		RemoveAll: func(path string) error {
			if err := fail("remove", path); err != nil {
				return err
			}
			return real.RemoveAll(path)
		},
		DirID: real.DirID,
	}
}

func TestPublishFailuresLeaveOneWholeSnapshot(t *testing.T) {
	// Each case fails some calls; fail gets the fixture's paths.
	type failer func(cfg Config) func(op, path string) error
	failOn := func(op, suffix string, err error) failer {
		return func(Config) func(string, string) error {
			return func(o, path string) error {
				if o == op && strings.HasSuffix(path, suffix) {
					return err
				}
				return nil
			}
		}
	}
	tests := []struct {
		name          string
		fail          failer
		noIdentity    bool   // directories without identity (outside unix)
		wantCommitted bool   // publish says the new database is in place
		wantErr       string // in the error; "" for none
		wantNow       string // state right after publish
		wantPending   bool   // a plan is left for the next run
		wantNote      string // what the next run's repair says
		wantAfter     string // state after the next run's start
	}{
		{name: "everything works", fail: failOn("", "", nil), wantCommitted: true, wantNow: stateNew, wantAfter: stateNew},
		{name: "exchange unsupported (EINVAL): renames instead", fail: failOn("exchange", "site", syscall.EINVAL),
			wantCommitted: true, wantNow: stateNew, wantAfter: stateNew},
		{name: "exchange unsupported (ENOSYS), no identity", fail: failOn("exchange", "site", syscall.ENOSYS), noIdentity: true,
			wantCommitted: true, wantNow: stateNew, wantAfter: stateNew},
		{name: "snapshot link fails", fail: failOn("link", "run-000002.duckdb", syscall.ENOSPC),
			wantErr: "keep snapshot of run 2: no space left on device; nothing was published: run 1 stays published", wantNow: stateOld, wantAfter: stateOld},
		{name: "plan not written", fail: failOn("write", publishingFile, syscall.EIO),
			wantErr: "publish: input/output error; nothing was published: run 1 stays published", wantNow: stateOld, wantAfter: stateOld},
		{name: "site exchange fails (EIO)", fail: failOn("exchange", "site", syscall.EIO),
			wantErr: "publish site: input/output error; nothing was published: run 1 stays published", wantNow: stateOld, wantAfter: stateOld},
		{name: "renames instead of exchange, the new site's rename fails", fail: func(cfg Config) func(string, string) error {
			renames := 0
			return func(op, path string) error {
				switch {
				case op == "exchange":
					return syscall.EINVAL
				case op == "rename" && path == cfg.Output:
					if renames++; renames == 1 { // the new site's; moving the old one back works
						return syscall.EIO
					}
				}
				return nil
			}
		}, wantErr: "publish site: input/output error; nothing was published: run 1 stays published", wantNow: stateOld, wantAfter: stateOld},
		{name: "database rename fails: the old site goes back", fail: failOn("rename", "w.duckdb", syscall.EIO),
			wantErr: "publish database: input/output error; nothing was published: run 1 stays published", wantNow: stateOld, wantAfter: stateOld},
		{name: "database rename fails, no identity", fail: failOn("rename", "w.duckdb", syscall.EXDEV), noIdentity: true,
			wantErr: "publish database: invalid cross-device link; nothing was published: run 1 stays published", wantNow: stateOld, wantAfter: stateOld},
		{name: "database rename fails and the old site cannot go back", fail: func(cfg Config) func(string, string) error {
			exchanges := 0
			return func(op, path string) error {
				if op == "exchange" {
					if exchanges++; exchanges > 1 {
						return syscall.EIO
					}
				}
				if op == "rename" && path == cfg.Database {
					return syscall.EIO
				}
				return nil
			}
		}, wantErr: "publish database: input/output error; undoing it failed too (input/output error): " +
			"the site and database may not match until the next run or rollback repairs them",
			wantNow:     "db=db run 1 site=site run 2 published=1/1 | site site.building w.duckdb w.duckdb.building w.duckdb.snapshots | published.json publishing.json run-000001.duckdb run-000001.json run-000002.duckdb",
			wantPending: true, wantNote: "undid the publish of run 2 that was cut short before its database was in place; run 1 stays published", wantAfter: stateOld},
		{name: "published.json not written after the commit", fail: failOn("write", "published.json", syscall.ENOSPC),
			wantCommitted: true,
			wantErr:       "run 2 is published, but its snapshot records are incomplete (the next run or rollback completes them): record the published run: no space left on device",
			wantNow:       "db=db run 2 site=site run 2 published=1/1 | site w.duckdb w.duckdb.snapshots | published.json publishing.json run-000001.duckdb run-000001.json run-000001.site run-000002.duckdb run-000002.json",
			wantPending:   true, wantNote: "finished the publish of run 2 that was cut short after its database was in place", wantAfter: stateNew},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newPublishFixture(t)
			p := newPublisher(f.cfg, nil)
			p.fs = faultFS(tc.fail(f.cfg))
			if tc.noIdentity {
				p.fs.DirID = func(string) dirID { return dirID{} }
			}
			committed, err := p.publish(f.plan)
			if committed != tc.wantCommitted {
				t.Errorf("committed %v, want %v", committed, tc.wantCommitted)
			}
			switch {
			case tc.wantErr == "" && err != nil:
				t.Errorf("error: %v", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Errorf("error\n %v\nwant it to contain\n %s", err, tc.wantErr)
			}
			if p.pending() != tc.wantPending {
				t.Errorf("plan pending %v, want %v", p.pending(), tc.wantPending)
			}
			now := f.state(t)
			if !tc.wantPending && tc.wantNow == stateOld {
				// a run's failure path removes its building files
				_ = os.Remove(f.plan.Database)
				_ = os.RemoveAll(f.plan.Site)
				now = f.state(t)
			}
			if now != tc.wantNow {
				t.Errorf("right after publish:\n got %s\nwant %s", now, tc.wantNow)
			}
			if note := f.startOfNextRun(t); note != tc.wantNote {
				t.Errorf("repair says %q, want %q", note, tc.wantNote)
			}
			if got := f.state(t); got != tc.wantAfter {
				t.Errorf("after the next run's start:\n got %s\nwant %s", got, tc.wantAfter)
			}
		})
	}
}

// TestPublishKilledAtEveryStep stops a publish after each of its
// filesystem calls (every later call fails, as nothing runs in a killed
// process) and checks that the next run's start leaves the old snapshot
// whole or the new one whole, and the new one whenever publish had put the
// database in place.
func TestPublishKilledAtEveryStep(t *testing.T) {
	killed := errors.New("killed")
	for _, mode := range []struct {
		name     string
		exchange error // what the exchange answers, nil: it works
	}{
		{name: "exchange"},
		{name: "renames (EINVAL)", exchange: syscall.EINVAL},
	} {
		t.Run(mode.name, func(t *testing.T) {
			outcomes := map[string]int{}
			for k := 0; ; k++ {
				f := newPublishFixture(t)
				calls := 0
				p := newPublisher(f.cfg, nil)
				p.fs = faultFS(func(op, path string) error {
					if calls++; calls > k {
						return killed
					}
					if op == "exchange" {
						return mode.exchange
					}
					return nil
				})
				committed, err := p.publish(f.plan)
				done := calls <= k
				if got := f.state(t); committed != strings.HasPrefix(got, "db=db run 2") {
					t.Errorf("killed after %d calls: committed %v but %s", k, committed, got)
				}
				f.startOfNextRun(t)
				switch got := f.state(t); {
				case got == stateNew:
					outcomes["new"]++
				case got == stateOld && !committed:
					outcomes["old"]++
				default:
					t.Errorf("killed after %d calls (committed %v, error %v), the next run's start leaves\n %s", k, committed, err, got)
				}
				if done {
					if err != nil {
						t.Errorf("publish with no call failing: %v", err)
					}
					t.Logf("%d calls; outcomes after a kill: %v", k, outcomes)
					break
				}
			}
			if outcomes["old"] == 0 || outcomes["new"] < 2 {
				t.Errorf("outcomes %v: want kills on both sides of the commit", outcomes)
			}
		})
	}
}

func TestSwapInFallsBackToRenames(t *testing.T) {
	tests := []struct {
		name     string
		exchange error
		wantErr  string
		wantSite string // index.html of the site after
	}{
		{name: "exchange works", wantSite: "new"},
		{name: "EINVAL", exchange: syscall.EINVAL, wantSite: "new"},
		{name: "ENOSYS", exchange: syscall.ENOSYS, wantSite: "new"},
		{name: "unsupported", exchange: errors.ErrUnsupported, wantSite: "new"},
		{name: "EIO is not a reason to rename", exchange: syscall.EIO, wantErr: "input/output error", wantSite: "old"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			cfg := Config{Database: filepath.Join(dir, "w.duckdb"), Output: filepath.Join(dir, "site")}
			for name, body := range map[string]string{"site": "old", "next": "new"} {
				if err := os.MkdirAll(filepath.Join(dir, name), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, name, "index.html"), []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			p := newPublisher(cfg, nil)
			p.fs = faultFS(func(op, _ string) error {
				if op == "exchange" {
					return tc.exchange
				}
				return nil
			})
			err := p.swapIn(filepath.Join(dir, "next"))
			if (err == nil) != (tc.wantErr == "") || (err != nil && !strings.Contains(err.Error(), tc.wantErr)) {
				t.Errorf("error %v, want %q", err, tc.wantErr)
			}
			if b, _ := os.ReadFile(filepath.Join(cfg.Output, "index.html")); string(b) != tc.wantSite {
				t.Errorf("site holds %q, want %q", b, tc.wantSite)
			}
			if tc.wantSite == "new" {
				if b, _ := os.ReadFile(filepath.Join(dir, "next", "index.html")); string(b) != "old" {
					t.Errorf("the replaced site is not where the new one was: %q", b)
				}
			}
			if exists(cfg.Output + ".swap") {
				t.Error("site.swap left behind")
			}
		})
	}
}

func TestClearLeftovers(t *testing.T) {
	f := newPublishFixture(t)
	snaps := SnapshotDir(f.cfg.Database)
	for _, path := range []string{
		filepath.Join(snaps, ".tmp-run-000002.json-123"), // an atomicfile write cut short
		filepath.Join(snaps, snapshotName(2, ".duckdb")), // a snapshot whose record was never written
		f.cfg.Database + ".rollback",
	} {
		if err := os.WriteFile(path, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(snaps, "run-000003.changes.json"), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(f.cfg.Output+".swap", 0o755); err != nil {
		t.Fatal(err)
	}
	if err := newPublisher(f.cfg, nil).clearLeftovers(); err != nil {
		t.Fatal(err)
	}
	// a partial run's change summary stays: it is written without a snapshot
	want := "db=db run 1 site=site run 1 published=1/1 | site site.building w.duckdb w.duckdb.building w.duckdb.snapshots | " +
		"published.json run-000001.duckdb run-000001.json run-000003.changes.json"
	if got := f.state(t); got != want {
		t.Errorf("after clearing:\n got %s\nwant %s", got, want)
	}
}

// stateRolledBack is run 1 published again after run 2, whose site is kept.
// stateRolledBack: run 1 published again, and run 2, taken back, kept as a
// record for `runs` (run-000002.unpublished.json).
const stateRolledBack = "db=db run 1 site=site run 1 published=1/1 | site w.duckdb w.duckdb.snapshots | " +
	"published.json run-000001.duckdb run-000001.json run-000002.duckdb run-000002.json run-000002.site run-000002.unpublished.json"

func TestRollbackFailuresLeaveOneWholeSnapshot(t *testing.T) {
	now := time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name      string
		fail      func(op, path string) error
		wantErr   string
		wantNotes []string
		want      string // after the rollback, and after the next run's start
	}{
		{name: "works", fail: func(string, string) error { return nil }, want: stateRolledBack},
		{name: "database rename fails", fail: func(op, path string) error {
			if op == "rename" && strings.HasSuffix(path, "w.duckdb") {
				return syscall.EIO
			}
			return nil
		}, wantErr: "rollback: publish database: input/output error; nothing was published: run 2 stays published", want: stateNew},
		{name: "site exchange unsupported", fail: func(op, _ string) error {
			if op == "exchange" {
				return syscall.EINVAL
			}
			return nil
		}, want: stateRolledBack},
		{name: "published.json not written", fail: func(op, path string) error {
			if op == "write" && strings.HasSuffix(path, "published.json") {
				return syscall.ENOSPC
			}
			return nil
		}, wantNotes: []string{"run 1 is published, but its snapshot records are incomplete (the next run or rollback completes them): " +
			"record the published run: no space left on device"}, want: stateRolledBack},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newPublishFixture(t)
			if _, err := newPublisher(f.cfg, nil).publish(f.plan); err != nil {
				t.Fatal(err)
			}
			p := newPublisher(f.cfg, nil)
			p.fs = faultFS(tc.fail)
			res, err := rollback(context.Background(), p, 0, now)
			if (err == nil) != (tc.wantErr == "") || (err != nil && err.Error() != tc.wantErr) {
				t.Errorf("error %v, want %q", err, tc.wantErr)
			}
			if strings.Join(res.Notes, "\n") != strings.Join(tc.wantNotes, "\n") {
				t.Errorf("notes %q, want %q", res.Notes, tc.wantNotes)
			}
			if err == nil && (res.From.RunID != 2 || res.To.RunID != 1 || res.To.Note != "rolled back from run 2 at 2026-03-03T09:00:00Z") {
				t.Errorf("result %+v", res)
			}
			f.startOfNextRun(t)
			if got := f.state(t); got != tc.want {
				t.Errorf("after the rollback and the next run's start:\n got %s\nwant %s", got, tc.want)
			}
		})
	}
}

// TestRollbackKilledAtEveryStep is TestPublishKilledAtEveryStep for a
// rollback, whose new site comes from the snapshot directory.
func TestRollbackKilledAtEveryStep(t *testing.T) {
	killed := errors.New("killed")
	outcomes := map[string]int{}
	for k := 0; ; k++ {
		f := newPublishFixture(t)
		if _, err := newPublisher(f.cfg, nil).publish(f.plan); err != nil {
			t.Fatal(err)
		}
		calls := 0
		p := newPublisher(f.cfg, nil)
		p.fs = faultFS(func(string, string) error {
			if calls++; calls > k {
				return killed
			}
			return nil
		})
		_, err := rollback(context.Background(), p, 1, time.Now())
		done := calls <= k
		f.startOfNextRun(t)
		switch got := f.state(t); got {
		case stateNew:
			outcomes["run 2"]++
		case stateRolledBack:
			outcomes["run 1"]++
		default:
			t.Errorf("killed after %d calls (error %v), the next run's start leaves\n %s", k, err, got)
		}
		if done {
			if err != nil {
				t.Errorf("rollback with no call failing: %v", err)
			}
			t.Logf("%d calls; outcomes after a kill: %v", k, outcomes)
			break
		}
	}
	if outcomes["run 2"] == 0 || outcomes["run 1"] < 2 {
		t.Errorf("outcomes %v: want kills on both sides of the commit", outcomes)
	}
}

func TestRepairNeedsThePlansOutput(t *testing.T) {
	f := newPublishFixture(t)
	p := newPublisher(f.cfg, nil)
	exchanges := 0
	p.fs = faultFS(func(op, _ string) error {
		if op == "exchange" {
			exchanges++
		}
		// the database's rename fails, and so does putting the old site back
		if op == "rename" || (op == "exchange" && exchanges > 1) {
			return syscall.EIO
		}
		return nil
	})
	if committed, _ := p.publish(f.plan); committed || !p.pending() {
		t.Fatalf("committed %v, pending %v: want a plan left for repair", committed, p.pending())
	}
	other := f.cfg
	other.Output = filepath.Join(filepath.Dir(f.cfg.Output), "site2")
	_, err := newPublisher(other, nil).repair()
	want := "the publish of run 2 to " + f.cfg.Output + " was cut short: run (or rollback) with --out " + f.cfg.Output + " once to repair it"
	if err == nil || err.Error() != want {
		t.Errorf("repair with another output: %v, want %q", err, want)
	}
	f.startOfNextRun(t)
	if got := f.state(t); got != stateOld {
		t.Errorf("after the repair with the plan's output:\n got %s\nwant %s", got, stateOld)
	}
}

// A write-ahead log beside the published database (another process wrote
// to it without a checkpoint) would make the newly published file
// unreadable: the publish moves it beside the replaced snapshot, puts it
// back when the commit fails, and pruning that snapshot (as Run does after
// a publish) removes it.
func TestPublishSetsAsideAWriteAheadLog(t *testing.T) {
	tests := []struct {
		name          string
		keep          int
		failCommit    bool
		wantCommitted bool
		wantDB        string
		wantLogAt     string // "" for nowhere
	}{
		{name: "set aside beside run 1's snapshot", keep: 3, wantCommitted: true, wantDB: "db run 2",
			wantLogAt: "w.duckdb.snapshots/run-000001.duckdb.wal"},
		{name: "pruned with run 1's snapshot", keep: 1, wantCommitted: true, wantDB: "db run 2"},
		{name: "the commit fails: the log goes back", keep: 3, failCommit: true, wantDB: "db run 1", wantLogAt: "w.duckdb.wal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newPublishFixture(t)
			f.cfg.KeepSnapshots = tt.keep
			if err := os.WriteFile(f.cfg.Database+".wal", []byte("log of run 1"), 0o644); err != nil {
				t.Fatal(err)
			}
			p := newPublisher(f.cfg, nil)
			if tt.failCommit {
				p.fs = faultFS(func(op, path string) error {
					if op == "rename" && path == f.cfg.Database {
						return syscall.EIO
					}
					return nil
				})
			}
			committed, err := p.publish(f.plan)
			if committed != tt.wantCommitted || (err != nil) != tt.failCommit {
				t.Fatalf("committed %v, error %v", committed, err)
			}
			if committed { // as Run does after a publish
				if err := pruneSnapshots(f.cfg.Database, tt.keep); err != nil {
					t.Fatal(err)
				}
			}
			if b, _ := os.ReadFile(f.cfg.Database); string(b) != tt.wantDB {
				t.Errorf("published database holds %q, want %q", b, tt.wantDB)
			}
			dir := filepath.Dir(f.cfg.Database)
			for _, at := range []string{"w.duckdb.wal", "w.duckdb.snapshots/run-000001.duckdb.wal"} {
				b, err := os.ReadFile(filepath.Join(dir, at))
				switch {
				case at == tt.wantLogAt && string(b) != "log of run 1":
					t.Errorf("%s holds %q (%v), want the log", at, b, err)
				case at != tt.wantLogAt && err == nil:
					t.Errorf("a log is left at %s", at)
				}
			}
		})
	}
}
