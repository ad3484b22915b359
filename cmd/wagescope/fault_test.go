package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"text/tabwriter"
	"time"

	"github.com/wagescope/wagescope/pipeline"
)

// The tests in this file run the real wagescope binary as a separate
// process and kill or signal it the way cron, systemd or an operator would.
// They assert only what a user sees: exit codes, messages, the published
// database's answers and the published site's files.

// procTimeout bounds one wagescope process; a sample run takes seconds.
const procTimeout = 2 * time.Minute

// procBinary is the wagescope binary, built once per test binary.
var procBinary struct {
	once sync.Once
	path string
	err  error
}

// wagescopeBinary builds the command in this directory with the project's
// build tags and returns the binary's path. Binaries live in one directory
// per checkout, named by the test process's PID; those of processes that
// have ended are removed at the next build.
func wagescopeBinary(t *testing.T) string {
	t.Helper()
	procBinary.once.Do(func() {
		procBinary.path, procBinary.err = buildWagescope()
	})
	if procBinary.err != nil {
		t.Fatalf("build wagescope: %v", procBinary.err)
	}
	return procBinary.path
}

func buildWagescope() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		return "", fmt.Errorf("the go command is needed to build the binary: %w", err)
	}
	key := sha256.Sum256([]byte(wd))
	dir := filepath.Join(os.TempDir(), "wagescope-fault-test-"+hex.EncodeToString(key[:6]))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	old, _ := filepath.Glob(filepath.Join(dir, "wagescope.*"))
	for _, p := range old {
		pid, err := strconv.Atoi(strings.TrimPrefix(filepath.Ext(p), "."))
		if err == nil && pid != os.Getpid() && syscall.Kill(pid, 0) == syscall.ESRCH {
			os.Remove(p)
		}
	}
	bin := filepath.Join(dir, fmt.Sprintf("wagescope.%d", os.Getpid()))
	build := exec.Command(goTool, "build", "-tags", "duckdb_arrow", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		return "", fmt.Errorf("%v\n%s", err, out)
	}
	return bin, nil
}

// procLine is one line wagescope wrote to standard error.
type procLine struct {
	raw   string
	msg   string // "msg" of a JSON log line
	stage string
}

// proc is one running wagescope process in its own process group, with its
// standard error read line by line.
type proc struct {
	cmd    *exec.Cmd
	start  time.Time
	lines  chan procLine // closed when standard error ends
	mu     sync.Mutex
	stderr strings.Builder
	stdout bytes.Buffer
	waited bool
	state  *os.ProcessState
}

// startProc starts wagescope in dir with args; env adds to a copy of the
// test's environment without WAGESCOPE_* and SOURCE_DATE_EPOCH. The process
// group is killed when the test ends, whatever happened.
func startProc(t *testing.T, dir string, env []string, args ...string) *proc {
	t.Helper()
	cmd := exec.Command(wagescopeBinary(t), args...)
	cmd.Dir = dir
	cmd.Env = append(procEnv(), env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	p := &proc{cmd: cmd, lines: make(chan procLine, 1<<16)}
	cmd.Stdout = &p.stdout
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start wagescope: %v", err)
	}
	p.start = time.Now()
	t.Cleanup(func() {
		if !p.waited {
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			p.wait(t)
		}
	})
	go p.read(pipe)
	return p
}

func procEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "WAGESCOPE_") || strings.HasPrefix(kv, "SOURCE_DATE_EPOCH=") {
			continue
		}
		env = append(env, kv)
	}
	return env
}

func (p *proc) read(r io.Reader) {
	defer close(p.lines)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for sc.Scan() {
		l := procLine{raw: sc.Text()}
		var entry struct {
			Msg   string `json:"msg"`
			Stage string `json:"stage"`
		}
		if json.Unmarshal(sc.Bytes(), &entry) == nil {
			l.msg, l.stage = entry.Msg, entry.Stage
		}
		p.mu.Lock()
		p.stderr.WriteString(l.raw + "\n")
		p.mu.Unlock()
		p.lines <- l
	}
	_, _ = io.Copy(io.Discard, r) // a line over the limit: keep the pipe flowing
}

// pid is the process's id, also its process group's.
func (p *proc) pid() int { return p.cmd.Process.Pid }

// waitFor reads the log until match accepts a line (or, with after > 0,
// until that much time has passed since the start). It reports whether the
// moment came and when; false means the process ended first.
func (p *proc) waitFor(t *testing.T, after time.Duration, match func(procLine) bool) (bool, time.Duration) {
	t.Helper()
	var timer <-chan time.Time
	if after > 0 {
		timer = time.After(after - time.Since(p.start))
	}
	deadline := time.After(procTimeout)
	for {
		select {
		case l, ok := <-p.lines:
			if !ok {
				return false, 0
			}
			if match != nil && match(l) {
				return true, time.Since(p.start)
			}
		case <-timer:
			return true, time.Since(p.start)
		case <-deadline:
			t.Fatalf("wagescope %s: no end after %s\n%s", strings.Join(p.cmd.Args[1:], " "), procTimeout, p.stderrText())
		}
	}
}

// signal sends sig to the process alone or, with group, to its group.
func (p *proc) signal(t *testing.T, sig syscall.Signal, group bool) {
	t.Helper()
	pid := p.pid()
	if group {
		pid = -pid
	}
	if err := syscall.Kill(pid, sig); err != nil {
		t.Fatalf("send %v to %d: %v", sig, pid, err)
	}
}

// wait reads standard error to its end and waits for the process; it
// returns the exit code, or -1 when a signal ended the process.
func (p *proc) wait(t *testing.T) int {
	t.Helper()
	deadline := time.After(procTimeout)
	for open := true; open; {
		select {
		case _, open = <-p.lines:
		case <-deadline:
			_ = syscall.Kill(-p.pid(), syscall.SIGKILL)
			deadline = nil
			t.Errorf("wagescope %s: no end after %s; killed", strings.Join(p.cmd.Args[1:], " "), procTimeout)
		}
	}
	err := p.cmd.Wait()
	p.waited = true
	p.state = p.cmd.ProcessState
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("wait for wagescope: %v", err)
	}
	return p.state.ExitCode()
}

// killedBy reports whether sig ended the process (it did not exit itself).
func (p *proc) killedBy(sig syscall.Signal) bool {
	ws, ok := p.state.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && ws.Signal() == sig
}

func (p *proc) stderrText() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stderr.String()
}

// sawMsg reports whether the process logged a line with this message.
func (p *proc) sawMsg(msg string) bool {
	return strings.Contains(p.stderrText(), `"msg":"`+msg+`"`)
}

// tail is the end of a long text, for failure messages.
func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

// sampleDir is a temporary directory with the shipped sample config's
// database and site redirected into it.
type sampleDir struct {
	dir, db, site string
	base          []string // --config … --db … --out …
}

func newSampleDir(t *testing.T) sampleDir {
	t.Helper()
	dir := t.TempDir()
	cfg, err := filepath.Abs(filepath.Join("..", "..", "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	s := sampleDir{dir: dir, db: filepath.Join(dir, "w.duckdb"), site: filepath.Join(dir, "site")}
	s.base = []string{"--config", cfg, "--db", s.db, "--out", s.site}
	return s
}

func (s sampleDir) args(more ...string) []string {
	return append(append([]string{}, s.base...), more...)
}

// rerun is a run with real work to do next to a published database: every
// source rebuilt (--force) and a different minimum cell size (a setting the
// marts read), chosen so that the 29-2010 figures the tests read do not
// depend on it (their posted cell has n = 7).
var rerun = struct {
	env  []string
	args []string
}{
	env:  []string{"WAGESCOPE_MIN_CELL_SIZE=3"},
	args: []string{"--log-format", "json", "-v", "run", "--force"},
}

// runOK runs wagescope to its end and fails the test unless it exits 0.
func (s sampleDir) runOK(t *testing.T, env []string, args ...string) (*proc, time.Duration) {
	t.Helper()
	p := startProc(t, s.dir, env, s.args(args...)...)
	code := p.wait(t)
	took := time.Since(p.start)
	if code != 0 {
		t.Fatalf("wagescope %s: exit %d after %.2fs, want 0\n%s", strings.Join(args, " "), code, took.Seconds(), tail(p.stderrText(), 4000))
	}
	return p, took
}

// publishedRates is what the published database answers, asked through
// the binary: the U.S. figures for 29-2010 (latest release) and every
// release of them.
type publishedRates struct{ latest, all string }

func (s sampleDir) rates(t *testing.T) publishedRates {
	t.Helper()
	latest, _ := s.runOK(t, nil, "rates", "--occupation", "29-2010", "--format", "json")
	all, _ := s.runOK(t, nil, "rates", "--occupation", "29-2010", "--area", "US", "--release", "all", "--format", "json")
	return publishedRates{latest: latest.stdout.String(), all: all.stdout.String()}
}

func (r publishedRates) diff(was publishedRates) string {
	var b strings.Builder
	if r.latest != was.latest {
		fmt.Fprintf(&b, "rates --occupation 29-2010:\nwas %s\nnow %s\n", was.latest, r.latest)
	}
	if r.all != was.all {
		fmt.Fprintf(&b, "rates --occupation 29-2010 --area US --release all:\nwas %s\nnow %s\n", was.all, r.all)
	}
	return b.String()
}

// published is the state of the published files: the database's sha256,
// index.html's, a digest of the whole site, and the site's file list.
type published struct {
	db, index, site string
	files           []string
}

func (s sampleDir) published(t *testing.T) published {
	t.Helper()
	var p published
	p.db = procFileSum(t, s.db)
	p.index = procFileSum(t, filepath.Join(s.site, "index.html"))
	root, err := filepath.EvalSymlinks(s.site) // the same files whether the site is a directory or a link to one
	if err != nil {
		t.Fatalf("published site: %v", err)
	}
	site := sha256.New()
	err = filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		p.files = append(p.files, filepath.ToSlash(rel))
		fmt.Fprintf(site, "%s %s\n", filepath.ToSlash(rel), procFileSum(t, path))
		return nil
	})
	if err != nil {
		t.Fatalf("read the published site: %v", err)
	}
	p.site = hex.EncodeToString(site.Sum(nil))
	sort.Strings(p.files)
	return p
}

func procFileSum(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("published file: %v", err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// leftovers lists what a run leaves behind when it is stopped: the lock
// files, every *.building path, a site swap's temporary, a publish plan
// and atomicfile temporaries (relative to the directory).
func (s sampleDir) leftovers(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, p := range []string{s.db + ".lock", s.site + ".lock", s.site + ".swap"} {
		if _, err := os.Stat(p); err == nil {
			out = append(out, filepath.Base(p))
		}
	}
	err := filepath.WalkDir(s.dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if strings.Contains(e.Name(), ".building") || e.Name() == "publishing.json" || strings.HasPrefix(e.Name(), ".tmp-") {
			rel, _ := filepath.Rel(s.dir, path)
			out = append(out, rel)
			if e.IsDir() {
				return fs.SkipDir
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// publishSample runs the shipped sample into a fresh directory and returns
// the directory, the published rates and the published files.
func publishSample(t *testing.T) (sampleDir, publishedRates, published) {
	t.Helper()
	s := newSampleDir(t)
	_, took := s.runOK(t, nil, "--quiet", "run")
	t.Logf("first run of the sample: %.2fs", took.Seconds())
	return s, s.rates(t), s.published(t)
}

// killPoint is a moment in a run: the nth log line with msg (and stage),
// or a time after the start.
type killPoint struct {
	name  string
	msg   string
	stage string
	nth   int
	after time.Duration
}

func killPoints() []killPoint {
	var pts []killPoint
	for _, st := range pipeline.Stages() {
		pts = append(pts, killPoint{name: "started " + st, msg: "stage started", stage: st, nth: 1})
		switch st {
		case pipeline.StageIngest:
			pts = append(pts,
				killPoint{name: "1st source ingested", msg: "source ingested", nth: 1},
				killPoint{name: "3rd source ingested", msg: "source ingested", nth: 3})
		case pipeline.StageReport:
			pts = append(pts, killPoint{name: "site written", msg: "site written", nth: 1})
		}
		pts = append(pts, killPoint{name: "finished " + st, msg: "stage finished", stage: st, nth: 1})
	}
	return append(pts,
		killPoint{name: "50ms after start", after: 50 * time.Millisecond},
		killPoint{name: "300ms after start", after: 300 * time.Millisecond})
}

// matcher counts the lines that fit the point and accepts the nth.
func (k killPoint) matcher() func(procLine) bool {
	if k.msg == "" {
		return nil
	}
	seen := 0
	return func(l procLine) bool {
		if l.msg != k.msg || (k.stage != "" && l.stage != k.stage) {
			return false
		}
		seen++
		return seen == k.nth
	}
}

// TestKilledRunLeavesPublishedSnapshot kills a run with SIGKILL at every
// stage boundary, mid-ingest, after the site is written and at fixed
// times, and checks that readers still get the published figures, the
// published site is the old one or a whole new one, and the next run
// succeeds despite the stale lock and half-built files.
func TestKilledRunLeavesPublishedSnapshot(t *testing.T) {
	s, want, ref := publishSample(t)
	cur := ref

	type outcome struct {
		point     string
		reached   bool
		at        time.Duration
		site      string // untouched | new site | not reached
		leftovers string
		recovery  time.Duration
	}
	var results []outcome
	testStart := time.Now()
	for _, pt := range killPoints() {
		o := outcome{point: pt.name}
		t.Run(strings.ReplaceAll(pt.name, " ", "_"), func(t *testing.T) {
			p := startProc(t, s.dir, rerun.env, s.args(rerun.args...)...)
			sent, at := p.waitFor(t, pt.after, pt.matcher())
			if sent {
				p.signal(t, syscall.SIGKILL, true)
			}
			code := p.wait(t)
			o.reached = sent && p.killedBy(syscall.SIGKILL)
			o.at = at
			if !o.reached {
				o.at = time.Since(p.start)
				if code != 0 {
					t.Errorf("the run ended on its own before the point with exit %d\n%s", code, tail(p.stderrText(), 4000))
				}
			}
			o.leftovers = strings.Join(s.leftovers(t), " ")

			// The published database still answers, with the same figures.
			if d := s.rates(t).diff(want); d != "" {
				t.Errorf("published figures changed after SIGKILL at %q:\n%s", pt.name, d)
			}
			now := s.published(t)
			switch {
			case now.db == cur.db && now.site == cur.site:
				o.site = "untouched"
			case now.db != cur.db && now.index != cur.index && strings.Join(now.files, "\n") == strings.Join(ref.files, "\n"):
				o.site = "new site, complete"
			default:
				o.site = "MIXED"
				t.Errorf("after SIGKILL at %q (run published: %v) the published files are neither the old nor a whole new set: "+
					"database changed %v, index.html changed %v, site files %d (want %d)",
					pt.name, p.sawMsg("run published"), now.db != cur.db, now.index != cur.index, len(now.files), len(ref.files))
			}
			if !o.reached {
				o.site = "not reached (" + o.site + ")"
			}
			if o.reached && o.site != "untouched" && !p.sawMsg("site written") {
				t.Errorf("the published files changed although the killed run had not written its site yet")
			}

			// The next run is not stopped by the dead run's lock or files,
			// and gives the same figures from the same inputs.
			_, o.recovery = s.runOK(t, nil, "--log-format", "json", "run")
			if d := s.rates(t).diff(want); d != "" {
				t.Errorf("figures differ after the run that followed SIGKILL at %q:\n%s", pt.name, d)
			}
			cur = s.published(t)
			if got, want := strings.Join(cur.files, "\n"), strings.Join(ref.files, "\n"); got != want {
				t.Errorf("the site after the next run has %d files, the first run's %d", len(cur.files), len(ref.files))
			}
			if left := s.leftovers(t); len(left) > 0 {
				t.Errorf("a successful run left %v behind", left)
			}
		})
		results = append(results, o)
	}

	var table strings.Builder
	tw := tabwriter.NewWriter(&table, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "kill point\treached\tat (s)\tpublished after kill\tleft behind\tnext run (s)")
	unreached := 0
	for _, o := range results {
		reached := "yes"
		if !o.reached {
			reached = "no"
			unreached++
		}
		fmt.Fprintf(tw, "%s\t%s\t%.3f\t%s\t%s\t%.2f\n", o.point, reached, o.at.Seconds(), o.site, o.leftovers, o.recovery.Seconds())
	}
	tw.Flush()
	t.Logf("SIGKILL points (%.1fs in all):\n%s", time.Since(testStart).Seconds(), table.String())
	if unreached > 2 {
		t.Errorf("%d kill points were never reached (the run ended first); at most 2 may be", unreached)
	}
}

// TestSignalStopsRunCleanly interrupts a run with SIGTERM and with SIGINT:
// the shell's exit code, a message saying the published data is unchanged,
// the published files untouched, and nothing left behind.
func TestSignalStopsRunCleanly(t *testing.T) {
	s, want, before := publishSample(t)
	for _, c := range []struct {
		sig  syscall.Signal
		name string
		code int
		at   string
	}{
		{syscall.SIGTERM, "SIGTERM", 143, "stage started"},
		{syscall.SIGINT, "SIGINT", 130, "source ingested"},
	} {
		t.Run(c.sig.String(), func(t *testing.T) {
			p := startProc(t, s.dir, rerun.env, s.args(rerun.args...)...)
			sent, at := p.waitFor(t, 0, func(l procLine) bool { return l.msg == c.at })
			if !sent {
				t.Fatalf("the run ended before logging %q\n%s", c.at, tail(p.stderrText(), 4000))
			}
			// The process alone, as systemd and kill(1) do (a terminal's
			// Ctrl-C signals the whole group).
			p.signal(t, c.sig, false)
			code := p.wait(t)
			errOut := p.stderrText()
			t.Logf("%v after %q at %.3fs: exit %d after %.2fs", c.sig, c.at, at.Seconds(), code, time.Since(p.start).Seconds())
			if code != c.code {
				t.Errorf("exit %d, want %d\n%s", code, c.code, tail(errOut, 4000))
			}
			for _, w := range []string{"interrupted", "unchanged"} {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr does not say %q:\n%s", w, tail(errOut, 4000))
				}
			}
			if now := s.published(t); now.db != before.db || now.site != before.site {
				t.Errorf("published files changed: database %v, site %v", now.db != before.db, now.site != before.site)
			}
			if left := s.leftovers(t); len(left) > 0 {
				t.Errorf("an interrupted run left %v behind", left)
			}
			if d := s.rates(t).diff(want); d != "" {
				t.Errorf("published figures changed:\n%s", d)
			}
			// the ledger tells a stopped run from a broken one
			ledger, _ := s.runOK(t, nil, "runs", "--limit", "1", "--format", "json")
			last := decodeJSON[[]struct{ Status, Message string }](t, ledger.stdout.String())
			if len(last) != 1 || last[0].Status != "interrupted" || !strings.HasPrefix(last[0].Message, c.name+" received: ") {
				t.Errorf("runs lists the stopped run as %+v, want status interrupted and a message starting %q", last, c.name+" received: ")
			}
		})
	}
}

// TestSecondRunIsLockedOut starts a second run while one is running: it
// exits 4 naming the first run's PID, and the first run is not disturbed.
func TestSecondRunIsLockedOut(t *testing.T) {
	s := newSampleDir(t)
	first := startProc(t, s.dir, nil, s.args("--log-format", "json", "-v", "run")...)
	errOut := lockedOut(t, s, first, s.args("run"))
	if !regexp.MustCompile(`\b` + strconv.Itoa(first.pid()) + `\b`).MatchString(errOut) {
		t.Errorf("second run's stderr does not name the first run's PID %d:\n%s", first.pid(), errOut)
	}
	if code := first.wait(t); code != 0 {
		t.Errorf("first run: exit %d, want 0\n%s", code, tail(first.stderrText(), 4000))
	}
	if left := s.leftovers(t); len(left) > 0 {
		t.Errorf("left behind after both runs: %v", left)
	}
	if _, err := os.Stat(filepath.Join(s.site, "index.html")); err != nil {
		t.Errorf("the first run's site was not published: %v", err)
	}
}

// lockedOut starts a second run (args) once the first has started a stage
// and checks it exits 4; it returns the second run's stderr.
func lockedOut(t *testing.T, s sampleDir, first *proc, args []string) string {
	t.Helper()
	if started, _ := first.waitFor(t, 0, func(l procLine) bool { return l.msg == "stage started" }); !started {
		t.Fatalf("the first run ended before starting a stage\n%s", tail(first.stderrText(), 4000))
	}
	second := startProc(t, s.dir, nil, args...)
	code := second.wait(t)
	errOut := second.stderrText()
	if code != 4 && first.sawMsg("run published") {
		t.Fatalf("the first run published before the second one got to the lock; the test proves nothing (second: exit %d)", code)
	}
	if code != 4 {
		t.Errorf("second run: exit %d, want 4\n%s", code, tail(errOut, 4000))
	}
	return errOut
}

// TestRunsSharingAnOutputAreLockedOut starts a second run with another
// database but the same output directory while one is running: it exits 4
// naming the first run's PID and the output's lock, and the first run
// publishes a whole site.
func TestRunsSharingAnOutputAreLockedOut(t *testing.T) {
	s, _, ref := publishSample(t)
	first := startProc(t, s.dir, rerun.env, s.args(rerun.args...)...)
	other := filepath.Join(s.dir, "other.duckdb")
	errOut := lockedOut(t, s, first, s.args("--db", other, "run"))
	want := regexp.MustCompile(`another wagescope run holds the lock: process ` + strconv.Itoa(first.pid()) +
		`, running since \S+ \(lock file ` + regexp.QuoteMeta(s.site+".lock") + `\)`)
	if !want.MatchString(errOut) {
		t.Errorf("second run's stderr does not name the first run's PID %d and %s.lock:\n%s", first.pid(), s.site, errOut)
	}
	if code := first.wait(t); code != 0 {
		t.Errorf("first run: exit %d, want 0\n%s", code, tail(first.stderrText(), 4000))
	}
	if now := s.published(t); strings.Join(now.files, "\n") != strings.Join(ref.files, "\n") {
		t.Errorf("the first run published %d site files, want %d", len(now.files), len(ref.files))
	}
	if _, err := os.Stat(other); err == nil {
		t.Errorf("the locked-out run created %s", other)
	}
	if left := s.leftovers(t); len(left) > 0 {
		t.Errorf("left behind after both runs: %v", left)
	}
}

// TestStaleLockFilesDoNotBlock leaves lock files naming a live process that
// is no wagescope run (PID 1, as after a reboot) and a dead one: the run
// goes ahead, since only a held flock counts.
func TestStaleLockFilesDoNotBlock(t *testing.T) {
	s := newSampleDir(t)
	for path, body := range map[string]string{s.db + ".lock": "1\n", s.site + ".lock": "999999999\n2026-01-01T00:00:00Z\n"} {
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s.runOK(t, nil, "--quiet", "run")
	if left := s.leftovers(t); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}
