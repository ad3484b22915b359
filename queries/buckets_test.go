package queries

import (
	"regexp"
	"strconv"
	"testing"
)

// The marts compute postings bucket by bucket, one statement per bucket,
// because SQL has no loop. A bucket posting_bucket_count can return but no
// statement reads would drop its postings without an error, so every file
// must have a statement for each bucket up to the macro's cap, and no more.
func TestEveryPostingBucketHasAStatement(t *testing.T) {
	macros, err := FS.ReadFile("marts/000_macros.sql")
	if err != nil {
		t.Fatal(err)
	}
	capMatch := regexp.MustCompile(`MACRO posting_bucket_count\(total\) AS\s+least\((\d+),`).FindSubmatch(macros)
	if capMatch == nil {
		t.Fatal("posting_bucket_count's cap not found in marts/000_macros.sql")
	}
	maxBuckets, _ := strconv.Atoi(string(capMatch[1]))
	tests := []struct{ file, call string }{
		{"marts/020_fct_wage_stats.sql", "posted_cells_of"},
		{"marts/070_fct_pay_premiums.sql", "premium_rows"},
	}
	for _, tt := range tests {
		body, err := FS.ReadFile(tt.file)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[int]int{}
		for _, m := range regexp.MustCompile(`SELECT \* FROM `+tt.call+`\((\d+)\);`).FindAllSubmatch(body, -1) {
			k, _ := strconv.Atoi(string(m[1]))
			seen[k]++
		}
		if len(seen) != maxBuckets {
			t.Errorf("%s: %d bucket statements, want %d (posting_bucket_count's cap)", tt.file, len(seen), maxBuckets)
		}
		for k := 0; k < maxBuckets; k++ {
			if seen[k] != 1 {
				t.Errorf("%s: bucket %d has %d statements, want 1", tt.file, k, seen[k])
			}
		}
	}
}
