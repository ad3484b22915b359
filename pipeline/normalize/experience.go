package normalize

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wagescope/wagescope/internal/lazyre"
)

// Experience is the experience dimension of one posting (DESIGN.md,
// "Dimensions"): a level, the minimum years of experience the description
// asks for, and how the level was decided.
type Experience struct {
	Level  string   // entry | mid | senior | lead | executive; "" when unknown
	Years  *float64 // minimum years required when stated ("3+ years" → 3; "5-7 years" → 5)
	Method string   // explicit | title | years; "" when Level is ""
}

// ExperienceLevels lists the experience levels, lowest first.
var ExperienceLevels = []string{"entry", "mid", "senior", "lead", "executive"}

// ClassifyExperience decides the experience level of a posting from, in this
// order, an explicit field (explicit), the job title (title) and the years of
// experience the description asks for (description). The first source that
// yields a level wins; Years is filled from the description whenever it
// states a requirement, whichever source decided the level.
//
// Explicit values (case, spaces and punctuation ignored; see expExplicit):
//
//	EN, MI, SE, EX (ds_salaries, aijobs.net)             → entry, mid, senior, executive
//	Entry-level, Mid-level, Senior-level, Executive-level → entry, mid, senior, executive
//	LinkedIn: Internship, Entry level                     → entry
//	          Associate                                   → mid (LinkedIn ranks it above Entry level)
//	          Mid-Senior level                            → senior
//	          Director, Executive                         → executive (as the title word Director)
//	NYC Career Level: Student, Entry-Level                → entry
//	          Experienced (non-manager)                   → mid
//	          Manager                                     → lead
//	          Executive                                   → executive
//
// Anything else (NYC's civil-service Level 00–04, 1A, M1–M9, which are pay
// and assignment levels, not experience: M1 holds "Data Support Analyst" and
// M5 "Administrative Staff Analyst" in the 2019 export) is ignored and the
// title decides.
//
// Title words (see expAltLevel for the exact exceptions):
//
//	entry:     Intern, Internship, Trainee, Apprentice, Student, Graduate, New Grad,
//	           Undergrad, Postdoc, Entry Level (these win over every other word),
//	           Junior, Jr, Associate, I, 1, Level 1, L1
//	mid:       II, 2, Level 2, Mid-Level, Mid-Career
//	senior:    Senior, Sr, III, 3, Level 3
//	lead:      Lead, Team Lead, Leader, Principal, Staff + engineer/scientist/data…,
//	           Manager (people managers only), Supervisor, Supervising, Head (Unit
//	           Head, Head Data Scientist), Associate/Assistant/Deputy Director or
//	           Chief, AVP, IV, V, 4, 5
//	executive: Chief, CEO/CFO/COO/CTO/CIO/CMO/CISO/CDO/CHRO, President, VP, SVP,
//	           EVP, Vice President, Director, Executive Director, General Manager,
//	           Managing Director, Head of, Commissioner, Founder, Chairman
//
// Choices behind the table: Project, Product, Program, Case, Account,
// Contract… Manager are individual-contributor jobs (NYC files them under
// "Experienced (non-manager)"), as are Staff Nurse, Staff Analyst and Staff
// Accountant; Executive Assistant and Account Executive are not executives;
// Lead Paint and Lead-Based are about the metal; NYC's Principal
// Administrative Associate is a clerical title; Associate means entry as the
// brief asks, although NYC civil-service "Associate X" titles rank above
// "X"; NYC's "M-I" and "NM-I" are pay grades; words after "to" ("Secretary
// to Division Chief") or before "'s" ("Commissioner's Office") and segments
// naming an office ("Chief Technology Office", "Office of …") describe
// someone else. Numerals count at the end of a title part and never as its
// first word ("IV Therapy").
//
// Inside one alternative the highest word wins ("Senior Manager" → lead,
// "Associate Principal Scientist" → lead). Alternatives ("A/B", "A or B") are
// the levels the posting accepts, so the lowest wins ("Scientist I/II" →
// entry, "Associate Director/Director" → lead); in a ladder the bare title is
// the middle rung ("Scientist/Senior Scientist" → mid). Across comma, dash
// and parenthesis segments the highest wins ("Director II, Data Science" →
// executive).
//
// Required years (see ExperienceYears): <2 entry, 2–4 mid, 5–7 senior, 8+ lead.
func ClassifyExperience(explicit, title, description string) Experience {
	var e Experience
	if y, ok := ExperienceYears(description); ok {
		e.Years = &y
	}
	if lv := expExplicitLevel(explicit); lv != "" {
		e.Level, e.Method = lv, "explicit"
		return e
	}
	if lv := expTitleLevel(title); lv != "" {
		e.Level, e.Method = lv, "title"
		return e
	}
	if e.Years != nil {
		e.Level, e.Method = expYearsLevel(*e.Years), "years"
	}
	return e
}

// expYearsLevel maps required years to a level: <2 entry, 2–4 mid, 5–7
// senior, 8+ lead. Years never say executive.
func expYearsLevel(y float64) string {
	switch {
	case y < 2:
		return "entry"
	case y < 5:
		return "mid"
	case y < 8:
		return "senior"
	}
	return "lead"
}

func expRank(level string) int {
	for i, l := range ExperienceLevels {
		if l == level {
			return i + 1
		}
	}
	return 0
}

func expLevelOf(rank int) string {
	if rank < 1 || rank > len(ExperienceLevels) {
		return ""
	}
	return ExperienceLevels[rank-1]
}

// expExplicit maps normalized explicit values (lower case, runs of anything
// but letters and digits turned into one space) to levels.
var expExplicit = map[string]string{
	// ds_salaries, aijobs.net: experience_level codes.
	"en": "entry", "mi": "mid", "se": "senior", "ex": "executive",
	// data_science_salaries_2024: spelled out; LinkedIn "Entry level".
	"entry level": "entry", "mid level": "mid", "senior level": "senior", "executive level": "executive",
	// LinkedIn formatted_experience_level.
	"internship": "entry", "associate": "mid", "mid senior level": "senior", "mid senior": "senior",
	"director": "executive", "executive": "executive",
	// NYC Jobs Career Level.
	"student": "entry", "experienced non manager": "mid", "manager": "lead",
	// Plain words some sources use.
	"intern": "entry", "entry": "entry", "junior": "entry", "jr": "entry", "trainee": "entry",
	"mid": "mid", "intermediate": "mid", "experienced": "mid",
	"senior": "senior", "sr": "senior",
	"lead": "lead", "principal": "lead",
}

func expExplicitLevel(s string) string {
	if s == "" {
		return ""
	}
	return expExplicit[expKey(s)]
}

// expKey lower-cases s and turns every run of characters other than letters
// and digits into one space.
func expKey(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
			continue
		}
		space = true
	}
	return b.String()
}

// expTitleLevel reads a level from title words; "" when the title says none.
func expTitleLevel(title string) string {
	if strings.TrimSpace(title) == "" {
		return ""
	}
	best, strongEntry := 0, false
	for i, seg := range expSegments(strings.ToLower(title)) {
		r, strong := expSegmentLevel(seg, i == 0)
		strongEntry = strongEntry || strong
		if r > best {
			best = r
		}
	}
	if strongEntry {
		return "entry"
	}
	return expLevelOf(best)
}

// expSegments splits a lower-cased title at commas, colons, parentheses,
// brackets, bars, bullets, dashes set off by a space, en and em dashes, and
// runs of two or more spaces (NYC's "Unit Head  Closeout"). It reads bytes,
// decoding a rune only where a byte is not ASCII: s comes from
// strings.ToLower, which leaves no invalid UTF-8, and a space or tab byte
// is always a whole rune (converting every title to runes and each segment
// back was a third of the title's experience level).
func expSegments(s string) []string {
	var out []string
	start := 0
	cut := func(i, next int) {
		out = append(out, s[start:i])
		start = next
	}
	for i := 0; i < len(s); {
		r, w := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, w = utf8.DecodeRuneInString(s[i:])
		}
		switch r {
		case ',', ';', ':', '(', ')', '[', ']', '|', '–', '—', '•':
			cut(i, i+w)
		case '-':
			if (i > 0 && s[i-1] == ' ') || (i+1 < len(s) && s[i+1] == ' ') {
				cut(i, i+1)
			}
		case ' ':
			if i+1 < len(s) && (s[i+1] == ' ' || s[i+1] == '\t') {
				cut(i, i+2)
				w = 2
			}
		case '\t', '\n':
			cut(i, i+1)
		}
		i += w
	}
	return append(out, s[start:])
}

// expOrgPrefixes start segments that name an organization, not a level
// ("Data Engineer, Office of the Chief Technology Officer").
var expOrgPrefixes = []string{"office of", "off of", "bureau of", "division of", "department of", "dept of"}

// expSegmentLevel returns the lowest level among the alternatives of one
// segment, and whether a strong entry word (intern, trainee…) occurs. A
// numeral standing alone counts unless it opens the title: "Agency Attorney
// (IV)", "Medical Record Librarian, I", the II of "Scientist I/II".
func expSegmentLevel(seg string, firstSeg bool) (int, bool) {
	seg = strings.TrimSpace(seg)
	for _, p := range expOrgPrefixes {
		if strings.HasPrefix(seg, p) {
			return 0, false
		}
	}
	alts := expAlternatives(seg)
	type alt struct {
		words []string
		rank  int
	}
	parsed := make([]alt, 0, len(alts))
	strongEntry := false
	for k, a := range alts {
		w := expWords(a)
		if len(w) == 0 {
			continue
		}
		r, strong := expAltLevel(w)
		if len(w) == 1 && r == 0 && !(firstSeg && k == 0) {
			r = expNumberLevel[w[0]]
		}
		strongEntry = strongEntry || strong
		parsed = append(parsed, alt{w, r})
	}
	low := 0
	for i, a := range parsed {
		r := a.rank
		if r == 0 {
			// A bare title that another alternative repeats with level words
			// is the middle rung of a ladder: "Scientist/Senior Scientist".
			bare := strings.Join(a.words, " ")
			for j, b := range parsed {
				if j != i && b.rank > 0 && expStripLevelWords(b.words) == bare {
					r = expRank("mid")
					break
				}
			}
		}
		if r > 0 && (low == 0 || r < low) {
			low = r
		}
	}
	return low, strongEntry
}

// expAlternatives splits a segment at "/" and at the word "or".
func expAlternatives(seg string) []string {
	var out []string
	for _, p := range strings.Split(seg, "/") {
		for {
			i := strings.Index(p, " or ")
			if i < 0 {
				break
			}
			out = append(out, p[:i])
			p = p[i+4:]
		}
		out = append(out, p)
	}
	return out
}

// expWords splits an alternative into words, dropping punctuation ("Sr." →
// "sr", "Mid-Career" → "mid career"), and stops at the word "to": the words
// after "Secretary to" or "Assistant to" describe someone else.
func expWords(s string) []string {
	w := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for i, x := range w {
		if x == "to" && i > 0 {
			return w[:i]
		}
	}
	return w
}

// expLevelWords are the words expStripLevelWords removes to compare ladder
// alternatives.
var expLevelWords = map[string]bool{
	"senior": true, "sr": true, "junior": true, "jr": true, "associate": true, "lead": true,
	"principal": true, "staff": true, "i": true, "ii": true, "iii": true, "iv": true, "v": true,
	"1": true, "2": true, "3": true, "4": true, "5": true, "level": true, "entry": true, "mid": true,
}

func expStripLevelWords(w []string) string {
	out := make([]string, 0, len(w))
	for _, x := range w {
		if !expLevelWords[x] {
			out = append(out, x)
		}
	}
	return strings.Join(out, " ")
}

// Word sets used by expAltLevel.
var (
	// expStrongEntry words make the whole title entry level.
	expStrongEntry = map[string]bool{
		"intern": true, "interns": true, "internship": true, "trainee": true, "apprentice": true,
		"apprenticeship": true, "student": true, "undergrad": true, "undergraduate": true,
		"graduate": true, "postdoc": true, "postdoctoral": true,
	}
	// expICManager: "<word> Manager" titles that are individual-contributor
	// jobs (NYC lists Project, Program, Case and Contract Manager postings
	// under "Experienced (non-manager)").
	expICManager = map[string]bool{
		"product": true, "project": true, "program": true, "programme": true, "case": true,
		"care": true, "account": true, "accounts": true, "client": true, "contract": true,
		"contracts": true, "data": true, "records": true, "record": true, "content": true,
		"community": true, "property": true, "territory": true, "release": true, "scrum": true,
		"office": true, "transaction": true, "category": true, "brand": true, "grant": true,
		"grants": true, "relationship": true, "success": true, "media": true,
	}
	// expStaffRoles: "Staff <word>" is the lead-level IC rung in tech and
	// science; "Staff Nurse", "Staff Analyst", "Staff Accountant" are not.
	expStaffRoles = map[string]bool{
		"engineer": true, "scientist": true, "data": true, "software": true, "machine": true,
		"ml": true, "ai": true, "developer": true, "architect": true, "research": true,
		"researcher": true, "bi": true, "designer": true, "product": true, "security": true,
		"statistician": true, "biostatistician": true, "applied": true, "computational": true,
		"firmware": true, "hardware": true, "frontend": true, "backend": true, "full": true,
		"site": true, "systems": true, "infrastructure": true, "platform": true, "quantitative": true,
	}
	// expLeadNot: "Lead <word>" about the metal or sales leads.
	expLeadNot = map[string]bool{
		"paint": true, "poisoning": true, "based": true, "abatement": true, "hazard": true,
		"hazards": true, "safe": true, "free": true, "exposure": true, "generation": true,
		"gen": true, "compliance": true, "pipe": true, "service": true,
	}
	// expPrincipalNot: NYC's "Principal Administrative Associate" is a
	// clerical civil-service title; school principals are not a level.
	expPrincipalNot   = map[string]bool{"administrative": true, "assistant": true, "clerk": true, "secretary": true, "stenographer": true}
	expPrincipalNotBy = map[string]bool{"school": true, "assistant": true, "vice": true, "elementary": true, "middle": true, "high": true, "deputy": true}
	// expSubDirector: "Associate Director", "Assistant Director", "Deputy
	// Director", "Assistant Vice President" rank below the title they modify.
	expSubDirector = map[string]bool{"associate": true, "assistant": true, "asst": true, "deputy": true}
	expCSuite      = map[string]bool{
		"ceo": true, "cfo": true, "coo": true, "cto": true, "cio": true, "cmo": true, "ciso": true,
		"cdo": true, "chro": true, "cno": true,
	}
	expNumberLevel = map[string]int{
		"1": 1, "i": 1, "2": 2, "ii": 2, "3": 3, "iii": 3, "4": 4, "iv": 4, "5": 4, "v": 4,
		"l1": 1, "l2": 2, "l3": 3, "l4": 4,
	}
)

// expAltLevel returns the highest level any word of one alternative names,
// and whether a strong entry word occurs.
func expAltLevel(w []string) (int, bool) {
	const (
		entry = 1
		mid   = 2
		sen   = 3
		lead  = 4
		exec  = 5
	)
	best, strong := 0, false
	up := func(r int) {
		if r > best {
			best = r
		}
	}
	last := len(w) - 1
	for i, x := range w {
		prev, next := "", ""
		if i > 0 {
			prev = w[i-1]
		}
		if i < last {
			next = w[i+1]
		}
		if next == "s" || prev == "m" || prev == "nm" {
			// "Commissioner's Office" names someone else; NYC's "M-I" and
			// "NM-I" are managerial pay grades, not levels.
			continue
		}
		switch {
		case expStrongEntry[x]:
			strong = true
		case x == "entry" && (next == "level" || next == "lvl"):
			strong = true
		case (x == "grad" || x == "grads") && (prev == "new" || prev == "college" || prev == "recent"):
			strong = true
		case x == "junior" || x == "jr":
			up(entry)
		case x == "associate":
			switch next {
			case "professor", "partner", "dean", "counsel", "general", "director", "vp", "vice", "commissioner", "principal":
				// the next word decides
			default:
				up(entry)
			}
		case x == "mid" && (next == "level" || next == "career" || next == "senior" || next == "lvl"):
			up(mid)
		case x == "senior" || x == "sr" || x == "snr":
			up(sen)
		case x == "lead" || x == "leader":
			if !expLeadNot[next] {
				up(lead)
			}
		case x == "principal" || x == "principle":
			if !expPrincipalNot[next] && !expPrincipalNotBy[prev] {
				up(lead)
			}
		case x == "staff":
			if expStaffRoles[next] {
				up(lead)
			}
		case x == "head":
			switch {
			case next == "of" || len(w) == 1:
				up(exec)
			case next == "start":
			default:
				up(lead)
			}
		case x == "manager" || x == "managers" || x == "mgr":
			switch {
			case prev == "general":
				up(exec)
			case !expICManager[prev]:
				up(lead)
			}
		case x == "managing" && next == "director":
			up(exec)
		case x == "supervisor" || x == "supervising" || x == "superintendent":
			up(lead)
		case x == "director" || x == "dir":
			if expSubDirector[prev] {
				up(lead)
			} else {
				up(exec)
			}
		case x == "avp":
			up(lead)
		case x == "vp" || x == "svp" || x == "evp":
			up(exec)
		case x == "vice" && next == "president":
			if expSubDirector[prev] {
				up(lead)
			} else {
				up(exec)
			}
		case x == "president" && prev != "vice":
			up(exec)
		case x == "chairman" || x == "chairwoman" || x == "founder" || x == "cofounder" || x == "commissioner":
			up(exec)
		case x == "chief":
			switch {
			case expOrgName(w[i:]):
			case expSubDirector[prev]:
				up(lead)
			default:
				up(exec)
			}
		case expCSuite[x]:
			up(exec)
		case x == "executive":
			if next == "director" || next == "vice" || next == "vp" || next == "officer" || prev == "chief" {
				up(exec)
			}
		case (x == "level" || x == "lvl" || x == "lv") && expNumberLevel[next] > 0:
			up(expNumberLevel[next])
		case strings.HasPrefix(x, "l") && len(x) == 2 && expNumberLevel[x] > 0 && i > 0:
			up(expNumberLevel[x])
		case i > 0 && (x == "ii" || x == "iii" || x == "iv"):
			up(expNumberLevel[x])
		case i > 0 && i == last && expNumberLevel[x] > 0 && expIsWord(prev):
			// "Engineer I", "Data Analyst 2", "Criminalist IV" at the end.
			up(expNumberLevel[x])
		}
	}
	return best, strong
}

// expOrgName reports whether words starting at "chief" name an office
// ("Chief Technology Office") rather than a chief.
func expOrgName(w []string) bool {
	for _, x := range w[1:] {
		if x == "officer" || x == "of" {
			return false
		}
		if x == "office" {
			return true
		}
	}
	return false
}

func expIsWord(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r >= '0' && r <= '9' {
			return false
		}
	}
	return true
}

// Years of experience in descriptions.

const expNum = `\d{1,2}(?:\.\d{1,2})?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty`

var (
	// expYearsRe finds "3+ years", "5-7 years", "5 to 7 yrs", "two (2) years",
	// "5+/3+ years", "one-year", "6 months", "3 or more years".
	expYearsRe = lazyre.New(`(?i)\b(` + expNum + `)(?:\s*\((?:\d{1,2}|[a-z]+)\))?\s*(?:\+|plus\b|or more\b|or greater\b)?\s*(?:(?:-|–|—|\bto\b|/)\s*(` + expNum + `)(?:\s*\(\d{1,2}\))?\s*\+?\s*)?-?\s*(years?|yrs?|months?)\b`)
	// expYearsBeforeNot: a mention preceded by these is not a requirement
	// ("for the last four years", "in the next 5 to 10 years", "not to
	// exceed one year") or is part of a larger one ("including 2+ years").
	expYearsBeforeNot = lazyre.New(`(?i)(?:\blast|\bpast|\bnext|\bup to|\bnot to exceed|\bno more than|\bless than|\bfewer than|\bunder|\bwithin|\bincluding|\bincl\.?|\bof which|\bfirst|\bafter|\bevery|\beach|\bper|\bover the|\bfor the|\bin the|\bthe|\bage|\baged|\bcollective|\bcombined|\bour)\s*$`)
	// expYearsAfterNot: the mention is about something else ("40 years of
	// age", "135+ year track record", "4-year accredited university").
	expYearsAfterNot = lazyre.New(`(?i)^['’]?\s*(?:ago|old|of age|in business|in a row|running|track record|history|of service|degree|college|university|program|programme|accredited|institution|school|contract|term|warranty|anniversary|of (?:college|university|school|study|coursework)|since|later)`)
	// expYearsDegree: the clause ties the years to a degree.
	expYearsDegree = lazyre.New(`(?i)degree|bachelor|baccalaureate|master|doctorate|\bph\.?\s?d\b|\b(?:b\.?s|m\.?s|b\.?a|m\.?a|bsc|msc|mba)\b`)
	// expYearsQualifier: the clause is about experience.
	expYearsQualifier = lazyre.New(`(?i)experience|\bexp\b|\bwork|employment|industry|professional|relevant|related|hands[- ]on|practical|progressive|post[- ]?(?:certification|doc|graduate)|\brole\b|\bposition\b|\blab\b|laborator|clinical|\bin the field\b`)
)

var expNumberWords = map[string]float64{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
	"nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
}

func expParseNum(s string) (float64, bool) {
	if v, ok := expNumberWords[strings.ToLower(s)]; ok {
		return v, true
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}

// ExperienceYears returns the fewest years of experience a description
// requires, or false when it states none. Lower bounds are read from "3+
// years", "5-7 years" (→ 5), "5 to 7 yrs", "two (2) years", "at least one
// year", "6 months" (→ 0.5). Mentions tied to a degree in the same clause
// ("BS with 5+ years, MS with 3+ years or PhD with 1+ years") are
// alternatives, so the smallest of them counts; other mentions must all be
// met ("6 years of PL/SQL, 3 years of Hadoop"), so the largest counts; the
// answer is the larger of the two.
//
// A mention counts when its clause (up to a line break, ";", "•" or ". ")
// speaks of experience, work, a role, industry or a laboratory, and does not
// count after "last", "past", "next", "within", "including", "collective"…
// nor before "ago", "of age", "degree", "college", "track record"….
func ExperienceYears(description string) (float64, bool) {
	if description == "" {
		return 0, false
	}
	var all, alt float64 // largest unconditional, smallest degree-tied
	var haveAll, haveAlt bool
	lower := lowerASCII(description)
	for _, m := range expNear(description, lower, expYearAnchors, 48, 10, expYearsRe) {
		lo, ok := expParseNum(description[m[2]:m[3]])
		if !ok {
			continue
		}
		if m[4] >= 0 {
			if hi, ok := expParseNum(description[m[4]:m[5]]); ok && hi < lo {
				lo = hi
			}
		}
		if unit := description[m[6]:m[7]]; unit[0]|0x20 == 'm' {
			lo /= 12
		}
		if lo > 25 { // company histories ("more than 80 years of experience in data and 30 years in software")
			continue
		}
		before := expClauseBefore(description, m[0], 60)
		after := expClauseAfter(description, m[1], 90)
		if expYearsBeforeNot.MatchString(before) || expYearsAfterNot.MatchString(strings.TrimLeft(after, " ")) {
			continue
		}
		if !expYearsQualifier.MatchString(after) && !strings.Contains(strings.ToLower(before), "experience") {
			continue
		}
		if expYearsDegree.MatchString(expClauseBefore(description, m[0], 400)) || expYearsDegree.MatchString(expClauseAfter(description, m[1], 400)) {
			if !haveAlt || lo < alt {
				alt, haveAlt = lo, true
			}
		} else if !haveAll || lo > all {
			all, haveAll = lo, true
		}
	}
	switch {
	case haveAll && haveAlt:
		if alt > all {
			return alt, true
		}
		return all, true
	case haveAll:
		return all, true
	case haveAlt:
		return alt, true
	}
	return 0, false
}

var expYearAnchors = []string{"year", "yr", "month"}

// expNear runs re only in windows around the occurrences of anchors in hay
// (s itself, or s lower-cased byte for byte), from before bytes ahead of an
// anchor to after bytes past it, and returns the submatch indexes of the
// matches in s, unique and in order. Scanning a long description with a
// regexp of many alternatives is slow; finding literal anchors is not.
func expNear(s, hay string, anchors []string, before, after int, re *lazyre.Regexp) [][]int {
	var out [][]int
	var seen map[int]bool
	for _, a := range anchors {
		for from := 0; from < len(hay); {
			k := strings.Index(hay[from:], a)
			if k < 0 {
				break
			}
			p := from + k
			from = p + len(a)
			lo, hi := max(0, p-before), min(len(s), p+len(a)+after)
			for _, m := range re.FindAllStringSubmatchIndex(s[lo:hi], -1) {
				if seen == nil {
					seen = map[int]bool{}
				}
				if seen[lo+m[0]] {
					continue
				}
				seen[lo+m[0]] = true
				for i := range m {
					if m[i] >= 0 {
						m[i] += lo
					}
				}
				out = append(out, m)
			}
		}
	}
	slices.SortFunc(out, func(a, b []int) int { return a[0] - b[0] })
	return out
}

// expNearAny reports whether re matches in a window around an anchor, as
// expNear would find it.
func expNearAny(s, hay string, anchors []string, before, after int, re *lazyre.Regexp) bool {
	for _, a := range anchors {
		for from := 0; from < len(hay); {
			k := strings.Index(hay[from:], a)
			if k < 0 {
				break
			}
			p := from + k
			from = p + len(a)
			if re.MatchString(s[max(0, p-before):min(len(s), p+len(a)+after)]) {
				return true
			}
		}
	}
	return false
}

// expClauseBefore returns up to n bytes before i, cut after the last clause
// boundary.
func expClauseBefore(s string, i, n int) string {
	from := i - n
	if from < 0 {
		from = 0
	}
	b := s[from:i]
	if k := expLastBoundary(b); k >= 0 {
		b = b[k:]
	}
	return b
}

// expClauseAfter returns up to n bytes after i, cut at the first clause
// boundary.
func expClauseAfter(s string, i, n int) string {
	to := i + n
	if to > len(s) {
		to = len(s)
	}
	a := s[i:to]
	if k := expFirstBoundary(a); k >= 0 {
		a = a[:k]
	}
	return a
}

func expFirstBoundary(s string) int {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\n', ';', '\r':
			return i
		case '.':
			if i+1 < len(s) && s[i+1] == ' ' {
				return i
			}
		case 0xe2: // "•" is e2 80 a2
			if strings.HasPrefix(s[i:], "•") {
				return i
			}
		}
	}
	return -1
}

func expLastBoundary(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		switch s[i] {
		case '\n', ';', '\r':
			return i + 1
		case '.':
			if i+1 < len(s) && s[i+1] == ' ' {
				return i + 1
			}
		case 0xa2:
			if i >= 2 && strings.HasPrefix(s[i-2:], "•") {
				return i + 1
			}
		}
	}
	return -1
}
