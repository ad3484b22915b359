package reports

import (
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
