// Command wagescope-refdata writes the metro reference tables in data/ that
// the place parser (pipeline/normalize/place.go) resolves cities with:
//
//	data/metros.csv        cbsa_code,cbsa_title,kind,states
//	data/metro_cities.csv  cbsa_code,city,state
//
// It reads the real Census files in place from the shared data folder:
//
//   - bls/crosswalks/geography/list1_2023.xlsx (OMB Bulletin 23-01, July 2023
//     delineations, List 1: CBSA → county): every CBSA, its title and kind,
//     its metropolitan division titles and its counties.
//   - bls/crosswalks/geography/msa_sept_2018.xls (OMB Bulletin 18-04,
//     September 2018, List 2: principal cities, with their state FIPS code),
//     read with a small BIFF8 reader below; optional (--principal-cities "").
//
// and data/states.csv (the project's state FIPS → postal table) from --out.
//
// A city is listed under a CBSA when (in this order of precedence):
//
//  1. it is named in a July 2023 metropolitan division title of the CBSA
//     ("Cambridge-Newton-Framingham, MA"), with the division's first state;
//  2. it is named in the July 2023 CBSA title ("Boston-Cambridge-Newton,
//     MA-NH"); its state is the state List 2 gives the same-named principal
//     city of the same CBSA code, else the title's first state (a city of a
//     multi-state CBSA that List 2 does not know may get the wrong state);
//  3. it is a September 2018 principal city (List 2) whose CBSA code still
//     exists in July 2023 and whose state holds a county of that CBSA (List 2
//     has no county, so a city whose county moved to another CBSA between
//     2018 and 2023 keeps its 2018 code; codes that were retired are dropped);
//  4. it is in the short hand list extraCities below (suburbs and job hubs
//     that postings name but no title or List 2 does): the CBSA is looked up
//     from the county named there, never written by hand.
//
// Title parts that are county names ("Athens-Clarke County", "Nassau
// County-Suffolk County") are skipped; consolidated city-county names are
// written as the city people post ("Nashville-Davidson" → "Nashville").
// A (city, state) pair is listed under one CBSA only: the first by the
// precedence above, then by CBSA code; every clash is reported on stderr.
//
// Usage, from the repository root:
//
//	go run ./cmd/wagescope-refdata [--shared ../shared/data] [--out data]
//
// The output is sorted and deterministic. The sha256 of every file read is
// printed on stdout; a digest that differs from the one recorded in the
// shared folder's PROVENANCE.md is a warning on stderr.
package main

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/richardlehane/mscfb"
	"github.com/xuri/excelize/v2"

	"github.com/wagescope/wagescope/internal/atomicfile"
	"github.com/wagescope/wagescope/internal/filehash"
)

const (
	list1Rel    = "bls/crosswalks/geography/list1_2023.xlsx"
	list1SHA256 = "b1dd3a4b29bf53b29e5d7051241c7149b0aa6afea291cb2e733c8ac6d5b47443"
	list2Rel    = "bls/crosswalks/geography/msa_sept_2018.xls"
	list2SHA256 = "e7fe94e4a0cba12c60091f82950ca6926b01a900843b05da34440f6a23512be3"
)

// extraCities are places postings name that are in no CBSA or division
// title and not 2018 principal cities. Each names its county, and the CBSA
// is the one List 1 (July 2023) puts that county in; why says what the
// place is. Keep this list short (at most 40) and factual.
var extraCities = []struct{ city, state, county, why string }{
	// San Francisco Bay Area (41860 San Francisco-Oakland-Fremont).
	{"Menlo Park", "CA", "San Mateo County", "city; Meta and venture firms"},
	{"Foster City", "CA", "San Mateo County", "city; Gilead, Visa offices"},
	{"Alameda", "CA", "Alameda County", "city; biotech and software firms"},
	{"Emeryville", "CA", "Alameda County", "city; Pixar, biotech"},
	{"Dublin", "CA", "Alameda County", "city; Tri-Valley employers"},
	{"Concord", "CA", "Contra Costa County", "largest city of Contra Costa County"},
	// Los Angeles (31080 Los Angeles-Long Beach-Anaheim).
	{"Pomona", "CA", "Los Angeles County", "city of about 150,000"},
	{"Aliso Viejo", "CA", "Orange County", "city; corporate campuses"},
	// Washington, DC (47900); Baltimore (12580).
	{"Herndon", "VA", "Fairfax County", "town; Dulles technology corridor"},
	{"McLean", "VA", "Fairfax County", "CDP; Capital One, federal contractors"},
	{"Chantilly", "VA", "Fairfax County", "CDP; defense and intelligence contractors"},
	{"Ashburn", "VA", "Loudoun County", "CDP; data centers"},
	{"Silver Spring", "MD", "Montgomery County", "CDP of about 80,000; federal agencies"},
	{"Suitland", "MD", "Prince George's County", "CDP; Census Bureau headquarters"},
	{"Glen Burnie", "MD", "Anne Arundel County", "CDP of about 70,000"},
	{"Linthicum", "MD", "Anne Arundel County", "CDP; BWI airport business district"},
	{"Annapolis Junction", "MD", "Howard County", "unincorporated; defense contractors by Fort Meade"},
	// New York (35620).
	{"Hoboken", "NJ", "Hudson County", "city; financial and tech offices"},
	{"Piscataway", "NJ", "Middlesex County", "township; Rutgers, pharmaceutical firms"},
	{"Woodbridge", "NJ", "Middlesex County", "township of about 100,000"},
	{"Armonk", "NY", "Westchester County", "hamlet; IBM headquarters"},
	// Philadelphia (37980).
	{"Cherry Hill", "NJ", "Camden County", "township of about 70,000"},
	{"King of Prussia", "PA", "Montgomery County", "CDP; office parks, pharmaceutical firms"},
	{"Blue Bell", "PA", "Montgomery County", "CDP; Unisys headquarters"},
	{"Plymouth Meeting", "PA", "Montgomery County", "CDP; office parks"},
	{"Exton", "PA", "Chester County", "CDP; office parks"},
	// Boston (14460): the Route 128 corridor and inner suburbs.
	{"Woburn", "MA", "Middlesex County", "city; Route 128 technology firms"},
	{"Burlington", "MA", "Middlesex County", "town; Route 128 technology firms"},
	{"Bedford", "MA", "Middlesex County", "town; MITRE, Hanscom AFB"},
	{"Natick", "MA", "Middlesex County", "town; MathWorks"},
	{"Marlborough", "MA", "Middlesex County", "city; technology firms"},
	{"Watertown", "MA", "Middlesex County", "city; biotech"},
	{"Quincy", "MA", "Norfolk County", "city of about 100,000"},
	// Other metros.
	{"Johns Creek", "GA", "Fulton County", "city of about 80,000 (Atlanta 12060)"},
	{"Arvada", "CO", "Jefferson County", "city of about 120,000 (Denver 19740)"},
	{"Longmont", "CO", "Boulder County", "city of about 100,000 (Boulder 14500)"},
	{"Creve Coeur", "MO", "St. Louis County", "city; Bayer crop science (St. Louis 41180)"},
	{"Woodinville", "WA", "King County", "city (Seattle 42660)"},
	{"Lake Forest", "IL", "Lake County", "city; corporate headquarters (Chicago 16980)"},
}

// commonNames maps a name as a title or List 2 writes it to the name
// postings use. keepOfficial also keeps the official name as a row.
var commonNames = map[string]struct {
	name         string
	keepOfficial bool
}{
	"Athens-Clarke County":        {"Athens", false},     // unified government
	"Augusta-Richmond County":     {"Augusta", false},    // consolidated government
	"Butte-Silver Bow":            {"Butte", false},      // consolidated city-county
	"Lexington-Fayette":           {"Lexington", false},  // urban county government
	"Louisville/Jefferson County": {"Louisville", false}, // metro government
	"Macon-Bibb County":           {"Macon", false},      // consolidated government
	"Nashville-Davidson":          {"Nashville", false},  // metropolitan government
	"Urban Honolulu":              {"Honolulu", true},    // Census CDP name
	"Boise City":                  {"Boise", true},       // legal name of Boise
	"Barnstable Town":             {"Barnstable", true},  // Census name of Barnstable
	"Amherst Town":                {"Amherst", true},     // Census name of Amherst
}

// hyphenated are place names that contain a hyphen and must not be split
// where a title separates its cities with single hyphens.
var hyphenated = []string{"Winston-Salem", "Wilkes-Barre"}

type county struct {
	name, stateFIPS string
	central         bool
}

type cbsa struct {
	code, title, kind string
	divisions         []string
	counties          []county
}

type cityRow struct {
	code, city, state string
	rank              int // 1 division title, 2 CBSA title, 3 List 2 (2018), 4 extra
}

var rankNames = map[int]string{1: "division title", 2: "CBSA title", 3: "2018 principal city", 4: "extra list"}

type gen struct {
	stderr   io.Writer
	warnings int
}

func (g *gen) warn(format string, args ...any) {
	g.warnings++
	fmt.Fprintf(g.stderr, "warning: %s\n", fmt.Sprintf(format, args...))
}

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("wagescope-refdata", flag.ContinueOnError)
	fs.SetOutput(stderr)
	shared := fs.String("shared", "../shared/data", "the shared real-data folder (holds bls/...)")
	out := fs.String("out", "data", "folder holding states.csv; metros.csv and metro_cities.csv are written there")
	list2 := fs.String("principal-cities", list2Rel, `List 2 (2018 principal cities) under --shared; "" to skip it`)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "wagescope-refdata: unexpected arguments %q\n", fs.Args())
		return 2
	}
	g := &gen{stderr: stderr}
	if err := g.generate(*shared, *list2, *out, stdout); err != nil {
		fmt.Fprintln(stderr, "wagescope-refdata:", err)
		return 1
	}
	if g.warnings > 0 {
		fmt.Fprintf(stderr, "wagescope-refdata: %d warnings\n", g.warnings)
	}
	return 0
}

func (g *gen) generate(shared, list2Path, out string, stdout io.Writer) error {
	w := bufio.NewWriter(stdout)
	defer w.Flush()

	postalByFIPS, err := readStates(filepath.Join(out, "states.csv"))
	if err != nil {
		return err
	}
	fipsByPostal := map[string]string{}
	for f, p := range postalByFIPS {
		fipsByPostal[p] = f
	}

	p1 := filepath.Join(shared, filepath.FromSlash(list1Rel))
	if err := g.checkSum(w, p1, list1SHA256); err != nil {
		return err
	}
	areas, err := readList1(p1)
	if err != nil {
		return err
	}
	byCode := map[string]*cbsa{}
	for _, a := range areas {
		byCode[a.code] = a
	}

	var rows []cityRow
	// 1 and 2: division and CBSA titles. List 2 states fix multi-state titles.
	var list2Rows []principal
	if list2Path != "" {
		p2 := filepath.Join(shared, filepath.FromSlash(list2Path))
		if err := g.checkSum(w, p2, list2SHA256); err != nil {
			return err
		}
		if list2Rows, err = readList2(p2); err != nil {
			return err
		}
	}
	list2State := map[string]string{} // code|city → postal
	for _, p := range list2Rows {
		if postal, ok := postalByFIPS[p.stateFIPS]; ok {
			list2State[p.code+"|"+p.city] = postal
		}
	}
	for _, a := range areas {
		inDivision := map[string]bool{}
		for _, d := range a.divisions {
			cities, states := g.titleCities(a, d)
			for _, c := range cities {
				st := states[0]
				if s, ok := list2State[a.code+"|"+c]; ok && contains(states, s) {
					st = s
				}
				rows = append(rows, cityRow{a.code, c, st, 1})
				inDivision[c] = true
			}
		}
		cities, states := g.titleCities(a, a.title)
		for _, c := range cities {
			if inDivision[c] {
				continue
			}
			st := states[0]
			if s, ok := list2State[a.code+"|"+c]; ok && contains(states, s) {
				st = s
			}
			rows = append(rows, cityRow{a.code, c, st, 2})
		}
	}
	// 3: 2018 principal cities whose CBSA still exists with a county in their state.
	dropped := 0
	for _, p := range list2Rows {
		a, ok := byCode[p.code]
		postal := postalByFIPS[p.stateFIPS]
		if !ok || postal == "" || !a.hasState(p.stateFIPS) {
			dropped++
			continue
		}
		for _, name := range cityNames(p.city) {
			rows = append(rows, cityRow{p.code, name, postal, 3})
		}
	}
	// 4: the hand list, CBSA from the county.
	if len(extraCities) > 40 {
		return fmt.Errorf("extraCities has %d entries; keep it at 40 or fewer", len(extraCities))
	}
	for _, e := range extraCities {
		fips := fipsByPostal[e.state]
		var found *cbsa
		for _, a := range areas {
			for _, c := range a.counties {
				if c.stateFIPS == fips && c.name == e.county {
					found = a
				}
			}
		}
		if found == nil {
			g.warn("extra city %s, %s: %s is in no CBSA of List 1; skipped", e.city, e.state, e.county)
			continue
		}
		rows = append(rows, cityRow{found.code, e.city, e.state, 4})
	}

	// One CBSA per (city, state): best rank, then lowest code.
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.rank != b.rank {
			return a.rank < b.rank
		}
		return a.code < b.code
	})
	seen := map[string]cityRow{}
	var kept []cityRow
	counts := map[int]int{}
	for _, r := range rows {
		k := strings.ToLower(r.city) + "|" + r.state
		if prev, ok := seen[k]; ok {
			if prev.code != r.code {
				g.warn("%s, %s: %s %s (%s) and %s (%s); kept %s", r.city, r.state,
					rankNames[prev.rank], prev.code, byCode[prev.code].title,
					r.code, byCode[r.code].title, prev.code)
			} else if r.rank == 4 {
				g.warn("extra city %s, %s is already listed under %s (%s); drop it from extraCities",
					r.city, r.state, r.code, rankNames[prev.rank])
			}
			continue
		}
		seen[k] = r
		kept = append(kept, r)
		counts[r.rank]++
	}
	sort.Slice(kept, func(i, j int) bool {
		a, b := kept[i], kept[j]
		if a.code != b.code {
			return a.code < b.code
		}
		if a.city != b.city {
			return a.city < b.city
		}
		return a.state < b.state
	})

	var mb, cb bytes.Buffer
	mw := csv.NewWriter(&mb)
	mw.Write([]string{"cbsa_code", "cbsa_title", "kind", "states"})
	for _, a := range areas {
		mw.Write([]string{a.code, a.title, a.kind, strings.Join(titleStates(a.title), ";")})
	}
	mw.Flush()
	cw := csv.NewWriter(&cb)
	cw.Write([]string{"cbsa_code", "city", "state"})
	for _, r := range kept {
		cw.Write([]string{r.code, r.city, r.state})
	}
	cw.Flush()
	if err := errors.Join(mw.Error(), cw.Error()); err != nil {
		return err
	}
	if err := atomicfile.Write(filepath.Join(out, "metros.csv"), mb.Bytes()); err != nil {
		return err
	}
	if err := atomicfile.Write(filepath.Join(out, "metro_cities.csv"), cb.Bytes()); err != nil {
		return err
	}
	metro := 0
	for _, a := range areas {
		if a.kind == "metro" {
			metro++
		}
	}
	fmt.Fprintf(w, "metros.csv        %d CBSAs (%d metro, %d micro)\n", len(areas), metro, len(areas)-metro)
	fmt.Fprintf(w, "metro_cities.csv  %d cities: %d from division titles, %d from CBSA titles, %d 2018 principal cities, %d extra\n",
		len(kept), counts[1], counts[2], counts[3], counts[4])
	if list2Path != "" {
		fmt.Fprintf(w, "                  %d of %d 2018 principal cities dropped (CBSA code retired or state not in the 2023 CBSA)\n", dropped, len(list2Rows))
	}
	return nil
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

func (a *cbsa) hasState(fips string) bool {
	for _, c := range a.counties {
		if c.stateFIPS == fips {
			return true
		}
	}
	return false
}

// titleStates returns the postal codes after a title's last comma:
// "Boston-Cambridge-Newton, MA-NH" → [MA NH].
func titleStates(title string) []string {
	i := strings.LastIndex(title, ", ")
	if i < 0 {
		return nil
	}
	return strings.Split(title[i+2:], "-")
}

// titleCities splits the place part of a CBSA or division title into city
// names: "--" separates cities when any has a hyphen; otherwise "-" and "/"
// do, except inside the hyphenated names listed above. County names are
// skipped.
func (g *gen) titleCities(a *cbsa, title string) ([]string, []string) {
	i := strings.LastIndex(title, ", ")
	if i < 0 {
		g.warn("%s: title %q has no state part", a.code, title)
		return nil, nil
	}
	place, states := title[:i], titleStates(title)
	// Protect the names that contain separators.
	protect := map[string]string{}
	n := 0
	for _, name := range append(sortedKeys(commonNames), hyphenated...) {
		if strings.Contains(place, name) {
			tok := fmt.Sprintf("\x00%d\x00", n)
			n++
			protect[tok] = name
			place = strings.ReplaceAll(place, name, tok)
		}
	}
	var parts []string
	if strings.Contains(place, "--") {
		parts = strings.Split(place, "--")
	} else {
		parts = strings.FieldsFunc(place, func(r rune) bool { return r == '-' || r == '/' })
	}
	var cities []string
	for _, p := range parts {
		for tok, name := range protect {
			p = strings.ReplaceAll(p, tok, name)
		}
		p = strings.TrimSpace(p)
		if isCountyName(p) {
			continue
		}
		cities = append(cities, cityNames(p)...)
	}
	return cities, states
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	// Longest first, so "Athens-Clarke County" is protected before any shorter name inside it.
	sort.Slice(ks, func(i, j int) bool {
		if len(ks[i]) != len(ks[j]) {
			return len(ks[i]) > len(ks[j])
		}
		return ks[i] < ks[j]
	})
	return ks
}

func isCountyName(s string) bool {
	for _, suf := range []string{" County", " Parish", " Borough", " Census Area", " Municipio"} {
		if strings.HasSuffix(s, suf) {
			return true
		}
	}
	return false
}

// cityNames cleans a Census place name into the name(s) postings use:
// "Indianapolis city (balance)" → Indianapolis, "San Buenaventura
// (Ventura)" → Ventura, "Boise City" → Boise City and Boise.
func cityNames(s string) []string {
	s = strings.TrimSpace(strings.TrimSuffix(s, " (balance)"))
	if i := strings.Index(s, " ("); i > 0 && strings.HasSuffix(s, ")") {
		s = s[i+2 : len(s)-1]
	}
	for _, suf := range []string{" unified government", " consolidated government", " metropolitan government", " metro government", " city"} {
		s = strings.TrimSuffix(s, suf)
	}
	if c, ok := commonNames[s]; ok {
		if c.keepOfficial {
			return []string{s, c.name}
		}
		return []string{c.name}
	}
	return []string{s}
}

// readList1 reads List 1 (CBSA → county) by its header names, in file order
// of first appearance, which is CBSA code order.
func readList1(path string) ([]*cbsa, error) {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, fmt.Errorf("%s: no sheets", path)
	}
	rows, err := f.GetRows(sheets[0])
	if err != nil {
		return nil, fmt.Errorf("%s: sheet %q: %w", path, sheets[0], err)
	}
	want := []string{"CBSA Code", "Metropolitan Division Code", "CBSA Title",
		"Metropolitan/Micropolitan Statistical Area", "Metropolitan Division Title",
		"County/County Equivalent", "FIPS State Code", "Central/Outlying County"}
	col, hdr, err := findHeader(rows, want)
	if err != nil {
		return nil, fmt.Errorf("%s: sheet %q: %w", path, sheets[0], err)
	}
	var out []*cbsa
	byCode := map[string]*cbsa{}
	for i := hdr + 1; i < len(rows); i++ {
		cell := func(name string) string {
			if j := col[name]; j < len(rows[i]) {
				return strings.TrimSpace(rows[i][j])
			}
			return ""
		}
		code := cell("CBSA Code")
		if len(code) != 5 || strings.Trim(code, "0123456789") != "" {
			continue // blank line and the notes under the table
		}
		a := byCode[code]
		if a == nil {
			kind := ""
			switch cell("Metropolitan/Micropolitan Statistical Area") {
			case "Metropolitan Statistical Area":
				kind = "metro"
			case "Micropolitan Statistical Area":
				kind = "micro"
			default:
				return nil, fmt.Errorf("%s: row %d: unknown area kind %q", path, i+1, cell("Metropolitan/Micropolitan Statistical Area"))
			}
			a = &cbsa{code: code, title: cell("CBSA Title"), kind: kind}
			byCode[code] = a
			out = append(out, a)
		}
		if d := cell("Metropolitan Division Title"); d != "" && !contains(a.divisions, d) {
			a.divisions = append(a.divisions, d)
		}
		a.counties = append(a.counties, county{cell("County/County Equivalent"), cell("FIPS State Code"), cell("Central/Outlying County") == "Central"})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no CBSA rows under the header", path)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].code < out[j].code })
	for _, a := range out {
		sort.Strings(a.divisions)
	}
	return out, nil
}

type principal struct{ code, city, stateFIPS string }

// readList2 reads List 2 (principal cities, 2018) by its header names.
func readList2(path string) ([]principal, error) {
	rows, err := readXLS(path)
	if err != nil {
		return nil, err
	}
	col, hdr, err := findHeader(rows, []string{"CBSA Code", "Principal City Name", "FIPS State Code"})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var out []principal
	for i := hdr + 1; i < len(rows); i++ {
		r := rows[i]
		if len(r) <= col["FIPS State Code"] {
			continue
		}
		code := strings.TrimSpace(r[col["CBSA Code"]])
		if len(code) != 5 || strings.Trim(code, "0123456789") != "" {
			continue
		}
		st := strings.TrimSpace(r[col["FIPS State Code"]])
		if len(st) == 1 {
			st = "0" + st // a numeric cell
		}
		out = append(out, principal{code, strings.TrimSpace(r[col["Principal City Name"]]), st})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no principal-city rows under the header", path)
	}
	return out, nil
}

// findHeader finds the first row holding every wanted name and returns the
// column of each.
func findHeader(rows [][]string, want []string) (map[string]int, int, error) {
	for i, r := range rows {
		col := map[string]int{}
		for j, c := range r {
			col[strings.TrimSpace(c)] = j
		}
		ok := true
		for _, w := range want {
			if _, has := col[w]; !has {
				ok = false
				break
			}
		}
		if ok {
			return col, i, nil
		}
	}
	return nil, 0, fmt.Errorf("no header row with %q", want)
}

func readStates(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(recs) < 2 || len(recs[0]) < 2 || recs[0][0] != "state_fips" || recs[0][1] != "state_postal" {
		return nil, fmt.Errorf("%s: want a header state_fips,state_postal,...", path)
	}
	m := map[string]string{}
	for _, r := range recs[1:] {
		m[r[0]] = r[1]
	}
	return m, nil
}

func (g *gen) checkSum(w io.Writer, path, want string) error {
	sum, n, err := filehash.SHA256(path)
	if err != nil {
		return err
	}
	if sum != want {
		g.warn("%s: sha256 %s differs from %s recorded in its PROVENANCE.md", path, sum, want)
	}
	fmt.Fprintf(w, "read %s (%d bytes, sha256 %s)\n", path, n, sum)
	return nil
}

// readXLS returns the cells of the first worksheet of a legacy (BIFF8,
// Excel 97-2003) workbook as text, row by row. It understands the record
// kinds Census delineation files use: shared strings (SST + CONTINUE),
// LABELSST, LABEL, NUMBER, RK, MULRK and cached FORMULA results.
func readXLS(path string) ([][]string, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	doc, err := mscfb.New(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("%s: not an OLE compound file: %w", path, err)
	}
	var wb []byte
	for e, err := doc.Next(); err == nil; e, err = doc.Next() {
		if e.Name == "Workbook" || e.Name == "Book" {
			if wb, err = io.ReadAll(e); err != nil {
				return nil, fmt.Errorf("%s: reading Workbook stream: %w", path, err)
			}
			break
		}
	}
	if wb == nil {
		return nil, fmt.Errorf("%s: no Workbook stream", path)
	}
	type rec struct {
		typ  uint16
		data []byte
	}
	var recs []rec
	for off := 0; off+4 <= len(wb); {
		typ := binary.LittleEndian.Uint16(wb[off:])
		n := int(binary.LittleEndian.Uint16(wb[off+2:]))
		if off+4+n > len(wb) {
			return nil, fmt.Errorf("%s: truncated BIFF record at offset %d", path, off)
		}
		recs = append(recs, rec{typ, wb[off+4 : off+4+n]})
		off += 4 + n
	}
	var sst []string
	sheet := 0 // BOF count: 1 = workbook globals, 2 = first worksheet
	cells := map[[2]int]string{}
	maxRow := -1
	set := func(r, c int, v string) {
		cells[[2]int{r, c}] = v
		if r > maxRow {
			maxRow = r
		}
	}
	for i := 0; i < len(recs); i++ {
		d := recs[i].data
		switch recs[i].typ {
		case 0x0809: // BOF
			sheet++
		case 0x00FC: // SST
			parts := [][]byte{d[8:]}
			for i+1 < len(recs) && recs[i+1].typ == 0x003C {
				i++
				parts = append(parts, recs[i].data)
			}
			n := int(binary.LittleEndian.Uint32(d[4:]))
			if sst, err = readSST(parts, n); err != nil {
				return nil, fmt.Errorf("%s: shared strings: %w", path, err)
			}
		}
		if sheet != 2 || len(d) < 6 {
			continue
		}
		r, c := int(binary.LittleEndian.Uint16(d)), int(binary.LittleEndian.Uint16(d[2:]))
		switch recs[i].typ {
		case 0x00FD: // LABELSST
			k := int(binary.LittleEndian.Uint32(d[6:]))
			if k >= len(sst) {
				return nil, fmt.Errorf("%s: string index %d out of range", path, k)
			}
			set(r, c, sst[k])
		case 0x0204: // LABEL
			s := &biffStrings{parts: [][]byte{d[6:]}}
			n := int(s.u16())
			set(r, c, s.chars(n, s.u8()&1 == 1))
		case 0x0203: // NUMBER
			set(r, c, formatNum(math.Float64frombits(binary.LittleEndian.Uint64(d[6:]))))
		case 0x027E: // RK
			set(r, c, formatNum(rkValue(binary.LittleEndian.Uint32(d[6:]))))
		case 0x00BD: // MULRK
			for k := 4; k+6 <= len(d)-2; k += 6 {
				set(r, c+(k-4)/6, formatNum(rkValue(binary.LittleEndian.Uint32(d[k+2:]))))
			}
		case 0x0006: // FORMULA: cached number, or a STRING record follows
			if binary.LittleEndian.Uint16(d[12:]) == 0xFFFF && d[6] == 0 && i+1 < len(recs) && recs[i+1].typ == 0x0207 {
				s := &biffStrings{parts: [][]byte{recs[i+1].data}}
				n := int(s.u16())
				set(r, c, s.chars(n, s.u8()&1 == 1))
			} else if binary.LittleEndian.Uint16(d[12:]) != 0xFFFF {
				set(r, c, formatNum(math.Float64frombits(binary.LittleEndian.Uint64(d[6:]))))
			}
		}
	}
	rows := make([][]string, maxRow+1)
	for k, v := range cells {
		r := rows[k[0]]
		for len(r) <= k[1] {
			r = append(r, "")
		}
		r[k[1]] = v
		rows[k[0]] = r
	}
	return rows, nil
}

func formatNum(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func rkValue(rk uint32) float64 {
	var v float64
	if rk&2 != 0 {
		v = float64(int32(rk) >> 2)
	} else {
		v = math.Float64frombits(uint64(rk&^3) << 32)
	}
	if rk&1 != 0 {
		v /= 100
	}
	return v
}

// biffStrings reads BIFF8 unicode strings from a record and its CONTINUE
// records: when character data crosses a record boundary, the next record
// starts with a fresh option byte saying whether the rest is 8- or 16-bit.
type biffStrings struct {
	parts  [][]byte
	p, off int
	err    error
}

func (s *biffStrings) next() bool {
	for s.off >= len(s.parts[s.p]) {
		if s.p+1 >= len(s.parts) {
			s.err = errors.New("string data runs past the last record")
			return false
		}
		s.p++
		s.off = 0
	}
	return true
}

func (s *biffStrings) u8() byte {
	if !s.next() {
		return 0
	}
	b := s.parts[s.p][s.off]
	s.off++
	return b
}

func (s *biffStrings) u16() uint16 { return uint16(s.u8()) | uint16(s.u8())<<8 }

func (s *biffStrings) u32() uint32 { return uint32(s.u16()) | uint32(s.u16())<<16 }

func (s *biffStrings) skip(n int) {
	for ; n > 0 && s.err == nil; n-- {
		s.u8()
	}
}

func (s *biffStrings) chars(n int, high bool) string {
	u := make([]uint16, 0, n)
	for len(u) < n && s.err == nil {
		if s.off >= len(s.parts[s.p]) { // boundary inside the characters
			if !s.next() {
				break
			}
			high = s.u8()&1 == 1
		}
		if high {
			u = append(u, s.u16())
		} else {
			u = append(u, uint16(s.u8()))
		}
	}
	return string(utf16.Decode(u))
}

func readSST(parts [][]byte, n int) ([]string, error) {
	s := &biffStrings{parts: parts}
	out := make([]string, 0, n)
	for len(out) < n && s.err == nil {
		cch := int(s.u16())
		flags := s.u8()
		runs, ext := 0, 0
		if flags&8 != 0 {
			runs = int(s.u16())
		}
		if flags&4 != 0 {
			ext = int(s.u32())
		}
		out = append(out, s.chars(cch, flags&1 == 1))
		s.skip(4*runs + ext)
	}
	return out, s.err
}
