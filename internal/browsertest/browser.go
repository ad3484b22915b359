package browsertest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// Environment variables read by New.
const (
	// EnvChromium names the Chromium binary to use instead of searching for one.
	EnvChromium = "WAGESCOPE_CHROMIUM"
	// EnvScreenshotDir keeps screenshots in this directory instead of a
	// temporary one that is removed when the test ends.
	EnvScreenshotDir = "WAGESCOPE_SCREENSHOT_DIR"
)

// Defaults of a Browser and of the window every page opens in.
const (
	DefaultPageTimeout = 60 * time.Second
	DefaultSettle      = 250 * time.Millisecond
	DefaultMaxShot     = 12000 // CSS pixels
	WindowWidth        = 1280
	WindowHeight       = 900

	startTimeout = 60 * time.Second
)

// ErrNoChromium is returned by the search for a browser when none is installed.
var ErrNoChromium = errors.New("browsertest: no Chromium found (install the Debian package chromium, or set " + EnvChromium + ")")

// Browser is one headless Chromium for one test; every page opens in a new
// tab of it. Its fields may be changed before the first Open.
type Browser struct {
	// PageTimeout bounds everything done with one page, from opening it to
	// closing it.
	PageTimeout time.Duration
	// Settle is how long Open waits after the load event, for timers and
	// late errors.
	Settle time.Duration
	// ScreenshotDir is where Screenshot writes: $WAGESCOPE_SCREENSHOT_DIR, or
	// a temporary directory of the test that called New.
	ScreenshotDir string
	// MaxScreenshotHeight cuts full-page screenshots to the top this many
	// CSS pixels; 0 means no limit.
	MaxScreenshotHeight int

	ctx    context.Context // the browser's first tab: the parent of every page
	output *lockedBuffer   // the browser's stdout and stderr
	mu     sync.Mutex
	shots  int // screenshots taken, to number their files
}

// New starts a headless Chromium and stops it when the test ends. Without a
// Chromium it skips the test, or fails it when CI=true: CI must run the
// browser tests.
func New(t testing.TB) *Browser {
	t.Helper()
	exe, err := findChromium(os.Getenv, exec.LookPath)
	switch {
	case errors.Is(err, ErrNoChromium) && os.Getenv("CI") != "true":
		t.Skip(err)
	case errors.Is(err, ErrNoChromium):
		t.Fatalf("%v; CI=true, where the browser tests must run", err)
	case err != nil:
		t.Fatal(err)
	}
	dir := t.TempDir()
	shots := os.Getenv(EnvScreenshotDir)
	if shots == "" {
		shots = filepath.Join(dir, "screenshots")
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatalf("browsertest: screenshot directory: %v", err)
	}
	b, stop, err := start(exe, filepath.Join(dir, "profile"))
	if err != nil {
		t.Fatal(err)
	}
	b.ScreenshotDir = shots
	// Registered after t.TempDir, so it runs before the directory is removed.
	t.Cleanup(stop)
	return b
}

// findChromium returns the browser to run: $WAGESCOPE_CHROMIUM when set (it
// must exist), else the first of /usr/bin/chromium, chromium and
// chromium-browser on PATH.
func findChromium(getenv func(string) string, lookPath func(string) (string, error)) (string, error) {
	if p := getenv(EnvChromium); p != "" {
		found, err := lookPath(p)
		if err != nil {
			return "", fmt.Errorf("browsertest: %s=%q: %w", EnvChromium, p, err)
		}
		return found, nil
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser"} {
		if found, err := lookPath(name); err == nil {
			return found, nil
		}
	}
	return "", ErrNoChromium
}

// start runs the browser with a fresh profile and returns it with the func
// that stops it and removes the profile.
func start(exe, profile string) (*Browser, func(), error) {
	out := &lockedBuffer{}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(WindowWidth, WindowHeight),
		chromedp.CombinedOutput(out),
	}
	base, baseCancel := context.WithCancel(context.Background())
	allocCtx, allocCancel := chromedp.NewExecAllocator(base, opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel() // closes the browser and waits for it to exit
			allocCancel()
			baseCancel()
			removeAllRetry(profile, 2*time.Second)
		})
	}

	// The first action starts the browser and binds it to ctx, so it must
	// not run under a deadline; the watchdog bounds the start instead.
	watchdog := time.AfterFunc(startTimeout, baseCancel)
	err := chromedp.Do(ctx)
	if !watchdog.Stop() && err != nil {
		err = fmt.Errorf("no answer within %s: %w", startTimeout, err)
	}
	if err != nil {
		stop()
		return nil, nil, fmt.Errorf("browsertest: start %s: %w\nbrowser output:\n%s", exe, err, out.tail(2000))
	}
	return &Browser{
		PageTimeout:         DefaultPageTimeout,
		Settle:              DefaultSettle,
		MaxScreenshotHeight: DefaultMaxShot,
		ctx:                 ctx,
		output:              out,
	}, stop, nil
}

// removeAllRetry removes dir, retrying while helper processes of the browser
// may still write into it.
func removeAllRetry(dir string, limit time.Duration) {
	deadline := time.Now().Add(limit)
	for os.RemoveAll(dir) != nil && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
}

// Chart is the state of one div.chart element after the page loaded.
type Chart struct {
	ID           string   `json:"id"`
	HasInstance  bool     `json:"instance"` // echarts.getInstanceByDom(el) exists
	HasCanvas    bool     `json:"canvas"`   // el holds a <canvas> of non-zero size
	CanvasWidth  int      `json:"canvasWidth"`
	CanvasHeight int      `json:"canvasHeight"`
	Series       int      `json:"series"` // len(getOption().series)
	SeriesTypes  []string `json:"seriesTypes"`
	Points       int      `json:"points"` // the sum of the series' data lengths
}

// Result is what a page did from opening until the result was taken.
type Result struct {
	URL             string
	ConsoleErrors   []string // console.error/assert, uncaught exceptions, browser log errors
	Requests        []string // the URL of every request, in order
	NetworkRequests []string // the requests whose scheme is not file:, data:, blob:, about: or chrome-extension:
	Dialogs         []string // JavaScript dialogs, as "type: message"; all were dismissed
	Charts          []Chart  // every div.chart, in document order
	Screenshot      string   // the full-page PNG, when Check took one
}

// Problems lists, one message each, everything that is wrong on any page:
// console errors, network requests, dialogs, and charts without an ECharts
// instance, a drawn canvas or data.
func (r Result) Problems() []string {
	var ps []string
	for _, e := range r.ConsoleErrors {
		ps = append(ps, "console error: "+e)
	}
	for _, u := range r.NetworkRequests {
		ps = append(ps, "network request: "+u)
	}
	for _, d := range r.Dialogs {
		ps = append(ps, "JavaScript dialog: "+d)
	}
	for _, c := range r.Charts {
		switch {
		case !c.HasInstance:
			ps = append(ps, fmt.Sprintf("chart %q: no ECharts instance", c.ID))
		case !c.HasCanvas:
			ps = append(ps, fmt.Sprintf("chart %q: no drawn canvas (%dx%d)", c.ID, c.CanvasWidth, c.CanvasHeight))
		case c.Points == 0:
			ps = append(ps, fmt.Sprintf("chart %q: no data points in %d series", c.ID, c.Series))
		}
	}
	return ps
}

// Chart returns the chart with the given element id.
func (r Result) Chart(id string) (Chart, bool) {
	for _, c := range r.Charts {
		if c.ID == id {
			return c, true
		}
	}
	return Chart{}, false
}

// Page is one loaded page in its own tab.
type Page struct {
	URL string

	b      *Browser
	ctx    context.Context // the tab, with the page's deadline
	close  func()
	events chan struct{} // one per dialog to dismiss

	mu            sync.Mutex
	consoleErrors []string
	requests      []string
	dialogs       []string
}

// Check opens the page, takes its result and a full-page screenshot, and
// closes it.
func (b *Browser) Check(t testing.TB, target string) Result {
	t.Helper()
	p := b.Open(t, target)
	defer p.Close()
	r := p.Result(t)
	r.Screenshot = p.Screenshot(t, "")
	return r
}

// Open loads a page, given as a file path or a file:// URL, in a new tab,
// waits for the load event and the settle time, and closes the tab when the
// test ends. A missing file fails the test.
func (b *Browser) Open(t testing.TB, target string) *Page {
	t.Helper()
	p, err := b.open(target)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	return p
}

func (b *Browser) open(target string) (*Page, error) {
	u, err := fileURL(target)
	if err != nil {
		return nil, err
	}
	pctx, pcancel := context.WithTimeout(b.ctx, b.PageTimeout)
	tctx, tcancel := chromedp.NewContext(pctx)
	var once sync.Once
	p := &Page{
		URL:    u,
		b:      b,
		ctx:    tctx,
		close:  func() { once.Do(func() { tcancel(); pcancel() }) },
		events: make(chan struct{}, 64),
	}
	// Listen before navigating, so nothing the page does is missed.
	if err := chromedp.Listen(tctx, p.record); err != nil {
		p.Close()
		return nil, fmt.Errorf("browsertest: open tab for %s: %w", u, err)
	}
	go p.dismissDialogs()
	if err := chromedp.Do(tctx, chromedp.Navigate(u), chromedp.Sleep(b.Settle)); err != nil {
		p.Close()
		return nil, fmt.Errorf("browsertest: load %s: %w\nbrowser output (tail):\n%s", u, err, b.output.tail(1000))
	}
	return p, nil
}

// fileURL turns a path into a file:// URL; a file:// URL is kept. The file
// must exist.
func fileURL(target string) (string, error) {
	if strings.HasPrefix(target, "file://") {
		u, err := url.Parse(target)
		if err != nil {
			return "", fmt.Errorf("browsertest: page URL %q: %w", target, err)
		}
		if _, err := os.Stat(u.Path); err != nil {
			return "", fmt.Errorf("browsertest: page %s: %w", target, err)
		}
		return target, nil
	}
	abs, err := filepath.Abs(target)
	if err != nil {
		return "", fmt.Errorf("browsertest: page %s: %w", target, err)
	}
	if _, err := os.Stat(abs); err != nil {
		return "", fmt.Errorf("browsertest: page %s: %w", target, err)
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String(), nil
}

// Close closes the tab. It is safe to call more than once.
func (p *Page) Close() { p.close() }

// record runs in the tab's event loop, in the order Chrome sent the events:
// it must return fast and send no command.
func (p *Page) record(ev any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			p.consoleErrors = append(p.consoleErrors, "console."+string(ev.Type)+": "+argsText(ev.Args)+stackPlace(ev.StackTrace))
		}
	case *runtime.EventExceptionThrown:
		p.consoleErrors = append(p.consoleErrors, "exception: "+exceptionText(ev.ExceptionDetails))
	case *log.EventEntryAdded:
		if ev.Entry != nil && ev.Entry.Level == log.EntryLevelError {
			msg := "log (" + string(ev.Entry.Source) + "): " + ev.Entry.Text
			if ev.Entry.URL != "" {
				msg += " (" + ev.Entry.URL + ")"
			}
			p.consoleErrors = append(p.consoleErrors, msg)
		}
	case *network.EventRequestWillBeSent:
		if ev.Request != nil {
			p.requests = append(p.requests, ev.Request.URL)
		}
	case *page.EventJavascriptDialogOpening:
		p.dialogs = append(p.dialogs, string(ev.Type)+": "+ev.Message)
		select {
		case p.events <- struct{}{}:
		default: // 64 dialogs waiting: the page is broken anyway
		}
	}
}

// dismissDialogs dismisses each dialog the page opens, so loading goes on.
func (p *Page) dismissDialogs() {
	for {
		select {
		case <-p.ctx.Done():
			return
		case <-p.events:
			_, err := chromedp.Call(p.ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
			if err != nil && p.ctx.Err() == nil {
				p.mu.Lock()
				p.dialogs = append(p.dialogs, "(dismiss failed: "+err.Error()+")")
				p.mu.Unlock()
			}
		}
	}
}

// chartsJS reports every div.chart as a Chart.
const chartsJS = `Array.from(document.querySelectorAll("div.chart")).map(function (el) {
  var inst = typeof echarts !== "undefined" && echarts.getInstanceByDom ? echarts.getInstanceByDom(el) : undefined;
  var canvas = el.querySelector("canvas");
  var r = {id: el.id, instance: !!inst, canvas: false, canvasWidth: 0, canvasHeight: 0, series: 0, seriesTypes: [], points: 0};
  if (canvas) {
    r.canvasWidth = canvas.width; r.canvasHeight = canvas.height;
    r.canvas = canvas.width > 0 && canvas.height > 0;
  }
  if (inst) {
    var series = (inst.getOption() || {}).series || [];
    r.series = series.length;
    series.forEach(function (s) {
      r.seriesTypes.push(String(s.type));
      r.points += Array.isArray(s.data) ? s.data.length : 0;
    });
  }
  return r;
})`

// Charts returns the state of every div.chart on the page.
func (p *Page) Charts(t testing.TB) []Chart {
	t.Helper()
	return Eval[[]Chart](t, p, chartsJS)
}

// Result returns what the page did so far and the state of its charts.
func (p *Page) Result(t testing.TB) Result {
	t.Helper()
	charts := p.Charts(t) // after this command, every earlier event is recorded
	p.mu.Lock()
	defer p.mu.Unlock()
	r := Result{
		URL:           p.URL,
		ConsoleErrors: append([]string(nil), p.consoleErrors...),
		Requests:      append([]string(nil), p.requests...),
		Dialogs:       append([]string(nil), p.dialogs...),
		Charts:        charts,
	}
	for _, u := range r.Requests {
		if IsNetworkURL(u) {
			r.NetworkRequests = append(r.NetworkRequests, u)
		}
	}
	return r
}

// IsNetworkURL reports whether a request to u leaves the machine's files:
// any scheme but file:, data:, blob:, about: and chrome-extension:, and any
// URL that does not parse.
func IsNetworkURL(u string) bool {
	parsed, err := url.Parse(u)
	if err != nil {
		return true
	}
	switch strings.ToLower(parsed.Scheme) {
	case "file", "data", "blob", "about", "chrome-extension":
		return false
	}
	return true
}

// Eval evaluates a JavaScript expression in the page and decodes its JSON
// value into T.
func Eval[T any](t testing.TB, p *Page, expr string) T {
	t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("browsertest: %s: evaluate %s: %v", p.URL, shorten(expr), err)
	}
	return v
}

// SendKeys types text into the first element that matches the CSS
// selector, as key events, so input listeners run.
func (p *Page) SendKeys(t testing.TB, selector, text string) {
	t.Helper()
	if err := p.sendKeys(selector, text); err != nil {
		t.Fatal(err)
	}
}

func (p *Page) sendKeys(selector, text string) error {
	if err := p.exists(selector); err != nil {
		return err
	}
	if err := chromedp.Do(p.ctx, chromedp.SendKeys(chromedp.CSS(selector), text)); err != nil {
		return fmt.Errorf("browsertest: %s: type %q into %s: %w", p.URL, text, selector, err)
	}
	return nil
}

// ClearInput empties a text input as a person does: focus, select all,
// Backspace. Input listeners run.
func (p *Page) ClearInput(t testing.TB, selector string) {
	t.Helper()
	if err := p.clearInput(selector); err != nil {
		t.Fatal(err)
	}
}

func (p *Page) clearInput(selector string) error {
	if err := p.exists(selector); err != nil {
		return err
	}
	sel, err := json.Marshal(selector)
	if err != nil {
		return fmt.Errorf("browsertest: selector %q: %w", selector, err)
	}
	selectAll := fmt.Sprintf(`(function () { var el = document.querySelector(%s); el.focus(); el.select(); })()`, sel)
	if err := chromedp.Do(p.ctx, chromedp.Evaluate[chromedp.Void](selectAll), chromedp.KeyEvent(kb.Backspace)); err != nil {
		return fmt.Errorf("browsertest: %s: clear %s: %w", p.URL, selector, err)
	}
	return nil
}

// exists fails at once when nothing matches the selector; chromedp's own
// queries would wait for the element until the page's deadline.
func (p *Page) exists(selector string) error {
	sel, err := json.Marshal(selector)
	if err != nil {
		return fmt.Errorf("browsertest: selector %q: %w", selector, err)
	}
	found, err := chromedp.Run(p.ctx, chromedp.Evaluate[bool](fmt.Sprintf(`document.querySelector(%s) !== null`, sel)))
	if err != nil {
		return fmt.Errorf("browsertest: %s: query %s: %w", p.URL, selector, err)
	}
	if !found {
		return fmt.Errorf("browsertest: %s: no element matches %s", p.URL, selector)
	}
	return nil
}

// Screenshot saves a full-page PNG (down to MaxScreenshotHeight) in the
// browser's ScreenshotDir, logs its path and returns it. The file is named after the test, a running number and name,
// which defaults to the page's directory and file name.
func (p *Page) Screenshot(t testing.TB, name string) string {
	t.Helper()
	test, _, _ := strings.Cut(t.Name(), "/")
	file, shot, err := p.screenshot(test, name)
	if err != nil {
		t.Fatal(err)
	}
	if shot.clipped {
		t.Logf("screenshot of %s: %s (the top %.0f px of %.0f)", p.URL, file, shot.height, shot.pageHeight)
	} else {
		t.Logf("screenshot of %s: %s", p.URL, file)
	}
	return file
}

func (p *Page) screenshot(test, name string) (string, capture, error) {
	shot, err := chromedp.Run(p.ctx, fullScreenshot(p.b.MaxScreenshotHeight))
	if err != nil {
		return "", shot, fmt.Errorf("browsertest: %s: screenshot: %w", p.URL, err)
	}
	if name == "" {
		name = screenshotName(p.URL)
	}
	p.b.mu.Lock()
	p.b.shots++
	n := p.b.shots
	p.b.mu.Unlock()
	file := filepath.Join(p.b.ScreenshotDir, fmt.Sprintf("%s-%02d-%s.png", safeName(test), n, safeName(strings.TrimSuffix(name, ".png"))))
	if err := os.WriteFile(file, shot.png, 0o644); err != nil {
		return "", shot, fmt.Errorf("browsertest: %s: save screenshot: %w", p.URL, err)
	}
	return file, shot, nil
}

// capture is a screenshot and the part of the page it shows.
type capture struct {
	png                []byte
	height, pageHeight float64 // CSS pixels
	clipped            bool
}

// fullScreenshot captures the whole page beyond the viewport as PNG, down
// to maxHeight CSS pixels (0: no limit): a long table makes a page tens of
// thousands of pixels high, which takes seconds to encode and tells nothing
// more.
func fullScreenshot(maxHeight int) chromedp.Action[capture] {
	return func(ctx context.Context, t *chromedp.Target) (capture, error) {
		m, err := cdp.Call(ctx, t, page.GetLayoutMetrics, cdp.Empty{})
		if err != nil {
			return capture{}, fmt.Errorf("layout metrics: %w", err)
		}
		if m.CSSContentSize == nil {
			return capture{}, errors.New("layout metrics: no content size")
		}
		c := capture{height: m.CSSContentSize.Height, pageHeight: m.CSSContentSize.Height}
		if maxHeight > 0 && c.height > float64(maxHeight) {
			c.height, c.clipped = float64(maxHeight), true
		}
		yes := true
		r, err := cdp.Call(ctx, t, page.CaptureScreenshot, page.CaptureScreenshotParams{
			Format:                page.CaptureScreenshotFormatPng,
			Clip:                  &page.Viewport{Width: m.CSSContentSize.Width, Height: c.height, Scale: 1},
			CaptureBeyondViewport: &yes,
			FromSurface:           &yes,
		})
		if err != nil {
			return capture{}, fmt.Errorf("capture: %w", err)
		}
		c.png = r.Data
		return c, nil
	}
}

// screenshotName is "occupation-29-2010" for .../occupation/29-2010.html.
func screenshotName(pageURL string) string {
	u, err := url.Parse(pageURL)
	if err != nil || u.Path == "" {
		return "page"
	}
	dir, file := path.Split(strings.TrimSuffix(u.Path, "/"))
	return safeName(path.Base(dir) + "-" + strings.TrimSuffix(file, path.Ext(file)))
}

// safeName keeps letters, digits, '-', '_' and '.', and makes the rest '_'.
func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' {
			return r
		}
		return '_'
	}, s)
}

// argsText is the console call's arguments as the console shows strings
// and numbers, joined by spaces.
func argsText(args []*runtime.RemoteObject) string {
	parts := make([]string, 0, len(args))
	for _, a := range args {
		parts = append(parts, remoteText(a))
	}
	return strings.Join(parts, " ")
}

func remoteText(o *runtime.RemoteObject) string {
	switch {
	case o == nil:
		return ""
	case len(o.Value) > 0:
		var s string
		if json.Unmarshal(o.Value, &s) == nil {
			return s
		}
		return string(o.Value)
	case o.UnserializableValue != "":
		return string(o.UnserializableValue)
	case o.Description != "":
		return o.Description
	}
	return string(o.Type)
}

// exceptionText is "Uncaught Error: message (url:line)".
func exceptionText(d *runtime.ExceptionDetails) string {
	if d == nil {
		return "(no details)"
	}
	msg := d.Text
	if d.Exception != nil && d.Exception.Description != "" {
		first, _, _ := strings.Cut(d.Exception.Description, "\n")
		msg += " " + first
	}
	if d.URL != "" {
		msg += fmt.Sprintf(" (%s:%d)", d.URL, d.LineNumber+1)
	} else {
		msg += stackPlace(d.StackTrace)
	}
	return msg
}

// stackPlace is " (url:line)" of the top frame, or "".
func stackPlace(s *runtime.StackTrace) string {
	if s == nil || len(s.CallFrames) == 0 || s.CallFrames[0] == nil {
		return ""
	}
	f := s.CallFrames[0]
	return fmt.Sprintf(" (%s:%d)", f.URL, f.LineNumber+1)
}

func shorten(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 80 {
		return s[:77] + "..."
	}
	return s
}

// lockedBuffer collects the browser's output for error messages.
type lockedBuffer struct {
	mu  sync.Mutex
	buf []byte
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	return len(p), nil
}

// tail is the last n bytes written.
func (b *lockedBuffer) tail(n int) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.buf) > n {
		return string(b.buf[len(b.buf)-n:])
	}
	return string(b.buf)
}
