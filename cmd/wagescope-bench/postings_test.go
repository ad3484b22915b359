package main

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/wagescope/wagescope/internal/synth"
)

// testTitles are enough titles for the generator, without the shared lists.
var testTitles = []synth.Title{
	{Title: "Registered Nurse", Code: "29-1141.00"},
	{Title: "Medical Technologist", Code: "29-2011.00"},
	{Title: "Software Developer", Code: "15-1252.00"},
	{Title: "Truck Driver", Code: "53-3032.00"},
	{Title: "Retail Salesperson", Code: "41-2031.00"},
}

// generatePostings writes what ensurePostings would for n rows of seed 1
// under benchDir and returns the CSV's manifest entry.
func generatePostings(t *testing.T, benchDir string, n int) synth.ManifestFile {
	t.Helper()
	dir := filepath.Join(benchDir, "postings-n"+strconv.Itoa(n)+"-seed1")
	m, err := synth.Generate(context.Background(), dir, synth.Options{Rows: n, Seed: 1, Titles: testTitles}, []string{synth.FormatCSV})
	if err != nil {
		t.Fatal(err)
	}
	return m.Files[0]
}

// A generated file is reused only while it is what its manifest says this
// generator wrote for n and the seed; anything else is regenerated.
func TestReusablePostings(t *testing.T) {
	const n = 200
	tests := []struct {
		name    string
		spoil   func(t *testing.T, dir, csvPath string)
		n       int
		seed    uint64
		wantErr string // "" reuses
	}{
		{"as generated", nil, n, 1, ""},
		{"another generator version", editManifest(func(m *synth.Manifest) { m.Version = "0" }), n, 1, `generator version "0"`},
		{"another row count", nil, 300, 1, "not 300 of seed 1"},
		{"another seed", nil, n, 2, "not 200 of seed 2"},
		{"cut short", func(t *testing.T, _, csvPath string) {
			if err := os.Truncate(csvPath, 20480); err != nil {
				t.Fatal(err)
			}
		}, n, 1, "has 20480 bytes"},
		{"a byte changed", func(t *testing.T, _, csvPath string) {
			f, err := os.OpenFile(csvPath, os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if _, err := f.WriteAt([]byte("X"), 5000); err != nil {
				t.Fatal(err)
			}
		}, n, 1, "SHA-256"},
		{"the file gone", func(t *testing.T, _, csvPath string) {
			if err := os.Remove(csvPath); err != nil {
				t.Fatal(err)
			}
		}, n, 1, "no such file"},
		{"no manifest", func(t *testing.T, dir, _ string) {
			if err := os.Remove(filepath.Join(dir, synth.ManifestName)); err != nil {
				t.Fatal(err)
			}
		}, n, 1, "not generated"},
		{"a manifest not JSON", func(t *testing.T, dir, _ string) {
			if err := os.WriteFile(filepath.Join(dir, synth.ManifestName), []byte("{"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, n, 1, "MANIFEST.json"},
		{"the CSV not listed", editManifest(func(m *synth.Manifest) { m.Files = nil }), n, 1, "lists no synthetic_postings_200.csv"},
		{"other title lists", editManifest(func(m *synth.Manifest) { m.TitlesSHA256 = "0123456789abcdef" }), n, 1, "drawn from other title lists (digest 0123456789ab, the lists now give "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bench := t.TempDir()
			want := generatePostings(t, bench, n)
			dir := filepath.Join(bench, "postings-n200-seed1")
			csvPath := filepath.Join(dir, want.Name)
			if tt.spoil != nil {
				tt.spoil(t, dir, csvPath)
			}
			got, file, err := reusablePostings(dir, tt.n, tt.seed, synth.TitlesDigest(testTitles))
			if tt.wantErr == "" {
				if err != nil || got != csvPath || file.SHA256 != want.SHA256 {
					t.Errorf("got %q %s, %v; want %q reused", got, file.SHA256, err, csvPath)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %v, want one with %q", err, tt.wantErr)
			}
			if got := errors.Is(err, errNotGenerated); got != (tt.name == "no manifest") {
				t.Errorf("errors.Is(%v, errNotGenerated) = %v: only a missing manifest regenerates without saying why", err, got)
			}
		})
	}
}

func editManifest(edit func(*synth.Manifest)) func(t *testing.T, dir, _ string) {
	return func(t *testing.T, dir, _ string) {
		path := filepath.Join(dir, synth.ManifestName)
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var m synth.Manifest
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		edit(&m)
		if b, err = json.Marshal(m); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestFloorRows(t *testing.T) {
	tests := []struct {
		name string
		file synth.ManifestFile
		want int64
	}{
		{"no ragged records", synth.ManifestFile{Stats: synth.Stats{Rows: 1000, Bad: map[string]int{"bad_date": 4}}}, 1000},
		{"ragged ones skipped, bare quotes read (DuckDB 1.5 at 20,000)",
			synth.ManifestFile{Stats: synth.Stats{Rows: 20000, Bad: map[string]int{"ragged_long": 8, "ragged_short": 28, "bare_quote": 8}}}, 19964},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := floorRows(tt.file); got != tt.want {
				t.Errorf("floorRows = %d, want %d", got, tt.want)
			}
		})
	}
}
