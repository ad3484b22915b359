package sqlscript

import "strings"

// Statement is one SQL statement of a part, for running statements one at
// a time (a profile of each); a part runs as one multi-statement string
// otherwise.
type Statement struct {
	// SQL is the statement's text with its terminating ';' (none on a last
	// statement written without one); comments above it are included.
	SQL string
	// Line is the line of the statement's first word, counting the part's
	// first line as firstLine.
	Line int
	// Head is the statement's text from its first word to the end of that
	// line (no comment above it), to name it in logs and profiles.
	Head string
}

// Statements splits sql at the semicolons that end statements: not those in
// '…' strings, "…" identifiers, $$…$$ or $tag$…$tag$ strings, or -- and
// /* */ comments. Text with no statement in it (blank, comments only) is
// left out.
func Statements(sql string, firstLine int) []Statement {
	var out []Statement
	start, line, startLine, first := 0, firstLine, 0, 0
	emit := func(end int) {
		if startLine != 0 {
			head := sql[first:end]
			if j := strings.IndexByte(head, '\n'); j >= 0 {
				head = head[:j]
			}
			out = append(out, Statement{SQL: sql[start:end], Line: startLine, Head: strings.TrimSpace(head)})
		}
		start, startLine = end, 0
	}
	for i := 0; i < len(sql); i++ {
		c := sql[i]
		switch {
		case c == '\n':
			line++
			continue
		case c == ' ' || c == '\t' || c == '\r':
			continue
		case c == '-' && strings.HasPrefix(sql[i:], "--"):
			if j := strings.IndexByte(sql[i:], '\n'); j >= 0 {
				i += j - 1 // the newline is counted on the next turn
			} else {
				i = len(sql)
			}
			continue
		case c == '/' && strings.HasPrefix(sql[i:], "/*"):
			end := strings.Index(sql[i+2:], "*/")
			if end < 0 {
				end = len(sql) - i - 2
			}
			line += strings.Count(sql[i:i+2+end], "\n")
			i += 2 + end + 1
			continue
		}
		if startLine == 0 {
			if c == ';' { // an empty statement
				start = i + 1
				continue
			}
			startLine, first = line, i
		}
		switch {
		case c == ';':
			emit(i + 1)
		case c == '\'' || c == '"':
			// a doubled quote inside is an escaped one: the scan leaves the
			// literal and re-enters it at once
			end := strings.IndexByte(sql[i+1:], c)
			if end < 0 {
				end = len(sql) - i - 1
			}
			line += strings.Count(sql[i:i+1+end], "\n")
			i += 1 + end
		case c == '$':
			if tag, ok := dollarTag(sql[i:]); ok {
				end := strings.Index(sql[i+len(tag):], tag)
				if end < 0 {
					end = len(sql) - i - len(tag)
				} else {
					end += len(tag)
				}
				line += strings.Count(sql[i:i+len(tag)+end], "\n")
				i += len(tag) + end - 1
			}
		}
	}
	emit(len(sql))
	return out
}

// dollarTag returns the $tag$ (or $$) that opens s, if one does; $1, a
// parameter, is not one.
func dollarTag(s string) (string, bool) {
	for j := 1; j < len(s); j++ {
		c := s[j]
		switch {
		case c == '$':
			return s[:j+1], true
		case c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || j > 1 && '0' <= c && c <= '9':
		default:
			return "", false
		}
	}
	return "", false
}
