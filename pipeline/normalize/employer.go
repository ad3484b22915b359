package normalize

import (
	"strconv"
	"strings"
	"unicode"
)

// EmployerType is the employer-type dimension of one posting (DESIGN.md,
// "Dimensions") and how it was decided.
type EmployerType struct {
	Type   string // one of EmployerTypes
	Method string // ownership | industry | name; "" when Type is unknown
}

// EmployerTypes lists the employer types, named as in the OEWS industry
// mapping data/employer_types_oews.csv.
var EmployerTypes = []string{
	"hospital", "clinic_physician_office", "laboratory", "government", "education",
	"staffing_agency", "private_other", "nonprofit_other", "unknown",
}

// ClassifyEmployer decides the employer type from the employer's name, an
// ownership field (Glassdoor "Type of ownership") and an industry field (a
// Glassdoor or LinkedIn industry or sector, or a NAICS code such as H-1B's
// NAIC_CODE "622110.0"). Steps, first decision wins:
//
//  1. Decisive ownership: Hospital → hospital; College / University and
//     School / School District → education.
//  2. Government ownership → government, unless the name says hospital or
//     education: OEWS files government hospitals under NAICS 622 and public
//     schools under 611, and postings follow it.
//  3. Industry (empIndustries, empNAICS): Hospitals, Hospitals & Health
//     Clinics, NAICS 622 → hospital; Medical Practices, Physicians, NAICS
//     6211–6214 → clinic_physician_office; Medical and Diagnostic
//     Laboratories, NAICS 6215 → laboratory; Colleges & Universities, K-12
//     Education, Education Training Services, Higher Education, NAICS 61 →
//     education; Staffing & Outsourcing, Staffing and Recruiting, NAICS 5613
//     → staffing_agency. Government industries (Federal Agencies, State &
//     Regional Agencies, Government Administration, NAICS 92, OEWS 99) count
//     only when neither the ownership (Company - Private, Nonprofit
//     Organization…) nor a corporate suffix in the name (Inc, LLC…) says
//     otherwise: Glassdoor files contractors and FFRDCs such as MITRE under
//     "Federal Agencies", and H-1B filers report NAICS 92 for companies.
//     Nonprofit industries (Non-Profit, Religious Organizations, NAICS 813)
//     count unless a company. The industry comes before the name, so a
//     self-reported NAICS 621111 makes "YUMA REGIONAL MEDICAL CENTER" a clinic.
//  4. Name (empNameRules, in order): clinical-laboratory brands and phrases
//     (Quest Diagnostics, Labcorp / Laboratory Corporation of America,
//     "clinical laboratory"…; not a bare "Laboratories", which names testing
//     firms and national labs) → laboratory; Hospital, Medical Center, Health
//     System, Medical System and a short list of systems named otherwise
//     (Tower Health, Cleveland Clinic…) → hospital; Clinic, Medical Group,
//     Dental, Urgent Care… → clinic_physician_office; University, College,
//     School → education; City/County/State of, Department, Commission,
//     Authority, Board of, Office of, District Attorney, NYC Jobs agency
//     names → government; Staffing, Recruiting, travel-nurse and known
//     staffing brands → staffing_agency; Foundation, Association, Society,
//     Church → nonprofit_other. Government and nonprofit names have the
//     same vetoes as their industries. Names of associations, societies,
//     councils, foundations, federations, alliances, coalitions and leagues
//     say nothing about being a hospital, school or agency ("American
//     Hospital Association").
//  5. Fallback: Nonprofit Organization → nonprofit_other; company ownership,
//     a corporate suffix or any other known industry → private_other; else
//     unknown.
//
// Broad health-care industries (Glassdoor "Health Care Services &
// Hospitals", LinkedIn "Hospitals and Health Care") are not decisive: the
// Glassdoor files file insurers, health IT and senior-living referral firms
// there (DrFirst, Equian, A Place for Mom); the name decides.
func ClassifyEmployer(name, ownership, industry string) EmployerType {
	n := empNorm(CleanEmployerName(name))
	own := empOwnership(ownership)
	corp := empCorporate(n)
	company := own == empCompany || corp
	nonprofit := own == empNonprofit

	switch own {
	case empHospital:
		return EmployerType{"hospital", "ownership"}
	case empEducation:
		return EmployerType{"education", "ownership"}
	case empGovernment:
		if t := empFromName(n); t == "hospital" || t == "education" {
			return EmployerType{t, "name"}
		}
		return EmployerType{"government", "ownership"}
	}

	ind := empIndustry(industry)
	switch ind {
	case "", empIndHealth, empIndBusiness:
	case "government":
		if !company && !nonprofit {
			return EmployerType{"government", "industry"}
		}
	case "nonprofit_other":
		if !company {
			return EmployerType{"nonprofit_other", "industry"}
		}
	default:
		return EmployerType{ind, "industry"}
	}

	switch t := empFromName(n); t {
	case "":
	case "government":
		if !company && !nonprofit {
			return EmployerType{t, "name"}
		}
	case "nonprofit_other":
		if !company {
			return EmployerType{t, "name"}
		}
	default:
		return EmployerType{t, "name"}
	}

	switch {
	case nonprofit:
		return EmployerType{"nonprofit_other", "ownership"}
	case own == empCompany:
		return EmployerType{"private_other", "ownership"}
	case corp:
		return EmployerType{"private_other", "name"}
	case ind == empIndBusiness || ind == empIndHealth || ind == "government" || ind == "nonprofit_other":
		// A business industry, or a public-sector one vetoed above.
		return EmployerType{"private_other", "industry"}
	}
	return EmployerType{"unknown", ""}
}

// CleanEmployerName removes Glassdoor's trailing rating ("Tower Health\n3.4"
// → "Tower Health"), trims, and collapses runs of white space (including
// line breaks and no-break spaces) to one space, with its mojibake repaired
// (RepairMojibake). Glassdoor's "-1" (missing) becomes "".
func CleanEmployerName(s string) string {
	s = RepairMojibake(s)
	if i := strings.LastIndexAny(s, "\r\n"); i >= 0 && empIsRating(s[i+1:]) {
		s = s[:i]
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	out := b.String()
	if out == "-1" {
		return ""
	}
	return out
}

// empIsRating reports whether s is a Glassdoor rating: "3.8", "5.0", "4",
// possibly with spaces around.
func empIsRating(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 4 {
		return false
	}
	v, err := strconv.ParseFloat(s, 64)
	return err == nil && v >= 0 && v <= 5
}

// CompanySize turns a company-size field into small (<50 employees), medium
// (50–249) or large (250+), or "" when unknown. It reads:
//
//   - ds_salaries and aijobs.net codes S, M, L, whose publisher defines S as
//     fewer than 50 employees, M as 50 to 250 and L as more than 250 (a
//     count of exactly 250 is M there and large here; the codes map
//     directly);
//   - the 2024 file's Small, Medium, Large;
//   - ranges such as Glassdoor's "1001 to 5000 employees" and LinkedIn's
//     "51-200 employees", classed by their midpoint ("201 to 500" → 350 →
//     large), and open ranges by their bound ("10000+ employees");
//   - a bare employee count ("1,234").
//
// "Unknown", "-1" and anything else give "".
func CompanySize(s string) string {
	k := strings.ToLower(strings.TrimSpace(s))
	switch k {
	case "s", "small":
		return "small"
	case "m", "medium":
		return "medium"
	case "l", "large":
		return "large"
	case "self-employed", "self employed":
		return "small"
	}
	nums := empNumbers(k)
	var v float64
	switch len(nums) {
	case 1:
		v = nums[0]
	case 2:
		v = (nums[0] + nums[1]) / 2
	default:
		return ""
	}
	if v < 0 || (v == 0 && len(nums) == 1) {
		return ""
	}
	switch {
	case v < 50:
		return "small"
	case v < 250:
		return "medium"
	}
	return "large"
}

// empNumbers returns the numbers in s, reading "10,001" as 10001; nil when s
// is negative ("-1", Glassdoor's missing value).
func empNumbers(s string) []float64 {
	if strings.HasPrefix(s, "-") {
		return nil
	}
	var out []float64
	for i := 0; i < len(s); {
		if s[i] < '0' || s[i] > '9' {
			i++
			continue
		}
		v := 0.0
		for i < len(s) {
			if c := s[i]; c >= '0' && c <= '9' {
				v = v*10 + float64(c-'0')
			} else if c != ',' || i+1 >= len(s) || s[i+1] < '0' || s[i+1] > '9' {
				break
			}
			i++
		}
		out = append(out, v)
	}
	return out
}

// Ownership classes.
const (
	empOwnUnknown = iota
	empHospital
	empEducation
	empGovernment
	empNonprofit
	empCompany
)

// empOwnerships maps normalized ownership values (Glassdoor "Type of
// ownership"; plain words other sources use) to classes. "Other
// Organization", "Unknown" and "-1" decide nothing.
var empOwnerships = map[string]int{
	"hospital":                       empHospital,
	"college university":             empEducation,
	"school school district":         empEducation,
	"university":                     empEducation,
	"college":                        empEducation,
	"school":                         empEducation,
	"government":                     empGovernment,
	"public sector":                  empGovernment,
	"nonprofit organization":         empNonprofit,
	"non profit organization":        empNonprofit,
	"nonprofit":                      empNonprofit,
	"non profit":                     empNonprofit,
	"company private":                empCompany,
	"company public":                 empCompany,
	"subsidiary or business segment": empCompany,
	"private practice firm":          empCompany,
	"self employed":                  empCompany,
	"contract":                       empCompany,
	"franchise":                      empCompany,
	"private":                        empCompany,
	"public":                         empCompany,
	"company":                        empCompany,
}

func empOwnership(s string) int {
	if s == "" {
		return empOwnUnknown
	}
	return empOwnerships[empNorm(s)]
}

// empNorm lower-cases s, spells "&" and "+" as "and", drops apostrophes
// ("Children's" → "childrens") and turns other runs of non-alphanumerics into
// one space.
func empNorm(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 4)
	space := false
	emit := func(w string) {
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteString(w)
	}
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			emit(string(unicode.ToLower(r)))
		case r == '\'' || r == '’' || r == '`':
		case r == '&' || r == '+':
			space = true
			emit("and")
			space = true
		default:
			space = true
		}
	}
	return b.String()
}

// Industry classes besides employer types.
const (
	empIndHealth   = "health"   // health care, but not decisive
	empIndBusiness = "business" // a known business industry: a company
)

// empIndustries maps normalized industry and sector labels to employer
// types or classes: Glassdoor industries and sectors (2020 and 2021 scrapes)
// and LinkedIn industries (2023 maps/industries.csv, company_industries.csv)
// as found in shared/data. Any other label is a business industry, including
// the near misses LinkedIn "Education Management", "E-Learning Providers"
// and "Education Administration Programs" and Glassdoor "Social Assistance"
// and "Preschool & Child Care", which hold companies as well as schools.
var empIndustries = map[string]string{
	// Hospitals.
	"hospitals and health clinics":           "hospital",
	"hospitals":                              "hospital",
	"hospital":                               "hospital",
	"general medical and surgical hospitals": "hospital",
	// Broad health care: the name decides.
	"health care services and hospitals": empIndHealth,
	"health care services":               empIndHealth,
	"hospitals and health care":          empIndHealth,
	"hospital and health care":           empIndHealth,
	"health care":                        empIndHealth,
	"healthcare":                         empIndHealth,
	"mental health care":                 empIndHealth,
	"public health":                      empIndHealth,
	"home health care services":          empIndHealth,
	// Offices of physicians, dentists and other practitioners (NAICS 6211–6213).
	"medical practices":     "clinic_physician_office",
	"medical practice":      "clinic_physician_office",
	"physicians":            "clinic_physician_office",
	"dentists":              "clinic_physician_office",
	"offices of physicians": "clinic_physician_office",
	"physical occupational and speech therapists": "clinic_physician_office",
	"outpatient care centers":                     "clinic_physician_office",
	"medical and diagnostic laboratories":         "laboratory",
	"medical laboratories":                        "laboratory",
	"diagnostic laboratories":                     "laboratory",
	"colleges and universities":                   "education",
	"k 12 education":                              "education",
	"education training services":                 "education",
	"education":                                   "education",
	"higher education":                            "education",
	"primary and secondary education":             "education",
	"primary secondary education":                 "education",
	"educational services":                        "education",
	"elementary and secondary schools":            "education",
	"junior colleges":                             "education",
	"staffing and outsourcing":                    "staffing_agency",
	"staffing and recruiting":                     "staffing_agency",
	"employment services":                         "staffing_agency",
	"temporary help services":                     "staffing_agency",
	"employment placement agencies":               "staffing_agency",
	"federal agencies":                            "government",
	"state and regional agencies":                 "government",
	"municipal governments":                       "government",
	"municipal and regional agencies":             "government",
	"government":                                  "government",
	"government administration":                   "government",
	"public administration":                       "government",
	"armed forces":                                "government",
	"military":                                    "government",
	"law enforcement":                             "government",
	"public safety":                               "government",
	"administration of justice":                   "government",
	"executive offices":                           "government",
	"legislative offices":                         "government",
	"public policy offices":                       "government",
	"international affairs":                       "government",
	"federal state and local government":          "government",
	"non profit":                                  "nonprofit_other",
	"nonprofit":                                   "nonprofit_other",
	"religious organizations":                     "nonprofit_other",
	"religious institutions":                      "nonprofit_other",
	"civic and social organizations":              "nonprofit_other",
	"non profit organizations":                    "nonprofit_other",
	"non profit organization management":          "nonprofit_other",
	"philanthropic fundraising services":          "nonprofit_other",
	"fundraising":                                 "nonprofit_other",
	"staffing":                                    "staffing_agency",
}

// empNAICS maps NAICS prefixes (and OEWS industry 99, government) to
// employer types, as data/employer_types_oews.csv does for OEWS, plus 813
// (membership organizations) for nonprofits. The longest matching prefix
// wins; other codes are a business.
var empNAICS = map[string]string{
	"622":  "hospital",
	"6211": "clinic_physician_office",
	"6212": "clinic_physician_office",
	"6213": "clinic_physician_office",
	"6214": "clinic_physician_office",
	"6215": "laboratory",
	"61":   "education",
	"5613": "staffing_agency",
	"92":   "government",
	"99":   "government",
	"813":  "nonprofit_other", // religious, grantmaking, civic and professional organizations
}

// empIndustry classifies an industry field: a label from empIndustries, or
// a NAICS code (leading digits; H-1B writes "622110.0").
func empIndustry(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || s == "-1" {
		return ""
	}
	if s[0] >= '0' && s[0] <= '9' {
		d := 0
		for d < len(s) && s[d] >= '0' && s[d] <= '9' {
			d++
		}
		code := s[:d]
		if d < 2 || d > 6 {
			return ""
		}
		for n := len(code); n >= 2; n-- {
			if t, ok := empNAICS[code[:n]]; ok {
				return t
			}
		}
		return empIndBusiness
	}
	if t, ok := empIndustries[empNorm(s)]; ok {
		return t
	}
	return empIndBusiness
}

// empCorporateSuffixes are legal-form words that make a name a company.
var empCorporateSuffixes = map[string]bool{
	"inc": true, "incorporated": true, "llc": true, "l l c": true, "llp": true, "lllp": true,
	"lp": true, "ltd": true, "limited": true, "corp": true, "corporation": true, "co": true,
	"company": true, "plc": true, "gmbh": true, "nv": true, "n v": true, "bv": true, "ag": true,
	"pc": true, "p c": true, "pllc": true, "sa": true, "holdings": true,
}

// empCorporate reports whether a normalized name carries a legal-form word
// ("Numeric, LLC", "BLACK SPEAR GROUP INC.", "Adyen N.V.").
func empCorporate(n string) bool {
	if n == "" {
		return false
	}
	w := strings.Fields(n)
	for i, x := range w {
		if empCorporateSuffixes[x] {
			return true
		}
		if i+1 < len(w) && len(x) == 1 && len(w[i+1]) == 1 && empCorporateSuffixes[x+" "+w[i+1]] {
			return true
		}
	}
	return false
}

// empNameRule is one name pattern: a phrase that must occur in the
// normalized name as whole words (a leading "^" anchors it at the start).
type empNameRule struct {
	phrase string
	typ    string
}

// empNameRules are tried in order; the first match decides.
var empNameRules = []empNameRule{
	// Laboratory brands first: "Mayo Clinic Laboratories" is a laboratory,
	// "Quest Integrity" and "DentaQuest" are not.
	{"quest diagnostics", "laboratory"}, {"sonora quest", "laboratory"}, {"labcorp", "laboratory"},
	{"laboratory corporation of america", "laboratory"}, {"bioreference", "laboratory"},
	{"bio reference", "laboratory"}, {"arup laboratories", "laboratory"},
	{"mayo clinic laboratories", "laboratory"}, {"sonic healthcare", "laboratory"},
	{"aurora diagnostics", "laboratory"}, {"neogenomics", "laboratory"},
	{"exact sciences", "laboratory"}, {"natera", "laboratory"}, {"myriad genetics", "laboratory"},
	{"clinical laboratory", "laboratory"}, {"clinical laboratories", "laboratory"},
	{"clinical lab", "laboratory"}, {"clinical labs", "laboratory"},
	{"medical laboratory", "laboratory"}, {"medical laboratories", "laboratory"},
	{"diagnostic laboratory", "laboratory"}, {"diagnostic laboratories", "laboratory"},
	{"reference laboratory", "laboratory"}, {"reference laboratories", "laboratory"},
	{"pathology laboratory", "laboratory"}, {"pathology laboratories", "laboratory"},
	{"pathology associates", "laboratory"}, {"pathologists", "laboratory"},
	// Hospitals: the word, medical centers, single health systems, and
	// systems whose name says neither.
	{"hospital", "hospital"}, {"hospitals", "hospital"}, {"medical center", "hospital"},
	{"medical centre", "hospital"}, {"health system", "hospital"}, {"healthcare system", "hospital"},
	{"health care system", "hospital"}, {"medical system", "hospital"}, {"infirmary", "hospital"},
	{"^cleveland clinic", "hospital"}, {"^mayo clinic", "hospital"}, {"^carilion clinic", "hospital"},
	{"^tower health", "hospital"}, {"^hackensack meridian health", "hospital"},
	{"^beebe healthcare", "hospital"}, {"^catholic health initiatives", "hospital"},
	{"^northwell health", "hospital"}, {"^vail health", "hospital"},
	{"^rochester regional health", "hospital"}, {"^summa health", "hospital"},
	{"^hca healthcare", "hospital"}, {"^nyc health and hospitals", "hospital"},
	// Clinics and physician offices (NAICS 6211–6214).
	{"clinic", "clinic_physician_office"}, {"clinics", "clinic_physician_office"},
	{"medical group", "clinic_physician_office"}, {"physicians group", "clinic_physician_office"},
	{"physician group", "clinic_physician_office"}, {"medical associates", "clinic_physician_office"},
	{"family medicine", "clinic_physician_office"}, {"family practice", "clinic_physician_office"},
	{"urgent care", "clinic_physician_office"}, {"community health center", "clinic_physician_office"},
	{"dental", "clinic_physician_office"}, {"dentistry", "clinic_physician_office"},
	{"orthodontics", "clinic_physician_office"}, {"dialysis", "clinic_physician_office"},
	// Education.
	{"university", "education"}, {"universities", "education"}, {"univ", "education"},
	{"college", "education"}, {"community college", "education"}, {"school district", "education"},
	{"public schools", "education"}, {"charter schools", "education"}, {"school", "education"},
	{"schools", "education"}, {"institute of technology", "education"},
	// Government: NYC agencies as NYC Jobs spells them, then general forms.
	{"^city of", "government"}, {"^county of", "government"}, {"^state of", "government"},
	{"^town of", "government"}, {"^village of", "government"}, {"^borough of", "government"},
	{"^township of", "government"}, {"^commonwealth of", "government"},
	{"department", "government"}, {"dept", "government"}, {"commission", "government"},
	{"comm", "government"}, {"board of", "government"}, {"community board", "government"},
	{"^office of", "government"}, {"^off of", "government"}, {"mayors office", "government"},
	{"bureau of", "government"}, {"district attorney", "government"},
	{"borough president", "government"}, {"president borough of", "government"},
	{"public administrator", "government"}, {"retirement system", "government"},
	{"retirement sys", "government"}, {"pension fund", "government"}, {"authority", "government"},
	{"veterans affairs", "government"}, {"us army", "government"}, {"u s army", "government"},
	{"united states army", "government"}, {"us navy", "government"}, {"united states navy", "government"},
	{"us air force", "government"}, {"united states air force", "government"},
	{"national guard", "government"}, {"sheriff", "government"}, {"police", "government"},
	{"fire department", "government"}, {"public defender", "government"}, {"county", "government"},
	{"government", "government"}, {"ministry of", "government"},
	{"^admin for childrens svcs", "government"}, {"^housing preservation and dvlpmnt", "government"},
	{"^admin trials and hearings", "government"}, {"^consumer affairs", "government"},
	{"^consumer and worker protection", "government"}, {"^technology and innovation", "government"},
	{"^cultural affairs", "government"}, {"^financial info svcs agency", "government"},
	{"^campaign finance board", "government"}, {"^conflicts of interest board", "government"},
	{"^civilian complaint review bd", "government"}, {"^nyc housing authority", "government"},
	// Staffing agencies.
	{"staffing", "staffing_agency"}, {"recruiting", "staffing_agency"}, {"recruitment", "staffing_agency"},
	{"recruiters", "staffing_agency"}, {"employment agency", "staffing_agency"},
	{"travel nurse", "staffing_agency"}, {"travel nursing", "staffing_agency"},
	{"travel healthcare", "staffing_agency"}, {"travel staffing", "staffing_agency"},
	{"^robert half", "staffing_agency"}, {"^kelly services", "staffing_agency"},
	{"^kforce", "staffing_agency"}, {"^randstad", "staffing_agency"}, {"^adecco", "staffing_agency"},
	{"^manpower", "staffing_agency"}, {"^aerotek", "staffing_agency"},
	{"^teksystems", "staffing_agency"}, {"^insight global", "staffing_agency"},
	{"^apex systems", "staffing_agency"}, {"^cybercoders", "staffing_agency"},
	{"^jobot", "staffing_agency"}, {"^aya healthcare", "staffing_agency"},
	{"^amn healthcare", "staffing_agency"}, {"^cross country healthcare", "staffing_agency"},
	{"^trueblue", "staffing_agency"},
	// Nonprofits (only when not a company, see ClassifyEmployer).
	{"foundation", "nonprofit_other"}, {"association", "nonprofit_other"},
	{"associations", "nonprofit_other"}, {"society", "nonprofit_other"},
	{"charities", "nonprofit_other"}, {"church", "nonprofit_other"}, {"ministries", "nonprofit_other"},
	{"nonprofit", "nonprofit_other"}, {"non profit", "nonprofit_other"},
}

// empMembershipWords name associations of institutions, not institutions:
// their names say nothing about being a hospital, school, laboratory or
// agency ("American Hospital Association", "Police Athletic League").
var empMembershipWords = []string{
	"association", "associations", "society", "council", "foundation", "federation",
	"alliance", "coalition", "league",
}

// empNameExceptions: phrases that look like a rule but are not
// ("Durham School Services" runs school buses).
var empNameExceptions = []string{"school services", "school bus", "driving school"}

// empFromName returns the employer type a normalized name implies, or "".
func empFromName(n string) string {
	if n == "" {
		return ""
	}
	padded := " " + n + " "
	membership := false
	for _, w := range empMembershipWords {
		if strings.Contains(padded, " "+w+" ") {
			membership = true
			break
		}
	}
	except := false
	for _, p := range empNameExceptions {
		if strings.Contains(padded, " "+p+" ") {
			except = true
			break
		}
	}
	for _, r := range empNameRules {
		var hit bool
		if strings.HasPrefix(r.phrase, "^") {
			p := r.phrase[1:]
			hit = n == p || strings.HasPrefix(n, p+" ")
		} else {
			hit = strings.Contains(padded, " "+r.phrase+" ")
		}
		if !hit {
			continue
		}
		if membership && r.typ != "nonprofit_other" {
			continue
		}
		if except && r.typ == "education" {
			continue
		}
		return r.typ
	}
	return ""
}
