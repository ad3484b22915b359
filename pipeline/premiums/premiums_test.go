package premiums

import (
	"errors"
	"reflect"
	"testing"
)

// posting is a Posting spelled out: no state or degree when "", a NULL
// certification list when nullCerts.
type posting struct {
	pay       float64
	state     string
	certs     []string
	nullCerts bool
	education string
}

// occupationPostings makes an OccupationPostings of postings (in pay
// order).
func occupationPostings(postings []posting) *OccupationPostings {
	b := &OccupationPostings{}
	id := func(s string) int32 {
		if s == "" {
			return None
		}
		return b.Names.ID(s)
	}
	for _, p := range postings {
		q := Posting{Pay: p.pay, State: id(p.state), Education: id(p.education), NoCertifications: p.nullCerts,
			CertFrom: int32(len(b.Certifications))}
		for _, c := range p.certs {
			b.Certifications = append(b.Certifications, b.Names.ID(c))
		}
		q.CertTo = int32(len(b.Certifications))
		b.Postings = append(b.Postings, q)
	}
	return b
}

// collect runs Occupation and returns copies of the rows it emits.
func collect(t *testing.T, postings []posting) []Row {
	t.Helper()
	var c Calculator
	var rows []Row
	b := occupationPostings(postings)
	if err := c.Occupation(b, func(r *Row) error { rows = append(rows, *r); return nil }); err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestOccupation(t *testing.T) {
	ascp := []string{"ASCP"}
	// in pay order, as the store reads them
	postings := []posting{
		{pay: 50000, state: "TX", certs: []string{}, education: "associate"},
		{pay: 60000, state: "CA", certs: ascp},
		{pay: 70000, state: "TX", certs: ascp, education: "bachelor"},
		{pay: 80000, certs: []string{"ASCP", "RN"}, education: "bachelor"},
		{pay: 90000, state: "CA", nullCerts: true},
	}
	rows := collect(t, postings)
	type key struct{ area, kind, name string }
	got := map[key]Row{}
	var order []key
	for _, r := range rows {
		k := key{r.Area, r.RequirementType, r.Requirement}
		got[k] = r
		order = append(order, k)
	}
	tests := []struct {
		key           key
		with, without Side
	}{
		// ASCP: 60, 70, 80 asked; 50 not; 90 has no list, on neither side
		{key{"US", Certification, "ASCP"}, Side{3, 70000, 60000, 80000}, Side{1, 50000, 50000, 50000}},
		{key{"US", Certification, "RN"}, Side{1, 80000, 80000, 80000}, Side{3, 60000, 50000, 70000}},
		// a posting without a degree is on the without side of every degree
		{key{"US", Education, "bachelor"}, Side{2, 75000, 70000, 80000}, Side{3, 60000, 50000, 90000}},
		{key{"US", Education, "associate"}, Side{1, 50000, 50000, 50000}, Side{4, 75000, 60000, 90000}},
		{key{"CA", Certification, "ASCP"}, Side{1, 60000, 60000, 60000}, Side{}},
		{key{"TX", Certification, "ASCP"}, Side{1, 70000, 70000, 70000}, Side{1, 50000, 50000, 50000}},
		{key{"TX", Education, "associate"}, Side{1, 50000, 50000, 50000}, Side{1, 70000, 70000, 70000}},
		{key{"TX", Education, "bachelor"}, Side{1, 70000, 70000, 70000}, Side{1, 50000, 50000, 50000}},
	}
	for _, tt := range tests {
		r, ok := got[tt.key]
		if !ok {
			t.Errorf("no row %v", tt.key)
			continue
		}
		if r.With != tt.with || r.Without != tt.without {
			t.Errorf("%v: with %+v without %+v, want %+v and %+v", tt.key, r.With, r.Without, tt.with, tt.without)
		}
	}
	if len(rows) != len(tests) {
		t.Errorf("%d rows, want %d: %v", len(rows), len(tests), order)
	}
	// the U.S. first, then the states in code order; each area's
	// requirements by type and name
	want := []key{
		{"US", Certification, "ASCP"}, {"US", Certification, "RN"}, {"US", Education, "associate"}, {"US", Education, "bachelor"},
		{"CA", Certification, "ASCP"},
		{"TX", Certification, "ASCP"}, {"TX", Education, "associate"}, {"TX", Education, "bachelor"},
	}
	if !reflect.DeepEqual(order, want) {
		t.Errorf("order %v, want %v", order, want)
	}
}

func TestOccupationEdgeCases(t *testing.T) {
	tests := []struct {
		name     string
		postings []posting
		want     []Row
	}{
		{"no postings", nil, nil},
		{"nothing asked", []posting{{pay: 1, certs: []string{}}, {pay: 2, nullCerts: true}}, nil},
		{
			// string_split("ASCP;;RN", ';') has an empty name: kept as the SQL keeps it
			"an empty certification name is a requirement",
			[]posting{{pay: 10, certs: []string{""}}, {pay: 20, certs: []string{}}},
			[]Row{{Area: "US", RequirementType: Certification, Requirement: "",
				With: Side{1, 10, 10, 10}, Without: Side{1, 20, 20, 20}}},
		},
		{
			"ties in pay: the median interpolates between equal values",
			[]posting{{pay: 5, education: "phd"}, {pay: 5, education: "phd"}},
			[]Row{{Area: "US", RequirementType: Education, Requirement: "phd", With: Side{2, 5, 5, 5}, Without: Side{}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := collect(t, tt.postings); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("rows %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestOccupationStopsOnEmitError(t *testing.T) {
	var c Calculator
	stop := errors.New("stop")
	calls := 0
	b := occupationPostings([]posting{{pay: 1, certs: []string{"A", "B"}, state: "CA"}})
	err := c.Occupation(b, func(*Row) error { calls++; return stop })
	if !errors.Is(err, stop) || calls != 1 {
		t.Errorf("err %v after %d calls, want stop after 1", err, calls)
	}
}
