package reports

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/wagescope/wagescope/pipeline/store"
)

// occupationData is everything one occupation page shows.
type occupationData struct {
	occ      store.Occupation
	us       []store.WageStat // OEWS, U.S., all employers: one row per release, oldest first
	areas    []store.WageStat // OEWS, other areas of their latest release, sorted by area code
	sectors  []store.WageStat // OEWS, U.S., latest release, by industry sector (employer type set)
	outlooks []store.Outlook  // newest cycle first
	posted   []store.WageStat // postings, all periods and employers: U.S. first, then areas by n
	levels   []store.WageStat // postings, U.S., one row per experience level, in experienceLevels order
	employer []store.WageStat // postings, U.S., one row per employer type, by n
	modeled  []store.WageStat // experience bridge, U.S., latest release, lowest percentile first
	versus   []store.PostedVsSurveyed
}

func (d occupationData) hasFigures() bool {
	return len(d.us) > 0 || len(d.areas) > 0 || len(d.outlooks) > 0 || len(d.posted) > 0
}

// experienceLevels are the posted experience levels a page lists, in order.
var experienceLevels = []string{"entry", "mid", "senior", "lead", "executive", "unknown"}

// siteRows is every figure the occupation pages show, read in bulk queries
// and grouped by occupation code: one query per page kind and occupation
// would cost ~10 ms per page. The posted cells, which grow with the
// postings, are read for one batch of occupations at a time (postedBatch).
type siteRows struct {
	oews, postings, modeled map[string][]store.WageStat
	versus                  map[string][]store.PostedVsSurveyed
	outlooks                map[string][]store.Outlook
}

func wagesByCode(rows []store.WageStat) map[string][]store.WageStat {
	m := map[string][]store.WageStat{}
	for _, s := range rows {
		m[s.OccupationCode] = append(m[s.OccupationCode], s)
	}
	return m
}

// postedBatch is how many occupations' posted cells are read at once: at
// ten million postings the pages show 750k cells, which read all at once
// held 1.5 GB of heap.
const postedBatch = 64

// withPosted returns sr with the posted cells of occs (a run of
// occupations in code order) and no others.
func (sr siteRows) withPosted(ctx context.Context, r Reader, occs []store.Occupation) (siteRows, error) {
	sr.postings = nil
	hasPosted := false
	for _, o := range occs {
		hasPosted = hasPosted || o.HasPostings
	}
	if !hasPosted {
		return sr, nil
	}
	posted, err := r.WageStats(ctx, store.WageFilter{SourceFamily: "postings", EmployerType: store.Any, Experience: store.Any, PageCells: true,
		OccupationFrom: occs[0].Code, OccupationTo: occs[len(occs)-1].Code})
	if err != nil {
		return sr, fmt.Errorf("read posted figures of %s to %s: %w", occs[0].Code, occs[len(occs)-1].Code, err)
	}
	sr.postings = wagesByCode(posted)
	return sr, nil
}

// loadSiteRows reads every figure but the posted cells (withPosted).
func loadSiteRows(ctx context.Context, r Reader) (siteRows, error) {
	var sr siteRows
	oews, err := r.WageStats(ctx, store.WageFilter{SourceFamily: "oews", EmployerType: store.Any})
	if err != nil {
		return sr, fmt.Errorf("read OEWS figures: %w", err)
	}
	modeled, err := r.ModeledRates(ctx, store.Any, "US", store.Any, store.Any)
	if err != nil {
		return sr, fmt.Errorf("read the experience bridge: %w", err)
	}
	versus, err := r.PostedVsSurveyed(ctx, store.Any)
	if err != nil {
		return sr, fmt.Errorf("read posted vs surveyed: %w", err)
	}
	outlooks, err := r.Outlooks(ctx, store.Any)
	if err != nil {
		return sr, fmt.Errorf("read outlooks: %w", err)
	}
	sr = siteRows{oews: wagesByCode(oews), modeled: wagesByCode(modeled),
		versus: map[string][]store.PostedVsSurveyed{}, outlooks: map[string][]store.Outlook{}}
	for _, v := range versus {
		sr.versus[v.OccupationCode] = append(sr.versus[v.OccupationCode], v)
	}
	for _, o := range outlooks {
		sr.outlooks[o.OccupationCode] = append(sr.outlooks[o.OccupationCode], o)
	}
	return sr, nil
}

// splitPosted splits an occupation's posted-pay cells (all periods and pay
// bases): every area, the U.S. by experience level and by employer type.
func splitPosted(d *occupationData, cells []store.WageStat) {
	byLevel := map[string]store.WageStat{}
	for _, s := range cells {
		switch {
		case s.SourceFamily != "postings":
		case s.Experience == "ALL" && s.EmployerType == "ALL":
			d.posted = append(d.posted, s)
		case s.AreaCode == "US" && s.EmployerType == "ALL":
			byLevel[s.Experience] = s
		case s.AreaCode == "US" && s.Experience == "ALL":
			d.employer = append(d.employer, s)
		}
	}
	byN := func(rows []store.WageStat, key func(store.WageStat) string) {
		sort.SliceStable(rows, func(i, j int) bool {
			a, b := rows[i], rows[j]
			if (a.AreaCode == "US") != (b.AreaCode == "US") {
				return a.AreaCode == "US"
			}
			if na, nb := derefN(a.N), derefN(b.N); na != nb {
				return na > nb
			}
			return key(a) < key(b)
		})
	}
	byN(d.posted, func(s store.WageStat) string { return s.AreaCode })
	byN(d.employer, func(s store.WageStat) string { return s.EmployerType })
	for _, level := range experienceLevels {
		if s, ok := byLevel[level]; ok {
			d.levels = append(d.levels, s)
		}
	}
}

func derefN(n *int64) int64 {
	if n == nil {
		return 0
	}
	return *n
}

// latestUS is the newest U.S. release loaded, or "".
func (d occupationData) latestUS() string {
	if len(d.us) == 0 {
		return ""
	}
	return d.us[len(d.us)-1].Release
}

// postedUS is the U.S. posted cell over all levels and employers, if any.
func (d occupationData) postedUS() (store.WageStat, bool) {
	if len(d.posted) > 0 && d.posted[0].AreaCode == "US" {
		return d.posted[0], true
	}
	return store.WageStat{}, false
}

// occupation assembles one occupation's page data from the bulk rows.
func (sr siteRows) occupation(o store.Occupation) occupationData {
	d := occupationData{occ: o}
	oews := sr.oews[o.Code]
	all := func(s store.WageStat) bool { return s.EmployerType == "ALL" }
	d.us = onePerKey(filterRows(oews, func(s store.WageStat) bool { return all(s) && s.AreaCode == "US" }),
		func(s store.WageStat) string { return s.Release })

	others := filterRows(oews, func(s store.WageStat) bool { return all(s) && s.AreaCode != "US" })
	latest := ""
	for _, s := range others {
		if s.Release > latest {
			latest = s.Release
		}
	}
	d.areas = onePerKey(filterRows(others, func(s store.WageStat) bool { return s.Release == latest }),
		func(s store.WageStat) string { return s.AreaCode })
	d.sectors = filterRows(oews, func(s store.WageStat) bool {
		return !all(s) && s.AreaCode == "US" && s.Release == d.latestUS()
	})
	sort.SliceStable(d.sectors, func(i, j int) bool {
		a, b := d.sectors[i], d.sectors[j]
		if a.EmployerType != b.EmployerType {
			return a.EmployerType < b.EmployerType
		}
		return a.IndustryCode < b.IndustryCode
	})
	if o.HasPostings {
		splitPosted(&d, sr.postings[o.Code])
		d.versus = sr.versus[o.Code]
	}
	for _, m := range sr.modeled[o.Code] {
		if m.Release == d.latestUS() && d.latestUS() != "" {
			d.modeled = append(d.modeled, m)
		}
	}
	sort.SliceStable(d.modeled, func(i, j int) bool {
		return derefF(d.modeled[i].ModeledPercentile) < derefF(d.modeled[j].ModeledPercentile)
	})
	d.outlooks = append([]store.Outlook(nil), sr.outlooks[o.Code]...)
	sort.SliceStable(d.outlooks, func(i, j int) bool { return d.outlooks[i].Cycle > d.outlooks[j].Cycle })
	return d
}

// filterRows keeps the OEWS rows that match keep.
func filterRows(rows []store.WageStat, keep func(store.WageStat) bool) []store.WageStat {
	var out []store.WageStat
	for _, s := range rows {
		if s.SourceFamily == "oews" && keep(s) {
			out = append(out, s)
		}
	}
	return out
}

// onePerKey sorts rows by key (then industry and source, for a stable pick)
// and keeps the first row of each key.
func onePerKey(rows []store.WageStat, key func(store.WageStat) string) []store.WageStat {
	rows = append([]store.WageStat(nil), rows...)
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		switch {
		case key(a) != key(b):
			return key(a) < key(b)
		case a.IndustryCode != b.IndustryCode:
			return a.IndustryCode < b.IndustryCode
		case a.Source.Name != b.Source.Name:
			return a.Source.Name < b.Source.Name
		}
		return a.Source.FileName < b.Source.FileName
	})
	out := rows[:0]
	for i, s := range rows {
		if i > 0 && key(s) == key(rows[i-1]) {
			continue
		}
		out = append(out, s)
	}
	return out
}

// measure is one annual wage measure of a WageStat.
type measure struct {
	key, label string // key as in WageStat.TopCoded
	get        func(store.WageStat) *float64
}

// percentileMeasures in chart order, from the top line down.
var percentileMeasures = []measure{
	{"annual_p90", "90th percentile", func(s store.WageStat) *float64 { return s.AnnualP90 }},
	{"annual_p75", "75th percentile", func(s store.WageStat) *float64 { return s.AnnualP75 }},
	{"annual_median", "Median", func(s store.WageStat) *float64 { return s.AnnualMedian }},
	{"annual_p25", "25th percentile", func(s store.WageStat) *float64 { return s.AnnualP25 }},
	{"annual_p10", "10th percentile", func(s store.WageStat) *float64 { return s.AnnualP10 }},
}

// isTopCoded reports whether measure key of s is a top-code bound.
func isTopCoded(s store.WageStat, key string) bool {
	for _, m := range s.TopCoded {
		if strings.EqualFold(strings.TrimSpace(m), key) {
			return true
		}
	}
	return false
}

// topCodedFive says which of s's p10…p90 in u (a range item's order) are
// top-code bounds.
func topCodedFive(s store.WageStat, u wageUnit) [5]bool {
	var out [5]bool
	ms := u.percentiles()
	for i := range out {
		out[i] = isTopCoded(s, ms[len(ms)-1-i].key) // p10 first
	}
	return out
}
