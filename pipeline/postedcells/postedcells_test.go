package postedcells

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestSortedQuantile(t *testing.T) {
	tests := []struct {
		name     string
		xs       []float64
		num, den int
		want     float64
	}{
		{"one value", []float64{42}, 1, 2, 42},
		{"median of four interpolates", []float64{10, 20, 30, 40}, 1, 2, 25},
		{"p25 of four", []float64{10, 20, 30, 40}, 1, 4, 17.5},
		{"p75 of four", []float64{10, 20, 30, 40}, 3, 4, 32.5},
		{"p10 of four", []float64{10, 20, 30, 40}, 1, 10, 13},
		{"p90 lands on a value", []float64{0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100}, 9, 10, 90},
		{"p90 of two", []float64{50000, 60000}, 9, 10, 59000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SortedQuantile(tt.xs, tt.num, tt.den); got != tt.want {
				t.Errorf("SortedQuantile(%v, %d/%d) = %v, want %v", tt.xs, tt.num, tt.den, got, tt.want)
			}
		})
	}
}

func TestMedianCI(t *testing.T) {
	tests := []struct {
		n             int
		lowAt, highAt int // 1-based ranks
	}{
		{1, 1, 1},
		{5, 1, 5},   // floor(2.5 − 2.19) = 0 → 1; ceil(1 + 2.5 + 2.19) = 6 → 5
		{10, 1, 10}, // floor(5 − 3.10) = 1; ceil(9.10) = 10
		{100, 40, 61},
	}
	for _, tt := range tests {
		xs := make([]float64, tt.n)
		for i := range xs {
			xs[i] = float64(i + 1)
		}
		low, high := MedianCI(xs)
		if low != float64(tt.lowAt) || high != float64(tt.highAt) {
			t.Errorf("n=%d: MedianCI = ranks %v, %v, want %d, %d", tt.n, low, high, tt.lowAt, tt.highAt)
		}
	}
}

// sizes for the Counter tests: areas 0 (national) and 1 (a state);
// periods 0 (all) and 1 (a year, broken down) and 2 (a month, not);
// experience, employer type, basis ids from 1, 0 being 'ALL'.
var testSizes = Sizes{Areas: 2, Periods: 3, Experiences: 3, EmployerTypes: 2, Bases: 3}

func key(occ, area, period, e, m, b int64) int64 {
	z := testSizes
	return ((((occ*z.Areas+area)*z.Periods+period)*z.Experiences+e)*z.EmployerTypes+m)*z.Bases + b
}

func posting(pay float64, year, file, e, m, b int32, areas []int32, periods []int32, broken []bool) Posting {
	p := Posting{Pay: pay, Year: year, File: file, Experience: e, EmployerType: m, Basis: b}
	for _, a := range areas {
		p.Areas[p.NAreas] = a
		p.NAreas++
	}
	for i, per := range periods {
		p.Periods[p.NPeriods], p.BrokenDown[p.NPeriods] = per, broken[i]
		p.NPeriods++
	}
	return p
}

func collect(t *testing.T, c *Counter, occ int64, ps []Posting) map[int64]Cell {
	t.Helper()
	cells := map[int64]Cell{}
	var keys []int64
	err := c.Occupation(occ, ps, func(cell *Cell) error {
		cp := *cell
		cp.Files = slices.Clone(cell.Files)
		cells[cell.Key] = cp
		keys = append(keys, cell.Key)
		return nil
	})
	if err != nil {
		t.Fatalf("Occupation: %v", err)
	}
	if !slices.IsSorted(keys) || len(slices.Compact(slices.Clone(keys))) != len(keys) {
		t.Fatalf("cells not in strictly ascending key order: %v", keys)
	}
	return cells
}

func TestCounterCells(t *testing.T) {
	c, err := NewCounter(testSizes, 3)
	if err != nil {
		t.Fatal(err)
	}
	yearly := []bool{true, true, false}
	// three postings of occupation 5, sorted by pay: all national; the
	// first two also in state 1; years 2023, 2024 and unknown
	ps := []Posting{
		posting(40000, 2023, 7, 1, 1, 1, []int32{0, 1}, []int32{0, 1, 2}, yearly),
		posting(50000, 2024, 9, 1, 1, 2, []int32{0, 1}, []int32{0, 1, 2}, yearly),
		posting(90000, 0, 7, 2, 1, 2, []int32{0}, []int32{0}, yearly[:1]),
	}
	cells := collect(t, c, 5, ps)

	// national, all periods, everything 'ALL': the three postings
	all := cells[key(5, 0, 0, 0, 0, 0)]
	want := Cell{Key: key(5, 0, 0, 0, 0, 0), N: 3, YearMin: 2023, YearMax: 2024, Valued: true,
		Mean: 60000, P10: 42000, P25: 45000, P50: 50000, P75: 70000, P90: 82000,
		CILow: 40000, CIHigh: 90000, YearMedian: 2023, Files: []int64{7, 9}}
	if !equalCell(all, want) {
		t.Errorf("national all-ALL cell = %+v, want %+v", all, want)
	}
	// below the minimum size: counted, no figures
	state := cells[key(5, 1, 0, 0, 0, 0)]
	if state.N != 2 || state.Valued || state.YearMin != 2023 || state.YearMax != 2024 || !slices.Equal(state.Files, []int64{7, 9}) {
		t.Errorf("state all-ALL cell = %+v, want n 2, no figures, years 2023–2024, files 7 and 9", state)
	}
	// broken down: experience 1 × employer type 1, basis 'ALL'
	if got := cells[key(5, 0, 0, 1, 1, 0)]; got.N != 2 {
		t.Errorf("experience 1, employer type 1 cell: n %d, want 2", got.N)
	}
	// a month counts only in its all-'ALL' cell
	if got := cells[key(5, 0, 2, 0, 0, 0)]; got.N != 2 {
		t.Errorf("month cell: n %d, want 2", got.N)
	}
	if _, ok := cells[key(5, 0, 2, 1, 0, 0)]; ok {
		t.Error("a month cell broken down by experience exists")
	}
	// every posting's memberships: 2 areas × (8 + 8 + 1) for the first
	// two, 8 for the third; distinct cells counted by hand: national 16
	// (all periods) + 12 (the year) + 1 (the month), the state 12 + 12 + 1
	n := int64(0)
	for _, cell := range cells {
		n += cell.N
	}
	if n != 2*2*17+8 {
		t.Errorf("memberships %d, want %d", n, 2*2*17+8)
	}
	if len(cells) != 54 {
		t.Errorf("%d cells, want 54", len(cells))
	}

	// the same Counter again gives the same cells (its arrays are reset)
	again := collect(t, c, 5, ps)
	if len(again) != len(cells) || !equalCell(again[key(5, 0, 0, 0, 0, 0)], want) {
		t.Errorf("a second pass differs: %d cells, national %+v", len(again), again[key(5, 0, 0, 0, 0, 0)])
	}
}

func equalCell(a, b Cell) bool { return reflect.DeepEqual(a, b) }

func TestCounterRejects(t *testing.T) {
	one := []bool{true}
	tests := []struct {
		name     string
		postings []Posting
		want     string
	}{
		{"unsorted", []Posting{
			posting(50000, 2024, 1, 1, 1, 1, []int32{0}, []int32{0}, one),
			posting(40000, 2024, 1, 1, 1, 1, []int32{0}, []int32{0}, one)}, "not sorted by pay"},
		{"area outside", []Posting{posting(1, 2024, 1, 1, 1, 1, []int32{2}, []int32{0}, one)}, "area id 2 outside 0..1"},
		{"period outside", []Posting{posting(1, 2024, 1, 1, 1, 1, []int32{0}, []int32{3}, one)}, "period id 3 outside 0..2"},
		{"basis outside", []Posting{posting(1, 2024, 1, 1, 1, 3, []int32{0}, []int32{0}, one)}, "outside the sizes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := NewCounter(testSizes, 1)
			if err != nil {
				t.Fatal(err)
			}
			err = c.Occupation(0, tt.postings, func(*Cell) error { return nil })
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one saying %q", err, tt.want)
			}
		})
	}
	if _, err := NewCounter(Sizes{Areas: 1, Periods: 1 << 20, Experiences: 9, EmployerTypes: 9, Bases: 3}, 1); err == nil ||
		!strings.Contains(err.Error(), "cells per occupation and area") {
		t.Errorf("NewCounter with too many cells per area: %v", err)
	}
}

func TestDistinctFiles(t *testing.T) {
	many := make([]int32, 40) // 20 files, each twice, descending: past the few looked up one by one
	for i := range many {
		many[i] = int32(20 - i/2)
	}
	tests := []struct {
		name  string
		files []int32
		want  []int64
	}{
		{"one", []int32{4, 4, 4}, []int64{4}},
		{"three, unordered, repeated", []int32{9, 2, 9, 5, 2}, []int64{2, 5, 9}},
		{"twenty", many, []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			postings := make([]Posting, len(tt.files))
			members := make([]int32, len(tt.files))
			for i, f := range tt.files {
				postings[i].File, members[i] = f, int32(i)
			}
			if got := distinctFiles(nil, postings, members); !slices.Equal(got, tt.want) {
				t.Errorf("distinctFiles = %v, want %v", got, tt.want)
			}
		})
	}
}
