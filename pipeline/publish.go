package pipeline

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/wagescope/wagescope/internal/atomicfile"
	"github.com/wagescope/wagescope/internal/lazyre"
)

// A publish changes two things readers see, the site and the database, and
// no filesystem changes both in one step. So the plan is written down first
// (publishing.json in the snapshot directory), the site is swapped in next
// and the database renamed over the published one last: that rename is the
// commit. A step that fails before it puts the previous site back; a publish
// cut short (a killed process, or a failed undo) is finished or undone by
// the next run or rollback before anything else (repair), whichever side of
// the commit it stopped on. Readers end up with the old snapshot whole or
// the new one whole.

const publishingFile = "publishing.json"

var snapshotDBPattern = lazyre.New(`^run-(\d+)\.duckdb$`)

// dirID identifies a directory across renames and processes (zero when
// unknown).
type dirID struct {
	Dev uint64 `json:"dev"`
	Ino uint64 `json:"ino"`
}

func (d dirID) known() bool { return d != dirID{} }

// publishPlan is one publish, kept in publishing.json until it is done.
type publishPlan struct {
	Meta     Snapshot `json:"meta"`     // published.json once done
	Prev     Snapshot `json:"prev"`     // published.json before
	Database string   `json:"database"` // renamed over the database: the commit
	Output   string   `json:"output"`   // the site's path (the configuration's output)
	// Site is swapped in for the site ("" leaves the site as it is); after
	// the swap it holds the replaced site.
	Site   string `json:"site,omitempty"`
	NewRun bool   `json:"new_run"` // a run's publish: keeps run-N.duckdb and run-N.json
	SiteID dirID  `json:"site_id"` // the new site's identity
	// SiteSwapped is set once the swap is done; a repair trusts it only where
	// directories have no identity (dirIdentity).
	SiteSwapped bool `json:"site_swapped,omitempty"`
}

// publishFS is the filesystem calls a publish makes that change what is
// published, replaceable so tests can fail any of them, or every one after
// the nth as a killed process would.
type publishFS struct {
	Rename    func(from, to string) error
	Exchange  func(a, b string) error
	Link      func(from, to string) error
	WriteJSON func(path string, v any) error
	RemoveAll func(path string) error
	DirID     func(path string) dirID
}

func osPublishFS() publishFS {
	return publishFS{Rename: os.Rename, Exchange: exchangeDirs, Link: linkOrCopy, WriteJSON: writeJSON,
		RemoveAll: os.RemoveAll, DirID: dirIdentity}
}

// publisher publishes to, and repairs, one configuration's database and
// site. The caller holds the run lock.
type publisher struct {
	cfg Config
	fs  publishFS
	log *slog.Logger
}

func newPublisher(cfg Config, log *slog.Logger) *publisher {
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return &publisher{cfg: cfg, fs: osPublishFS(), log: log}
}

func (p *publisher) dir() string      { return SnapshotDir(p.cfg.Database) }
func (p *publisher) planPath() string { return filepath.Join(p.dir(), publishingFile) }
func (p *publisher) swapTemp() string { return p.cfg.Output + ".swap" }

// pending reports whether a publish is left for repair.
func (p *publisher) pending() bool {
	_, err := os.Lstat(p.planPath())
	return err == nil
}

// publish carries out plan. committed says whether the new database (and
// site) are published: when not, err says whether the previous ones stay
// or the next run repairs a mixed state; when so, err (if any) is about the
// snapshot records, which the next run completes.
func (p *publisher) publish(plan publishPlan) (committed bool, err error) {
	if err := os.MkdirAll(p.dir(), 0o755); err != nil {
		return false, fmt.Errorf("publish: %w; %s", err, stays(plan.Prev))
	}
	snapDB := filepath.Join(p.dir(), snapshotName(plan.Meta.RunID, ".duckdb"))
	if plan.NewRun {
		if err := p.fs.Link(plan.Database, snapDB); err != nil {
			_ = p.fs.RemoveAll(snapDB)
			return false, fmt.Errorf("keep snapshot of run %d: %w; %s", plan.Meta.RunID, err, stays(plan.Prev))
		}
	}
	plan.Output = p.cfg.Output
	// what the plan makes current must be on disk before it is current:
	// the database's filesystem, then the site's (a second syncfs, with
	// little left to flush when it is the same filesystem)
	synced := syncFilesystem(plan.Database)
	if plan.Site != "" && synced == nil {
		synced = syncFilesystem(plan.Site)
	}
	if err := synced; err != nil {
		if plan.NewRun {
			_ = p.fs.RemoveAll(snapDB)
		}
		return false, fmt.Errorf("publish: %w; %s", err, stays(plan.Prev))
	}
	if plan.Site != "" {
		plan.SiteID = p.fs.DirID(plan.Site)
	}
	if err := p.fs.WriteJSON(p.planPath(), plan); err != nil {
		if plan.NewRun {
			_ = p.fs.RemoveAll(snapDB)
		}
		return false, fmt.Errorf("publish: %w; %s", err, stays(plan.Prev))
	}
	if plan.Site != "" {
		if err := p.swapIn(plan.Site); err != nil {
			return false, p.undo(plan, fmt.Errorf("publish site: %w", err))
		}
		plan.SiteSwapped = true
		if !plan.SiteID.known() {
			if err := p.fs.WriteJSON(p.planPath(), plan); err != nil {
				return false, p.undo(plan, fmt.Errorf("publish: %w", err))
			}
		}
	}
	restoreWAL, err := p.setAsideWAL(plan)
	if err != nil {
		return false, p.undo(plan, fmt.Errorf("publish database: %w", err))
	}
	if err := p.fs.Rename(plan.Database, p.cfg.Database); err != nil {
		return false, p.undo(plan, errors.Join(fmt.Errorf("publish database: %w", err), restoreWAL()))
	}
	// the renames are durable once their directories are synced; a failure
	// here changes nothing that is published, so it is not reported
	_ = atomicfile.SyncDir(filepath.Dir(p.cfg.Database))
	_ = atomicfile.SyncDir(filepath.Dir(p.cfg.Output))
	if err := p.finish(plan); err != nil {
		return true, fmt.Errorf("run %d is published, but its snapshot records are incomplete (the next run or rollback completes them): %w",
			plan.Meta.RunID, err)
	}
	return true, nil
}

// setAsideWAL moves a write-ahead log found beside the published database
// into the snapshot directory, beside the snapshot of the file it belongs
// to, before the commit renames another file over that database: another
// process wrote to the published file without a checkpoint, and DuckDB
// refuses to open a file beside a log from an older checkpoint, so left in
// place it would make the newly published database unreadable (as it would
// a log already stale, left by such a writer after an earlier publish).
// What the log holds is that process's, not the build's: a run starts from
// the published file alone. The returned function moves the log back, for
// a commit that fails.
func (p *publisher) setAsideWAL(plan publishPlan) (restore func() error, err error) {
	restore = func() error { return nil }
	wal := p.cfg.Database + ".wal"
	if _, err := os.Lstat(wal); errors.Is(err, os.ErrNotExist) {
		return restore, nil
	}
	name := "replaced.duckdb.wal" // a database wagescope did not publish
	if plan.Prev.RunID != 0 {
		name = snapshotName(plan.Prev.RunID, ".duckdb.wal")
	}
	aside := filepath.Join(p.dir(), name)
	if err := p.fs.Rename(wal, aside); err != nil {
		return restore, fmt.Errorf("move the published database's write-ahead log %s aside (another process wrote to the database): %w", wal, err)
	}
	p.log.Warn("the published database had a write-ahead log from another process; it is kept beside the replaced snapshot",
		"log", aside)
	return func() error {
		if err := p.fs.Rename(aside, wal); err != nil {
			return fmt.Errorf("put the write-ahead log back (it is %s): %w", aside, err)
		}
		return nil
	}, nil
}

// stays says what is published after a publish that changed nothing.
func stays(prev Snapshot) string {
	if prev.RunID == 0 {
		return "nothing was published"
	}
	return fmt.Sprintf("nothing was published: run %d stays published", prev.RunID)
}

// undo puts the previous site back after a step before the commit failed.
func (p *publisher) undo(plan publishPlan, cause error) error {
	if err := p.rollBack(plan); err != nil {
		return fmt.Errorf("%w; undoing it failed too (%v): the site and database may not match until the next run or rollback repairs them, which it does first", cause, err)
	}
	return fmt.Errorf("%w; %s", cause, stays(plan.Prev))
}

// rollBack undoes a plan whose database was not renamed into place: the
// replaced site goes back, the new one back to plan.Site (a run's start
// removes it; a rollback's stays a kept snapshot), and the run's snapshot
// database is removed.
func (p *publisher) rollBack(plan publishPlan) error {
	if plan.Site != "" {
		if err := p.placeSites(plan, false); err != nil {
			return err
		}
	}
	if plan.NewRun {
		// Only while its record is missing: a run id is never reused for a
		// kept snapshot (nextRunFloor), but this is cheap to be sure of.
		if _, err := os.Lstat(filepath.Join(p.dir(), snapshotName(plan.Meta.RunID, ".json"))); errors.Is(err, os.ErrNotExist) {
			if err := p.fs.RemoveAll(filepath.Join(p.dir(), snapshotName(plan.Meta.RunID, ".duckdb"))); err != nil {
				return err
			}
		}
	}
	return p.fs.RemoveAll(p.planPath())
}

// finish completes a plan whose database is in place; it may run again on
// a plan it finished in part.
func (p *publisher) finish(plan publishPlan) error {
	if plan.Site != "" {
		if err := p.placeSites(plan, true); err != nil {
			return err
		}
		if err := p.keepReplacedSite(plan); err != nil {
			return err
		}
	}
	if plan.NewRun {
		if err := p.fs.WriteJSON(filepath.Join(p.dir(), snapshotName(plan.Meta.RunID, ".json")), plan.Meta); err != nil {
			return fmt.Errorf("record snapshot of run %d: %w", plan.Meta.RunID, err)
		}
	}
	if err := p.fs.WriteJSON(filepath.Join(p.dir(), "published.json"), plan.Meta); err != nil {
		return fmt.Errorf("record the published run: %w", err)
	}
	return p.fs.RemoveAll(p.planPath())
}

// keepReplacedSite moves the site a publish replaced (now at plan.Site) to
// the snapshot site of the run that built it, or removes it when no run is
// known to own it.
func (p *publisher) keepReplacedSite(plan publishPlan) error {
	if !exists(plan.Site) {
		return nil
	}
	if plan.Prev.SiteRunID == 0 {
		return p.fs.RemoveAll(plan.Site)
	}
	keep := filepath.Join(p.dir(), snapshotName(plan.Prev.SiteRunID, ".site"))
	if err := p.fs.RemoveAll(keep); err != nil {
		return fmt.Errorf("keep site of run %d: %w", plan.Prev.SiteRunID, err)
	}
	if err := p.fs.Rename(plan.Site, keep); err != nil {
		return fmt.Errorf("keep site of run %d: %w", plan.Prev.SiteRunID, err)
	}
	return nil
}

// swapIn puts directory next in place of the site and next's path then
// holds the replaced site. It is one atomic exchange where the filesystem
// has one; elsewhere three renames through swapTemp, during which the site
// is missing for a moment, with what was moved put back if one fails.
func (p *publisher) swapIn(next string) error {
	site := p.cfg.Output
	if !exists(site) {
		return p.fs.Rename(next, site)
	}
	err := p.fs.Exchange(next, site)
	if err == nil || !exchangeUnsupported(err) {
		return err
	}
	p.log.Info("no atomic directory exchange on this filesystem: the site is swapped in by renames", "reason", err)
	tmp := p.swapTemp()
	if err := p.fs.Rename(site, tmp); err != nil {
		return err
	}
	if err := p.fs.Rename(next, site); err != nil {
		if uerr := p.fs.Rename(tmp, site); uerr != nil {
			return fmt.Errorf("%w (moving %s back failed too: %v)", err, site, uerr)
		}
		return err
	}
	return p.fs.Rename(tmp, next)
}

// exchangeUnsupported reports whether an exchange failed because the
// filesystem or system has none (EINVAL from renameat2 on e.g. some network
// filesystems, ENOSYS on old kernels), so renames must do.
func exchangeUnsupported(err error) bool {
	return errors.Is(err, errors.ErrUnsupported) || errors.Is(err, syscall.EINVAL) || errors.Is(err, syscall.ENOSYS)
}

// placeSites puts the new site (committed) or the replaced one (not) at the
// site path and the other one at plan.Site, wherever a swap that failed or
// was cut short left them: at the site path, plan.Site or swapTemp.
func (p *publisher) placeSites(plan publishPlan, committed bool) error {
	site, aside := p.cfg.Output, plan.Site
	newAt, oldAt := p.locateSites(plan)
	want, other := newAt, oldAt
	if !committed {
		want, other = oldAt, newAt
	}
	if committed && want == "" {
		p.log.Warn("the new site is missing; the next run builds it again", "site", site)
	}
	if want != "" && want != site {
		switch {
		case other == site && want == aside:
			if err := p.swapIn(aside); err != nil {
				return err
			}
			other = aside
		case other == site: // want is at swapTemp, so aside is free
			if err := p.fs.Rename(site, aside); err != nil {
				return err
			}
			other = aside
			fallthrough
		default:
			if err := p.fs.Rename(want, site); err != nil {
				return err
			}
		}
	}
	if other != "" && other != aside {
		return p.fs.Rename(other, aside)
	}
	return nil
}

// locateSites finds which of the site path, plan.Site and swapTemp hold the
// new and the replaced site ("" when one does not exist): by identity where
// directories have one; else a swapTemp left holds the replaced site, and
// otherwise the plan says whether the swap was done.
func (p *publisher) locateSites(plan publishPlan) (newAt, oldAt string) {
	site, aside, tmp := p.cfg.Output, plan.Site, p.swapTemp()
	isNew := func(path string) bool { return (path == site) == plan.SiteSwapped }
	switch {
	case plan.SiteID.known():
		isNew = func(path string) bool { return p.fs.DirID(path) == plan.SiteID }
	case exists(tmp):
		isNew = func(path string) bool { return path != tmp }
	}
	for _, path := range []string{site, aside, tmp} {
		if !exists(path) {
			continue
		}
		if newAt == "" && isNew(path) {
			newAt = path
		} else if oldAt == "" {
			oldAt = path
		}
	}
	return newAt, oldAt
}

// repair finishes or undoes a publish that was cut short (publishing.json
// is there): finished when its database is in place, else undone. It
// returns what it did, for the log ("" when nothing was left).
func (p *publisher) repair() (string, error) {
	var plan publishPlan
	err := readJSON(p.planPath(), &plan)
	if errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("repair the publish that was cut short: %w", err)
	}
	if plan.Output != p.cfg.Output {
		// Its site path is where the pieces are, and that is what it locks.
		return "", fmt.Errorf("the publish of run %d to %s was cut short: run (or rollback) with --out %s once to repair it",
			plan.Meta.RunID, plan.Output, plan.Output)
	}
	_, err = os.Lstat(plan.Database)
	switch {
	case errors.Is(err, os.ErrNotExist):
		if err := p.finish(plan); err != nil {
			return "", fmt.Errorf("finish the publish of run %d that was cut short: %w", plan.Meta.RunID, err)
		}
		return fmt.Sprintf("finished the publish of run %d that was cut short after its database was in place", plan.Meta.RunID), nil
	case err != nil:
		return "", fmt.Errorf("repair the publish that was cut short: %w", err)
	}
	if err := p.rollBack(plan); err != nil {
		return "", fmt.Errorf("undo the publish of run %d that was cut short: %w", plan.Meta.RunID, err)
	}
	return fmt.Sprintf("undid the publish of run %d that was cut short before its database was in place; %s",
		plan.Meta.RunID, strings.TrimPrefix(stays(plan.Prev), "nothing was published: ")), nil
}

// clearLeftovers removes what a killed process leaves that no plan needs
// (call it after repair): a swap's temporary site, a rollback's database
// copy, atomicfile temporaries in the snapshot directory, and snapshot
// databases without their record (a run killed before it wrote run-N.json).
func (p *publisher) clearLeftovers() error {
	for _, path := range []string{p.swapTemp(), p.cfg.Database + ".rollback"} {
		if err := os.RemoveAll(path); err != nil {
			return err
		}
	}
	entries, err := os.ReadDir(p.dir())
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	cur, err := PublishedSnapshot(p.cfg.Database)
	if err != nil {
		return err
	}
	for _, e := range entries {
		name := e.Name()
		orphan := false
		if m := snapshotDBPattern.FindStringSubmatch(name); m != nil {
			n, err := strconv.ParseInt(m[1], 10, 64)
			orphan = err == nil && n != cur.RunID && !exists(filepath.Join(p.dir(), snapshotName(n, ".json")))
		}
		if orphan || strings.HasPrefix(name, ".tmp-") {
			if err := os.RemoveAll(filepath.Join(p.dir(), name)); err != nil {
				return err
			}
		}
	}
	return nil
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}
