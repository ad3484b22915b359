// Package postedcells computes the posted-pay cells of fct_wage_stats: for
// each occupation, every cell a posting counts in (area × period ×
// experience × employer type × pay basis, with 'ALL' rollups) with its
// count, years, source files and, at or above the minimum cell size, the
// mean, the five percentiles and the median's confidence interval.
//
// The SQL of queries/marts/020_fct_wage_stats.sql numbers the dimensions
// and codes each posting; the store hands one occupation's postings at a
// time, sorted by pay, to a Counter. A Counter sorts the memberships by
// cell with a counting sort over a small dense array per area, so each
// cell's pay comes out already sorted: no hash table and no per-cell sort,
// where DuckDB grouped 400 million memberships by hash and sorted each
// cell's list. The arithmetic is the SQL macros' (sorted_quantile,
// median_ci_low, median_ci_high), so the figures are the same to the bit.
package postedcells
