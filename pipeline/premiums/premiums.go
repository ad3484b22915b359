package premiums

import (
	"cmp"
	"slices"
	"strings"

	"github.com/wagescope/wagescope/pipeline/postedcells"
)

// The requirement types of a row, as fct_pay_premiums names them.
const (
	Certification = "certification"
	Education     = "education"
)

// NationalArea is the area code of the U.S. rows; a state's rows carry
// its postal code.
const NationalArea = "US"

// None is the name id of an absent state or degree.
const None = -1

// Names holds the strings postings refer to by id: states, certifications
// and degrees. Ids keep a Posting free of pointers, so an occupation of a
// million is one flat allocation the garbage collector need not scan.
type Names struct {
	ids   map[string]int32
	names []string
}

// ID returns the id of name, adding it when new. name is copied: it may
// share a buffer the caller reuses.
func (n *Names) ID(name string) int32 {
	if id, ok := n.ids[name]; ok {
		return id
	}
	if n.ids == nil {
		n.ids = map[string]int32{}
	}
	name = strings.Clone(name)
	id := int32(len(n.names))
	n.ids[name] = id
	n.names = append(n.names, name)
	return id
}

// Name returns the name of id.
func (n *Names) Name(id int32) string { return n.names[id] }

// Posting is one posting with a description and pay.
type Posting struct {
	Pay float64
	// State is its state's postal code's id; None for a posting placed in
	// no state (it counts in the U.S. rows only).
	State int32
	// Education is the id of the minimum degree it asks for, or None.
	Education int32
	// Its certifications are OccupationPostings.Certifications[CertFrom:CertTo]; a
	// posting with NoCertifications (a NULL list) is on neither side of a
	// certification.
	CertFrom, CertTo int32
	NoCertifications bool
}

// OccupationPostings is one occupation's postings in pay order, with the
// names and certification lists they refer to.
type OccupationPostings struct {
	Names          Names
	Certifications []int32
	Postings       []Posting
}

// Reset empties b for the next occupation, keeping its buffers and names.
func (b *OccupationPostings) Reset() {
	b.Certifications, b.Postings = b.Certifications[:0], b.Postings[:0]
}

// Side is one side of a row: the postings that ask for the requirement, or
// those that do not. Median and the interval are set only when N > 0.
type Side struct {
	N                     int64
	Median, CILow, CIHigh float64
}

// Row is one occupation × area × requirement.
type Row struct {
	Area            string
	RequirementType string // Certification or Education
	Requirement     string
	With, Without   Side
}

// Calculator computes rows; its buffers are reused, so one Calculator
// serves a whole run but not two goroutines.
type Calculator struct {
	members      []int32 // one area's postings, by index, in pay order
	byState      []int32 // the states' postings, state by state
	states       []int32 // the states present, in code order
	counts, next []int32 // per state id: its postings, its next place in byState
	with         []float64
	without      []float64
	requirements []requirement
	seen         map[requirement]bool
	row          Row
}

// requirement is a certification or, when education, a degree.
type requirement struct {
	education bool
	name      int32
}

func (r requirement) kind() string {
	if r.education {
		return Education
	}
	return Certification
}

// Occupation computes the rows of one occupation's postings, b, and hands
// each to emit: the U.S. first, then the
// states in code order, each area's requirements by type and name. emit's
// *Row is reused for the next one.
func (c *Calculator) Occupation(b *OccupationPostings, emit func(*Row) error) error {
	postings := b.Postings
	c.members = c.members[:0]
	for i := range postings {
		c.members = append(c.members, int32(i))
	}
	if err := c.area(NationalArea, b, postings, c.members, emit); err != nil {
		return err
	}
	// the states' postings, each state's in pay order: a counting sort of
	// the indexes, which are in pay order, by state, the states in code
	// order
	ids := len(b.Names.names)
	c.counts = slices.Grow(c.counts[:0], ids)[:ids]
	clear(c.counts)
	c.states = c.states[:0]
	for i := range postings {
		if s := postings[i].State; s != None {
			if c.counts[s] == 0 {
				c.states = append(c.states, s)
			}
			c.counts[s]++
		}
	}
	slices.SortFunc(c.states, func(x, y int32) int { return cmp.Compare(b.Names.Name(x), b.Names.Name(y)) })
	c.next = slices.Grow(c.next[:0], ids)[:ids]
	next := int32(0)
	for _, s := range c.states {
		c.next[s] = next
		next += c.counts[s]
	}
	byState := slices.Grow(c.byState[:0], int(next))[:next]
	c.byState = byState
	for i := range postings {
		if s := postings[i].State; s != None {
			byState[c.next[s]] = int32(i)
			c.next[s]++
		}
	}
	start := 0
	for _, s := range c.states {
		end := int(c.next[s]) // now past the state's last place
		if err := c.area(b.Names.Name(s), b, postings, byState[start:end], emit); err != nil {
			return err
		}
		start = end
	}
	return nil
}

// area computes the rows of one area, whose postings (members) are in pay
// order.
func (c *Calculator) area(code string, b *OccupationPostings, postings []Posting, members []int32, emit func(*Row) error) error {
	if c.seen == nil {
		c.seen = map[requirement]bool{}
	}
	clear(c.seen)
	c.requirements = c.requirements[:0]
	note := func(r requirement) {
		if !c.seen[r] {
			c.seen[r] = true
			c.requirements = append(c.requirements, r)
		}
	}
	for _, i := range members {
		p := &postings[i]
		for _, name := range b.Certifications[p.CertFrom:p.CertTo] {
			note(requirement{false, name})
		}
		if p.Education != None {
			note(requirement{true, p.Education})
		}
	}
	slices.SortFunc(c.requirements, func(x, y requirement) int {
		// certification before education, as their names sort
		if x.education != y.education {
			return cmp.Compare(x.kind(), y.kind())
		}
		return cmp.Compare(b.Names.Name(x.name), b.Names.Name(y.name))
	})
	for _, r := range c.requirements {
		c.with, c.without = c.with[:0], c.without[:0]
		for _, i := range members {
			p := &postings[i]
			switch has, known := r.askedBy(b, p); {
			case !known:
			case has:
				c.with = append(c.with, p.Pay)
			default:
				c.without = append(c.without, p.Pay)
			}
		}
		c.row = Row{Area: code, RequirementType: r.kind(), Requirement: b.Names.Name(r.name),
			With: side(c.with), Without: side(c.without)}
		if err := emit(&c.row); err != nil {
			return err
		}
	}
	return nil
}

// askedBy reports whether p asks for r, as the SQL decides it:
// list_contains(certifications, r) for a certification (NULL, neither side,
// for a NULL list) and min_education IS NOT DISTINCT FROM r for a degree.
func (r requirement) askedBy(b *OccupationPostings, p *Posting) (has, known bool) {
	if r.education {
		return p.Education == r.name, true
	}
	if p.NoCertifications {
		return false, false
	}
	return slices.Contains(b.Certifications[p.CertFrom:p.CertTo], r.name), true
}

// side is the figures of sorted pay xs.
func side(xs []float64) Side {
	s := Side{N: int64(len(xs))}
	if len(xs) > 0 {
		s.Median = postedcells.SortedQuantile(xs, 1, 2)
		s.CILow, s.CIHigh = postedcells.MedianCI(xs)
	}
	return s
}
