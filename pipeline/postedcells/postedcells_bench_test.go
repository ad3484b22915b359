package postedcells

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// benchSizes are the key's radixes of the 10M synthetic bench's database:
// 989 areas, 35 periods (all, two years, their quarters and months), six
// experience levels, nine employer types and two bases, each with 'ALL'.
var benchSizes = Sizes{Areas: 989, Periods: 35, Experiences: 7, EmployerTypes: 10, Bases: 3}

// benchPostings are n postings of one occupation, sorted by pay, shaped as
// the bench's after ten nights: one file but for one posting in a thousand
// (ten others), the U.S. total, one of 52 states, a metro for 80% of them
// (one of 380), Remote for 7%; all periods, a year, a quarter and a month
// for 90% (the rest undated, in all periods only).
func benchPostings(n int) []Posting {
	r := rand.New(rand.NewPCG(1, 2))
	ps := make([]Posting, n)
	for i := range ps {
		p := Posting{Pay: 30000 + float64(r.IntN(150000)), File: 1,
			Experience: int32(1 + r.IntN(6)), EmployerType: int32(1 + r.IntN(9)), Basis: int32(1 + r.IntN(2))}
		if r.IntN(1000) == 0 {
			p.File = int32(2 + r.IntN(10))
		}
		areas := []int32{0, int32(1 + r.IntN(52))}
		if r.IntN(10) < 8 {
			areas = append(areas, int32(60+r.IntN(380)))
		}
		if r.IntN(100) < 7 {
			areas = append(areas, 988)
		}
		for _, a := range areas {
			p.Areas[p.NAreas] = a
			p.NAreas++
		}
		p.Periods[0], p.BrokenDown[0], p.NPeriods = 0, true, 1
		if r.IntN(10) < 9 {
			year := r.IntN(2)
			p.Year = int32(2024 + year)
			p.Periods[1], p.BrokenDown[1] = int32(1+year), true
			p.Periods[2] = int32(3 + year*4 + r.IntN(4))
			p.Periods[3] = int32(11 + year*12 + r.IntN(12))
			p.NPeriods = 4
		}
		ps[i] = p
	}
	slices.SortFunc(ps, func(a, b Posting) int {
		switch {
		case a.Pay < b.Pay:
			return -1
		case a.Pay > b.Pay:
			return 1
		}
		return 0
	})
	return ps
}

// BenchmarkCounterOccupation computes the cells of one occupation of
// 10,000 postings (at ten million, 8,075,962 counted postings in 826
// occupations: about 9,800 an occupation).
func BenchmarkCounterOccupation(b *testing.B) {
	ps := benchPostings(10_000)
	c, err := NewCounter(benchSizes, 5)
	if err != nil {
		b.Fatal(err)
	}
	cells := 0
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		cells = 0
		if err := c.Occupation(7, ps, func(*Cell) error { cells++; return nil }); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cells), "cells/op")
}
