package pipeline

import (
	"archive/zip"
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wagescope/wagescope/pipeline/ingest"
)

func TestFetchSource(t *testing.T) {
	csv := []byte("OCC_CODE,TOT_EMP\n29-2010,334380\n")
	var zbuf bytes.Buffer
	zw := zip.NewWriter(&zbuf)
	for _, name := range []string{"oesm23nat/national_M2023_dl.csv", "oesm23nat/field_descriptions.csv"} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(csv)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}

	var mu sync.Mutex
	var agents []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		agents = append(agents, r.Header.Get("User-Agent"))
		mu.Unlock()
		if !strings.Contains(r.Header.Get("User-Agent"), "+contact:") {
			http.Error(w, "Access Denied", http.StatusForbidden)
			return
		}
		switch r.URL.Path {
		case "/oes/national.csv":
			w.Write(csv)
		case "/oes/special-requests/oesm23nat.zip":
			w.Write(zbuf.Bytes())
		case "/oes/busy.csv":
			http.Error(w, "busy", http.StatusServiceUnavailable)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()

	cases := []struct {
		name      string
		cache     string // as in the config; "" uses the default
		contact   string
		url       string
		offline   bool
		limits    Config   // its fetch_* keys
		wantFiles []string // relative to the config's directory
		wantErr   []string
		wantIs    error
		requests  int // requests made, when not one
	}{
		{name: "csv", cache: "cache", contact: "analyst@example.org", url: "/oes/national.csv",
			wantFiles: []string{"cache/oews-national-2023/national.csv"}},
		{name: "zip members, default cache", contact: "analyst@example.org", url: "/oes/special-requests/oesm23nat.zip",
			wantFiles: []string{
				"out/cache/oews-national-2023/oesm23nat/oesm23nat/field_descriptions.csv",
				"out/cache/oews-national-2023/oesm23nat/oesm23nat/national_M2023_dl.csv",
			}},
		{name: "no contact", cache: "cache", url: "/oes/national.csv",
			wantErr: []string{"403", "`contact:`", "WAGESCOPE_CONTACT"}, wantIs: ingest.ErrForbidden},
		{name: "offline, nothing cached", cache: "cache", contact: "analyst@example.org", url: "/oes/national.csv", offline: true,
			wantErr: []string{"without --offline"}, wantIs: ingest.ErrNotCached},
		{name: "no url", cache: "cache", wantErr: []string{"no url"}},
		{name: "download over fetch_max_download", cache: "cache", contact: "analyst@example.org", url: "/oes/national.csv",
			limits:  Config{FetchMaxDownload: "16B"},
			wantErr: []string{"more than 16 bytes", "raise fetch_max_download, now 16B"}, wantIs: ingest.ErrDownloadTooLarge},
		{name: "zip over fetch_max_unzipped", cache: "cache", contact: "analyst@example.org", url: "/oes/special-requests/oesm23nat.zip",
			limits:  Config{FetchMaxUnzipped: "40B"},
			wantErr: []string{"raise fetch_max_unzipped, now 40B"}, wantIs: ingest.ErrZipTooLarge},
		{name: "fetch_attempts bounds the retries", cache: "cache", contact: "analyst@example.org", url: "/oes/busy.csv",
			limits:  Config{FetchAttempts: 2, FetchAttemptTimeout: "5s"},
			wantErr: []string{"503"}, requests: 2},
		{name: "bad fetch_attempt_timeout", cache: "cache", contact: "analyst@example.org", url: "/oes/national.csv",
			limits:  Config{FetchAttemptTimeout: "soon"},
			wantErr: []string{`fetch_attempt_timeout: "soon" is not a positive duration`}, requests: -1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			cfg := tc.limits
			cfg.Cache, cfg.Contact, cfg.Dir = tc.cache, tc.contact, dir
			if tc.cache != "" {
				cfg.Cache = filepath.Join(dir, tc.cache) // as Validate resolves it
			}
			src := SourceConfig{Name: "oews-national-2023", Kind: "oews"}
			if tc.url != "" {
				src.URL = srv.URL + tc.url
			}
			mu.Lock()
			agents = nil
			mu.Unlock()
			got, err := fetchSource(context.Background(), cfg, src, fetchOptions{Offline: tc.offline, Version: "0.9.0", Now: time.Now()})
			if tc.wantErr != nil {
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
				mu.Lock()
				defer mu.Unlock()
				if want := max(tc.requests, 0); tc.requests != 0 && len(agents) != want {
					t.Errorf("%d requests, want %d", len(agents), want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 {
				t.Fatalf("%d files fetched, want 1", len(got))
			}
			res := got[0]
			var want []string
			for _, f := range tc.wantFiles {
				want = append(want, filepath.Join(dir, filepath.FromSlash(f)))
			}
			if !slices.Equal(res.Files, want) {
				t.Fatalf("files %v, want %v", res.Files, want)
			}
			for _, f := range res.Files {
				if b, err := os.ReadFile(f); err != nil || !bytes.Equal(b, csv) {
					t.Errorf("%s: %q, %v", f, b, err)
				}
			}
			if res.URL != src.URL || len(res.SHA256) != 64 || res.Bytes == 0 {
				t.Errorf("lineage %+v", res)
			}
			mu.Lock()
			defer mu.Unlock()
			if wantUA := "wagescope/0.9.0 (+contact: " + tc.contact + ")"; len(agents) != 1 || agents[0] != wantUA {
				t.Errorf("User-Agent %q, want one request with %q", agents, wantUA)
			}
		})
	}
}

// A url: with {yy} in it follows BLS's yearly files: the newest release
// found from this year back, or every year from since:; a release not out
// yet is a 404, while a gap below the newest release or a release that was
// downloaded before and is gone fails the source.
func TestFetchReleases(t *testing.T) {
	var mu sync.Mutex
	published := map[string]int{} // path → HTTP status; absent: 404
	var asked []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		asked = append(asked, r.URL.Path)
		switch code, ok := published[r.URL.Path]; {
		case !ok:
			http.NotFound(w, r)
		case code != http.StatusOK:
			http.Error(w, "busy", code)
		default:
			w.Header().Set("ETag", `"`+r.URL.Path+`"`)
			if r.Header.Get("If-None-Match") == `"`+r.URL.Path+`"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Write([]byte("OCC_CODE,TOT_EMP\n29-2010,334380\n"))
		}
	}))
	defer srv.Close()
	file := func(year int) string { return fmt.Sprintf("/oes/oesm%02dnat.csv", year%100) }
	now := time.Date(2026, 11, 21, 3, 0, 0, 0, time.UTC)

	// Steps share one cache, as nights do.
	steps := []struct {
		name      string
		source    string // "": oews-national
		published []int  // years on the server
		busy      int    // a year answering 503
		since     int
		offline   bool
		wantYears []int    // fetched, oldest first
		wantErr   []string // instead
		wantAsked []string // request paths, newest first; nil: not checked
	}{
		{name: "the newest release only", published: []int{2023, 2024}, wantYears: []int{2024},
			wantAsked: []string{file(2026), file(2025), file(2024)}},
		{name: "since: every year from it", published: []int{2022, 2023, 2024}, since: 2022, wantYears: []int{2022, 2023, 2024},
			wantAsked: []string{file(2026), file(2025), file(2024), file(2023), file(2022)}},
		{name: "a new release appears", published: []int{2022, 2023, 2024, 2025}, since: 2022, wantYears: []int{2022, 2023, 2024, 2025}},
		{name: "offline: from the cache", offline: true, since: 2023, wantYears: []int{2023, 2024, 2025}, wantAsked: []string{}},
		{name: "offline: a year not cached", offline: true, since: 2021,
			wantErr: []string{"the 2021 release is missing between since: 2021 and the newest release found", "oesm25nat.csv"}},
		{name: "a gap below the newest", published: []int{2020, 2022, 2023, 2024, 2025}, since: 2020,
			wantErr: []string{"the 2021 release is missing", "404"}},
		{name: "a release downloaded before is gone", published: []int{2022, 2023, 2024}, since: 2022,
			wantErr:   []string{"the 2025 release was downloaded before and is gone now", "404", "published data stays", "oews-national/oesm25nat.csv to go on without it"},
			wantAsked: []string{file(2026), file(2025)}},
		{name: "a server error is not a missing release", published: []int{2022, 2023, 2024, 2025}, busy: 2024, since: 2022,
			wantErr: []string{"503"}},
		{name: "nothing published", source: "oews-new", published: nil,
			wantErr: []string{"no release of " + srv.URL + "/oes/oesm{yy}nat.csv found on the server for 2016–2026"}},
	}
	dir := t.TempDir()
	cfg := Config{Cache: filepath.Join(dir, "cache"), Contact: "analyst@example.org", Dir: dir, FetchAttempts: 1}
	for _, step := range steps {
		mu.Lock()
		clear(published)
		for _, y := range step.published {
			published[file(y)] = http.StatusOK
		}
		if step.busy != 0 {
			published[file(step.busy)] = http.StatusServiceUnavailable
		}
		asked = nil
		mu.Unlock()
		name := cmp.Or(step.source, "oews-national")
		src := SourceConfig{Name: name, Kind: "oews", URL: srv.URL + "/oes/oesm{yy}nat.csv", Since: step.since}
		got, err := fetchSource(context.Background(), cfg, src, fetchOptions{Offline: step.offline, Now: now})
		if step.wantErr != nil {
			if err == nil {
				t.Fatalf("%s: no error, fetched %d files", step.name, len(got))
			}
			for _, s := range step.wantErr {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("%s: error %q lacks %q", step.name, err, s)
				}
			}
		} else if err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		var years []int
		for _, f := range got {
			var yy int
			if _, err := fmt.Sscanf(filepath.Base(f.Path), "oesm%02dnat.csv", &yy); err != nil || f.URL != srv.URL+file(yy) {
				t.Errorf("%s: fetched %s from %s", step.name, f.Path, f.URL)
			}
			years = append(years, 2000+yy)
		}
		if !slices.Equal(years, step.wantYears) {
			t.Errorf("%s: years %v, want %v", step.name, years, step.wantYears)
		}
		mu.Lock()
		if step.wantAsked != nil && !slices.Equal(asked, step.wantAsked) && !(len(asked) == 0 && len(step.wantAsked) == 0) {
			t.Errorf("%s: asked for %v, want %v", step.name, asked, step.wantAsked)
		}
		mu.Unlock()
	}
}

func TestReleaseURL(t *testing.T) {
	tests := []struct {
		template string
		year     int
		want     string
	}{
		{"https://www.bls.gov/oes/special-requests/oesm{yy}nat.zip", 2024, "https://www.bls.gov/oes/special-requests/oesm24nat.zip"},
		{"https://www.bls.gov/oes/special-requests/oesm{yy}nat.zip", 2009, "https://www.bls.gov/oes/special-requests/oesm09nat.zip"},
		{"https://example.org/{yyyy}/national_M{yyyy}_dl.xlsx", 2023, "https://example.org/2023/national_M2023_dl.xlsx"},
	}
	for _, tt := range tests {
		if got := releaseURL(tt.template, tt.year); got != tt.want {
			t.Errorf("releaseURL(%q, %d) = %q, want %q", tt.template, tt.year, got, tt.want)
		}
	}
}

func TestLimitTextNamesTheDefault(t *testing.T) {
	if got := limitText("", "fetch_max_download"); got != "4GiB (the default)" {
		t.Errorf("empty key: %q", got)
	}
	if got := limitText("16B", "fetch_max_download"); got != "16B" {
		t.Errorf("set key: %q", got)
	}
}

// Servers that answer a missing file with an error page and status 200 (a
// "soft 404"): for a .zip release url that page means the year is not out
// yet, while the same page for a year downloaded before still fails.
func TestFetchReleasesSoft404(t *testing.T) {
	var zbuf bytes.Buffer
	zw := zip.NewWriter(&zbuf)
	w, err := zw.Create("oesm24nat/national_M2024_dl.csv")
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("OCC_CODE,TOT_EMP\n29-2010,334380\n"))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	published := true
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if r.URL.Path == "/oes/oesm24nat.zip" && published {
			w.Write(zbuf.Bytes())
			return
		}
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<html><body>The page you requested cannot be found.</body></html>"))
	}))
	defer srv.Close()
	dir := t.TempDir()
	cfg := Config{Cache: filepath.Join(dir, "cache"), Contact: "analyst@example.org", Dir: dir, FetchAttempts: 1}
	src := SourceConfig{Name: "oews-national", Kind: "oews", URL: srv.URL + "/oes/oesm{yy}nat.zip"}
	now := time.Date(2026, 11, 21, 3, 0, 0, 0, time.UTC)

	got, err := fetchSource(context.Background(), cfg, src, fetchOptions{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].URL != srv.URL+"/oes/oesm24nat.zip" || len(got[0].Files) != 1 {
		t.Fatalf("fetched %+v, want the 2024 zip", got)
	}

	mu.Lock()
	published = false
	mu.Unlock()
	_, err = fetchSource(context.Background(), cfg, src, fetchOptions{Now: now})
	if err == nil || !strings.Contains(err.Error(), "the 2024 release was downloaded before and is gone now") || !errors.Is(err, ingest.ErrNotZip) {
		t.Errorf("an error page where a downloaded release was: %v", err)
	}
}

// since: is checked against the day the configuration is validated on: a
// year after it is a typo, not a release to wait for.
func TestValidateSince(t *testing.T) {
	day := time.Date(2026, 11, 22, 3, 0, 0, 0, time.UTC)
	tests := []struct {
		since   int
		wantErr string
	}{
		{since: 2021},
		{since: 2026},
		{since: 2027, wantErr: "since: 2027 is not a survey year between"},
		{since: 1996, wantErr: "since: 1996 is not a survey year between"},
	}
	for _, tt := range tests {
		dir := t.TempDir()
		cfg := Config{
			Dir: dir, Database: "w.duckdb", Output: "out", MinCellSize: 5, KeepSnapshots: 1,
			GuardMedianChangePct: 25, GuardRowChangePct: 50, ChangeThresholdPct: 1, FetchAttempts: 1, ExportCSVCompression: "none",
			Sources: []SourceConfig{{Name: "oews-national", Kind: "oews", URL: "https://www.bls.gov/oes/special-requests/oesm{yy}nat.zip", Since: tt.since}},
		}
		err := cfg.validateAt(day)
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("since %d: %v", tt.since, err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("since %d: error %v, want one containing %q", tt.since, err, tt.wantErr)
		}
	}
}
