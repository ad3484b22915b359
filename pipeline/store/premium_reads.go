package store

import (
	"context"
	"fmt"
)

// occupationRange is one read of premium_described: the occupations from
// first to last, in DuckDB's order of their codes. The zero range reads
// every occupation.
type occupationRange struct {
	first, last string
}

// occupationCount is one occupation's number of described postings.
type occupationCount struct {
	code string
	n    int64
}

// premiumReads plans the premiums' reads of premium_described: one read
// of everything when it holds no more rows than premium_read_rows(), else
// ranges of whole occupations (the step holds one occupation at a time,
// so an occupation is never split) of at most that many rows each, an
// occupation larger than that alone. DuckDB's Go driver holds each read's
// whole result before handing over its first batch (outside memory_limit),
// so the cap is what bounds that.
func (d *DB) premiumReads(ctx context.Context) ([]occupationRange, error) {
	var total, capRows int64
	if err := d.QueryRow(ctx, describedSizeQuery).Scan(&total, &capRows); err != nil {
		return nil, fmt.Errorf("the described postings' size: %w", err)
	}
	if total <= capRows {
		return []occupationRange{{}}, nil
	}
	rows, err := d.Query(ctx, describedCountsQuery)
	if err != nil {
		return nil, fmt.Errorf("the described postings by occupation: %w", err)
	}
	defer rows.Close()
	var counts []occupationCount
	for rows.Next() {
		var c occupationCount
		if err := rows.Scan(&c.code, &c.n); err != nil {
			return nil, fmt.Errorf("the described postings by occupation: %w", err)
		}
		counts = append(counts, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("the described postings by occupation: %w", err)
	}
	return splitOccupations(counts, capRows), nil
}

// splitOccupations groups counts, in their order, into consecutive ranges
// of at most capRows rows, greedily; an occupation of more rows than that
// is a range of its own.
func splitOccupations(counts []occupationCount, capRows int64) []occupationRange {
	var ranges []occupationRange
	var rows int64
	for i, c := range counts {
		if i == 0 || rows+c.n > capRows {
			ranges = append(ranges, occupationRange{first: c.code})
			rows = 0
		}
		ranges[len(ranges)-1].last = c.code
		rows += c.n
	}
	return ranges
}
