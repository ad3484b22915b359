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

func TestOSA(t *testing.T) {
	tests := []struct {
		a, b string
		max  int
		want int
	}{
		{"chemsit", "chemist", 2, 1}, // one swap
		{"socila", "social", 2, 1},   // one swap at the end
		{"rbanch", "branch", 2, 1},   // one swap at the start
		{"chemsit", "chemist", 0, 1}, // past max: max+1
		{"technologist", "technolgist", 2, 1},
		{"ca", "abc", 3, 3}, // no substring edited twice (Damerau would say 2)
		{"kitten", "sitting", 5, 3},
		{"kitten", "sitting", 2, 3},
		{"", "abc", 5, 3},
		{"same", "same", 0, 0},
		{"database", "output", 2, 3},
		{"aritifical", "artificial", 2, 2}, // two swaps
	}
	for _, tt := range tests {
		if got := OSA(tt.a, tt.b, tt.max); got != tt.want {
			t.Errorf("OSA(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.max, got, tt.want)
		}
		// A swap is one edit where Levenshtein counts two: OSA never exceeds it.
		if lev := Levenshtein(tt.a, tt.b, tt.max); OSA(tt.a, tt.b, tt.max) > lev {
			t.Errorf("OSA(%q, %q) > Levenshtein %d", tt.a, tt.b, lev)
		}
	}
}

// osaReference is OSA without the early stop, as the textbook writes it;
// levReference the same without swaps.
func osaReference(a, b string) int { return reference(a, b, true) }

func levReference(a, b string) int { return reference(a, b, false) }

func reference(a, b string, swaps bool) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if swaps && i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

// TestOSAStopsOnlyPastMax compares the bounded OSA and Levenshtein with the
// textbook ones on every pair of short strings over a three-letter alphabet.
func TestOSAStopsOnlyPastMax(t *testing.T) {
	var words []string
	var gen func(prefix string)
	gen = func(prefix string) {
		words = append(words, prefix)
		if len(prefix) == 4 {
			return
		}
		for _, c := range "abc" {
			gen(prefix + string(c))
		}
	}
	gen("")
	for _, a := range words {
		for _, b := range words {
			want, wantLev := osaReference(a, b), levReference(a, b)
			for max := 0; max <= 3; max++ {
				if got := OSA(a, b, max); got != min(want, max+1) {
					t.Fatalf("OSA(%q, %q, %d) = %d, want %d", a, b, max, got, min(want, max+1))
				}
				if got := Levenshtein(a, b, max); got != min(wantLev, max+1) {
					t.Fatalf("Levenshtein(%q, %q, %d) = %d, want %d", a, b, max, got, min(wantLev, max+1))
				}
			}
		}
	}
}

// BenchmarkOSA compares a misspelt word with a candidate, as the title
// corrector does for every indexed word of the same first letter.
func BenchmarkOSA(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		OSA("technolgoist", "technologist", 2)
	}
}

// FuzzOSA holds the bounded OSA to the textbook recurrence and to
// Levenshtein, which it never exceeds.
func FuzzOSA(f *testing.F) {
	f.Add("chemsit", "chemist", 1)
	f.Add("aritifical", "artificial", 2)
	f.Add("ca", "abc", 3)
	f.Fuzz(func(t *testing.T, a, b string, max int) {
		if len(a) > 40 || len(b) > 40 || max < 0 || max > 8 {
			return
		}
		want := min(osaReference(a, b), max+1)
		if got := OSA(a, b, max); got != want {
			t.Fatalf("OSA(%q, %q, %d) = %d, want %d", a, b, max, got, want)
		}
		if lev := Levenshtein(a, b, max); want > lev {
			t.Fatalf("OSA(%q, %q, %d) = %d > Levenshtein %d", a, b, max, want, lev)
		}
	})
}
