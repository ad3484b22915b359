package normalize

import (
	"encoding/csv"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/wagescope/wagescope/internal/shareddata"
)

// The reference tables the project ships, read as the pipeline reads them.
const (
	placeStatesCSV      = "../../data/states.csv"
	placeMetrosCSV      = "../../data/metros.csv"
	placeMetroCitiesCSV = "../../data/metro_cities.csv"
)

var (
	placeIndexOnce sync.Once
	placeIndexVal  *PlaceIndex
	placeIndexErr  error
)

// testPlaceIndex builds the index from data/states.csv, data/metros.csv and
// data/metro_cities.csv.
func testPlaceIndex(t testing.TB) *PlaceIndex {
	t.Helper()
	placeIndexOnce.Do(func() {
		states, err := readPlaceCSV(placeStatesCSV, "state_fips", "state_postal", "state_name")
		if err != nil {
			placeIndexErr = err
			return
		}
		metros, err := readPlaceCSV(placeMetrosCSV, "cbsa_code", "cbsa_title", "kind")
		if err != nil {
			placeIndexErr = err
			return
		}
		cities, err := readPlaceCSV(placeMetroCitiesCSV, "cbsa_code", "city", "state")
		if err != nil {
			placeIndexErr = err
			return
		}
		var srefs []StateRef
		for _, r := range states {
			srefs = append(srefs, StateRef{FIPS: r[0], Postal: r[1], Name: r[2]})
		}
		var mrefs []MetroRef
		at := map[string]int{}
		for _, r := range metros {
			at[r[0]] = len(mrefs)
			mrefs = append(mrefs, MetroRef{CBSA: r[0], Title: r[1], Kind: r[2]})
		}
		for _, r := range cities {
			i, ok := at[r[0]]
			if !ok {
				t.Errorf("%s: city %s, %s has CBSA %s, which is not in %s", placeMetroCitiesCSV, r[1], r[2], r[0], placeMetrosCSV)
				continue
			}
			mrefs[i].Cities = append(mrefs[i].Cities, CityRef{City: r[1], State: r[2]})
		}
		placeIndexVal = NewPlaceIndex(srefs, mrefs)
	})
	if placeIndexErr != nil {
		t.Fatal(placeIndexErr)
	}
	return placeIndexVal
}

// readPlaceCSV returns the named columns of every row of a CSV file whose
// header has them.
func readPlaceCSV(path string, cols ...string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, err
	}
	idx := make([]int, len(cols))
	for i, c := range cols {
		idx[i] = -1
		for j, h := range recs[0] {
			if h == c {
				idx[i] = j
			}
		}
		if idx[i] < 0 {
			return nil, &os.PathError{Op: "read", Path: path, Err: os.ErrInvalid}
		}
	}
	var out [][]string
	for _, r := range recs[1:] {
		row := make([]string, len(cols))
		for i, j := range idx {
			row[i] = r[j]
		}
		out = append(out, row)
	}
	return out, nil
}

// placeCase is one row of TestParsePlace. parts, when set, are the city,
// state and country fields given to ParseParts instead of in to Parse.
type placeCase struct {
	name    string
	in      string
	dc      string // defaultCountry
	parts   []string
	city    string
	state   string
	fips    string
	cbsa    string
	country string
	postal  string
	remote  bool
	hybrid  bool
	method  string
}

func TestParsePlace(t *testing.T) {
	ix := testPlaceIndex(t)
	tests := []placeCase{
		// glassdoor_ds_jobs_kenjee_2020, Location
		{name: "glassdoor kenjee: city, ST", in: "Albuquerque, NM", dc: "US", city: "Albuquerque", state: "NM", fips: "35", cbsa: "10740", country: "US", method: "city,state"},
		{name: "glassdoor kenjee: New York", in: "New York, NY", dc: "US", city: "New York", state: "NY", fips: "36", cbsa: "35620", country: "US", method: "city,state"},
		{name: "glassdoor kenjee: Washington, DC", in: "Washington, DC", dc: "US", city: "Washington", state: "DC", fips: "11", cbsa: "47900", country: "US", method: "city,state"},
		{name: "glassdoor kenjee: hyphenated city", in: "Winston-Salem, NC", dc: "US", city: "Winston-Salem", state: "NC", fips: "37", cbsa: "49180", country: "US", method: "city,state"},
		{name: "glassdoor kenjee: Saint spelled out", in: "Saint Louis, MO", dc: "US", city: "Saint Louis", state: "MO", fips: "29", cbsa: "41180", country: "US", method: "city,state"},
		{name: "glassdoor kenjee: county between city and state", in: "Santa Fe Springs, Los Angeles, CA", dc: "US", city: "Santa Fe Springs", state: "CA", fips: "06", cbsa: "31080", country: "US", method: "city,state"},
		{name: "glassdoor kenjee: abbreviated city", in: "Phila, PA", dc: "US", city: "Phila", state: "PA", fips: "42", cbsa: "37980", country: "US", method: "city,state"},
		{name: "glassdoor kenjee: second city of a two-state CBSA", in: "Vancouver, WA", dc: "US", city: "Vancouver", state: "WA", fips: "53", cbsa: "38900", country: "US", method: "city,state"},
		{name: "glassdoor kenjee: city of a metropolitan division", in: "Cambridge, MA", dc: "US", city: "Cambridge", state: "MA", fips: "25", cbsa: "14460", country: "US", method: "city,state"},
		{name: "glassdoor kenjee: same name in another state", in: "Cambridge, MD", dc: "US", city: "Cambridge", state: "MD", fips: "24", cbsa: "15700", country: "US", method: "city,state"},
		{name: "glassdoor kenjee: division city of a four-state CBSA", in: "Arlington, VA", dc: "US", city: "Arlington", state: "VA", fips: "51", cbsa: "47900", country: "US", method: "city,state"},
		{name: "glassdoor kenjee: Columbia MD", in: "Columbia, MD", dc: "US", city: "Columbia", state: "MD", fips: "24", cbsa: "12580", country: "US", method: "city,state"},
		{name: "glassdoor kenjee: Columbia SC", in: "Columbia, SC", dc: "US", city: "Columbia", state: "SC", fips: "45", cbsa: "17900", country: "US", method: "city,state"},
		{name: "glassdoor kenjee: Rochester MN", in: "Rochester, MN", dc: "US", city: "Rochester", state: "MN", fips: "27", cbsa: "40340", country: "US", method: "city,state"},
		{name: "glassdoor kenjee: Rochester NY", in: "Rochester, NY", dc: "US", city: "Rochester", state: "NY", fips: "36", cbsa: "40380", country: "US", method: "city,state"},
		{name: "glassdoor kenjee: Springfield MO", in: "Springfield, MO", dc: "US", city: "Springfield", state: "MO", fips: "29", cbsa: "44180", country: "US", method: "city,state"},
		{name: "glassdoor kenjee: Springfield VA is no principal city", in: "Springfield, VA", dc: "US", city: "Springfield", state: "VA", fips: "51", country: "US", method: "city,state"},
		{name: "glassdoor kenjee: a city name only another state has", in: "Atlanta, IN", dc: "US", city: "Atlanta", state: "IN", fips: "18", country: "US", method: "city,state"},
		{name: "glassdoor kenjee: 2018 principal city", in: "Mountain View, CA", dc: "US", city: "Mountain View", state: "CA", fips: "06", cbsa: "41940", country: "US", method: "city,state"},
		{name: "glassdoor kenjee: extra city", in: "McLean, VA", dc: "US", city: "McLean", state: "VA", fips: "51", cbsa: "47900", country: "US", method: "city,state"},
		{name: "glassdoor kenjee: Boise City CBSA", in: "Boise, ID", dc: "US", city: "Boise", state: "ID", fips: "16", cbsa: "14260", country: "US", method: "city,state"},
		{name: "glassdoor kenjee: Puerto Rico", in: "Juncos, PR", dc: "US", city: "Juncos", state: "PR", fips: "72", country: "PR", method: "city,state"},
		{name: "glassdoor kenjee: state alone", in: "Maryland", dc: "US", state: "MD", fips: "24", country: "US", method: "state name"},
		{name: "glassdoor kenjee: country", in: "United States", dc: "US", country: "US", method: "country name"},
		{name: "glassdoor kenjee: unknown city keeps its state", in: "Georgia Southern, GA", dc: "US", city: "Georgia Southern", state: "GA", fips: "13", country: "US", method: "city,state"},
		// glassdoor_ds_jobs_kenjee_2020, Headquarters
		{name: "glassdoor hq: Mc Lean with a space", in: "Mc Lean, VA", dc: "US", city: "Mc Lean", state: "VA", fips: "51", cbsa: "47900", country: "US", method: "city,state"},
		{name: "glassdoor hq: city in capitals, country", in: "OSAKA, Japan", dc: "US", city: "Osaka", country: "JP", method: "city,country"},
		{name: "glassdoor hq: Bermuda", in: "Hamilton, Bermuda", dc: "US", city: "Hamilton", country: "BM", method: "city,country"},
		{name: "glassdoor hq: city-state", in: "Singapore, Singapore", dc: "US", city: "Singapore", country: "SG", method: "city,country"},
		{name: "glassdoor hq: missing value", in: "-1", dc: "US", method: "unknown"},
		{name: "glassdoor hq: place in no CBSA", in: "Research Triangle Park, NC", dc: "US", city: "Research Triangle Park", state: "NC", fips: "37", country: "US", method: "city,state"},
		// glassdoor_uncleaned_ds_jobs, Location and Headquarters
		{name: "glassdoor uncleaned: remote", in: "Remote", dc: "US", country: "US", remote: true, method: "remote"},
		{name: "glassdoor uncleaned: county code after the city", in: "New York, 061", dc: "US", state: "NY", fips: "36", country: "US", method: "state name"},
		{name: "glassdoor uncleaned: city, county, state", in: "Patuxent, Anne Arundel, MD", dc: "US", city: "Patuxent", state: "MD", fips: "24", country: "US", method: "city,state"},
		{name: "glassdoor uncleaned: hyphenated foreign city", in: "Tel Aviv-Yafo, Israel", dc: "US", city: "Tel Aviv-Yafo", country: "IL", method: "city,country"},
		{name: "glassdoor uncleaned: Canada", in: "Aurora, Canada", dc: "US", city: "Aurora", country: "CA", method: "city,country"},
		{name: "glassdoor uncleaned: state name", in: "Texas", dc: "US", state: "TX", fips: "48", country: "US", method: "state name"},
		// ds_salaries / aijobs.net company_location, employee_residence
		{name: "ds_salaries: US", in: "US", country: "US", method: "country code"},
		{name: "ds_salaries: DE is Germany", in: "DE", country: "DE", method: "country code"},
		{name: "ds_salaries: GB", in: "GB", country: "GB", method: "country code"},
		{name: "aijobs: CA is Canada", in: "CA", country: "CA", method: "country code"},
		{name: "aijobs: IN is India", in: "IN", country: "IN", method: "country code"},
		{name: "aijobs: PR keeps its state row", in: "PR", state: "PR", fips: "72", country: "PR", method: "country code"},
		{name: "ds_salaries_2023: AS is American Samoa", in: "AS", state: "AS", fips: "60", country: "AS", method: "country code"},
		// data_science_salaries_2024_spelled_out company_location
		{name: "2024 spelled out: United States", in: "United States", country: "US", method: "country name"},
		{name: "2024 spelled out: Germany", in: "Germany", country: "DE", method: "country name"},
		{name: "2024 spelled out: United Kingdom", in: "United Kingdom", country: "GB", method: "country name"},
		{name: "2024 spelled out: Georgia is the country", in: "Georgia", country: "GE", method: "country name"},
		{name: "2024 spelled out: Jersey is not New Jersey", in: "Jersey", country: "JE", method: "country name"},
		{name: "2024 spelled out: Puerto Rico", in: "Puerto Rico", state: "PR", fips: "72", country: "PR", method: "country name"},
		{name: "2024 spelled out: long name", in: "Bosnia and Herzegovina", country: "BA", method: "country name"},
		// nyc_jobs_2019_extract, Work Location and Work Location 1
		{name: "nyc: address with N Y", in: "110 William St. N Y", dc: "US", state: "NY", fips: "36", country: "US", method: "state in text"},
		{name: "nyc: address, city, state", in: "120 Broadway, New York, NY", dc: "US", city: "New York", state: "NY", fips: "36", cbsa: "35620", country: "US", method: "city,state"},
		{name: "nyc: borough and state without comma", in: "335 Adams Street, Brooklyn Ny", dc: "US", city: "Brooklyn", state: "NY", fips: "36", cbsa: "35620", country: "US", method: "city,state"},
		{name: "nyc: Nyc", in: "125 Worth Street, Nyc", dc: "US", city: "Nyc", state: "NY", fips: "36", cbsa: "35620", country: "US", method: "city alias"},
		{name: "nyc: NYC with a remark", in: "NYC - All Boroughs", dc: "US", city: "NYC", state: "NY", fips: "36", cbsa: "35620", country: "US", method: "city alias"},
		{name: "nyc: borough alone", in: "1274 Bedford Ave., Brooklyn", dc: "US", city: "Brooklyn", state: "NY", fips: "36", cbsa: "35620", country: "US", method: "city alias"},
		{name: "nyc: upstate city", in: "71 Smith Avenue, Kingston, Ny", dc: "US", city: "Kingston", state: "NY", fips: "36", cbsa: "28740", country: "US", method: "city,state"},
		{name: "nyc: street only", in: "42-09 28th Street", dc: "US", method: "unknown"},
		{name: "nyc: state name cut short", in: "150 William Street, New York N", dc: "US", state: "NY", fips: "36", country: "US", method: "state in text"},
		{name: "nyc: department, no place", in: "Design-Engineering", dc: "US", method: "unknown"},
		{name: "nyc: city glued to the street", in: "465 Columbus Ave. Valhalla, Ny", dc: "US", state: "NY", fips: "36", country: "US", method: "state code"},
		{name: "nyc: Long Island City", in: "42-09 28th Street, Long Island City, NY", dc: "US", city: "Long Island City", state: "NY", fips: "36", cbsa: "35620", country: "US", method: "city,state"},
		// h1b_lca_fy2016_insight_extract, EMPLOYER_CITY / EMPLOYER_STATE / EMPLOYER_COUNTRY
		{name: "h1b: suburb in no title", parts: []string{"ADDISON", "IL", "UNITED STATES OF AMERICA"}, city: "Addison", state: "IL", fips: "17", country: "US", method: "city,state"},
		{name: "h1b: apostrophe", parts: []string{"COEUR D'ALENE", "ID", "UNITED STATES OF AMERICA"}, city: "Coeur D'Alene", state: "ID", fips: "16", cbsa: "17660", country: "US", method: "city,state"},
		{name: "h1b: Mc name", parts: []string{"MCALLEN", "TX", "UNITED STATES OF AMERICA"}, city: "McAllen", state: "TX", fips: "48", cbsa: "32580", country: "US", method: "city,state"},
		{name: "h1b: FT. abbreviation", parts: []string{"FT. LAUDERDALE", "FL", "UNITED STATES OF AMERICA"}, city: "Ft. Lauderdale", state: "FL", fips: "12", cbsa: "33100", country: "US", method: "city,state"},
		{name: "h1b: ST. abbreviation", parts: []string{"ST. LOUIS", "MO", "UNITED STATES OF AMERICA"}, city: "St. Louis", state: "MO", fips: "29", cbsa: "41180", country: "US", method: "city,state"},
		{name: "h1b: San Juan PR", parts: []string{"SAN JUAN", "PR", "UNITED STATES OF AMERICA"}, city: "San Juan", state: "PR", fips: "72", cbsa: "41980", country: "PR", method: "city,state"},
		{name: "h1b: Virgin Islands", parts: []string{"CHRISTIANSTED", "VI", "UNITED STATES OF AMERICA"}, city: "Christiansted", state: "VI", fips: "78", country: "VI", method: "city,state"},
		{name: "h1b: borough", parts: []string{"BROOKLYN", "NY", "UNITED STATES OF AMERICA"}, city: "Brooklyn", state: "NY", fips: "36", cbsa: "35620", country: "US", method: "city,state"},
		{name: "h1b: Honolulu (CBSA titled Urban Honolulu)", parts: []string{"HONOLULU", "HI", "UNITED STATES OF AMERICA"}, city: "Honolulu", state: "HI", fips: "15", cbsa: "46520", country: "US", method: "city,state"},
		{name: "h1b: Nashville (title says Nashville-Davidson)", parts: []string{"NASHVILLE", "TN", "UNITED STATES OF AMERICA"}, city: "Nashville", state: "TN", fips: "47", cbsa: "34980", country: "US", method: "city,state"},
		{name: "h1b: foreign employer", parts: []string{"SINGAPORE", "", "SINGAPORE"}, city: "Singapore", country: "SG", method: "city,country"},
		{name: "parts: state name, alpha-3 country", parts: []string{"MCLEAN", "VIRGINIA", "USA"}, city: "McLean", state: "VA", fips: "51", cbsa: "47900", country: "US", method: "city,state"},
		{name: "parts: province", parts: []string{"TORONTO", "ON", "CANADA"}, city: "Toronto", country: "CA", method: "city,country"},
		{name: "parts: state only", parts: []string{"", "CA", ""}, state: "CA", fips: "06", country: "US", method: "state code"},
		{name: "parts: city field holding city and state", parts: []string{"Boston, MA", "", ""}, city: "Boston", state: "MA", fips: "25", cbsa: "14460", country: "US", method: "city,state"},
		{name: "parts: nothing", parts: []string{"", "", ""}, method: "unknown"},
		// The forms the parser is specified for.
		{name: "ZIP after the state", in: "Boston, MA 02116", dc: "US", city: "Boston", state: "MA", fips: "25", cbsa: "14460", country: "US", postal: "02116", method: "city,state"},
		{name: "ZIP+4 without commas", in: "Boston MA 02116-4501", city: "Boston", state: "MA", fips: "25", cbsa: "14460", country: "US", postal: "02116", method: "city,state"},
		{name: "state name after the city", in: "Boston, Massachusetts", city: "Boston", state: "MA", fips: "25", cbsa: "14460", country: "US", method: "city,state"},
		{name: "AP abbreviation", in: "Boston, Mass.", city: "Boston", state: "MA", fips: "25", cbsa: "14460", country: "US", method: "city,state"},
		{name: "state name alone", in: "Massachusetts", state: "MA", fips: "25", country: "US", method: "state name"},
		{name: "remote with a country", in: "Remote, US", country: "US", remote: true, method: "remote"},
		{name: "remote without a dataset country", in: "Remote", remote: true, method: "remote"},
		{name: "remote in parentheses", in: "Remote (US)", country: "US", remote: true, method: "remote"},
		{name: "anywhere", in: "Anywhere", dc: "US", country: "US", remote: true, method: "remote"},
		{name: "hybrid in parentheses", in: "New York, NY (Hybrid)", dc: "US", city: "New York", state: "NY", fips: "36", cbsa: "35620", country: "US", hybrid: true, method: "city,state"},
		{name: "hybrid remote in a city", in: "Hybrid remote in Boston, MA", dc: "US", city: "Boston", state: "MA", fips: "25", cbsa: "14460", country: "US", hybrid: true, method: "city,state"},
		{name: "remote with a city", in: "Remote - Boston, MA", city: "Boston", state: "MA", fips: "25", cbsa: "14460", country: "US", remote: true, method: "city,state"},
		// "İ" lower-cases to three bytes: the word "Remote" is cut out of
		// the place by its own offsets (the city was "İzmir e")
		{name: "remote after a letter that lower-cases longer", in: "İzmir Remote, Boston, MA", city: "İzmir", state: "MA", fips: "25", cbsa: "14460", country: "US", remote: true, method: "city,state"},
		{name: "hybrid alone", in: "Hybrid", dc: "US", country: "US", hybrid: true, method: "hybrid"},
		{name: "alpha-3 USA", in: "USA", country: "US", method: "country code"},
		{name: "alpha-3 GBR", in: "GBR", country: "GB", method: "country code"},
		{name: "alpha-3 DEU", in: "DEU", country: "DE", method: "country code"},
		{name: "all capitals", in: "ALBUQUERQUE, NM", city: "Albuquerque", state: "NM", fips: "35", cbsa: "10740", country: "US", method: "city,state"},
		{name: "extra spaces", in: "  St.   Louis ,  MO  ", dc: "US", city: "St. Louis", state: "MO", fips: "29", cbsa: "41180", country: "US", method: "city,state"},
		{name: "St. abbreviation", in: "St. Louis, MO", city: "St. Louis", state: "MO", fips: "29", cbsa: "41180", country: "US", method: "city,state"},
		{name: "CA in a U.S. dataset is California", in: "CA", dc: "US", state: "CA", fips: "06", country: "US", method: "state code"},
		{name: "Georgia in a U.S. dataset is the state", in: "Georgia", dc: "US", state: "GA", fips: "13", country: "US", method: "state name"},
		{name: "City, DE in a German dataset", in: "Berlin, DE", dc: "DE", city: "Berlin", country: "DE", method: "city,country"},
		{name: "City, DE in a U.S. dataset is Delaware", in: "Dover, DE", dc: "US", city: "Dover", state: "DE", fips: "10", cbsa: "20100", country: "US", method: "city,state"},
		{name: "trailing country dropped", in: "Boston, MA, USA", city: "Boston", state: "MA", fips: "25", cbsa: "14460", country: "US", method: "city,state"},
		{name: "city and U.S. without a state", in: "Boston, USA", city: "Boston", country: "US", method: "city,country"},
		{name: "Canadian province", in: "Toronto, ON", city: "Toronto", country: "CA", method: "city,country"},
		{name: "D.C. with periods, no comma", in: "Washington D.C.", city: "Washington", state: "DC", fips: "11", cbsa: "47900", country: "US", method: "city,state"},
		{name: "borough written with another state", in: "Brooklyn, MI", city: "Brooklyn", state: "MI", fips: "26", country: "US", method: "city,state"},
		{name: "Manhattan, KS is not New York", in: "Manhattan, KS", city: "Manhattan", state: "KS", fips: "20", cbsa: "31740", country: "US", method: "city,state"},
		{name: "city named in both states of a CBSA", in: "Kansas City, KS", city: "Kansas City", state: "KS", fips: "20", cbsa: "28140", country: "US", method: "city,state"},
		{name: "bare city is not guessed", in: "Chicago", dc: "US", method: "unknown"},
		{name: "AP abbreviation is not searched for in text", in: "Penn Station", dc: "US", method: "unknown"},
		{name: "lower-case last word is not a state", in: "Building 5 or", dc: "US", method: "unknown"},
		{name: "unknown text drops its ZIP", in: "Main Campus 02116", dc: "US", method: "unknown"},
		{name: "unknown text outside a U.S. dataset", in: "110 William St. N Y", method: "unknown"},
		{name: "empty", in: "   ", dc: "US", method: "unknown"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got Place
			if tt.parts != nil {
				got = ix.ParseParts(tt.parts[0], tt.parts[1], tt.parts[2])
			} else {
				got = ix.Parse(tt.in, tt.dc)
				if got.Raw != tt.in {
					t.Errorf("Raw = %q, want %q", got.Raw, tt.in)
				}
			}
			want := Place{Raw: got.Raw, City: tt.city, State: tt.state, StateFIPS: tt.fips, CBSA: tt.cbsa,
				CBSATitle: got.CBSATitle, Country: tt.country, Postal: tt.postal, Remote: tt.remote, Hybrid: tt.hybrid, Method: tt.method}
			if got != want {
				t.Errorf("got  %+v\nwant %+v", got, want)
			}
			if (got.CBSA == "") != (got.CBSATitle == "") {
				t.Errorf("CBSA %q with title %q", got.CBSA, got.CBSATitle)
			}
		})
	}
}

// TestParsePlaceGlassdoorLocations parses every distinct Location of the
// Glassdoor data-science postings (kenjee, 2020) and reports how many
// resolve to a state and to a metro.
func TestParsePlaceGlassdoorLocations(t *testing.T) {
	ix := testPlaceIndex(t)
	path := shareddata.Path(t, "postings/glassdoor_ds_jobs_kenjee_2020/glassdoor_jobs.csv")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	col := -1
	for j, h := range recs[0] {
		if h == "Location" {
			col = j
		}
	}
	if col < 0 {
		t.Fatalf("%s: no Location column", path)
	}
	seen := map[string]bool{}
	var values []string
	for _, r := range recs[1:] {
		if !seen[r[col]] {
			seen[r[col]] = true
			values = append(values, r[col])
		}
	}
	sort.Strings(values)
	var withState, withCBSA int
	var noState, noCBSA []string
	for _, v := range values {
		p := ix.Parse(v, "US")
		if p.State != "" {
			withState++
		} else {
			noState = append(noState, v)
		}
		if p.CBSA != "" {
			withCBSA++
		} else {
			noCBSA = append(noCBSA, v)
		}
	}
	n := float64(len(values))
	stateShare, cbsaShare := float64(withState)/n, float64(withCBSA)/n
	t.Logf("%d distinct Location values (%d postings): %d (%.1f%%) resolve to a state, %d (%.1f%%) to a CBSA",
		len(values), len(recs)-1, withState, 100*stateShare, withCBSA, 100*cbsaShare)
	t.Logf("no state: %s", strings.Join(noState, "; "))
	t.Logf("no CBSA: %s", strings.Join(noCBSA, "; "))
	if stateShare < 0.95 {
		t.Errorf("%.1f%% of Location values resolve to a state, want at least 95%%", 100*stateShare)
	}
	if cbsaShare < 0.70 {
		t.Errorf("%.1f%% of Location values resolve to a CBSA, want at least 70%%", 100*cbsaShare)
	}
}

// TestPlaceReferenceTables checks the shipped metro tables against each
// other: every city's CBSA is in metros.csv, every state is in states.csv
// and among the states of its CBSA's title, and no (city, state) pair is
// listed twice.
func TestPlaceReferenceTables(t *testing.T) {
	states, err := readPlaceCSV(placeStatesCSV, "state_postal")
	if err != nil {
		t.Fatal(err)
	}
	metros, err := readPlaceCSV(placeMetrosCSV, "cbsa_code", "kind", "states")
	if err != nil {
		t.Fatal(err)
	}
	cities, err := readPlaceCSV(placeMetroCitiesCSV, "cbsa_code", "city", "state")
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, r := range states {
		known[r[0]] = true
	}
	metroStates := map[string][]string{}
	for _, r := range metros {
		if r[1] != "metro" && r[1] != "micro" {
			t.Errorf("metros.csv %s: kind %q", r[0], r[1])
		}
		metroStates[r[0]] = strings.Split(r[2], ";")
	}
	seen := map[string]string{}
	for _, r := range cities {
		sts, ok := metroStates[r[0]]
		switch {
		case !ok:
			t.Errorf("metro_cities.csv %s, %s: CBSA %s is not in metros.csv", r[1], r[2], r[0])
		case !known[r[2]]:
			t.Errorf("metro_cities.csv %s, %s: state is not in states.csv", r[1], r[2])
		case !contains(sts, r[2]):
			t.Errorf("metro_cities.csv %s, %s: state is not one of CBSA %s's %v", r[1], r[2], r[0], sts)
		}
		k := placeKey(r[1]) + "|" + r[2]
		if prev, dup := seen[k]; dup {
			t.Errorf("metro_cities.csv %s, %s: listed under %s and %s", r[1], r[2], prev, r[0])
		}
		seen[k] = r[0]
	}
	if len(metros) < 900 || len(cities) < 1000 {
		t.Errorf("%d metros and %d cities; want the full July 2023 delineation", len(metros), len(cities))
	}
}

func TestPlaceTitleAndKey(t *testing.T) {
	tests := []struct{ in, title, key string }{
		{"WINSTON-SALEM", "Winston-Salem", "winstonsalem"},
		{"KING OF PRUSSIA", "King of Prussia", "kingofprussia"},
		{"MCLEAN", "McLean", "mclean"},
		{"Mc Lean", "Mc Lean", "mclean"},
		{"O'FALLON", "O'Fallon", "ofallon"},
		{"saint louis", "Saint Louis", "stlouis"},
		{"St. Louis", "St. Louis", "stlouis"},
		{"FT. WORTH", "Ft. Worth", "fortworth"},
		{"San Juan-Bayamón-Caguas", "San Juan-Bayamón-Caguas", "sanjuanbayamoncaguas"},
	}
	for _, tt := range tests {
		if got := placeTitle(tt.in); got != tt.title {
			t.Errorf("placeTitle(%q) = %q, want %q", tt.in, got, tt.title)
		}
		if got := placeKey(tt.in); got != tt.key {
			t.Errorf("placeKey(%q) = %q, want %q", tt.in, got, tt.key)
		}
	}
}

// BenchmarkParsePlace parses a mix of real location strings.
func BenchmarkParsePlace(b *testing.B) {
	ix := testPlaceIndex(b)
	inputs := []struct{ s, dc string }{
		{"Albuquerque, NM", "US"}, {"New York, NY", "US"}, {"Santa Fe Springs, Los Angeles, CA", "US"},
		{"Remote", "US"}, {"United States", "US"}, {"Hybrid remote in Boston, MA", "US"},
		{"Boston, MA 02116", "US"}, {"US", ""}, {"United Kingdom", ""}, {"OSAKA, Japan", "US"},
		{"335 Adams Street, Brooklyn Ny", "US"}, {"110 William St. N Y", "US"}, {"Maryland", "US"},
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		in := inputs[i%len(inputs)]
		if p := ix.Parse(in.s, in.dc); p.Method == "" {
			b.Fatal("no method")
		}
	}
}
