package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wagescope/wagescope/internal/dbtest"
	"github.com/wagescope/wagescope/internal/shareddata"
	"github.com/wagescope/wagescope/pipeline/store"
)

// sampleCopy copies config.yaml and data/sample into a fresh directory, so
// a test can change source files; returns the config path and the dir.
func sampleCopy(t *testing.T) (string, string) {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "data", "sample"), 0o755); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(filepath.Join("..", "..", "data", "sample"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join("..", "..", "data", "sample", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "data", "sample", e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg, err := os.ReadFile(filepath.Join("..", "..", "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(path, cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	return path, dir
}

// stageRecord is a runs ledger stage as `runs --format json` holds it.
type stageRecord struct {
	Stage   string  `json:"stage"`
	Seconds float64 `json:"seconds"`
	Rows    int64   `json:"rows"`
	Skipped bool    `json:"skipped"`
	Detail  string  `json:"detail"`
	PeakRSS float64 `json:"peak_rss_mib"`
}

// runRecord is a run as `runs --format json` prints it.
type runRecord struct {
	RunID   int64         `json:"run_id"`
	Status  string        `json:"status"`
	Stages  []stageRecord `json:"stages"`
	Message string        `json:"message"`
}

// lastRun returns the newest run of the ledger and its stages.
func lastRun(t *testing.T, cfg string) (runRecord, []stageRecord) {
	t.Helper()
	runs := decodeJSON[[]runRecord](t, mustCLI(t, "--config", cfg, "runs", "--format", "json", "--limit", "1"))
	if len(runs) != 1 {
		t.Fatalf("runs: %+v", runs)
	}
	return runs[0], runs[0].Stages
}

// editLines replaces old with new on the lines of file that contain marker.
func editLines(t *testing.T, file, marker, old, new string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	n := 0
	for i, l := range lines {
		if strings.Contains(l, marker) && strings.Contains(l, old) {
			lines[i] = strings.ReplaceAll(l, old, new)
			n++
		}
	}
	if n == 0 {
		t.Fatalf("%s has no line with %q and %q", file, marker, old)
	}
	if err := os.WriteFile(file, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A second run with nothing changed reads no file and rebuilds nothing; a
// changed file is the only one read again, and the change summary says so.
func TestIncrementalRunsAndChangeSummary(t *testing.T) {
	cfg, dir := sampleCopy(t)
	site := filepath.Join(dir, "out", "site")
	// One posting with implausible pay: a reject the staging SQL records.
	editLines(t, filepath.Join(dir, "data", "sample", "glassdoor_jobs_sample.csv"), "Data Scientist", "$53K-$91K", "$1K-$2K")
	code, _, debugLog := cli(t, "", "--config", cfg, "--log-format", "json", "-v", "run")
	if code != 0 {
		t.Fatalf("first run: exit %d\n%s", code, debugLog)
	}
	first, firstStages := lastRun(t, cfg)
	for _, s := range firstStages {
		// a stage's peak memory is read from /proc on Linux only
		if runtime.GOOS == "linux" && s.PeakRSS <= 0 {
			t.Errorf("stage %s recorded no peak memory: %+v", s.Stage, s)
		}
	}
	// -v names each SQL file with its time and peak memory; the stage's
	// peak covers its files' peaks.
	// The report logs its pages and its exports apart, and what the pages'
	// heap came to before and after it went back to the system.
	filePeaks := map[string]float64{}
	reportLines := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(debugLog), "\n") {
		var e struct {
			Msg      string   `json:"msg"`
			File     string   `json:"file"`
			Peak     float64  `json:"peak_rss_mib"`
			Released *float64 `json:"after_go_release_mib"`
		}
		if json.Unmarshal([]byte(line), &e) != nil {
			continue
		}
		switch {
		case e.Msg == "sql file run":
			filePeaks[e.File] = e.Peak
		case e.Msg == "pages written" && e.Released != nil, e.Msg == "exports written":
			reportLines[e.Msg]++
		}
	}
	if reportLines["pages written"] != 1 || reportLines["exports written"] != 1 {
		t.Errorf("-v report lines %v, want one \"pages written\" with after_go_release_mib and one \"exports written\"", reportLines)
	}
	for _, s := range firstStages {
		if s.Stage != "marts" {
			continue
		}
		peak, ok := filePeaks["marts/020_fct_wage_stats.sql"]
		if !ok || len(filePeaks) < 10 {
			t.Errorf("-v logged %d SQL files, want every staging and marts file, 020_fct_wage_stats among them: %v", len(filePeaks), filePeaks)
		}
		if runtime.GOOS == "linux" && (peak <= 0 || s.PeakRSS < peak) {
			t.Errorf("marts stage peak %v MiB, 020_fct_wage_stats.sql peak %v MiB: the stage's must cover its files'", s.PeakRSS, peak)
		}
	}
	rejects := func() string {
		return mustCLI(t, "--config", cfg, "query", "--format", "csv", "SELECT count(*) AS n, count(*) FILTER (WHERE stage <> 'ingest') AS staged FROM rejects")
	}
	rejectsBefore := rejects()
	index, err := os.ReadFile(filepath.Join(site, "index.html"))
	if err != nil {
		t.Fatal(err)
	}

	mustCLI(t, "--config", cfg, "--quiet", "run")
	second, stages := lastRun(t, cfg)
	if second.RunID != first.RunID+1 || second.Status != "ok" {
		t.Fatalf("second run %+v after %+v", second, first)
	}
	if stages[0].Stage != "ingest" || stages[0].Rows != 0 || stages[0].Detail != "0 files read, 10 unchanged, 0 removed, 0 failed" {
		t.Errorf("unchanged run's ingest: %+v", stages[0])
	}
	for _, s := range stages[1:] {
		if !s.Skipped || s.Seconds != 0 {
			t.Errorf("unchanged run ran stage %+v", s)
		}
	}
	if again, _ := os.ReadFile(filepath.Join(site, "index.html")); !bytes.Equal(index, again) {
		t.Error("an unchanged run rewrote the site")
	}
	changes := decodeJSON[store.ChangeSummary](t, readFile(t, filepath.Join(dir, "out", "wagescope.duckdb.snapshots", "run-000002.changes.json")))
	if !changes.Unchanged || len(changes.Sources) != 10 || changes.Sources[0].Status != "unchanged" {
		t.Errorf("unchanged run's summary: %+v", changes)
	}

	// A revised May 2022 file: the 29-2010 median up 10% (under the 20% guard).
	editLines(t, filepath.Join(dir, "data", "sample", "national_M2022_dl.csv"), "29-2010", `"57,380"`, `"63,118"`)
	mustCLI(t, "--config", cfg, "--quiet", "run")
	_, stages = lastRun(t, cfg)
	// An OEWS file changed: the posting maps stand, staging onward runs.
	if stages[0].Detail != "1 files read, 9 unchanged, 0 removed, 0 failed" || stages[1].Stage != "normalize" ||
		!stages[1].Skipped || stages[2].Skipped {
		t.Errorf("changed run: %+v", stages)
	}
	// Staging records its rejects again from scratch: none counted twice.
	if got := rejects(); got != rejectsBefore || !strings.HasSuffix(rejectsBefore, ",1\n") {
		t.Errorf("rejects after an incremental run: %q, before %q", got, rejectsBefore)
	}
	// Files whose bytes did not change are the previous site's, linked; a
	// page citing the revised file is written anew.
	sameFile := func(rel string) bool {
		a, errA := os.Stat(filepath.Join(site, rel))
		b, errB := os.Stat(filepath.Join(dir, "out", "wagescope.duckdb.snapshots", "run-000001.site", rel))
		return errA == nil && errB == nil && os.SameFile(a, b)
	}
	if !sameFile("assets/echarts.min.js") || sameFile("occupation/29-2010.html") {
		t.Errorf("linked from the previous site: echarts.min.js %v (want true), 29-2010.html %v (want false)",
			sameFile("assets/echarts.min.js"), sameFile("occupation/29-2010.html"))
	}
	changes = decodeJSON[store.ChangeSummary](t, readFile(t, filepath.Join(site, "changes.json")))
	var move *store.MedianMove
	for i, m := range changes.MedianMoves {
		if m.OccupationCode == "29-2010" && m.SourceFamily == "oews" {
			move = &changes.MedianMoves[i]
		}
	}
	if move == nil || move.OldRelease != "2022-05" || move.NewRelease != "2022-05" || move.OldMedian != 57380 ||
		move.NewMedian != 63118 || move.ChangePct != 10 {
		t.Errorf("29-2010's revised median is not in the summary: %+v", changes.MedianMoves)
	}
	ingested := 0
	for _, s := range changes.Sources {
		if s.Status == "ingested" {
			ingested++
			if s.File != "national_M2022_dl.csv" {
				t.Errorf("re-read %+v", s)
			}
		}
	}
	page := readFile(t, filepath.Join(site, "changes.html"))
	if ingested != 1 || !strings.Contains(page, "1 source file read, 9 unchanged, 0 removed") {
		t.Errorf("changes.html: %s", page)
	}
	rates := mustCLI(t, "--config", cfg, "rates", "--occupation", "29-2010", "--release", "2022-05", "--format", "csv")
	if !strings.Contains(rates, ",63118,") {
		t.Errorf("the revised figure is not published:\n%s", rates)
	}

	// Rollback publishes the previous snapshot again, database and site.
	out := mustCLI(t, "--config", cfg, "rollback")
	if !strings.Contains(out, "published run 2 again") {
		t.Errorf("rollback: %s", out)
	}
	rates = mustCLI(t, "--config", cfg, "rates", "--occupation", "29-2010", "--release", "2022-05", "--format", "csv")
	if !strings.Contains(rates, ",57380,") {
		t.Errorf("after rollback the old figure is not published:\n%s", rates)
	}
	if again, _ := os.ReadFile(filepath.Join(site, "index.html")); !bytes.Equal(index, again) {
		t.Error("rollback did not bring back the site of the snapshot")
	}
	// the run taken back stays in `runs`, saying so, though the database
	// published now has no ledger row for it
	var runs []struct {
		RunID   int64  `json:"run_id"`
		Status  string `json:"status"`
		Message string `json:"message"`
	}
	if err := json.Unmarshal([]byte(mustCLI(t, "--config", cfg, "runs", "--format", "json")), &runs); err != nil {
		t.Fatal(err)
	}
	if len(runs) < 2 || runs[0].RunID != 3 || runs[0].Status != "ok" ||
		!strings.HasPrefix(runs[0].Message, "published, then taken back: rollback published run 2 again at ") || runs[1].RunID != 2 {
		t.Errorf("runs after rollback: %+v", runs)
	}
	list := mustCLI(t, "--config", cfg, "rollback", "--list")
	if !strings.Contains(list, "published") || !strings.Contains(list, "3 ") {
		t.Errorf("rollback --list:\n%s", list)
	}
}

// A published release whose median moves past the guard fails the publish
// (exit 1, the guard named) and the published numbers stay.
// The guards stop a full run and a partial one: --only ingest brings the
// checks, so a run that re-reads one source is checked as a full run is.
func TestRunOverRunGuardStopsPublish(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"full run", nil},
		{"--only ingest", []string{"--only", "ingest"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, dir := sampleCopy(t)
			mustCLI(t, "--config", cfg, "--quiet", "run")
			before := mustCLI(t, "--config", cfg, "rates", "--occupation", "29-2010", "--release", "2022-05", "--format", "csv")
			editLines(t, filepath.Join(dir, "data", "sample", "national_M2022_dl.csv"), "29-2010", `"57,380"`, `"74,594"`)
			code, _, errOut := cli(t, "", append([]string{"--config", cfg, "--quiet", "run"}, tt.args...)...)
			if code != exitFailure || !strings.Contains(errOut, "moved more than guard_median_change_pct") {
				t.Fatalf("exit %d, stderr %s; want 1 naming the guard", code, errOut)
			}
			after := mustCLI(t, "--config", cfg, "rates", "--occupation", "29-2010", "--release", "2022-05", "--format", "csv")
			if after != before {
				t.Errorf("published numbers changed:\n%s\n%s", before, after)
			}
		})
	}
}

// A re-published file that loses a published median, or carries a value
// no OEWS file can hold, stops the publish naming the cause (exit 1) and
// the published numbers stay.
func TestCorruptOEWSValuesStopPublish(t *testing.T) {
	tests := []struct {
		name, old, new, want string
	}{
		{"a median turned unreadable", `"57,380"`, `(8)`,
			"an OEWS median of an already published release is no longer there"},
		{"a percentile above the top-code", `"84,670"`, `"93,900,000"`,
			"above its release's top-code"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, dir := sampleCopy(t)
			mustCLI(t, "--config", cfg, "--quiet", "run")
			before := mustCLI(t, "--config", cfg, "rates", "--occupation", "29-2010", "--release", "2022-05", "--format", "csv")
			editLines(t, filepath.Join(dir, "data", "sample", "national_M2022_dl.csv"), "29-2010", tt.old, tt.new)
			code, _, errOut := cli(t, "", "--config", cfg, "--quiet", "run")
			if code != exitFailure || !strings.Contains(errOut, tt.want) {
				t.Fatalf("exit %d, stderr %s; want 1 with %q", code, errOut, tt.want)
			}
			if tt.new == `"93,900,000"` && !strings.Contains(errOut, "national_M2022_dl.csv row") {
				t.Errorf("the check does not name the file and row: %s", errOut)
			}
			after := mustCLI(t, "--config", cfg, "rates", "--occupation", "29-2010", "--release", "2022-05", "--format", "csv")
			if after != before {
				t.Errorf("published numbers changed:\n%s\n%s", before, after)
			}
		})
	}
}

// Two sources publish the same OEWS release: the first-configured wins,
// on the night its file changes as on a full rebuild, whatever order the
// files were last read in.
func TestFirstConfiguredSourceWinsWhateverTheReadOrder(t *testing.T) {
	cfg, dir := sampleCopy(t)
	sample := filepath.Join(dir, "data", "sample")
	revised := filepath.Join(sample, "national_M2022_dl_rev.csv")
	if err := os.WriteFile(revised, []byte(readFile(t, filepath.Join(sample, "national_M2022_dl.csv"))), 0o644); err != nil {
		t.Fatal(err)
	}
	editLines(t, revised, "29-2010", `"57,380"`, `"61,000"`)
	f, err := os.OpenFile(cfg, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprint(f, "\n  - name: oews-national-2022-revised\n    kind: oews\n    path: data/sample/national_M2022_dl_rev.csv\n")
	f.Close()
	median := func() float64 {
		rows := decodeJSON[[]rateRow](t, mustCLI(t, "--config", cfg, "rates", "--occupation", "29-2010", "--release", "2022-05", "--format", "json"))
		return val(rows[0].AnnualMedian)
	}
	mustCLI(t, "--config", cfg, "--quiet", "run")
	if got := median(); got != 57380 {
		t.Fatalf("first run: median %v, want 57380 (the first-configured file)", got)
	}
	// The first file changes: it is read again, now after the other.
	editLines(t, filepath.Join(sample, "national_M2022_dl.csv"), "29-2010", `"57,380"`, `"57,900"`)
	mustCLI(t, "--config", cfg, "--quiet", "run")
	if got := median(); got != 57900 {
		t.Errorf("incremental run: median %v, want 57900 (the first-configured file, re-read)", got)
	}
	mustCLI(t, "--config", cfg, "--quiet", "run", "--force")
	if got := median(); got != 57900 {
		t.Errorf("full rebuild: median %v, want 57900", got)
	}
}

// A project moved to another directory reads nothing again: the same
// bytes under the same name are the same file, and lineage takes the new
// path.
func TestMovedProjectReadsNothingAgain(t *testing.T) {
	cfg, dir := sampleCopy(t)
	mustCLI(t, "--config", cfg, "--quiet", "run")
	moved := filepath.Join(t.TempDir(), "moved")
	if err := os.Rename(dir, moved); err != nil {
		t.Fatal(err)
	}
	cfg = filepath.Join(moved, "config.yaml")
	code, _, errOut := cli(t, "", "--config", cfg, "run")
	if code != 0 || strings.Contains(errOut, "source ingested") || !strings.Contains(errOut, "source file moved") || !strings.Contains(errOut, "unchanged=true") {
		t.Fatalf("the moved project was read again:\n%s", errOut)
	}
	sources := mustCLI(t, "--config", cfg, "sources", "--format", "json")
	if strings.Contains(sources, `"path": "`+dir+string(filepath.Separator)) || !strings.Contains(sources, `"path": "`+moved) {
		t.Errorf("lineage keeps the old path:\n%s", sources)
	}
	// moved again, and a file changed on the way: a new version of the
	// file, not a file read and one removed
	again := filepath.Join(t.TempDir(), "again")
	if err := os.Rename(moved, again); err != nil {
		t.Fatal(err)
	}
	cfg = filepath.Join(again, "config.yaml")
	editLines(t, filepath.Join(again, "data", "sample", "national_M2022_dl.csv"), "29-2010", `"57,380"`, `"58,000"`)
	mustCLI(t, "--config", cfg, "--quiet", "run")
	changes := readFile(t, filepath.Join(again, "out", "site", "changes.json"))
	if strings.Count(changes, "national_M2022_dl.csv") != 1 || strings.Contains(changes, `"removed"`) {
		t.Errorf("a changed file of a moved project is listed as read and removed:\n%s", changes)
	}
}

// A report-only run changes no data: the site keeps the change summary of
// the run that published it, not an empty "first publication", through
// report-only runs one after another (the first run's snapshot is pruned,
// its summary kept); the report-only runs claim no summary of their own.
func TestReportOnlyRunKeepsTheChangeSummary(t *testing.T) {
	cfg, dir := sampleCopy(t)
	mustCLI(t, "--config", cfg, "--quiet", "run")
	mustCLI(t, "--config", cfg, "--quiet", "run", "--only", "report")
	mustCLI(t, "--config", cfg, "--quiet", "run", "--only", "report")
	for _, run := range []string{"run-000002.changes.json", "run-000003.changes.json"} {
		if _, err := os.Stat(filepath.Join(dir, "out", "wagescope.duckdb.snapshots", run)); err == nil {
			t.Errorf("the report-only run wrote %s, a change summary of changes it did not make", run)
		}
	}
	var cs struct {
		ThresholdPct float64           `json:"threshold_pct"`
		Sources      []json.RawMessage `json:"sources"`
	}
	if err := json.Unmarshal([]byte(readFile(t, filepath.Join(dir, "out", "site", "changes.json"))), &cs); err != nil {
		t.Fatal(err)
	}
	if cs.ThresholdPct != 5 || len(cs.Sources) != 10 {
		t.Errorf("site changes.json after --only report: threshold %v, %d sources; want 5, 10", cs.ThresholdPct, len(cs.Sources))
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func writeFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// replaceInFile replaces the first old in file with new; old must be there.
func replaceInFile(t *testing.T, file, old, new string) {
	t.Helper()
	body := readFile(t, file)
	if !strings.Contains(body, old) {
		t.Fatalf("%s has no %q", file, old)
	}
	writeFile(t, file, strings.Replace(body, old, new, 1))
}

// A url: source is downloaded with the contact in its User-Agent, fetched
// conditionally the next night (304: nothing read), and --offline runs
// from the cache with the server gone.
func TestURLSourceFetchedConditionallyAndOffline(t *testing.T) {
	body, err := os.ReadFile(filepath.Join("..", "..", "data", "sample", "national_M2022_dl.csv"))
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var agents, conditional []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		agents = append(agents, r.UserAgent())
		conditional = append(conditional, r.Header.Get("If-None-Match"))
		mu.Unlock()
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		_, _ = w.Write(body)
	}))
	dir := t.TempDir()
	cfg := writeConfig(t, dir, "    url: "+srv.URL+"/oes/national_M2022_dl.csv\n    name: oews-2022-fetched\n    kind: oews\n")
	cfgBody := readFile(t, cfg)
	cfgBody = strings.Replace(cfgBody, "sources:", "contact: analyst@example.org\ncache: "+filepath.Join(dir, "cache")+"\nsources:", 1)
	cfgBody = strings.Replace(cfgBody, "sources:\n    url:", "sources:\n  - url:", 1)
	if err := os.WriteFile(cfg, []byte(cfgBody), 0o644); err != nil {
		t.Fatal(err)
	}
	mustCLI(t, "--config", cfg, "--quiet", "run")
	mustCLI(t, "--config", cfg, "--quiet", "run")
	_, stages := lastRun(t, cfg)
	mu.Lock()
	if len(agents) != 2 || !strings.Contains(agents[0], "wagescope/") || !strings.Contains(agents[0], "analyst@example.org") ||
		conditional[0] != "" || conditional[1] != `"v1"` {
		t.Errorf("requests: agents %q, If-None-Match %q", agents, conditional)
	}
	mu.Unlock()
	if stages[0].Detail != "0 files read, 1 unchanged, 0 removed, 0 failed" {
		t.Errorf("a 304 night read files: %+v", stages[0])
	}
	srv.Close()
	mustCLI(t, "--config", cfg, "--quiet", "run", "--offline", "--force")
	rates := mustCLI(t, "--config", cfg, "rates", "--occupation", "29-2010", "--release", "2022-05", "--format", "csv")
	if !strings.Contains(rates, ",57380,") {
		t.Errorf("offline run from the cache:\n%s", rates)
	}
}

// A url: with {yyyy} in it picks up each new OEWS release on the night it
// appears (the real national workbooks, served the way BLS names them), and
// a release that disappears from the server fails the source and leaves
// the published numbers alone.
func TestReleaseURLPicksUpNewReleases(t *testing.T) {
	var mu sync.Mutex
	published := map[string]string{} // request path → shared workbook
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		file, ok := published[r.URL.Path]
		mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		http.ServeFile(w, r, file) // Last-Modified, and 304 to If-Modified-Since
	}))
	defer srv.Close()
	publish := func(years ...int) {
		mu.Lock()
		defer mu.Unlock()
		clear(published)
		for _, y := range years {
			name := fmt.Sprintf("national_M%d_dl.xlsx", y)
			published["/oes/"+name] = shareddata.Path(t, "bls/oews/national/"+name)
		}
	}
	dir := t.TempDir()
	cfg := writeConfig(t, dir, "  - name: oews-national\n    kind: oews\n    url: "+srv.URL+"/oes/national_M{yyyy}_dl.xlsx\n    since: 2021\n")
	body := strings.Replace(readFile(t, cfg), "sources:", "contact: analyst@example.org\ncache: "+filepath.Join(dir, "cache")+"\nsources:", 1)
	if err := os.WriteFile(cfg, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	median := func(release string) string {
		t.Helper()
		out := mustCLI(t, "--config", cfg, "query", "--format", "csv", "SELECT annual_median FROM fct_wage_stats WHERE source_family = 'oews' "+
			"AND occupation_code = '29-2010' AND area_code = 'US' AND industry_code = '000000' AND release = '"+release+"'")
		return strings.TrimSpace(strings.TrimPrefix(out, "annual_median\n"))
	}

	publish(2020, 2021, 2022)
	mustCLI(t, "--config", cfg, "--quiet", "run")
	if m21, m22 := median("2021-05"), median("2022-05"); m21 != "57800" || m22 != "57380" {
		t.Fatalf("first night: May 2021 median %q, May 2022 %q (PROVENANCE: 57,800 and 57,380)", m21, m22)
	}
	if got := mustCLI(t, "--config", cfg, "sources", "--format", "json"); strings.Contains(got, "M2020") || !strings.Contains(got, srv.URL+"/oes/national_M2022_dl.xlsx") {
		t.Errorf("sources read before since: or without their own URL:\n%s", got)
	}

	publish(2020, 2021, 2022, 2023)
	mustCLI(t, "--config", cfg, "--quiet", "run")
	_, stages := lastRun(t, cfg)
	if stages[0].Detail != "1 files read, 2 unchanged, 0 removed, 0 failed" {
		t.Errorf("the night May 2023 appeared: %+v", stages[0])
	}
	if m := median("2023-05"); m != "60780" {
		t.Errorf("May 2023 median %q, want 60780", m)
	}
	changes := decodeJSON[store.ChangeSummary](t, readFile(t, filepath.Join(dir, "site", "changes.json")))
	if len(changes.NewReleases) != 1 || changes.NewReleases[0].Release != "2023-05" {
		t.Errorf("the change summary's new releases: %+v", changes.NewReleases)
	}

	publish(2020, 2021, 2022) // May 2023 withdrawn from the server
	code, _, errOut := cli(t, "", "--config", cfg, "--quiet", "run")
	if code != exitPartial || !strings.Contains(errOut, "the 2023 release was downloaded before and is gone now") {
		t.Errorf("a withdrawn release: exit %d\n%s", code, errOut)
	}
	if m := median("2023-05"); m != "60780" {
		t.Errorf("after the failed night the May 2023 median is %q", m)
	}
}

// An incremental build runs only the SQL files that depend on the inputs
// that changed, and publishes exactly the tables a full rebuild of the same
// files writes.
func TestIncrementalRebuildMatchesFullRebuild(t *testing.T) {
	cfg, dir := sampleCopy(t)
	mustCLI(t, "--config", cfg, "--quiet", "run")
	published := filepath.Join(dir, "out", "wagescope.duckdb")
	sample := filepath.Join(dir, "data", "sample", "glassdoor_jobs_sample.csv")
	// staging's ledger detail when only the postings model runs
	const postingsStaged = "2 of 7 files run; kept: 010_stg_oews__wages, 011_stg_oews__unlocated, 020_stg_projections, 030_stg_cpi, 040_stg_soc; postings: "
	steps := []struct {
		name    string
		edit    func()
		staging string // the staging stage's ledger detail
		marts   string
		// distinct values the normalize stage mapped: only the new pay
		// text after a posting edit, every title after a reference title
		// changed, none when the stage is skipped
		normalized int64
		changes    string // a table the edit changes ("": fct_wage_stats)
	}{
		{"postings", func() {
			editLines(t, sample, "Data Scientist", "$53K-$91K", "$58K-$99K")
		}, postingsStaged + "1 new file(s) staged, 1 dropped, the others kept",
			"8 of 8 files run; kept: none", 1, ""},
		// A night's new extract: another file of the same postings with one
		// new pay text; nothing is deleted from the maps. Its source comes
		// first in the configuration, so every staged posting's place in
		// the posting order moves, and its rows are their groups' first.
		{"new postings file", func() {
			night := filepath.Join(dir, "data", "sample", "glassdoor_jobs_night2.csv")
			writeFile(t, night, readFile(t, sample))
			// a pay of 0 is a reject: the rejects staged tonight must
			// survive the next night's append
			editLines(t, night, "Data Scientist", "$58K-$99K", "$0K-$0K")
			replaceInFile(t, cfg, "  - name: glassdoor-2020-sample",
				"  - name: glassdoor-night2\n    kind: postings\n    path: data/sample/glassdoor_jobs_night2.csv\n    preset: glassdoor\n    release: \"2020\"\n  - name: glassdoor-2020-sample")
		}, postingsStaged + "1 new file(s) staged, 0 dropped, the others kept",
			"8 of 8 files run; kept: none", 1, ""},
		// A file that sorts after the source's staged one (its path a glob
		// now): its rows are staged alone and appended. It holds the
		// sample's postings twice over, one pay text new: a row that
		// repeats a staged job is not its group's first row, nor is the
		// second of two new rows of the same job.
		{"appended postings file", func() {
			lines := strings.SplitAfterN(readFile(t, sample), "\n", 2)
			night := filepath.Join(dir, "data", "sample", "glassdoor_jobs_sz_night3.csv")
			writeFile(t, night, lines[0]+lines[1]+lines[1])
			editLines(t, night, "Data Scientist", "$58K-$99K", "$64K-$109K")
			editLines(t, night, "Clinical Laboratory Scientist", "$24-$39 Per Hour", "$-24-$39 Per Hour")
			// a title no staged posting has: the title map finds it in
			// the added file's rows
			editLines(t, night, "Clinical Laboratory Scientist,$-24", "Clinical Laboratory Scientist,", "Clinical Laboratory Scientist (Nights),")
			replaceInFile(t, cfg, "path: data/sample/glassdoor_jobs_sample.csv", "path: data/sample/glassdoor_jobs_s*.csv")
		}, postingsStaged + "1 new file(s) staged, 0 dropped, the others kept",
			"8 of 8 files run; kept: none", 3, ""},
		// A file that sorts before the source's staged ones: the sample
		// again, one pay text new. Its rows come first in their groups, so
		// the staged rows of those jobs stop being their groups' first,
		// and the staged files after it move down.
		{"postings file before the staged ones", func() {
			early := filepath.Join(dir, "data", "sample", "glassdoor_jobs_sa_early.csv")
			writeFile(t, early, readFile(t, sample))
			editLines(t, early, "Clinical Laboratory Scientist", "$24-$39 Per Hour", "$25-$40 Per Hour")
		}, postingsStaged + "1 new file(s) staged, 0 dropped, the others kept",
			"8 of 8 files run; kept: none", 1, ""},
		// That file deleted: its rows go, and the staged rows of its jobs
		// are their groups' first again.
		{"postings file deleted", func() {
			if err := os.Remove(filepath.Join(dir, "data", "sample", "glassdoor_jobs_sa_early.csv")); err != nil {
				t.Fatal(err)
			}
		}, postingsStaged + "0 new file(s) staged, 1 dropped, the others kept",
			"8 of 8 files run; kept: none", 0, ""},
		// The first night's extract dropped from the configuration: its
		// rows go, the files after it move up, and the jobs it held first
		// have the sample's rows first again.
		{"dropped postings file", func() {
			replaceInFile(t, cfg,
				"  - name: glassdoor-night2\n    kind: postings\n    path: data/sample/glassdoor_jobs_night2.csv\n    preset: glassdoor\n    release: \"2020\"\n", "")
		}, postingsStaged + "0 new file(s) staged, 1 dropped, the others kept",
			"8 of 8 files run; kept: none", 0, ""},
		{"oews", func() {
			editLines(t, filepath.Join(dir, "data", "sample", "national_M2022_dl.csv"), "29-2010", `"57,380"`, `"60,249"`)
		}, "3 of 7 files run; kept: 020_stg_projections, 030_stg_cpi, 040_stg_soc, 050_stg_postings__postings",
			"8 of 8 files run; kept: none", 0, ""},
		// An OEWS title is also a reference title of the classifier: a
		// posting title it now spells must map to its code, as a full
		// rebuild maps it, though no posting changed.
		{"oews title", func() {
			editLines(t, filepath.Join(dir, "data", "sample", "national_M2022_dl.csv"), "27-2011", "Actors", "Customer Data Scientist")
		}, "4 of 7 files run; kept: 020_stg_projections, 030_stg_cpi, 040_stg_soc; postings: all staged again (the maps were built afresh)",
			"8 of 8 files run; kept: none", 19, ""},
		{"cpi", func() {
			editLines(t, filepath.Join(dir, "data", "sample", "cu.data.1.AllItems.sample"), "\t2023\tM13\t", "304.702", "305.702")
		}, "2 of 7 files run; kept: 010_stg_oews__wages, 011_stg_oews__unlocated, 020_stg_projections, 040_stg_soc, 050_stg_postings__postings",
			"7 of 8 files run; kept: 040_fct_postings_quality", 0, ""},
		// Another CPI file through the source's glob (this year's latest
		// months): the staged postings are kept as they are, a file of
		// another kind taking no place in the posting order. No statistic
		// uses those months; the CPI observations change.
		{"cpi file added", func() {
			latest := "CUUR0000SA0      \t2025\tM10\t     325.100\t\nCUUR0000SA0      \t2025\tM11\t     325.600\t\n"
			header := strings.SplitAfterN(readFile(t, filepath.Join(dir, "data", "sample", "cu.data.1.AllItems.sample")), "\n", 2)[0]
			writeFile(t, filepath.Join(dir, "data", "sample", "cu.data.2.Latest.sample"), header+latest)
			replaceInFile(t, cfg, "path: data/sample/cu.data.1.AllItems.sample", "path: data/sample/cu.data.*.sample")
		}, "2 of 7 files run; kept: 010_stg_oews__wages, 011_stg_oews__unlocated, 020_stg_projections, 040_stg_soc, 050_stg_postings__postings",
			"7 of 8 files run; kept: 040_fct_postings_quality", 0, "stg_cpi__observations"},
	}
	for i, step := range steps {
		step.edit()
		mustCLI(t, "--config", cfg, "--quiet", "run")
		_, stages := lastRun(t, cfg)
		for _, s := range stages {
			if (s.Stage == "staging" && s.Detail != step.staging) || (s.Stage == "marts" && s.Detail != step.marts) {
				t.Errorf("%s: %s stage: %q", step.name, s.Stage, s.Detail)
			}
			if s.Stage == "normalize" && s.Rows != step.normalized {
				t.Errorf("%s: normalize mapped %d distinct values, want %d", step.name, s.Rows, step.normalized)
			}
		}
		full := filepath.Join(dir, "full", step.name+".duckdb")
		mustCLI(t, "--config", cfg, "--quiet", "--db", full, "--out", filepath.Join(dir, "full", step.name+"-site"), "run", "--force")
		if diff := tableDiff(t, published, full); diff != "" {
			t.Errorf("%s: the incremental build differs from a full rebuild:\n%s", step.name, diff)
		}
		// Not vacuous: the edit changed what is published.
		changes := cmp.Or(step.changes, "fct_wage_stats")
		before := filepath.Join(dir, "out", "wagescope.duckdb.snapshots", fmt.Sprintf("run-%06d.duckdb", i+1))
		if diff := tableDiff(t, published, before); !strings.Contains(diff, changes+":") {
			t.Errorf("%s: the edit changed no row of %s: %q", step.name, changes, diff)
		}
	}
}

// tableDiff lists the staging, dimension, fact and rejects tables whose rows
// differ between two databases (as multisets, source file ids aside: each
// build numbers its files in the order it read them).
func tableDiff(t *testing.T, a, b string) string {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, a, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	detach, err := db.Attach(ctx, b, "other")
	if err != nil {
		t.Fatal(err)
	}
	defer detach()
	rows, err := db.Query(ctx, `SELECT table_name, string_agg('"' || column_name || '"', ', ' ORDER BY column_index)
		FROM duckdb_columns() WHERE database_name = current_database() AND schema_name = 'main'
		  AND (table_name SIMILAR TO '(stg|dim|fct)_.*' OR table_name = 'rejects'
		       OR (table_name LIKE 'map_postings%' AND table_name <> 'map_postings__title_index'))
		  AND column_name NOT LIKE '%source_file_id%'
		GROUP BY table_name ORDER BY table_name`)
	if err != nil {
		t.Fatal(err)
	}
	type table struct{ name, cols string }
	var tables []table
	for rows.Next() {
		var tb table
		if err := rows.Scan(&tb.name, &tb.cols); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, tb)
	}
	rows.Close()
	if len(tables) < 15 {
		t.Fatalf("only %d tables compared", len(tables))
	}
	var diff strings.Builder
	for _, tb := range tables {
		var n int64
		q := fmt.Sprintf(`SELECT (SELECT count(*) FROM (SELECT %[2]s FROM main.%[1]s EXCEPT ALL SELECT %[2]s FROM other.%[1]s))
			+ (SELECT count(*) FROM (SELECT %[2]s FROM other.%[1]s EXCEPT ALL SELECT %[2]s FROM main.%[1]s))`, tb.name, tb.cols)
		if err := db.QueryRow(ctx, q).Scan(&n); err != nil {
			fmt.Fprintf(&diff, "%s: %v\n", tb.name, err)
			continue
		}
		if n > 0 {
			fmt.Fprintf(&diff, "%s: %d rows differ\n", tb.name, n)
		}
	}
	return diff.String()
}

// A partial run never publishes a database without its marts or with marts
// older than its raw rows, and a database published that way by an older
// build does not keep later runs failing on the run-over-run guards.
func TestPartialRunsKeepThePublishedDatabaseWhole(t *testing.T) {
	cfg, dir := sampleCopy(t)
	mustCLI(t, "--config", cfg, "--quiet", "run")
	ratesBefore := mustCLI(t, "--config", cfg, "rates", "--occupation", "29-2010", "--area", "US", "--format", "json")

	// --only ingest --force: a fresh build, published; it used to hold raw
	// tables only, so rates failed and every later run stopped at the guards.
	code, _, log := cli(t, "", "--config", cfg, "--log-format", "json", "run", "--only", "ingest", "--force")
	if code != 0 {
		t.Fatalf("--only ingest --force: exit %d\n%s", code, log)
	}
	if !strings.Contains(log, `"msg":"stages added to --only","stages":"normalize,staging,marts,checks,report"`) {
		t.Errorf("the log does not say which stages --only ingest brought:\n%s", log)
	}
	var ran []string
	_, stages := lastRun(t, cfg)
	for _, s := range stages {
		ran = append(ran, s.Stage)
	}
	if strings.Join(ran, ",") != "ingest,normalize,staging,marts,checks,report" {
		t.Errorf("--only ingest ran %v", ran)
	}
	if got := mustCLI(t, "--config", cfg, "rates", "--occupation", "29-2010", "--area", "US", "--format", "json"); got != ratesBefore {
		t.Errorf("rates after --only ingest --force:\n%s\nbefore:\n%s", got, ratesBefore)
	}

	// A published database without fct_wage_stats, as those runs left it.
	published := filepath.Join(dir, "out", "wagescope.duckdb")
	dbtest.Exec(t, published, "DROP VIEW fct_wage_stats")
	code, _, log = cli(t, "", "--config", cfg, "--log-format", "json", "run", "--force")
	if code != 0 {
		t.Fatalf("full run over a published database without fct_wage_stats: exit %d\n%s", code, log)
	}
	if !strings.Contains(log, `"missing":"fct_wage_stats"`) {
		t.Errorf("the log does not say the published database lacked fct_wage_stats:\n%s", log)
	}
	if got := mustCLI(t, "--config", cfg, "rates", "--occupation", "29-2010", "--area", "US", "--format", "json"); got != ratesBefore {
		t.Errorf("rates after the recovering run:\n%s\nbefore:\n%s", got, ratesBefore)
	}

	// A published database from before a view was one holds it as a
	// table; the stage that writes the view starts from it and must replace
	// it, with the same rows.
	for _, v := range []struct{ view, only, query string }{
		{"fct_wage_stats", "marts", ""},
		// over their derived table and the raw rows since 56de61e
		{"stg_postings__postings", "staging,marts",
			"SELECT count(*) AS n, count(title_raw) AS titled, sum(annual_mid_usd) AS pay FROM stg_postings__postings"},
	} {
		rowsBefore := ""
		if v.query != "" {
			rowsBefore = mustCLI(t, "--config", cfg, "query", "--format", "csv", v.query)
		}
		dbtest.Exec(t, published,
			"CREATE TABLE legacy_copy AS SELECT * FROM "+v.view,
			"DROP VIEW "+v.view,
			"ALTER TABLE legacy_copy RENAME TO "+v.view)
		if code, _, log := cli(t, "", "--config", cfg, "run", "--only", v.only); code != 0 {
			t.Fatalf("--only %s over a published %s table: exit %d\n%s", v.only, v.view, code, log)
		}
		if got := mustCLI(t, "--config", cfg, "query", "--format", "csv",
			"SELECT table_type FROM information_schema.tables WHERE table_name = '"+v.view+"'"); got != "table_type\nVIEW\n" {
			t.Errorf("%s after --only %s: %q, want a view", v.view, v.only, got)
		}
		if v.query != "" {
			if got := mustCLI(t, "--config", cfg, "query", "--format", "csv", v.query); got != rowsBefore || strings.Count(got, "\n") != 2 {
				t.Errorf("%s after replacing the table:\n%s\nbefore:\n%s", v.view, got, rowsBefore)
			}
		}
		if got := mustCLI(t, "--config", cfg, "rates", "--occupation", "29-2010", "--area", "US", "--format", "json"); got != ratesBefore {
			t.Errorf("rates after replacing the %s table:\n%s\nbefore:\n%s", v.view, got, ratesBefore)
		}
	}
}

// The database is written in the configured storage format, and changing
// storage_version rebuilds everything into a new file (an existing file
// keeps its format, so reusing it would not apply the change).
func TestStorageVersion(t *testing.T) {
	cfg, _ := sampleCopy(t)
	format := func() string {
		t.Helper()
		return strings.TrimSpace(mustCLI(t, "--config", cfg, "query", "--format", "csv",
			"SELECT tags['storage_version'] FROM duckdb_databases() WHERE database_name = current_database()"))
	}
	mustCLI(t, "--config", cfg, "--quiet", "run")
	if got := format(); !strings.HasSuffix(got, "\nv1.4.0+") {
		t.Errorf("default storage format: %q", got)
	}
	body := strings.Replace(readFile(t, cfg), "storage_version: v1.4.0", "storage_version: v1.0.0", 1)
	if err := os.WriteFile(cfg, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	mustCLI(t, "--config", cfg, "--quiet", "run")
	if got := format(); !strings.HasSuffix(got, "\nv1.0.0+") {
		t.Errorf("after storage_version: v1.0.0: %q", got)
	}
	if _, stages := lastRun(t, cfg); !strings.Contains(stages[0].Detail, " 0 unchanged") {
		t.Errorf("a new storage_version reused the published files: %+v", stages[0])
	}
}

// After "rollback" and a new run, another "rollback" goes back to what
// that run was built on, not to the run the user took back; --to still
// publishes a taken-back run, which then is no longer listed as taken back.
func TestRollbackPassesOverTakenBackRuns(t *testing.T) {
	cfg, _ := sampleCopy(t)
	for range 3 {
		mustCLI(t, "--config", cfg, "--quiet", "run", "--force")
	}
	if out := mustCLI(t, "--config", cfg, "rollback"); !strings.Contains(out, "published run 2 again") {
		t.Fatalf("first rollback: %s", out)
	}
	mustCLI(t, "--config", cfg, "--quiet", "run", "--force") // run 4, built on run 2
	if out := mustCLI(t, "--config", cfg, "rollback"); !strings.Contains(out, "published run 2 again") {
		t.Errorf("second rollback: %s; want run 2, not the taken-back run 3", out)
	}
	if out := mustCLI(t, "--config", cfg, "rollback", "--to", "3"); !strings.Contains(out, "published run 3 again") {
		t.Fatalf("rollback --to 3: %s", out)
	}
	var runs []struct {
		RunID   int64  `json:"run_id"`
		Message string `json:"message"`
	}
	if err := json.Unmarshal([]byte(mustCLI(t, "--config", cfg, "runs", "--format", "json")), &runs); err != nil {
		t.Fatal(err)
	}
	taken := map[int64]bool{}
	for _, r := range runs {
		taken[r.RunID] = strings.Contains(r.Message, "taken back")
	}
	if len(runs) != 4 || !taken[4] || taken[3] || taken[2] {
		t.Errorf("runs after republishing run 3: %+v", runs)
	}
}

// A re-published file that loses a row, or a stray edited copy a glob
// picks up beside the file, stops the publish (exit 1) naming what went
// wrong, and the published numbers stay.
func TestLostOrConflictingOEWSRowsStopPublish(t *testing.T) {
	const csvPath = "data/sample/national_M2022_dl.csv"
	tests := []struct {
		name string
		edit func(t *testing.T, dir string)
		want string
	}{
		{"a row dropped from a re-published file", func(t *testing.T, dir string) {
			file := filepath.Join(dir, csvPath)
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var kept []string
			for _, l := range strings.Split(string(b), "\n") {
				if !strings.Contains(l, ",29-2010,") {
					kept = append(kept, l)
				}
			}
			if err := os.WriteFile(file, []byte(strings.Join(kept, "\n")), 0o644); err != nil {
				t.Fatal(err)
			}
		}, "an OEWS median of an already published release is no longer there: 2022-05 US 000000 29-2010 : 57380.0 → none"},
		{"one release's file gone from the glob", func(t *testing.T, dir string) {
			if err := os.Remove(filepath.Join(dir, "data/sample/national_M2024_dl.csv")); err != nil {
				t.Fatal(err)
			}
		}, "an already published release is no longer there, though its source is still configured: fct_wage_stats oews 2024-05 from source oews-national-2022-sample"},
		{"an edited copy beside the file", func(t *testing.T, dir string) {
			b, err := os.ReadFile(filepath.Join(dir, csvPath))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, csvPath+".old"), b, 0o644); err != nil {
				t.Fatal(err)
			}
			editLines(t, filepath.Join(dir, csvPath+".old"), "29-2010", `"57,380"`, `"50,000"`)
		}, "two files of one source publish one OEWS median differently: 2022-05 US 000000 1235 29-2010 : national_M2022_dl.csv row 22 57380.0 (hourly 27.59), national_M2022_dl.csv.old row 22 50000.0 (hourly 27.59)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, dir := sampleCopy(t)
			// a glob over two releases, as config.shared.yaml's national files:
			// May 2022 and a copy of it named as May 2024
			editLines(t, cfg, "path: "+csvPath, csvPath, "data/sample/national_M202[24]_dl.csv*")
			b, err := os.ReadFile(filepath.Join(dir, csvPath))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "data/sample/national_M2024_dl.csv"), b, 0o644); err != nil {
				t.Fatal(err)
			}
			mustCLI(t, "--config", cfg, "--quiet", "run")
			before := mustCLI(t, "--config", cfg, "rates", "--occupation", "29-2010", "--release", "2022-05", "--format", "csv")
			tt.edit(t, dir)
			code, _, errOut := cli(t, "", "--config", cfg, "--quiet", "run")
			if code != exitFailure || !strings.Contains(errOut, tt.want) {
				t.Fatalf("exit %d, stderr %s; want 1 with %q", code, errOut, tt.want)
			}
			after := mustCLI(t, "--config", cfg, "rates", "--occupation", "29-2010", "--release", "2022-05", "--format", "csv")
			if after != before {
				t.Errorf("published numbers changed:\n%s\n%s", before, after)
			}
		})
	}
}

// Quiet nights republish the same data: they do not push the state before
// the last real change out of keep_snapshots (3 in the sample), and a
// plain rollback goes back to it, not to a run with the same figures.
func TestQuietNightsKeepTheRollbackPoint(t *testing.T) {
	cfg, dir := sampleCopy(t)
	mustCLI(t, "--config", cfg, "--quiet", "run")
	editLines(t, filepath.Join(dir, "data", "sample", "national_M2022_dl.csv"), "29-2010", `"57,380"`, `"60,000"`)
	mustCLI(t, "--config", cfg, "--quiet", "run") // run 2: the change
	for range 3 {
		mustCLI(t, "--config", cfg, "--quiet", "run") // runs 3–5: nothing new
	}
	rates := func() string {
		return mustCLI(t, "--config", cfg, "rates", "--occupation", "29-2010", "--release", "2022-05", "--format", "csv")
	}
	if got := rates(); !strings.Contains(got, ",60000,") {
		t.Fatalf("after the change: %s", got)
	}
	if out := mustCLI(t, "--config", cfg, "rollback"); !strings.Contains(out, "published run 1 again") {
		t.Fatalf("rollback after three quiet nights: %s; want run 1, the state before the change", out)
	}
	if got := rates(); !strings.Contains(got, ",57380,") {
		t.Errorf("after the rollback: %s", got)
	}
	// runs 2–4 held run 5's data and were pruned; 5 is kept, taken back
	out := mustCLI(t, "--config", cfg, "rollback", "--list")
	if lines := strings.Split(strings.TrimSpace(out), "\n"); len(lines) != 3 || !strings.HasPrefix(lines[1], "5 ") ||
		strings.Fields(lines[1])[2] != "2" || !strings.HasPrefix(lines[2], "1 ") || !strings.HasSuffix(lines[2], "published") {
		t.Errorf("rollback --list: %s; want run 5 (data of run 2) and run 1, published", out)
	}
}

// Another process that writes to the published database and exits without
// a checkpoint leaves a write-ahead log beside it. The next publish moves it
// beside the replaced snapshot: left in place, DuckDB would refuse to open
// the new file with it ("the WAL checkpoint iteration does not match"), and
// every later command would fail.
func TestAWriteAheadLogLeftByAnotherProcessDoesNotBreakThePublish(t *testing.T) {
	cfg, dir := sampleCopy(t)
	mustCLI(t, "--config", cfg, "--quiet", "run")
	published := filepath.Join(dir, "out", "wagescope.duckdb")
	dbtest.Exec(t, published, "PRAGMA disable_checkpoint_on_shutdown", "CREATE TABLE analyst_notes AS SELECT 'checked' AS note")
	wal, err := os.ReadFile(published + ".wal")
	if err != nil || len(wal) == 0 {
		t.Fatalf("the scratch session left no write-ahead log to test with: %v", err)
	}
	code, _, errOut := cli(t, "", "--config", cfg, "run", "--force")
	if code != 0 || !strings.Contains(errOut, "write-ahead log from another process") {
		t.Fatalf("run exited %d without setting the log aside:\n%s", code, errOut)
	}
	if _, err := os.Stat(published + ".wal"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a log is still beside the published database: %v", err)
	}
	aside, err := os.ReadFile(filepath.Join(dir, "out", "wagescope.duckdb.snapshots", "run-000001.duckdb.wal"))
	if err != nil || !bytes.Equal(aside, wal) {
		t.Errorf("the log is not kept beside run 1's snapshot: %v", err)
	}
	if out := mustCLI(t, "--config", cfg, "rates", "--occupation", "29-2011", "--format", "json"); !strings.Contains(out, `"29-2010"`) {
		t.Errorf("rates on the new database:\n%s", out)
	}
}

// A file whose stat (device, inode, size, modification and change times)
// is the one recorded when it was hashed is not hashed again. Touched, it
// is hashed, found the same and its new stat recorded; written with the
// same size and its old modification time put back (cp -p, rsync -t), its
// change time still moves, so it is hashed and read again.
func TestFileStatSkipsHashingOnlyUnchangedFiles(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("files are stat'ed for change on Linux only")
	}
	cfg, dir := sampleCopy(t)
	file := filepath.Join(dir, "data", "sample", "national_M2022_dl.csv")
	stat := func() string {
		t.Helper()
		rows := decodeJSON[[]map[string]any](t, mustCLI(t, "--config", cfg, "query", "--format", "json",
			"SELECT coalesce(file_stat, '') AS s FROM source_files WHERE file_name = 'national_M2022_dl.csv'"))
		if len(rows) != 1 {
			t.Fatalf("source_files rows for the file: %v", rows)
		}
		return rows[0]["s"].(string)
	}
	run := func() string {
		t.Helper()
		code, _, errOut := cli(t, "", "--config", cfg, "-v", "run")
		if code != 0 {
			t.Fatalf("run exit %d:\n%s", code, errOut)
		}
		return errOut
	}
	run()
	first := stat()
	if !strings.Contains(first, "ctime=") {
		t.Fatalf("file_stat %q, want the file's stat", first)
	}
	const notHashed = "source file not hashed: its stat is the one recorded"
	out := run()
	unhashed := strings.Count(out, notHashed)
	if !strings.Contains(out, "unchanged=true") || unhashed == 0 || strings.Contains(out, "source ingested") {
		t.Fatalf("a second run changed something or hashed every file:\n%s", out)
	}
	if got := stat(); got != first {
		t.Errorf("file_stat %q after an unchanged run, want %q", got, first)
	}

	fi, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	later := fi.ModTime().Add(time.Hour)
	if err := os.Chtimes(file, later, later); err != nil {
		t.Fatal(err)
	}
	// the touched file alone is hashed
	if out := run(); strings.Contains(out, "source ingested") || !strings.Contains(out, "unchanged=true") ||
		strings.Count(out, notHashed) != unhashed-1 {
		t.Fatalf("a touched file was read again, or not hashed (%d files not hashed before):\n%s", unhashed, out)
	}
	touched := stat()
	if touched == first || touched == "" {
		t.Errorf("file_stat %q after a touch, want a new stat (was %q)", touched, first)
	}

	// the same size, the modification time put back
	editLines(t, file, "29-2010", `"333,600"`, `"333,601"`)
	if err := os.Chtimes(file, later, later); err != nil {
		t.Fatal(err)
	}
	if fj, err := os.Stat(file); err != nil || fj.Size() != fi.Size() || !fj.ModTime().Equal(later) {
		t.Fatalf("the edit changed the size or the time: %v %v", fj, err)
	}
	if out := run(); !strings.Contains(out, "source ingested") || !strings.Contains(out, "national_M2022_dl.csv") {
		t.Fatalf("a file rewritten with its old size and time was not read again:\n%s", out)
	}
	rows := decodeJSON[[]map[string]any](t, mustCLI(t, "--config", cfg, "query", "--format", "json",
		`SELECT employment FROM stg_oews__wages WHERE release = '2022-05' AND occupation_code = '29-2010' AND area_code = 'US' AND industry_code = '000000' LIMIT 1`))
	if len(rows) != 1 || rows[0]["employment"] != 333601.0 {
		t.Errorf("employment after the edit: %v, want 333601", rows)
	}
}
