package normalize

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

// testTitleEntries is a small reference list shaped like the real one:
// synonyms, OEWS and SOC titles, projections alternates, O*NET titles.
var testTitleEntries = []TitleEntry{
	{Code: "29-2011", Title: "Medical Technologist", Source: "synonym"},
	{Code: "29-2011", Title: "MT", Source: "synonym"},
	{Code: "29-2011", Title: "Medical Laboratory Scientist", Source: "synonym"},
	{Code: "29-2011", Title: "MLS", Source: "synonym"},
	{Code: "29-2011", Title: "Clinical Laboratory Scientist", Source: "synonym"},
	{Code: "29-2012", Title: "Medical Laboratory Technician", Source: "synonym"},
	{Code: "29-2012", Title: "MLT", Source: "synonym"},
	{Code: "29-2012", Title: "Laboratory Technician", Source: "synonym"},
	{Code: "29-2010", Title: "Clinical Laboratory Technologists and Technicians", Source: "oews"},
	{Code: "29-1141", Title: "Registered Nurses", Source: "oews"},
	{Code: "29-2061", Title: "Licensed Practical and Licensed Vocational Nurses", Source: "oews"},
	{Code: "31-1131", Title: "Nursing Assistants", Source: "oews"},
	{Code: "31-9097", Title: "Phlebotomists", Source: "oews"},
	{Code: "29-2052", Title: "Pharmacy Technicians", Source: "oews"},
	{Code: "15-1252", Title: "Software Developers", Source: "oews"},
	{Code: "15-2051", Title: "Data Scientists", Source: "oews"},
	{Code: "13-2011", Title: "Accountants and Auditors", Source: "oews"},
	{Code: "11-1021", Title: "General and Operations Managers", Source: "oews"},
	{Code: "11-3021", Title: "Computer and Information Systems Managers", Source: "oews"},
	{Code: "19-1022", Title: "Microbiologists", Source: "oews"},
	{Code: "49-9062", Title: "Medical Equipment Repairers", Source: "oews"},
	{Code: "29-2011", Title: "Medical and Clinical Laboratory Technologists", Source: "soc"},
	{Code: "29-2012", Title: "Medical and Clinical Laboratory Technicians", Source: "soc"},
	{Code: "13-2011", Title: "CPA", Source: "projections_alternate"},
	{Code: "15-1252", Title: "Software Engineer", Source: "projections_alternate"},
	{Code: "29-2061", Title: "LPN", Source: "projections_alternate"},
	{Code: "29-2061", Title: "LVN", Source: "projections_alternate"},
	{Code: "31-1131", Title: "Certified Nursing Assistant", Source: "projections_alternate"},
	{Code: "29-1141", Title: "Staff Nurse", Source: "onet_reported"},
	{Code: "29-2011", Title: "Lab Tech (Laboratory Technologist)", Source: "onet_alternate", Weight: 2},
	{Code: "29-2012", Title: "Laboratory Technician (Lab Tech)", Source: "onet_reported"},
	{Code: "15-2051", Title: "Data Science Engineer", Source: "onet_alternate"},
	{Code: "15-2051", Title: "Data Analyst", Source: "onet_reported"},
	{Code: "15-2041", Title: "Data Analyst", Source: "onet_alternate"},
	{Code: "19-3022", Title: "Data Analyst", Source: "onet_reported"},
	{Code: "11-1021", Title: "Operations Manager", Source: "onet_reported"},
	{Code: "27-2012", Title: "Director", Source: "onet_alternate"},
	{Code: "27-2012", Title: "Operations Director", Source: "onet_alternate"},
	{Code: "11-1021", Title: "Operations Director", Source: "onet_alternate", Weight: 2},
	{Code: "13-1023", Title: "Contract Specialist", Source: "onet_alternate"},
	{Code: "15-1254", Title: "Back End Engineer", Source: "onet_alternate"},
	{Code: "15-1221", Title: "Machine Learning Research Scientist", Source: "onet_alternate"},
	{Code: "29-2011", Title: "Clinical Researcher", Source: "onet_alternate"},
	{Code: "19-1042", Title: "Clinical Research Scientist", Source: "onet_alternate"},
	{Code: "19-1042", Title: "Research Scientist", Source: "onet_alternate"},
	{Code: "21-1091", Title: "Public Health Advisor", Source: "onet_alternate"},
	{Code: "13-2072", Title: "Loan Adviser", Source: "onet_alternate"},
	{Code: "13-2071", Title: "Loan Advisor", Source: "onet_alternate"},
	{Code: "29-2055", Title: "OR Tech", Source: "onet_alternate"},
	{Code: "29-9093", Title: "OR Aide", Source: "onet_alternate"},
	{Code: "31-1122", Title: "Aide", Source: "onet_alternate"},
	{Code: "31-1131", Title: "Nurse Aide", Source: "onet_alternate"},
	{Code: "33-1021", Title: "Chief", Source: "onet_alternate"},
	{Code: "33-1021", Title: "Operations Chief", Source: "onet_alternate"},
	{Code: "33-1021", Title: "Fire Chief", Source: "onet_reported"},
	{Code: "21-1015", Title: "Rehabilitation Liaison (Rehab Liaison)", Source: "onet_alternate"},
}

func TestTitleIndexMatch(t *testing.T) {
	ix := NewTitleIndex(testTitleEntries)
	tests := []struct {
		name       string
		query      string
		wantCode   string
		wantMethod string // checked when not empty
	}{
		// Reference titles as they are.
		{"exact ignoring case and plural", "registered nurse", "29-1141", "exact:oews"},
		{"alternate title", "cpa", "13-2011", "exact:projections_alternate"},
		{"partial title prefers the explaining candidate", "medical technologist", "29-2011", "exact:synonym"},
		{"punctuation and ampersand", "Clinical Laboratory Technologists & Technicians", "29-2010", "exact:oews"},
		{"ampersand for and", "Accountant & Auditor", "13-2011", "exact:oews"},
		{"plural query", "Phlebotomists", "31-9097", "exact:oews"},
		{"singular query of a plural title", "Phlebotomist", "31-9097", "exact:oews"},

		// Seniority.
		{"Sr. prefix", "Sr. Medical Technologist", "29-2011", "exact:synonym"},
		{"Senior and roman numeral", "Senior Software Engineer II", "15-1252", "exact:projections_alternate"},
		{"Jr and abbreviated developer", "Jr Software Dev", "15-1252", "exact:oews"},
		{"Lead prefix", "Lead Phlebotomist", "31-9097", ""},
		{"Principal prefix", "Principal Software Engineer", "15-1252", ""},
		{"Staff prefix", "Staff Data Scientist", "15-2051", "exact:oews"},
		{"Level 2", "Software Engineer Level 2", "15-1252", ""},
		{"numeral III", "Medical Technologist III", "29-2011", ""},
		{"trailing generic word dropped", "MT Generalist", "29-2011", ""},

		// Shift, schedule and place noise.
		{"night shift and PRN", "Medical Technologist - Night Shift, PRN", "29-2011", ""},
		{"per diem", "Clinical Lab Scientist, Per Diem", "29-2011", ""},
		{"full time days", "LPN - Full Time Days", "29-2061", ""},
		{"city and state", "Registered Nurse - Boston, MA", "29-1141", ""},
		{"state name", "Data Scientist - San Antonio, Texas", "15-2051", ""},
		{"remote in parentheses", "Data Scientist (Remote)", "15-2051", ""},
		{"department after a comma", "Microbiologist, Bureau of Public Health Laboratory", "19-1022", ""},

		// Parentheses and capitals.
		{"abbreviation in parentheses", "Medical Laboratory Technician (MLT)", "29-2012", ""},
		{"credential in parentheses", "MT(ASCP)", "29-2011", ""},
		{"specialty in parentheses", "Software Engineer (Backend)", "15-1252", ""},
		{"all capitals", "MEDICAL TECHNOLOGIST", "29-2011", ""},
		{"all capitals nurse", "REGISTERED NURSE", "29-1141", ""},

		// Abbreviations.
		{"RN", "RN", "29-1141", ""},
		{"Staff RN", "Staff RN", "29-1141", ""},
		{"LPN", "LPN", "29-2061", ""},
		{"LVN", "LVN", "29-2061", ""},
		{"CNA", "CNA", "31-1131", ""},
		{"MLT", "MLT", "29-2012", ""},
		{"MLS", "MLS", "29-2011", ""},
		{"CLS", "CLS", "29-2011", ""},
		{"Med Lab Scientist", "Med Lab Scientist", "29-2011", ""},
		{"Med Tech", "Med Tech", "29-2011", ""},
		{"Lab Tech at the end is a technician", "Lab Tech", "29-2012", ""},
		{"Pharmacy Tech", "Pharmacy Tech", "29-2052", ""},
		{"Software Eng", "Software Eng", "15-1252", ""},
		{"Ops Mgr", "Ops Mgr", "11-1021", ""},

		// Separators.
		{"slash between two titles", "Medical Technologist/MLS", "29-2011", ""},
		{"slash without spaces", "MED TECH/LAB SCIENTIST", "29-2011", ""},
		{"inverted title", "Manager, Operations", "11-1021", ""},
		{"inverted director", "Director, Operations", "11-1021", ""},

		// Harder readings.
		{"misspelling", "Medical Tecnologist", "29-2011", ""},
		{"swapped letters in a short word", "Data Anlayst", "15-2051", ""},
		{"swapped first letters", "Hparmacy Technician", "29-2052", ""},
		{"swapped letters in the head word", "Phlebotomsit", "31-9097", "exact:oews"},
		{"misspelt half of a compound", "Data Sceince Engineer", "15-2051", ""},
		{"compound written as one word", "Backend Engineer", "15-1254", "exact:onet_alternate"},
		{"compound hyphenated", "Sr. Back-End Engineer", "15-1254", "exact:onet_alternate"},
		{"researcher read as a research scientist", "Machine Learning Researcher", "15-1221", "exact:onet_alternate"},
		{"a researcher title spelt so wins", "Clinical Researcher", "29-2011", "exact:onet_alternate"},
		{"the other spelling", "Public Health Adviser", "21-1091", "exact:onet_alternate"},
		{"a title spelt so keeps its code", "Loan Adviser", "13-2072", "exact:onet_alternate"},
		{"so does its other spelling", "Loan Advisor", "13-2071", "exact:onet_alternate"},
		{"last word cut short", "MEDICAL LABORATORY TECHNICI", "29-2012", ""},
		{"manager of a field", "Director of Data Science", "11-3021", "tokens:oews"},
		{"manager of a field, no of", "Data Science Manager", "11-3021", ""},
		{"misspelt manager word of a field", "Dircetor of Data Science", "11-3021", "tokens:oews"},
		{"misspelt noise word", "Medical Technologist, 2 years expeirence", "29-2011", ""},
		{"misspelt rank word", "Senoir Phlebotomist", "31-9097", "exact:oews"},
		{"ambiguous title goes to the best-evidenced code", "Data Analyst", "15-2051", ""},

		// Unknown rather than a guess.
		{"unrelated title is unknown", "astronaut", "", "unknown"},
		{"empty title is unknown", "  ", "", "unknown"},
		{"rank word alone is unknown", "Director", "", "unknown"},
		{"rank words alone are unknown", "Senior Vice President", "", "unknown"},
		{"misspelt rank word alone is unknown", "Dircetor", "", "unknown"},
		{"researcher alone is unknown", "Senior Researcher", "", "unknown"},
		{"misspelt generic words alone are unknown", "Senior Anlayst", "", "unknown"},
		{"internship is unknown", "Summer Intern - Data Science", "", "unknown"},
		{"student job is unknown", "Student Nurse", "", "unknown"},
		{"noise only is unknown", "Full Time - Night Shift", "", "unknown"},

		// "Contract": the work before some words, the terms elsewhere.
		{"contract names the work", "Senior Contract Specialist", "13-1023", "exact:onet_alternate"},
		{"contracts names it too", "Contracts Specialist II", "13-1023", ""},
		{"contract names the terms", "Contract RN", "29-1141", ""},
		{"contract terms before a title", "Contract Medical Technologist", "29-2011", ""},

		// Dashes, and dashes as mojibake (UTF-8 read as Latin-1, as in the
		// NYC Jobs 2022 extract): unknown without the repair.
		{"en dash as mojibake", "MLT \u00e2\u0080\u0093 Blood Bank", "29-2012", "exact:synonym"},
		{"en dash as Windows-1252 mojibake", "LPN â€“ Nights", "29-2061", "exact:projections_alternate"},
		{"apostrophe as mojibake", "Staff Nurse \u00e2\u0080\u0093 Children\u00e2\u0080\u0099s Unit", "29-1141", "exact:onet_reported"},
		{"unspaced em dash parts a title", "Software Engineer—Platform", "15-1252", "exact:projections_alternate"},

		// "OR" in a title written in mixed case is the operating room, not
		// the conjunction dropped as a stopword, which left O*NET's "OR
		// Aide" as any aide.
		{"OR tech", "OR Tech", "29-2055", "exact:onet_alternate"},
		{"operating room spelled out", "Operating Room Tech", "29-2055", "exact:onet_alternate"},
		{"another aide is not an OR aide", "Paralegal Aide", "", "unknown"},
		// "Aide", like "Assistant", names no occupation alone, though O*NET
		// lists it for personal care aides: NYC's "College Aide" is a
		// student's part-time job in any office.
		{"aide alone is unknown", "Aide", "", "unknown"},
		{"an aide of an unknown kind is unknown", "College Aide", "", "unknown"},
		{"an aide of a known kind", "Senior Nurse Aide", "31-1131", "exact:onet_alternate"},
		// "Chief" too: a head of any office (TestTitleAnswersOnTheRealLists
		// has "Liaison", which this small index cannot show).
		{"chief of an office is unknown", "Chief of Staff", "", "unknown"},
		{"chief alone is unknown", "Chief", "", "unknown"},
		{"fire chief", "Fire Chief", "33-1021", "exact:onet_reported"},
		{"rehabilitation liaison", "Rehab Liaison", "21-1015", "exact:onet_alternate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ix.Match(tt.query)
			if got.Code != tt.wantCode || (tt.wantMethod != "" && got.Method != tt.wantMethod) {
				t.Fatalf("Match(%q) = %s %s (score %.3f, %q, normalized %q), want %s %s",
					tt.query, got.Code, got.Method, got.Score, got.Title, got.Normalized, tt.wantCode, tt.wantMethod)
			}
			if got.Query != tt.query {
				t.Errorf("Query = %q, want %q", got.Query, tt.query)
			}
			if got.Code != "" && (got.Score < MinTitleScore || got.Score > 1 || got.Matched.Code != got.Code) {
				t.Errorf("match %+v: score outside [MinTitleScore, 1] or Matched of another code", got)
			}
		})
	}
}

// The title shown for a match spells an abbreviation out when the code
// has a title that reads the same, and keeps what the query itself spells.
func TestTitleIndexShownTitle(t *testing.T) {
	// acronyms first, as in data/title_synonyms.csv's O*NET pairs
	entries := append([]TitleEntry{
		{Code: "29-2011", Title: "CLS", Source: "synonym"},
		{Code: "29-2011", Title: "MT", Source: "synonym"},
		{Code: "29-2012", Title: "MLT", Source: "synonym"},
	}, testTitleEntries...)
	ix := NewTitleIndex(entries)
	tests := []struct{ query, want string }{
		{"Medical Technologist - Night Shift", "Medical Technologist"}, // not "MT"
		{"Sr. Medical Technologist", "Medical Technologist"},
		{"Clinical Lab Scientist, Per Diem", "Clinical Laboratory Scientist"},
		{"Medical Lab Technician", "Medical Laboratory Technician"}, // not "MLT"
		{"MT", "MT"},   // the query's own spelling
		{"MLT", "MLT"}, // idem
		{"registered nurses", "Registered Nurses"},
	}
	for _, tt := range tests {
		if got := ix.Match(tt.query); got.Title != tt.want {
			t.Errorf("Match(%q).Title = %q (%s), want %q", tt.query, got.Title, got.Method, tt.want)
		}
	}
}

func TestTitleIndexRank(t *testing.T) {
	ix := NewTitleIndex(testTitleEntries)
	got := ix.Rank("Data Analyst", 3)
	if len(got) != 3 {
		t.Fatalf("Rank returned %d candidates, want 3: %+v", len(got), got)
	}
	seen := map[string]bool{}
	for i, m := range got {
		if seen[m.Code] {
			t.Errorf("code %s twice", m.Code)
		}
		seen[m.Code] = true
		if i > 0 && m.Score > got[i-1].Score {
			t.Errorf("candidate %d (%s %.3f) scores above candidate %d (%.3f)", i, m.Code, m.Score, i-1, got[i-1].Score)
		}
		if m.Normalized != "analyst data" {
			t.Errorf("Normalized = %q, want %q", m.Normalized, "analyst data")
		}
	}
	if got[0].Code != "15-2051" {
		t.Errorf("best = %s, want 15-2051 (a reported title outweighs one O*NET source)", got[0].Code)
	}
	if r := ix.Rank("Data Analyst", 0); r != nil {
		t.Errorf("Rank(q, 0) = %v, want nil", r)
	}
	if r := NewTitleIndex(nil).Rank("Data Analyst", 3); r != nil {
		t.Errorf("empty index ranked %v", r)
	}
}

// TestTitleIndexPreference checks that among equal titles of one code the
// earlier entry is the one reported, and a synonym decides between codes.
func TestTitleIndexPreference(t *testing.T) {
	ix := NewTitleIndex([]TitleEntry{
		{Code: "29-2011", Title: "Lab Technologist", Source: "synonym"},
		{Code: "29-2031", Title: "Lab Technologist", Source: "onet_alternate", Weight: 3},
		{Code: "29-2011", Title: "Laboratory Technologists", Source: "onet_alternate"},
	})
	got := ix.Match("Laboratory Technologist")
	if got.Code != "29-2011" || got.Method != "exact:synonym" || got.Title != "Lab Technologist" {
		t.Fatalf("Match = %+v, want the synonym for 29-2011", got)
	}
}

// TestTitleMatchCache checks that titles with the same readings share one
// scoring, keep their own query and displayed title, and answer exactly as
// an uncached ranking does.
func TestTitleMatchCache(t *testing.T) {
	tests := []struct {
		name      string
		queries   []string // matched in order on one index
		wantCode  string
		wantTitle []string // per query
		wantCache int      // readings cached after all queries
	}{
		{
			name:      "noise words read the same",
			queries:   []string{"Sr. Medical Technologist - Night Shift", "Medical Technologist II", "Junior Medical Technologist"},
			wantCode:  "29-2011",
			wantTitle: []string{"Medical Technologist", "Medical Technologist", "Medical Technologist"},
			wantCache: 1,
		},
		{
			name:      "the displayed title follows each query's own text",
			queries:   []string{"Laboratory Technician", "laboratory   technician"},
			wantCode:  "29-2012",
			wantTitle: []string{"Laboratory Technician", "Laboratory Technician"},
			wantCache: 1,
		},
		{
			name:      "different readings are scored apart",
			queries:   []string{"Medical Technologist", "Medical Laboratory Technician"},
			wantCode:  "",
			wantTitle: []string{"Medical Technologist", "Medical Laboratory Technician"},
			wantCache: 2,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := NewTitleIndex(testTitleEntries)
			for i, q := range tt.queries {
				got := ix.Match(q)
				want := NewTitleIndex(testTitleEntries).Rank(q, 1)
				if len(want) != 1 || got != want[0] {
					t.Errorf("Match(%q) = %+v, want the uncached ranking %+v", q, got, want)
				}
				if got.Query != q || got.Title != tt.wantTitle[i] {
					t.Errorf("Match(%q): query %q title %q, want %q %q", q, got.Query, got.Title, q, tt.wantTitle[i])
				}
				if tt.wantCode != "" && got.Code != tt.wantCode {
					t.Errorf("Match(%q) code %s, want %s", q, got.Code, tt.wantCode)
				}
			}
			if n := len(ix.matches.entries); n != tt.wantCache {
				t.Errorf("%d readings cached, want %d", n, tt.wantCache)
			}
		})
	}
}

func TestTitleIndexConcurrent(t *testing.T) {
	ix := NewTitleIndex(testTitleEntries)
	queries := []string{"Sr. Medical Technologist - Night Shift", "RN", "Director of Data Science", "Data Analyst", "astronaut"}
	want := make([]string, len(queries))
	wantMatch := make([]TitleMatch, len(queries))
	for i, q := range queries {
		want[i] = fmt.Sprint(ix.Rank(q, 3))
		wantMatch[i] = NewTitleIndex(testTitleEntries).Match(q)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; n < 50; n++ {
				i := (g + n) % len(queries)
				if got := fmt.Sprint(ix.Rank(queries[i], 3)); got != want[i] {
					errs <- fmt.Sprintf("Rank(%q) = %s, want %s", queries[i], got, want[i])
					return
				}
				if got := ix.Match(queries[i]); got != wantMatch[i] {
					errs <- fmt.Sprintf("Match(%q) = %+v, want %+v", queries[i], got, wantMatch[i])
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestTitleTokens(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"Medical and Clinical Laboratory Technologists", "medical clinical laboratory technologist"},
		{"Secretaries & Administrative Assistants", "secretary administrative assistant"},
		{"Bus Drivers, Transit", "bus driver transit"},
		{"Analysis", "analysis"},
		{"Sr. Med Tech II - Night Shift", "medical technologist"},
		{"RN, PRN", "registered nurse"},
		{"Full-Time LPN", "licensed practical nurse"},
		{"Lab Tech", "laboratory technician"},
		{"Tech Manager", "technology manager"},
		{"Crane Oper II", "crane operator"},
		{"Oper Supv", "operation supervisor"},
		{"Cust Svc Rep", "customer service representative"},
		{"Clin Lab Scientist", "clinical laboratory scientist"},
		{"Machine Leanring Engineer", "machinelearning engineer"},
		{"X-Ray Technician", "xray technician"},
		{"Machine Learning Engineer", "machinelearning engineer"},
		{"R&D Chemist", "research development chemist"},
		{"Lead Abatement Worker", "lead abatement worker"},
		{"Associate Laboratory Microbiologist", "laboratory microbiologist"},
		{"Data Engineer 4", "data engineer"},
		{"Saturday - Tuesday, 8:00pm - 6:30am", ""},
		{"Contract Specialists", "contract specialist"},
		{"Contract Analyst, Contract", "contract analyst"},
		{"Contract Data Analyst", "data analyst"},
		{"Contract", ""},
		{"Back End Developer", "backend developer"},
		{"Front-End Engineer", "frontend engineer"},
		{"OR Nurse", "operating room nurse"},
		{"Travel OR Tech", "travel operating room technician"},
		{"Nurse/OR", "nurse operating room"},
		{"NURSE OR TECHNICIAN", "nurse technician"},
		{"ORACLE DBA", "oracle database administrator"},
	}
	for _, tt := range tests {
		if got := strings.Join(TitleTokens(tt.in), " "); got != tt.want {
			t.Errorf("TitleTokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// hasSpacedAt gates the separator regexp, so it must find every " at " cut
// the regexp would make.
func TestHasSpacedAt(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"nurse at mercy hospital", true},
		{"nurse\tat\tmercy", true},
		{"nurse at ", true},
		{"data analyst", false},
		{"at home nurse", false}, // no whitespace before "at"
		{"nurse at", false},      // nothing after: a cut needs whitespace after too
		{"staff attorney", false},
		{"", false},
	}
	for _, tc := range tests {
		if got := hasSpacedAt(tc.in); got != tc.want {
			t.Errorf("hasSpacedAt(%q) = %v, want %v", tc.in, got, tc.want)
		}
		if re := refTitleSepRe.MatchString(tc.in); re && !hasSpacedAt(tc.in) {
			t.Errorf("%q: the separator regexp cuts it but hasSpacedAt says no", tc.in)
		}
	}
}

// A word no reference title has is corrected once and remembered: asked
// again, lookup gives the same answer, a word with no correction included.
func TestTitleLookupRemembersCorrections(t *testing.T) {
	ix := NewTitleIndex(testTitleEntries)
	tests := []struct {
		word, want string // want "": no correction
	}{
		{"technologist", "technologist"},
		{"technolgist", "technologist"},      // one letter missing
		{"labratory", "laboratory"},          // one letter missing, 9 letters
		{"microbilogists", "microbiologist"}, // two edits, 14 letters
		{"anlayst", "analyst"},               // two letters swapped: one edit
		{"hparmacy", "pharmacy"},             // the first two letters swapped
		{"ysystem", ""},                      // a letter added before the first, 7 letters: not a swap
		{"hparmacyy", "pharmacy"},            // the first two swapped and a letter added, 9 letters: two edits
		{"plumber", ""},                      // nothing near it
		{"medic", ""},                        // too short to correct
	}
	for _, tt := range tests {
		for round := range 2 {
			id, ok := ix.lookup(tt.word)
			got := ""
			if ok {
				got = ix.tokens[id]
			} else if id != 0 {
				t.Errorf("round %d: lookup(%q) = %d, false; want 0 with false", round, tt.word, id)
			}
			if got != tt.want {
				t.Errorf("round %d: lookup(%q) = %q, want %q", round, tt.word, got, tt.want)
			}
		}
	}
	if _, ok := ix.corrections.Load("technologist"); ok {
		t.Error("an indexed word was stored as a correction")
	}
	if id, ok := ix.corrections.Load("plumber"); !ok || id.(int32) != -1 {
		t.Errorf("plumber remembered as %v (%v), want -1", id, ok)
	}
}

// A manager title's field reading keeps one best code; among codes that
// score the same, the smaller code id, whatever order matchReading touched
// them in. Before, the first touched won, so renumbering the index's
// variants changed the answer for "Cemeteyr Manager" among ten million
// synthetic postings' titles.
func TestFieldReadingTiesGoToTheSmallerCode(t *testing.T) {
	ix := NewTitleIndex(testTitleEntries)
	withManager, without := ix.codeIDs["15-2051"], ix.codeIDs["29-2011"] // 11-3021 is indexed, 11-9111 is not
	if _, ok := ix.fieldManager(withManager); !ok {
		t.Fatal("15-2051 has no field manager in the test index")
	}
	if _, ok := ix.fieldManager(without); ok {
		t.Fatal("29-2011 has a field manager in the test index")
	}
	want := ""
	if withManager < without {
		want = "11-3021"
	}
	for _, order := range [][]int32{{withManager, without}, {without, withManager}} {
		s := ix.scratch.Get().(*titleScratch)
		for _, c := range order {
			s.codeTouched = append(s.codeTouched, c)
			s.codeBest[c], s.codeSupport[c] = 0.8, 1
		}
		ix.foldReading(s, 1, 0, 0)
		got := ""
		for _, c := range s.finalCodes {
			got = ix.codes[c]
			s.finalScore[c] = 0
		}
		if len(s.finalCodes) > 1 {
			t.Errorf("order %v: %d final codes, want at most 1", order, len(s.finalCodes))
		}
		s.finalCodes = s.finalCodes[:0]
		ix.scratch.Put(s)
		if got != want {
			t.Errorf("codes touched in order %v: field manager %q, want %q", order, got, want)
		}
	}
}

// A phrase or compound is read through one misspelt word of six letters or
// more, as long as another of its words is spelt right and the misspelling
// is not a plural.
func TestTitleEqualWords(t *testing.T) {
	tests := []struct {
		words, phrase []string
		want          bool
	}{
		{[]string{"machine", "learning"}, []string{"machine", "learning"}, true},
		{[]string{"machine", "leanring"}, []string{"machine", "learning"}, true}, // a swap
		{[]string{"buisness", "intelligence"}, []string{"business", "intelligence"}, true},
		{[]string{"machine", "learnig"}, []string{"machine", "learning"}, true},   // a letter missing
		{[]string{"machnie", "leanring"}, []string{"machine", "learning"}, false}, // no word spelt right
		{[]string{"vice", "presidents"}, []string{"vice", "president"}, false},    // a plural
		{[]string{"real", "esattes"}, []string{"real", "estate"}, false},          // two edits
		{[]string{"pubic", "health"}, []string{"public", "health"}, true},         // "public" has six letters
		{[]string{"day", "shfit"}, []string{"day", "shift"}, false},               // "shift" is too short to guess
		{[]string{"data", "lscience"}, []string{"data", "science"}, false},        // another first letter
	}
	for _, tt := range tests {
		if got := titleEqualWords(tt.words, tt.phrase); got != tt.want {
			t.Errorf("titleEqualWords(%q, %q) = %v, want %v", tt.words, tt.phrase, got, tt.want)
		}
	}
}

func TestTitleStructuralFix(t *testing.T) {
	ix := fakeWordIndex{"directory": true} // a word some reference title has
	tests := []struct{ word, want string }{
		{"dircetor", "director"},     // swapped letters
		{"idrector", "director"},     // the first two swapped
		{"directr", "director"},      // a letter left out
		{"expeirence", "experience"}, // a noise word
		{"senoir", "senior"},         // a rank word
		{"anlayst", "analyst"},       // a generic word
		{"director", "director"},     // already right
		{"directory", "directory"},   // a reference title's word
		{"xdirector", "xdirector"},   // a letter before the first is not a swap
		{"dirctr", "dirctr"},         // two edits
		{"mangr", "mangr"},           // too short to correct blind
		{"futurse", "futurse"},       // one edit from "futures", a title's word, too
		{"contracts", "contracts"},   // a plural is not a misspelling
		{"managers", "managers"},     // idem
	}
	for _, tt := range tests {
		words := []string{"data", tt.word}
		titleStructuralWords.fix(words, ix)
		if words[0] != "data" || words[1] != tt.want {
			t.Errorf("fix(%q) = %q, want %q", tt.word, words[1], tt.want)
		}
	}
}

// fakeWordIndex knows its words and corrects none.
type fakeWordIndex map[string]bool

func (f fakeWordIndex) knowsWord(w string) bool       { return f[w] }
func (f fakeWordIndex) readsAsOther(w, c string) bool { return false }

// A word the index itself corrects to another word in one edit is not
// forced into a structural one: "Actino" is "action" as much as "acting".
func TestTitleStructuralFixDefersToTheIndex(t *testing.T) {
	ix := NewTitleIndex(append([]TitleEntry{
		{Code: "51-2099", Title: "Action Installer", Source: "onet_alternate"},
		{Code: "49-9099", Title: "Installer", Source: "onet_alternate"}, // what "Acting Installer" reads as
		{Code: "43-3021", Title: "Rating Examiner", Source: "onet_alternate"},
		{Code: "13-1041", Title: "Examiner", Source: "onet_alternate"},
	}, testTitleEntries...))
	for _, q := range []string{"Actino Installer", "aRting Examiner"} {
		want := ix.Match(strings.Replace(strings.Replace(q, "Actino", "Action", 1), "aRting", "Rating", 1))
		if got := ix.Match(q); got.Code != want.Code || got.Code == "" {
			t.Errorf("Match(%q) = %q (%s), want %q as spelt right", q, got.Code, got.Method, want.Code)
		}
	}
}
