package normalize

import (
	"sort"

	"github.com/wagescope/wagescope/internal/textdist"
)

// titleStructural holds the words whose spelling decides how a posted title
// is read before the index is consulted: the noise and rank words dropped
// ("Expeirence", "Senoir"), the manager words a title turns on ("Dircetor
// of Data Science" → data science director) and the generic words that
// name no occupation alone ("Senior Anlayst" is as unknown as "Senior
// Analyst"). The index corrects other words one at a time while scoring,
// too late for these.
type titleStructural struct {
	is      map[string]bool
	dropped map[string]bool   // the noise and rank words, dropped before plurals are reduced
	byFirst map[byte][]string // sorted, so a tie is broken the same way every time
}

// titleStructuralWords is built once from the lists it names; it is never
// written after.
var titleStructuralWords = newTitleStructural([]map[string]bool{titleNoise, titleRankAnywhere, titleRankLeading}, titleManagerHeads, titleGeneric)

func newTitleStructural(dropped []map[string]bool, kept ...map[string]bool) titleStructural {
	s := titleStructural{is: map[string]bool{}, dropped: map[string]bool{}, byFirst: map[byte][]string{}}
	for _, l := range dropped {
		for w := range l {
			s.dropped[w] = true
		}
	}
	for _, l := range append(dropped, kept...) {
		for w := range l {
			// Shorter words have too many real neighbours ("lead" and
			// "load", "temp" and "team") to be corrected blind.
			if len(w) >= titleFuzzyMinLen && !s.is[w] {
				s.is[w] = true
				s.byFirst[w[0]] = append(s.byFirst[w[0]], w)
			}
		}
	}
	for _, ws := range s.byFirst {
		sort.Strings(ws)
	}
	return s
}

// titleWordIndex is what fix asks of the index.
type titleWordIndex interface {
	knowsWord(w string) bool       // a reference title has w
	readsAsOther(w, c string) bool // the index corrects w, in one edit, to a word other than c
}

// fix replaces, in place, each word of words that is one edit (a swap of
// two adjacent letters counts as one) from a structural word, unless the
// index reads it as another word: one a reference title has ("directory",
// "contact", "sensor" and "loader" are titles' words, not typos; asked
// first, since nearly every word is one) or one its own correction reaches
// in one edit too ("Actino" is "action" as much as "acting"). As for
// phrases (titleEqualWords), the word has titleFuzzyMinLen letters or
// more, its first letter is right (or swapped with the second) and a
// plural is not a misspelling ("Contracts Administrator" keeps its word).
func (s titleStructural) fix(words []string, ix titleWordIndex) {
	for i, w := range words {
		if len(w) < titleFuzzyMinLen || s.is[w] || ix.knowsWord(w) {
			continue
		}
		if c := s.nearest(w); c != "" && !ix.readsAsOther(w, c) {
			words[i] = c
		}
	}
}

// nearest returns the structural word one edit from w, or "".
func (s titleStructural) nearest(w string) string {
	if c := s.nearestIn(s.byFirst[w[0]], w, false); c != "" {
		return c
	}
	if w[1] != w[0] {
		return s.nearestIn(s.byFirst[w[1]], w, true)
	}
	return ""
}

// nearestIn returns the first of cands one edit from w; swapped, they are
// the words starting with w's second letter, whose second letter must then
// be w's first ("idrector", not "xdirector").
func (s titleStructural) nearestIn(cands []string, w string, swapped bool) string {
	for _, c := range cands {
		if len(c) < len(w)-1 || len(c) > len(w)+1 || w == c+"s" || c == w+"s" || swapped && c[1] != w[0] {
			continue
		}
		if textdist.OSA(w, c, 1) > 1 {
			continue
		}
		// A dropped word's plural may be a title's word ("Futurse Trader"
		// is a futures trader, not a future one).
		if s.dropped[c] && !s.is[c+"s"] && textdist.OSA(w, c+"s", 1) <= 1 {
			continue
		}
		return c
	}
	return ""
}
