package reports

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"sort"

	"github.com/wagescope/wagescope/pipeline/store"
)

// Reader is what the reports need from the published database (implemented by *store.DB).
type Reader interface {
	Occupations(ctx context.Context) ([]store.Occupation, error) // sorted by code
	WageStats(ctx context.Context, f store.WageFilter) ([]store.WageStat, error)
	Outlooks(ctx context.Context, occupationCode string) ([]store.Outlook, error) // newest cycle first
	SourceFiles(ctx context.Context) ([]store.SourceFile, error)
}

// Options are the run's own metadata, shown only in the index's metadata block.
type Options struct {
	GeneratedAt string // the run's timestamp, as the caller wants it printed
	RunID       int64
}

// Stats counts what Build wrote: HTML pages, and bytes of all files including assets.
type Stats struct {
	Pages int
	Bytes int64
}

// Build writes the report site into outDir, a fresh directory: index.html,
// occupation/<code>.html for every occupation with wage or outlook figures,
// and assets/echarts.min.js. Same inputs give byte-identical files.
func Build(ctx context.Context, r Reader, outDir string, opt Options) (Stats, error) {
	if r == nil {
		return Stats{}, errors.New("reports: nil Reader")
	}
	if outDir == "" {
		return Stats{}, errors.New("reports: empty output directory")
	}
	w := &siteWriter{dir: outDir}

	occs, err := r.Occupations(ctx)
	if err != nil {
		return w.stats, fmt.Errorf("reports: read occupations: %w", err)
	}
	sources, err := r.SourceFiles(ctx)
	if err != nil {
		return w.stats, fmt.Errorf("reports: read source files: %w", err)
	}

	entries := make([]indexEntry, 0, len(occs))
	for _, o := range sortedOccupations(occs) {
		if err := ctx.Err(); err != nil {
			return w.stats, err
		}
		if !safeCode(o.Code) {
			return w.stats, fmt.Errorf("reports: occupation code %q cannot be used as a file name", o.Code)
		}
		d, err := loadOccupation(ctx, r, o)
		if err != nil {
			return w.stats, fmt.Errorf("reports: occupation %s: %w", o.Code, err)
		}
		hasPage := d.hasFigures()
		if hasPage {
			if err := w.writeOccupation(d); err != nil {
				return w.stats, fmt.Errorf("reports: occupation %s: %w", o.Code, err)
			}
		}
		entries = append(entries, newIndexEntry(d, hasPage))
	}
	if err := w.writeIndex(opt, sources, entries); err != nil {
		return w.stats, err
	}
	if err := w.writeAssets(); err != nil {
		return w.stats, err
	}
	return w.stats, nil
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

// siteWriter writes files below dir and counts them.
type siteWriter struct {
	dir   string
	stats Stats
}

// write stores data at the slash-separated path rel below the site root.
func (w *siteWriter) write(rel string, data []byte) error {
	path := filepath.Join(w.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("reports: %w", err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("reports: %w", err)
	}
	w.stats.Bytes += int64(len(data))
	return nil
}

// writePage renders a page fully in memory, then writes it.
func (w *siteWriter) writePage(rel string, tpl *template.Template, s shell) error {
	var buf bytes.Buffer
	if err := tpl.ExecuteTemplate(&buf, "layout", s); err != nil {
		return fmt.Errorf("reports: render %s: %w", rel, err)
	}
	if err := w.write(rel, buf.Bytes()); err != nil {
		return err
	}
	w.stats.Pages++
	return nil
}

// shell is what the layout template gets; Page is the page kind's own data.
type shell struct {
	Title string
	Root  string // path from the page to the site root: "" or "../"
	Page  any
}

// layoutTemplate is the page shell every page kind fills with a "content"
// template. wagescopeChart draws one chart from its option JSON.
const layoutTemplate = `{{define "layout"}}<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1f24; margin: 0 auto; max-width: 1200px; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.6rem; margin: .5rem 0 1rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .6rem; border-bottom: 1px solid #d0d7de; padding-bottom: .2rem; }
table { border-collapse: collapse; font-size: .9rem; }
th, td { padding: .25rem .6rem; border-bottom: 1px solid #e4e8ec; text-align: left; vertical-align: top; }
th { background: #f4f6f8; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dl.meta dt { font-weight: 600; }
dl.meta dd { margin: 0; }
.pair { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; }
.pair .chart { flex: 1 1 520px; min-width: 320px; }
.pair table { flex: 0 1 auto; }
.chart { width: 100%; }
.note, .muted { color: #57606a; font-size: .88rem; }
.note.warn { color: #7d4e00; background: #fff8c5; padding: .3rem .6rem; border-radius: 4px; }
.sources { font-size: .85rem; color: #57606a; }
.sources ul { padding-left: 1.2rem; margin: .3rem 0; }
.citation { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .82rem; background: #f4f6f8; padding: .4rem .6rem; border-radius: 4px; user-select: all; }
.outlook { margin-bottom: 1.5rem; }
nav { font-size: .9rem; margin-bottom: .5rem; }
a { color: #0a58ca; }
</style>
<script src="{{.Root}}assets/echarts.min.js"></script>
<script>
"use strict";
function wagescopeChart(id, option) {
  var el = document.getElementById(id);
  if (!el || typeof echarts === "undefined") { return; }
  var usd = function (v) {
    return typeof v === "number" ? "$" + Math.round(v).toLocaleString("en-US") : "\u2014";
  };
  if (option.tooltip) { option.tooltip.valueFormatter = usd; }
  var chart = echarts.init(el, null, { renderer: "canvas" });
  chart.setOption(option);
  window.addEventListener("resize", function () { chart.resize(); });
}
</script>
</head>
<body>
{{template "content" .Page}}
</body>
</html>
{{end}}
{{define "chart"}}<div class="chart" id="{{.ID}}" style="height: {{.Height}}px" role="img" aria-label="{{.Label}}"></div>
<script>wagescopeChart({{.ID}}, {{.Option}});</script>{{end}}`

// pageTemplate parses the layout together with one page kind's content.
func pageTemplate(name, content string) *template.Template {
	t := template.Must(template.New(name).Parse(layoutTemplate))
	return template.Must(t.Parse(content))
}
