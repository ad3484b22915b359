package normalize

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// StateRef is one row of the states table (data/states.csv): a U.S. state,
// the District of Columbia or a territory.
type StateRef struct{ FIPS, Postal, Name string }

// MetroRef is one core-based statistical area (data/metros.csv) with the
// cities that resolve to it (data/metro_cities.csv).
type MetroRef struct {
	CBSA, Title, Kind string // Kind is "metro" or "micro"
	Cities            []CityRef
}

// CityRef is a city and the postal code of its state.
type CityRef struct{ City, State string }

// Place is what Parse and ParseParts make of a location.
type Place struct {
	Raw       string
	City      string // as written, title-cased when written in one case
	State     string // postal, e.g. "MA"
	StateFIPS string // "25"
	CBSA      string // "14460" when the city resolves to a metro
	CBSATitle string
	Country   string // ISO 3166-1 alpha-2, "US" for U.S. places
	Postal    string // ZIP (5 digits) when given
	Remote    bool   // fully remote
	Hybrid    bool   // hybrid (partly remote); Remote is then false
	Method    string // how it was resolved; see PlaceMethod*
}

// Methods a Place can be resolved by.
const (
	PlaceMethodCityState   = "city,state"    // "Boston, MA", "Boston, Massachusetts", "Boston MA 02116"
	PlaceMethodCityAlias   = "city alias"    // a name that alone means one city: "NYC"
	PlaceMethodStateCode   = "state code"    // "MA"
	PlaceMethodStateName   = "state name"    // "Massachusetts"
	PlaceMethodCountryCode = "country code"  // "US", "DE", "GBR"
	PlaceMethodCountryName = "country name"  // "United States", "Germany"
	PlaceMethodCityCountry = "city,country"  // "London, United Kingdom", "Toronto, ON"
	PlaceMethodStateInText = "state in text" // an address in a U.S. dataset: "110 William St. N Y"
	PlaceMethodRemote      = "remote"        // remote with no place, or only a country
	PlaceMethodHybrid      = "hybrid"        // hybrid with no place
	PlaceMethodUnknown     = "unknown"
)

// PlaceIndex resolves free-text locations against the states, metros and a
// built-in table of countries. It is safe for concurrent use once built.
type PlaceIndex struct {
	statePostal map[string]StateRef  // "MA"
	stateName   map[string]StateRef  // placeKey of the name or an AP abbreviation
	stateFull   map[string]StateRef  // placeKey of the name only
	cities      map[string]*MetroRef // placeKey(city) + "|" + postal
	country2    map[string]*placeCountry
	country3    map[string]*placeCountry
	countryName map[string]*placeCountry // placeKey of a name or alias
	provinces   map[string]bool          // Canadian province codes and name keys
}

// NewPlaceIndex builds an index from the states table and the metros with
// their cities. A (city, state) pair listed under two CBSAs resolves to the
// first.
func NewPlaceIndex(states []StateRef, metros []MetroRef) *PlaceIndex {
	ix := &PlaceIndex{
		statePostal: map[string]StateRef{},
		stateName:   map[string]StateRef{},
		stateFull:   map[string]StateRef{},
		cities:      map[string]*MetroRef{},
		country2:    map[string]*placeCountry{},
		country3:    map[string]*placeCountry{},
		countryName: map[string]*placeCountry{},
		provinces:   map[string]bool{},
	}
	for _, s := range states {
		s.Postal = strings.ToUpper(strings.TrimSpace(s.Postal))
		ix.statePostal[s.Postal] = s
		ix.stateName[placeKey(s.Name)] = s
		ix.stateFull[placeKey(s.Name)] = s
	}
	for abbr, postal := range placeStateAbbrevs {
		if s, ok := ix.statePostal[postal]; ok {
			ix.stateName[abbr] = s
		}
	}
	for i := range metros {
		m := &metros[i]
		for _, c := range m.Cities {
			k := placeKey(c.City) + "|" + strings.ToUpper(c.State)
			if _, dup := ix.cities[k]; !dup {
				ix.cities[k] = m
			}
		}
	}
	for i := range placeCountries {
		c := &placeCountries[i]
		ix.country2[c.a2] = c
		ix.country3[c.a3] = c
		ix.countryName[placeKey(c.name)] = c
		for _, a := range c.aliases {
			ix.countryName[placeKey(a)] = c
		}
	}
	for _, p := range placeProvinces {
		ix.provinces[p] = true
	}
	return ix
}

// Parse resolves one free-text location. defaultCountry (ISO alpha-2, may be
// empty) is the country of the dataset: it settles a bare code or name that
// is both a U.S. state and a country ("CA", "Georgia": a state only when it
// is "US"), gives remote postings without a place their country, and, when
// it is "US", lets an address that names a state ("59-17 Junction Blvd
// Corona Ny") resolve to that state. Otherwise unknown text leaves every
// field but Raw empty and Method "unknown".
func (ix *PlaceIndex) Parse(raw, defaultCountry string) Place {
	p := Place{Raw: raw}
	dc := strings.ToUpper(strings.TrimSpace(defaultCountry))
	s := placeClean(raw)
	s, p.Remote, p.Hybrid = placeWorkMode(s)
	if p.Hybrid {
		p.Remote = false
	}
	if s != "" {
		ix.resolve(&p, s, dc)
	}
	ix.finishMode(&p, dc)
	return p
}

// ParseParts resolves a location given as separate fields, as H-1B files
// give EMPLOYER_CITY, EMPLOYER_STATE and EMPLOYER_COUNTRY. state may be a
// postal code or a name, country an ISO code or a name; any may be empty.
// With neither state nor country, city is parsed as free text.
func (ix *PlaceIndex) ParseParts(city, state, country string) Place {
	city, state, country = placeClean(city), placeClean(state), placeClean(country)
	var raw []string
	for _, s := range []string{city, state, country} {
		if s != "" {
			raw = append(raw, s)
		}
	}
	if state == "" && country == "" {
		p := ix.Parse(city, "")
		p.Raw = strings.Join(raw, ", ")
		return p
	}
	p := Place{Raw: strings.Join(raw, ", ")}
	city, p.Remote, p.Hybrid = placeWorkMode(city)
	if p.Hybrid {
		p.Remote = false
	}
	if z, rest := placeZIP(city); z != "" {
		p.Postal, city = z, rest
	}
	var c *placeCountry
	if country != "" {
		c = ix.lookupCountry(country, true)
	}
	if c != nil && c.a2 != "US" && !placeTerritory[c.a2] {
		p.Country = c.a2
		p.City = placeTitle(city)
		p.Method = PlaceMethodCountryName
		if p.City != "" {
			p.Method = PlaceMethodCityCountry
		} else if len(country) <= 3 {
			p.Method = PlaceMethodCountryCode
		}
		ix.finishMode(&p, "")
		return p
	}
	if st, ok := ix.lookupState(state); ok {
		ix.setState(&p, st)
		p.Method = placeStateMethod(state)
		if city != "" && !placeHasDigit(city) {
			p.City = placeTitle(city)
			p.Method = PlaceMethodCityState
			ix.setMetro(&p, city, st.Postal)
		}
	} else if c != nil {
		p.Country = c.a2
		p.City = placeTitle(city)
		p.Method = PlaceMethodCountryName
		if p.City != "" {
			p.Method = PlaceMethodCityCountry
		}
	}
	if p.Method == "" {
		p.Method = PlaceMethodUnknown
	}
	ix.finishMode(&p, "")
	return p
}

// finishMode sets the Method of a remote or hybrid posting that names no
// city or state.
func (ix *PlaceIndex) finishMode(p *Place, dc string) {
	if (p.Remote || p.Hybrid) && p.City == "" && p.State == "" {
		if p.Country == "" {
			p.Country = dc
		}
		p.Method = PlaceMethodRemote
		if p.Hybrid {
			p.Method = PlaceMethodHybrid
		}
	}
	if p.Method == "" {
		p.Method = PlaceMethodUnknown
	}
}

// resolve fills p from the cleaned text s (work-mode words removed).
func (ix *PlaceIndex) resolve(p *Place, s, dc string) {
	parts := placeSplit(s)
	// A ZIP code ends the text or a part; a part of digits alone (a county
	// code, a suite number) is dropped.
	kept := parts[:0]
	for _, part := range parts {
		if z, rest := placeZIP(part); z != "" {
			if p.Postal == "" {
				p.Postal = z
			}
			part = rest
		}
		if part != "" && !placeAllDigits(part) {
			kept = append(kept, part)
		}
	}
	parts = kept
	if len(parts) == 0 {
		return
	}

	// One part: a country, a state, or "City ST".
	if len(parts) == 1 {
		if ix.resolveBare(p, parts[0], dc) {
			return
		}
	} else if c := ix.lookupCountry(parts[len(parts)-1], dc != "" && dc != "US"); c != nil {
		// A trailing country: "Boston, MA, USA", "London, United Kingdom".
		last := parts[len(parts)-1]
		if _, isState := ix.lookupState(last); !isState || (dc != "" && dc != "US") {
			if c.a2 != "US" && !placeTerritory[c.a2] {
				p.Country = c.a2
				p.City = placeTitle(parts[0])
				p.Method = PlaceMethodCityCountry
				return
			}
			parts = parts[:len(parts)-1]
			p.Country = c.a2
			if len(parts) == 1 && ix.resolveBare(p, parts[0], "US") {
				return
			}
		}
	} else if ix.provinces[placeKey(parts[len(parts)-1])] {
		p.Country = "CA"
		p.City = placeTitle(parts[0])
		p.Method = PlaceMethodCityCountry
		return
	}

	// The last part that is a state, or that ends in a postal code.
	for k := len(parts) - 1; k >= 0; k-- {
		if st, ok := ix.lookupState(parts[k]); ok && len(parts) > 1 {
			ix.cityState(p, parts[:k], st, placeStateMethod(parts[k]))
			return
		}
		if city, st, ok := ix.splitCityCode(parts[k]); ok && len(parts) > 1 {
			ix.cityState(p, append(append([]string{}, parts[:k]...), city), st, PlaceMethodStateCode)
			return
		}
	}
	// A name that alone means one city, as a part or the last words of
	// one: "NYC", "1274 Bedford Ave., Brooklyn", "485 Throop Ave Brooklyn".
	for k := len(parts) - 1; k >= 0; k-- {
		words := strings.Fields(parts[k])
		for n := 1; n <= 2 && n <= len(words); n++ {
			name := strings.Join(words[len(words)-n:], " ")
			if a, ok := placeCityAliases[placeKey(name)]; ok && a.bare {
				if st, ok := ix.statePostal[a.state]; ok {
					p.City = placeTitle(name)
					ix.setState(p, st)
					ix.setMetro(p, a.city, a.state)
					p.Method = PlaceMethodCityAlias
					return
				}
			}
		}
	}
	if p.Country != "" {
		// "Boston, USA": a city and the country, no state.
		p.City = placeTitle(parts[0])
		p.Method = PlaceMethodCityCountry
		return
	}
	if dc == "US" {
		if st, ok := ix.stateInText(s); ok {
			ix.setState(p, st)
			p.Method = PlaceMethodStateInText
			return
		}
	}
	p.Postal = ""
	p.Method = PlaceMethodUnknown
}

// resolveBare resolves text without commas: a country or state by code or
// name, or "City ST". It reports whether it did.
func (ix *PlaceIndex) resolveBare(p *Place, s, dc string) bool {
	st, isState := ix.lookupState(s)
	c := ix.lookupCountry(s, true)
	switch {
	case c != nil && (!isState || dc != "US"):
		// A country, including "CA" or "Georgia" in a dataset that is not
		// U.S.-only. Puerto Rico and the other territories keep their state row.
		p.Country = c.a2
		p.Method = PlaceMethodCountryName
		if placeIsCode(s) {
			p.Method = PlaceMethodCountryCode
		}
		if t, ok := ix.statePostal[c.a2]; ok && placeTerritory[c.a2] {
			p.State, p.StateFIPS = t.Postal, t.FIPS
		}
		return true
	case isState:
		ix.setState(p, st)
		p.Method = placeStateMethod(s)
		return true
	}
	if city, st, ok := ix.splitCityCode(s); ok {
		ix.cityState(p, []string{city}, st, PlaceMethodStateCode)
		return true
	}
	return false
}

// placeStateMethod tells a state written as a postal code from one written
// as a name.
func placeStateMethod(s string) string {
	if len(placeCode(s)) <= 2 {
		return PlaceMethodStateCode
	}
	return PlaceMethodStateName
}

// cityState sets the state and the city: the first candidate without
// digits is the city as written; the first candidate that is a known city
// of the state gives the CBSA ("Santa Fe Springs, Los Angeles, CA").
// stateMethod is the Method when no candidate is a city.
func (ix *PlaceIndex) cityState(p *Place, cands []string, st StateRef, stateMethod string) {
	ix.setState(p, st)
	p.Method = stateMethod
	for _, c := range cands {
		if c == "" || placeHasDigit(c) {
			continue
		}
		if p.City == "" {
			p.City = placeTitle(c)
			p.Method = PlaceMethodCityState
		}
		if ix.setMetro(p, c, st.Postal) {
			return
		}
	}
}

func (ix *PlaceIndex) setState(p *Place, st StateRef) {
	p.State, p.StateFIPS = st.Postal, st.FIPS
	if placeTerritory[st.Postal] {
		p.Country = st.Postal // Puerto Rico, Guam, ...: ISO alpha-2 equals the postal code
	} else {
		p.Country = "US"
	}
}

// setMetro looks city up among the metro cities of state; aliases such as
// "Phila" or "Brooklyn" are tried too.
func (ix *PlaceIndex) setMetro(p *Place, city, state string) bool {
	k := placeKey(city)
	m := ix.cities[k+"|"+state]
	if m == nil {
		if a, ok := placeCityAliases[k]; ok && a.state == state {
			m = ix.cities[placeKey(a.city)+"|"+state]
		}
	}
	if m == nil {
		return false
	}
	p.CBSA, p.CBSATitle = m.CBSA, m.Title
	return true
}

// lookupState finds a state by postal code ("MA", "N.Y."), name or AP
// abbreviation ("Mass."), ignoring case.
func (ix *PlaceIndex) lookupState(s string) (StateRef, bool) {
	if len(s) <= 6 {
		if code := placeCode(s); len(code) == 2 {
			st, ok := ix.statePostal[code]
			return st, ok
		}
	}
	st, ok := ix.stateName[placeKey(s)]
	return st, ok
}

// lookupCountry finds a country by ISO alpha-2 (only when codes is true),
// alpha-3 or name.
func (ix *PlaceIndex) lookupCountry(s string, codes bool) *placeCountry {
	t := placeCode(s)
	if codes && len(t) == 2 {
		return ix.country2[t]
	}
	if len(t) == 3 {
		if c, ok := ix.country3[t]; ok {
			return c
		}
	}
	return ix.countryName[placeKey(s)]
}

// splitCityCode splits "Boston MA" or "Brooklyn Ny" into a city and the
// state its last word names as a postal code.
func (ix *PlaceIndex) splitCityCode(s string) (string, StateRef, bool) {
	i := strings.LastIndexByte(s, ' ')
	if i <= 0 {
		return "", StateRef{}, false
	}
	code := strings.ToUpper(strings.ReplaceAll(s[i+1:], ".", ""))
	st, ok := ix.statePostal[code]
	if !ok || len(code) != 2 {
		return "", StateRef{}, false
	}
	city := placeTrimSeps(s[:i])
	if city == "" || placeHasDigit(city) {
		return "", StateRef{}, false
	}
	return city, st, true
}

// stateInText finds the state at the end of an address: a postal code
// written in capitals or with a capital ("NY NY", "Corona Ny"), one spelled
// out letter by letter ("N Y"), or a state name, possibly cut short after
// it ("New York N"). A lower-case last word ("or", "in") is not a state.
func (ix *PlaceIndex) stateInText(s string) (StateRef, bool) {
	words := strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	n := len(words)
	if n == 0 {
		return StateRef{}, false
	}
	if last := words[n-1]; len(last) == 2 && last[0] >= 'A' && last[0] <= 'Z' {
		if st, ok := ix.statePostal[strings.ToUpper(last)]; ok {
			return st, true
		}
	}
	if n >= 2 && len(words[n-1]) == 1 && len(words[n-2]) == 1 {
		if st, ok := ix.statePostal[strings.ToUpper(words[n-2]+words[n-1])]; ok {
			return st, true
		}
	}
	// A name ending at the last word, or before a last word of one or two
	// letters; the longest wins ("West Virginia" over "Virginia").
	for _, end := range []int{n, n - 1} {
		if end < 1 || end == n-1 && len(words[n-1]) > 2 {
			continue
		}
		for start := max(0, end-4); start < end; start++ {
			if st, ok := ix.stateFull[placeKey(strings.Join(words[start:end], " "))]; ok {
				return st, true
			}
		}
	}
	return StateRef{}, false
}

// placeWorkMode removes the words that say a job is remote or hybrid and
// reports which were there: "Hybrid remote in Boston, MA" → "Boston, MA",
// hybrid.
func placeWorkMode(s string) (rest string, remote, hybrid bool) {
	// offsets into lower are offsets into s: strings.ToLower changes the
	// length of invalid UTF-8 and of some letters ("İ" takes 3 bytes lower)
	lower := lowerASCII(s)
	if !strings.Contains(lower, "remote") && !strings.Contains(lower, "hybrid") &&
		!strings.Contains(lower, "anywhere") && !strings.Contains(lower, "work from home") &&
		!strings.Contains(lower, "wfh") && !strings.Contains(lower, "telecommut") {
		return s, false, false
	}
	for _, ph := range placeModePhrases {
		for {
			i := placeIndexWord(lower, ph.text)
			if i < 0 {
				break
			}
			remote = remote || ph.remote
			hybrid = hybrid || ph.hybrid
			s = s[:i] + " " + s[i+len(ph.text):]
			lower = lower[:i] + " " + lower[i+len(ph.text):]
		}
	}
	rest = placeTrimSeps(placeClean(placeEmptyBrackets.Replace(s)))
	for len(rest) >= 2 && (rest[0] == '(' && rest[len(rest)-1] == ')' || rest[0] == '[' && rest[len(rest)-1] == ']') {
		rest = placeTrimSeps(rest[1 : len(rest)-1])
	}
	return rest, remote, hybrid
}

// placeIndexWord finds w in s where it is not part of a longer word.
func placeIndexWord(s, w string) int {
	for from := 0; ; {
		i := strings.Index(s[from:], w)
		if i < 0 {
			return -1
		}
		i += from
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[i+len(w):])
		if (i == 0 || !placeWordRune(before)) && (i+len(w) == len(s) || !placeWordRune(after)) {
			return i
		}
		from = i + 1
	}
}

func placeWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

var placeModePhrases = []struct {
	text           string
	remote, hybrid bool
}{
	{"hybrid remote in", false, true},
	{"hybrid remote", false, true},
	{"hybrid in", false, true},
	{"remote in", true, false},
	{"remote from", true, false},
	{"remote within", true, false},
	{"anywhere in the", true, false},
	{"anywhere in", true, false},
	{"work from home", true, false},
	{"telecommuting", true, false},
	{"telecommute", true, false},
	{"fully remote", true, false},
	{"100% remote", true, false},
	{"remote", true, false},
	{"hybrid", false, true},
	{"anywhere", true, false},
	{"wfh", true, false},
}

// placeClean trims, collapses white space and drops surrounding quotes and
// values that mean nothing ("-1" is Glassdoor's missing value).
func placeClean(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	s = strings.Trim(s, `"'`)
	switch strings.ToLower(s) {
	case "-1", "-", "--", "n/a", "na", "nan", "none", "null", "unknown", "not specified":
		return ""
	}
	return s
}

var (
	placeEmptyBrackets = strings.NewReplacer("()", " ", "[]", " ", "( )", " ")
	placeDashes        = strings.NewReplacer(" - ", ",", " – ", ",", " — ", ",")
)

// placeCode upper-cases a short code and drops its periods and spaces:
// "N.Y." → "NY", "u.s.a." → "USA". Longer text is returned upper-cased.
func placeCode(s string) string {
	if len(s) > 8 {
		return strings.ToUpper(s)
	}
	var buf [8]byte
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '.' || c == ' ':
			continue
		case 'a' <= c && c <= 'z':
			c -= 'a' - 'A'
		}
		buf[n] = c
		n++
	}
	if string(buf[:n]) == s {
		return s
	}
	return string(buf[:n])
}

func placeTrimSeps(s string) string {
	return strings.TrimSpace(strings.Trim(s, " ,;:-–—/|"))
}

// placeSplit splits on commas and semicolons, on " - " and " | ", and drops
// parenthesized remarks ("(Financial District)").
func placeSplit(s string) []string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '(' || r == '[':
			depth++
			b.WriteByte(' ')
		case (r == ')' || r == ']') && depth > 0:
			depth--
			b.WriteByte(' ')
		case depth > 0:
		case r == ';' || r == '|':
			b.WriteByte(',')
		default:
			b.WriteRune(r)
		}
	}
	s = placeDashes.Replace(b.String())
	raw := strings.Split(s, ",")
	out := raw[:0]
	for _, part := range raw {
		if part = placeTrimSeps(strings.Join(strings.Fields(part), " ")); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// placeZIP splits a trailing ZIP or ZIP+4 off s: "MA 02116" → "02116", "MA".
func placeZIP(s string) (zip, rest string) {
	t := strings.TrimSpace(s)
	end := len(t)
	if end >= 10 && t[end-5] == '-' && placeAllDigits(t[end-4:]) {
		end -= 5
	}
	if end < 5 || !placeAllDigits(t[end-5:end]) || (end > 5 && t[end-6] != ' ' && t[end-6] != ',') {
		return "", s
	}
	return t[end-5 : end], placeTrimSeps(t[:end-5])
}

func placeAllDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func placeHasDigit(s string) bool { return strings.IndexAny(s, "0123456789") >= 0 }

func placeIsCode(s string) bool {
	t := strings.ReplaceAll(s, ".", "")
	if len(t) < 2 || len(t) > 3 {
		return false
	}
	for _, r := range t {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// placeKey is the comparison key of a place name: lower case, accents
// folded, punctuation and spaces dropped, "St."/"Saint", "Ft."/"Fort" and
// "Mt."/"Mount" made equal: "St. Louis" = "Saint Louis", "Mc Lean" = "McLean".
func placeKey(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	word := make([]rune, 0, 16)
	flush := func() {
		switch string(word) {
		case "saint":
			b.WriteString("st")
		case "sainte":
			b.WriteString("ste")
		case "ft":
			b.WriteString("fort")
		case "mt":
			b.WriteString("mount")
		default:
			b.WriteString(string(word))
		}
		word = word[:0]
	}
	for _, r := range s {
		r = placeFold(unicode.ToLower(r))
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			word = append(word, r)
		} else if r == '\'' || r == '’' {
			continue // "Coeur d'Alene" = "Coeur dAlene"
		} else if len(word) > 0 {
			flush()
		}
	}
	if len(word) > 0 {
		flush()
	}
	return b.String()
}

func placeFold(r rune) rune {
	switch r {
	case 'á', 'à', 'â', 'ä', 'ã', 'å':
		return 'a'
	case 'é', 'è', 'ê', 'ë':
		return 'e'
	case 'í', 'ì', 'î', 'ï':
		return 'i'
	case 'ó', 'ò', 'ô', 'ö', 'õ':
		return 'o'
	case 'ú', 'ù', 'û', 'ü':
		return 'u'
	case 'ñ':
		return 'n'
	case 'ç':
		return 'c'
	}
	return r
}

// placeTitle returns s as written when it mixes cases or is a short
// abbreviation ("NYC"), else title-cased:
// "WINSTON-SALEM" → "Winston-Salem", "KING OF PRUSSIA" → "King of
// Prussia", "MCLEAN" → "McLean", "COEUR D'ALENE" → "Coeur D'Alene".
func placeTitle(s string) string {
	hasUpper, hasLower := false, false
	for _, r := range s {
		hasUpper = hasUpper || unicode.IsUpper(r)
		hasLower = hasLower || unicode.IsLower(r)
	}
	if hasUpper && hasLower || s == "" || !hasLower && len(s) <= 3 {
		return s // mixed case, or an abbreviation such as "NYC"
	}
	words := strings.Split(strings.ToLower(s), " ")
	for i, w := range words {
		if i > 0 && placeSmallWords[w] {
			continue
		}
		rs := []rune(w)
		mc := len(rs) > 3 && rs[0] == 'm' && rs[1] == 'c'
		for j := range rs {
			start := j == 0 || rs[j-1] == '-' || rs[j-1] == '/' || rs[j-1] == '.' ||
				(j == 2 && (rs[1] == '\'' || mc))
			if start {
				rs[j] = unicode.ToUpper(rs[j])
			}
		}
		words[i] = string(rs)
	}
	return strings.Join(words, " ")
}

var placeSmallWords = map[string]bool{"of": true, "the": true, "and": true, "du": true, "de": true, "on": true, "upon": true}

// placeTerritory are the U.S. territories in the states table; their ISO
// 3166-1 alpha-2 code is their postal code, and places there get it as
// Country (OEWS publishes them apart from the national figures).
var placeTerritory = map[string]bool{"PR": true, "GU": true, "VI": true, "AS": true, "MP": true}

// placeStateAbbrevs are AP-style and other common abbreviations of state
// names (keys as placeKey makes them), for "Boston, Mass.".
var placeStateAbbrevs = map[string]string{
	"ala": "AL", "ariz": "AZ", "ark": "AR", "calif": "CA", "cal": "CA", "colo": "CO",
	"conn": "CT", "del": "DE", "fla": "FL", "ill": "IL", "ind": "IN", "kan": "KS",
	"kans": "KS", "mass": "MA", "mich": "MI", "minn": "MN", "miss": "MS", "mont": "MT",
	"neb": "NE", "nebr": "NE", "nev": "NV", "okla": "OK", "ore": "OR", "oreg": "OR",
	"penn": "PA", "penna": "PA", "tenn": "TN", "tex": "TX", "wash": "WA", "wva": "WV",
	"wis": "WI", "wisc": "WI", "wyo": "WY", "districtofcolumbia": "DC",
	"usvirginislands": "VI", "virginislands": "VI",
}

// placeCityAliases are other names of one city (keys as placeKey makes
// them): abbreviations and the boroughs of New York City. bare ones resolve
// even without a state ("NYC", "Brooklyn"); a borough written with another
// state ("Brooklyn, MI", "Manhattan, KS") is that state's place.
var placeCityAliases = map[string]struct {
	city, state string
	bare        bool
}{
	"nyc":            {"New York", "NY", true},
	"newyorkcity":    {"New York", "NY", true},
	"manhattan":      {"New York", "NY", true},
	"brooklyn":       {"New York", "NY", true},
	"bklyn":          {"New York", "NY", true},
	"bronx":          {"New York", "NY", true},
	"thebronx":       {"New York", "NY", true},
	"queens":         {"New York", "NY", true},
	"statenisland":   {"New York", "NY", true},
	"longislandcity": {"New York", "NY", true},
	"lic":            {"New York", "NY", false},
	"phila":          {"Philadelphia", "PA", false},
	"philly":         {"Philadelphia", "PA", false},
	"sf":             {"San Francisco", "CA", false},
	"la":             {"Los Angeles", "CA", false},
}

// placeProvinces are Canadian province and territory codes and name keys.
var placeProvinces = []string{
	"ab", "bc", "mb", "nb", "nl", "ns", "nt", "nu", "on", "pe", "qc", "sk", "yt",
	"alberta", "britishcolumbia", "manitoba", "newbrunswick", "newfoundlandandlabrador",
	"novascotia", "northwestterritories", "nunavut", "ontario", "princeedwardisland",
	"quebec", "saskatchewan", "yukon",
}

type placeCountry struct {
	a2, a3, name string
	aliases      []string
}

// placeCountries holds every country in the posted-salary datasets in
// ../shared/data/postings (ds_salaries, aijobs.net, the 2024 spelled-out
// file, Glassdoor headquarters, H-1B "UNITED STATES OF AMERICA") and a few
// more that postings often name. Names are the datasets' spellings; aliases
// are other common ones.
var placeCountries = []placeCountry{
	{"AD", "AND", "Andorra", nil},
	{"AE", "ARE", "United Arab Emirates", []string{"UAE"}},
	{"AL", "ALB", "Albania", nil},
	{"AM", "ARM", "Armenia", nil},
	{"AR", "ARG", "Argentina", nil},
	{"AS", "ASM", "American Samoa", nil},
	{"AT", "AUT", "Austria", nil},
	{"AU", "AUS", "Australia", nil},
	{"BA", "BIH", "Bosnia and Herzegovina", nil},
	{"BD", "BGD", "Bangladesh", nil},
	{"BE", "BEL", "Belgium", nil},
	{"BG", "BGR", "Bulgaria", nil},
	{"BM", "BMU", "Bermuda", nil},
	{"BO", "BOL", "Bolivia", nil},
	{"BR", "BRA", "Brazil", nil},
	{"BS", "BHS", "Bahamas", []string{"The Bahamas"}},
	{"CA", "CAN", "Canada", nil},
	{"CD", "COD", "Democratic Republic of the Congo", []string{"Congo, Democratic Republic of the", "DR Congo"}},
	{"CF", "CAF", "Central African Republic", nil},
	{"CH", "CHE", "Switzerland", nil},
	{"CL", "CHL", "Chile", nil},
	{"CN", "CHN", "China", []string{"People's Republic of China"}},
	{"CO", "COL", "Colombia", nil},
	{"CR", "CRI", "Costa Rica", nil},
	{"CY", "CYP", "Cyprus", nil},
	{"CZ", "CZE", "Czech Republic", []string{"Czechia"}},
	{"DE", "DEU", "Germany", nil},
	{"DK", "DNK", "Denmark", nil},
	{"DO", "DOM", "Dominican Republic", nil},
	{"DZ", "DZA", "Algeria", nil},
	{"EC", "ECU", "Ecuador", nil},
	{"EE", "EST", "Estonia", nil},
	{"EG", "EGY", "Egypt", nil},
	{"ES", "ESP", "Spain", nil},
	{"FI", "FIN", "Finland", nil},
	{"FR", "FRA", "France", nil},
	{"GB", "GBR", "United Kingdom", []string{"UK", "U.K.", "Great Britain", "Britain", "England", "Scotland", "Wales", "Northern Ireland"}},
	{"GE", "GEO", "Georgia", nil},
	{"GH", "GHA", "Ghana", nil},
	{"GI", "GIB", "Gibraltar", nil},
	{"GR", "GRC", "Greece", nil},
	{"GU", "GUM", "Guam", nil},
	{"HK", "HKG", "Hong Kong", nil},
	{"HN", "HND", "Honduras", nil},
	{"HR", "HRV", "Croatia", nil},
	{"HU", "HUN", "Hungary", nil},
	{"ID", "IDN", "Indonesia", nil},
	{"IE", "IRL", "Ireland", nil},
	{"IL", "ISR", "Israel", nil},
	{"IN", "IND", "India", nil},
	{"IQ", "IRQ", "Iraq", nil},
	{"IR", "IRN", "Iran", nil},
	{"IS", "ISL", "Iceland", nil},
	{"IT", "ITA", "Italy", nil},
	{"JE", "JEY", "Jersey", nil},
	{"JP", "JPN", "Japan", nil},
	{"KE", "KEN", "Kenya", nil},
	{"KR", "KOR", "South Korea", []string{"Korea", "Republic of Korea", "Korea, Republic of"}},
	{"KW", "KWT", "Kuwait", nil},
	{"LB", "LBN", "Lebanon", nil},
	{"LK", "LKA", "Sri Lanka", nil},
	{"LT", "LTU", "Lithuania", nil},
	{"LU", "LUX", "Luxembourg", nil},
	{"LV", "LVA", "Latvia", nil},
	{"MA", "MAR", "Morocco", nil},
	{"MD", "MDA", "Moldova", nil},
	{"MK", "MKD", "North Macedonia", []string{"Macedonia"}},
	{"MP", "MNP", "Northern Mariana Islands", nil},
	{"MT", "MLT", "Malta", nil},
	{"MU", "MUS", "Mauritius", nil},
	{"MX", "MEX", "Mexico", nil},
	{"MY", "MYS", "Malaysia", nil},
	{"NG", "NGA", "Nigeria", nil},
	{"NL", "NLD", "Netherlands", []string{"The Netherlands", "Holland"}},
	{"NO", "NOR", "Norway", nil},
	{"NZ", "NZL", "New Zealand", nil},
	{"OM", "OMN", "Oman", nil},
	{"PE", "PER", "Peru", nil},
	{"PH", "PHL", "Philippines", []string{"The Philippines"}},
	{"PK", "PAK", "Pakistan", nil},
	{"PL", "POL", "Poland", nil},
	{"PR", "PRI", "Puerto Rico", nil},
	{"PT", "PRT", "Portugal", nil},
	{"QA", "QAT", "Qatar", nil},
	{"RO", "ROU", "Romania", nil},
	{"RS", "SRB", "Serbia", nil},
	{"RU", "RUS", "Russia", []string{"Russian Federation"}},
	{"RW", "RWA", "Rwanda", nil},
	{"SA", "SAU", "Saudi Arabia", nil},
	{"SE", "SWE", "Sweden", nil},
	{"SG", "SGP", "Singapore", nil},
	{"SI", "SVN", "Slovenia", nil},
	{"SK", "SVK", "Slovakia", nil},
	{"SV", "SLV", "El Salvador", nil},
	{"TH", "THA", "Thailand", nil},
	{"TN", "TUN", "Tunisia", nil},
	{"TR", "TUR", "Turkey", []string{"Türkiye", "Turkiye"}},
	{"TW", "TWN", "Taiwan", nil},
	{"UA", "UKR", "Ukraine", nil},
	{"UG", "UGA", "Uganda", nil},
	{"US", "USA", "United States", []string{"United States of America", "U.S.", "U.S.A.", "America"}},
	{"UZ", "UZB", "Uzbekistan", nil},
	{"VE", "VEN", "Venezuela", nil},
	{"VI", "VIR", "U.S. Virgin Islands", []string{"Virgin Islands"}},
	{"VN", "VNM", "Vietnam", []string{"Viet Nam"}},
	{"ZA", "ZAF", "South Africa", nil},
}
