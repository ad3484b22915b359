package textdist

// Levenshtein is the edit distance of a and b, in bytes (ASCII text), or
// max+1 when it exceeds max: the rows stop as soon as every cell is past
// max, so a bounded comparison of unlike strings is cheap.
func Levenshtein(a, b string, max int) int { return distance(a, b, max, false) }

// OSA is the optimal string alignment distance of a and b, in bytes (ASCII
// text): Levenshtein's edits plus the swap of two adjacent letters, each
// one edit, no substring edited twice. Typed titles swap letters as often
// as they drop one ("Chemsit", "Socila"), which Levenshtein counts as two
// edits. Like Levenshtein it returns max+1 once the distance exceeds max.
func OSA(a, b string, max int) int { return distance(a, b, max, true) }

// distance is Levenshtein's, or with swaps OSA's, dynamic program over
// three rows (a swap looks two rows back).
func distance(a, b string, max int, swaps bool) int {
	// Words fit the arrays on the stack; the title corrector calls this
	// for every candidate word.
	var buf [3][32]int
	var prev2, prev, cur []int
	if len(b) < len(buf[0]) {
		prev2, prev, cur = buf[0][:len(b)+1], buf[1][:len(b)+1], buf[2][:len(b)+1]
	} else {
		prev2, prev, cur = make([]int, len(b)+1), make([]int, len(b)+1), make([]int, len(b)+1)
	}
	for j := range prev {
		prev[j] = j
	}
	prevMin := 0
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if swaps && i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d = min(d, prev2[j-2]+1)
			}
			cur[j] = d
			rowMin = min(rowMin, d)
		}
		// Past max for good once this row is, and, as a swap reaches
		// back two rows, the row before too.
		if rowMin > max && (!swaps || prevMin > max) {
			return max + 1
		}
		prevMin = rowMin
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(b)], max+1)
}
