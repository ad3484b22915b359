package ingest

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors wrapped by ParseError so callers can test the cause.
var (
	ErrNoHeader      = errors.New("no recognizable header")
	ErrMissingColumn = errors.New("required column missing")
	ErrEmptyFile     = errors.New("file is empty")
	ErrNotWorkbook   = errors.New("not a readable workbook")
	ErrNotParquet    = errors.New("not a readable Parquet file")
	ErrNoData        = errors.New("no data rows")
	ErrRelease       = errors.New("release cannot be determined")
)

// ParseError locates a problem in a source file: the file, the sheet (empty
// for a text file), the 1-based row or line, and the column when one is known.
type ParseError struct {
	File   string
	Sheet  string
	Row    int
	Column string
	Err    error
}

func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Sheet != "" {
		fmt.Fprintf(&b, ", sheet %q", e.Sheet)
	}
	if e.Row > 0 {
		if e.Sheet != "" {
			fmt.Fprintf(&b, ", row %d", e.Row)
		} else {
			fmt.Fprintf(&b, ", line %d", e.Row)
		}
	}
	if e.Column != "" {
		fmt.Fprintf(&b, ", column %s", e.Column)
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *ParseError) Unwrap() error { return e.Err }
