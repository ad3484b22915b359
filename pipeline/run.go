package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"time"

	"github.com/wagescope/wagescope/internal/filehash"
	"github.com/wagescope/wagescope/pipeline/ingest"
	"github.com/wagescope/wagescope/pipeline/store"
	"github.com/wagescope/wagescope/reports"
)

// Options are the per-invocation choices of `wagescope run`.
type Options struct {
	Only []string // stages to run; empty means all
	// Skip leaves out checks or report, even when Only brings them: the
	// build is then published without its checks and guards (benchmarks).
	Skip       []string
	Force      bool
	ConfigPath string
	Logger     *slog.Logger
	Now        func() time.Time
	Offline    bool // fetched sources come from the cache only
	// Progress, when set, is told how far a long stage is (ingest by
	// source, report by page); the command draws it on a terminal only.
	Progress func(stage string, done, total int)
	Version  string // the tool's version, sent in the User-Agent
	// SiteTime, when set, is the time the report's metadata block shows
	// instead of the run's, and the run id is left out: two runs on the
	// same inputs then write byte-identical sites (SOURCE_DATE_EPOCH).
	SiteTime time.Time
	// SQLProfile, when set, receives DuckDB's profile of each statement of
	// the SQL stages (schema, staging, marts), which then run one
	// statement at a time (run --sql-profile).
	SQLProfile func(store.StatementProfile)
}

// Status of a run, mapped to exit codes by the command layer.
type Status string

// Run outcomes.
const (
	StatusOK      Status = "ok"
	StatusPartial Status = "partial" // some sources failed; nothing published
	StatusFailed  Status = "failed"
	// StatusInterrupted: the run was stopped (SIGINT, SIGTERM, a canceled
	// context) before it published; nothing was published.
	StatusInterrupted Status = "interrupted"
)

// Result is what a run did.
type Result struct {
	RunID     int64
	Status    Status
	Published bool
	Unchanged bool // no source or setting changed: nothing was rebuilt
	Sources   []SourceOutcome
	Stages    []StageTiming
	Changes   *store.ChangeSummary
}

// SourceOutcome is one source file's ingest.
type SourceOutcome struct {
	Source   string `json:"source"`
	File     string `json:"file"`
	Release  string `json:"release,omitempty"`
	Rows     int    `json:"rows"`
	Rejected int    `json:"rejected"`
	Status   string `json:"status"` // ingested | unchanged | failed
	Err      string `json:"error,omitempty"`

	mappingErr error // set when a posting column mapping does not fit the file
}

// StageTiming is one stage's wall time and row count.
type StageTiming struct {
	Stage   string  `json:"stage"`
	Seconds float64 `json:"seconds"`
	Rows    int64   `json:"rows"`
	Skipped bool    `json:"skipped,omitempty"`
	Detail  string  `json:"detail,omitempty"`
	// PeakRSSMiB is the process's peak resident memory during the stage
	// (Linux; 0 elsewhere), DuckDB's included: what memory_limit bounds.
	PeakRSSMiB float64 `json:"peak_rss_mib,omitempty"`
}

// ErrSourcesFailed marks a run in which at least one source failed.
var ErrSourcesFailed = errors.New("sources failed; the published database and site are unchanged")

// Run executes the batch: it builds a new database and site next to the
// published ones and renames them into place only when every selected stage
// and every data check passed. A failed source fails the publish (status
// partial) so readers never see a database missing a source it had before.
func Run(ctx context.Context, cfg Config, opt Options) (Result, error) {
	log := opt.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	now := opt.Now
	if now == nil {
		now = time.Now
	}
	only, err := SelectStages(opt.Only, opt.Skip)
	if err != nil {
		return Result{Status: StatusFailed}, err
	}
	if len(opt.Skip) > 0 {
		log.Warn("stages skipped", "stages", strings.Join(opt.Skip, ","), "consequence", skipConsequence(only))
	}
	if added := addedStages(opt.Only, only); len(added) > 0 {
		log.Info("stages added to --only", "stages", strings.Join(added, ","),
			"reason", "a stage that rewrites tables brings the later ones: the marts derived from them, the checks and guards before publishing, and the report")
	}
	if err := os.MkdirAll(filepath.Dir(cfg.Database), 0o755); err != nil {
		return Result{Status: StatusFailed}, fmt.Errorf("create database directory: %w", err)
	}
	unlock, err := lockRun(cfg, now())
	if err != nil {
		return Result{Status: StatusFailed}, err
	}
	defer unlock()
	// A publish cut short is finished or undone before the leftovers of a
	// killed run are cleared: the repair tells by what is still there.
	pub := newPublisher(cfg, log)
	note, err := pub.repair()
	if err != nil {
		return Result{Status: StatusFailed}, err
	}
	if note != "" {
		log.Warn("publish repaired", "what", note)
	}
	if err := pub.clearLeftovers(); err != nil {
		log.Warn("leftovers of a killed run not removed", "error", err)
	}

	fingerprint, err := buildFingerprint(cfg.StorageVersion)
	if err != nil {
		return Result{Status: StatusFailed}, err
	}
	building := cfg.Database + ".building"
	if err := removeDatabaseFiles(building); err != nil {
		return Result{Status: StatusFailed}, err
	}
	_ = os.RemoveAll(cfg.Output + ".building") // left by a killed run
	b := &build{cfg: cfg, opt: opt, log: log, now: now, only: only, fingerprint: fingerprint}
	switch {
	case !only[StageIngest]:
		// The later stages read what earlier ones wrote (the maps' keys,
		// the staged columns): from other code they may not fit this build.
		if fp, err := b.publishedFingerprint(ctx); err == nil && fp != fingerprint {
			return Result{Status: StatusFailed}, fmt.Errorf("--only without ingest: the published database %s was built by other code or settings; run without --only to rebuild it", cfg.Database)
		}
		if err := copyFile(cfg.Database, building); err != nil {
			return Result{Status: StatusFailed}, fmt.Errorf("--only without ingest starts from the published database: %w", err)
		}
		b.fromPublished = true
	case b.reusable(ctx):
		// Incremental: start from the published database and re-read only
		// the source files whose bytes or configuration changed.
		if err := copyFile(cfg.Database, building); err != nil {
			return Result{Status: StatusFailed}, fmt.Errorf("start from the published database: %w", err)
		}
		b.fromPublished = true
	}
	started := now().UTC()
	res, err := b.run(ctx, building)
	if err != nil && ctx.Err() != nil {
		// stopped, not broken: the record says so, with the signal when
		// the caller gave it as the cause
		res.Status = StatusInterrupted
		if cause := context.Cause(ctx); cause != nil && !errors.Is(cause, ctx.Err()) {
			err = fmt.Errorf("%v: %w", cause, err)
		}
	}
	// A run that publishes nothing loses its ledger row with its build:
	// keep its record beside the snapshots (runs lists it).
	defer func() {
		if res.Published || res.RunID == 0 {
			return
		}
		r := UnpublishedRun{RunID: res.RunID, StartedAt: started, FinishedAt: now().UTC(), Status: res.Status,
			Stages: res.Stages, Sources: res.Sources}
		if err != nil {
			r.Message = err.Error()
		}
		if rerr := recordUnpublished(cfg.Database, r); rerr != nil {
			log.Warn("record of the unpublished run not kept", "error", rerr)
		}
	}()
	if err != nil || res.Status != StatusOK {
		_ = removeDatabaseFiles(building)
		_ = os.RemoveAll(cfg.Output + ".building")
		if res.Status == StatusPartial {
			// Nothing is published, but the failed sources are told where
			// a cron job's mail and the next look at the snapshots see them.
			b.res.Changes = &store.ChangeSummary{RunID: res.RunID, ThresholdPct: cfg.ChangeThresholdPct, Sources: b.sourceChanges()}
			res.Changes = b.res.Changes
			if werr := os.MkdirAll(SnapshotDir(cfg.Database), 0o755); werr == nil {
				_ = b.writeChanges()
			}
		}
		return res, err
	}
	cur, err := PublishedSnapshot(cfg.Database)
	if err != nil {
		res.Status = StatusFailed
		return res, fmt.Errorf("publish: %w; nothing was published", err)
	}
	plan := publishPlan{Prev: cur, Database: building, NewRun: true,
		Meta: Snapshot{RunID: res.RunID, SiteRunID: cur.SiteRunID, DataRunID: res.RunID, PublishedAt: now().UTC().Format(time.RFC3339)}}
	if cur.RunID != 0 && !b.rewroteData() {
		plan.Meta.DataRunID = cur.DataRun()
	}
	if b.only[StageReport] && !b.unchanged {
		plan.Site, plan.Meta.SiteRunID = cfg.Output+".building", res.RunID
	}
	committed, err := pub.publish(plan)
	if !committed {
		if !pub.pending() { // else the next run's repair needs them
			_ = removeDatabaseFiles(building)
			_ = os.RemoveAll(cfg.Output + ".building")
		}
		res.Status = StatusFailed
		return res, err
	}
	res.Published = true
	if err := b.writeChanges(); err != nil {
		log.Warn("change summary not kept", "error", err)
	}
	if err != nil {
		// The next run completes the records; pruning waits for them.
		log.Warn("run published with its snapshot records incomplete", "error", err)
		return res, nil
	}
	if err := pruneSnapshots(cfg.Database, cfg.KeepSnapshots); err != nil {
		log.Warn("old snapshots not pruned", "error", err)
	}
	return res, nil
}

// reusable reports whether the published database was built by this code,
// so its raw rows can be reused (not with --force).
func (b *build) reusable(ctx context.Context) bool {
	if b.opt.Force {
		return false
	}
	if _, err := os.Stat(b.cfg.Database); err != nil {
		return false
	}
	fp, err := b.publishedFingerprint(ctx)
	if err != nil {
		b.log.Warn("published database not reused", "error", err)
		return false
	}
	if fp != b.fingerprint {
		b.log.Info("full rebuild: the published database was built by other code or settings")
		return false
	}
	return true
}

// publishedFingerprint is the build fingerprint of the published database's
// last successful run ("" when it has none).
func (b *build) publishedFingerprint(ctx context.Context) (string, error) {
	db, err := store.Open(ctx, b.cfg.Database, store.Options{ReadOnly: true})
	if err != nil {
		return "", err
	}
	defer db.Close()
	var fp string
	err = db.QueryRow(ctx, `SELECT coalesce(max_by(build_fingerprint, run_id), '') FROM runs WHERE status = 'ok'`).Scan(&fp)
	return fp, err
}

type build struct {
	cfg  Config
	opt  Options
	log  *slog.Logger
	now  func() time.Time
	only map[string]bool
	db   *store.DB
	res  Result

	fingerprint   string // buildFingerprint of this binary
	fromPublished bool   // the build started from a copy of the published database
	unchanged     bool   // nothing to rebuild: later stages are skipped

	// Incremental rebuild: the raw tables' source file sets as published,
	// whether normalize ran, and the staging/mart files to run (nil: all).
	publishedFileSets map[string]string
	ingestedFileSets  map[string]string // the raw tables' sets after ingest (ingestedSets)
	normalized        bool
	reuseMaps         bool             // the normalize stage maps only keys its published maps lack
	loadedTitleRefs   []store.TitleRef // referenceTitles, once loaded
	models            map[string]bool
	// mapsRebuilt: a map was built afresh rather than kept and extended;
	// postingSourcesKept: map_postings__sources kept the published row of
	// every source still configured;
	// postingsStaleInputs: what postingsModel reads that this build
	// changed. proposePostingsPatch reads all three.
	mapsRebuilt         bool
	postingSourcesKept  bool
	postingsStaleInputs []string
	addedPostingFiles   []int64 // postings files added since the published build, when normalize reused its maps
	droppedPostingFiles []int64 // … and the published build's postings files gone since, whose keys the maps lose
	addedPostings       bool    // the added files' raw postings are a view (viewAddedPostings)
	payCollided         bool    // … and the published pay map has collided tuples
	stageDetail         string  // set by a stage for the runs ledger
	// stagePeakMiB is the highest peak of the windows a stage ended
	// (restartPeakWindow); the stage's own last window is read at its end.
	stagePeakMiB float64
	mapChunk     int // keys mapDistinct maps at a time; 0: mapChunk
}

func (b *build) run(ctx context.Context, path string) (Result, error) {
	db, err := store.Open(ctx, path, store.Options{Threads: b.cfg.Threads, MemoryLimit: b.cfg.MemoryLimit, StorageVersion: b.cfg.StorageVersion,
		Profile: b.opt.SQLProfile})
	if err != nil {
		return Result{Status: StatusFailed}, err
	}
	b.db = db
	defer db.Close()
	if err := b.start(ctx); err != nil {
		return Result{Status: StatusFailed}, err
	}
	steps := []struct {
		name string
		fn   func(context.Context) (int64, error)
	}{
		{StageIngest, b.ingest},
		{StageNormalize, b.normalizePostings},
		{StageStaging, b.staging},
		{StageMarts, b.marts},
		{StageChecks, b.checks},
		{StageReport, b.report},
	}
	for _, s := range steps {
		if !b.only[s.name] {
			continue
		}
		if err := ctx.Err(); err != nil {
			return b.finish(ctx, StatusFailed, err)
		}
		if s.name == StageNormalize {
			current, err := b.mapsCurrent(ctx)
			if err != nil {
				return b.finish(ctx, StatusFailed, fmt.Errorf("stage %s: %w", s.name, err))
			}
			if current {
				const why = "no postings file and no reference title changed"
				b.res.Stages = append(b.res.Stages, StageTiming{Stage: s.name, Skipped: true, Detail: why})
				b.log.Info("stage skipped", "stage", s.name, "reason", why)
				continue
			}
		}
		if b.unchanged && s.name != StageIngest {
			b.res.Stages = append(b.res.Stages, StageTiming{Stage: s.name, Skipped: true, Detail: "no source or setting changed"})
			b.log.Info("stage skipped", "stage", s.name, "reason", "no source or setting changed")
			continue
		}
		start := time.Now()
		b.log.Info("stage started", "stage", s.name)
		b.stageDetail = ""
		b.stagePeakMiB = 0
		// The heap an earlier stage freed (the title index, a chunk of
		// mapped keys) goes back to the system before DuckDB's stages,
		// rather than sitting under what memory_limit allows them.
		before, after := releaseGoHeap()
		b.log.Debug("memory before stage", "stage", s.name, "rss_mib", before, "after_go_release_mib", after)
		resetPeakRSS()
		rows, err := s.fn(ctx)
		timing := StageTiming{Stage: s.name, Seconds: time.Since(start).Seconds(), Rows: rows, Detail: b.stageDetail,
			PeakRSSMiB: math.Round(max(peakRSSMiB(), b.stagePeakMiB))}
		if s.name == StageNormalize {
			b.normalized = true
		}
		b.res.Stages = append(b.res.Stages, timing)
		if s.name == StageIngest {
			// what the ingest read, also for a run the ingest failed
			b.res.Stages[len(b.res.Stages)-1].Detail = b.ingestDetail()
		}
		if errors.Is(err, ErrSourcesFailed) {
			return b.finish(ctx, StatusPartial, err)
		}
		var ce *ConfigError
		if errors.As(err, &ce) {
			return b.finish(ctx, StatusFailed, err)
		}
		if err != nil {
			return b.finish(ctx, StatusFailed, fmt.Errorf("stage %s: %w", s.name, err))
		}
		b.log.Info("stage finished", "stage", s.name, "seconds", fmt.Sprintf("%.2f", timing.Seconds), "rows", rows, "peak_rss_mib", timing.PeakRSSMiB)
		if s.name == StageIngest {
			if err := b.decideUnchanged(ctx); err != nil {
				return b.finish(ctx, StatusFailed, err)
			}
		}
	}
	b.res.Unchanged = b.unchanged
	return b.finish(ctx, StatusOK, nil)
}

// start creates the schema and the run's ledger row, carrying the history of
// earlier runs over from the published database.
func (b *build) start(ctx context.Context) error {
	if err := b.db.RunDir(ctx, "schema"); err != nil {
		return err
	}
	if err := b.db.LoadReference(ctx); err != nil {
		return err
	}
	if !b.fromPublished {
		if err := b.carryRunHistory(ctx); err != nil {
			b.log.Warn("run history of the published database not carried over", "error", err)
		}
	}
	if err := b.db.QueryRow(ctx, "SELECT coalesce(max(run_id), 0) + 1 FROM runs").Scan(&b.res.RunID); err != nil {
		return fmt.Errorf("next run id: %w", err)
	}
	floor, err := nextRunFloor(b.cfg.Database)
	if err != nil {
		return err
	}
	b.res.RunID = max(b.res.RunID, floor)
	return b.db.Exec(ctx, `INSERT INTO runs (run_id, started_at, status, config_path, build_fingerprint) VALUES (?, ?, 'running', ?, ?)`,
		b.res.RunID, b.now().UTC(), b.opt.ConfigPath, b.fingerprint)
}

func (b *build) carryRunHistory(ctx context.Context) error {
	if _, err := os.Stat(b.cfg.Database); err != nil {
		return nil // first run
	}
	if err := b.db.Exec(ctx, fmt.Sprintf("ATTACH '%s' AS published (READ_ONLY)", strings.ReplaceAll(b.cfg.Database, "'", "''"))); err != nil {
		return err
	}
	defer b.db.Exec(ctx, "DETACH published") //nolint:errcheck // best effort
	return b.db.Exec(ctx, "INSERT INTO runs BY NAME SELECT * FROM published.runs")
}

func (b *build) finish(ctx context.Context, status Status, cause error) (Result, error) {
	b.res.Status = status
	stages, _ := json.Marshal(b.res.Stages)
	var changes []byte
	if b.res.Changes != nil {
		changes, _ = json.Marshal(b.res.Changes)
	}
	msg := ""
	if cause != nil {
		msg = cause.Error()
	}
	// The ledger row lives in the database being built: a failed build is
	// discarded, and its story is told by the log and the exit code.
	if err := b.db.Exec(ctx, `UPDATE runs SET finished_at = ?, status = ?, stages_json = ?, message = ?, changes_json = ? WHERE run_id = ?`,
		b.now().UTC(), string(status), string(stages), msg, nullable(string(changes)), b.res.RunID); err != nil && cause == nil {
		cause = err
		b.res.Status = StatusFailed
	}
	return b.res, cause
}

// ingest reads every configured source; a source that fails is logged, its
// rows removed, and the run continues so every problem is reported at once.
func (b *build) ingest(ctx context.Context) (int64, error) {
	var total int64
	var failed []string
	loaded := map[string]publishedFile{}
	if b.fromPublished {
		var err error
		if loaded, err = b.loadedFiles(ctx); err != nil {
			return 0, err
		}
		if b.publishedFileSets, err = b.db.SourceFileSets(ctx, rawTables); err != nil {
			return 0, err
		}
	}
	keep := map[int64]bool{}
	stats := byStat(loaded)
	for i, src := range b.cfg.Sources {
		b.progress(StageIngest, i, len(b.cfg.Sources))
		files, err := b.sourceFiles(ctx, src)
		if err != nil {
			if ctx.Err() != nil {
				return total, ctx.Err()
			}
			b.log.Error("source failed", "source", src.Name, "error", err)
			b.res.Sources = append(b.res.Sources, SourceOutcome{Source: src.Name, File: src.Path, Status: "failed", Err: err.Error()})
			failed = append(failed, src.Name)
			continue
		}
		cfgSHA := sourceConfigSHA(src)
		for _, sf := range files {
			file := sf.path
			if sf.sha256 == "" {
				// taken before hashing: a write while the file is read
				// changes it, and the next run hashes the file again
				sf.stat = fileStat(file)
				if p, same := stats[statKey(src.Name, file, cfgSHA, sf.stat)]; same {
					sf.sha256, sf.size = p.sha, p.bytes
					b.log.Debug("source file not hashed: its stat is the one recorded", "source", src.Name, "file", filepath.Base(file))
				}
			}
			sum, size, err := sf.digest()
			if err != nil {
				b.res.Sources = append(b.res.Sources, SourceOutcome{Source: src.Name, File: file, Status: "failed", Err: err.Error()})
				b.log.Error("source failed", "source", src.Name, "file", file, "error", err)
				failed = append(failed, src.Name)
				continue
			}
			p, ok := loaded[publishedFile{name: src.Name, path: file, sha: sum, configSHA: cfgSHA}.key()]
			if !ok {
				// the project (or data folder) moved: the same bytes under the
				// same name are the same file; its lineage takes the new path
				if p, ok = movedFile(loaded, keep, src.Name, file, sum, cfgSHA); ok {
					if err := b.db.Exec(ctx, `UPDATE source_files SET path = ? WHERE source_file_id = ?`, file, p.id); err != nil {
						return total, fmt.Errorf("record the new path of %s: %w", file, err)
					}
					b.log.Info("source file moved", "source", src.Name, "from", p.path, "to", file)
				}
			}
			if ok {
				keep[p.id] = true
				if sf.stat != p.stat {
					// the same bytes (touched, copied, moved): the next run
					// need not hash them
					if err := b.db.Exec(ctx, `UPDATE source_files SET file_stat = ? WHERE source_file_id = ?`, nullable(sf.stat), p.id); err != nil {
						return total, fmt.Errorf("record the stat of %s: %w", file, err)
					}
				}
				b.res.Sources = append(b.res.Sources, SourceOutcome{Source: src.Name, File: file, Status: "unchanged"})
				b.log.Info("source unchanged", "source", src.Name, "file", filepath.Base(file), "sha256", sum[:12])
				continue
			}
			out, err := b.ingestFile(ctx, src, sf, sum, size, cfgSHA)
			b.res.Sources = append(b.res.Sources, out)
			if err != nil {
				if ctx.Err() != nil {
					return total, ctx.Err()
				}
				b.log.Error("source failed", "source", src.Name, "file", file, "error", err)
				failed = append(failed, src.Name)
				continue
			}
			out.Status = "ingested"
			b.res.Sources[len(b.res.Sources)-1] = out
			total += int64(out.Rows)
			b.log.Info("source ingested", "source", src.Name, "file", filepath.Base(file), "release", out.Release,
				"rows", out.Rows, "rejected", out.Rejected)
		}
	}
	fits := map[string]bool{} // sources with a file the mapping reads
	for _, out := range b.res.Sources {
		if out.Status == "ingested" || out.Status == "unchanged" {
			fits[out.Source] = true
		}
	}
	for _, out := range b.res.Sources {
		if out.mappingErr != nil && !fits[out.Source] {
			// A mapping that fits none of its files is the configuration's
			// fault: exit 2, nothing published. One odd file among files it
			// reads is that file's fault: the source failed (exit 3).
			return total, &ConfigError{Msg: fmt.Sprintf("sources (%s): %v", out.Source, out.mappingErr)}
		}
	}
	b.progress(StageIngest, len(b.cfg.Sources), len(b.cfg.Sources))
	if len(failed) > 0 {
		return total, fmt.Errorf("%w: %s", ErrSourcesFailed, strings.Join(failed, ", "))
	}
	if b.fromPublished {
		dropped, err := b.dropFiles(ctx, keep)
		if err != nil {
			return total, err
		}
		for _, d := range newVersions(b.res.Sources, dropped) {
			if d.replaced {
				b.log.Info("source file replaced", "source", d.source, "file", filepath.Base(d.file))
				continue // the same file, read again: a new version, not a removal
			}
			b.log.Info("source file dropped", "source", d.source, "file", filepath.Base(d.file))
			b.res.Sources = append(b.res.Sources, SourceOutcome{Source: d.source, File: d.file, Status: "removed"})
		}
	}
	return total, nil
}

// droppedFile is a published file a build no longer has: replaced by a new
// version or removed.
type droppedFile struct {
	source, file string
	replaced     bool
}

// newVersions tells which dropped files (source name and path) were
// replaced by a file read this run: one read under the same path, or
// under the same name where the project or data folder moved. Each file
// read stands for one dropped file, its path's first, so with a glob over
// folders of files of the same name (night1/postings.csv,
// night2/postings.csv), a folder deleted is a removal: before, any file of
// that name made it a replacement, and the normalize stage, seeing no
// postings file change, kept the maps and their removed keys.
func newVersions(outcomes []SourceOutcome, dropped [][2]string) []droppedFile {
	free := map[[2]string][]int{} // (source, path or name) → files read, not yet claimed
	for i, o := range outcomes {
		if o.Status == "ingested" {
			free[[2]string{o.Source, o.File}] = append(free[[2]string{o.Source, o.File}], i)
			base := [2]string{o.Source, filepath.Base(o.File)}
			free[base] = append(free[base], i)
		}
	}
	claimed := map[int]bool{}
	claim := func(key [2]string) bool {
		for _, i := range free[key] {
			if !claimed[i] {
				claimed[i] = true
				return true
			}
		}
		return false
	}
	out := make([]droppedFile, len(dropped))
	for i, d := range dropped {
		out[i] = droppedFile{source: d[0], file: d[1]}
	}
	for i, d := range dropped { // the same path first
		out[i].replaced = claim(d)
	}
	for i, d := range dropped {
		if !out[i].replaced {
			out[i].replaced = claim([2]string{d[0], filepath.Base(d[1])})
		}
	}
	return out
}

// mapsCurrent reports whether the normalize stage's maps, copied from the
// published database, still hold. They are computed from the postings, the
// reference tables (which the build fingerprint covers) and the title
// classifier's reference titles, which come from the O*NET, SOC, OEWS and
// projections files (store.TitleRefs): when one of those changed, the
// titles themselves are compared, so a revised OEWS median keeps the maps
// and a renamed occupation does not.
func (b *build) mapsCurrent(ctx context.Context) (bool, error) {
	if !b.fromPublished || b.opt.Force || !b.only[StageIngest] {
		return false, nil
	}
	kinds := map[string]string{}
	for _, src := range b.cfg.Sources {
		kinds[src.Name] = src.Kind
	}
	refsMayDiffer := false
	for _, s := range b.res.Sources {
		if s.Status == "unchanged" {
			continue
		}
		switch kinds[s.Source] {
		case "postings", "":
			return false, nil // "" : a source no longer configured was removed
		case "titles", "soc", "oews", "projections":
			refsMayDiffer = true
		}
	}
	if !refsMayDiffer {
		return true, nil
	}
	refs, err := b.referenceTitles(ctx)
	if err != nil {
		return false, err
	}
	return b.titleRefsUnchanged(ctx, refs)
}

// progress reports a long stage's progress when the caller asked for it.
func (b *build) progress(stage string, done, total int) {
	if b.opt.Progress != nil {
		b.opt.Progress(stage, done, total)
	}
}

// ingestDetail summarizes the ingest stage for the runs ledger.
func (b *build) ingestDetail() string {
	counts := map[string]int{}
	for _, s := range b.res.Sources {
		counts[s.Status]++
	}
	return fmt.Sprintf("%d files read, %d unchanged, %d removed, %d failed",
		counts["ingested"], counts["unchanged"], counts["removed"], counts["failed"])
}

// rewroteData reports whether the build rebuilt any table: false for a run
// that found nothing new, and for one that ran only checks and the report.
func (b *build) rewroteData() bool {
	if b.unchanged {
		return false
	}
	for _, s := range []string{StageIngest, StageNormalize, StageStaging, StageMarts} {
		if b.only[s] {
			return true
		}
	}
	return false
}

// decideUnchanged marks the build unchanged when it started from the
// published database, read no file, dropped none, runs with the same
// settings and the published site exists: then nothing is rebuilt.
func (b *build) decideUnchanged(ctx context.Context) error {
	if !b.fromPublished || b.opt.Force || !b.only[StageIngest] {
		return nil
	}
	for _, s := range b.res.Sources {
		if s.Status != "unchanged" {
			return nil
		}
	}
	if _, err := os.Stat(b.cfg.Output); err != nil {
		return nil
	}
	same, err := b.db.SettingsEqual(ctx, b.settings())
	if err != nil || !same {
		return err
	}
	if same, err = b.db.SourceOrderEqual(ctx, b.sourceOrder()); err != nil || !same {
		return err
	}
	b.unchanged = true
	b.res.Changes = b.unchangedSummary()
	return nil
}

// settings are the run settings the marts and checks read.
func (b *build) settings() store.RunSettings {
	return store.RunSettings{MinCellSize: b.cfg.MinCellSize, GuardMedianChangePct: b.cfg.GuardMedianChangePct,
		GuardRowChangePct: b.cfg.GuardRowChangePct, ChangeThresholdPct: b.cfg.ChangeThresholdPct}
}

// sourceOrder is the configured sources' names in order (run_source_order).
func (b *build) sourceOrder() []string {
	names := make([]string, len(b.cfg.Sources))
	for i, s := range b.cfg.Sources {
		names[i] = s.Name
	}
	return names
}

// sourceFile is one local file of a source and the URL it was downloaded
// from ("" for a path: source).
type sourceFile struct {
	path, url string
	// sha256 and size are the file's digest when it is known without
	// reading the file: the fetcher's for a downloaded file, the recorded
	// one for a path: file whose stat is unchanged; else empty
	sha256 string
	size   int64
	stat   string // fileStat of a path: file before it was hashed
}

// sourceFiles are the local files of a source: fetched into the cache for
// url: sources (one per release for a url: with a year in it), else the
// path or glob.
func (b *build) sourceFiles(ctx context.Context, src SourceConfig) ([]sourceFile, error) {
	if src.URL != "" {
		fetched, err := fetchSource(ctx, b.cfg, src, fetchOptions{Offline: b.opt.Offline, Version: b.opt.Version, Log: b.log, Now: b.now()})
		if err != nil {
			return nil, err
		}
		// The ingesters read BLS zips whole (release from the member names,
		// the data sheet found by content); the fetcher has already checked
		// every member for unsafe names and sizes.
		files := make([]sourceFile, len(fetched))
		for i, f := range fetched {
			files[i] = sourceFile{path: f.Path, url: f.URL, sha256: f.SHA256, size: f.Bytes}
		}
		return files, nil
	}
	paths, err := expandSource(src)
	if err != nil {
		return nil, err
	}
	files := make([]sourceFile, len(paths))
	for i, p := range paths {
		files[i] = sourceFile{path: p}
	}
	return files, nil
}

// digest is the file's sha256 and size: known already, else read now.
func (sf sourceFile) digest() (string, int64, error) {
	if sf.sha256 != "" {
		return sf.sha256, sf.size, nil
	}
	return filehash.SHA256(sf.path)
}

func (b *build) ingestFile(ctx context.Context, src SourceConfig, sf sourceFile, sum string, size int64, cfgSHA string) (SourceOutcome, error) {
	file := sf.path
	out := SourceOutcome{Source: src.Name, File: file}
	fail := func(err error) (SourceOutcome, error) {
		out.Status, out.Err = "failed", err.Error()
		if errors.Is(err, ingest.ErrMapping) {
			out.mappingErr = err
		}
		return out, err
	}
	var id int64
	if err := b.db.QueryRow(ctx, "SELECT nextval('seq_source_file_id')").Scan(&id); err != nil {
		return fail(fmt.Errorf("allocate source file id: %w", err))
	}
	if err := b.db.Exec(ctx, `INSERT INTO source_files (source_file_id, run_id, source_name, kind, file_name, path, url,
		sha256, bytes, release, status, ingested_at, config_sha, synthetic, file_stat) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?)`,
		id, b.res.RunID, src.Name, src.Kind, filepath.Base(file), file, nullable(sf.url), sum, size,
		nullable(src.Release), b.now().UTC(), cfgSHA, src.isSynthetic(file), nullable(sf.stat)); err != nil {
		return fail(err)
	}
	in := ingest.Source{Name: src.Name, Path: file, FileID: id, Release: src.Release}
	if src.Kind == "postings" {
		m, _, _, err := postingMapping(src)
		if err != nil {
			return fail(fmt.Errorf("%w: %v", ingest.ErrMapping, err))
		}
		in.Postings = &m
	}
	// One transaction per file (8.0 s against 2.8 s for a million postings
	// when each batch committed), and a failed file leaves nothing.
	var result ingest.Result
	err := b.db.InTransaction(ctx, func() error {
		var err error
		result, err = ingesters[src.Kind](ctx, in, b.db)
		return err
	})
	if err != nil && ctx.Err() != nil {
		return fail(ctx.Err()) // the whole build is discarded; nothing to clean
	}
	if err != nil {
		// The rollback removed the file's rows; its ledger row says why.
		_ = b.db.Exec(ctx, `UPDATE source_files SET status = 'failed', message = ? WHERE source_file_id = ?`, err.Error(), id)
		return fail(err)
	}
	out.Release, out.Rows, out.Rejected = result.Release, result.Rows, result.Rejected
	for _, n := range result.Notes {
		b.log.Warn("source note", "source", src.Name, "file", filepath.Base(file), "note", n)
	}
	err = b.db.Exec(ctx, `UPDATE source_files SET status = 'ok', release = ?, rows_loaded = ?, rows_rejected = ?, message = ?
		WHERE source_file_id = ?`, result.Release, result.Rows, result.Rejected, nullable(strings.Join(result.Notes, "; ")), id)
	if err != nil {
		return fail(err)
	}
	return out, nil
}

// expandSource turns a source's path (a file or a glob) into files.
func expandSource(src SourceConfig) ([]string, error) {
	if !hasGlobMeta(src.Path) {
		if _, err := os.Stat(src.Path); err != nil {
			return nil, fmt.Errorf("source %s: %w", src.Name, err)
		}
		return []string{src.Path}, nil
	}
	files, err := filepath.Glob(src.Path)
	if err != nil {
		return nil, fmt.Errorf("source %s: bad glob %q: %w", src.Name, src.Path, err)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("source %s: no file matches %s", src.Name, src.Path)
	}
	sort.Strings(files)
	return files, nil
}

// staging plans which staging and mart files this build must run, then
// runs the staging ones.
func (b *build) staging(ctx context.Context) (int64, error) {
	if err := b.planModels(ctx); err != nil {
		return 0, err
	}
	// After planModels, which compares it with the published one.
	if err := b.db.WriteSourceOrder(ctx, b.sourceOrder()); err != nil {
		return 0, err
	}
	why, err := b.proposePostingsPatch(ctx)
	if err != nil {
		return 0, err
	}
	// stg_postings__postings was a table before it was a view over its
	// derived table and the raw rows; CREATE OR REPLACE VIEW cannot replace
	// a table.
	if err := b.db.DropLegacyTable(ctx, "stg_postings__postings"); err != nil {
		return 0, err
	}
	// the stored staged tables: the view of the staged postings would
	// count them twice
	n, err := b.sqlStage(ctx, "staging", func(ctx context.Context) ([]string, error) {
		return b.db.StoredTablesLike(ctx, "stg_%")
	})
	if err != nil || (b.models != nil && !b.models[postingsModel]) {
		return n, err
	}
	added, dropped, err := b.postingsPatched(ctx)
	if err != nil || b.models == nil { // a full build: nothing to say
		return n, err
	}
	if added+dropped > 0 {
		b.stageDetail += fmt.Sprintf("; postings: %d new file(s) staged, %d dropped, the others kept", added, dropped)
	} else {
		if why == "" {
			why = "the staged files are not the kept ones, or their order changed"
		}
		b.stageDetail += "; postings: all staged again (" + why + ")"
	}
	b.log.Info("staged postings", "added_files", added, "dropped_files", dropped, "staged_all_because", why)
	return n, nil
}

// sqlStage runs one directory's SQL files, or on an incremental build only
// those the plan says depend on a changed input, and returns the rows of the
// tables counted lists: the staged tables for staging (all of them, so a
// database of postings alone does not report none), fct_wage_stats for the
// marts.
func (b *build) sqlStage(ctx context.Context, dir string, counted func(context.Context) ([]string, error)) (int64, error) {
	names, err := store.SQLFiles(dir)
	if err != nil {
		return 0, err
	}
	if b.models != nil {
		var run, kept []string
		for _, n := range names {
			if b.models[n] {
				run = append(run, n)
			} else {
				kept = append(kept, strings.TrimSuffix(path.Base(n), ".sql"))
			}
		}
		b.stageDetail = fmt.Sprintf("%d of %d files run; kept: %s", len(run), len(names), orNone(kept))
		b.log.Info("incremental "+dir, "run", len(run), "of", len(names), "kept", strings.Join(kept, ","))
		names = run
	}
	// One file at a time, so `-v` shows which file takes the time and the
	// memory (the stage's figures cover all of them).
	b.restartPeakWindow()
	for _, name := range names {
		start := time.Now()
		if err := b.db.RunFiles(ctx, []string{name}); err != nil {
			return 0, err
		}
		peak := b.restartPeakWindow()
		b.log.Debug("sql file run", "file", name, "seconds", fmt.Sprintf("%.2f", time.Since(start).Seconds()), "peak_rss_mib", math.Round(peak))
	}
	tables, err := counted(ctx)
	if err != nil || len(tables) == 0 {
		return 0, err
	}
	counts := make([]string, len(tables))
	for i, t := range tables {
		counts[i] = "SELECT count(*) AS n FROM " + t
	}
	var n int64
	err = b.db.QueryRow(ctx, "SELECT sum(n)::BIGINT FROM ("+strings.Join(counts, " UNION ALL ")+")").Scan(&n)
	return n, err
}

// releaseGoHeap returns the heap Go has freed to the system and reports the
// resident memory before and after, in whole MiB.
func releaseGoHeap() (before, after float64) {
	before = rssMiB()
	debug.FreeOSMemory()
	return math.Round(before), math.Round(rssMiB())
}

// restartPeakWindow ends the current peak-memory window, folding its peak
// into the stage's, starts a new one, and returns the ended window's peak.
func (b *build) restartPeakWindow() float64 {
	peak := peakRSSMiB()
	b.stagePeakMiB = max(b.stagePeakMiB, peak)
	resetPeakRSS()
	return peak
}

func orNone(list []string) string {
	if len(list) == 0 {
		return "none"
	}
	return strings.Join(list, ", ")
}

// marts builds the marts and logs each posting source's quality summary.
func (b *build) marts(ctx context.Context) (int64, error) {
	// The marts read the run's settings from a table, not from text spliced
	// into their SQL.
	if err := b.db.WriteSettings(ctx, b.settings()); err != nil {
		return 0, err
	}
	if err := b.db.WriteSourceOrder(ctx, b.sourceOrder()); err != nil {
		return 0, err
	}
	if err := b.db.DropLegacyTable(ctx, "fct_wage_stats"); err != nil {
		return 0, err
	}
	n, err := b.sqlStage(ctx, "marts", func(ctx context.Context) ([]string, error) {
		return b.db.TablesLike(ctx, "fct_wage_stats")
	})
	if err != nil {
		return n, err
	}
	quality, err := b.db.PostingQuality(ctx)
	if err != nil {
		return n, err
	}
	for _, q := range quality {
		b.log.Info("postings quality", "source", q.Source, "rows", q.RowsLoaded, "distinct_postings", q.DistinctPostings,
			"with_pay", q.RowsWithPay, "annualized_usd", q.RowsAnnualized, "estimates", q.RowsEstimated,
			"title_match_rate", q.TitleMatchRate, "rejected", q.RowsRejected, "rejects_by_reason", q.RejectsByReason,
			"top_unknown_titles", q.TopUnknownTitles)
	}
	return n, nil
}

// checks runs queries/checks: any returned row is a violation.
func (b *build) checks(ctx context.Context) (int64, error) {
	violations, err := b.db.RunChecks(ctx)
	if err != nil {
		return 0, err
	}
	guards, err := b.compareWithPublished(ctx)
	if err != nil {
		return 0, err
	}
	violations = append(violations, guards...)
	if len(violations) == 0 {
		return 0, nil
	}
	for i, v := range violations {
		if i == 20 {
			b.log.Error("more check violations not shown", "count", len(violations)-20)
			break
		}
		b.log.Error("data check failed", "check", v.Check, "detail", v.Detail, "file", v.File)
	}
	return int64(len(violations)), fmt.Errorf("%d data check violations (first: %s: %s)", len(violations), violations[0].Check, violations[0].Detail)
}

func (b *build) report(ctx context.Context) (int64, error) {
	dir := b.cfg.Output + ".building"
	if err := os.RemoveAll(dir); err != nil {
		return 0, fmt.Errorf("clear %s: %w", dir, err)
	}
	changes := b.res.Changes
	if changes == nil {
		// a report-only run changed no data: the site shows the summary of
		// the run that published the data (this run's own result stays
		// without one, so its ledger row and log claim no changes)
		changes = publishedChanges(b.cfg.Database)
	}
	meta := reports.Options{GeneratedAt: b.now().UTC().Format(time.RFC3339), RunID: b.res.RunID, Changes: changes}
	if !b.opt.SiteTime.IsZero() {
		meta = reports.Options{GeneratedAt: b.opt.SiteTime.UTC().Format(time.RFC3339), Changes: changes}
	}
	meta.Progress = func(done, total int) { b.progress(StageReport, done, total) }
	if _, err := os.Stat(b.cfg.Output); err == nil {
		meta.Previous = b.cfg.Output
	}
	start := time.Now()
	stats, err := reports.Build(ctx, b.db, dir, meta)
	if err != nil {
		return 0, err
	}
	// the pages and the exports each with their own time and peak memory
	pagesPeak := b.restartPeakWindow()
	// The pages' heap goes back to the system before DuckDB sorts the
	// exports, as before every stage.
	before, after := releaseGoHeap()
	b.log.Debug("pages written", "seconds", fmt.Sprintf("%.2f", time.Since(start).Seconds()), "peak_rss_mib", math.Round(pagesPeak),
		"rss_mib", before, "after_go_release_mib", after)
	start = time.Now()
	exports := filepath.Join(dir, "exports")
	ex, err := b.db.ExportMarts(ctx, exports, store.ExportOptions{CSVCompression: b.cfg.ExportCSVCompression})
	if err != nil {
		return int64(stats.Pages), err
	}
	b.log.Debug("exports written", "seconds", fmt.Sprintf("%.2f", time.Since(start).Seconds()), "peak_rss_mib", math.Round(peakRSSMiB()))
	b.log.Info("site written", "pages", stats.Pages, "files_unchanged", stats.Reused, "site_bytes", stats.Bytes, "export_tables", ex.Tables,
		"export_files", ex.Files, "export_rows", ex.Rows, "export_bytes", ex.Bytes, "exports", exports)
	return int64(stats.Pages), nil
}

// SelectStages turns --only and --skip into the set of stages to run:
// those named (all when none are), every stage after a named one that
// rewrites tables, less the skipped ones. Only checks and report can be
// skipped; they write no tables the next run builds on.
func SelectStages(only, skip []string) (map[string]bool, error) {
	known := map[string]bool{}
	for _, s := range Stages() {
		known[s] = true
	}
	sel := map[string]bool{}
	for _, s := range only {
		s = strings.TrimSpace(s)
		if !known[s] {
			return nil, &ConfigError{Msg: fmt.Sprintf("--only: unknown stage %q (stages: %s)", s, strings.Join(Stages(), ", "))}
		}
		sel[s] = true
	}
	if len(only) == 0 {
		for _, s := range Stages() {
			sel[s] = true
		}
	}
	// A stage that rewrites tables brings every later stage: the marts
	// derived from its tables (published raw rows or maps newer than the
	// marts built from them would stay stale, as the next run sees no
	// changed source, and a fresh build would publish no marts at all), the
	// checks and run-over-run guards that stand between a build and
	// publishing, and the report, so the site shows what `rates` answers.
	rewritesTables := map[string]bool{StageIngest: true, StageNormalize: true, StageStaging: true, StageMarts: true}
	stages := Stages()
	for i, s := range stages {
		if sel[s] && rewritesTables[s] {
			for _, later := range stages[i+1:] {
				sel[later] = true
			}
			break
		}
	}
	for _, s := range skip {
		s = strings.TrimSpace(s)
		if s != StageChecks && s != StageReport {
			return nil, &ConfigError{Msg: fmt.Sprintf("--skip: %q cannot be skipped (only %s and %s)", s, StageChecks, StageReport)}
		}
		delete(sel, s)
	}
	if len(sel) == 0 {
		return nil, &ConfigError{Msg: "--only and --skip leave no stage to run"}
	}
	return sel, nil
}

// skipConsequence says what a run without checks or report publishes.
func skipConsequence(sel map[string]bool) string {
	var says []string
	if !sel[StageChecks] {
		says = append(says, "the build is published without data checks or run-over-run guards")
	}
	if !sel[StageReport] {
		says = append(says, "the site is left as it was and may show older figures than the database")
	}
	return strings.Join(says, "; ")
}

// addedStages are the stages SelectStages runs beyond those --only named.
func addedStages(only []string, sel map[string]bool) []string {
	if len(only) == 0 {
		return nil
	}
	named := map[string]bool{}
	for _, s := range only {
		named[strings.TrimSpace(s)] = true
	}
	var added []string
	for _, s := range Stages() {
		if sel[s] && !named[s] {
			added = append(added, s)
		}
	}
	return added
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
