package normalize

import (
	"slices"
	"strings"

	"github.com/wagescope/wagescope/internal/lazyre"
)

// Requirements are the credentials and the education a posting's
// description asks for.
type Requirements struct {
	// Certifications holds normalized short names, sorted and unique:
	// clinical-laboratory credentials ("MLS(ASCP)", "MT(ASCP)", "MLT(ASCP)",
	// "MT(AMT)", "ASCP", "AMT", "NCA"), state personnel licences ("CA CLS
	// license", "NY CLT license"), nursing and pharmacy licences ("RN",
	// "LPN", "LVN", "RPh", "CPhT"), life-support cards ("BLS", "ACLS",
	// "PALS", "CPR") and others ("CPA", "PMP", "AWS", "CISSP", …). A
	// credential counts whether it is required or preferred.
	Certifications []string
	// MinEducation is the lowest degree the description states as
	// acceptable: high_school | associate | bachelor | master | doctorate, or
	// "" when it names none ("Bachelor's or Master's" → bachelor; "Master's
	// preferred" alone → master).
	MinEducation string
}

// EducationLevels lists the education levels, lowest first.
var EducationLevels = []string{"high_school", "associate", "bachelor", "master", "doctorate"}

// ExtractRequirements reads certifications, licences and the lowest stated
// degree from a posting description.
//
// ASCP, AMT and NCA credentials written as "MLS(ASCP)", "MT (ASCP)",
// "MLS(ASCP)CM", "MLT(AMT)" are kept whole (the CM maintenance suffix
// dropped), and then do not also count as a bare "ASCP". MT(ASCP) is kept
// apart from MLS(ASCP), as the posting wrote it. A state licence is a
// clause that mentions a licence, a state that licenses laboratory
// personnel (CA, FL, GA, HI, LA, MT, NV, NY, ND, PR, RI, TN, WV) and a
// laboratory profession: "licensed as a Clinical Laboratory Scientist by the
// state of California" → "CA CLS license". Ambiguous abbreviations need
// context in their clause: AMT and NCA a certification or registry word
// (AMT is also the alternative minimum tax), RN and BLS a licence or
// certification word, CPA not before "firm"; cloud credentials (AWS, Azure,
// GCP) need "certified/certification" within 25 bytes ("experience with
// AWS" is not a credential) and Six Sigma a belt or certification within 40.
//
// Degrees are recognized spelled out ("Bachelor's", "baccalaureate",
// "Associates Degree", "Master of Science", "doctorate", "4-year degree",
// "high school diploma or GED") and abbreviated when dotted ("B.S.", "M.S.",
// "Ph.D.") or unambiguous (PhD, MBA, MPH, BSN, MSc). Bare BS, BA, MS, MA and
// MD count only next to "degree", before "in <Field>", or next to another
// degree ("BA/BS", "BS and/or MS", "MD/PhD"): "MS Office", "LC/MS" and
// "Boston, MA" are not degrees.
func ExtractRequirements(description string) Requirements {
	var r Requirements
	if strings.TrimSpace(description) == "" {
		return r
	}
	text := reqQuotes.Replace(description)
	lower := lowerASCII(text)

	certs, masked, maskedLower := reqCredentials(text, lower)
	for _, c := range reqCertRules {
		hay := masked
		if c.fold {
			hay = maskedLower
		}
		for _, m := range expNear(masked, hay, c.anchors, 40, 40, c.re) {
			if c.not != nil && c.not.MatchString(masked[m[1]:min(len(masked), m[1]+12)]) {
				continue
			}
			if c.ctx != nil {
				around := reqClause(masked, m[0], m[1], 120)
				if c.near > 0 {
					around = masked[max(0, m[0]-c.near):min(len(masked), m[1]+c.near)]
				}
				if !c.ctx.MatchString(around) {
					continue
				}
			}
			certs = append(certs, c.name)
			break
		}
	}
	certs = append(certs, reqStateLicenses(masked, maskedLower)...)
	if len(certs) > 0 {
		slices.Sort(certs)
		r.Certifications = slices.Compact(certs)
	}
	r.MinEducation = reqMinEducation(text, lower)
	return r
}

var reqQuotes = strings.NewReplacer("’", "'", "‘", "'", "\u00a0", " ", "´", "'")

// reqCredRe matches ASCP, AMT and NCA credentials written as
// CATEGORY(AGENCY).
var reqCredRe = lazyre.New(`(?i)\b(MLS|MT|MLT|CLS|CLT|CT|HT|HTL|SBB|SM|SH|SC|SCT|SV|BB|C|H|M|MB|PBT|DPT|DLM|CG|QLC|QIHC|PA|CHT|RMT)\s*\(\s*(ASCPi|ASCP|AMT|NCA)\s*\)(?:\s*CM\b)?`)

// reqCredentials returns the CATEGORY(AGENCY) credentials in s and s (and
// its lower-cased twin) with them blanked out, so that they count neither as
// bare agencies nor as professions of a state licence.
func reqCredentials(s, lower string) ([]string, string, string) {
	ms := expNear(s, lower, reqCredAnchors, 12, 12, reqCredRe)
	if len(ms) == 0 {
		return nil, s, lower
	}
	out := make([]string, 0, len(ms))
	b, bl := []byte(s), []byte(lower)
	for _, m := range ms {
		agency := strings.ToUpper(s[m[4]:m[5]])
		if agency == "ASCPI" {
			agency = "ASCPi"
		}
		out = append(out, strings.ToUpper(s[m[2]:m[3]])+"("+agency+")")
		for i := m[0]; i < m[1]; i++ {
			b[i], bl[i] = ' ', ' '
		}
	}
	return out, string(b), string(bl)
}

var reqCredAnchors = []string{"ascp", "amt", "nca"}

// reqCertRule finds one credential: re matches it near an occurrence of
// one of anchors (searched in the lower-cased text when fold is set, else
// as written), not rejects what follows the match, ctx must match the
// clause around it or, when near is set, the near bytes either side ("AWS
// certification", not "experience with AWS, Azure … and a certification in
// anything").
type reqCertRule struct {
	name    string
	anchors []string
	fold    bool
	re      *lazyre.Regexp
	not     *lazyre.Regexp
	ctx     *lazyre.Regexp
	near    int
}

var (
	reqCtxCert    = lazyre.New(`(?i)certif|registr|registry|licen|ASCP|eligib|\bMT\b|\bMLT\b|technologist|technician|scientist`)
	reqCtxLicense = lazyre.New(`(?i)licen|certif|requir|current|active|valid|compact|eligib|\bmust\b|professional|credential`)
	reqCtxCard    = lazyre.New(`(?i)certif|card|\bCPR\b|\bBLS\b|\bAHA\b|american heart|current|valid|requir|\bACLS\b`)
	reqCtxCertify = lazyre.New(`(?i)certif`)
	// reqCtxSixSigma: a belt or a certification, not "experience in Agile,
	// Scrum or Lean Six Sigma".
	reqCtxSixSigma = lazyre.New(`(?i)certif|\bbelt\b`)
)

// reqCertRules are the bare credentials, in no particular order (the result
// is sorted).
var reqCertRules = []reqCertRule{
	{name: "ASCP", anchors: []string{"ascp", "american society"}, fold: true, re: lazyre.New(`(?i)\bASCP\b|American Society (?:for|of) Clinical Patholog`)},
	{name: "AMT", anchors: []string{"AMT"}, re: lazyre.New(`\bAMT\b`), ctx: reqCtxCert},
	{name: "AMT", anchors: []string{"american medical technologists"}, fold: true, re: lazyre.New(`(?i)American Medical Technologists`)},
	{name: "NCA", anchors: []string{"NCA"}, re: lazyre.New(`\bNCA\b`), ctx: reqCtxCert},
	{name: "RN", anchors: []string{"RN"}, re: lazyre.New(`\bRN\b`), ctx: reqCtxLicense},
	{name: "RN", anchors: []string{"registered nurse"}, fold: true, re: lazyre.New(`(?i)\bregistered nurse\b`), ctx: reqCtxLicense},
	{name: "LPN", anchors: []string{"LPN"}, re: lazyre.New(`\bLPN\b`)},
	{name: "LPN", anchors: []string{"licensed practical nurse"}, fold: true, re: lazyre.New(`(?i)\blicensed practical nurse\b`)},
	{name: "LVN", anchors: []string{"LVN"}, re: lazyre.New(`\bLVN\b`)},
	{name: "LVN", anchors: []string{"licensed vocational nurse"}, fold: true, re: lazyre.New(`(?i)\blicensed vocational nurse\b`)},
	{name: "RPh", anchors: []string{"RPh"}, re: lazyre.New(`\bRPh\b`)},
	{name: "CPhT", anchors: []string{"CPhT"}, re: lazyre.New(`\bCPhT\b`)},
	{name: "BLS", anchors: []string{"BLS"}, re: lazyre.New(`\bBLS\b`), ctx: reqCtxCard},
	{name: "ACLS", anchors: []string{"ACLS"}, re: lazyre.New(`\bACLS\b`)},
	{name: "PALS", anchors: []string{"PALS"}, re: lazyre.New(`\bPALS\b`)},
	{name: "CPR", anchors: []string{"CPR"}, re: lazyre.New(`\bCPR\b`), ctx: reqCtxCard},
	{name: "CPA", anchors: []string{"CPA"}, re: lazyre.New(`\bCPA\b`), not: lazyre.New(`(?i)^\s*firms?\b`)},
	{name: "CPA", anchors: []string{"certified public accountant"}, fold: true, re: lazyre.New(`(?i)\bcertified public accountant`)},
	{name: "PMP", anchors: []string{"PMP"}, re: lazyre.New(`\bPMP\b`)},
	{name: "PMP", anchors: []string{"project management professional"}, fold: true, re: lazyre.New(`(?i)\bproject management professional\b`)},
	{name: "AWS", anchors: []string{"AWS"}, re: lazyre.New(`\bAWS\b`), ctx: reqCtxCertify, near: 25},
	{name: "Azure", anchors: []string{"azure"}, fold: true, re: lazyre.New(`(?i)\bazure\b`), ctx: reqCtxCertify, near: 25},
	{name: "GCP", anchors: []string{"gcp", "google cloud"}, fold: true, re: lazyre.New(`(?i)\bGCP\b|google cloud`), ctx: reqCtxCertify, near: 25},
	{name: "CISSP", anchors: []string{"CISSP"}, re: lazyre.New(`\bCISSP\b`)},
	{name: "CISA", anchors: []string{"CISA"}, re: lazyre.New(`\bCISA\b`), ctx: reqCtxCertify, near: 60},
	{name: "CISM", anchors: []string{"CISM"}, re: lazyre.New(`\bCISM\b`)},
	{name: "Security+", anchors: []string{"security"}, fold: true, re: lazyre.New(`(?i)\bSecurity\s*\+`)},
	{name: "CASP+", anchors: []string{"CASP"}, re: lazyre.New(`\bCASP\b`)},
	{name: "CCNA", anchors: []string{"CCNA"}, re: lazyre.New(`\bCCNA\b`)},
	{name: "CCNP", anchors: []string{"CCNP"}, re: lazyre.New(`\bCCNP\b`)},
	{name: "ITIL", anchors: []string{"ITIL"}, re: lazyre.New(`\bITIL\b`)},
	{name: "TOGAF", anchors: []string{"TOGAF"}, re: lazyre.New(`\bTOGAF\b`)},
	{name: "CFA", anchors: []string{"CFA"}, re: lazyre.New(`\bCFA\b`)},
	{name: "FRM", anchors: []string{"FRM"}, re: lazyre.New(`\bFRM\b`)},
	{name: "Six Sigma", anchors: []string{"six sigma"}, fold: true, re: lazyre.New(`(?i)\bsix sigma\b`), ctx: reqCtxSixSigma, near: 40},
	{name: "CDL", anchors: []string{"CDL"}, re: lazyre.New(`\bCDL\b`)},
	{name: "DABT", anchors: []string{"DABT"}, re: lazyre.New(`\bDABT\b`)},
}

// reqClause returns the clause around s[i:j], up to n bytes either side.
func reqClause(s string, i, j, n int) string {
	return expClauseBefore(s, i, n) + s[i:j] + expClauseAfter(s, j, n)
}

// State personnel licences.

var (
	// reqStateNames: states and territories that license clinical
	// laboratory personnel.
	reqStateNames = lazyre.New(`(?i)\b(California|Florida|Georgia|Hawaii|Louisiana|Montana|Nevada|New York|North Dakota|Puerto Rico|Rhode Island|Tennessee|West Virginia)\b`)
	// reqStateCodes: their postal codes, only right before a licence or
	// profession word or after "State of" ("CA CLS license", "NYS
	// licensure"); LA and MT are left out (Los Angeles, medical technologist).
	reqStateCodes    = lazyre.New(`\b(CA|FL|GA|HI|NV|NY|NYS|ND|PR|RI|TN|WV)\b(?:\s+[Ss]tate)?\s+(?:CLS|MLT|CLT|MT|MLS|[Cc]linical|[Ll]icen|[Mm]edical)`)
	reqStateNameCode = map[string]string{
		"california": "CA", "florida": "FL", "georgia": "GA", "hawaii": "HI", "louisiana": "LA",
		"montana": "MT", "nevada": "NV", "new york": "NY", "north dakota": "ND", "puerto rico": "PR",
		"rhode island": "RI", "tennessee": "TN", "west virginia": "WV",
	}
	reqLabKinds = []struct {
		kind string
		re   *lazyre.Regexp
	}{
		{"CLS", lazyre.New(`\bCLS\b|(?i)\bclinical lab(?:oratory)? scientist`)},
		{"CLT", lazyre.New(`\bCLT\b|(?i)\bclinical lab(?:oratory)? technologist`)},
		{"MLT", lazyre.New(`\bMLT\b|(?i)\bmedical lab(?:oratory)? technician|\bclinical lab(?:oratory)? technician`)},
		{"MLS", lazyre.New(`\bMLS\b|(?i)\bmedical lab(?:oratory)? scientist`)},
		{"MT", lazyre.New(`\bMT\b|(?i)\bmedical technologist`)},
	}
	reqLabGeneric = lazyre.New(`(?i)\bclinical lab(?:oratory)?\b|\blaboratory personnel\b`)
)

// reqStateLicenses finds "<ST> <KIND> license" in each clause that speaks of
// a licence.
func reqStateLicenses(s, lower string) []string {
	var out []string
	done := -1 // end of the last clause read
	for from := 0; ; {
		k := strings.Index(lower[from:], "licen")
		if k < 0 {
			break
		}
		p := from + k
		from = p + len("licen")
		if p < done {
			continue
		}
		start := p - len(expClauseBefore(s, p, 400))
		end := p + len(expClauseAfter(s, p, 400))
		done = end
		cl := s[start:end]
		var states []string
		for _, m := range reqStateNames.FindAllString(cl, -1) {
			states = append(states, reqStateNameCode[strings.ToLower(m)])
		}
		for _, m := range reqStateCodes.FindAllStringSubmatch(cl, -1) {
			st := m[1]
			if st == "NYS" {
				st = "NY"
			}
			states = append(states, st)
		}
		if len(states) == 0 {
			continue
		}
		var kinds []string
		for _, k := range reqLabKinds {
			if k.re.MatchString(cl) {
				kinds = append(kinds, k.kind)
			}
		}
		if len(kinds) == 0 && reqLabGeneric.MatchString(cl) {
			kinds = append(kinds, "clinical laboratory")
		}
		for _, st := range states {
			for _, k := range kinds {
				out = append(out, st+" "+k+" license")
			}
		}
	}
	return out
}

// Education.

type reqDegreeRule struct {
	level   string
	anchors []string // lower case
	re      *lazyre.Regexp
}

// reqDegreeWords always name a degree; lowest level first.
var reqDegreeWords = []reqDegreeRule{
	{"high_school", []string{"high school", "high-school", "ged", "h.s", "hs diploma", "secondary school"},
		lazyre.New(`(?i)\bhigh[- ]school\b[^.\n;]{0,40}\b(?:diploma|graduate|equivalen|ged|completion)|\bGED\b|\bH\.?S\.? diploma\b|\bsecondary school diploma\b`)},
	{"associate", []string{"associate", "a.a.s", "aas", "a.s.", "year degree", "year college degree"},
		lazyre.New(`(?i)\bassociate'?s?\s+degree|\bassociate'?s?\s+(?:of|in)\s+(?:applied\s+)?(?:science|arts)\b|\bA\.A\.S\b|\bAAS\b|\bA\.S\.\s+degree|\b(?:two|2)[- ]year (?:college )?degree\b|\bassociate'?s?\s*(?:or|/)\s*(?:bachelor|baccalaureate)`)},
	{"bachelor", []string{"bachelor", "baccalaureate", "undergraduate degree", "year degree", "year college", "year university", "b.s", "b.a", "bsc", "b.sc", "bsn", "bba", "bsee", "bscs", "beng"},
		lazyre.New(`(?i)\bbachelor|\bbaccalaureate\b|\bundergraduate degree\b|\b(?:four|4)[- ]year (?:college |university )?degree\b|\bB\.S\b|\bB\.A\b|\bB\.Sc\b|\bBSc\b|\bBSN\b|\bBBA\b|\bBSEE\b|\bBSCS\b|\bBEng\b`)},
	{"master", []string{"master", "m.s", "m.a", "msc", "mba", "mph", "msw", "msn", "meng", "mha", "graduate degree", "advanced degree"},
		lazyre.New(`(?i)\bmaster'?s\b|\bmasters\b|\bmaster of\b|\bmaster degree\b|\bM\.S\b|\bM\.A\b|\bM\.Sc\b|\bMSc\b|\bMBA\b|\bMPH\b|\bMSW\b|\bMSN\b|\bMEng\b|\bMHA\b|\b(?:post-?)?graduate degree\b|\badvanced degree\b`)},
	{"doctorate", []string{"phd", "ph.d", "ph d", "ph. d", "doctora", "pharm", "drph", "m.d.", "d.v.m", "dvm", "dnp", "sc.d"},
		lazyre.New(`(?i)\bph\.?\s?d\b|\bdoctorate\b|\bdoctoral degree\b|\bpharm\.?\s?d\b|\bdrph\b|\bM\.D\.|\bD\.V\.M\b|\bDVM\b|\bDNP\b|\bSc\.D\b`)},
}

var (
	// reqDegreeAbbr are bare abbreviations that need context.
	reqDegreeAbbr = map[string]string{"BS": "bachelor", "BA": "bachelor", "MS": "master", "MA": "master", "MD": "doctorate"}
	// reqAbbrAfter: "BS degree", "MS in Statistics", "BS/MS", "BS and/or MS".
	reqAbbrAfter = lazyre.New(`^(?:\s+degree|\s+in\s+[A-Z]|\s*(?:/|,|and/or|or|and|,\s*or)\s*(?:BS|BA|MS|MA|MD|PhD|Ph\.D|B\.S|B\.A|M\.S|M\.A|MBA|MPH|[Bb]achelor|[Mm]aster|[Dd]octorate))`)
	// reqAbbrBefore: "BA/BS", "PhD, MS".
	reqAbbrBefore = lazyre.New(`(?:BS|BA|MS|MA|MD|PhD|Ph\.D\.?|B\.S\.?|B\.A\.?|M\.S\.?|M\.A\.?|MBA|MPH|[Bb]achelor'?s?|[Mm]aster'?s?|[Aa]ssociate'?s?)\s*(?:/|,|and/or|or|and|,\s*or)\s*$`)
)

func reqEducationRank(level string) int {
	for i, l := range EducationLevels {
		if l == level {
			return i + 1
		}
	}
	return 0
}

// reqMinEducation returns the lowest degree named in s.
func reqMinEducation(s, lower string) string {
	low := 0
	for _, d := range reqDegreeWords {
		if expNearAny(s, lower, d.anchors, 40, 60, d.re) {
			low = reqEducationRank(d.level)
			break // the rules go from the lowest level up
		}
	}
	for abbr, level := range reqDegreeAbbr {
		r := reqEducationRank(level)
		if low != 0 && r >= low {
			continue
		}
		for from := 0; ; {
			k := strings.Index(s[from:], abbr)
			if k < 0 {
				break
			}
			p := from + k
			from = p + len(abbr)
			if p > 0 && reqIsWordByte(s[p-1]) || from < len(s) && reqIsWordByte(s[from]) {
				continue
			}
			if reqAbbrAfter.MatchString(s[from:min(len(s), from+24)]) || reqAbbrBefore.MatchString(s[max(0, p-24):p]) {
				low = r
				break
			}
		}
	}
	if low == 0 {
		return ""
	}
	return EducationLevels[low-1]
}

func reqIsWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c >= 0x80
}
