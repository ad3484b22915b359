package pipeline

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

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
			res, err := fetchSource(context.Background(), cfg, src, tc.offline, "0.9.0", nil)
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
