package textdist

import "testing"

func TestLevenshtein(t *testing.T) {
	tests := []struct {
		a, b string
		max  int
		want int
	}{
		{"min_cel_size", "min_cell_size", 2, 1},
		{"technologist", "technolgist", 2, 1},
		{"kitten", "sitting", 5, 3},
		{"kitten", "sitting", 2, 3}, // past max: max+1
		{"", "abc", 5, 3},
		{"same", "same", 0, 0},
		{"database", "output", 2, 3},
	}
	for _, tt := range tests {
		if got := Levenshtein(tt.a, tt.b, tt.max); got != tt.want {
			t.Errorf("Levenshtein(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.max, got, tt.want)
		}
	}
}
