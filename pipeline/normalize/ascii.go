package normalize

// lowerASCII lower-cases ASCII letters only, so a byte offset into the
// result is the same offset into s (strings.ToLower changes the length of
// invalid UTF-8 and of some letters). The phrases searched for are ASCII.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for k := i; k < len(b); k++ {
				if b[k] >= 'A' && b[k] <= 'Z' {
					b[k] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}
