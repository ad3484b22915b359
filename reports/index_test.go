package reports

import (
	"fmt"
	"strings"
	"testing"

	"github.com/wagescope/wagescope/pipeline/store"
)

// TestSearchText: an aggregate's row is found by the titles of the
// detailed occupations it covers and their other names, each word once.
func TestSearchText(t *testing.T) {
	tests := []struct {
		name string
		occ  store.Occupation
		want string
	}{
		{"aggregate with covered titles and a reported title", store.Occupation{Code: "29-2010",
			Title: "Clinical Laboratory Technologists and Technicians", SOCCodes: "29-2011, 29-2012",
			SearchTitles: []string{"Medical and Clinical Laboratory Technicians", "Medical and Clinical Laboratory Technologists", "Medical Technologist (MT)"}},
			"29-2010 clinical laboratory technologists and technicians 29-2011, 29-2012 medical technologist (mt)"},
		{"team assemblers under 51-2090", store.Occupation{Code: "51-2090", Title: "Miscellaneous Assemblers and Fabricators",
			SOCCodes: "51-2092, 51-2099", SearchTitles: []string{"Assemblers and Fabricators, All Other", "Team Assemblers"}},
			"51-2090 miscellaneous assemblers and fabricators 51-2092, 51-2099 fabricators, all other team"},
		{"no other names", store.Occupation{Code: "11-1011", Title: "Chief Executives"}, "11-1011 chief executives"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := newIndexEntry(occupationData{occ: tc.occ}, false).Search; got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

// TestFreshness uses the shared data's sources: one of ten postings files
// has a configured release (2020), but the posted pay runs 2011–2025; the
// O*NET files state no version.
func TestFreshness(t *testing.T) {
	posted := func(code string, from, to int) indexEntry {
		cell := postedRow("US", "U.S.", "national", "ALL", "ALL", 40, 1, 2, 3, 4, 5)
		cell.OccupationCode = code
		cell.SetPostedYears(from, to)
		return newIndexEntry(occupationData{occ: store.Occupation{Code: code}, posted: []store.WageStat{cell}}, false)
	}
	entries := []indexEntry{posted("11-2022", 2011, 2019), posted("15-2051", 2017, 2025), posted("11-9121", 2012, 2024),
		newIndexEntry(occupationData{occ: store.Occupation{Code: "29-2010"}}, false)}
	files := []store.SourceFile{
		{Kind: "postings", Name: "glassdoor-2020", Release: "2020"},
		{Kind: "titles", Name: "onet-alternate-titles", Release: "onet"},
		{Kind: "titles", Name: "onet-reported-titles", Release: "onet"},
		{Kind: "oews", Name: "oews-national", Release: "2023-05"},
		{Kind: "oews", Name: "oews-national", Release: "2022-05"},
	}
	for _, name := range []string{"glassdoor-uncleaned", "ds-salaries-2020-2022", "ds-salaries-2023", "aijobs-2025",
		"ds-salaries-2024", "linkedin-2023", "nyc-jobs-2019", "nyc-jobs-2022", "h1b-2016"} {
		files = append(files, store.SourceFile{Kind: "postings", Name: name})
	}
	tests := []struct {
		name    string
		files   []store.SourceFile
		entries []indexEntry
		want    []string
	}{
		{"shared data", files, entries, []string{
			"OEWS wage estimates | May 2023 | May 2022, May 2023 | 2",
			"Job postings | 2025 | pay from 2011–2025 | 10",
			"O*NET titles | — | — | 2",
		}},
		{"postings without dates keep their release", files[:1], entries[3:], []string{"Job postings | 2020 | 2020 | 1"}},
		{"one posting year", files[:1], []indexEntry{posted("15-2051", 2020, 2020)}, []string{"Job postings | 2020 | pay from 2020 | 1"}},
		{"an O*NET version", []store.SourceFile{{Kind: "titles", Release: "onet-30.0"}}, nil, []string{"O*NET titles | O*NET 30.0 | O*NET 30.0 | 1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, r := range freshness(tc.files, tc.entries) {
				got = append(got, fmt.Sprintf("%s | %s | %s | %d", r.Kind, r.Newest, r.Releases, r.Files))
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// The sources table names releases as the pages do, and says when an
// O*NET list does not state its version instead of printing "onet".
func TestSourceReleaseLabel(t *testing.T) {
	tests := []struct {
		kind, release, want string
	}{
		{"oews", "2023-05", "May 2023"},
		{"projections", "2022-2032", "2022-2032"},
		{"titles", "onet", "version not stated"},
		{"titles", "onet-30.0", "O*NET 30.0"},
		{"postings", "", ""},
		{"cpi", "2025-09", "2025-09"},
	}
	for _, tt := range tests {
		if got := sourceReleaseLabel(store.SourceFile{Kind: tt.kind, Release: tt.release}); got != tt.want {
			t.Errorf("%s %q: got %q, want %q", tt.kind, tt.release, got, tt.want)
		}
	}
}
