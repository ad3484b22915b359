package normalize

import (
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/wagescope/wagescope/internal/shareddata"
)

// Cases quote real values from the files in shared/data/postings (see each
// folder's PROVENANCE.md); the dataset is named in each case. LinkedIn's
// postings file is not in shared/data, so its experience levels are the
// values of its formatted_experience_level column.
func TestClassifyExperience(t *testing.T) {
	const none = -1.0
	tests := []struct {
		name                  string
		explicit, title, desc string
		wantLevel, wantMethod string
		wantYears             float64 // none: Years must be nil
	}{
		// Explicit fields.
		{"ds_salaries_2023 EN", "EN", "Applied Scientist", "", "entry", "explicit", none},
		{"ds_salaries_2023 MI", "MI", "ML Engineer", "", "mid", "explicit", none},
		{"ds_salaries_2023 SE beats the title's Principal", "SE", "Principal Data Scientist", "", "senior", "explicit", none},
		{"ds_salaries_2023 EX beats the title's Staff", "EX", "Staff Data Analyst", "", "executive", "explicit", none},
		{"aijobs.net EN", "EN", "BI Analyst", "", "entry", "explicit", none},
		{"ds_salaries_2020_2022 SE", "SE", "Machine Learning Scientist", "", "senior", "explicit", none},
		{"data_science_salaries_2024 Entry-level", "Entry-level", "Research Analyst", "", "entry", "explicit", none},
		{"data_science_salaries_2024 Mid-level", "Mid-level", "BI Developer", "", "mid", "explicit", none},
		{"data_science_salaries_2024 Senior-level", "Senior-level", "Data Scientist", "", "senior", "explicit", none},
		{"data_science_salaries_2024 Executive-level", "Executive-level", "Director of Data Science", "", "executive", "explicit", none},
		{"nyc_jobs_2022 Entry-Level intern", "Entry-Level", "Civil Engineering Intern", "", "entry", "explicit", none},
		{"nyc_jobs_2022 Experienced (non-manager) Project Manager", "Experienced (non-manager)", "Project Manager", "", "mid", "explicit", none},
		{"nyc_jobs_2022 Manager beats the title's Commissioner", "Manager", "Associate Deputy Commissioner", "", "lead", "explicit", none},
		{"nyc_jobs_2022 Executive", "Executive", "VP, Infrastructure & Operations", "", "executive", "explicit", none},
		{"nyc_jobs_2022 Student", "Student", "College Aide", "", "entry", "explicit", none},
		{"nyc_jobs_2022 Entry-Level beats the title's Director", "Entry-Level", "Recreation Director", "", "entry", "explicit", none},
		{"LinkedIn Internship", "Internship", "", "", "entry", "explicit", none},
		{"LinkedIn Entry level", "Entry level", "", "", "entry", "explicit", none},
		{"LinkedIn Associate ranks above Entry level", "Associate", "", "", "mid", "explicit", none},
		{"LinkedIn Mid-Senior level", "Mid-Senior level", "", "", "senior", "explicit", none},
		{"LinkedIn Director", "Director", "", "", "executive", "explicit", none},
		{"LinkedIn Not Applicable is no level", "Not Applicable", "", "", "", "", none},
		{"nyc_jobs_2019 Level M1 is a pay level: the title decides", "M1", "Director, Infrastructure Build Coordinator", "", "executive", "title", none},
		{"nyc_jobs_2019 Level 4 and title Level 4", "4", "CERTIFIED IT ADMINISTRATOR (WAN), Level 4", "", "lead", "title", none},
		{"nyc_jobs_2019 Level 0 with a plain title is unknown", "0", "Maintenance Worker - Technical Services-Heating Unit", "", "", "", none},

		// Title words (Glassdoor 2020 kenjee and uncleaned 2021, NYC Jobs).
		{"glassdoor Sr.", "", "Sr. Data Scientist", "", "senior", "title", none},
		{"glassdoor trailing Senior", "", "Data Scientist, Senior", "", "senior", "title", none},
		{"glassdoor_uncleaned (Sr.)", "", "(Sr.) Data Scientist -", "", "senior", "title", none},
		{"glassdoor Jr.", "", "Jr. Data Scientist", "", "entry", "title", none},
		{"glassdoor Intern", "", "Data Science Intern", "", "entry", "title", none},
		{"glassdoor Undergrad beats Associate", "", "Associate Machine Learning Engineer / Data Scientist May 2020 Undergrad", "", "entry", "title", none},
		{"glassdoor Lead", "", "Lead Data Scientist", "", "lead", "title", none},
		{"glassdoor Principal", "", "Principal Data Scientist", "", "lead", "title", none},
		{"glassdoor Staff scientist", "", "Staff Data Scientist - Analytics", "", "lead", "title", none},
		{"glassdoor II", "", "Data Scientist II", "", "mid", "title", none},
		{"glassdoor Sr. and III: highest wins", "", "Sr. BI Data Engineer III", "", "senior", "title", none},
		{"glassdoor Level III", "", "Data Analyst Level III", "", "senior", "title", none},
		{"glassdoor trailing digit", "", "Data Analyst 2 (Missionary Department)", "", "mid", "title", none},
		{"glassdoor I/II: lowest alternative", "", "Scientist I/II, Biology", "", "entry", "title", none},
		{"glassdoor Associate / Sr. Associate", "", "Associate Scientist / Sr. Associate Scientist, Antibody Discovery", "", "entry", "title", none},
		{"glassdoor ladder: bare title is the middle rung", "", "Scientist/Senior Scientist, Autoimmune", "", "mid", "title", none},
		{"glassdoor Associate Director/Director", "", "Associate Director/Director, Safety Scientist", "", "lead", "title", none},
		{"glassdoor Associate Principal", "", "Associate Principal Scientist, Pharmacogenomics", "", "lead", "title", none},
		{"glassdoor Director II", "", "Director II, Data Science - GRM Actuarial", "", "executive", "title", none},
		{"glassdoor VP", "", "VP, Data Science", "", "executive", "title", none},
		{"glassdoor Chief", "", "Chief Data Officer", "", "executive", "title", none},
		{"glassdoor Head Data Scientist is a lead", "", "Head Data Scientist – NLP lead, Novartis AI Innovation Lab", "", "lead", "title", none},
		{"glassdoor Sr. Manager", "", "Sr. Manager, Data Science - Marketing Mix Media", "", "lead", "title", none},
		{"glassdoor Analytics Manager", "", "Analytics Manager - Data Mart", "", "lead", "title", none},
		{"glassdoor Project Manager is not a people manager", "", "Data Analytics Project Manager", "", "", "", none},
		{"glassdoor Account Exec is not an executive", "", "Sr. Enterprise Account Exec- Data Science / ML - NYC", "", "senior", "title", none},
		{"glassdoor Entry Level after a dash", "", "Weapons and Sensors Engineer/Scientist – Entry Level", "", "entry", "title", none},
		{"glassdoor_uncleaned Mid-Career", "", "Data Scientist - Statistics, Mid-Career", "", "mid", "title", none},
		{"nyc_jobs_2022 Chief Technology Office is an office", "", "Data Engineer, Chief Technology Office", "", "", "", none},
		{"nyc_jobs_2022 Secretary to a chief", "", "Secretary to Division Chief - Information Technology Division", "", "", "", none},
		{"nyc_jobs_2022 M-I is a pay grade", "", "Administrative Contract Specialist, M-I", "", "", "", none},
		{"nyc_jobs_2022 lead paint", "", "Lead-Based Paint Project Coordinator for the Office of Enforcement & Neighborhood Services", "", "", "", none},
		{"nyc_jobs_2022 Principal Administrative Associate is clerical", "", "PRINCIPAL ADMINISTRATIVE ASSOCIATE, LEVEL II", "", "mid", "title", none},
		{"nyc_jobs_2022 (IV)", "", "Agency Attorney (IV)", "", "lead", "title", none},
		{"nyc_jobs_2022 trailing , I", "", "Medical Record Librarian, I", "", "entry", "title", none},
		{"nyc_jobs_2022 possessive names someone else", "", "Office Manager, Queens Borough Commissioner's Office", "", "", "", none},

		// Years in the description.
		{"glassdoor Vail Health CLS: years in a lab", "", "Clinical Laboratory Scientist",
			"MINIMUM QUALIFICATIONS:\n\nExperience:\n3 years in a CLIA high complexity lab required.\n", "mid", "years", 3},
		{"glassdoor Tower Health MLS", "", "Medical Lab Scientist",
			"Medical Laboratory Science or related science (Required)\nMinimum of 1 year of experience\nCertification and Licensure Requirements. MLS (ASCP) (Preferred)", "entry", "years", 1},
		{"glassdoor KnowBe4: degree alternatives, not the company's last four years", "", "Data Scientist",
			"have placed #1 or #2 in The Tampa Bay Top Workplaces Survey for the last four years.\n2-3 years of experience in similar role (Master's Degree)\n0-2 years of experience in similar role (PhD)", "entry", "years", 0},
		{"glassdoor Pyramid: listed skills must all be met", "", "Data Scientist",
			"6-10+ years of experience. Requirements Programming experience with at least 6 years of Oracle PLSQL, 3 years of Hadoop and 1 year of Java experience.", "senior", "years", 6},
		{"glassdoor PNNL: BS 5+, MS 3+ or PhD 1+", "", "Computational Chemist/Data Scientist",
			"+ BS with 5+ years of experience, or MS with 3+ years of experience, or PhD with 1+ years of experience in computational chemistry, machine learning, chemical engineering, or related field.", "entry", "years", 1},
		{"glassdoor P2: company history is not a requirement", "", "Data Engineer",
			"With more than 80 years of experience in data and 30 years in software, P2 has offices around the world, and employs approximately 600 people.\n5-7 Years relevant Data Experience", "senior", "years", 5},
		{"glassdoor Amica: preferred year, not 40 years of age", "", "Business Intelligence Analyst",
			"At least 1 year of work experience in Business Intelligence is preferred\nThe Age Discrimination in Employment Act prohibits discrimination on the basis of age with respect to individuals who are 40 years of age or older.", "entry", "years", 1},
		{"glassdoor C Space: 20 years since launch", "", "Data Scientist - Research",
			"2-5 years hands-on industry (non-academic) experience in Data Science (or equivalent quantitative job title)\n20 years since launch, we still think of our business as a 'work in progress'", "mid", "years", 2},
		{"glassdoor Icon: six months", "", "Supply Chain Data Analyst",
			"Degree from college or technical school which includes data management and analysis and a minimum of six months related experience and/or training", "entry", "years", 0.5},
		{"glassdoor DICK'S: One to three years", "", "Data Scientist", "Experience/Technology\nOne to three years of experience\n", "entry", "years", 1},
		{"glassdoor Briq: Fifteen (15) years, title decides", "", "Principal Data Scientist",
			"Fifteen (15) years of experience in artificial intelligence, machine learning, natural language processing or related areas", "lead", "title", 15},
		{"glassdoor Visa: next 5 to 10 years and including 2+ years", "", "Lead Data Scientist",
			"this will be a very exciting area in the next 5 to 10 years. VISA is clearly a very strong leader in the payment industry.\nExperienced technology leader with a minimum of 10+ years of software development experience including 2+ years of data science experience.", "lead", "title", 10},
		{"glassdoor Clarity: largest listed requirement", "", "Data Scientist - Consultant - National",
			"With continuing, aggressive growth plans for the next five years, Clarity is seeking outstanding data analytics leaders\n3+ years of professional work experience working with data integration, data science or data visualization\n1-2 years of professional work experience implementing solutions using Regression modeling techniques", "mid", "years", 3},
		{"glassdoor Delphi-US: collective years are the firm's", "", "Data Scientist",
			"With a collective 30+ years in our field, Delphi-US brings true best practices to the industry", "", "", none},
		{"glassdoor Senior Risk: title decides, years from the PhD path", "", "Senior Risk Data Scientist",
			"Minimum 5 years (with M.S. degree) or 3 years (with PhD) of industry experience in data science", "senior", "title", 3},
		{"nothing at all", "", "", "", "", "", none},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ClassifyExperience(tt.explicit, tt.title, tt.desc)
			if got.Level != tt.wantLevel || got.Method != tt.wantMethod {
				t.Errorf("ClassifyExperience(%q, %q, …) = %s/%s, want %s/%s", tt.explicit, tt.title, got.Level, got.Method, tt.wantLevel, tt.wantMethod)
			}
			switch {
			case tt.wantYears == none && got.Years != nil:
				t.Errorf("Years = %v, want nil", *got.Years)
			case tt.wantYears != none && got.Years == nil:
				t.Errorf("Years = nil, want %v", tt.wantYears)
			case tt.wantYears != none && *got.Years != tt.wantYears:
				t.Errorf("Years = %v, want %v", *got.Years, tt.wantYears)
			}
		})
	}
}

func TestExperienceYears(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want float64
		ok   bool
	}{
		{"plus", "3+ years of experience", 3, true},
		{"range", "5-7 years of experience in clinical chemistry", 5, true},
		{"to", "5 to 7 yrs experience", 5, true},
		{"words with digits", "two (2) years of work experience", 2, true},
		{"slash alternatives (glassdoor GSK)", "Bachelors or Masters degree in immunology, immuno-oncology or related field with 5+/3+ years of experience, respectively.", 3, true},
		{"hyphenated one-year (glassdoor Intrado)", "•Minimum one-year data collection or data entry experience required.", 1, true},
		{"four-year degree is not experience (glassdoor)", "Bachelor's degree from four-year college or university in a relevant subject", 0, false},
		{"years of age", "individuals who are 40 years of age or older", 0, false},
		{"no experience word", "Join a program that has been around for 16 years", 0, false},
		{"empty", "", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := ExperienceYears(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("ExperienceYears(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

// TestClassifyExperienceDSSalaries2023 maps every row of ds_salaries_2023:
// each experience_level code must give a level, by the explicit field.
func TestClassifyExperienceDSSalaries2023(t *testing.T) {
	rows := normTestCSV(t, "postings/ds_salaries_2023_3755/ds_salaries_2023.csv", ',')
	if len(rows) != 3755 {
		t.Fatalf("read %d rows, PROVENANCE.md says 3,755", len(rows))
	}
	want := map[string]string{"EN": "entry", "MI": "mid", "SE": "senior", "EX": "executive"}
	counts := map[string]int{}
	for i, r := range rows {
		code := r["experience_level"]
		got := ClassifyExperience(code, r["job_title"], "")
		if got.Level == "" || got.Method != "explicit" || got.Level != want[code] {
			t.Fatalf("row %d: experience_level %q title %q → %s/%s, want %s/explicit", i+2, code, r["job_title"], got.Level, got.Method, want[code])
		}
		counts[got.Level]++
	}
	// Distribution as read from the file (SE 2,516, MI 805, EN 320, EX 114).
	wantCounts := map[string]int{"senior": 2516, "mid": 805, "entry": 320, "executive": 114}
	for l, n := range wantCounts {
		if counts[l] != n {
			t.Errorf("%s: %d rows, want %d", l, counts[l], n)
		}
	}
}

// TestClassifyExperienceExplicitValues: every distinct explicit value in
// the other files with an experience column maps to a level.
func TestClassifyExperienceExplicitValues(t *testing.T) {
	files := []struct{ path, column string }{
		{"postings/ds_salaries_2020_2022_607/ds_salaries.csv", "experience_level"},
		{"postings/aijobs_net_salaries_2025-01-19/salaries.csv", "experience_level"},
		{"postings/data_science_salaries_2024_spelled_out/data_science_salaries.csv", "experience_level"},
		{"postings/nyc_jobs_2022_extract/NYC_Jobs.csv", "Career Level"},
	}
	for _, f := range files {
		t.Run(filepath.Base(f.path), func(t *testing.T) {
			seen := map[string]bool{}
			for _, r := range normTestCSV(t, f.path, ',') {
				v := r[f.column]
				if seen[v] || v == "" { // NYC 2022 leaves Career Level empty in 2 rows
					continue
				}
				seen[v] = true
				if got := ClassifyExperience(v, "", ""); got.Level == "" || got.Method != "explicit" {
					t.Errorf("%s %q → %q/%q, want a level", f.column, v, got.Level, got.Method)
				}
			}
			if len(seen) < 4 {
				t.Errorf("only %d distinct values", len(seen))
			}
		})
	}
}

// normTestCSV reads a shared-data CSV file into maps keyed by header.
func normTestCSV(t testing.TB, rel string, comma rune) []map[string]string {
	t.Helper()
	f, err := os.Open(shareddata.Path(t, rel))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = comma
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		m := make(map[string]string, len(header))
		for i, h := range header {
			if i < len(rec) {
				m[h] = rec[i]
			}
		}
		out = append(out, m)
	}
	return out
}

func BenchmarkClassifyExperience(b *testing.B) {
	desc := "MINIMUM QUALIFICATIONS:\n\nExperience:\n3 years in a CLIA high complexity lab required.\n\n" +
		"Certification(s):\nMLS(ASCP) = ASCP certification as a Medical Laboratory Scientist or\n" +
		"MT(AMT) or AMT certification as a Medical Technologist required\n"
	inputs := [][3]string{
		{"SE", "Principal Data Scientist", ""},
		{"", "Associate Scientist / Sr. Associate Scientist, Antibody Discovery", ""},
		{"", "Clinical Laboratory Scientist", desc},
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		in := inputs[i%len(inputs)]
		ClassifyExperience(in[0], in[1], in[2])
	}
}

// expSegmentsByRunes is expSegments as it was, on runes: the reference the
// byte version is held to.
func expSegmentsByRunes(s string) []string {
	var out []string
	start := 0
	rs := []rune(s)
	cut := func(i, next int) {
		out = append(out, string(rs[start:i]))
		start = next
	}
	for i := 0; i < len(rs); i++ {
		switch r := rs[i]; r {
		case ',', ';', ':', '(', ')', '[', ']', '|', '–', '—', '•':
			cut(i, i+1)
		case '-':
			if (i > 0 && rs[i-1] == ' ') || (i+1 < len(rs) && rs[i+1] == ' ') {
				cut(i, i+1)
			}
		case ' ':
			if i+1 < len(rs) && (rs[i+1] == ' ' || rs[i+1] == '\t') {
				cut(i, i+2)
				i++
			}
		case '\t', '\n':
			cut(i, i+1)
		}
	}
	return append(out, string(rs[start:]))
}

var expSegmentsCases = []string{
	"", "senior medical technologist", "lab tech, nights", "rn - icu", "rn -icu", "rn- icu", "x-ray tech",
	"unit head  closeout", "unit head \tcloseout", "a   b", "scientist (i/ii)", "nurse – icu", "nurse—icu",
	"nurse • days", "técnico – laboratório, noche", "a\tb\nc", "end with space ", "-lead", "lead-", " - ",
	"[sr] analyst | remote", "ümlaut  ñ", "Invalid \xff byte",
}

// The byte version cuts as the rune version did, on whatever ToLower
// leaves (valid UTF-8).
func TestExpSegmentsMatchesRunes(t *testing.T) {
	for _, in := range expSegmentsCases {
		s := strings.ToLower(in)
		if got, want := expSegments(s), expSegmentsByRunes(s); !slices.Equal(got, want) {
			t.Errorf("expSegments(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzExpSegments(f *testing.F) {
	for _, in := range expSegmentsCases {
		f.Add(in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		s := strings.ToLower(in)
		if !utf8.ValidString(s) {
			t.Fatalf("ToLower(%q) = %q, not valid UTF-8", in, s)
		}
		if got, want := expSegments(s), expSegmentsByRunes(s); !slices.Equal(got, want) {
			t.Errorf("expSegments(%q) = %q, want %q", s, got, want)
		}
	})
}
