package normalize

import (
	"math"
	"sort"
	"strings"
	"unicode"
)

// TitleEntry is one known title for an occupation code, from a reference
// list such as the SOC 2018 titles, the OEWS titles or the projections'
// alternate titles.
type TitleEntry struct {
	Code   string // SOC or OEWS code the title belongs to
	Title  string
	Source string // soc | oews | projections_alternate | ...
}

// TitleMatch is the classifier's answer for one title.
type TitleMatch struct {
	Code    string  // empty when unknown
	Title   string  // the reference title matched
	Score   float64 // 0..1
	Method  string  // exact:<source> | tokens:<source> | unknown
	Query   string
	Matched TitleEntry
}

// MinTitleScore is the score below which a title is reported unknown rather
// than guessed.
const MinTitleScore = 0.6

// TitleIndex matches free-text job titles against reference titles.
type TitleIndex struct {
	entries []indexedTitle
	exact   map[string][]int // normalized title → entries
	idf     map[string]float64
}

type indexedTitle struct {
	entry  TitleEntry
	tokens []string
}

// NewTitleIndex builds an index; entries later in the slice never override
// earlier ones for equal scores, so callers list preferred sources first.
func NewTitleIndex(entries []TitleEntry) *TitleIndex {
	ix := &TitleIndex{exact: map[string][]int{}, idf: map[string]float64{}}
	df := map[string]int{}
	for _, e := range entries {
		toks := TitleTokens(e.Title)
		if len(toks) == 0 {
			continue
		}
		ix.entries = append(ix.entries, indexedTitle{entry: e, tokens: toks})
		key := strings.Join(toks, " ")
		ix.exact[key] = append(ix.exact[key], len(ix.entries)-1)
		for _, t := range uniq(toks) {
			df[t]++
		}
	}
	n := float64(len(ix.entries))
	for t, d := range df {
		ix.idf[t] = math.Log(1 + n/float64(d))
	}
	return ix
}

// Match returns the best reference title for q, or an unknown match when no
// candidate scores at least MinTitleScore.
func (ix *TitleIndex) Match(q string) TitleMatch {
	best := ix.Rank(q, 1)
	if len(best) == 0 || best[0].Score < MinTitleScore {
		m := TitleMatch{Query: q, Method: "unknown"}
		if len(best) > 0 {
			m.Score = best[0].Score
		}
		return m
	}
	return best[0]
}

// Rank returns up to n candidates for q, best first, one per code.
func (ix *TitleIndex) Rank(q string, n int) []TitleMatch {
	toks := TitleTokens(q)
	if len(toks) == 0 {
		return nil
	}
	var out []TitleMatch
	seen := map[string]bool{}
	for _, i := range ix.exact[strings.Join(toks, " ")] {
		e := ix.entries[i].entry
		if !seen[e.Code] {
			seen[e.Code] = true
			out = append(out, TitleMatch{Code: e.Code, Title: e.Title, Score: 1, Method: "exact:" + e.Source, Query: q, Matched: e})
		}
	}
	type scored struct {
		i     int
		score float64
	}
	var cands []scored
	qset := uniq(toks)
	var qWeight float64
	for _, t := range qset {
		qWeight += ix.weight(t)
	}
	for i, it := range ix.entries {
		if seen[it.entry.Code] {
			continue
		}
		cset := uniq(it.tokens)
		var shared, cWeight float64
		for _, t := range cset {
			cWeight += ix.weight(t)
		}
		for _, t := range qset {
			if contains(cset, t) {
				shared += ix.weight(t)
			}
		}
		if shared == 0 {
			continue
		}
		// Most of the weight is on how much of the query the candidate
		// explains; the rest prefers candidates without extra words.
		score := 0.75*shared/qWeight + 0.25*shared/cWeight
		cands = append(cands, scored{i, score * 0.99})
	}
	sort.SliceStable(cands, func(a, b int) bool { return cands[a].score > cands[b].score })
	for _, c := range cands {
		if len(out) >= n {
			break
		}
		e := ix.entries[c.i].entry
		if seen[e.Code] {
			continue
		}
		seen[e.Code] = true
		out = append(out, TitleMatch{Code: e.Code, Title: e.Title, Score: round3(c.score), Method: "tokens:" + e.Source, Query: q, Matched: e})
	}
	if len(out) > n {
		out = out[:n]
	}
	return out
}

func (ix *TitleIndex) weight(t string) float64 {
	if w, ok := ix.idf[t]; ok {
		return w
	}
	return math.Log(1 + float64(len(ix.entries)+1))
}

// titleStopwords carry no occupational meaning in titles.
var titleStopwords = map[string]bool{
	"and": true, "of": true, "the": true, "all": true, "other": true, "a": true, "an": true,
	"in": true, "for": true, "except": true, "to": true,
}

// TitleTokens lower-cases a title, drops punctuation and stopwords, and
// reduces plurals so "Technologists" matches "technologist".
func TitleTokens(s string) []string {
	s = strings.ToLower(strings.ReplaceAll(s, "&", " and "))
	fields := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	out := make([]string, 0, len(fields))
	for _, f := range fields {
		if titleStopwords[f] {
			continue
		}
		out = append(out, singular(f))
	}
	return out
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

func uniq(toks []string) []string {
	out := make([]string, 0, len(toks))
	for _, t := range toks {
		if !contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }
