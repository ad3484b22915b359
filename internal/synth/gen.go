package synth

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/wagescope/wagescope/data"
)

// Output columns, in file order.
const (
	cID = iota
	cTitle
	cCompany
	cOwnership
	cIndustry
	cLocation
	cSalary
	cSalaryMin
	cSalaryMax
	cPeriod
	cCurrency
	cExperience
	cPosted
	cRemote
	cDescription
	numCols
)

var columns = [numCols]string{
	"posting_id", "job_title", "company", "ownership", "industry", "location", "salary", "salary_min",
	"salary_max", "salary_period", "currency", "experience", "posted_date", "remote", "description",
}

// Columns returns the header of the generated files.
func Columns() []string { return append([]string(nil), columns[:]...) }

// Shares the generator aims at.
const (
	// DuplicateShare is the share of rows that repeat an earlier row
	// exactly, posting_id included.
	DuplicateShare = 0.03
	// BadShare is the share of rows with a defect (see Stats.Bad).
	BadShare = 0.01
	// dupWindow is how far back a duplicate may reach, in rows.
	dupWindow = 10_000
)

// minDescription is the shortest description, in bytes (but for the bare
// quote ones).
const minDescription = 60

// Posting dates run from firstDay over numDays days (2023-01-01 … 2024-12-31).
const numDays = 731

var firstDay = time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)

// setup is what a run derives once from its Options; workers share it and
// never change it.
type setup struct {
	seed      uint64
	rows      int
	groups    []titleGroup
	groupCum  []int // cumulative family shares over groups
	locations []string
	states    []string
	iso, us   [numDays]string
	idPrefix  string // "SYN-<seed>-"
}

// titleGroup is one family's titles.
type titleGroup struct {
	fam    *family
	titles []string
}

func newSetup(opt Options) (*setup, error) {
	if opt.Rows < 1 {
		return nil, fmt.Errorf("synth: rows must be at least 1, not %d", opt.Rows)
	}
	if len(opt.Titles) == 0 {
		return nil, errors.New("synth: no titles (load them with LoadTitles)")
	}
	s := &setup{seed: opt.Seed, rows: opt.Rows, idPrefix: "SYN-" + strconv.FormatUint(opt.Seed, 10) + "-"}

	byFamily := map[string][]string{}
	for _, t := range opt.Titles {
		if strings.TrimSpace(t.Title) == "" {
			continue
		}
		byFamily[familyKey(t)] = append(byFamily[familyKey(t)], t.Title)
	}
	total := 0
	add := func(f *family) {
		if ts := byFamily[f.key]; len(ts) > 0 {
			total += f.share
			s.groups = append(s.groups, titleGroup{fam: f, titles: ts})
			s.groupCum = append(s.groupCum, total)
		}
	}
	for i := range families {
		add(&families[i])
	}
	add(&otherFamily)
	if len(s.groups) == 0 {
		return nil, errors.New("synth: every title is empty")
	}

	var err error
	if s.states, err = readStates(); err != nil {
		return nil, err
	}
	if s.locations, err = readLocations(); err != nil {
		return nil, err
	}
	for d := range numDays {
		t := firstDay.AddDate(0, 0, d)
		s.iso[d] = t.Format("2006-01-02")
		s.us[d] = t.Format("01/02/2006")
	}
	return s, nil
}

// familyKey is the key of the family a title belongs to.
func familyKey(t Title) string {
	if labCodes[t.SOC()] {
		return labFamily
	}
	if len(t.Code) >= 2 {
		for i := range families {
			if families[i].key == t.Code[:2] {
				return families[i].key
			}
		}
	}
	return otherFamily.key
}

// readStates returns the names of the states (and DC) in data/states.csv.
func readStates() ([]string, error) {
	var names []string
	err := readReference("states.csv", []string{"state_fips", "state_postal", "state_name", "area_type"}, func(rec []string) {
		if rec[3] == "state" {
			names = append(names, rec[2])
		}
	})
	if err == nil && len(names) == 0 {
		err = errors.New("synth: data/states.csv has no states")
	}
	return names, err
}

// readLocations returns "City, ST" for every distinct city of
// data/metro_cities.csv, in file order.
func readLocations() ([]string, error) {
	seen := map[string]bool{}
	var locs []string
	err := readReference("metro_cities.csv", []string{"cbsa_code", "city", "state"}, func(rec []string) {
		if rec[1] == "" || rec[2] == "" {
			return
		}
		l := rec[1] + ", " + rec[2]
		if !seen[l] {
			seen[l] = true
			locs = append(locs, l)
		}
	})
	if err == nil && len(locs) == 0 {
		err = errors.New("synth: data/metro_cities.csv has no cities")
	}
	return locs, err
}

// readReference reads one embedded reference table, checks its header and
// calls fn for every record.
func readReference(name string, header []string, fn func(rec []string)) error {
	body, err := fs.ReadFile(data.Reference, name)
	if err != nil {
		return fmt.Errorf("synth: read data/%s: %w", name, err)
	}
	r := csv.NewReader(bytes.NewReader(body))
	r.FieldsPerRecord = len(header)
	got, err := r.Read()
	if err != nil {
		return fmt.Errorf("synth: data/%s: %w", name, err)
	}
	if strings.Join(got, ",") != strings.Join(header, ",") {
		return fmt.Errorf("synth: data/%s: header %q, want %q", name, got, header)
	}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("synth: data/%s: %w", name, err)
		}
		fn(rec)
	}
}

// row is one generated posting: a value per column, its defect and, for a
// ragged CSV record, how many fields it keeps.
type row struct {
	f    [numCols][]byte
	bad  int
	keep int
	dup  bool
}

// gen generates rows; each worker has its own.
type gen struct {
	s       *setup
	pcg     *rand.PCG
	r       *rand.Rand
	row     row
	scratch []byte
}

func newGen(s *setup) *gen {
	pcg := rand.NewPCG(0, 0)
	return &gen{s: s, pcg: pcg, r: rand.New(pcg), scratch: make([]byte, 0, 256)}
}

// mix64 is SplitMix64's finalizer: it spreads nearby inputs over all bits.
func mix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// seedRow points the random stream at row j: every row's content is a
// function of the seed and its number alone, so rows can be made in any
// order, in parallel, and a duplicate can remake the row it repeats.
func (g *gen) seedRow(j int) {
	g.pcg.Seed(mix64(g.s.seed), mix64(uint64(j)^0x5851f42d4c957f2d))
}

// pickW draws an index of ws by weight.
func pickW(r *rand.Rand, ws []weighted) int {
	total := 0
	for _, w := range ws {
		total += w.w
	}
	n := r.IntN(total)
	for _, w := range ws {
		if n < w.w {
			return w.i
		}
		n -= w.w
	}
	return ws[len(ws)-1].i
}

// pickCum draws an index from cumulative weights.
func pickCum(r *rand.Rand, cum []int) int {
	n := r.IntN(cum[len(cum)-1])
	lo, hi := 0, len(cum)-1
	for lo < hi {
		m := (lo + hi) / 2
		if n < cum[m] {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return lo
}

func pickS(r *rand.Rand, ss []string) string { return ss[r.IntN(len(ss))] }

// rankPay multiplies a posting's pay by its seniority.
var rankPay = [4]float64{rankEntry: 0.85, rankMid: 1, rankSenior: 1.2, rankExecutive: 1.45}

// fill makes row j (1-based) in g.row.
func (g *gen) fill(j int) {
	s, rw := g.s, &g.row
	rw.dup = false
	for {
		g.seedRow(j)
		if u := g.r.Float64(); j > 1 && u < DuplicateShare {
			j = j - 1 - g.r.IntN(min(j-1, dupWindow))
			rw.dup = true
			continue
		}
		break
	}
	r := g.r
	for i := range rw.f {
		rw.f[i] = rw.f[i][:0]
	}
	rw.bad, rw.keep = badNone, numCols
	if r.Float64() < BadShare {
		rw.bad = pickW(r, badWeights)
	}
	bad := rw.bad

	rw.f[cID] = strconv.AppendInt(append(rw.f[cID], s.idPrefix...), int64(j), 10)

	// Title and noise.
	grp := &s.groups[pickCum(r, s.groupCum)]
	fam := grp.fam
	t := append(rw.f[cTitle], grp.titles[r.IntN(len(grp.titles))]...)
	rank := -1
	if r.Float64() < 0.08 {
		t = g.abbreviate(t)
	}
	if r.Float64() < 0.02 {
		typo(r, t)
	}
	if r.Float64() < 0.10 {
		p := seniorPrefixes[r.IntN(len(seniorPrefixes))]
		g.scratch = append(append(g.scratch[:0], p.s...), t...)
		t = append(t[:0], g.scratch...)
		rank = p.rank
	}
	if r.Float64() < 0.05 {
		sfx := levelSuffixes[r.IntN(len(levelSuffixes))]
		t = append(t, sfx.s...)
		rank = max(rank, sfx.rank)
	}
	shift := ""
	if r.Float64() < 0.08 {
		shift = pickS(r, shiftSuffixes)
		t = append(t, shift...)
	}
	switch u := r.Float64(); {
	case u < 0.04:
		upperASCII(t)
	case u < 0.06:
		lowerASCII(t)
	}
	if bad == badEmptyTitle {
		t = t[:0]
	}
	rw.f[cTitle] = t
	if rank < 0 {
		rank = pickW(r, rankWeights)
	}

	// Employer: a company keeps its ownership and industry in every posting.
	si := pickW(r, fam.employers)
	st := &stems[si]
	n := r.IntN(r.IntN(3000) + 1)
	h := mix64(s.seed ^ uint64(si)<<32 ^ uint64(n))
	c := append(rw.f[cCompany], st.name...)
	if bad == badRaggedLong {
		c = append(c, ", Inc."...)
	}
	rw.f[cCompany] = appendPadded(append(c, ' '), n, 4)
	if h%20 != 0 {
		rw.f[cOwnership] = append(rw.f[cOwnership], st.ownerships[(h>>8)%uint64(len(st.ownerships))]...)
	}
	if (h>>16)%25 != 0 {
		rw.f[cIndustry] = append(rw.f[cIndustry], st.industries[(h>>24)%uint64(len(st.industries))]...)
	}

	// Location.
	remote := shift == " (Remote)"
	switch u := r.Float64(); {
	case u < 0.88:
		rw.f[cLocation] = append(rw.f[cLocation], pickS(r, s.locations)...)
	case u < 0.94:
		rw.f[cLocation] = append(rw.f[cLocation], "Remote"...)
		remote = true
	case u < 0.98:
		rw.f[cLocation] = append(rw.f[cLocation], "United States"...)
	default:
		rw.f[cLocation] = append(rw.f[cLocation], pickS(r, s.states)...)
	}

	g.pay(fam, rank, bad)

	// Experience.
	style := experienceStyles[pickW(r, experienceWeights)]
	rw.f[cExperience] = append(rw.f[cExperience], pickS(r, style[rank])...)

	// Posted date.
	d := r.IntN(numDays)
	switch {
	case bad == badDate:
		rw.f[cPosted] = append(rw.f[cPosted], pickS(r, badDates)...)
	case r.Float64() < 0.85:
		rw.f[cPosted] = append(rw.f[cPosted], s.iso[d]...)
	default:
		rw.f[cPosted] = append(rw.f[cPosted], s.us[d]...)
	}

	// Remote.
	switch {
	case remote && r.Float64() < 0.3:
		rw.f[cRemote] = append(rw.f[cRemote], "100"...)
	case remote:
		rw.f[cRemote] = append(rw.f[cRemote], "Remote"...)
	case shift == " (Hybrid)":
		rw.f[cRemote] = append(rw.f[cRemote], "Hybrid"...)
	default:
		rw.f[cRemote] = append(rw.f[cRemote], remoteWords[pickW(r, remoteValues)]...)
	}

	// Description.
	dsc := rw.f[cDescription]
	if bad == badBareQuote {
		dsc = append(dsc, pickS(r, bareQuoteDescriptions)...)
	} else {
		dsc = append(dsc, pickS(r, openers)...)
		famReq, genReq := r.Float64() < 0.75, r.Float64() < 0.5
		if famReq {
			dsc = append(append(dsc, ' '), pickS(r, fam.reqs)...)
		}
		if genReq || !famReq {
			dsc = append(append(dsc, ' '), pickS(r, genericReqs)...)
		}
		// Half get a closing phrase; short ones get as many as they need.
		closing := r.Float64() < 0.5
		for k, n := r.IntN(len(closers)), 0; n < len(closers) && (closing || len(dsc) < minDescription); k, n = (k+1)%len(closers), n+1 {
			dsc = append(append(dsc, ' '), closers[k]...)
			closing = false
		}
	}
	rw.f[cDescription] = dsc

	if bad == badRaggedShort {
		rw.keep = 3 + r.IntN(10)
	}
}

// pay fills the pay columns: a salary text (Glassdoor estimate, employer
// text, a bare number) or numeric minimum and maximum with a period, in
// USD or now and then in EUR, GBP or CAD; or nothing.
func (g *gen) pay(fam *family, rank, bad int) {
	r, f := g.r, &g.row.f
	center := fam.payLo * math.Exp(r.Float64()*math.Log(fam.payHi/fam.payLo)) * rankPay[rank]
	lo := clamp(center*(0.80+0.12*r.Float64()), 25_000, 250_000)
	hi := clamp(center*(1.05+0.25*r.Float64()), lo, 250_000)
	hourly := r.Float64() < fam.hourly
	cur := -1
	if r.Float64() < 0.03 {
		cur = r.IntN(len(foreignCurrencies))
		lo *= foreignCurrencies[cur].perUSD
		hi *= foreignCurrencies[cur].perUSD
	}
	sym := "$"
	if cur >= 0 {
		sym = foreignCurrencies[cur].symbol
	}
	style := r.Float64()

	switch bad {
	case badPayText:
		f[cSalary] = append(f[cSalary], pickS(r, badPayTexts)...)
		return
	case badPayAbsurd:
		switch r.IntN(4) {
		case 0:
			f[cSalary] = append(f[cSalary], "$1"...)
		case 1:
			f[cSalary] = append(f[cSalary], "$9,999,999 a year"...)
		case 2:
			f[cSalaryMin] = append(f[cSalaryMin], "-50000"...)
			f[cSalaryMax] = append(f[cSalaryMax], "-40000"...)
			f[cPeriod] = append(f[cPeriod], "Annual"...)
			f[cCurrency] = append(f[cCurrency], "USD"...)
		default:
			f[cSalaryMin] = append(f[cSalaryMin], '1')
			f[cSalaryMax] = append(f[cSalaryMax], '1')
			f[cPeriod] = append(f[cPeriod], "Hourly"...)
		}
		return
	}

	switch {
	case style < 0.15: // no pay stated
	case style < 0.43: // Glassdoor
		s := f[cSalary]
		employer := r.Float64() < 0.15
		if employer {
			s = append(s, "Employer Provided Salary:"...)
		}
		if hourly {
			s = append(strconv.AppendInt(append(s, sym...), int64(math.Round(lo/2080)), 10), '-')
			s = append(strconv.AppendInt(append(s, sym...), int64(math.Round(hi/2080)), 10), " Per Hour"...)
		} else {
			s = append(strconv.AppendInt(append(s, sym...), int64(math.Round(lo/1000)), 10), "K-"...)
			s = append(strconv.AppendInt(append(s, sym...), int64(math.Round(hi/1000)), 10), 'K')
		}
		if !employer {
			s = append(s, " (Glassdoor est.)"...)
		}
		f[cSalary] = s
	case style < 0.53: // Indeed-style text
		per, unit := perYear, " a year"
		switch {
		case hourly:
			per, unit = perHour, " an hour"
		case r.Float64() < 0.1:
			per, unit = perMonth, " a month"
		}
		a, b := lo/periodDivisor[per], hi/periodDivisor[per]
		s := f[cSalary]
		switch u := r.Float64(); {
		case u < 0.5:
			s = appendText(append(appendText(s, sym, a, per), " - "...), sym, b, per)
		case u < 0.8:
			s = appendText(s, sym, (a+b)/2, per)
		case u < 0.9:
			s = appendText(append(s, "From "...), sym, a, per)
		default:
			s = appendText(append(s, "Up to "...), sym, b, per)
		}
		f[cSalary] = append(s, unit...)
		if cur >= 0 && r.Float64() < 0.5 {
			f[cCurrency] = append(f[cCurrency], foreignCurrencies[cur].code...)
		}
	case style < 0.58: // a bare number
		if hourly {
			f[cSalary] = appendCents(f[cSalary], (lo+hi)/2/2080, true)
		} else {
			f[cSalary] = strconv.AppendInt(f[cSalary], int64(math.Round((lo+hi)/2/1000))*1000, 10)
		}
		if cur >= 0 {
			f[cCurrency] = append(f[cCurrency], foreignCurrencies[cur].code...)
		}
	default: // numeric fields
		per := perHour
		if !hourly {
			per = pickW(r, salaryPeriods)
		}
		a, b := lo/periodDivisor[per], hi/periodDivisor[per]
		numStyle := r.IntN(3)
		if cur >= 0 && numStyle == 2 {
			numStyle = 0
		}
		f[cSalaryMin] = appendNumber(f[cSalaryMin], a, per, numStyle)
		if r.Float64() < 0.9 {
			f[cSalaryMax] = appendNumber(f[cSalaryMax], b, per, numStyle)
		}
		f[cPeriod] = append(f[cPeriod], pickS(r, periodNames[per])...)
		switch {
		case cur >= 0:
			f[cCurrency] = append(f[cCurrency], foreignCurrencies[cur].code...)
		case r.Float64() < 0.9:
			f[cCurrency] = append(f[cCurrency], "USD"...)
		}
	}
}

func clamp(v, lo, hi float64) float64 { return math.Min(math.Max(v, lo), hi) }

// appendText writes an amount as employer texts do: "$85,000", "$22.50",
// "$18".
func appendText(dst []byte, sym string, v float64, per int) []byte {
	dst = append(dst, sym...)
	if per == perHour {
		if c := math.Round(v * 4); int64(c)%4 != 0 {
			return appendCents(dst, c/4, false)
		}
		return strconv.AppendInt(dst, int64(math.Round(v)), 10)
	}
	return appendThousands(dst, int64(math.Round(v/100))*100)
}

// appendNumber writes a numeric pay field in one of three styles: plain
// ("42405", "22.50"), with a decimal ("65000.0", "22.5"), or with a dollar
// sign and separators ("$42,405", "$22.50").
func appendNumber(dst []byte, v float64, per, style int) []byte {
	if per == perHour {
		switch style {
		case 1:
			return strconv.AppendFloat(dst, math.Round(v*10)/10, 'f', 1, 64)
		case 2:
			dst = append(dst, '$')
		}
		return appendCents(dst, v, true)
	}
	n := int64(math.Round(v))
	switch style {
	case 1:
		return append(strconv.AppendInt(dst, n, 10), ".0"...)
	case 2:
		return appendThousands(append(dst, '$'), n)
	}
	return strconv.AppendInt(dst, n, 10)
}

// appendCents writes v with two decimals ("22.50"); unless always, a whole
// amount has none ("22").
func appendCents(dst []byte, v float64, always bool) []byte {
	c := int64(math.Round(v * 100))
	dst = strconv.AppendInt(dst, c/100, 10)
	if !always && c%100 == 0 {
		return dst
	}
	return append(dst, '.', byte('0'+c%100/10), byte('0'+c%10))
}

// appendThousands writes a non-negative integer with comma separators.
func appendThousands(dst []byte, n int64) []byte {
	var buf [24]byte
	b := strconv.AppendInt(buf[:0], n, 10)
	for i, c := range b {
		if i > 0 && (len(b)-i)%3 == 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, c)
	}
	return dst
}

// appendPadded writes n with at least width digits.
func appendPadded(dst []byte, n, width int) []byte {
	var buf [20]byte
	b := strconv.AppendInt(buf[:0], int64(n), 10)
	for i := len(b); i < width; i++ {
		dst = append(dst, '0')
	}
	return append(dst, b...)
}

// abbreviate shortens the words of t found in abbreviations, keeping an
// initial capital ("Medical Technologist" → "Med Tech").
func (g *gen) abbreviate(t []byte) []byte {
	out := g.scratch[:0]
	var word [24]byte
	for i := 0; i < len(t); {
		if !isLetter(t[i]) {
			out = append(out, t[i])
			i++
			continue
		}
		j := i
		for j < len(t) && isLetter(t[j]) {
			j++
		}
		w := t[i:j]
		if len(w) <= len(word) {
			lw := word[:len(w)]
			copy(lw, w)
			lowerASCII(lw)
			if a, ok := abbreviations[string(lw)]; ok {
				start := len(out)
				out = append(out, a...)
				if w[0] >= 'a' && w[0] <= 'z' {
					lowerASCII(out[start : start+1])
				}
				i = j
				continue
			}
		}
		out = append(out, w...)
		i = j
	}
	g.scratch = out
	return append(t[:0], out...)
}

// typo swaps two adjacent, different ASCII letters of t, if it finds some.
func typo(r *rand.Rand, t []byte) {
	if len(t) < 2 {
		return
	}
	for range 4 {
		p := r.IntN(len(t) - 1)
		if isLetter(t[p]) && isLetter(t[p+1]) && t[p] != t[p+1] {
			t[p], t[p+1] = t[p+1], t[p]
			return
		}
	}
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func upperASCII(b []byte) {
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
}

func lowerASCII(b []byte) {
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c - 'A' + 'a'
		}
	}
}
