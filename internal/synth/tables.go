package synth

// The lookup tables the generator draws from. They are read-only; nothing
// here changes after the program starts.

// weighted is an index into another table with a relative weight.
type weighted struct{ i, w int }

// Employer stems. A company name is the stem and a four-digit number
// ("Synthetic Health System 0421"); every name starts with "Synthetic".
const (
	stHealthSystem = iota
	stMedicalCenter
	stLaboratory
	stClinic
	stStaffing
	stUniversity
	stSchoolDistrict
	stCounty
	stTechnologies
	stFinancial
	stManufacturing
	stLogistics
	stRetail
	stRestaurants
	stConstruction
	stEnergy
	stConsulting
	stCommunity
	stLaw
	stMedia
	stProperty
	stFarms
	stHotels
	stSeniorCare
)

// stem is one kind of employer: its name and the Glassdoor ownership
// ("Type of ownership") and industry labels its companies carry. A company
// keeps the same ownership and industry in every posting.
type stem struct {
	name       string
	ownerships []string
	industries []string
}

var stems = []stem{
	stHealthSystem:   {"Synthetic Health System", []string{"Hospital", "Nonprofit Organization"}, []string{"Health Care Services & Hospitals", "Hospitals & Health Clinics", "Hospitals and Health Care"}},
	stMedicalCenter:  {"Synthetic Regional Medical Center", []string{"Hospital", "Government", "Nonprofit Organization"}, []string{"Health Care Services & Hospitals", "Hospitals"}},
	stLaboratory:     {"Synthetic Diagnostics Laboratory", []string{"Company - Private", "Company - Public"}, []string{"Medical & Diagnostic Laboratories", "Health Care Services & Hospitals", "Biotech & Pharmaceuticals"}},
	stClinic:         {"Synthetic Family Clinic", []string{"Company - Private", "Private Practice / Firm"}, []string{"Medical Practices", "Outpatient Care Centers"}},
	stStaffing:       {"Synthetic Staffing Partners", []string{"Company - Private"}, []string{"Staffing & Outsourcing", "Staffing and Recruiting"}},
	stUniversity:     {"Synthetic State University", []string{"College / University"}, []string{"Colleges & Universities", "Higher Education"}},
	stSchoolDistrict: {"Synthetic Unified School District", []string{"School / School District"}, []string{"K-12 Education", "Primary and Secondary Education"}},
	stCounty:         {"Synthetic County Government", []string{"Government"}, []string{"State & Regional Agencies", "Municipal Governments", "Government Administration"}},
	stTechnologies:   {"Synthetic Technologies", []string{"Company - Public", "Company - Private"}, []string{"IT Services", "Computer Hardware & Software", "Software Development", "Internet"}},
	stFinancial:      {"Synthetic Financial Group", []string{"Company - Public", "Company - Private", "Subsidiary or Business Segment"}, []string{"Banks & Credit Unions", "Insurance Carriers", "Financial Services", "Accounting"}},
	stManufacturing:  {"Synthetic Manufacturing Co.", []string{"Company - Private", "Company - Public", "Subsidiary or Business Segment"}, []string{"Industrial Manufacturing", "Electrical & Electronic Manufacturing", "Food & Beverage Manufacturing", "Manufacturing"}},
	stLogistics:      {"Synthetic Logistics", []string{"Company - Private", "Company - Public"}, []string{"Trucking", "Logistics & Supply Chain", "Truck Transportation"}},
	stRetail:         {"Synthetic Retail Stores", []string{"Company - Public", "Franchise"}, []string{"Department, Clothing, & Shoe Stores", "Retail", "Grocery Stores & Supermarkets"}},
	stRestaurants:    {"Synthetic Restaurant Group", []string{"Franchise", "Company - Private"}, []string{"Restaurants, Bars & Food Services", "Restaurants"}},
	stConstruction:   {"Synthetic Construction", []string{"Company - Private"}, []string{"Construction", "Architectural & Engineering Services"}},
	stEnergy:         {"Synthetic Energy Services", []string{"Company - Public", "Company - Private"}, []string{"Utilities", "Energy", "Oil & Gas Services"}},
	stConsulting:     {"Synthetic Consulting Group", []string{"Company - Private", "Company - Public"}, []string{"Consulting", "Research & Development", "Aerospace & Defense", "Advertising & Marketing"}},
	stCommunity:      {"Synthetic Community Services", []string{"Nonprofit Organization"}, []string{"Social Assistance", "Civic & Social Services"}},
	stLaw:            {"Synthetic Law Group", []string{"Private Practice / Firm", "Company - Private"}, []string{"Legal", "Law Practice"}},
	stMedia:          {"Synthetic Media Studios", []string{"Company - Private", "Company - Public"}, []string{"Motion Picture Production & Distribution", "Publishing", "Advertising & Marketing"}},
	stProperty:       {"Synthetic Property Services", []string{"Company - Private"}, []string{"Building & Personnel Services", "Real Estate", "Security Services"}},
	stFarms:          {"Synthetic Farms", []string{"Company - Private"}, []string{"Farm Support Services", "Crop Production"}},
	stHotels:         {"Synthetic Hotels & Resorts", []string{"Company - Public", "Franchise"}, []string{"Hotels, Motels, & Resorts", "Hospitality"}},
	stSeniorCare:     {"Synthetic Senior Care Centers", []string{"Company - Private", "Nonprofit Organization"}, []string{"Home Health Care Services", "Health Care Services & Hospitals"}},
}

// Employer mixes: which stems post an occupation family's jobs.
var (
	mixHealth     = []weighted{{stHealthSystem, 35}, {stMedicalCenter, 20}, {stClinic, 15}, {stStaffing, 10}, {stSeniorCare, 10}, {stLaboratory, 4}, {stUniversity, 3}, {stCounty, 3}}
	mixLab        = []weighted{{stHealthSystem, 30}, {stMedicalCenter, 15}, {stLaboratory, 30}, {stStaffing, 12}, {stClinic, 5}, {stUniversity, 5}, {stCounty, 3}}
	mixEducation  = []weighted{{stSchoolDistrict, 50}, {stUniversity, 35}, {stCommunity, 10}, {stStaffing, 5}}
	mixGovernment = []weighted{{stCounty, 60}, {stProperty, 25}, {stStaffing, 5}, {stUniversity, 5}, {stRetail, 5}}
	mixTech       = []weighted{{stTechnologies, 45}, {stConsulting, 20}, {stFinancial, 12}, {stStaffing, 10}, {stManufacturing, 5}, {stHealthSystem, 4}, {stUniversity, 2}, {stCounty, 2}}
	mixEngineer   = []weighted{{stConstruction, 25}, {stManufacturing, 25}, {stEnergy, 20}, {stConsulting, 15}, {stTechnologies, 10}, {stCounty, 5}}
	mixBusiness   = []weighted{{stFinancial, 30}, {stConsulting, 15}, {stTechnologies, 10}, {stManufacturing, 10}, {stRetail, 8}, {stHealthSystem, 8}, {stStaffing, 8}, {stCounty, 6}, {stUniversity, 5}}
	mixScience    = []weighted{{stUniversity, 35}, {stLaboratory, 20}, {stConsulting, 20}, {stEnergy, 10}, {stCounty, 10}, {stFarms, 5}}
	mixCommunity  = []weighted{{stCommunity, 55}, {stCounty, 25}, {stHealthSystem, 10}, {stSchoolDistrict, 10}}
	mixLegal      = []weighted{{stLaw, 70}, {stCounty, 15}, {stFinancial, 10}, {stStaffing, 5}}
	mixArts       = []weighted{{stMedia, 60}, {stTechnologies, 15}, {stRetail, 10}, {stUniversity, 10}, {stHotels, 5}}
	mixFood       = []weighted{{stRestaurants, 60}, {stHotels, 15}, {stRetail, 10}, {stHealthSystem, 5}, {stSchoolDistrict, 5}, {stSeniorCare, 5}}
	mixService    = []weighted{{stProperty, 35}, {stHotels, 20}, {stSeniorCare, 15}, {stRetail, 10}, {stStaffing, 10}, {stHealthSystem, 5}, {stSchoolDistrict, 5}}
	mixSales      = []weighted{{stRetail, 50}, {stTechnologies, 12}, {stFinancial, 12}, {stManufacturing, 10}, {stProperty, 8}, {stStaffing, 8}}
	mixOffice     = []weighted{{stFinancial, 18}, {stHealthSystem, 15}, {stStaffing, 15}, {stCounty, 12}, {stRetail, 10}, {stLogistics, 8}, {stUniversity, 8}, {stTechnologies, 7}, {stLaw, 7}}
	mixFarm       = []weighted{{stFarms, 80}, {stManufacturing, 10}, {stStaffing, 10}}
	mixTrades     = []weighted{{stConstruction, 40}, {stManufacturing, 20}, {stEnergy, 15}, {stProperty, 10}, {stStaffing, 10}, {stCounty, 5}}
	mixProduction = []weighted{{stManufacturing, 65}, {stStaffing, 20}, {stEnergy, 5}, {stFarms, 5}, {stRetail, 5}}
	mixTransport  = []weighted{{stLogistics, 55}, {stRetail, 15}, {stManufacturing, 10}, {stStaffing, 10}, {stCounty, 10}}
)

// family is an occupation family: a SOC major group, or "lab" for clinical
// laboratory technologists and technicians (29-2011, 29-2012), kept apart so
// that they always make up a fixed share of the postings.
type family struct {
	key          string  // "29", "lab", …
	share        int     // postings per 10,000 (about the group's share of U.S. employment)
	payLo, payHi float64 // annual USD: the range a posting's midpoint is drawn from (log-uniform)
	hourly       float64 // share of the family's postings that quote an hourly rate
	employers    []weighted
	reqs         []string // requirement phrases for descriptions
}

// labFamily is the key of the clinical laboratory family.
const labFamily = "lab"

// labCodes are the 6-digit SOC codes of labFamily.
var labCodes = map[string]bool{"29-2011": true, "29-2012": true}

// Requirement phrases shared by several families.
var (
	reqTrades  = []string{"High school diploma or GED required.", "Valid driver's license required.", "OSHA 10 certification preferred.", "2 years of related experience."}
	reqOffice  = []string{"High school diploma or GED required.", "Associate degree preferred.", "1-2 years of office experience.", "Proficient in Microsoft Office."}
	reqService = []string{"High school diploma or GED preferred.", "No experience required; we train.", "Food handler card required.", "CPR certification a plus."}
)

// families are the occupation families; an O*NET code whose major group is
// not here belongs to otherFamily.
var families = []family{
	{"11", 700, 60_000, 220_000, 0.03, mixBusiness, []string{"Bachelor's degree in Business Administration required.", "MBA preferred.", "7+ years of management experience.", "PMP certification a plus."}},
	{"13", 700, 50_000, 130_000, 0.08, mixBusiness, []string{"Bachelor's degree in Accounting or Finance.", "CPA preferred.", "3 years experience in financial analysis.", "PMP certification a plus."}},
	{"15", 500, 65_000, 185_000, 0.08, mixTech, []string{"Bachelor's degree in Computer Science or related field.", "AWS certification preferred.", "CISSP a plus.", "5+ years of software development experience.", "Master's degree preferred."}},
	{"17", 200, 60_000, 160_000, 0.08, mixEngineer, []string{"Bachelor's degree in Engineering required.", "PE license preferred.", "4 years of design experience."}},
	{"19", 100, 45_000, 130_000, 0.15, mixScience, []string{"Master's degree in a natural science.", "PhD preferred.", "Bachelor's degree in Biology or Chemistry."}},
	{"21", 150, 38_000, 75_000, 0.25, mixCommunity, []string{"Master's degree in Social Work (MSW) required.", "Bachelor's degree in Psychology.", "Valid driver's license required."}},
	{"23", 80, 45_000, 190_000, 0.15, mixLegal, []string{"J.D. from an accredited law school.", "Paralegal certificate required.", "3 years of litigation experience."}},
	{"25", 550, 35_000, 95_000, 0.15, mixEducation, []string{"Bachelor's degree in Education.", "State teaching certificate required.", "Master's degree required."}},
	{"27", 150, 32_000, 100_000, 0.25, mixArts, []string{"Bachelor's degree in Graphic Design or related field.", "Portfolio required.", "2 years of agency experience."}},
	{"29", 650, 45_000, 170_000, 0.35, mixHealth, []string{"Active RN license and BLS certification required.", "Current BLS and ACLS.", "CPhT certification preferred.", "Associate degree in a health field.", "LPN license in good standing."}},
	{labFamily, 200, 42_000, 100_000, 0.45, mixLab, []string{"ASCP certification required.", "MLS(ASCP) or MT(AMT) certification preferred.", "Bachelor's degree in Medical Technology or a biological science.", "California CLS license required.", "MLT(ASCP) with an Associate degree accepted.", "NY CLT license preferred."}},
	{"31", 500, 29_000, 48_000, 0.70, mixHealth, []string{"CNA certification required.", "Current BLS certification.", "High school diploma or GED required.", "Phlebotomy certificate preferred."}},
	{"33", 230, 34_000, 90_000, 0.40, mixGovernment, []string{"High school diploma or GED required.", "Guard card required.", "Valid driver's license required."}},
	{"35", 900, 25_000, 40_000, 0.80, mixFood, reqService},
	{"37", 280, 27_000, 45_000, 0.70, mixService, reqService},
	{"39", 200, 26_000, 50_000, 0.65, mixService, reqService},
	{"41", 870, 28_000, 120_000, 0.40, mixSales, []string{"High school diploma or GED required.", "1 year of retail experience.", "Bachelor's degree preferred."}},
	{"43", 1250, 32_000, 65_000, 0.50, mixOffice, reqOffice},
	{"45", 30, 26_000, 50_000, 0.70, mixFarm, reqTrades},
	{"47", 420, 38_000, 90_000, 0.60, mixTrades, reqTrades},
	{"49", 400, 38_000, 85_000, 0.55, mixTrades, reqTrades},
	{"51", 580, 32_000, 70_000, 0.65, mixProduction, reqTrades},
	{"53", 900, 30_000, 80_000, 0.60, mixTransport, []string{"CDL Class A required.", "Clean driving record.", "High school diploma or GED required.", "1 year of driving experience."}},
	{"55", 10, 40_000, 100_000, 0.10, mixGovernment, []string{"High school diploma or GED required.", "Security clearance required."}},
}

// otherFamily takes the titles of any other major group.
var otherFamily = family{"other", 50, 30_000, 100_000, 0.30, mixOffice, reqOffice}

// Generic description phrases.
var (
	openers = []string{
		"Join our team.", "We are hiring.", "Full-time position with benefits.", "Part-time role, flexible schedule.",
		"Growing team seeks a motivated professional.", "Immediate opening.", "Temporary assignment, possible extension.",
	}
	genericReqs = []string{
		"High school diploma or GED required.", "3 years experience required.", "1-2 years of related experience.",
		"5+ years of relevant experience.", "Associate degree or equivalent experience.", "Bachelor's degree preferred.",
		"Strong communication skills.",
	}
	closers = []string{
		"Equal opportunity employer.", "Benefits include medical, dental and 401(k).", "Apply online.", "Sign-on bonus available.",
	}
)

// Title noise.
var (
	// seniorPrefixes are put before a title, with the rank they imply.
	seniorPrefixes = []struct {
		s    string
		rank int
	}{{"Sr. ", rankSenior}, {"Senior ", rankSenior}, {"Lead ", rankSenior}, {"Principal ", rankSenior}, {"Jr. ", rankEntry}, {"Junior ", rankEntry}}
	// levelSuffixes are put after a title, with the rank they imply.
	levelSuffixes = []struct {
		s    string
		rank int
	}{{" I", rankEntry}, {" II", rankMid}, {" III", rankSenior}, {" IV", rankSenior}}
	// shiftSuffixes are shift, schedule and place notes put after a title.
	shiftSuffixes = []string{" - Night Shift", " - Day Shift", " - Evening Shift", " (Remote)", " (Hybrid)", " - PRN", " - Per Diem", " - Full Time", " - Part Time", " - Travel"}
	// abbreviations shorten whole words of a title (matched in lower case).
	abbreviations = map[string]string{
		"technician": "Tech", "technologist": "Tech", "medical": "Med", "laboratory": "Lab", "senior": "Sr",
		"junior": "Jr", "assistant": "Asst", "associate": "Assoc", "manager": "Mgr", "representative": "Rep",
		"administrator": "Admin", "administrative": "Admin", "specialist": "Spec", "coordinator": "Coord",
		"engineer": "Engr", "supervisor": "Supv", "department": "Dept", "registered": "Reg", "certified": "Cert",
		"clinical": "Clin", "operator": "Oper", "maintenance": "Maint", "customer": "Cust", "service": "Svc",
		"services": "Svcs", "information": "Info", "management": "Mgmt", "development": "Dev",
	}
)

// Seniority ranks.
const (
	rankEntry = iota
	rankMid
	rankSenior
	rankExecutive
)

// experienceStyles write a rank the way the real datasets do: LinkedIn
// levels, years, ai-jobs.net codes, NYC Jobs career levels.
var experienceStyles = [][4][]string{ // values per rank
	{{"Entry level", "Internship"}, {"Associate", "Mid-Senior level"}, {"Mid-Senior level"}, {"Director", "Executive"}},
	{{"0-1 years", "1+ years"}, {"2+ years", "3+ years", "2-4 years"}, {"5+ years", "5-7 years", "7+ years"}, {"10+ years"}},
	{{"EN"}, {"MI"}, {"SE"}, {"EX"}},
	{{"Entry-Level"}, {"Experienced (non-manager)"}, {"Experienced (non-manager)"}, {"Manager", "Executive"}},
	{{""}, {""}, {""}, {""}},
}

// experienceWeights are the weights of experienceStyles, and rankWeights
// those of the ranks of titles without a seniority word.
var (
	experienceWeights = []weighted{{0, 25}, {1, 20}, {2, 15}, {3, 5}, {4, 35}}
	rankWeights       = []weighted{{rankEntry, 30}, {rankMid, 45}, {rankSenior, 20}, {rankExecutive, 5}}
)

// Bad rows.
const (
	badNone        = iota
	badEmptyTitle  // empty job_title
	badPayText     // "Competitive", "DOE": no amount
	badPayAbsurd   // $1, negative or absurd amounts
	badDate        // posted_date that is not a date
	badRaggedShort // CSV: the record stops early (Parquet: trailing fields null)
	badRaggedLong  // CSV: an unquoted comma in company adds a field
	badBareQuote   // CSV: a bare double quote inside an unquoted field
	numBad
)

// badKinds names the kinds in Stats.Bad; missing_fields is the Parquet form
// of ragged_short.
var badKinds = [numBad]string{"", "empty_title", "pay_unparseable", "pay_absurd", "bad_date", "ragged_short", "ragged_long", "bare_quote"}

// badWeights are the kinds' shares of the bad rows, per mille.
var badWeights = []weighted{{badEmptyTitle, 250}, {badPayText, 200}, {badPayAbsurd, 150}, {badDate, 200}, {badRaggedShort, 80}, {badRaggedLong, 60}, {badBareQuote, 60}}

var (
	badPayTexts = []string{"Competitive", "DOE", "Depends on Experience", "Negotiable", "TBD", "Salary commensurate with experience"}
	badDates    = []string{"2023-02-30", "2024-13-07", "31/12/2024", "0000-00-00", "2025-99-99", "yesterday", "N/A"}
	// bareQuoteDescriptions have no comma, so the CSV writer leaves them
	// unquoted and the quote stays bare.
	bareQuoteDescriptions = []string{
		`Dual 24" monitors provided. High school diploma or GED required.`,
		`Must lift 50 lbs and reach 6' 2" shelving. 1-2 years of related experience.`,
	}
)

// Pay periods as the numeric datasets label them (NYC Jobs, LinkedIn, H-1B).
var (
	periodNames = [...][]string{
		perYear:  {"Annual", "YEARLY", "Year"},
		perHour:  {"Hourly", "HOURLY", "Hour"},
		perMonth: {"Monthly", "MONTHLY"},
		perWeek:  {"Weekly", "WEEKLY", "Week"},
		perDay:   {"Daily", "Day"},
	}
	periodDivisor = [...]float64{perYear: 1, perHour: 2080, perMonth: 12, perWeek: 52, perDay: 260}
	// salaryPeriods are the weights of the periods of a numeric salary that
	// is not hourly.
	salaryPeriods = []weighted{{perYear, 80}, {perMonth, 10}, {perWeek, 6}, {perDay, 4}}
)

const (
	perYear = iota
	perHour
	perMonth
	perWeek
	perDay
)

// foreignCurrencies are the non-USD currencies some postings quote, with a
// rough number of units per U.S. dollar and the symbol salary texts use.
var foreignCurrencies = []struct {
	code, symbol string
	perUSD       float64
}{{"EUR", "€", 0.92}, {"GBP", "£", 0.79}, {"CAD", "CA$", 1.36}}

// remoteValues are what the remote column holds for an on-site or unstated
// job (the real datasets mix words and ai-jobs.net's remote ratio).
var remoteValues = []weighted{{0, 55}, {1, 28}, {2, 8}, {3, 4}, {4, 3}, {5, 2}}
var remoteWords = []string{"", "On-site", "Hybrid", "Remote", "0", "50"}
