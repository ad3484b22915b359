package normalize

import (
	"unicode/utf8"
)

// RepairMojibake undoes the commonest text corruption in posting exports:
// UTF-8 text decoded as Latin-1 or Windows-1252 and encoded again, so that
// an en dash reads "â\u0080\u0093" (or "â€“") and "Mayor's" "Mayorâ\u0080\u0099s"
// (the NYC Jobs 2022 extract has 52 such titles). s is returned unchanged
// unless every rune maps back to one byte of those code pages and the bytes
// are valid UTF-8 holding at least one character of two bytes or more: text
// that was right to begin with ("Café", "Señor") does not re-encode to valid
// UTF-8, and text with any other character outside Latin-1 cannot be
// mojibake of this kind.
func RepairMojibake(s string) string {
	// Fast path: ASCII text cannot be mojibake.
	suspect := false
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			suspect = true
			break
		}
	}
	if !suspect {
		return s
	}
	b := make([]byte, 0, len(s))
	multi := false
	for _, r := range s {
		c, ok := mojibakeByte(r)
		if !ok {
			return s
		}
		if c >= 0x80 {
			multi = true
		}
		b = append(b, c)
	}
	if !multi || !utf8.Valid(b) {
		return s
	}
	return string(b)
}

// mojibakeByte is the byte a rune of Latin-1 or Windows-1252 text stands
// for.
func mojibakeByte(r rune) (byte, bool) {
	if r < 0x100 {
		return byte(r), true
	}
	c, ok := cp1252Bytes[r]
	return c, ok
}

// cp1252Bytes are the characters Windows-1252 puts at 0x80–0x9F, where
// Latin-1 has control characters.
var cp1252Bytes = map[rune]byte{
	'€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87,
	'ˆ': 0x88, '‰': 0x89, 'Š': 0x8A, '‹': 0x8B, 'Œ': 0x8C, 'Ž': 0x8E,
	'‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97,
	'˜': 0x98, '™': 0x99, 'š': 0x9A, '›': 0x9B, 'œ': 0x9C, 'ž': 0x9E, 'Ÿ': 0x9F,
}
