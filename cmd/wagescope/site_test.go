package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// readTree returns every file below dir by slash-separated relative path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		b, err := os.ReadFile(path)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// diffTrees lists the paths whose bytes differ or exist in one tree only.
func diffTrees(a, b map[string][]byte) []string {
	var out []string
	for name, x := range a {
		if y, ok := b[name]; !ok || !bytes.Equal(x, y) {
			out = append(out, name)
		}
	}
	for name := range b {
		if _, ok := a[name]; !ok {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// runSample runs the shipped sample end to end into a fresh directory and
// returns the site's files.
func runSample(t *testing.T) map[string][]byte {
	t.Helper()
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	mustCLI(t, "--config", filepath.Join("..", "..", "config.yaml"), "--db", filepath.Join(dir, "w.duckdb"),
		"--out", site, "--quiet", "run")
	return readTree(t, site)
}

// runBlock is the index's metadata block, the one place the run's time and
// id are printed.
var runBlock = regexp.MustCompile(`(?s)<section id="run">.*?</section>`)

// Two runs on the same inputs write byte-identical sites, exports included;
// without SOURCE_DATE_EPOCH the only difference is the run metadata block.
func TestTwoRunsWriteByteIdenticalSites(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	first := runSample(t)
	second := runSample(t)
	if diff := diffTrees(first, second); len(diff) > 0 {
		t.Errorf("two runs with SOURCE_DATE_EPOCH differ in %d files: %v", len(diff), diff)
	}
	var html, exports int
	for name := range first {
		switch {
		case strings.HasSuffix(name, ".html"):
			html++
		case strings.HasPrefix(name, "exports/") && strings.HasSuffix(name, ".parquet"):
			exports++
		}
	}
	if html < 10 || exports < 5 {
		t.Fatalf("site has %d pages and %d Parquet exports; the sample should give more", html, exports)
	}
	if !strings.Contains(string(first["index.html"]), "<dt>Generated at</dt><dd>2023-11-14T22:13:20Z</dd>") {
		t.Errorf("index does not show SOURCE_DATE_EPOCH as the generation time")
	}

	t.Setenv("SOURCE_DATE_EPOCH", "")
	live := runSample(t)
	diff := diffTrees(first, live)
	if len(diff) != 1 || diff[0] != "index.html" {
		t.Fatalf("a run at the wall-clock time differs in %v, want index.html only", diff)
	}
	a := runBlock.ReplaceAll(first["index.html"], nil)
	b := runBlock.ReplaceAll(live["index.html"], nil)
	if !bytes.Equal(a, b) || len(a) == len(first["index.html"]) {
		t.Errorf("index.html differs outside its run metadata block")
	}
}

func TestSourceDateEpochMustBeSeconds(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "yesterday")
	code, _, errOut := cli(t, "", "--config", filepath.Join("..", "..", "config.yaml"), "--db", filepath.Join(t.TempDir(), "w.duckdb"), "run")
	if code != 2 || !strings.Contains(errOut, "SOURCE_DATE_EPOCH") {
		t.Errorf("exit %d, stderr %q; want 2 naming SOURCE_DATE_EPOCH", code, errOut)
	}
}
