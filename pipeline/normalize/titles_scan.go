package normalize

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Hand-written scanners for the three text passes every posted title goes
// through. As regular expressions (titles_scan_test.go keeps them, and
// checks these against them) they were about a tenth of the title map's CPU
// at ten million postings; the bytes they look for are all ASCII, which a
// UTF-8 continuation byte never is, so they scan bytes.

// titleIsSpace is the regexp class \s: ASCII tab, newline, form feed,
// carriage return and space.
func titleIsSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// titleSkip returns the first index at or after i whose byte is not one is
// accepts.
func titleSkip(s string, i int, is func(byte) bool) int {
	for i < len(s) && is(s[i]) {
		i++
	}
	return i
}

func titleIsDash(c byte) bool { return c == '-' }

// titleSeparators returns the [start, end) spans that cut a title into
// segments, leftmost first and not overlapping, as the regexp
// `\s*[,;|:/\\]\s*|\s+-+\s*|\s*-+\s+|\s+@\s+|\s+at\s+` finds them: a comma,
// semicolon, bar, colon or slash with the spaces around it; a dash with a
// space on either side; " @ " and " at ".
func titleSeparators(s string) [][2]int {
	var cuts [][2]int
	for i := 0; i < len(s); {
		if end, ok := titleSeparatorAt(s, i); ok {
			cuts = append(cuts, [2]int{i, end})
			i = end
			continue
		}
		i++
	}
	return cuts
}

// titleSeparatorAt tries the regexp's alternatives in its order at i, as a
// leftmost-first match does. Each is deterministic: giving back a space or
// a dash leaves a space or a dash where the next part needs another byte,
// so the greedy reading is the only one that can match.
func titleSeparatorAt(s string, i int) (int, bool) {
	j := titleSkip(s, i, titleIsSpace) // past \s*
	spaced := j > i                    // \s+ matched
	if j < len(s) && strings.IndexByte(`,;|:/\`, s[j]) >= 0 {
		return titleSkip(s, j+1, titleIsSpace), true
	}
	if j < len(s) && s[j] == '-' {
		k := titleSkip(s, j, titleIsDash)
		if spaced { // \s+-+\s*
			return titleSkip(s, k, titleIsSpace), true
		}
		if k < len(s) && titleIsSpace(s[k]) { // \s*-+\s+
			return titleSkip(s, k, titleIsSpace), true
		}
		return 0, false
	}
	if !spaced {
		return 0, false
	}
	switch {
	case j+1 < len(s) && s[j] == '@' && titleIsSpace(s[j+1]): // \s+@\s+
		return titleSkip(s, j+1, titleIsSpace), true
	case j+2 < len(s) && s[j] == 'a' && s[j+1] == 't' && titleIsSpace(s[j+2]): // \s+at\s+
		return titleSkip(s, j+2, titleIsSpace), true
	}
	return 0, false
}

// hasSpacedAt reports whether s has "at" between whitespace, the one cut
// titleSeparators makes without a punctuation mark.
func hasSpacedAt(s string) bool {
	for i := 1; i+2 < len(s); i++ {
		if s[i] == 'a' && s[i+1] == 't' && titleIsSpace(s[i-1]) && titleIsSpace(s[i+2]) {
			return true
		}
	}
	return false
}

// titleIsWordByte is the regexp class \w, which decides \b: ASCII letters,
// digits and the underscore.
func titleIsWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// titleJoinLetterHyphens joins a single lower-case letter to the word it is
// hyphenated to ("x-ray" → "xray", "e-commerce" → "ecommerce"), as
// replacing `\b([a-z])-([a-z])` with "$1$2" does.
func titleJoinLetterHyphens(s string) string {
	var b []byte
	from := 0 // s[from:] is not yet copied to b
	for i := 0; i+2 < len(s); {
		if s[i] >= 'a' && s[i] <= 'z' && s[i+1] == '-' && s[i+2] >= 'a' && s[i+2] <= 'z' &&
			(i == 0 || !titleIsWordByte(s[i-1])) {
			if b == nil {
				b = make([]byte, 0, len(s))
			}
			b = append(b, s[from:i+1]...)
			b = append(b, s[i+2])
			from = i + 3
			i += 3 // matches do not overlap
			continue
		}
		i++
	}
	if b == nil {
		return s
	}
	return string(append(b, s[from:]...))
}

// titleWords splits lower-cased text into words of letters and digits.
// ASCII text, nearly every title, is cut by a byte table; other text by
// Unicode's letters and digits.
func titleWords(s string) []string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		}
	}
	n := 0
	for i := 0; i < len(s); {
		i = titleSkip(s, i, titleIsNotAlnum)
		if i < len(s) {
			n++
			i = titleSkip(s, i, titleIsAlnum)
		}
	}
	if n == 0 {
		return nil
	}
	words := make([]string, 0, n)
	for i := 0; i < len(s); {
		i = titleSkip(s, i, titleIsNotAlnum)
		if i < len(s) {
			j := titleSkip(s, i, titleIsAlnum)
			words = append(words, s[i:j])
			i = j
		}
	}
	return words
}

func titleIsAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func titleIsNotAlnum(c byte) bool { return !titleIsAlnum(c) }
