package normalize

import (
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"

	"github.com/wagescope/wagescope/internal/lazyre"
	"github.com/wagescope/wagescope/internal/textdist"
)

// TitleEntry is one known title for an occupation code, from a reference
// list such as the SOC 2018 titles, the OEWS titles, the projections'
// alternate titles or the O*NET alternate and reported titles.
type TitleEntry struct {
	Code   string // SOC or OEWS code the title belongs to (6-digit, "29-2011")
	Title  string
	Source string // synonym | oews | soc | projections | projections_alternate | onet_alternate | onet_reported
	// Weight is how strongly the source vouches for the title, for example
	// the number of O*NET sources that list an alternate title; 0 means 1.
	// It multiplies the source's own weight (titleSourceWeights).
	Weight float64
}

// TitleMatch is the classifier's answer for one title.
type TitleMatch struct {
	Code    string  // empty when unknown
	Title   string  // the reference title matched
	Score   float64 // 0..1
	Method  string  // exact:<source> | tokens:<source> | unknown
	Query   string
	Matched TitleEntry
	// Normalized is the cleaned form of the query that matched: noise,
	// seniority and location removed, abbreviations expanded, tokens
	// singular and sorted.
	Normalized string
}

// MinTitleScore is the score below which a title is reported unknown rather
// than guessed.
const MinTitleScore = 0.6

// titleSourceWeights is how much one entry of each source counts when
// several codes share a title: the project's own synonyms decide, the
// official SOC/OEWS/projections titles outweigh a single O*NET listing, and
// a title incumbents reported (O*NET reported) outweighs one O*NET source.
// Unlisted sources count 1.
var titleSourceWeights = map[string]float64{
	"synonym":               8,
	"oews":                  4,
	"soc":                   4,
	"projections":           3,
	"projections_alternate": 2,
	"onet_reported":         2,
	"onet_alternate":        1,
}

// Scoring. For one reading of the query, a candidate title's similarity is
// mostly how much of the query it explains (by token weight, the head word
// counting titleHeadBoost times) and partly how much of itself the query
// explains. A candidate holding the query's head word ("nurse" in "Care
// Coordination Nurse") earns titleHeadBase of the score by that alone
// (generic heads such as "analyst" earn nothing); one missing it is
// discounted more than one whose own head the query lacks. Per code the
// best similarity counts; codes about as good as the best
// (titleContenderMargin) share the evidence, which is the weight of their
// entries at that level plus titleTopicEvidence of their titles holding
// the whole query and more, and a code loses up to titleEvidenceShare of
// its score for a small share. Each reading of the query has a priority;
// a code keeps its best score over the readings.
const (
	titleSimQueryShare     = 0.75
	titleSimPartial        = 0.99 // a partial match never scores like an exact one
	titleSimMissingQHead   = 0.70
	titleSimMissingCHead   = 0.85
	titleSimFloor          = 0.40 // candidates below this are not considered
	titleHeadBoost         = 2.0  // the head word weighs this much more
	titleEvidenceShare     = 0.15 // most a code can lose for weak evidence among equals
	titleEvidenceTolerance = 0.01 // entries this close to a code's best count as evidence
	titleContenderMargin   = 0.05 // codes this close to the top share the evidence
	titleHeadBase          = 0.40 // share of the score a matching head word earns by itself
	titleGenericHeadBase   = 0    // the same for a generic head word ("analyst", "engineer")
	titleMinHeadTitles     = 3    // a word heads this many reference titles to count as a role word
	titleInnerHeadPrio     = 0.98 // a manager word inside the title read as its head
	titleDropGenericPrio   = 0.95 // the title read without its generic last word
	titleTopicEvidence     = 0.25 // weight of a code's titles that carry all the query's words
	titleManagerFieldPrio  = 0.95 // "Data Science Manager" read as the manager of data science
	titleManagerFieldCap   = 0.85 // the most such a reading scores
	titleNonHeadQuery      = 0.80 // the query's head is no reference title's head word
	titleLaterSegmentPrio  = 0.90 // "Bureau of School Health" after the comma
	titleParenOnlyPrio     = 0.65 // "(Sr BI Developer)": only when nothing else matches
	titleBesideParenPrio   = 0.99 // the title without its parentheses, when they hold words
	titlePairPrio          = 0.98 // "Manager, Business Operations" read as one title
	titleSlashPrio         = 0.95 // "Computer Vision / Deep Learning Scientist"
	titleRewordPrio        = 0.95 // "Public Health Adviser" read as "Advisor", a researcher as a research scientist
)

// TitleIndex matches free-text job titles against reference titles. It is
// safe for concurrent use.
type TitleIndex struct {
	entries        []TitleEntry
	codes          []string // code id → code, in order of first appearance
	variants       []titleVariant
	scoring        []titleScoring // by variant: what scoring reads of it, packed
	vocab          map[string]int32
	tokens         []string  // token id → token
	idf            []float64 // token id → weight
	df             []int32
	isHead         []bool    // token id is the head word of at least titleMinHeadTitles reference titles
	headCount      []int32   // token id → reference titles it heads
	generic        []bool    // token id is a generic word (titleGeneric)
	postings       [][]int32 // token id → variant ids
	byFirst        map[byte][]int32
	codeIDs        map[string]int32
	codeFirstEntry []int32       // code id → its first entry
	literal        *literalIndex // lower-cased title + "\x00" + code → first entry with that exact text
	display        []int32       // entry → the entry whose title to show for it (titleDisplayEntries)
	scratch        sync.Pool
	matches        titleMatchCache
	corrections    sync.Map // word no token is → its correction's token id, or -1 (lookup)
	nCorrections   atomic.Int64
}

// titleVariant is one indexed reading of an entry: the title without its
// parentheses, or the text inside them ("Medical Technologist (MT)" →
// "medical technologist" and "mt" → "medical technologist").
type titleVariant struct {
	entry    int32
	code     int32
	toks     []int32 // sorted, unique
	heads    []int32
	weight   float64 // sum of token weights
	evidence float64
}

// titleScoring is what matchReading reads of a variant for each candidate,
// in 40 bytes: at a million postings the candidates' scattered reads of the
// variants (72 bytes, their word lists behind pointers) and of three
// parallel scratch arrays were most of the title stage's time.
type titleScoring struct {
	weight    float64
	evidence  float64
	headBoost float64 // (titleHeadBoost-1)·idf of boostHead
	entry     int32
	code      int32
	head      int32  // the first head word; -1: none
	boostHead int32  // head when it is not a generic word, else -1
	ntoks     uint16 // words
	nheads    uint16 // head words
}

// NewTitleIndex builds an index; entries later in the slice never override
// earlier ones for equal scores, so callers list preferred sources first.
func NewTitleIndex(entries []TitleEntry) *TitleIndex {
	ix := &TitleIndex{vocab: map[string]int32{}, codeIDs: map[string]int32{}}
	codeIDs := ix.codeIDs
	type pending struct {
		toks  []string
		heads []string
	}
	var all [][]pending
	for _, e := range entries {
		parts := parseTitle(e.Title, true, nil)
		var vs []pending
		seen := map[string]bool{}
		add := func(s titleSeg) {
			toks := titleUniqSorted(s.toks)
			key := strings.Join(toks, " ")
			if len(toks) == 0 || seen[key] || titleAllGeneric(toks) {
				return // "Coordinator", "Director": no occupation by themselves
			}
			seen[key] = true
			vs = append(vs, pending{toks, s.heads})
		}
		add(joinTitleSegs(parts.segs))
		for _, p := range parts.parens {
			add(p)
		}
		if len(vs) == 0 {
			continue
		}
		ix.entries = append(ix.entries, e)
		all = append(all, vs)
		if _, ok := codeIDs[e.Code]; !ok {
			codeIDs[e.Code] = int32(len(ix.codes))
			ix.codes = append(ix.codes, e.Code)
		}
	}
	tokenID := func(t string) int32 {
		if id, ok := ix.vocab[t]; ok {
			return id
		}
		id := int32(len(ix.tokens))
		ix.vocab[t] = id
		ix.tokens = append(ix.tokens, t)
		ix.df = append(ix.df, 0)
		ix.headCount = append(ix.headCount, 0)
		return id
	}
	for i, vs := range all {
		for _, p := range vs {
			v := titleVariant{entry: int32(i)}
			for _, t := range p.toks {
				id := tokenID(t)
				ix.df[id]++
				v.toks = append(v.toks, id)
			}
			for _, h := range p.heads {
				id := tokenID(h)
				ix.headCount[id]++
				v.heads = append(v.heads, id)
			}
			sort.Slice(v.toks, func(a, b int) bool { return v.toks[a] < v.toks[b] })
			ix.variants = append(ix.variants, v)
		}
	}
	readings := make([]string, len(all))
	for i, vs := range all {
		readings[i] = strings.Join(vs[0].toks, " ")
	}
	ix.display = titleDisplayEntries(ix.entries, readings)
	ix.derive()
	return ix
}

// derive computes what follows from the entries, codes, tokens (with their
// counts) and the variants' words alone: the weights, each code's first
// entry, the lookups by literal title, token and first letter, the
// per-token flags and the scratch pool. NewTitleIndex and UnmarshalBinary share it, so a stored
// index answers exactly as a freshly built one.
func (ix *TitleIndex) derive() {
	ix.literal = newLiteralIndex(ix.entries, nil, literalScanLookups)
	// backwards, so the first entry of a code is the one left
	ix.codeFirstEntry = make([]int32, len(ix.codes))
	for i := len(ix.entries) - 1; i >= 0; i-- {
		ix.codeFirstEntry[ix.codeIDs[ix.entries[i].Code]] = int32(i)
	}
	n := float64(len(ix.variants))
	ix.idf = make([]float64, len(ix.tokens))
	ix.isHead = make([]bool, len(ix.tokens))
	ix.generic = make([]bool, len(ix.tokens))
	ix.byFirst = map[byte][]int32{}
	for id, t := range ix.tokens {
		ix.idf[id] = math.Log(1 + n/float64(max(ix.df[id], 1)))
		ix.isHead[id] = ix.headCount[id] >= titleMinHeadTitles
		ix.generic[id] = titleGeneric[t]
		if len(t) >= titleFuzzyMinLen-1 {
			ix.byFirst[t[0]] = append(ix.byFirst[t[0]], int32(id))
		}
	}
	// Variants sharing a head word get neighbouring ids, so the candidates
	// of a query, which mostly share its head word, are read from memory
	// in order rather than scattered over the whole index.
	sort.SliceStable(ix.variants, func(a, b int) bool {
		return titleVariantHead(ix.variants[a]) < titleVariantHead(ix.variants[b])
	})
	// a token's variants in one array: df counts them
	ix.postings = make([][]int32, len(ix.tokens))
	total := 0
	for _, d := range ix.df {
		total += int(d)
	}
	all := make([]int32, 0, total)
	for id, d := range ix.df {
		if d > 0 {
			ix.postings[id] = all[len(all) : len(all) : len(all)+int(d)]
			all = all[:len(all)+int(d)]
		}
	}
	for vi := range ix.variants {
		v := &ix.variants[vi]
		e := ix.entries[v.entry]
		v.code = ix.codeIDs[e.Code]
		v.evidence = titleSourceWeights[e.Source]
		if v.evidence == 0 {
			v.evidence = 1
		}
		if e.Weight > 0 {
			v.evidence *= e.Weight
		}
		v.weight = 0
		for _, t := range v.toks {
			v.weight += ix.idf[t]
			ix.postings[t] = append(ix.postings[t], int32(vi))
		}
		if len(v.heads) > 0 && titleHasSorted(v.toks, v.heads[0]) && !ix.generic[v.heads[0]] {
			v.weight += (titleHeadBoost - 1) * ix.idf[v.heads[0]]
		}
	}
	ix.scoring = make([]titleScoring, len(ix.variants))
	for vi, v := range ix.variants {
		sc := titleScoring{weight: v.weight, evidence: v.evidence, entry: v.entry, code: v.code, head: -1, boostHead: -1,
			ntoks: uint16(min(len(v.toks), math.MaxUint16)), nheads: uint16(min(len(v.heads), math.MaxUint16))}
		if len(v.heads) > 0 {
			sc.head = v.heads[0]
			if !ix.generic[sc.head] {
				sc.boostHead, sc.headBoost = sc.head, (titleHeadBoost-1)*ix.idf[sc.head]
			}
		}
		ix.scoring[vi] = sc
	}
	nv, nc := len(ix.variants), len(ix.codes)
	ix.scratch.New = func() any {
		return &titleScratch{
			acc: make([]titleAcc, nv), codeBest: make([]float64, nc), codeSupport: make([]float64, nc),
			codeEntry: make([]int32, nc), codeExact: make([]bool, nc),
			finalScore: make([]float64, nc), finalEntry: make([]int32, nc), finalExact: make([]bool, nc), finalQuery: make([]int32, nc),
		}
	}
}

// titleVariantHead is a variant's first head word, or -1.
func titleVariantHead(v titleVariant) int32 {
	if len(v.heads) == 0 {
		return -1
	}
	return v.heads[0]
}

// titleScratch is per-query working memory, pooled so a query allocates
// almost nothing.
type titleScratch struct {
	acc         []titleAcc // by variant
	touched     []int32    // variants sharing a token
	codeBest    []float64  // by code, for the current query variant
	codeSupport []float64
	codeEntry   []int32
	codeExact   []bool
	codeTouched []int32
	finalScore  []float64 // by code, best over query variants
	finalEntry  []int32
	finalExact  []bool
	finalQuery  []int32 // index of the query variant
	finalCodes  []int32
	qtoks       []int32
}

// anyExact reports whether some code's best reading so far is one of its
// reference titles as spelt.
func (s *titleScratch) anyExact() bool {
	for _, c := range s.finalCodes {
		if s.finalExact[c] {
			return true
		}
	}
	return false
}

// titleAcc is a candidate variant's tally for one reading, in one place
// rather than in parallel arrays, so a candidate costs one cache line.
type titleAcc struct {
	shared  float64 // query weight of the tokens shared with the query, then similarity
	plain   float64 // idf of the shared tokens
	count   uint16  // number of shared tokens
	hasHead bool    // the variant holds the query's head word (when that is one of the reading's words)
}

// Match returns the best reference title for q, or an unknown match when no
// candidate scores at least MinTitleScore, when q names no occupation (only
// rank words such as "Director" or "Senior Analyst"), or when it is an
// internship or student job, which no occupation code covers. q is read
// with its mojibake repaired ("Investigator â\u0080\u0093 Racial
// Profiling" is "Investigator – Racial Profiling"); Query keeps q.
func (ix *TitleIndex) Match(q string) TitleMatch {
	unknown := TitleMatch{Query: q, Method: "unknown"}
	text := RepairMojibake(q)
	if titleIsNonOccupation(text) || len(ix.variants) == 0 {
		return unknown
	}
	qvs := titleQueryVariants(text, ix)
	if len(qvs) == 0 {
		return unknown
	}
	key := ix.readingsKey(qvs)
	best, ok := ix.matches.get(key)
	if !ok {
		best = ix.rank(qvs, 1)
		ix.matches.put(key, best)
	}
	if len(best) == 0 {
		return unknown
	}
	m := ix.titleMatch(q, text, qvs, best[0])
	if m.Score < MinTitleScore {
		unknown.Score, unknown.Normalized = m.Score, m.Normalized
		return unknown
	}
	return m
}

// Rank returns up to n candidates for q, best first, one per code.
func (ix *TitleIndex) Rank(q string, n int) []TitleMatch {
	if n <= 0 || len(ix.variants) == 0 {
		return nil
	}
	text := RepairMojibake(q)
	qvs := titleQueryVariants(text, ix)
	if len(qvs) == 0 {
		return nil
	}
	ranked := ix.rank(qvs, n)
	out := make([]TitleMatch, len(ranked))
	for i, r := range ranked {
		out[i] = ix.titleMatch(q, text, qvs, r)
	}
	return out
}

// titleRanked is one code's result for a query's readings: its best entry,
// score and the reading that scored it.
type titleRanked struct {
	entry int32
	score float64
	exact bool
	query int32
}

// rank scores the readings qvs and returns up to n codes, best first.
func (ix *TitleIndex) rank(qvs []titleQuery, n int) []titleRanked {
	s := ix.scratch.Get().(*titleScratch)
	defer ix.scratch.Put(s)
	fallbacks := false
	for qi, qv := range qvs {
		if qv.fallback {
			fallbacks = true
			continue
		}
		ix.scoreVariant(s, qv, int32(qi))
	}
	if fallbacks && !s.anyExact() {
		for qi, qv := range qvs {
			if qv.fallback {
				ix.scoreVariant(s, qv, int32(qi))
			}
		}
	}
	codes := s.finalCodes
	better := func(a, b int32) bool {
		if sa, sb := s.finalScore[a], s.finalScore[b]; sa != sb {
			return sa > sb
		}
		return a < b
	}
	if n == 1 && len(codes) > 1 {
		// Match wants only the best: a scan, not a sort of every code
		// touched (the sort was 4% of the title map's CPU at ten million
		// postings). Codes are unique, so the order is total and the
		// first is the same either way.
		best := 0
		for i := 1; i < len(codes); i++ {
			if better(codes[i], codes[best]) {
				best = i
			}
		}
		codes[0], codes[best] = codes[best], codes[0]
	} else {
		sort.Slice(codes, func(a, b int) bool { return better(codes[a], codes[b]) })
	}
	out := make([]titleRanked, 0, min(n, len(codes)))
	for _, c := range codes[:min(n, len(codes))] {
		out = append(out, titleRanked{entry: s.finalEntry[c], score: s.finalScore[c], exact: s.finalExact[c], query: s.finalQuery[c]})
	}
	for _, c := range codes {
		s.finalScore[c] = 0
	}
	s.finalCodes = s.finalCodes[:0]
	return out
}

// titleDisplayEntries maps each entry to the entry whose title is shown
// when it matches: among entries of one code and source that read the same
// (readings[i] is entry i's title as indexed: "MT" and "Medical
// Technologist" both read "medical technologist"), a spelled-out title
// rather than an acronym; otherwise the entry itself.
func titleDisplayEntries(entries []TitleEntry, readings []string) []int32 {
	display := make([]int32, len(entries))
	keys := make([]string, len(entries))
	best := map[string]int32{}
	for i, e := range entries {
		keys[i] = e.Code + "\x00" + e.Source + "\x00" + readings[i]
		if j, ok := best[keys[i]]; !ok || (titleIsAcronym(entries[j].Title) && !titleIsAcronym(e.Title)) {
			best[keys[i]] = int32(i)
		}
	}
	for i := range entries {
		display[i] = best[keys[i]]
	}
	return display
}

// titleIsAcronym reports a title with no lower-case letter and no space: "MT", "CLS", "MLT".
func titleIsAcronym(t string) bool {
	return !strings.ContainsAny(t, " abcdefghijklmnopqrstuvwxyz")
}

// titleMatch describes a ranked code as the answer for q.
// text is q with its mojibake repaired (RepairMojibake): what the readings
// qvs were made from.
func (ix *TitleIndex) titleMatch(q, text string, qvs []titleQuery, r titleRanked) TitleMatch {
	// Show the reference title the query spells out, when the code has
	// one, else a spelled-out title that reads the same ("Medical
	// Technologist", not its abbreviation "MT").
	e := ix.entries[ix.display[r.entry]]
	if i, ok := ix.literal.lookup(text, e.Code); ok {
		e = ix.entries[i]
	}
	method := "tokens:"
	if r.exact {
		method = "exact:"
	}
	return TitleMatch{
		Code: e.Code, Title: e.Title, Score: round3(r.score), Method: method + e.Source,
		Query: q, Matched: e, Normalized: strings.Join(qvs[r.query].toks, " "),
	}
}

// titleMatchCache remembers the best code for a query's readings. Raw
// titles that differ only in what the readings drop ("Junior X - Night
// Shift", "X II") read the same: a million synthetic postings have 268k
// distinct titles but 72k distinct readings. The readings are the whole
// input of rank, so a hit returns what rank would.
type titleMatchCache struct {
	mu      sync.Mutex
	entries map[string][]titleRanked
}

// titleMatchCacheMax bounds the cache; past it, queries are scored afresh.
const titleMatchCacheMax = 1 << 20

func (c *titleMatchCache) get(key string) ([]titleRanked, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.entries[key]
	return r, ok
}

func (c *titleMatchCache) put(key string, r []titleRanked) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[string][]titleRanked{}
	}
	if len(c.entries) < titleMatchCacheMax {
		c.entries[key] = r
	}
}

// readingsKey is everything rank and scoreVariant read of the readings, in
// order.
// The last word matters only where it is one of the reading's words and no
// indexed word (resolve then completes it as a cut-short word), so elsewhere
// it is left out.
func (ix *TitleIndex) readingsKey(qvs []titleQuery) string {
	var b strings.Builder
	for _, qv := range qvs {
		for _, t := range qv.toks {
			b.WriteString(t)
			b.WriteByte(' ')
		}
		b.WriteByte('|')
		b.WriteString(qv.head)
		b.WriteByte('|')
		if _, known := ix.vocab[qv.last]; !known && (qv.last == qv.head || contains(qv.toks, qv.last)) {
			b.WriteString(qv.last)
		}
		b.WriteByte('|')
		b.WriteString(strconv.FormatFloat(qv.headBase, 'g', -1, 64))
		b.WriteByte('|')
		b.WriteString(strconv.FormatFloat(qv.prio, 'g', -1, 64))
		if qv.needRole {
			b.WriteString("|role")
		}
		if qv.fallback {
			b.WriteString("|fallback")
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// scoreVariant scores one reading of the query against the index and folds
// the per-code results into s.final*. A manager title ("Director of Data
// Science") is also read as its field ("data science"), whose occupation's
// manager code (titleFieldManagers) competes with the direct matches.
func (ix *TitleIndex) scoreVariant(s *titleScratch, qv titleQuery, qi int32) {
	s.qtoks = s.qtoks[:0]
	head, headKnown := ix.resolve(qv.head, qv.last)
	var qWeight float64
	oov := 0
	for _, t := range qv.toks {
		id, ok := ix.resolve(t, qv.last)
		if !ok {
			qWeight += ix.oovWeight()
			oov++
			continue
		}
		if !titleHasID(s.qtoks, id) {
			s.qtoks = append(s.qtoks, id)
			qWeight += ix.queryWeight(id, head, headKnown)
		}
	}
	if len(s.qtoks) == 0 || qWeight == 0 {
		return
	}
	if qv.needRole && (!headKnown || !ix.isHead[head]) {
		return
	}
	factor := qv.prio
	if !headKnown || !ix.isHead[head] {
		factor *= titleNonHeadQuery
	}
	hb := qv.headBase
	if !headKnown || !ix.isHead[head] {
		hb = 0
	}
	ix.matchReading(s, qWeight, oov == 0 && len(s.qtoks) == len(qv.toks), head, headKnown, hb)
	ix.foldReading(s, factor, qi, -1)

	if !headKnown || !titleManagerHeads[qv.head] || len(s.qtoks) < 2 {
		return
	}
	// The field: the query without its manager word.
	j := 0
	qWeight = float64(oov) * ix.oovWeight()
	for _, t := range s.qtoks {
		if t != head && !titleManagerHeads[ix.tokens[t]] {
			s.qtoks[j] = t
			qWeight += ix.idf[t]
			j++
		}
	}
	s.qtoks = s.qtoks[:j]
	if j == 0 {
		return
	}
	ix.matchReading(s, qWeight, false, -1, false, 0)
	ix.foldReading(s, factor*titleManagerFieldPrio, qi, 0)
}

// matchReading scores every indexed title sharing a token with s.qtoks and
// leaves, per code, the best similarity, its entry and the evidence in
// s.code* (codes listed in s.codeTouched). head < 0 reads the tokens as a
// field without a head word.
func (ix *TitleIndex) matchReading(s *titleScratch, qWeight float64, exactPossible bool, head int32, headKnown bool, hb float64) {
	// Whether a candidate holds the head: marked while tallying when the
	// head is one of the reading's words, else looked up in its words.
	headInQuery := headKnown && titleHasID(s.qtoks, head)
	for _, t := range s.qtoks {
		wq, w := ix.queryWeight(t, head, headKnown), ix.idf[t]
		isHead := headInQuery && t == head
		for _, v := range ix.postings[t] {
			a := &s.acc[v]
			if a.count == 0 {
				s.touched = append(s.touched, v)
			}
			a.count++
			a.shared += wq
			a.plain += w
			a.hasHead = a.hasHead || isHead
		}
	}
	// Pass 1: similarity of every candidate; best per code.
	for _, vi := range s.touched {
		v, a := &ix.scoring[vi], &s.acc[vi]
		sharedQ, plain, n := a.shared, a.plain, int(a.count)
		exact := exactPossible && n == len(s.qtoks) && n == int(v.ntoks)
		sim := 1.0
		if !exact {
			sharedE := plain
			if v.boostHead >= 0 && titleHasID(s.qtoks, v.boostHead) {
				sharedE += v.headBoost
			}
			f := titleSimQueryShare*sharedQ/qWeight + (1-titleSimQueryShare)*sharedE/v.weight
			switch {
			case head < 0:
				sim = f
			case !headKnown || !ix.holdsHead(vi, a, head, headInQuery):
				sim = f * titleSimMissingQHead
			case !ix.variantHeadInQuery(vi, v, s.qtoks):
				sim = (hb + (1-hb)*f) * titleSimMissingCHead
			default:
				sim = hb + (1-hb)*f
			}
			sim *= titleSimPartial
		}
		a.shared = sim
		if sim < titleSimFloor {
			continue
		}
		c := v.code
		if s.codeBest[c] == 0 {
			s.codeTouched = append(s.codeTouched, c)
			s.codeEntry[c] = v.entry
		}
		if sim > s.codeBest[c] || (sim == s.codeBest[c] && v.entry < s.codeEntry[c]) {
			s.codeBest[c], s.codeEntry[c], s.codeExact[c] = sim, v.entry, exact
		}
	}
	// Pass 2: evidence of each code at its best level, plus the titles of
	// the code that carry every word of the query and more ("Clinical Data
	// Analyst" for "data analyst"): the query's topic.
	for _, vi := range s.touched {
		a := &s.acc[vi]
		sim, n := a.shared, int(a.count)
		*a = titleAcc{}
		v := &ix.scoring[vi]
		c := v.code
		if s.codeBest[c] == 0 {
			continue
		}
		if sim >= titleSimFloor && sim >= s.codeBest[c]-titleEvidenceTolerance {
			s.codeSupport[c] += v.evidence
		}
		if n == len(s.qtoks) && len(s.qtoks) > 1 {
			s.codeSupport[c] += titleTopicEvidence * v.evidence
		}
	}
	s.touched = s.touched[:0]
}

// holdsHead reports whether variant vi has the query's head word among its words.
func (ix *TitleIndex) holdsHead(vi int32, a *titleAcc, head int32, headInQuery bool) bool {
	if headInQuery {
		return a.hasHead
	}
	return titleHasSorted(ix.variants[vi].toks, head)
}

// variantHeadInQuery reports whether one of variant vi's head words is a word of the query.
func (ix *TitleIndex) variantHeadInQuery(vi int32, v *titleScoring, qtoks []int32) bool {
	if v.nheads == 1 {
		return titleHasID(qtoks, v.head)
	}
	return titleAnyIn(ix.variants[vi].heads, qtoks)
}

// foldReading turns the per-code results of matchReading into scores and
// keeps each code's best over the query's readings. With asField >= 0 the
// reading is a manager title's field: only its best code counts, as the
// manager occupation of that field.
func (ix *TitleIndex) foldReading(s *titleScratch, factor float64, qi int32, asField int) {
	var top, total float64
	for _, c := range s.codeTouched {
		top = max(top, s.codeBest[c])
	}
	for _, c := range s.codeTouched {
		if s.codeBest[c] >= top-titleContenderMargin {
			total += s.codeSupport[c]
		}
	}
	bestCode, bestScore := int32(-1), 0.0
	for _, c := range s.codeTouched {
		share := 0.0
		if s.codeBest[c] >= top-titleContenderMargin && total > 0 {
			share = s.codeSupport[c] / total
		}
		score := s.codeBest[c] * (1 - titleEvidenceShare*(1-share)) * factor
		if asField >= 0 {
			if score > bestScore || (score == bestScore && c < bestCode) {
				bestCode, bestScore = c, score
			}
			continue
		}
		ix.keepFinal(s, c, score, s.codeEntry[c], s.codeExact[c], qi)
	}
	if bestCode >= 0 {
		if m, ok := ix.fieldManager(bestCode); ok {
			// An inference, never as good as a title that says it.
			ix.keepFinal(s, m, min(bestScore, titleManagerFieldCap), ix.codeFirstEntry[m], false, qi)
		}
	}
	for _, c := range s.codeTouched {
		s.codeBest[c], s.codeSupport[c], s.codeExact[c] = 0, 0, false
	}
	s.codeTouched = s.codeTouched[:0]
}

// keepFinal records score for code c if it beats the code's best so far.
func (ix *TitleIndex) keepFinal(s *titleScratch, c int32, score float64, entry int32, exact bool, qi int32) {
	if score <= 0 {
		return
	}
	if s.finalScore[c] == 0 {
		s.finalCodes = append(s.finalCodes, c)
	}
	if score > s.finalScore[c] {
		s.finalScore[c], s.finalEntry[c], s.finalExact[c], s.finalQuery[c] = score, entry, exact, qi
	}
}

// fieldManager returns the manager occupation for the occupation c, when
// the index knows that code and c is not itself a manager.
func (ix *TitleIndex) fieldManager(c int32) (int32, bool) {
	code := ix.codes[c]
	if strings.HasPrefix(code, "11-") {
		return 0, false
	}
	for n := len(code); n >= 2; n-- {
		if m, ok := titleFieldManagers[code[:n]]; ok {
			id, ok := ix.codeIDs[m]
			return id, ok
		}
	}
	return 0, false
}

// titleManagerHeads are the head words of manager titles.
var titleManagerHeads = map[string]bool{"manager": true, "director": true, "head": true, "vicepresident": true}

// titleFieldManagers maps an occupation (by code prefix, longest first) to
// the SOC management occupation that manages its work, following the SOC
// 2018 management group (11-2000 … 11-9000): computer and mathematical work
// is managed by 11-3021, engineering by 11-9041, science by 11-9121, health
// care by 11-9111, and so on.
var titleFieldManagers = map[string]string{
	"13-1020": "11-3061", "13-1021": "11-3061", "13-1022": "11-3061", "13-1023": "11-3061",
	"13-1071": "11-3121", "13-1075": "11-3121", "13-1081": "11-3071", "13-1141": "11-3111",
	"13-1151": "11-3131", "13-1161": "11-2021", "13-2": "11-3031", "13-1041": "11-9199",
	"15": "11-3021", "17": "11-9041", "19-1": "11-9121", "19-2": "11-9121", "19-4": "11-9121",
	"21": "11-9151", "27-3": "11-2032", "29": "11-9111", "31": "11-9111",
	"41": "11-2022", "43": "11-3012", "51": "11-3051", "53": "11-3071",
}

// queryWeight is a query token's weight: its idf, boosted when it is the
// query's head word.
func (ix *TitleIndex) queryWeight(id, head int32, headKnown bool) float64 {
	if headKnown && id == head && !ix.generic[id] {
		return titleHeadBoost * ix.idf[id]
	}
	return ix.idf[id]
}

// knowsWord reports whether a reference title has the query word w, as
// written or as its singular.
func (ix *TitleIndex) knowsWord(w string) bool {
	if _, ok := ix.vocab[w]; ok {
		return true
	}
	_, ok := ix.vocab[singular(w)]
	return ok
}

// readsAsOther reports whether lookup corrects the query word w, in one
// edit, to a word other than the structural word c it is one edit from.
func (ix *TitleIndex) readsAsOther(w, c string) bool {
	id, ok := ix.lookup(w)
	if !ok {
		return false
	}
	t := ix.tokens[id]
	return t != c && t != singular(c) && textdist.OSA(w, t, 1) <= 1
}

// lookup returns the token id of t, correcting a misspelling ("Enviromental",
// "Pricipal") to the most frequent indexed token within edit distance 1
// (2 for words of 8 letters or more) that starts with the same letter.
func (ix *TitleIndex) lookup(t string) (int32, bool) {
	if t == "" {
		return 0, false
	}
	if id, ok := ix.vocab[t]; ok {
		return id, true
	}
	if len(t) < titleFuzzyMinLen {
		return 0, false
	}
	// The same unknown words (places, programs, typos) recur in many
	// titles whose readings differ; each is scanned for once.
	id, ok := ix.corrections.Load(t)
	if !ok {
		id = ix.correct(t)
		if ix.nCorrections.Add(1) <= titleCorrectionsMax {
			ix.corrections.Store(t, id)
		}
	}
	if id.(int32) < 0 {
		return 0, false
	}
	return id.(int32), true
}

// titleCorrectionsMax bounds lookup's memory of corrections.
const titleCorrectionsMax = 1 << 20

// correct returns the id of t's correction, or -1: the most frequent
// indexed token within lookup's edit distance (a swap of two adjacent
// letters is one edit: "chemsit") that starts with t's letter, or with
// its second letter when the first two are swapped ("rbanch").
func (ix *TitleIndex) correct(t string) int32 {
	maxDist := 1
	if len(t) >= 8 {
		maxDist = 2
	}
	best, bestDist, bestDF := int32(-1), maxDist+1, int32(0)
	// consider weighs token id against w: t itself (made 0), or t with its
	// first two letters swapped back (made 1, the swap's edit).
	consider := func(id int32, w string, made int) {
		c := ix.tokens[id]
		if d := len(c) - len(w); d > maxDist-made || -d > maxDist-made {
			return
		}
		d := made + textdist.OSA(w, c, maxDist-made)
		if d > maxDist {
			return
		}
		if d < bestDist || (d == bestDist && ix.df[id] > bestDF) {
			best, bestDist, bestDF = id, d, ix.df[id]
		}
	}
	for _, id := range ix.byFirst[t[0]] {
		consider(id, t, 0)
	}
	if t[1] != t[0] {
		swapped := string([]byte{t[1], t[0]}) + t[2:]
		for _, id := range ix.byFirst[t[1]] {
			if c := ix.tokens[id]; len(c) > 1 && c[1] == t[0] {
				consider(id, swapped, 1)
			}
		}
	}
	return best
}

// resolve returns the token id of a query word: itself, or, for the
// title's last word, the word it was cut short from, or a correction.
func (ix *TitleIndex) resolve(t, last string) (int32, bool) {
	if id, ok := ix.vocab[t]; ok {
		return id, true
	}
	if t == last {
		if id, ok := ix.complete(t); ok {
			return id, true
		}
	}
	return ix.lookup(t)
}

// complete returns the most frequent indexed token that starts with t: a
// title cut short at a fixed width ("Associate Laboratory Microbiol").
func (ix *TitleIndex) complete(t string) (int32, bool) {
	if len(t) < titleFuzzyMinLen-1 {
		return 0, false
	}
	best, bestDF := int32(-1), int32(0)
	for _, id := range ix.byFirst[t[0]] {
		if c := ix.tokens[id]; len(c) > len(t) && strings.HasPrefix(c, t) && ix.df[id] > bestDF {
			best, bestDF = id, ix.df[id]
		}
	}
	return best, best >= 0
}

// oovWeight is the weight of a query word no reference title has (a
// program, a product, a place): half the largest weight a word can have,
// since such words rarely change the occupation.
func (ix *TitleIndex) oovWeight() float64 {
	return 0.5 * math.Log(1+float64(len(ix.variants)))
}

const titleFuzzyMinLen = 6

// ---- title text ----

// titleSeg is one piece of a title as tokens, with its head words: the last
// word ("data scientist" → scientist), the word before "of"/"for"/"to"
// ("director of operations" → director) and, in reference titles, a plural
// before "and" ("accountants and auditors" → accountant, auditor).
type titleSeg struct {
	toks  []string
	heads []string
}

// titleQuery is one reading of a query with its priority.
type titleQuery struct {
	titleSeg
	head     string
	headBase float64 // titleHeadBase, or titleGenericHeadBase when the head is a generic word
	prio     float64
	last     string // the title's last word, which may be cut short
	needRole bool   // read only if head is a role word (the title without its last word)
	fallback bool   // read only if no other reading is a reference title as spelt
}

// titleParts is a title cut at its separators: the segments of the text
// outside parentheses (location segments dropped) and the texts inside them.
type titleParts struct {
	segs   []titleSeg
	slash  []bool // slash[i]: segment i follows a slash
	parens []titleSeg
}

var (
	// titleExceptRe cuts ", Except …" off reference titles ("Medical
	// Scientists, Except Epidemiologists").
	titleExceptRe = lazyre.New(`(?i),?\s+except\b.*$`)
)

// titleCleaner undoes HTML escaping, spells out R&D, drops apostrophes and
// turns an en dash into a hyphen and an em dash, which never joins the
// parts of a word, into a spaced one ("Software Engineer—Platform").
var titleCleaner = strings.NewReplacer("&amp;", "&", "r&d", " research development ", "’", "", "'", "", "–", "-", "—", " - ")

// parseTitle lower-cases and cuts s; reference titles (ref) lose an
// ", Except …" clause and keep all segments. A query's misspelt structural
// words are corrected (titleStructural) unless the index, ix, reads them
// otherwise; ix is nil for reference titles.
func parseTitle(s string, ref bool, ix titleWordIndex) titleParts {
	s = titleLower(s)
	if ref {
		s = titleExceptRe.ReplaceAllString(s, "")
	}
	s = titleCleaner.Replace(s)
	if strings.Contains(s, "-") { // most titles have no hyphen to join
		s = titleJoinLetterHyphens(s)
	}
	main, inner := titleSplitParens(s)
	var p titleParts
	for _, in := range inner {
		if seg, place, ok := makeTitleSeg(in, ref, ix); ok && !place {
			p.parens = append(p.parens, seg)
		}
	}
	var cuts [][2]int
	// most titles have none of the bytes a cut needs: two cheap passes
	// before the scanner
	if strings.ContainsAny(main, `,;|:/\-@`) || hasSpacedAt(main) {
		cuts = titleSeparators(main)
	}
	start, slash := 0, false
	var places []bool
	emit := func(text string, afterSlash bool) {
		if words := titleWords(text); !ref && len(words) == 1 && titleStates[words[0]] && len(p.segs) > 1 && len(p.segs[len(p.segs)-1].toks) <= 3 {
			places[len(places)-1] = true // "Boston, MA": a city before a lone state
			return
		}
		if seg, place, ok := makeTitleSeg(text, ref, ix); ok {
			p.segs = append(p.segs, seg)
			p.slash = append(p.slash, afterSlash)
			places = append(places, place)
		}
	}
	for _, c := range cuts {
		emit(main[start:c[0]], slash)
		slash = strings.ContainsAny(main[c[0]:c[1]], `/\`)
		start = c[1]
	}
	emit(main[start:], slash)
	// Drop places ("Boston, MA", "Remote") unless nothing else is left.
	if slices.Contains(places, false) && slices.Contains(places, true) {
		j := 0
		for i := range p.segs {
			if !places[i] {
				p.segs[j], p.slash[j] = p.segs[i], p.slash[i]
				j++
			}
		}
		p.segs, p.slash = p.segs[:j], p.slash[:j]
	}
	return p
}

// titleSplitParens returns s with parenthesized (or bracketed) text removed, and
// that text; an unclosed parenthesis runs to the end ("(OCME").
func titleSplitParens(s string) (string, []string) {
	if !strings.ContainsAny(s, "([") {
		return s, nil
	}
	var main, cur strings.Builder
	var inner []string
	depth := 0
	for _, r := range s {
		switch {
		case r == '(' || r == '[':
			if depth == 0 {
				main.WriteByte(' ')
			} else {
				cur.WriteByte(' ')
			}
			depth++
		case (r == ')' || r == ']') && depth > 0:
			depth--
			if depth == 0 {
				inner = append(inner, cur.String())
				cur.Reset()
			} else {
				cur.WriteByte(' ')
			}
		case depth > 0:
			cur.WriteRune(r)
		default:
			main.WriteRune(r)
		}
	}
	if cur.Len() > 0 {
		inner = append(inner, cur.String())
	}
	return main.String(), inner
}

// makeTitleSeg normalizes one segment; ok is false for an empty segment, place
// is true when a query segment names a place ("Boston MA", "San Antonio
// OR", "Remote").
func makeTitleSeg(text string, ref bool, ix titleWordIndex) (seg titleSeg, place, ok bool) {
	words := titleWords(text)
	if len(words) == 0 {
		return titleSeg{}, false, false
	}
	if ix != nil {
		titleStructuralWords.fix(words, ix)
	}
	place = !ref && (titleIsPlace(words) || titleOrgUnits[words[0]])
	// Cut at the first "of"/"for"/"to": the head is before it.
	left, right := words, []string(nil)
	for i, w := range words {
		if i > 0 && i < len(words)-1 && (w == "of" || w == "for" || w == "to") {
			left, right = words[:i], words[i+1:]
			break
		}
	}
	lt := normalizeTitleWords(left)
	rt := normalizeTitleWords(right)
	seg.toks = append(lt, rt...)
	if len(seg.toks) == 0 {
		return titleSeg{}, false, false
	}
	if len(lt) > 0 {
		seg.heads = append(seg.heads, lt[len(lt)-1])
	} else {
		seg.heads = append(seg.heads, rt[len(rt)-1])
	}
	if ref {
		// "Accountants and Auditors": each plural before "and" is a head.
		for i := 1; i < len(left); i++ {
			if left[i] == "and" && strings.HasSuffix(left[i-1], "s") {
				if t := normalizeTitleWords(left[i-1 : i]); len(t) == 1 && !contains(seg.heads, t[0]) {
					seg.heads = append(seg.heads, t[0])
				}
			}
		}
	}
	return seg, place, true
}

// joinTitleSegs concatenates segments into one; its head is the first segment's.
func joinTitleSegs(segs []titleSeg) titleSeg {
	if len(segs) == 1 {
		return segs[0]
	}
	var out titleSeg
	for _, s := range segs {
		out.toks = append(out.toks, s.toks...)
	}
	if len(segs) > 0 {
		out.heads = segs[0].heads
	}
	return out
}

// titleQueryVariants lists the readings of a posted title worth matching: the
// whole title; each segment (the first at full priority, later ones, which
// are usually a department, specialty or place, a little lower); an
// inverted pair read as one title ("Director, Operations" → operations
// director); the two sides of a slash sharing their head word ("Computer
// Vision / Deep Learning Scientist"); and parenthesized text both inline
// ("Inspector (Housing)") and alone.
func titleQueryVariants(q string, ix titleWordIndex) []titleQuery {
	p := parseTitle(q, false, ix)
	last := ""
	if words := titleWords(titleLower(q)); len(words) > 0 {
		lw := words[len(words)-1:]
		if ix != nil {
			titleStructuralWords.fix(lw, ix)
		}
		if t := normalizeTitleWords(lw); len(t) == 1 {
			last = t[0]
		}
	}
	var out []titleQuery
	seen := map[string]bool{}
	add := func(s titleSeg, prio float64) {
		toks := titleUniqSorted(s.toks)
		if len(toks) == 0 || titleAllGeneric(toks) {
			return
		}
		head := ""
		if len(s.heads) > 0 {
			head = s.heads[0]
		}
		key := strings.Join(toks, " ") + "|" + head
		if seen[key] {
			return
		}
		seen[key] = true
		out = append(out, titleQuery{titleSeg: titleSeg{toks: toks, heads: s.heads}, head: head, headBase: titleHeadBaseOf(head), prio: prio, last: last})
		// "MT Generalist", "Nurse Lead": without a generic last word the
		// title may name its occupation.
		if titleDroppable[head] && len(s.toks) > 1 && s.toks[len(s.toks)-1] == head {
			rest := s.toks[:len(s.toks)-1]
			h, rt := rest[len(rest)-1], titleUniqSorted(rest)
			if k := strings.Join(rt, " ") + "|" + h; !seen[k] && !titleAllGeneric(rt) {
				seen[k] = true
				out = append(out, titleQuery{titleSeg: titleSeg{toks: rt, heads: []string{h}}, head: h, headBase: titleHeadBaseOf(h), prio: prio * titleDropGenericPrio, last: last, needRole: true})
			}
		}
		// "Director Data Science", "Commercial Director Oxo Intermediates":
		// a manager word inside the title may be its head.
		if !titleManagerHeads[head] {
			for _, t := range s.toks {
				if titleManagerHeads[t] && !seen[key+"|"+t] {
					seen[key+"|"+t] = true
					out = append(out, titleQuery{titleSeg: titleSeg{toks: toks, heads: []string{t}}, head: t, headBase: titleGenericHeadBase, prio: prio * titleInnerHeadPrio, last: last})
					break
				}
			}
		}
		// "Public Health Adviser", "Machine Learning Researcher": read
		// also as O*NET words them ("Advisor", "Research Scientist"); only
		// for a title no reference lists as spelt, since O*NET uses both
		// for different codes ("Loan Adviser" 13-2072, "Loan Advisor"
		// 13-2071; "Clinical Researcher" is a title of its own).
		if rt, rh, ok := titleReworded(toks, head); ok {
			if k := strings.Join(rt, " ") + "|" + rh; !seen[k] {
				seen[k] = true
				out = append(out, titleQuery{titleSeg: titleSeg{toks: rt, heads: []string{rh}}, head: rh, headBase: titleHeadBaseOf(rh), prio: prio * titleRewordPrio, last: last, fallback: true})
			}
		}
	}
	if len(p.segs) > 0 {
		base := 1.0
		if len(p.parens) > 0 {
			base = titleBesideParenPrio
		}
		whole := joinTitleSegs(p.segs)
		add(whole, base)
		for i, s := range p.segs {
			prio := base
			if i > 0 && !p.slash[i] {
				prio *= titleLaterSegmentPrio
			}
			add(s, prio)
		}
		for i := 0; i+1 < len(p.segs); i++ {
			a, b := p.segs[i], p.segs[i+1]
			if p.slash[i+1] {
				// "A/B": A with B's head word, and A's modifiers with B.
				add(titleSeg{toks: titleConcat(a.toks, b.toks[len(b.toks)-1:]), heads: b.heads[:1]}, base*titleSlashPrio)
				add(titleSeg{toks: titleConcat(a.toks[:len(a.toks)-1], b.toks), heads: b.heads[:1]}, base*titleSlashPrio)
				continue
			}
			if len(a.toks) <= 2 {
				// "Manager, Business Operations": the first part is the head.
				add(titleSeg{toks: titleConcat(b.toks, a.toks), heads: a.heads}, base*titlePairPrio)
			}
		}
		for _, in := range p.parens {
			add(titleSeg{toks: titleConcat(whole.toks, in.toks), heads: whole.heads}, 1)
		}
	}
	for _, in := range p.parens {
		if len(in.toks) > 1 { // a lone "(DA)" or "(APP)" is too ambiguous
			add(in, titleParenOnlyPrio)
		}
	}
	return out
}

// ---- words ----

// titleStopwords carry no occupational meaning in titles.
var titleStopwords = map[string]bool{
	"and": true, "of": true, "the": true, "all": true, "other": true, "a": true, "an": true,
	"in": true, "for": true, "except": true, "to": true, "with": true, "at": true, "on": true,
	"or": true, "by": true, "from": true, "s": true,
}

// titleAbbreviations expands abbreviations posted titles use. Entries with
// two readings take the first when the word ends the title ("Pharmacy
// Tech" → technician) and the second otherwise ("Tech Manager" →
// technology manager).
var titleAbbreviations = map[string][2]string{
	"sr": {"senior"}, "snr": {"senior"}, "jr": {"junior"},
	"mgr": {"manager"}, "mngr": {"manager"}, "mgmt": {"management"}, "mgt": {"management"},
	"tech":  {"technician", "technology"},
	"techs": {"technician", "technology"},
	"asst":  {"assistant"}, "assoc": {"associate"},
	"eng": {"engineer", "engineering"}, "engr": {"engineer"}, "engrs": {"engineer"},
	"dev": {"developer", "development"}, "devs": {"developer"},
	"admin": {"administrator", "administrative"},
	"acct":  {"accountant", "accounting"},
	"coord": {"coordinator"},
	"spec":  {"specialist"},
	"rep":   {"representative"},
	"reps":  {"representative"},
	"exec":  {"executive"},
	"dir":   {"director"},
	"supv":  {"supervisor"},
	"supvr": {"supervisor"},
	"svcs":  {"services"},
	"svc":   {"service"},
	"srvs":  {"services"},
	"dept":  {"department"},
	"ops":   {"operations"},
	"oper":  {"operator", "operations"},
	"opers": {"operator", "operations"},
	"clin":  {"clinical"},
	"cust":  {"customer"},
	"info":  {"information"},
	"intl":  {"international"},
	"natl":  {"national"},
	"sys":   {"systems"},
	"sw":    {"software"},
	"mech":  {"mechanical"},
	"elec":  {"electrical"},
	"maint": {"maintenance"},
	"env":   {"environmental"},
	"pub":   {"public"},
	"hlth":  {"health"},
	"med":   {"medical"},
	"lab":   {"laboratory"},
	"labs":  {"laboratory"},
	"pharm": {"pharmacy"},
	"cert":  {"certified"},
	"rn":    {"registered nurse"},
	"rns":   {"registered nurse"},
	"lpn":   {"licensed practical nurse"},
	"lvn":   {"licensed vocational nurse"},
	"cna":   {"certified nursing assistant"},
	"cma":   {"certified medical assistant"},
	"np":    {"nurse practitioner"},
	"crna":  {"certified registered nurse anesthetist"},
	"emt":   {"emergency medical technician"},
	"rrt":   {"registered respiratory therapist"},
	"mlt":   {"medical laboratory technician"},
	"mls":   {"medical laboratory scientist"},
	"cls":   {"clinical laboratory scientist"},
	"mt":    {"medical technologist"},
	"hr":    {"human resources"},
	"it":    {"information technology"},
	"qa":    {"quality assurance"},
	"qc":    {"quality control"},
	"bi":    {"business intelligence"},
	"ml":    {"machine learning"},
	"ai":    {"artificial intelligence"},
	"nlp":   {"natural language processing"},
	"ux":    {"user experience"},
	"ui":    {"user interface"},
	"dba":   {"database administrator"},
	"swe":   {"software engineer"},
	"sde":   {"software development engineer"},
	"vp":    {"vicepresident"},
	"svp":   {"senior vicepresident"},
	"evp":   {"executive vicepresident"},
	"avp":   {"assistant vicepresident"},
	"ceo":   {"chief executive officer"},
	"cfo":   {"chief financial officer"},
	"coo":   {"chief operating officer"},
	"cto":   {"chief technology officer"},
	"cio":   {"chief information officer"},
	"cmo":   {"chief marketing officer"},
	"cno":   {"chief nursing officer"},
}

// titleRewordings are words a title is also read without (titleReworded):
// other spellings, British ones mostly (O*NET itself uses both "adviser"
// and "advisor"), and O*NET's "research scientist" for "researcher".
var titleRewordings = map[string][]string{
	"adviser": {"advisor"}, "advisor": {"adviser"},
	"labour": {"labor"}, "centre": {"center"}, "programme": {"program"},
	"organisation": {"organization"}, "organisational": {"organizational"},
	"behaviour": {"behavior"}, "behavioural": {"behavioral"},
	"paediatric": {"pediatric"}, "orthopaedic": {"orthopedic"}, "anaesthetist": {"anesthetist"},
	"anaesthesia": {"anesthesia"}, "haematology": {"hematology"}, "defence": {"defense"},
	"licence": {"license"}, "licenced": {"licensed"}, "modelling": {"modeling"},
	"researcher": {"research", "scientist"},
}

// titleReworded returns toks (sorted) and head with every word
// titleRewordings rewords so reworded, a reworded head becoming its last
// word; ok is false when there is none.
func titleReworded(toks []string, head string) ([]string, string, bool) {
	var out []string
	changed := false
	for _, t := range toks {
		if r, ok := titleRewordings[t]; ok {
			out, changed = append(out, r...), true
		} else {
			out = append(out, t)
		}
	}
	if !changed {
		return nil, "", false
	}
	if r, ok := titleRewordings[head]; ok {
		head = r[len(r)-1]
	}
	return titleUniqSorted(out), head, true
}

// titleHeadBaseOf is the share of the score a reading's head word earns by
// itself: none for a generic word.
func titleHeadBaseOf(head string) float64 {
	if titleGeneric[head] {
		return titleGenericHeadBase
	}
	return titleHeadBase
}

// titlePhrases are multi-word rewrites applied before single words: noise
// phrases become nothing, a few abbreviations only make sense together.
var titlePhrases = []struct{ from, to []string }{
	{[]string{"med", "tech"}, []string{"medical", "technologist"}},
	{[]string{"mt", "ascp"}, []string{"medical", "technologist"}},
	{[]string{"vice", "president"}, []string{"vicepresident"}},
	{[]string{"v", "p"}, []string{"vicepresident"}},
	{[]string{"full", "time"}, nil},
	{[]string{"part", "time"}, nil},
	{[]string{"per", "diem"}, nil},
	{[]string{"mid", "career"}, nil},
	{[]string{"mid", "level"}, nil},
	{[]string{"entry", "level"}, nil},
	{[]string{"new", "grad"}, nil},
	{[]string{"new", "graduate"}, nil},
	{[]string{"night", "shift"}, nil},
	{[]string{"day", "shift"}, nil},
	{[]string{"evening", "shift"}, nil},
	{[]string{"on", "site"}, nil},
	{[]string{"work", "from", "home"}, nil},
}

// titleNoise are words about the job's terms, schedule or ad, not the
// occupation.
var titleNoise = map[string]bool{
	"ft": true, "pt": true, "prn": true, "fulltime": true, "parttime": true, "perdiem": true,
	"remote": true, "hybrid": true, "onsite": true, "wfh": true, "telework": true,
	"contract": true, "contractor": true, "temporary": true, "temp": true, "seasonal": true,
	"bilingual": true, "shift": true, "shifts": true, "nights": true, "evenings": true, "weekends": true,
	"weekend": true, "overnight": true, "overnights": true, "days": true,
	"hrs": true, "hour": true, "hours": true,
	"opportunity": true, "opportunities": true, "future": true, "required": true, "needed": true,
	"urgent": true, "urgently": true, "immediate": true, "immediately": true, "hiring": true,
	"wanted": true, "experience": true, "experienced": true, "years": true, "year": true, "yrs": true,
	"plus": true, "over": true, "level": true, "grade": true, "acting": true, "interim": true, "ascp": true,
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true,
	"saturday": true, "sunday": true, "mon": true, "tue": true, "wed": true, "thu": true, "fri": true,
	"sat": true, "sun": true,
	"americas": true, "emea": true, "apac": true, "latam": true, "worldwide": true,
	"i": true, "ii": true, "iii": true, "iv": true, "v": true, "vi": true, "vii": true, "viii": true, "ix": true, "x": true,
}

// titleFieldNoise are noise words that name the work before certain words:
// a "Contract RN" works under a contract, a "Contract Specialist" (O*NET's
// 13-1023, Purchasing Agents) writes them.
var titleFieldNoise = map[string]map[string]bool{
	"contract": {
		"specialist": true, "analyst": true, "administrator": true, "administration": true,
		"manager": true, "management": true, "negotiator": true, "officer": true,
		"coordinator": true, "compliance": true, "clerk": true, "preparer": true, "monitor": true,
	},
}

// titleNoiseNamesField reports whether the noise word words[i] names the
// work by the word after it (titleFieldNoise).
func titleNoiseNamesField(words []string, i int) bool {
	next := titleFieldNoise[words[i]]
	return next != nil && i+1 < len(words) && next[singular(words[i+1])]
}

// titleIsNumber reports numbers and times: "2", "03", "8hr", "6pm", "10k",
// "2nd".
func titleIsNumber(w string) bool {
	i := 0
	for i < len(w) && w[i] >= '0' && w[i] <= '9' {
		i++
	}
	if i == 0 {
		return false
	}
	switch w[i:] {
	case "", "st", "nd", "rd", "th", "am", "pm", "hr", "hrs", "h", "k":
		return true
	}
	return false
}

// titleRankAnywhere are seniority words dropped wherever they stand.
var titleRankAnywhere = map[string]bool{"senior": true, "junior": true, "lead": true, "staff": true}

// titleLeadNotRank are the words after which "lead" is the metal.
var titleLeadNotRank = map[string]bool{"abatement": true, "paint": true, "poisoning": true, "hazard": true, "inspector": true, "burner": true}

// titleRankLeading are rank words dropped only when they open the title and
// more follows ("Principal Data Scientist" but "Principal"; "Staff Nurse").
var titleRankLeading = map[string]bool{"associate": true, "principal": true, "supervising": true}

// titleGeneric are words that alone name no occupation: a title made only
// of them ("Director", "Senior Vice President", "Lead Analyst" → analyst)
// is unknown.
var titleGeneric = map[string]bool{
	"director": true, "manager": true, "supervisor": true, "head": true, "leader": true,
	"administrator": true, "associate": true, "assistant": true,
	"specialist": true, "analyst": true, "consultant": true, "coordinator": true, "representative": true,
	"advisor": true, "adviser": true, "partner": true, "deputy": true, "vicepresident": true,
	"member": true, "staff": true, "team": true, "employee": true, "worker": true, "professional": true,
	"expert": true, "generalist": true, "technician": true, "technologist": true, "agent": true,
	"principal": true, "lead": true, "senior": true, "junior": true, "managing": true,
	"scientist": true, "engineer": true, "researcher": true, "inspector": true, "investigator": true,
	"operator": true, "owner": true,
	// O*NET lists "Aide" alone for personal care aides, so every "X Aide"
	// with no title of its own was a personal care aide (100 NYC "College
	// Aide" postings)
	"aide": true,
	// a head of any unit ("Chief of Staff", "Section Chief"), not O*NET's
	// lone "Chief" and its "Operations Chief" (fire chiefs); a go-between
	// of any office ("Human Resources Liaison"), not a rehabilitation
	// liaison
	"chief": true, "liaison": true,
}

// titleDroppable are last words that may say nothing about the occupation
// ("MT Generalist", "Nurse Lead"); the title is also read without them.
var titleDroppable = map[string]bool{"generalist": true, "lead": true, "leader": true}

// titleNonOccupation are words that make a posting no occupation at all.
var titleNonOccupation = map[string]bool{
	"intern": true, "interns": true, "internship": true, "internships": true,
	"student": true, "students": true, "volunteer": true, "volunteers": true,
}

// titleIsNonOccupation reports an internship or student job.
func titleIsNonOccupation(q string) bool {
	for _, w := range titleWords(strings.ToLower(q)) {
		if titleNonOccupation[w] {
			return true
		}
	}
	return false
}

// titleLower is a title lower-cased, its "OR" spelt out first
// (titleOperatingRoom), since lower case loses what tells it from "or".
func titleLower(s string) string {
	return strings.ToLower(titleOperatingRoom(s))
}

// titleOperatingRoom spells out "OR" as a word in a title written in mixed
// case: O*NET's "OR Tech", "OR Aide" and "OR Nurse" are operating-room
// titles, which read as a lone "technician" or "aide" with "or" dropped as
// a stopword, so "Paralegal Aide" went to surgical assistants. In a title
// all in capitals "OR" may be the conjunction, and is left.
func titleOperatingRoom(s string) string {
	if !strings.Contains(s, "OR") || strings.IndexFunc(s, unicode.IsLower) < 0 {
		return s
	}
	var b strings.Builder
	last := 0
	for i := strings.Index(s, "OR"); i >= 0; {
		end := i + 2
		if (i == 0 || !titleIsWordByte(s[i-1])) && (end == len(s) || !titleIsWordByte(s[end])) {
			b.WriteString(s[last:i])
			b.WriteString("operating room")
			last = end
		}
		next := strings.Index(s[end:], "OR")
		if next < 0 {
			break
		}
		i = end + next
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// normalizeTitleWords expands abbreviations, drops noise, seniority and
// stopwords, and reduces plurals.
func normalizeTitleWords(words []string) []string {
	if len(words) == 0 {
		return nil
	}
	// Phrases first, then single words.
	var exp []string
	for i := 0; i < len(words); i++ {
		matched := false
		for _, p := range titlePhrases {
			if i+len(p.from) <= len(words) && titleEqualWords(words[i:i+len(p.from)], p.from) {
				exp = append(exp, p.to...)
				i += len(p.from) - 1
				matched = true
				break
			}
		}
		if matched {
			continue
		}
		w := words[i]
		if a, ok := titleAbbreviations[w]; ok {
			r := a[0]
			if a[1] != "" && i < len(words)-1 && !titleAllNoise(words[i+1:]) {
				r = a[1]
			}
			exp = append(exp, strings.Fields(r)...)
			continue
		}
		exp = append(exp, w)
	}
	out := make([]string, 0, len(exp))
	for i, w := range exp {
		switch {
		case titleNoise[w] && !titleNoiseNamesField(exp, i), titleIsNumber(w), titleStopwords[w], len(w) == 1:
			continue // noise, numbers, stopwords, initials ("U.S.")
		case w == "lead" && i+1 < len(exp) && titleLeadNotRank[exp[i+1]]:
		case titleRankAnywhere[w] && titleContentAfter(exp, i):
			continue
		case titleRankAnywhere[w] && len(out) > 0 && w != "lead":
			continue // "Data Analyst Senior"; but "Technical Lead" leads
		}
		out = append(out, singular(w))
	}
	// Leading rank words, when something follows them.
	for len(out) > 1 && titleRankLeading[out[0]] {
		out = out[1:]
	}
	return titleJoinCompounds(out)
}

// titleCompounds are terms whose words mean something else apart
// ("machine learning" is not "learning"); they become one token.
var titleCompounds = [][]string{
	{"machine", "learning"}, {"deep", "learning"}, {"data", "science"}, {"business", "intelligence"},
	{"artificial", "intelligence"}, {"computer", "vision"}, {"natural", "language", "processing"},
	{"human", "resource"}, {"quality", "assurance"}, {"quality", "control"}, {"supply", "chain"},
	{"public", "health"}, {"real", "estate"}, {"social", "medium"}, {"information", "technology"},
	{"information", "security"}, {"cyber", "security"}, {"user", "experience"}, {"user", "interface"},
	{"big", "data"}, {"health", "care"},
	// spelt as one word as often as two ("Backend Engineer", O*NET's
	// "Back End Engineer"); not "full stack", since O*NET's only "Full
	// Stack Engineer" is in 17-2199, Engineers, All Other
	{"back", "end"}, {"front", "end"},
}

// titleJoinCompounds replaces each compound term in toks by one token.
func titleJoinCompounds(toks []string) []string {
	if len(toks) < 2 {
		return toks
	}
	out := toks[:0]
	for i := 0; i < len(toks); i++ {
		joined := false
		for _, c := range titleCompounds {
			if i+len(c) <= len(toks) && titleEqualWords(toks[i:i+len(c)], c) {
				out = append(out, strings.Join(c, ""))
				i += len(c) - 1
				joined = true
				break
			}
		}
		if !joined {
			out = append(out, toks[i])
		}
	}
	return out
}

// titleContentAfter reports whether a word other than noise or a stopword
// follows position i.
func titleContentAfter(words []string, i int) bool {
	for _, w := range words[i+1:] {
		if !titleNoise[w] && !titleIsNumber(w) && !titleStopwords[w] && !titleRankAnywhere[w] {
			return true
		}
	}
	return false
}

func titleAllNoise(words []string) bool {
	for _, w := range words {
		if !titleNoise[w] && !titleIsNumber(w) {
			return false
		}
	}
	return true
}

func titleAllGeneric(toks []string) bool {
	for _, t := range toks {
		if !titleGeneric[t] {
			return false
		}
	}
	return true
}

// titleEqualWords reports whether the words a read as the phrase b: each
// the same word, or, in a phrase with one word spelt right, a word of
// titleFuzzyMinLen letters or more one edit from its own ("Machine
// Leanring", "Buisness Intelligence"). The index corrects words one at a
// time, after the phrases are read, so a misspelt half would keep the
// phrase from being read at all. A plural is not taken for a misspelling
// ("Vice Presidents" stays two words, as it always was).
func titleEqualWords(a, b []string) bool {
	// Most calls compare a phrase with words that are not it: the cheap
	// tests first, the edit distance only for a phrase nearly there.
	exact, near := false, 0
	for i := range b {
		switch x, y := a[i], b[i]; {
		case x == y:
			exact = true
		case len(y) < titleFuzzyMinLen || x == "" || x[0] != y[0] || len(x) < len(y)-1 || len(x) > len(y)+1 || x == y+"s":
			return false
		default:
			near++
		}
	}
	if !exact {
		return false
	}
	for i := 0; near > 0; i++ {
		if x, y := a[i], b[i]; x != y {
			if textdist.OSA(x, y, 1) > 1 {
				return false
			}
			near--
		}
	}
	return true
}

// titleStates are the postal codes and names that mark a segment as a place.
var titleStates = map[string]bool{
	"al": true, "ak": true, "az": true, "ar": true, "ca": true, "co": true, "ct": true, "de": true, "dc": true,
	"fl": true, "ga": true, "hi": true, "id": true, "il": true, "in": true, "ia": true, "ks": true, "ky": true,
	"la": true, "me": true, "md": true, "ma": true, "mi": true, "mn": true, "ms": true, "mo": true, "mt": true,
	"ne": true, "nv": true, "nh": true, "nj": true, "nm": true, "ny": true, "nc": true, "nd": true, "oh": true,
	"ok": true, "or": true, "pa": true, "ri": true, "sc": true, "sd": true, "tn": true, "tx": true, "ut": true,
	"vt": true, "va": true, "wa": true, "wv": true, "wi": true, "wy": true, "pr": true,
	"alabama": true, "alaska": true, "arizona": true, "arkansas": true, "california": true, "colorado": true,
	"connecticut": true, "delaware": true, "florida": true, "georgia": true, "hawaii": true, "idaho": true,
	"illinois": true, "indiana": true, "iowa": true, "kansas": true, "kentucky": true, "louisiana": true,
	"maine": true, "maryland": true, "massachusetts": true, "michigan": true, "minnesota": true,
	"mississippi": true, "missouri": true, "montana": true, "nebraska": true, "nevada": true, "ohio": true,
	"oklahoma": true, "oregon": true, "pennsylvania": true, "tennessee": true, "texas": true, "utah": true,
	"vermont": true, "virginia": true, "washington": true, "wisconsin": true, "wyoming": true,
	"york": true, "jersey": true, "hampshire": true, "mexico": true, "carolina": true, "dakota": true, "island": true,
}

// titleOrgUnits open a segment that names a department, not the job
// ("Public Health Nurse, Bureau of School Health").
var titleOrgUnits = map[string]bool{"bureau": true, "division": true, "department": true, "dept": true, "office": true, "unit": true, "directorate": true, "agency": true}

// titlePlaceWords are segments that are a place or a work arrangement.
var titlePlaceWords = map[string]bool{"remote": true, "usa": true, "us": true, "nationwide": true, "hybrid": true, "onsite": true, "anywhere": true}

// titleIsPlace reports whether a segment's words name a place: at most four
// words ending in a state ("Boston MA", "San Antonio OR", "New York"), or a
// lone "Remote"/"USA".
func titleIsPlace(words []string) bool {
	if len(words) == 1 && titlePlaceWords[words[0]] {
		return true
	}
	return len(words) <= 4 && titleStates[words[len(words)-1]]
}

// TitleTokens lower-cases a title, drops punctuation, stopwords, noise
// ("Full Time", "PRN", "Night Shift") and seniority ("Sr.", "II"), expands
// abbreviations ("Mgr" → manager, "OR" in a mixed-case title → operating
// room) and reduces plurals so "Technologists" matches "technologist".
func TitleTokens(s string) []string {
	s = titleCleaner.Replace(titleLower(s))
	return normalizeTitleWords(titleWords(titleJoinLetterHyphens(s)))
}

func singular(w string) string {
	switch {
	case len(w) > 4 && strings.HasSuffix(w, "ies"):
		return w[:len(w)-3] + "y"
	case len(w) > 4 && (strings.HasSuffix(w, "sses") || strings.HasSuffix(w, "shes") || strings.HasSuffix(w, "ches")):
		return w[:len(w)-2]
	case len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		return w[:len(w)-1]
	}
	return w
}

// titleUniqSorted returns the distinct tokens of toks, sorted.
func titleUniqSorted(toks []string) []string {
	out := append([]string(nil), toks...)
	sort.Strings(out)
	j := 0
	for i, t := range out {
		if i == 0 || t != out[j-1] {
			out[j] = t
			j++
		}
	}
	return out[:j]
}

func titleConcat(a, b []string) []string {
	return append(append(make([]string, 0, len(a)+len(b)), a...), b...)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func titleHasID(list []int32, id int32) bool {
	for _, x := range list {
		if x == id {
			return true
		}
	}
	return false
}

// titleHasSorted reports whether sorted list holds id.
func titleHasSorted(list []int32, id int32) bool {
	i := sort.Search(len(list), func(i int) bool { return list[i] >= id })
	return i < len(list) && list[i] == id
}

func titleAnyIn(ids, in []int32) bool {
	for _, id := range ids {
		if titleHasID(in, id) {
			return true
		}
	}
	return false
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }
