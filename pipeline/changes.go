package pipeline

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/wagescope/wagescope/pipeline/store"
)

// published alias under which the snapshot published before this run is
// attached for the guards and the change summary.
const publishedAlias = "published"

// compareWithPublished runs the run-over-run guards and computes the change
// summary against the published database. The first run has nothing to
// compare with: no guards, and a summary of its sources only.
func (b *build) compareWithPublished(ctx context.Context) ([]store.Violation, error) {
	cs := store.ChangeSummary{RunID: b.res.RunID, ThresholdPct: b.cfg.ChangeThresholdPct}
	var violations []store.Violation
	if _, err := os.Stat(b.cfg.Database); err == nil {
		detach, err := b.db.Attach(ctx, b.cfg.Database, publishedAlias)
		if err != nil {
			return nil, err
		}
		defer detach()
		// A database published without its marts (by a partial run of an
		// older build) has nothing to compare with; refusing to publish over
		// it would keep every later run failing.
		missing, err := b.db.MissingTables(ctx, publishedAlias, store.ComparedTables())
		if err != nil {
			return nil, err
		}
		if len(missing) > 0 {
			b.log.Warn("no run-over-run guards or change summary: the published database lacks tables",
				"missing", strings.Join(missing, ","))
		} else {
			if violations, err = b.db.RunGuards(ctx); err != nil {
				return nil, err
			}
			if cs, err = b.db.ComputeChanges(ctx, publishedAlias, b.cfg.ChangeThresholdPct); err != nil {
				return nil, err
			}
			cs.RunID = b.res.RunID
		}
	}
	cs.Sources = b.sourceChanges()
	b.res.Changes = &cs
	return violations, nil
}

// sourceChanges lists what happened to each source file this run.
func (b *build) sourceChanges() []store.SourceChange {
	out := make([]store.SourceChange, 0, len(b.res.Sources))
	for _, s := range b.res.Sources {
		file := s.File
		if file != "" {
			file = filepath.Base(file)
		}
		out = append(out, store.SourceChange{Source: s.Source, File: file, Status: s.Status, Release: s.Release, Error: s.Err})
	}
	return out
}

// unchangedSummary is the change summary of a run that rebuilt nothing.
func (b *build) unchangedSummary() *store.ChangeSummary {
	return &store.ChangeSummary{RunID: b.res.RunID, Unchanged: true, ThresholdPct: b.cfg.ChangeThresholdPct, Sources: b.sourceChanges()}
}

// writeChanges keeps the run's change summary beside its snapshot.
func (b *build) writeChanges() error {
	if b.res.Changes == nil {
		return nil
	}
	path := filepath.Join(SnapshotDir(b.cfg.Database), fmt.Sprintf("run-%06d.changes.json", b.res.RunID))
	return writeJSON(path, b.res.Changes)
}

// publishedChanges is the change summary of the run that published the
// data now published (not a later run that changed nothing), nil when there
// is none.
func publishedChanges(database string) *store.ChangeSummary {
	cur, err := PublishedSnapshot(database)
	if err != nil || cur.RunID == 0 {
		return nil
	}
	var cs store.ChangeSummary
	if err := readJSON(filepath.Join(SnapshotDir(database), fmt.Sprintf("run-%06d.changes.json", cur.DataRun())), &cs); err != nil {
		return nil
	}
	return &cs
}
