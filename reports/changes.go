package reports

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/wagescope/wagescope/internal/numfmt"
	"github.com/wagescope/wagescope/pipeline/store"
)

// changesPath and changesJSONPath are the change summary's page and data.
const (
	changesPath     = "changes.html"
	changesJSONPath = "changes.json"
)

// changesPage is the data of changes.html.
type changesPage struct {
	Summary                  string
	Sources, Releases, Moves *dataTable
	Added, Removed           *dataTable
	Rows                     *dataTable
	MovesNote                string
}

// writeChanges writes the run's change summary as JSON and as a page. The
// run id is left out of both: it lives in the index's metadata block only.
func (w *siteWriter) writeChanges(cs *store.ChangeSummary) error {
	if cs == nil {
		cs = &store.ChangeSummary{}
	}
	c := *cs
	c.RunID = 0
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return fmt.Errorf("reports: encode change summary: %w", err)
	}
	if err := w.write(changesJSONPath, append(b, '\n')); err != nil {
		return err
	}
	p := changesPage{Summary: changeHeadline(c)}
	if len(c.Sources) > 0 {
		t := &dataTable{ID: "table_sources", CSVName: "sources.csv", Head: heads("Source", "File", "Status", "Release", "Error")}
		for _, s := range c.Sources {
			t.Rows = append(t.Rows, []tableCell{text(s.Source), text(s.File), text(s.Status), text(s.Release), text(s.Error)})
		}
		p.Sources = t
	}
	if len(c.NewReleases)+len(c.ReleasesRemoved) > 0 {
		t := &dataTable{ID: "table_releases", CSVName: "releases.csv", Head: heads("Kind", "Source", "Release", "Change")}
		for _, r := range c.NewReleases {
			t.Rows = append(t.Rows, []tableCell{text(r.Kind), text(r.Source), text(r.Release), text("new")})
		}
		for _, r := range c.ReleasesRemoved {
			t.Rows = append(t.Rows, []tableCell{text(r.Kind), text(r.Source), text(r.Release), text("removed")})
		}
		p.Releases = t
	}
	occTable := func(id string, occs []store.OccupationRef) *dataTable {
		if len(occs) == 0 {
			return nil
		}
		t := &dataTable{ID: id, CSVName: id[len("table_"):] + ".csv", Head: heads("SOC code", "Title"), Collapsed: len(occs) > 15}
		for _, o := range occs {
			t.Rows = append(t.Rows, []tableCell{text(o.Code), text(o.Title)})
		}
		return t
	}
	p.Added, p.Removed = occTable("table_occupations_added", c.OccupationsAdded), occTable("table_occupations_removed", c.OccupationsRemoved)
	if len(c.MedianMoves) > 0 {
		t := &dataTable{ID: "table_moves", CSVName: "median_moves.csv", Collapsed: len(c.MedianMoves) > 15,
			Head: heads("Source", "Occupation", "Area", "Before", "#Median before", "After", "#Median after", "#Change")}
		for _, m := range c.MedianMoves {
			old, cur, pct := m.OldMedian, m.NewMedian, m.ChangePct
			t.Rows = append(t.Rows, []tableCell{text(m.SourceFamily), text(m.Title + " (" + m.OccupationCode + ")"), text(m.AreaCode),
				text(releaseLabel(m.OldRelease)), usdCell(&old, false), text(releaseLabel(m.NewRelease)), usdCell(&cur, false),
				numCell(fmt.Sprintf("%+.1f%%", pct), &pct)})
		}
		p.Moves = t
		if c.MedianMovesTotal > len(c.MedianMoves) {
			p.MovesNote = "The " + strconv.Itoa(len(c.MedianMoves)) + " largest of " + strconv.Itoa(c.MedianMovesTotal) + " moves are listed; changes.json has the same list."
		}
	}
	if len(c.RowCounts) > 0 {
		t := &dataTable{ID: "table_rows", CSVName: "row_counts.csv", Head: heads("Table", "#Rows before", "#Rows after")}
		for _, r := range c.RowCounts {
			before, after := float64(r.Before), float64(r.After)
			t.Rows = append(t.Rows, []tableCell{text(r.Table), countCell(&before), countCell(&after)})
		}
		p.Rows = t
	}
	return w.writePage(changesPath, changesTpl, shell{Title: "What changed — wagescope", Root: "", Page: p})
}

// changeHeadline says in one sentence what the run did.
func changeHeadline(c store.ChangeSummary) string {
	counts := map[string]int{}
	for _, s := range c.Sources {
		counts[s.Status]++
	}
	switch {
	case c.Unchanged:
		return "Nothing changed: every source file was already published with the same bytes and settings."
	case len(c.RowCounts) == 0:
		return "First publication: " + numfmt.Counted(int64(counts["ingested"]), "source file", "source files") + " read."
	}
	n := func(v int, singular, plural string) string { return numfmt.Counted(int64(v), singular, plural) }
	return fmt.Sprintf("%s read, %d unchanged, %d removed; %s, %d removed; %s added, %d removed; %s more than %.0f%%.",
		n(counts["ingested"], "source file", "source files"), counts["unchanged"], counts["removed"],
		n(len(c.NewReleases), "new release", "new releases"), len(c.ReleasesRemoved),
		n(len(c.OccupationsAdded), "occupation", "occupations"), len(c.OccupationsRemoved),
		n(c.MedianMovesTotal, "median moved", "medians moved"), c.ThresholdPct)
}

var changesTpl = pageTemplate("changes", `{{define "content"}}<nav><a href="index.html">← All occupations</a></nav>
<h1>What changed in this run</h1>
<p id="change-summary">{{.Summary}}</p>
<p class="muted">Compared with the snapshot published before this run. The same data is in <a href="changes.json">changes.json</a>.</p>
{{with .Sources}}<section id="sources"><h2>Source files</h2>{{template "table" .}}</section>
{{end}}{{with .Releases}}<section id="releases"><h2>Releases new or removed</h2>{{template "table" .}}</section>
{{end}}{{with .Added}}<section id="added"><h2>Occupations added</h2>{{template "table" .}}</section>
{{end}}{{with .Removed}}<section id="removed"><h2>Occupations removed</h2>{{template "table" .}}</section>
{{end}}{{with .Moves}}<section id="moves"><h2>Medians that moved</h2>
<p class="muted">U.S. OEWS medians (the latest when a newer release replaced it, and any release both snapshots hold) and posted medians by area, where they moved more than the threshold.</p>
{{template "table" .}}{{if $.MovesNote}}<p class="note">{{$.MovesNote}}</p>{{end}}</section>
{{end}}{{with .Rows}}<section id="rows"><h2>Row counts</h2>{{template "table" .}}</section>
{{end}}{{end}}`)
