package pipeline

import (
	"testing"

	"github.com/wagescope/wagescope/pipeline/normalize"
)

// MatchTitles spreads the titles over every core; each answer must land at
// its own title's place.
func TestMatchTitlesKeepsInputOrder(t *testing.T) {
	ix := normalize.NewTitleIndex([]normalize.TitleEntry{
		{Code: "29-2011", Title: "Medical Technologist", Source: "synonym"},
		{Code: "29-2012", Title: "Medical Laboratory Technician", Source: "synonym"},
		{Code: "31-9097", Title: "Phlebotomist", Source: "oews"},
	})
	kinds := []string{"Medical Technologist", "Phlebotomist", "Medical Laboratory Technician", "astronaut"}
	want := []string{"29-2011", "31-9097", "29-2012", ""}
	titles := make([]string, 5000)
	for i := range titles {
		titles[i] = kinds[i%len(kinds)]
	}
	for i, m := range MatchTitles(ix, titles) {
		if m.Code != want[i%len(kinds)] {
			t.Fatalf("title %d %q: code %q, want %q", i, titles[i], m.Code, want[i%len(kinds)])
		}
	}
}
