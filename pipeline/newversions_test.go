package pipeline

import (
	"slices"
	"testing"
)

// A dropped file is a new version only of a file read this run, each read
// file standing for one dropped file, its own path first.
func TestNewVersionsPairEachReadFileWithOneDroppedFile(t *testing.T) {
	read := func(source, file string) SourceOutcome {
		return SourceOutcome{Source: source, File: file, Status: "ingested"}
	}
	unchanged := func(source, file string) SourceOutcome {
		return SourceOutcome{Source: source, File: file, Status: "unchanged"}
	}
	tests := []struct {
		name     string
		outcomes []SourceOutcome
		dropped  [][2]string
		replaced []bool
	}{
		{"edited in place", []SourceOutcome{read("s", "/d/a.csv")}, [][2]string{{"s", "/d/a.csv"}}, []bool{true}},
		{"data folder moved", []SourceOutcome{read("s", "/new/a.csv"), read("s", "/new/b.csv")},
			[][2]string{{"s", "/old/a.csv"}, {"s", "/old/b.csv"}}, []bool{true, true}},
		{"one of two folders of the same name deleted",
			[]SourceOutcome{unchanged("s", "/d/night2/postings.csv")},
			[][2]string{{"s", "/d/night1/postings.csv"}}, []bool{false}},
		{"a folder added and one deleted: one stands for the other",
			[]SourceOutcome{unchanged("s", "/d/night2/postings.csv"), read("s", "/d/night3/postings.csv")},
			[][2]string{{"s", "/d/night1/postings.csv"}}, []bool{true}},
		{"two deleted, one read again in place: only that one replaced",
			[]SourceOutcome{read("s", "/d/night2/postings.csv")},
			[][2]string{{"s", "/d/night1/postings.csv"}, {"s", "/d/night2/postings.csv"}}, []bool{false, true}},
		{"another source's file of the same name", []SourceOutcome{read("t", "/d/a.csv")},
			[][2]string{{"s", "/d/a.csv"}}, []bool{false}},
		{"removed", nil, [][2]string{{"s", "/d/a.csv"}}, []bool{false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []bool
			for i, d := range newVersions(tt.outcomes, tt.dropped) {
				if d.source != tt.dropped[i][0] || d.file != tt.dropped[i][1] {
					t.Fatalf("file %d is %s %s, want %v", i, d.source, d.file, tt.dropped[i])
				}
				got = append(got, d.replaced)
			}
			if !slices.Equal(got, tt.replaced) {
				t.Errorf("replaced %v, want %v", got, tt.replaced)
			}
		})
	}
}
