// Package premiums computes the sides of fct_pay_premiums: for each
// occupation and area (the U.S. and each state), every certification or
// minimum degree the postings' descriptions ask for, with the pay of the
// postings that ask for it and of those that do not, each side's count,
// median and the median's 95% interval.
//
// The SQL of queries/marts/070_fct_pay_premiums.sql picks the postings
// (one per duplicate group, U.S., with a description and pay) and turns the
// sides into rows (rounding, suppression, the premium and its interval);
// the store hands one occupation's postings at a time, sorted by pay, to
// Occupation. Each side's pay is then already in order: no per-side list
// to build by hash and sort, as the SQL did for every occupation × area ×
// requirement. The arithmetic is the SQL macros' (sorted_quantile,
// median_ci_low, median_ci_high, through postedcells), so the figures are
// the same to the bit.
package premiums
