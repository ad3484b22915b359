package main

import (
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// Random sequences of nights over three postings sources (two globs and a
// single file), each night adding, deleting, replacing, renaming or moving
// files, dropping, restoring or reordering sources, or changing a reference
// title or the CPI: after every night
// the published database equals a full rebuild of the same files. The
// hand-written nights of TestIncrementalRebuildMatchesFullRebuild each test
// one case; these test the cases one after another, as a real year of
// nights would meet them. WAGESCOPE_RANDOM_NIGHTS=N runs seeds 1..N (CI
// runs seed 1).
func TestRandomNightsMatchFullRebuild(t *testing.T) {
	seeds := 1
	if s := os.Getenv("WAGESCOPE_RANDOM_NIGHTS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("WAGESCOPE_RANDOM_NIGHTS=%q: want a number of seeds", s)
		}
		seeds = n
	}
	for seed := 1; seed <= seeds; seed++ {
		t.Run(fmt.Sprintf("seed%d", seed), func(t *testing.T) {
			runRandomNights(t, uint64(seed), 8)
		})
	}
}

// nightSources is the postings side of a random-nights configuration.
type nightSources struct {
	dir     string
	order   []string        // source names, in configuration order
	dropped map[string]bool // sources taken out of the configuration
}

// globSources are the sources read through a glob (a directory each);
// singleSource is read from one path, replaced in place.
var globSources = []string{"gd-a", "gd-b"}

const singleSource = "gd-c"

func (s *nightSources) path(source string) string {
	if source == singleSource {
		return filepath.Join(s.dir, "data", "nights", "c.csv")
	}
	return filepath.Join(s.dir, "data", "nights", source, "gd_*.csv")
}

// files lists a glob source's files (filepath.Glob sorts them).
func (s *nightSources) files(t *testing.T, source string) []string {
	t.Helper()
	m, err := filepath.Glob(s.path(source))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// config is the sample's configuration with its postings source replaced
// by the enabled night sources, in order.
func (s *nightSources) config(t *testing.T, base string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString(base)
	for _, name := range s.order {
		if s.dropped[name] {
			continue
		}
		fmt.Fprintf(&b, "  - name: %s\n    kind: postings\n    path: %q\n    preset: glassdoor\n    release: \"2020\"\n", name, s.path(name))
	}
	return b.String()
}

// postingsFile makes a file of random sample rows, some repeated and some
// changed, in the sample's CSV layout.
func postingsFile(t *testing.T, rng *rand.Rand, header []string, rows [][]string) string {
	t.Helper()
	const (
		title, pay, location = 1, 2, 6
	)
	var b strings.Builder
	w := csv.NewWriter(&b)
	if err := w.Write(header); err != nil {
		t.Fatal(err)
	}
	titles := []string{"Medical Technologist", "Clinical Laboratory Scientist (Nights)", "Senior Data Scientist", "Data Analyst II"}
	places := []string{"Sacramento, CA", "Austin, TX", "Remote", "New York, NY"}
	for range 3 + rng.IntN(20) {
		rec := slices.Clone(rows[rng.IntN(len(rows))])
		switch rng.IntN(10) {
		case 0: // pay texts from a small pool, so files share keys
			lo := 40 + 5*rng.IntN(6)
			rec[pay] = fmt.Sprintf("$%dK-$%dK (Glassdoor est.)", lo, lo+30)
		case 1:
			rec[title] = titles[rng.IntN(len(titles))]
		case 2:
			rec[location] = places[rng.IntN(len(places))]
		case 3: // a reject: no pay
			rec[pay] = "$0K-$0K (Glassdoor est.)"
		}
		if err := w.Write(rec); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// newName returns a file name in dir that no file has yet, so a new file
// sorts anywhere among the staged ones.
func newName(rng *rand.Rand, dir string) string {
	for {
		p := filepath.Join(dir, fmt.Sprintf("gd_%c%c.csv", 'a'+rune(rng.IntN(26)), 'a'+rune(rng.IntN(26))))
		if _, err := os.Stat(p); os.IsNotExist(err) {
			return p
		}
	}
}

func runRandomNights(t *testing.T, seed uint64, nights int) {
	rng := rand.New(rand.NewPCG(seed, 0x6e6967687473))
	cfg, dir := sampleCopy(t)
	f, err := os.Open(filepath.Join(dir, "data", "sample", "glassdoor_jobs_sample.csv"))
	if err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	header, rows := records[0], records[1:]
	body := readFile(t, cfg)
	cut := strings.Index(body, "  - name: glassdoor-2020-sample")
	if cut < 0 {
		t.Fatal("config.yaml has no glassdoor-2020-sample source")
	}
	base := body[:cut]

	src := &nightSources{dir: dir, order: []string{"gd-a", "gd-b", singleSource}, dropped: map[string]bool{}}
	for _, g := range globSources {
		if err := os.MkdirAll(filepath.Dir(src.path(g)), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	writeFile(t, src.path(singleSource), postingsFile(t, rng, header, rows))
	writeFile(t, newName(rng, filepath.Dir(src.path("gd-a"))), postingsFile(t, rng, header, rows))
	writeFile(t, newName(rng, filepath.Dir(src.path("gd-a"))), postingsFile(t, rng, header, rows))
	writeFile(t, newName(rng, filepath.Dir(src.path("gd-b"))), postingsFile(t, rng, header, rows))
	writeFile(t, cfg, src.config(t, base))
	mustCLI(t, "--config", cfg, "--quiet", "run", "--skip", "report")
	published := filepath.Join(dir, "out", "wagescope.duckdb")

	patched := 0
	for night := 1; night <= nights; night++ {
		var did []string
		for range 1 + rng.IntN(2) {
			did = append(did, randomEdit(t, rng, src, header, rows))
		}
		writeFile(t, cfg, src.config(t, base))
		what := fmt.Sprintf("night %d (%s)", night, strings.Join(did, "; "))
		if code, _, errOut := cli(t, "", "--config", cfg, "--quiet", "run", "--skip", "report"); code != 0 {
			t.Fatalf("%s: exit %d\n%s", what, code, errOut)
		}
		_, stages := lastRun(t, cfg)
		staging := ""
		for _, s := range stages {
			if s.Stage == "staging" {
				staging = s.Detail
			}
		}
		if strings.Contains(staging, "new file(s) staged") {
			patched++
		}
		full := filepath.Join(dir, "full", fmt.Sprintf("night%d.duckdb", night))
		mustCLI(t, "--config", cfg, "--quiet", "--db", full, "--out", filepath.Join(dir, "full", "site"), "run", "--force", "--skip", "report")
		if diff := tableDiff(t, published, full); diff != "" {
			t.Fatalf("%s: the incremental build differs from a full rebuild:\n%s", what, diff)
		}
		t.Logf("%s: the same as a full rebuild; staging: %s", what, staging)
	}
	// Not vacuous: some nights patched the staged postings instead of
	// staging them all again.
	if patched == 0 {
		t.Errorf("no night of seed %d patched the staged postings", seed)
	}
}

// randomEdit makes one night's change to the postings sources and says
// what it was.
func randomEdit(t *testing.T, rng *rand.Rand, src *nightSources, header []string, rows [][]string) string {
	t.Helper()
	glob := globSources[rng.IntN(len(globSources))]
	other := globSources[0]
	if glob == other {
		other = globSources[1]
	}
	files := src.files(t, glob)
	rel := func(p string) string { return filepath.Base(filepath.Dir(p)) + "/" + filepath.Base(p) }
	switch rng.IntN(10) {
	case 0, 1:
		p := newName(rng, filepath.Dir(src.path(glob)))
		writeFile(t, p, postingsFile(t, rng, header, rows))
		return "added " + rel(p)
	case 2:
		if len(files) < 2 { // a glob that matches nothing fails its source
			break
		}
		p := files[rng.IntN(len(files))]
		if err := os.Remove(p); err != nil {
			t.Fatal(err)
		}
		return "deleted " + rel(p)
	case 3:
		p := src.path(singleSource)
		if rng.IntN(2) == 0 {
			p = files[rng.IntN(len(files))]
		}
		writeFile(t, p, postingsFile(t, rng, header, rows))
		return "replaced " + rel(p)
	case 4:
		p := files[rng.IntN(len(files))]
		to := newName(rng, filepath.Dir(p))
		if err := os.Rename(p, to); err != nil {
			t.Fatal(err)
		}
		return "renamed " + rel(p) + " to " + rel(to)
	case 5: // the same base name in the other source: moved, or copied
		p := files[rng.IntN(len(files))]
		to := filepath.Join(filepath.Dir(src.path(other)), filepath.Base(p))
		if _, err := os.Stat(to); err == nil {
			break
		}
		writeFile(t, to, readFile(t, p))
		if len(files) > 1 && rng.IntN(2) == 0 {
			if err := os.Remove(p); err != nil {
				t.Fatal(err)
			}
			return "moved " + rel(p) + " to " + rel(to)
		}
		return "copied " + rel(p) + " to " + rel(to)
	case 6:
		src.dropped[glob] = !src.dropped[glob]
		if src.dropped[glob] {
			return "source " + glob + " taken out"
		}
		return "source " + glob + " back"
	case 7:
		i, j := rng.IntN(len(src.order)), rng.IntN(len(src.order))
		src.order[i], src.order[j] = src.order[j], src.order[i]
		return "sources in order " + strings.Join(src.order, ", ")
	case 8: // a reference title of the classifier: the maps are built afresh
		oews := filepath.Join(src.dir, "data", "sample", "national_M2022_dl.csv")
		if strings.Contains(readFile(t, oews), "Customer Data Scientist") {
			editLines(t, oews, "27-2011", "Customer Data Scientist", "Actors")
			return "OEWS title 27-2011 back to Actors"
		}
		editLines(t, oews, "27-2011", "Actors", "Customer Data Scientist")
		return "OEWS title 27-2011 now Customer Data Scientist"
	case 9: // CPI, which dollars of another year are converted by
		cpi := filepath.Join(src.dir, "data", "sample", "cu.data.1.AllItems.sample")
		if strings.Contains(readFile(t, cpi), "305.702") {
			editLines(t, cpi, "\t2023\tM13\t", "305.702", "304.702")
		} else {
			editLines(t, cpi, "\t2023\tM13\t", "304.702", "305.702")
		}
		return "CPI 2023 average edited"
	}
	return "nothing"
}
