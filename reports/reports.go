package reports

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/wagescope/wagescope/pipeline/store"
)

// Reader is what the reports need from the published database (implemented by *store.DB).
type Reader interface {
	Occupations(ctx context.Context) ([]store.Occupation, error) // sorted by code
	WageStats(ctx context.Context, f store.WageFilter) ([]store.WageStat, error)
	Outlooks(ctx context.Context, occupationCode string) ([]store.Outlook, error) // newest cycle first
	SourceFiles(ctx context.Context) ([]store.SourceFile, error)
	// ModeledRates is the experience bridge; experience store.Any gives every level.
	ModeledRates(ctx context.Context, occupationCode, areaCode, release, experience string) ([]store.WageStat, error)
	PostedVsSurveyed(ctx context.Context, occupationCode string) ([]store.PostedVsSurveyed, error)
	CPIAnnualAverages(ctx context.Context) (map[int]float64, error)
}

// Options are the run's own metadata, shown only in the index's metadata block.
type Options struct {
	GeneratedAt string // the run's timestamp, as the caller wants it printed
	RunID       int64
	Workers     int                   // pages built at once; 0 means GOMAXPROCS
	Changes     *store.ChangeSummary  // what the run changed: changes.html and changes.json
	Progress    func(done, total int) // told after each occupation; may be nil
	// Previous is the published site: files whose bytes are unchanged are
	// hard-linked from it instead of written again. "" writes every file.
	Previous string
}

// Stats counts what Build wrote: HTML pages, bytes of all files including
// assets, and files linked unchanged from the previous site.
type Stats struct {
	Pages  int
	Bytes  int64
	Reused int
}

// Build writes the report site into outDir, a fresh directory: index.html,
// occupation/<code>.html for every occupation with wage or outlook figures,
// and assets/ (ECharts, the pages' script and stylesheet). Same inputs give
// byte-identical files.
func Build(ctx context.Context, r Reader, outDir string, opt Options) (Stats, error) {
	if r == nil {
		return Stats{}, errors.New("reports: nil Reader")
	}
	if outDir == "" {
		return Stats{}, errors.New("reports: empty output directory")
	}
	w := &siteWriter{dir: outDir, prev: opt.Previous}

	occs, err := r.Occupations(ctx)
	if err != nil {
		return w.stats, fmt.Errorf("reports: read occupations: %w", err)
	}
	sources, err := r.SourceFiles(ctx)
	if err != nil {
		return w.stats, fmt.Errorf("reports: read source files: %w", err)
	}
	cpi, err := r.CPIAnnualAverages(ctx)
	if err != nil {
		return w.stats, fmt.Errorf("reports: read CPI-U: %w", err)
	}
	site := newSiteInfo(cpi, sources)
	for _, f := range sources {
		w.synthetic = w.synthetic || f.Synthetic
	}

	occs = sortedOccupations(occs)
	for _, o := range occs {
		if !safeCode(o.Code) {
			return w.stats, fmt.Errorf("reports: occupation code %q cannot be used as a file name", o.Code)
		}
	}
	rows, err := loadSiteRows(ctx, r)
	if err != nil {
		return w.stats, fmt.Errorf("reports: %w", err)
	}
	entries, err := w.writeOccupations(ctx, r, rows, occs, site, opt)
	if err != nil {
		return w.stats, err
	}
	if err := w.writeIndex(opt, sources, entries); err != nil {
		return w.stats, err
	}
	if err := w.writeChanges(opt.Changes); err != nil {
		return w.stats, err
	}
	if err := w.writeAssets(); err != nil {
		return w.stats, err
	}
	return w.stats, nil
}

// writeOccupations reads and writes the occupation pages on several
// workers (each page is its own file, so the order they finish in does not
// matter) and returns the index entries in occupation order. The posted
// cells are read postedBatch occupations at a time, the next batch while
// the workers write the last.
func (w *siteWriter) writeOccupations(ctx context.Context, r Reader, rows siteRows, occs []store.Occupation, site siteInfo, opt Options) ([]indexEntry, error) {
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	entries := make([]indexEntry, len(occs))
	errs := make([]error, len(occs))
	type job struct {
		i    int
		rows *siteRows
	}
	jobs := make(chan job)
	var done atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, max(len(occs), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				i := j.i
				e, err := w.occupation(j.rows.occupation(occs[i]), site)
				if err != nil {
					errs[i] = fmt.Errorf("reports: occupation %s: %w", occs[i].Code, err)
					cancel()
					continue
				}
				entries[i] = e
				if opt.Progress != nil {
					opt.Progress(int(done.Add(1)), len(occs))
				}
			}
		}()
	}
	var readErr error
feed:
	for start := 0; start < len(occs); start += postedBatch {
		end := min(start+postedBatch, len(occs))
		batch, err := rows.withPosted(ctx, r, occs[start:end])
		if err != nil {
			readErr = fmt.Errorf("reports: %w", err)
			break
		}
		for i := start; i < end; i++ {
			select {
			case jobs <- job{i, &batch}:
			case <-ctx.Done():
				break feed
			}
		}
	}
	close(jobs)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	if readErr != nil {
		return nil, readErr
	}
	return entries, ctx.Err()
}

// occupation writes one occupation's page when it has figures and returns
// its index entry.
func (w *siteWriter) occupation(d occupationData, site siteInfo) (indexEntry, error) {
	hasPage := d.hasFigures()
	if hasPage {
		if err := w.writeOccupation(d, site); err != nil {
			return indexEntry{}, err
		}
	}
	return newIndexEntry(d, hasPage), nil
}

// sortedOccupations returns a copy sorted by code, first of each code kept.
func sortedOccupations(occs []store.Occupation) []store.Occupation {
	out := append([]store.Occupation(nil), occs...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	uniq := out[:0]
	for i, o := range out {
		if i > 0 && o.Code == out[i-1].Code {
			continue
		}
		uniq = append(uniq, o)
	}
	return uniq
}

// safeCode accepts codes usable as a file name and URL path segment.
func safeCode(code string) bool {
	if code == "" || code == "." || code == ".." {
		return false
	}
	for _, r := range code {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-' || r == '_' || r == '.') {
			return false
		}
	}
	return true
}

// occupationPath is a page's path from the site root.
func occupationPath(code string) string { return "occupation/" + code + ".html" }

// siteWriter writes files below dir and counts them; pages are written
// from several goroutines.
type siteWriter struct {
	dir  string
	prev string // the published site, whose unchanged files are linked, not rewritten
	// synthetic: the postings are wagescope-gen's; every page says so
	synthetic bool
	mu        sync.Mutex // guards stats
	stats     Stats
}

// write stores data at the slash-separated path rel below the site root.
func (w *siteWriter) write(rel string, data []byte) error {
	path := filepath.Join(w.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("reports: %w", err)
	}
	reused := w.linkUnchanged(rel, path, data)
	if !reused {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return fmt.Errorf("reports: %w", err)
		}
	}
	w.mu.Lock()
	w.stats.Bytes += int64(len(data))
	if reused {
		w.stats.Reused++
	}
	w.mu.Unlock()
	return nil
}

// linkUnchanged hard-links the previous site's file to path when its bytes
// are data: an unchanged page keeps its inode and modification time, so a
// sync to a web server copies only what changed.
func (w *siteWriter) linkUnchanged(rel, path string, data []byte) bool {
	if w.prev == "" {
		return false
	}
	prev := filepath.Join(w.prev, filepath.FromSlash(rel))
	if info, err := os.Stat(prev); err != nil || info.Size() != int64(len(data)) {
		return false // most changed files differ in size: no need to read them
	}
	old, err := os.ReadFile(prev)
	if err != nil || !bytes.Equal(old, data) {
		return false
	}
	return os.Link(prev, path) == nil
}

// writePage renders a page fully in memory, then writes it.
func (w *siteWriter) writePage(rel string, tpl func() *template.Template, s shell) error {
	var buf bytes.Buffer
	s.Synthetic = w.synthetic
	if err := tpl().ExecuteTemplate(&buf, "layout", s); err != nil {
		return fmt.Errorf("reports: render %s: %w", rel, err)
	}
	if err := w.write(rel, buf.Bytes()); err != nil {
		return err
	}
	w.mu.Lock()
	w.stats.Pages++
	w.mu.Unlock()
	return nil
}

// shell is what the layout template gets; Page is the page kind's own data.
type shell struct {
	Title string
	Root  string // path from the page to the site root: "" or "../"
	Page  any
	// Synthetic puts a banner on the page: its posted figures are generated.
	Synthetic bool
}

// layoutTemplate is the page shell every page kind fills with a "content"
// template. The stylesheet and scripts are shared files under assets/;
// each chart is drawn by wagescopeChart from its inline option JSON.
const layoutTemplate = `{{define "layout"}}<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<link rel="stylesheet" href="{{.Root}}assets/wagescope.css">
<script src="{{.Root}}assets/echarts.min.js"></script>
<script src="{{.Root}}assets/wagescope.js"></script>
</head>
<body>
{{if .Synthetic}}<p class="synthetic-banner" role="alert"><strong>SYNTHETIC DATA.</strong> The posted pay on these pages comes from job postings generated by wagescope-gen, for testing and benchmarks: it is not real data and must not be cited.</p>
{{end}}{{template "content" .Page}}
</body>
</html>
{{end}}
{{define "chart"}}<div class="chart" id="{{.ID}}" style="height: {{.Height}}px" role="img" aria-label="{{.Label}}"></div>
<script>wagescopeChart({{.ID}}, {{.Option}});</script>{{end}}`

// pageTemplate parses the layout together with one page kind's content, on
// first use: parsed at program start, the three page kinds cost every
// command, `rates` too, a millisecond.
func pageTemplate(name, content string) func() *template.Template {
	return sync.OnceValue(func() *template.Template {
		t := template.Must(template.New(name).Funcs(template.FuncMap{
			// an item under "Sources:" drops the "Source: " a lone line starts with
			"sourceItem": func(line string) string { return strings.TrimPrefix(line, "Source: ") },
		}).Parse(layoutTemplate))
		template.Must(t.Parse(figureTemplates))
		return template.Must(t.Parse(content))
	})
}
