package store

import (
	"slices"
	"testing"
)

func TestSplitOccupations(t *testing.T) {
	counts := []occupationCount{{"11-1011", 3}, {"15-2051", 5}, {"29-2010", 2}, {"29-2040", 9}, {"31-1131", 1}}
	tests := []struct {
		name    string
		capRows int64
		want    []occupationRange
	}{
		{"all in one", 20, []occupationRange{{"11-1011", "31-1131"}}},
		{"exactly full ranges", 10, []occupationRange{{"11-1011", "29-2010"}, {"29-2040", "31-1131"}}},
		{"greedy, in order", 8, []occupationRange{{"11-1011", "15-2051"}, {"29-2010", "29-2010"}, {"29-2040", "29-2040"}, {"31-1131", "31-1131"}}},
		{"an occupation over the cap alone", 4, []occupationRange{{"11-1011", "11-1011"}, {"15-2051", "15-2051"}, {"29-2010", "29-2010"}, {"29-2040", "29-2040"}, {"31-1131", "31-1131"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := splitOccupations(counts, tt.capRows); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	if got := splitOccupations(nil, 10); len(got) != 0 {
		t.Errorf("no occupations: got %v", got)
	}
}
