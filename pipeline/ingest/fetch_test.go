package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// fetchServer answers the i-th request with handlers[i], repeating the
// last one, and records each request's headers.
type fetchServer struct {
	*httptest.Server
	mu       sync.Mutex
	headers  []http.Header
	handlers []http.HandlerFunc
}

func newFetchServer(t *testing.T, handlers ...http.HandlerFunc) *fetchServer {
	t.Helper()
	s := &fetchServer{handlers: handlers}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		i := len(s.headers)
		s.headers = append(s.headers, r.Header.Clone())
		h := s.handlers[min(i, len(s.handlers)-1)]
		s.mu.Unlock()
		h(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *fetchServer) attempts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.headers)
}

func (s *fetchServer) header(i int) http.Header {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.headers[i]
}

// serve answers 200 with body and the given header pairs.
func serve(body []byte, kv ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(kv); i += 2 {
			w.Header().Set(kv[i], kv[i+1])
		}
		w.Write(body)
	}
}

// status answers code with the given header pairs.
func status(code int, kv ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(kv); i += 2 {
			w.Header().Set(kv[i], kv[i+1])
		}
		w.WriteHeader(code)
	}
}

// truncated declares more bytes than it sends.
func truncated(body []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "100000")
		w.Write(body)
	}
}

// hang answers only when the client gives up (or after 10 s).
func hang(w http.ResponseWriter, r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-time.After(10 * time.Second):
	}
}

func testFetcher(t *testing.T, cache string) *Fetcher {
	return &Fetcher{
		CacheDir: cache,
		Version:  "1.2.3",
		Backoff:  func(int) time.Duration { return 0 },
		Log:      slog.New(slog.NewTextHandler(t.Output(), nil)),
	}
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// leftovers lists temp files and directories a fetch may have left under dir.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		n := d.Name()
		if strings.HasPrefix(n, ".fetch-") || strings.HasPrefix(n, ".extract-") || strings.HasPrefix(n, ".meta-") || strings.Contains(n, ".old-") {
			out = append(out, p)
		}
		return nil
	})
	return out
}

// tree lists every path under dir with the content of regular files.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		if d.Type().IsRegular() {
			out[rel] = sha([]byte(readFile(t, p)))
		} else {
			out[rel] = d.Type().String()
		}
		return nil
	})
	return out
}

func statFile(t *testing.T, p string) os.FileInfo {
	t.Helper()
	st, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func openZipBytes(t *testing.T, b []byte) *zip.Reader {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	return zr
}

// zipEntry is one member of a test archive. With rawSize set the body is
// written as already deflated data whose header claims rawSize bytes.
type zipEntry struct {
	name    string
	body    []byte
	mode    fs.FileMode
	rawSize uint64
}

func makeZip(t *testing.T, entries ...zipEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		var w io.Writer
		var err error
		switch {
		case e.rawSize > 0:
			w, err = zw.CreateRaw(&zip.FileHeader{Name: e.name, Method: zip.Deflate,
				CompressedSize64: uint64(len(e.body)), UncompressedSize64: e.rawSize})
		default:
			fh := &zip.FileHeader{Name: e.name, Method: zip.Deflate}
			if e.mode != 0 {
				fh.SetMode(e.mode)
			}
			if strings.HasSuffix(e.name, "/") {
				fh.SetMode(fs.ModeDir | 0o755)
			}
			w, err = zw.CreateHeader(fh)
		}
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(e.body); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// deflated compresses n zero bytes the way a zip member stores them.
func deflated(t *testing.T, n int) []byte {
	t.Helper()
	z := makeZip(t, zipEntry{name: "x", body: make([]byte, n)})
	rc, err := openZipBytes(t, z).File[0].OpenRaw()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func TestFetchHeadersAndStatus(t *testing.T) {
	const body = "occ_code,a_mean\n29-2010,62870\n"
	cases := []struct {
		name         string
		contact      string
		handler      http.HandlerFunc
		wantUA       string
		wantFrom     string
		wantIs       error
		wantCode     int
		wantText     []string
		wantNotText  []string
		wantAttempts int
	}{
		{
			name: "403 without contact says how to set one", handler: status(http.StatusForbidden),
			wantUA: "wagescope/1.2.3", wantIs: ErrForbidden, wantCode: 403,
			wantText:     []string{"403", "`contact:`", "WAGESCOPE_CONTACT", "e-mail address"},
			wantAttempts: 1,
		},
		{
			name: "403 with contact says it was sent", contact: "analyst@example.org", handler: status(http.StatusForbidden),
			wantUA: "wagescope/1.2.3 (+contact: analyst@example.org)", wantFrom: "analyst@example.org",
			wantIs: ErrForbidden, wantCode: 403,
			wantText:     []string{"refused even though", `"analyst@example.org"`},
			wantNotText:  []string{"WAGESCOPE_CONTACT"},
			wantAttempts: 1,
		},
		{
			name: "200 carries the contact", contact: "analyst@example.org", handler: serve([]byte(body)),
			wantUA: "wagescope/1.2.3 (+contact: analyst@example.org)", wantFrom: "analyst@example.org", wantAttempts: 1,
		},
		{
			name: "404 is not retried", handler: status(http.StatusNotFound),
			wantUA: "wagescope/1.2.3", wantCode: 404, wantText: []string{"404 Not Found"}, wantAttempts: 1,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newFetchServer(t, tc.handler)
			f := testFetcher(t, t.TempDir())
			f.Contact = tc.contact
			res, err := f.Fetch(context.Background(), "oews", srv.URL+"/oes/national.csv")
			if got := srv.attempts(); got != tc.wantAttempts {
				t.Errorf("attempts = %d, want %d", got, tc.wantAttempts)
			}
			h := srv.header(0)
			if got := h.Get("User-Agent"); got != tc.wantUA {
				t.Errorf("User-Agent = %q, want %q", got, tc.wantUA)
			}
			if got := h.Get("From"); got != tc.wantFrom {
				t.Errorf("From = %q, want %q", got, tc.wantFrom)
			}
			if got := h.Get("Accept-Encoding"); !strings.Contains(got, "gzip") {
				t.Errorf("Accept-Encoding = %q, want gzip as Go's transport sends it", got)
			}
			if tc.wantCode == 0 {
				if err != nil {
					t.Fatal(err)
				}
				if got := readFile(t, res.Path); got != body {
					t.Errorf("cached content = %q", got)
				}
				return
			}
			if err == nil {
				t.Fatal("no error")
			}
			t.Logf("error: %v", err)
			var se *StatusError
			if !errors.As(err, &se) || se.Code != tc.wantCode {
				t.Errorf("error %v: want a StatusError with code %d", err, tc.wantCode)
			}
			if tc.wantIs != nil && !errors.Is(err, tc.wantIs) {
				t.Errorf("error %v: want errors.Is %v", err, tc.wantIs)
			}
			for _, s := range tc.wantText {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q lacks %q", err, s)
				}
			}
			for _, s := range tc.wantNotText {
				if strings.Contains(err.Error(), s) {
					t.Errorf("error %q should not contain %q", err, s)
				}
			}
		})
	}
}

func TestFetchRetries(t *testing.T) {
	body := []byte("area,occ_code\n99,29-2010\n")
	cases := []struct {
		name           string
		handlers       []http.HandlerFunc
		attemptTimeout time.Duration
		maxRetryAfter  time.Duration
		wantAttempts   int
		wantErr        []string
		wantIs         error
		minWait        time.Duration
		maxWait        time.Duration
	}{
		{name: "500 then success", handlers: []http.HandlerFunc{status(500), serve(body)}, wantAttempts: 2},
		{name: "503 three times then success", handlers: []http.HandlerFunc{status(503), status(502), status(503), serve(body)}, wantAttempts: 4},
		{name: "500 every time gives up after 4", handlers: []http.HandlerFunc{status(500)}, wantAttempts: 4,
			wantErr: []string{"giving up after 4 attempts", "500"}},
		{name: "truncated then success", handlers: []http.HandlerFunc{truncated(body[:5]), serve(body)}, wantAttempts: 2},
		{name: "timeout then success", handlers: []http.HandlerFunc{hang, serve(body)}, attemptTimeout: 200 * time.Millisecond,
			wantAttempts: 2},
		{name: "timeout every time", handlers: []http.HandlerFunc{hang}, attemptTimeout: 100 * time.Millisecond,
			wantAttempts: 4, wantErr: []string{"timed out"}, wantIs: context.DeadlineExceeded},
		{name: "429 honours Retry-After seconds", handlers: []http.HandlerFunc{status(429, "Retry-After", "1"), serve(body)},
			wantAttempts: 2, minWait: time.Second, maxWait: 5 * time.Second},
		{name: "429 Retry-After is capped", handlers: []http.HandlerFunc{status(429, "Retry-After", "3600"), serve(body)},
			maxRetryAfter: 150 * time.Millisecond, wantAttempts: 2, minWait: 150 * time.Millisecond, maxWait: 5 * time.Second},
		{name: "503 with Retry-After as a date", handlers: []http.HandlerFunc{
			status(503, "Retry-After", time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)), serve(body)},
			maxRetryAfter: 100 * time.Millisecond, wantAttempts: 2, minWait: 100 * time.Millisecond, maxWait: 5 * time.Second},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newFetchServer(t, tc.handlers...)
			cache := t.TempDir()
			f := testFetcher(t, cache)
			f.AttemptTimeout = tc.attemptTimeout
			f.MaxRetryAfter = tc.maxRetryAfter
			start := time.Now()
			res, err := f.Fetch(context.Background(), "oews", srv.URL+"/data/national.csv")
			elapsed := time.Since(start)
			if got := srv.attempts(); got != tc.wantAttempts {
				t.Errorf("attempts = %d, want %d", got, tc.wantAttempts)
			}
			if len(tc.wantErr) > 0 {
				if err == nil {
					t.Fatal("no error")
				}
				for _, s := range tc.wantErr {
					if !strings.Contains(err.Error(), s) {
						t.Errorf("error %q lacks %q", err, s)
					}
				}
				if tc.wantIs != nil && !errors.Is(err, tc.wantIs) {
					t.Errorf("error %v: want errors.Is %v", err, tc.wantIs)
				}
				if _, statErr := os.Stat(filepath.Join(cache, "oews", "national.csv")); !errors.Is(statErr, fs.ErrNotExist) {
					t.Errorf("a failed fetch left a cached file (%v)", statErr)
				}
				if l := leftovers(t, cache); len(l) > 0 {
					t.Errorf("temp files left: %v", l)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := readFile(t, res.Path); got != string(body) {
				t.Errorf("content = %q, want %q", got, body)
			}
			if res.SHA256 != sha(body) || res.Bytes != int64(len(body)) {
				t.Errorf("sha256 %s bytes %d, want %s %d", res.SHA256, res.Bytes, sha(body), len(body))
			}
			if want := filepath.Join(cache, "oews", "national.csv"); res.Path != want || !slices.Equal(res.Files, []string{want}) {
				t.Errorf("path %s files %v, want %s", res.Path, res.Files, want)
			}
			if tc.minWait > 0 && elapsed < tc.minWait {
				t.Errorf("took %s, want at least the Retry-After wait %s", elapsed, tc.minWait)
			}
			if tc.maxWait > 0 && elapsed > tc.maxWait {
				t.Errorf("took %s, want the wait capped (under %s)", elapsed, tc.maxWait)
			}
			if l := leftovers(t, cache); len(l) > 0 {
				t.Errorf("temp files left: %v", l)
			}
		})
	}
}

func TestFetchTruncatedKeepsCachedFile(t *testing.T) {
	good := []byte("the good file\n")
	srv := newFetchServer(t, serve(good, "ETag", `"v1"`), truncated([]byte("the new fi")))
	cache := t.TempDir()
	f := testFetcher(t, cache)
	f.MaxAttempts = 2
	first, err := f.Fetch(context.Background(), "cpi", srv.URL+"/cu.data.0.Current")
	if err != nil {
		t.Fatal(err)
	}
	metaBefore := readFile(t, first.Path+".meta.json")
	stBefore := statFile(t, first.Path)

	_, err = f.Fetch(context.Background(), "cpi", srv.URL+"/cu.data.0.Current")
	if !errors.Is(err, ErrTruncated) {
		t.Fatalf("error %v: want ErrTruncated", err)
	}
	if got := srv.attempts(); got != 3 {
		t.Errorf("attempts = %d, want 1 good + 2 truncated (retried as transient)", got)
	}
	if got := readFile(t, first.Path); got != string(good) {
		t.Errorf("cached file = %q, want the earlier good download", got)
	}
	if !os.SameFile(stBefore, statFile(t, first.Path)) {
		t.Error("cached file was replaced")
	}
	if got := readFile(t, first.Path+".meta.json"); got != metaBefore {
		t.Errorf("sidecar changed:\n%s\nwant\n%s", got, metaBefore)
	}
	if l := leftovers(t, cache); len(l) > 0 {
		t.Errorf("temp files left: %v", l)
	}
}

func TestFetchConditional(t *testing.T) {
	body := []byte("year,period,value\n2023,M05,303.294\n")
	const etag, lastMod = `"abc123"`, "Wed, 26 Apr 2023 12:00:00 GMT"
	srv := newFetchServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", lastMod)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Write(body)
	})
	cache := t.TempDir()
	f := testFetcher(t, cache)
	url := srv.URL + "/pub/time.series/cu/cu.data.1.AllItems"

	first, err := f.Fetch(context.Background(), "cpi", url)
	if err != nil {
		t.Fatal(err)
	}
	if first.NotModified || first.ETag != etag || first.LastModified != lastMod {
		t.Errorf("first fetch: NotModified %v etag %q last-modified %q", first.NotModified, first.ETag, first.LastModified)
	}
	if h := srv.header(0); h.Get("If-None-Match") != "" || h.Get("If-Modified-Since") != "" {
		t.Errorf("first request was conditional: %v", h)
	}
	var meta cacheMeta
	if err := json.Unmarshal([]byte(readFile(t, first.Path+".meta.json")), &meta); err != nil {
		t.Fatal(err)
	}
	if meta.URL != url || meta.ETag != etag || meta.LastModified != lastMod || meta.SHA256 != sha(body) ||
		meta.Bytes != int64(len(body)) || meta.FetchedAt.IsZero() {
		t.Errorf("sidecar = %+v", meta)
	}
	stBefore := statFile(t, first.Path)

	t.Run("304 keeps the cached file", func(t *testing.T) {
		second, err := f.Fetch(context.Background(), "cpi", url)
		if err != nil {
			t.Fatal(err)
		}
		h := srv.header(1)
		if h.Get("If-None-Match") != etag || h.Get("If-Modified-Since") != lastMod {
			t.Errorf("second request headers If-None-Match %q If-Modified-Since %q", h.Get("If-None-Match"), h.Get("If-Modified-Since"))
		}
		if !second.NotModified || second.FromCache {
			t.Errorf("NotModified %v FromCache %v, want true false", second.NotModified, second.FromCache)
		}
		if second.Path != first.Path || second.SHA256 != first.SHA256 || !second.FetchedAt.Equal(first.FetchedAt) {
			t.Errorf("second %+v, first %+v", second, first)
		}
		st := statFile(t, second.Path)
		if !os.SameFile(stBefore, st) || !st.ModTime().Equal(stBefore.ModTime()) {
			t.Error("the cached file was rewritten on 304")
		}
	})
	t.Run("tampered cache is fetched unconditionally", func(t *testing.T) {
		if err := os.WriteFile(first.Path, []byte("tampered"), 0o644); err != nil {
			t.Fatal(err)
		}
		third, err := f.Fetch(context.Background(), "cpi", url)
		if err != nil {
			t.Fatal(err)
		}
		h := srv.header(2)
		if h.Get("If-None-Match") != "" || h.Get("If-Modified-Since") != "" {
			t.Errorf("request after tampering was conditional: %v", h)
		}
		if third.NotModified || readFile(t, third.Path) != string(body) || third.SHA256 != sha(body) {
			t.Errorf("NotModified %v content %q", third.NotModified, readFile(t, third.Path))
		}
	})
	if l := leftovers(t, cache); len(l) > 0 {
		t.Errorf("temp files left: %v", l)
	}
}

func TestFetchZip(t *testing.T) {
	csv := []byte("occ_code,tot_emp\n29-2010,334380\n")
	readme := []byte("OEWS May 2023\n")
	archive := makeZip(t,
		zipEntry{name: "readme.txt", body: readme},
		zipEntry{name: "oesm23nat/"},
		zipEntry{name: "oesm23nat/national_M2023_dl.csv", body: csv},
		zipEntry{name: "__MACOSX/oesm23nat/._national_M2023_dl.csv", body: []byte("junk")},
	)
	cases := []struct {
		name     string
		urlPath  string
		wantPath string // relative to the source's cache directory
		wantDir  string
	}{
		{name: ".zip URL", urlPath: "/oes/special-requests/oesm23nat.zip", wantPath: "oesm23nat.zip", wantDir: "oesm23nat"},
		{name: "sniffed zip at a URL ending in /", urlPath: "/oes/latest/", wantPath: "download", wantDir: "download.files"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newFetchServer(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("ETag", `"z1"`)
				if r.Header.Get("If-None-Match") == `"z1"` {
					w.WriteHeader(http.StatusNotModified)
					return
				}
				w.Write(archive)
			})
			cache := t.TempDir()
			f := testFetcher(t, cache)
			res, err := f.Fetch(context.Background(), "oews-national-2023", srv.URL+tc.urlPath)
			if err != nil {
				t.Fatal(err)
			}
			src := filepath.Join(cache, "oews-national-2023")
			if res.Path != filepath.Join(src, tc.wantPath) || res.SHA256 != sha(archive) {
				t.Errorf("path %s sha %s", res.Path, res.SHA256)
			}
			dir := filepath.Join(src, tc.wantDir)
			want := []string{filepath.Join(dir, "oesm23nat", "national_M2023_dl.csv"), filepath.Join(dir, "readme.txt")}
			if !slices.Equal(res.Files, want) {
				t.Fatalf("files = %v, want %v", res.Files, want)
			}
			if readFile(t, want[0]) != string(csv) || readFile(t, want[1]) != string(readme) {
				t.Error("extracted contents differ")
			}
			if _, err := os.Stat(filepath.Join(dir, "__MACOSX")); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("__MACOSX was extracted (%v)", err)
			}
			stBefore := statFile(t, want[0])

			again, err := f.Fetch(context.Background(), "oews-national-2023", srv.URL+tc.urlPath)
			if err != nil {
				t.Fatal(err)
			}
			if !again.NotModified || !slices.Equal(again.Files, want) {
				t.Errorf("second fetch NotModified %v files %v", again.NotModified, again.Files)
			}
			if !os.SameFile(stBefore, statFile(t, want[0])) {
				t.Error("members were extracted again on 304")
			}
			if l := leftovers(t, cache); len(l) > 0 {
				t.Errorf("temp files left: %v", l)
			}
		})
	}
}

func TestFetchUnsafeZip(t *testing.T) {
	ok := zipEntry{name: "ok.csv", body: []byte("a,b\n1,2\n")}
	cases := []struct {
		name   string
		bad    zipEntry
		member string
		want   string
	}{
		{name: "parent element", bad: zipEntry{name: "../evil.txt", body: []byte("x")}, member: "../evil.txt", want: `".." element`},
		{name: "parent element inside", bad: zipEntry{name: "a/../../evil.txt", body: []byte("x")}, member: "a/../../evil.txt", want: `".." element`},
		{name: "backslash parent", bad: zipEntry{name: `..\evil.txt`, body: []byte("x")}, member: `..\evil.txt`, want: `".." element`},
		{name: "absolute", bad: zipEntry{name: "/tmp/evil.txt", body: []byte("x")}, member: "/tmp/evil.txt", want: "absolute path"},
		{name: "drive letter", bad: zipEntry{name: `C:\evil.txt`, body: []byte("x")}, member: `C:\evil.txt`, want: "drive letter"},
		{name: "symlink", bad: zipEntry{name: "link", body: []byte("../../etc/passwd"), mode: fs.ModeSymlink | 0o777}, member: "link", want: "symbolic link"},
		{name: "duplicate", bad: zipEntry{name: "OK.csv", body: []byte("x")}, member: "OK.csv", want: "appears twice"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			archive := makeZip(t, ok, tc.bad, zipEntry{name: "z.csv", body: []byte("z\n")})
			srv := newFetchServer(t, serve(archive))
			root := t.TempDir()
			cache := filepath.Join(root, "a", "cache")
			f := testFetcher(t, cache)
			_, err := f.Fetch(context.Background(), "oews", srv.URL+"/oesm23nat.zip")
			if !errors.Is(err, ErrUnsafeZip) {
				t.Fatalf("error %v: want ErrUnsafeZip", err)
			}
			t.Logf("error: %v", err)
			var ze *ZipError
			if !errors.As(err, &ze) || ze.Member != tc.member || ze.Archive != "oesm23nat.zip" {
				t.Errorf("error %v: want a ZipError for member %q", err, tc.member)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q lacks %q", err, tc.want)
			}
			if got := srv.attempts(); got != 1 {
				t.Errorf("attempts = %d: a bad archive is not retried", got)
			}
			// Nothing outside the cache, nothing extracted, nothing cached.
			filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					t.Errorf("file written: %s", p)
				}
				return nil
			})
			if _, err := os.Lstat("/tmp/evil.txt"); err == nil && tc.name == "absolute" {
				t.Error("/tmp/evil.txt was written")
			}
		})
	}
}

func TestFetchZipBomb(t *testing.T) {
	zeros := 50 << 20
	honest := makeZip(t, zipEntry{name: "bomb.bin", body: make([]byte, zeros)})
	liar := makeZip(t, zipEntry{name: "bomb.bin", body: deflated(t, zeros), rawSize: 1000})
	parts := makeZip(t,
		zipEntry{name: "part1.bin", body: make([]byte, 4<<20)},
		zipEntry{name: "part2.bin", body: make([]byte, 4<<20)},
		zipEntry{name: "part3.bin", body: make([]byte, 4<<20)})
	good := makeZip(t, zipEntry{name: "national.csv", body: []byte("occ_code\n29-2010\n")})
	cases := []struct {
		name     string
		archive  []byte
		maxTotal int64
		maxRatio int64
		member   string
		wantText string
		wantIs   error
	}{
		{name: "ratio over 200:1", archive: honest, maxRatio: 200, member: "bomb.bin", wantText: "200:1", wantIs: ErrZipTooLarge},
		{name: "total over the bound", archive: honest, maxTotal: 10 << 20, maxRatio: 1 << 20, member: "bomb.bin",
			wantText: "bound", wantIs: ErrZipTooLarge},
		{name: "members add up past the bound", archive: parts, maxTotal: 10 << 20, maxRatio: 1 << 20, member: "part3.bin",
			wantText: "bound for the archive", wantIs: ErrZipTooLarge},
		// The header claims 1000 bytes; the data holds 50 MB. archive/zip
		// itself stops reading past the declared size.
		{name: "header lies about the size", archive: liar, maxRatio: 200, member: "bomb.bin", wantText: "does not match the header"},
		{name: "header lies, generous bounds", archive: liar, maxTotal: 1 << 40, maxRatio: 1 << 20, member: "bomb.bin",
			wantText: "does not match the header"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newFetchServer(t, serve(good), serve(tc.archive))
			cache := t.TempDir()
			f := testFetcher(t, cache)
			f.MaxUnzipped, f.MaxRatio = tc.maxTotal, tc.maxRatio
			if _, err := f.Fetch(context.Background(), "oews", srv.URL+"/oesm23nat.zip"); err != nil {
				t.Fatal(err)
			}
			before := tree(t, cache)

			_, err := f.Fetch(context.Background(), "oews", srv.URL+"/oesm23nat.zip")
			if err == nil {
				t.Fatal("no error")
			}
			t.Logf("error: %v", err)
			var ze *ZipError
			if !errors.As(err, &ze) || ze.Member != tc.member {
				t.Errorf("error %v: want a ZipError naming member %q", err, tc.member)
			}
			if !strings.Contains(err.Error(), tc.member) || !strings.Contains(err.Error(), tc.wantText) {
				t.Errorf("error %q lacks %q or %q", err, tc.member, tc.wantText)
			}
			if tc.wantIs != nil && !errors.Is(err, tc.wantIs) {
				t.Errorf("error %v: want errors.Is %v", err, tc.wantIs)
			}
			if after := tree(t, cache); !mapsEqual(before, after) {
				t.Errorf("cache changed:\nbefore %v\nafter  %v", before, after)
			}
		})
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// TestWriteMembersCountsWrittenBytes checks the bound holds on the bytes
// actually written, whatever bound validation derived from the header.
func TestWriteMembersCountsWrittenBytes(t *testing.T) {
	archive := makeZip(t, zipEntry{name: "big.bin", body: make([]byte, 2<<20)})
	zr := openZipBytes(t, archive)
	dir := t.TempDir()
	f := testFetcher(t, dir)
	_, err := f.writeMembers(context.Background(), "t.zip", dir, []checkedMember{{file: zr.File[0], rel: "big.bin", bound: 1000}})
	if !errors.Is(err, ErrZipTooLarge) || !strings.Contains(err.Error(), `"big.bin"`) {
		t.Fatalf("error %v: want ErrZipTooLarge naming big.bin", err)
	}
	if st, err := os.Stat(filepath.Join(dir, "big.bin")); err == nil && st.Size() > 1001 {
		t.Errorf("wrote %d bytes past a 1000-byte bound", st.Size())
	}
}

func TestFetchOffline(t *testing.T) {
	body := []byte("series_id,year\nCUUR0000SA0,2023\n")
	archive := makeZip(t, zipEntry{name: "b.csv", body: body}, zipEntry{name: "a.csv", body: body})
	cases := []struct {
		name      string
		urlPath   string
		prime     []byte // fetched online first; nil: empty cache
		tamper    bool
		wantFiles []string // relative to the source's cache directory
		wantErr   []string
	}{
		{name: "cached file", urlPath: "/cu.data.0.Current", prime: body, wantFiles: []string{"cu.data.0.Current"}},
		{name: "cached zip", urlPath: "/cu.zip", prime: archive, wantFiles: []string{"cu/a.csv", "cu/b.csv"}},
		{name: "cached zip changed since download", urlPath: "/cu.zip", prime: archive, tamper: true,
			wantFiles: []string{"cu/a.csv", "cu/b.csv"}},
		{name: "not cached", urlPath: "/cu.data.0.Current",
			wantErr: []string{"offline", filepath.Join("cpi", "cu.data.0.Current"), "without --offline"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newFetchServer(t, serve(tc.prime))
			cache := t.TempDir()
			f := testFetcher(t, cache)
			var first Fetched
			if tc.prime != nil {
				var err error
				if first, err = f.Fetch(context.Background(), "cpi", srv.URL+tc.urlPath); err != nil {
					t.Fatal(err)
				}
			}
			if tc.tamper {
				// Same archive, rewritten: the sidecar no longer matches, so
				// the members are extracted again from what is on disk.
				again := makeZip(t, zipEntry{name: "a.csv", body: body}, zipEntry{name: "b.csv", body: body})
				if err := os.WriteFile(first.Path, again, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			hits := srv.attempts()
			f.Offline = true
			res, err := f.Fetch(context.Background(), "cpi", srv.URL+tc.urlPath)
			if got := srv.attempts(); got != hits {
				t.Errorf("offline fetch asked the server (%d requests)", got-hits)
			}
			if tc.wantErr != nil {
				if !errors.Is(err, ErrNotCached) {
					t.Fatalf("error %v: want ErrNotCached", err)
				}
				t.Logf("error: %v", err)
				for _, s := range tc.wantErr {
					if !strings.Contains(err.Error(), s) {
						t.Errorf("error %q lacks %q", err, s)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !res.FromCache || res.NotModified || res.Path != first.Path {
				t.Errorf("FromCache %v NotModified %v path %s", res.FromCache, res.NotModified, res.Path)
			}
			if want := sha([]byte(readFile(t, first.Path))); res.SHA256 != want {
				t.Errorf("sha256 %s, want %s", res.SHA256, want)
			}
			var want []string
			for _, w := range tc.wantFiles {
				want = append(want, filepath.Join(cache, "cpi", filepath.FromSlash(w)))
			}
			if !slices.Equal(res.Files, want) {
				t.Errorf("files %v, want %v", res.Files, want)
			}
		})
	}
}

func TestFetchCanceled(t *testing.T) {
	cases := []struct {
		name    string
		handler http.HandlerFunc
		backoff time.Duration
	}{
		{name: "while waiting for the server", handler: hang},
		{name: "while backing off", handler: status(503), backoff: time.Hour},
		{name: "while honouring Retry-After", handler: status(429, "Retry-After", "3600")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newFetchServer(t, tc.handler)
			cache := t.TempDir()
			f := testFetcher(t, cache)
			f.Backoff = func(int) time.Duration { return tc.backoff }
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(150*time.Millisecond, cancel)
			start := time.Now()
			_, err := f.Fetch(ctx, "oews", srv.URL+"/x.csv")
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("error %v: want context.Canceled", err)
			}
			if elapsed := time.Since(start); elapsed > 3*time.Second {
				t.Errorf("took %s to stop after cancel", elapsed)
			}
			if got := srv.attempts(); got != 1 {
				t.Errorf("attempts = %d, want 1", got)
			}
			if l := leftovers(t, cache); len(l) > 0 {
				t.Errorf("temp files left: %v", l)
			}
		})
	}
}

func TestFetchCachePath(t *testing.T) {
	cases := []struct {
		name, source, url string
		want              string // relative to the cache; "" means an error
		wantErr           string
	}{
		{name: "BLS zip", source: "oews-national-2023", url: "https://www.bls.gov/oes/special-requests/oesm23nat.zip",
			want: "oews-national-2023/oesm23nat.zip"},
		{name: "query ignored", source: "cpi", url: "https://download.bls.gov/pub/time.series/cu/cu.data.0.Current?x=1",
			want: "cpi/cu.data.0.Current"},
		{name: "trailing slash", source: "ep", url: "https://www.bls.gov/emp/", want: "ep/download"},
		{name: "no path", source: "ep", url: "https://www.bls.gov", want: "ep/download"},
		{name: "odd characters", source: "ep", url: "https://example.org/a%20b$c.csv", want: "ep/a_b_c.csv"},
		{name: "dot-dot base", source: "ep", url: "https://example.org/x/..", want: "ep/download"},
		{name: "hidden base", source: "ep", url: "https://example.org/.env", want: "ep/env"},
		{name: "source name with separators", source: "../../etc", url: "https://example.org/f.csv", want: "_.._etc/f.csv"},
		{name: "ftp refused", source: "ep", url: "ftp://example.org/f.csv", wantErr: "only http and https"},
		{name: "no host", source: "ep", url: "https:///f.csv", wantErr: "no host"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := &Fetcher{CacheDir: "/cache"}
			job, err := f.newJob(tc.source, tc.url)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if want := filepath.Join("/cache", filepath.FromSlash(tc.want)); job.path != want {
				t.Errorf("path = %s, want %s", job.path, want)
			}
		})
	}
}

func TestFetchRejectsBadContact(t *testing.T) {
	srv := newFetchServer(t, serve([]byte("x")))
	f := testFetcher(t, t.TempDir())
	f.Contact = "a@b.org\r\nX-Evil: 1"
	_, err := f.Fetch(context.Background(), "oews", srv.URL+"/x.csv")
	if err == nil || !strings.Contains(err.Error(), "contact") {
		t.Fatalf("error %v: want a contact error", err)
	}
	if srv.attempts() != 0 {
		t.Error("a request was sent")
	}
}

func TestFetchZipURLServingHTML(t *testing.T) {
	srv := newFetchServer(t, serve([]byte("<html>Access Denied</html>"), "Content-Type", "text/html"))
	cache := t.TempDir()
	f := testFetcher(t, cache)
	_, err := f.Fetch(context.Background(), "oews", srv.URL+"/oesm23nat.zip")
	if err == nil || !strings.Contains(err.Error(), "expected a zip archive") || !strings.Contains(err.Error(), "text/html") {
		t.Fatalf("error %v: want an expected-zip error", err)
	}
	if got := tree(t, cache); len(got) != 1 { // the source directory only
		t.Errorf("cache holds %v", got)
	}
}
