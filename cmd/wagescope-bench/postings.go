package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/wagescope/wagescope/internal/filehash"
	"github.com/wagescope/wagescope/internal/synth"
)

// titleLists are the O*NET lists the postings' titles are drawn from.
func titleLists(o options) []string {
	return []string{
		filepath.Join(o.shared, "bls/crosswalks/onet/Alternate Titles.xlsx"),
		filepath.Join(o.shared, "bls/crosswalks/onet/Sample of Reported Titles.xlsx"),
	}
}

// loadTitles reads o's title lists once however many sizes ask.
func loadTitles(ctx context.Context, o options) func() ([]synth.Title, error) {
	return sync.OnceValues(func() ([]synth.Title, error) { return synth.LoadTitles(ctx, titleLists(o)...) })
}

// ensurePostings returns the CSV of n synthetic postings for o.seed and its
// manifest entry, generating it unless reusablePostings accepts the one
// already there (drawn from the same title lists, o.titles).
func ensurePostings(ctx context.Context, o options, n int) (string, synth.ManifestFile, error) {
	titles, err := o.titles()
	if err != nil {
		return "", synth.ManifestFile{}, err
	}
	dir := filepath.Join(o.dir, fmt.Sprintf("postings-n%d-seed%d", n, o.seed))
	if csvPath, file, err := reusablePostings(dir, n, o.seed, synth.TitlesDigest(titles)); err == nil {
		return csvPath, file, nil
	} else if !errors.Is(err, errNotGenerated) {
		fmt.Fprintf(os.Stderr, "regenerating %d postings: %v\n", n, err)
	}
	start := time.Now()
	m, err := synth.Generate(ctx, dir, synth.Options{Rows: n, Seed: o.seed, Titles: titles, TitleFiles: titleLists(o)}, []string{synth.FormatCSV})
	if err != nil {
		return "", synth.ManifestFile{}, err
	}
	name := synth.FileName(n, synth.FormatCSV)
	file, ok := manifestFile(m, name)
	if !ok {
		return "", synth.ManifestFile{}, fmt.Errorf("%s: the generator's manifest lists no %s", dir, name)
	}
	csvPath := filepath.Join(dir, name)
	fmt.Fprintf(os.Stderr, "generated %d postings in %.1f s: %s\n", n, time.Since(start).Seconds(), csvPath)
	return csvPath, file, nil
}

// errNotGenerated is a postings directory without a manifest: none yet,
// or a generator that stopped before writing it.
var errNotGenerated = errors.New("not generated")

// reusablePostings returns the CSV in dir and its manifest entry when the
// manifest says this generator version wrote n rows for seed from the title
// list whose digest is titlesSHA (synth.TitlesDigest), and the file
// still has the size and SHA-256 it recorded: a file from an older
// generator, cut short or edited would be timed as n postings it is not.
// Hashing reads the whole file (seconds at 10M rows); it is not timed. The
// error says why not; errNotGenerated when there is no manifest.
func reusablePostings(dir string, n int, seed uint64, titlesSHA string) (string, synth.ManifestFile, error) {
	csvPath := filepath.Join(dir, synth.FileName(n, synth.FormatCSV))
	b, err := os.ReadFile(filepath.Join(dir, synth.ManifestName))
	if errors.Is(err, fs.ErrNotExist) {
		return "", synth.ManifestFile{}, fmt.Errorf("%w: %w", errNotGenerated, err)
	}
	if err != nil {
		return "", synth.ManifestFile{}, err
	}
	var m synth.Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return "", synth.ManifestFile{}, fmt.Errorf("%s: %w", synth.ManifestName, err)
	}
	switch {
	case m.Version != synth.Version:
		return "", synth.ManifestFile{}, fmt.Errorf("made by generator version %q, not %q", m.Version, synth.Version)
	case m.Rows != n || m.Seed != seed:
		return "", synth.ManifestFile{}, fmt.Errorf("the manifest is for %d rows of seed %d, not %d of seed %d", m.Rows, m.Seed, n, seed)
	case m.TitlesSHA256 != titlesSHA:
		return "", synth.ManifestFile{}, fmt.Errorf("drawn from other title lists (digest %.12s, the lists now give %.12s)", m.TitlesSHA256, titlesSHA)
	}
	file, ok := manifestFile(m, filepath.Base(csvPath))
	if !ok {
		return "", synth.ManifestFile{}, fmt.Errorf("the manifest lists no %s", filepath.Base(csvPath))
	}
	if file.Rows != n {
		return "", synth.ManifestFile{}, fmt.Errorf("the manifest says %s holds %d rows, not %d", file.Name, file.Rows, n)
	}
	st, err := os.Stat(csvPath)
	if err != nil {
		return "", synth.ManifestFile{}, fmt.Errorf("%s: %w", file.Name, err)
	}
	if st.Size() != file.Bytes {
		return "", synth.ManifestFile{}, fmt.Errorf("%s has %d bytes, its manifest %d", file.Name, st.Size(), file.Bytes)
	}
	sum, _, err := filehash.SHA256(csvPath)
	if err != nil {
		return "", synth.ManifestFile{}, err
	}
	if sum != file.SHA256 {
		return "", synth.ManifestFile{}, fmt.Errorf("%s has SHA-256 %s, its manifest %s", file.Name, sum, file.SHA256)
	}
	return csvPath, file, nil
}

// manifestFile is m's entry for the file called name.
func manifestFile(m synth.Manifest, name string) (synth.ManifestFile, bool) {
	for _, f := range m.Files {
		if f.Name == name {
			return f, true
		}
	}
	return synth.ManifestFile{}, false
}

// floorRows is how many records of a generated CSV the floor's read_csv
// keeps: all but the ragged ones, which ignore_errors skips (wagescope
// rejects them too). The bare quotes read as text. Checked on DuckDB 1.5:
// 19,964 of 20,000 (8 ragged_long, 28 ragged_short).
func floorRows(f synth.ManifestFile) int64 {
	return int64(f.Rows - f.Bad["ragged_short"] - f.Bad["ragged_long"])
}
