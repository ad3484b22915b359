package main

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/wagescope/wagescope/internal/dbtest"
)

func TestReadLines(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		lines   []string
		numbers []int
	}{
		{"empty", "", nil, nil},
		{"blank lines skipped, numbers kept", "\nMLT\n  \n Phlebotomist \n", []string{"MLT", "Phlebotomist"}, []int{2, 4}},
		{"no final newline", "a\r\nb", []string{"a", "b"}, []int{1, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines, numbers, err := readLines(strings.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(lines, tt.lines) || !slices.Equal(numbers, tt.numbers) {
				t.Errorf("got %q at %v, want %q at %v", lines, numbers, tt.lines, tt.numbers)
			}
		})
	}
}

func TestReadLinesNamesTheLineTooLong(t *testing.T) {
	_, _, err := readLines(strings.NewReader("MLT\n" + strings.Repeat("x", 2<<20) + "\n"))
	if err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("got %v, want an error naming line 2", err)
	}
}

// A stored title index that does not read back is built again, with the
// same answers and a warning that says so; the next run that maps titles
// stores a good one, and the warning goes.
func TestUnreadableStoredTitleIndexWarns(t *testing.T) {
	cfg, dir := sampleCopy(t)
	mustCLI(t, "--config", cfg, "--quiet", "run")
	args := []string{"--config", cfg, "rates", "--occupation", "medical technologist", "--format", "csv"}
	want := mustCLI(t, args...)
	published := filepath.Join(dir, "out", "wagescope.duckdb")
	dbtest.Exec(t, published, "UPDATE map_postings__title_index SET title_index = 'not zstd'::BLOB")
	tests := []struct {
		name string
		warn bool
	}{
		{"after the index was damaged", true},
		{"after a run that maps titles again", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := cli(t, "", args...)
			if code != 0 || out != want {
				t.Fatalf("exit %d, answer %q, want %q (stderr %s)", code, out, want, errOut)
			}
			if got := strings.Contains(errOut, "stored title index unreadable"); got != tt.warn {
				t.Errorf("warned %v, want %v: %s", got, tt.warn, errOut)
			}
		})
		mustCLI(t, "--config", cfg, "--quiet", "run", "--force")
	}
}
