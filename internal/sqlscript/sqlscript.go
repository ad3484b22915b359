package sqlscript

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/wagescope/wagescope/internal/lazyre"
)

// Part is one piece of a script: plain SQL (Query and Step empty), a
// repeat block, a conditional block, or a Go step.
type Part struct {
	// SQL is the text to run; in a repeat block, with {Var} in it.
	SQL string
	// Var names a repeat block's placeholder, Query the one-line query
	// whose integer values it takes; a conditional block has a Query (one
	// boolean) and no Var. Both empty for plain SQL.
	Var, Query string
	// Step names the Go step the runner calls at this point (SQL empty).
	Step string
	// Line is where the part starts in its file, for error messages.
	Line int
}

// Repeated reports whether the part is a block run as its query says: a
// repeat block or a conditional one.
func (p Part) Repeated() bool { return p.Query != "" }

// Conditional reports whether the part is a conditional block.
func (p Part) Conditional() bool { return p.Query != "" && p.Var == "" }

// Expand returns the block's SQL with its placeholder replaced by value (a
// conditional block's SQL as it is).
func (p Part) Expand(value int64) string {
	if p.Var == "" {
		return p.SQL
	}
	return strings.ReplaceAll(p.SQL, "{"+p.Var+"}", strconv.FormatInt(value, 10))
}

var (
	forLine = lazyre.New(`^--\s*wagescope:for\s+([a-z_][a-z0-9_]*)\s+IN\s+\((.+)\)\s*$`)
	ifLine  = lazyre.New(`^--\s*wagescope:if\s+\((.+)\)\s*$`)
	endLine = lazyre.New(`^--\s*wagescope:end\s*$`)
	goLine  = lazyre.New(`^--\s*wagescope:go\s+([a-z_][a-z0-9_]*)\s*$`)
	anyLine = lazyre.New(`^--\s*wagescope:`)
)

// Parse splits a script named name (used in errors) into its parts, in
// order. Plain parts with no statement (blank, or comments only) are left
// out. A block must close and may not nest; a repeat block must use its
// placeholder.
func Parse(name, body string) ([]Part, error) {
	var (
		parts []Part
		cur   strings.Builder
		block *Part
		start = 1
	)
	flush := func(next int) {
		// comments alone (a note above a directive) run nothing: DuckDB
		// calls such a string an empty query
		if len(Statements(cur.String(), start)) > 0 {
			parts = append(parts, Part{SQL: cur.String(), Line: start})
		}
		cur.Reset()
		start = next
	}
	for i, line := range strings.SplitAfter(body, "\n") {
		n := i + 1
		trimmed := strings.TrimSpace(line)
		switch {
		case forLine.MatchString(trimmed), ifLine.MatchString(trimmed):
			opened := Part{Line: n}
			if m := forLine.FindStringSubmatch(trimmed); m != nil {
				opened.Var, opened.Query = m[1], strings.TrimSpace(m[2])
			} else {
				opened.Query = strings.TrimSpace(ifLine.FindStringSubmatch(trimmed)[1])
			}
			if block != nil {
				return nil, fmt.Errorf("%s:%d: %s inside the block opened at line %d (blocks do not nest)", name, n, opened.directive(), block.Line)
			}
			flush(n + 1)
			block = &opened
		case endLine.MatchString(trimmed):
			if block == nil {
				return nil, fmt.Errorf("%s:%d: wagescope:end with no wagescope:for or wagescope:if open", name, n)
			}
			block.SQL = cur.String()
			if len(Statements(block.SQL, block.Line+1)) == 0 {
				return nil, fmt.Errorf("%s:%d: the block opened at line %d runs nothing", name, n, block.Line)
			}
			if !block.Conditional() && !strings.Contains(block.SQL, "{"+block.Var+"}") {
				return nil, fmt.Errorf("%s:%d: the block opened at line %d never uses {%s}", name, n, block.Line, block.Var)
			}
			parts = append(parts, *block)
			block = nil
			cur.Reset()
			start = n + 1
		case goLine.MatchString(trimmed):
			if block != nil {
				return nil, fmt.Errorf("%s:%d: wagescope:go inside the block opened at line %d (a Go step runs once)", name, n, block.Line)
			}
			flush(n + 1)
			parts = append(parts, Part{Step: goLine.FindStringSubmatch(trimmed)[1], Line: n})
		case anyLine.MatchString(trimmed):
			return nil, fmt.Errorf("%s:%d: unknown directive %q (want \"-- wagescope:for NAME IN (QUERY)\", \"-- wagescope:if (QUERY)\", \"-- wagescope:end\" or \"-- wagescope:go STEP\")", name, n, trimmed)
		default:
			cur.WriteString(line)
		}
	}
	if block != nil {
		return nil, fmt.Errorf("%s:%d: %s is never closed by \"-- wagescope:end\"", name, block.Line, block.directive())
	}
	flush(0)
	return parts, nil
}

// directive names the directive that opens a block.
func (p Part) directive() string {
	if p.Conditional() {
		return "wagescope:if"
	}
	return "wagescope:for"
}
