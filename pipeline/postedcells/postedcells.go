package postedcells

import (
	"fmt"
	"math"
	"math/bits"
	"slices"
)

// MaxAreas and MaxPeriods bound a posting's areas (the U.S., its state,
// its metro, Remote) and periods (all, its year, quarter and month).
const (
	MaxAreas   = 4
	MaxPeriods = 4
)

// Sizes are the radixes of a cell key: how many ids each dimension has
// (for experience, employer type and basis counting id 0, 'ALL'). A cell's
// key is ((((occupation·Areas + area)·Periods + period)·Experiences +
// experience)·EmployerTypes + employer type)·Bases + basis, as the SQL
// decodes it.
type Sizes struct {
	Areas, Periods, Experiences, EmployerTypes, Bases int64
}

// perArea is how many cells one occupation has in one area.
func (s Sizes) perArea() int64 { return s.Periods * s.Experiences * s.EmployerTypes * s.Bases }

// Posting is one posting as the cells see it.
type Posting struct {
	Pay float64
	// Year is the year its pay is from, 0 when unknown.
	Year int32
	// File is its source file's id.
	File int32
	// Experience, EmployerType and Basis are ids from 1 (0 is 'ALL').
	Experience, EmployerType, Basis int32
	// Areas[:NAreas] and Periods[:NPeriods] are its area and period ids;
	// a period that is BrokenDown counts in all eight combinations of its
	// experience, employer type and basis with 'ALL', the others (quarters
	// and months) only in the all-'ALL' cell.
	NAreas, NPeriods uint8
	Areas            [MaxAreas]int32
	Periods          [MaxPeriods]int32
	BrokenDown       [MaxPeriods]bool
}

// Cell is one cell's figures. The pay figures are set only when Valued
// (n at or above the minimum cell size); a year of 0 is unknown.
type Cell struct {
	Key              int64
	N                int64
	YearMin, YearMax int32
	Valued           bool
	Mean             float64
	P10, P25, P50    float64
	P75, P90         float64
	CILow, CIHigh    float64
	YearMedian       int32
	// Files are the source files of its postings, ascending; the slice is
	// reused by the next cell.
	Files []int64
}

// Counter computes cells, one occupation at a time; its buffers are
// reused, so one Counter serves a whole run but not two goroutines.
type Counter struct {
	sizes       Sizes
	minCellSize int64

	areaCount []int32  // per area id: postings, then the end of its run in byArea
	areas     []int32  // the areas seen in this occupation
	byArea    []int32  // posting indexes grouped by area, in pay order
	count     []int32  // per local cell key: memberships, then the end of its run in slots
	touched   []int32  // the local keys seen in this area, in order
	seen      []uint64 // the same as a bitmap, while they are counted
	slots     []int32  // posting indexes grouped by cell, in pay order
	pays      []float64
	years     []int32 // per year from the cell's first: postings (or the years, sorted)
	cell      Cell
}

// maxPerArea bounds the dense array a Counter keeps per area (4 bytes a
// cell): 64M cells, 256 MiB, would take periods for 400 years of months.
const maxPerArea = 1 << 26

// NewCounter returns a Counter for keys of sizes; cells of fewer than
// minCellSize postings get no pay figures.
func NewCounter(sizes Sizes, minCellSize int64) (*Counter, error) {
	for _, d := range []struct {
		name string
		n    int64
	}{{"areas", sizes.Areas}, {"periods", sizes.Periods}, {"experience levels", sizes.Experiences},
		{"employer types", sizes.EmployerTypes}, {"pay bases", sizes.Bases}} {
		if d.n < 1 || d.n > math.MaxInt32 {
			return nil, fmt.Errorf("posted cells: %d %s, want 1 to %d", d.n, d.name, math.MaxInt32)
		}
	}
	if n := sizes.perArea(); n > maxPerArea {
		return nil, fmt.Errorf("posted cells: %d cells per occupation and area (%d periods × %d × %d × %d) exceed %d",
			n, sizes.Periods, sizes.Experiences, sizes.EmployerTypes, sizes.Bases, maxPerArea)
	}
	if minCellSize < 1 {
		minCellSize = 1
	}
	return &Counter{
		sizes:       sizes,
		minCellSize: minCellSize,
		areaCount:   make([]int32, sizes.Areas),
		count:       make([]int32, sizes.perArea()),
		seen:        make([]uint64, (sizes.perArea()+63)/64),
	}, nil
}

// Occupation computes the cells of one occupation's postings, which must
// be sorted by pay, and hands each to emit in key order. emit's *Cell is
// reused for the next one.
func (c *Counter) Occupation(occupation int64, postings []Posting, emit func(*Cell) error) error {
	if len(postings) > math.MaxInt32/(MaxPeriods*8) {
		return fmt.Errorf("posted cells: occupation %d has %d postings, more than one pass takes", occupation, len(postings))
	}
	if err := c.groupByArea(occupation, postings); err != nil {
		return err
	}
	start := int32(0)
	for _, area := range c.areas {
		end := c.areaCount[area]
		c.areaCount[area] = 0
		base := (occupation*c.sizes.Areas + int64(area)) * c.sizes.perArea()
		if err := c.area(base, postings, c.byArea[start:end], emit); err != nil {
			return err
		}
		start = end
	}
	return nil
}

// groupByArea fills c.byArea with the postings' indexes area by area (in
// c.areas' ascending order), each area's in pay order.
func (c *Counter) groupByArea(occupation int64, postings []Posting) error {
	c.areas = c.areas[:0]
	total := int32(0)
	for i := range postings {
		p := &postings[i]
		if i > 0 && p.Pay < postings[i-1].Pay {
			return fmt.Errorf("posted cells: occupation %d's postings are not sorted by pay (%g after %g)", occupation, p.Pay, postings[i-1].Pay)
		}
		if err := c.checkIDs(p); err != nil {
			return fmt.Errorf("posted cells: occupation %d: %w", occupation, err)
		}
		for _, a := range p.Areas[:p.NAreas] {
			if c.areaCount[a] == 0 {
				c.areas = append(c.areas, a)
			}
			c.areaCount[a]++
			total++
		}
	}
	slices.Sort(c.areas)
	at := int32(0)
	for _, a := range c.areas {
		n := c.areaCount[a]
		c.areaCount[a] = at
		at += n
	}
	c.byArea = slices.Grow(c.byArea[:0], int(total))[:total]
	for i := range postings {
		p := &postings[i]
		for _, a := range p.Areas[:p.NAreas] {
			c.byArea[c.areaCount[a]] = int32(i)
			c.areaCount[a]++
		}
	}
	return nil
}

// maxMemberships bounds the cells a posting counts in within one area:
// eight for each broken-down period, one for the others.
const maxMemberships = MaxPeriods * 8

// memberships writes to keys the local keys (within their occupation and
// area, the same in every area) of the cells p counts in and returns how
// many.
func (c *Counter) memberships(p *Posting, keys *[maxMemberships]int32) int {
	z := c.sizes
	n := 0
	e, m, b := int64(p.Experience), int64(p.EmployerType), int64(p.Basis)
	for k := range p.Periods[:p.NPeriods] {
		base := int64(p.Periods[k]) * z.Experiences
		if !p.BrokenDown[k] {
			keys[n] = int32(base * z.EmployerTypes * z.Bases)
			n++
			continue
		}
		keys[n] = int32(((base+e)*z.EmployerTypes+m)*z.Bases + b)
		keys[n+1] = int32(((base+e)*z.EmployerTypes + m) * z.Bases)
		keys[n+2] = int32(((base+e)*z.EmployerTypes)*z.Bases + b)
		keys[n+3] = int32(((base + e) * z.EmployerTypes) * z.Bases)
		keys[n+4] = int32((base*z.EmployerTypes+m)*z.Bases + b)
		keys[n+5] = int32((base*z.EmployerTypes + m) * z.Bases)
		keys[n+6] = int32((base*z.EmployerTypes)*z.Bases + b)
		keys[n+7] = int32((base * z.EmployerTypes) * z.Bases)
		n += 8
	}
	return n
}

// area computes the cells of one occupation's postings in one area (their
// keys from base), in key order.
func (c *Counter) area(base int64, postings []Posting, members []int32, emit func(*Cell) error) error {
	count, seen := c.count, c.seen
	total := int32(0)
	var keys [maxMemberships]int32
	for _, i := range members {
		n := c.memberships(&postings[i], &keys)
		for _, k := range keys[:n] {
			seen[k>>6] |= 1 << (k & 63)
			count[k]++
		}
		total += int32(n)
	}
	c.listTouched()
	at := int32(0)
	for _, k := range c.touched {
		n := count[k]
		count[k] = at
		at += n
	}
	c.slots = slices.Grow(c.slots[:0], int(total))[:total]
	slots := c.slots
	for _, i := range members {
		n := c.memberships(&postings[i], &keys)
		for _, k := range keys[:n] {
			slots[count[k]] = i
			count[k]++
		}
	}
	start := int32(0)
	for _, k := range c.touched {
		end := count[k]
		count[k] = 0
		c.figures(base+int64(k), postings, slots[start:end])
		start = end
		if err := emit(&c.cell); err != nil {
			return err
		}
	}
	return nil
}

// listTouched lists the area's local keys in order from the bitmap of
// those seen, and clears it. (Sorting a list of them took a quarter of the
// Counter's time, reading them off the counts a fifth.)
func (c *Counter) listTouched() {
	c.touched = c.touched[:0]
	for w, word := range c.seen {
		if word == 0 {
			continue
		}
		c.seen[w] = 0
		for word != 0 {
			c.touched = append(c.touched, int32(w*64+bits.TrailingZeros64(word)))
			word &= word - 1
		}
	}
}

// checkIDs rejects a posting whose ids fall outside the sizes, before
// they index the dense arrays.
func (c *Counter) checkIDs(p *Posting) error {
	z := c.sizes
	if p.NAreas > MaxAreas || p.NPeriods > MaxPeriods {
		return fmt.Errorf("a posting in %d areas and %d periods (at most %d and %d)", p.NAreas, p.NPeriods, MaxAreas, MaxPeriods)
	}
	for _, a := range p.Areas[:p.NAreas] {
		if a < 0 || int64(a) >= z.Areas {
			return fmt.Errorf("area id %d outside 0..%d", a, z.Areas-1)
		}
	}
	for _, per := range p.Periods[:p.NPeriods] {
		if per < 0 || int64(per) >= z.Periods {
			return fmt.Errorf("period id %d outside 0..%d", per, z.Periods-1)
		}
	}
	if p.Experience < 0 || int64(p.Experience) >= z.Experiences || p.EmployerType < 0 || int64(p.EmployerType) >= z.EmployerTypes ||
		p.Basis < 0 || int64(p.Basis) >= z.Bases {
		return fmt.Errorf("experience, employer type or basis id (%d, %d, %d) outside the sizes (%d, %d, %d)",
			p.Experience, p.EmployerType, p.Basis, z.Experiences, z.EmployerTypes, z.Bases)
	}
	return nil
}

// figures fills c.cell for the cell key whose postings, in pay order, are
// members.
func (c *Counter) figures(key int64, postings []Posting, members []int32) {
	cell := &c.cell
	*cell = Cell{Key: key, N: int64(len(members)), Files: cell.Files[:0]}
	first, last := postings[members[0]].File, postings[members[0]].File
	for _, i := range members {
		p := &postings[i]
		if y := p.Year; y != 0 {
			if cell.YearMin == 0 || y < cell.YearMin {
				cell.YearMin = y
			}
			cell.YearMax = max(cell.YearMax, y)
		}
		first, last = min(first, p.File), max(last, p.File)
	}
	if first == last {
		cell.Files = append(cell.Files, int64(first))
	} else {
		cell.Files = distinctFiles(cell.Files, postings, members)
	}
	if cell.N < c.minCellSize {
		return
	}
	pays := c.pays[:0]
	sum := 0.0
	for _, i := range members {
		x := postings[i].Pay
		pays = append(pays, x)
		sum += x // in pay order, as list_avg over the sorted list adds
	}
	c.pays = pays
	n := float64(len(pays))
	cell.Valued = true
	cell.Mean = sum / n
	cell.P10, cell.P25, cell.P50 = SortedQuantile(pays, 1, 10), SortedQuantile(pays, 1, 4), SortedQuantile(pays, 1, 2)
	cell.P75, cell.P90 = SortedQuantile(pays, 3, 4), SortedQuantile(pays, 9, 10)
	cell.CILow, cell.CIHigh = MedianCI(pays)
	cell.YearMedian = cell.YearMin
	if cell.YearMin != cell.YearMax {
		cell.YearMedian = c.yearMedian(postings, members, cell.YearMin, cell.YearMax)
	}
}

// yearMedian is quantile_disc(year, 0.5) of the members' known years,
// which run from lo to hi: the lower middle one. Counted per year, not
// sorted: years span few values (sorted, they took a tenth of the
// Counter's time), but sorted if they span more than maxYearSpan.
func (c *Counter) yearMedian(postings []Posting, members []int32, lo, hi int32) int32 {
	const maxYearSpan = 1 << 12
	if int64(hi)-int64(lo) >= maxYearSpan {
		years := c.years[:0]
		for _, i := range members {
			if y := postings[i].Year; y != 0 {
				years = append(years, y)
			}
		}
		slices.Sort(years)
		c.years = years
		return years[(len(years)-1)/2]
	}
	c.years = slices.Grow(c.years[:0], int(hi-lo)+1)[:hi-lo+1]
	clear(c.years)
	known := int32(0)
	for _, i := range members {
		if y := postings[i].Year; y != 0 {
			c.years[y-lo]++
			known++
		}
	}
	seen := int32(0)
	for off, n := range c.years {
		if seen += n; seen > (known-1)/2 {
			return lo + int32(off)
		}
	}
	return hi
}

// distinctFiles appends to files the members' distinct files, ascending.
// A cell's postings come from few files, so each is looked for among those
// already found (sorting every member's file took a fifth of the Counter's
// time in a benchmark where most cells had three); past 16 files, the
// members' files are sorted and compacted instead.
func distinctFiles(files []int64, postings []Posting, members []int32) []int64 {
	const few = 16
	for _, i := range members {
		f := int64(postings[i].File)
		if !slices.Contains(files, f) {
			if len(files) == few {
				files = files[:0]
				for _, i := range members {
					files = append(files, int64(postings[i].File))
				}
				slices.Sort(files)
				return slices.Compact(files)
			}
			files = append(files, f)
		}
	}
	slices.Sort(files)
	return files
}

// SortedQuantile is the macro sorted_quantile(xs, num/den) of sorted xs:
// linear interpolation between the order statistics around (n − 1)·p,
// with the position's fraction exact, as DuckDB's decimal arithmetic has
// it (p is a DECIMAL literal there).
func SortedQuantile(xs []float64, num, den int) float64 {
	t := (len(xs) - 1) * num
	lo, hi := t/den, (t+den-1)/den
	frac := float64(t%den) / float64(den)
	return xs[lo] + (xs[hi]-xs[lo])*frac
}

// MedianCI is the macros median_ci_low and median_ci_high of sorted xs:
// the distribution-free 95% interval's order statistics.
func MedianCI(xs []float64) (low, high float64) {
	n := float64(len(xs))
	lo := max(1, int(math.Floor(n/2.0-0.98*math.Sqrt(n))))
	hi := min(len(xs), int(math.Ceil(1+n/2.0+0.98*math.Sqrt(n))))
	return xs[lo-1], xs[hi-1]
}
