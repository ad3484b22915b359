package browsertest

import (
	"bytes"
	"errors"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// stubECharts stands in for echarts.min.js: draw(id, data) puts a canvas in
// the element and registers an instance whose option has two series.
const stubECharts = `<script>
var echarts = { m: new Map(), getInstanceByDom: function (el) { return this.m.get(el); } };
function draw(id, data, canvas) {
  var el = document.getElementById(id);
  if (canvas) { var c = document.createElement("canvas"); c.width = 200; c.height = 100; el.appendChild(c); }
  echarts.m.set(el, { getOption: function () { return { series: [{ type: "line", data: data }, { type: "bar", data: data.slice(0, 1) }] }; } });
}
</script>`

const cleanPage = `<!doctype html><html><head><meta charset="utf-8"><title>clean</title>` + stubECharts + `</head><body>
<div class="chart" id="chart_a"></div><script>draw("chart_a", [1, 2, 3], true);</script>
<img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" alt="">
<input id="q"><p id="echo"></p>
<script>document.getElementById("q").addEventListener("input", function (e) { document.getElementById("echo").textContent = e.target.value; });</script>
</body></html>`

const brokenPage = `<!doctype html><html><head><meta charset="utf-8"><title>broken</title>` + stubECharts + `
<script src="missing.js"></script></head><body>
<div class="chart" id="no_instance"></div>
<div class="chart" id="no_canvas"></div><script>draw("no_canvas", [1], false);</script>
<div class="chart" id="no_data"></div><script>draw("no_data", [], true);</script>
<img src="http://127.0.0.1:9/pixel.png" alt="">
<script>console.error("boom", 42); console.assert(1 === 2, "nope"); alert("hi");</script>
<script>throw new Error("bang");</script>
</body></html>`

func writePage(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestBrowserCheck(t *testing.T) {
	b := New(t)
	dir := t.TempDir()
	clean := writePage(t, dir, "clean.html", cleanPage)
	broken := writePage(t, dir, "broken.html", brokenPage)

	tests := []struct {
		name            string
		page            string
		consoleErrors   []string // substrings, one per expected error
		networkRequests []string
		dialogs         []string
		charts          []Chart
		problems        int
	}{
		{
			name:   "clean page",
			page:   clean,
			charts: []Chart{{ID: "chart_a", HasInstance: true, HasCanvas: true, CanvasWidth: 200, CanvasHeight: 100, Series: 2, SeriesTypes: []string{"line", "bar"}, Points: 4}},
		},
		{
			name:            "every kind of problem",
			page:            broken,
			consoleErrors:   []string{"missing.js", "console.error: boom 42", "console.assert: nope", "Error: bang", "127.0.0.1:9/pixel.png"},
			networkRequests: []string{"http://127.0.0.1:9/pixel.png"},
			dialogs:         []string{"alert: hi"},
			charts: []Chart{
				{ID: "no_instance", SeriesTypes: []string{}},
				{ID: "no_canvas", HasInstance: true, Series: 2, SeriesTypes: []string{"line", "bar"}, Points: 2},
				{ID: "no_data", HasInstance: true, HasCanvas: true, CanvasWidth: 200, CanvasHeight: 100, Series: 2, SeriesTypes: []string{"line", "bar"}},
			},
			problems: 5 + 1 + 1 + 3, // console errors, the request, the dialog, three charts
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := b.Check(t, tc.page)
			for _, want := range tc.consoleErrors {
				if !slices.ContainsFunc(r.ConsoleErrors, func(e string) bool { return strings.Contains(e, want) }) {
					t.Errorf("console errors %q lack %q", r.ConsoleErrors, want)
				}
			}
			if len(r.ConsoleErrors) != len(tc.consoleErrors) {
				t.Errorf("console errors = %q, want %d", r.ConsoleErrors, len(tc.consoleErrors))
			}
			if !slices.Equal(r.NetworkRequests, tc.networkRequests) {
				t.Errorf("network requests = %q, want %q (all: %q)", r.NetworkRequests, tc.networkRequests, r.Requests)
			}
			if !slices.Contains(r.Requests, r.URL) {
				t.Errorf("requests %q lack the page itself %s", r.Requests, r.URL)
			}
			if !slices.Equal(r.Dialogs, tc.dialogs) {
				t.Errorf("dialogs = %q, want %q", r.Dialogs, tc.dialogs)
			}
			if !slices.EqualFunc(r.Charts, tc.charts, func(a, b Chart) bool {
				return a.ID == b.ID && a.HasInstance == b.HasInstance && a.HasCanvas == b.HasCanvas &&
					a.CanvasWidth == b.CanvasWidth && a.CanvasHeight == b.CanvasHeight &&
					a.Series == b.Series && slices.Equal(a.SeriesTypes, b.SeriesTypes) && a.Points == b.Points
			}) {
				t.Errorf("charts = %+v\nwant %+v", r.Charts, tc.charts)
			}
			if ps := r.Problems(); len(ps) != tc.problems {
				t.Errorf("%d problems, want %d: %q", len(ps), tc.problems, ps)
			}
			assertPNG(t, r.Screenshot)
		})
	}
}

func assertPNG(t *testing.T, file string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("screenshot %s is no PNG: %v", file, err)
	}
	if cfg.Width != WindowWidth || cfg.Height < 100 {
		t.Errorf("screenshot %s is %dx%d, want %d wide", file, cfg.Width, cfg.Height, WindowWidth)
	}
}

func TestBrowserTyping(t *testing.T) {
	b := New(t)
	p := b.Open(t, writePage(t, t.TempDir(), "clean.html", cleanPage))
	steps := []struct {
		name string
		do   func()
		want string
	}{
		{"type", func() { p.SendKeys(t, "#q", "Lab tech") }, "Lab tech"},
		{"type more", func() { p.SendKeys(t, "#q", "s") }, "Lab techs"},
		{"clear", func() { p.ClearInput(t, "#q") }, ""},
	}
	for _, s := range steps {
		s.do()
		if got := Eval[string](t, p, `document.getElementById("echo").textContent`); got != s.want {
			t.Errorf("%s: the input listener saw %q, want %q", s.name, got, s.want)
		}
	}
	if err := p.sendKeys("#absent", "x"); err == nil || !strings.Contains(err.Error(), "no element matches #absent") {
		t.Errorf("typing into a missing element: err = %v", err)
	}
	if err := p.clearInput("#absent"); err == nil || !strings.Contains(err.Error(), "no element matches #absent") {
		t.Errorf("clearing a missing element: err = %v", err)
	}
	if r := p.Result(t); len(r.Problems()) != 0 {
		t.Errorf("problems after typing: %q", r.Problems())
	}
}

func TestIsNetworkURL(t *testing.T) {
	tests := []struct {
		url  string
		want bool
	}{
		{"file:///tmp/site/index.html", false},
		{"FILE:///tmp/site/index.html", false},
		{"data:image/png;base64,AAAA", false},
		{"blob:file:///0b6c-42", false},
		{"about:blank", false},
		{"chrome-extension://abc/x.js", false},
		{"https://cdn.example.com/echarts.min.js", true},
		{"http://127.0.0.1:9/x.png", true},
		{"ws://localhost/socket", true},
		{"//cdn.example.com/x.js", true},
		{"%zz", true},
	}
	for _, tc := range tests {
		if got := IsNetworkURL(tc.url); got != tc.want {
			t.Errorf("IsNetworkURL(%q) = %v, want %v", tc.url, got, tc.want)
		}
	}
}

func TestFileURL(t *testing.T) {
	dir := t.TempDir()
	spaced := filepath.Join(dir, "a b")
	if err := os.Mkdir(spaced, 0o755); err != nil {
		t.Fatal(err)
	}
	page := writePage(t, spaced, "index.html", "<p>x</p>")
	tests := []struct {
		name    string
		target  string
		want    string
		wantErr error
	}{
		{"path", page, "file://" + filepath.ToSlash(dir) + "/a%20b/index.html", nil},
		{"file URL kept", "file://" + page, "file://" + page, nil},
		{"missing path", filepath.Join(dir, "nope.html"), "", fs.ErrNotExist},
		{"missing file URL", "file://" + filepath.Join(dir, "nope.html"), "", fs.ErrNotExist},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := fileURL(tc.target)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestFindChromium(t *testing.T) {
	installed := func(names ...string) func(string) (string, error) {
		return func(name string) (string, error) {
			if slices.Contains(names, name) {
				return "/found/" + filepath.Base(name), nil
			}
			return "", fs.ErrNotExist
		}
	}
	tests := []struct {
		name    string
		env     string
		look    func(string) (string, error)
		want    string
		wantErr error
	}{
		{"Debian path first", "", installed("/usr/bin/chromium", "chromium"), "/found/chromium", nil},
		{"chromium-browser on PATH", "", installed("chromium-browser"), "/found/chromium-browser", nil},
		{"override wins", "/opt/chrome/chrome", installed("/opt/chrome/chrome", "/usr/bin/chromium"), "/found/chrome", nil},
		{"override missing is an error, not a fallback", "/opt/none", installed("/usr/bin/chromium"), "", fs.ErrNotExist},
		{"none installed", "", installed(), "", ErrNoChromium},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			getenv := func(k string) string {
				if k == EnvChromium {
					return tc.env
				}
				return ""
			}
			got, err := findChromium(getenv, tc.look)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestScreenshotName(t *testing.T) {
	tests := []struct{ url, want string }{
		{"file:///tmp/site/occupation/29-2010.html", "occupation-29-2010"},
		{"file:///tmp/site/index.html", "site-index"},
		{"file:///tmp/a%20b/x%3Cy%3E.html", "a_b-x_y_"},
	}
	for _, tc := range tests {
		if got := screenshotName(tc.url); got != tc.want {
			t.Errorf("screenshotName(%q) = %q, want %q", tc.url, got, tc.want)
		}
	}
}
