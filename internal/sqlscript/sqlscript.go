package sqlscript

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/wagescope/wagescope/internal/lazyre"
)

// Part is one piece of a script: plain SQL (Query and Step empty), a
// repeat block, or a Go step.
type Part struct {
	// SQL is the text to run; in a repeat block, with {Var} in it.
	SQL string
	// Var names the block's placeholder, Query the one-line query whose
	// integer values it takes. Both empty for plain SQL.
	Var, Query string
	// Step names the Go step the runner calls at this point (SQL empty).
	Step string
	// Line is where the part starts in its file, for error messages.
	Line int
}

// Repeated reports whether the part is a repeat block.
func (p Part) Repeated() bool { return p.Query != "" }

// Expand returns the block's SQL with its placeholder replaced by value.
func (p Part) Expand(value int64) string {
	return strings.ReplaceAll(p.SQL, "{"+p.Var+"}", strconv.FormatInt(value, 10))
}

var (
	forLine = lazyre.New(`^--\s*wagescope:for\s+([a-z_][a-z0-9_]*)\s+IN\s+\((.+)\)\s*$`)
	endLine = lazyre.New(`^--\s*wagescope:end\s*$`)
	goLine  = lazyre.New(`^--\s*wagescope:go\s+([a-z_][a-z0-9_]*)\s*$`)
	anyLine = lazyre.New(`^--\s*wagescope:`)
)

// Parse splits a script named name (used in errors) into its parts, in
// order. Blank plain parts are left out. A repeat block must close, may not
// nest, and must use its placeholder.
func Parse(name, body string) ([]Part, error) {
	var (
		parts []Part
		cur   strings.Builder
		block *Part
		start = 1
	)
	flush := func(next int) {
		if strings.TrimSpace(cur.String()) != "" {
			parts = append(parts, Part{SQL: cur.String(), Line: start})
		}
		cur.Reset()
		start = next
	}
	for i, line := range strings.SplitAfter(body, "\n") {
		n := i + 1
		trimmed := strings.TrimSpace(line)
		switch {
		case forLine.MatchString(trimmed):
			if block != nil {
				return nil, fmt.Errorf("%s:%d: wagescope:for inside the block opened at line %d (blocks do not nest)", name, n, block.Line)
			}
			m := forLine.FindStringSubmatch(trimmed)
			flush(n + 1)
			block = &Part{Var: m[1], Query: strings.TrimSpace(m[2]), Line: n}
		case endLine.MatchString(trimmed):
			if block == nil {
				return nil, fmt.Errorf("%s:%d: wagescope:end with no wagescope:for open", name, n)
			}
			block.SQL = cur.String()
			if strings.TrimSpace(block.SQL) == "" {
				return nil, fmt.Errorf("%s:%d: the block opened at line %d repeats nothing", name, n, block.Line)
			}
			if !strings.Contains(block.SQL, "{"+block.Var+"}") {
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
			return nil, fmt.Errorf("%s:%d: unknown directive %q (want \"-- wagescope:for NAME IN (QUERY)\", \"-- wagescope:end\" or \"-- wagescope:go STEP\")", name, n, trimmed)
		default:
			cur.WriteString(line)
		}
	}
	if block != nil {
		return nil, fmt.Errorf("%s:%d: wagescope:for is never closed by \"-- wagescope:end\"", name, block.Line)
	}
	flush(0)
	return parts, nil
}
