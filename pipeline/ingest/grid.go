package ingest

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
)

// Grid is one rectangle of cells read row by row: a worksheet of a workbook
// or the records of a delimited text file. Cells come trimmed of surrounding
// space, with Excel's text-forcing ="..." wrapper removed.
type Grid interface {
	File() string // display name: a path, or "archive.zip:member" for a zip member
	Sheet() string
	Next() bool
	Row() []string
	RowNumber() int // 1-based sheet row, or the line a text record starts on
	Err() error
	Close() error
}

// Book is a file with one or more grids: an .xlsx workbook (one per sheet)
// or a text file (a single grid whose sheet name is empty).
type Book interface {
	File() string
	Sheets() []string
	Open(sheet string) (Grid, error)
	Close() error
}

// maxZipMember bounds how much one zip member may expand to in memory.
const maxZipMember = 1 << 30

// OpenBooks opens the file at path as its publisher ships it: an .xlsx
// workbook, a delimited text file (.csv, .txt, .tsv or a LABSTAT flat file),
// or a .zip archive holding any of those. Members of other kinds are skipped.
func OpenBooks(path string) ([]Book, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if st.IsDir() {
		return nil, fmt.Errorf("open %s: is a directory", path)
	}
	if st.Size() == 0 {
		return nil, &ParseError{File: path, Err: ErrEmptyFile}
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".zip":
		return openZip(path)
	case ".xlsx", ".xlsm":
		data, err := os.ReadFile(path) // excelize holds it all anyway
		if err != nil {
			return nil, fmt.Errorf("open %s: %w", path, err)
		}
		b, err := openXLSX(path, data)
		if err != nil {
			return nil, err
		}
		return []Book{b}, nil
	case ".xls":
		return nil, &ParseError{File: path, Err: fmt.Errorf("%w: legacy .xls (BIFF) workbooks are not supported; save it as .xlsx or .csv", ErrNotWorkbook)}
	default:
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", path, err)
		}
		return []Book{&textBook{name: path, data: data}}, nil
	}
}

func openZip(path string) ([]Book, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, &ParseError{File: path, Err: fmt.Errorf("not a readable zip archive: %w", err)}
	}
	defer zr.Close()
	var books []Book
	for _, m := range zr.File {
		if m.FileInfo().IsDir() || strings.HasPrefix(filepath.Base(m.Name), ".") || strings.Contains(m.Name, "__MACOSX") {
			continue
		}
		name := path + ":" + m.Name
		ext := strings.ToLower(filepath.Ext(m.Name))
		if ext != ".xlsx" && ext != ".csv" && ext != ".txt" && ext != ".tsv" {
			continue
		}
		if m.UncompressedSize64 > maxZipMember {
			return nil, &ParseError{File: name, Err: fmt.Errorf("member expands to %d bytes, over the %d-byte bound", m.UncompressedSize64, int64(maxZipMember))}
		}
		rc, err := m.Open()
		if err != nil {
			return nil, &ParseError{File: name, Err: err}
		}
		data, err := io.ReadAll(io.LimitReader(rc, maxZipMember+1))
		rc.Close()
		if err != nil {
			return nil, &ParseError{File: name, Err: fmt.Errorf("read zip member: %w", err)}
		}
		if len(data) > maxZipMember {
			return nil, &ParseError{File: name, Err: fmt.Errorf("member expands past the %d-byte bound", int64(maxZipMember))}
		}
		if ext == ".xlsx" {
			b, err := openXLSX(name, data)
			if err != nil {
				return nil, err
			}
			books = append(books, b)
			continue
		}
		books = append(books, &textBook{name: name, data: data})
	}
	if len(books) == 0 {
		return nil, &ParseError{File: path, Err: fmt.Errorf("%w: the zip archive holds no .xlsx, .csv or .txt member", ErrNoData)}
	}
	return books, nil
}

// xlsxBook streams sheets with excelize's row iterator, so a 400k-row
// all_data workbook is never held as a whole grid.
type xlsxBook struct {
	name string
	f    *excelize.File
}

// openXLSX opens a workbook held in memory, named name in messages.
func openXLSX(name string, data []byte) (Book, error) {
	if err := checkSheetsEnd(name, data); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, &ParseError{File: name, Err: fmt.Errorf("%w: %v", ErrNotWorkbook, err)}
	}
	return &xlsxBook{name: name, f: f}, nil
}

// checkSheetsEnd refuses a workbook a worksheet of which stops before its
// closing tag: excelize's row iterator ends quietly at the first XML error,
// so a sheet cut short (a writer killed mid-file, then zipped) would read as
// a shorter sheet and lose rows without a word.
func checkSheetsEnd(name string, data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil // excelize says what is wrong with the archive
	}
	for _, m := range zr.File {
		if !strings.HasPrefix(m.Name, "xl/worksheets/") || !strings.HasSuffix(m.Name, ".xml") {
			continue
		}
		rc, err := m.Open()
		if err != nil {
			return &ParseError{File: name, Err: fmt.Errorf("%w: %s: %v", ErrNotWorkbook, m.Name, err)}
		}
		var tail tailWriter
		_, err = io.Copy(&tail, rc)
		rc.Close()
		if err != nil {
			return &ParseError{File: name, Err: fmt.Errorf("%w: %s: %v", ErrNotWorkbook, m.Name, err)}
		}
		if !bytes.HasSuffix(bytes.TrimSpace(tail.last), []byte("</worksheet>")) {
			return &ParseError{File: name, Err: fmt.Errorf("%w: worksheet %s is cut short (it ends before </worksheet>)", ErrNotWorkbook, m.Name)}
		}
	}
	return nil
}

// tailWriter keeps the last bytes written to it.
type tailWriter struct{ last []byte }

func (w *tailWriter) Write(p []byte) (int, error) {
	const keep = 64
	w.last = append(w.last, p[max(0, len(p)-keep):]...)
	if len(w.last) > keep {
		w.last = append(w.last[:0], w.last[len(w.last)-keep:]...)
	}
	return len(p), nil
}

func (b *xlsxBook) File() string     { return b.name }
func (b *xlsxBook) Sheets() []string { return b.f.GetSheetList() }
func (b *xlsxBook) Close() error     { return b.f.Close() }

func (b *xlsxBook) Open(sheet string) (Grid, error) {
	rows, err := b.f.Rows(sheet)
	if err != nil {
		return nil, &ParseError{File: b.name, Sheet: sheet, Err: fmt.Errorf("read sheet: %w", err)}
	}
	return &xlsxGrid{book: b.name, sheet: sheet, rows: rows}, nil
}

type xlsxGrid struct {
	book, sheet string
	rows        *excelize.Rows
	numbers     bool // numbers as stored, not as displayed (OpenNumbers)
	cur         []string
	n           int
	err         error
}

// OpenNumbers opens sheet of b as Open does, except that a workbook's
// numeric cells read as the numbers they hold, not as their number format
// displays them: "57380" and "37.66" where Open reads "57,380" and
// "37.660". Formatting each cell was a third of reading an OEWS workbook
// (excelize parses the format for every cell). A workbook with any style
// whose format shows a number as something else (a percentage, a date or
// time) opens as Open does, formatted: its stored values would read as the
// bare fraction or day number. Text files open as usual.
func OpenNumbers(b Book, sheet string) (Grid, error) {
	x, ok := b.(*xlsxBook)
	if !ok || !x.plainNumberFormats() {
		return b.Open(sheet)
	}
	g, err := x.Open(sheet)
	if err != nil {
		return nil, err
	}
	g.(*xlsxGrid).numbers = true
	return g, nil
}

// plainNumberFormats reports whether every style of the workbook shows a
// number as its own value (General, 0.00, #,##0, currency, scientific,
// text), so reading the stored values loses nothing. It reads the styles,
// not the cells: tens of styles, where a cell's style would take parsing
// the whole sheet.
func (b *xlsxBook) plainNumberFormats() bool {
	for id := 0; ; id++ {
		st, err := b.f.GetStyle(id)
		if err != nil {
			return true // past the last style
		}
		custom := ""
		if st.CustomNumFmt != nil {
			custom = *st.CustomNumFmt
		}
		if !plainNumberFormat(st.NumFmt, custom) {
			return false
		}
	}
}

// plainNumberFormat reports whether Excel's built-in number format id, or
// the custom format code when there is one, shows a number as its value:
// not a percentage (which multiplies it by 100), a date or a time.
func plainNumberFormat(id int, custom string) bool {
	if custom == "" {
		switch {
		case id == 9 || id == 10: // 0%, 0.00%
			return false
		case id >= 14 && id <= 22, id >= 27 && id <= 36, id >= 45 && id <= 47, id >= 50 && id <= 58: // dates and times
			return false
		}
		return true
	}
	// the code without its literal text ("…", \x), its [color], [$-409]
	// and [h] sections
	var code strings.Builder
	for i := 0; i < len(custom); i++ {
		switch c := custom[i]; c {
		case '"':
			if j := strings.IndexByte(custom[i+1:], '"'); j >= 0 {
				i += j + 1
			} else {
				i = len(custom)
			}
		case '\\':
			i++
		case '[':
			if j := strings.IndexByte(custom[i+1:], ']'); j >= 0 {
				section := strings.ToLower(custom[i+1 : i+1+j])
				if strings.Trim(section, "hms") == "" { // [h]:mm elapsed time
					return false
				}
				i += j + 1
			} else {
				i = len(custom)
			}
		default:
			code.WriteByte(c)
		}
	}
	return !strings.ContainsAny(code.String(), "%yYmMdDhHsS")
}

func (g *xlsxGrid) File() string   { return g.book }
func (g *xlsxGrid) Sheet() string  { return g.sheet }
func (g *xlsxGrid) Row() []string  { return g.cur }
func (g *xlsxGrid) RowNumber() int { return g.n }
func (g *xlsxGrid) Err() error     { return g.err }
func (g *xlsxGrid) Close() error   { return g.rows.Close() }

func (g *xlsxGrid) Next() bool {
	if g.err != nil || !g.rows.Next() {
		if g.err == nil && g.rows.Error() != nil {
			g.err = &ParseError{File: g.book, Sheet: g.sheet, Row: g.n + 1, Err: g.rows.Error()}
		}
		return false
	}
	g.n++
	var opts []excelize.Options
	if g.numbers {
		opts = append(opts, excelize.Options{RawCellValue: true})
	}
	cells, err := g.rows.Columns(opts...)
	if err != nil {
		g.err = &ParseError{File: g.book, Sheet: g.sheet, Row: g.n, Err: err}
		return false
	}
	for i, c := range cells {
		cells[i] = CleanCell(c)
		if g.numbers {
			cells[i] = shortestNumber(cells[i])
		}
	}
	g.cur = cells
	return true
}

// shortestNumber writes a stored decimal number the shortest way that reads
// back as the same float64: Excel stores 37.66 as "37.659999999999997" and
// 0.07 as "7.0000000000000007E-2". Anything else (integers, codes, text,
// "inf") is returned as it is.
func shortestNumber(s string) string {
	if !strings.ContainsAny(s, ".eE") || strings.Trim(s, "0123456789.eE+-") != "" {
		return s
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return s
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// textBook is a delimited text file held in memory (BLS text files are at
// most tens of megabytes; postings files stream through their own reader).
type textBook struct {
	name string
	data []byte
}

func (b *textBook) File() string     { return b.name }
func (b *textBook) Sheets() []string { return []string{""} }
func (b *textBook) Close() error     { return nil }

func (b *textBook) Open(string) (Grid, error) {
	data := bytes.TrimPrefix(b.data, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &ParseError{File: b.name, Err: ErrEmptyFile}
	}
	if !utf8.Valid(data) {
		// Excel on Windows writes CSV in its ANSI code page; Windows-1252
		// decodes every byte, so this never fails and keeps € and curly quotes.
		dec, err := charmap.Windows1252.NewDecoder().Bytes(data)
		if err != nil {
			return nil, &ParseError{File: b.name, Err: fmt.Errorf("decode as Windows-1252: %w", err)}
		}
		data = dec
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = SniffDelimiter(data)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	r.ReuseRecord = true
	return &textGrid{name: b.name, r: r}, nil
}

type textGrid struct {
	name string
	r    *csv.Reader
	cur  []string
	line int
	err  error
}

func (g *textGrid) File() string   { return g.name }
func (g *textGrid) Sheet() string  { return "" }
func (g *textGrid) Row() []string  { return g.cur }
func (g *textGrid) RowNumber() int { return g.line }
func (g *textGrid) Err() error     { return g.err }
func (g *textGrid) Close() error   { return nil }

func (g *textGrid) Next() bool {
	if g.err != nil {
		return false
	}
	rec, err := g.r.Read()
	if errors.Is(err, io.EOF) {
		return false
	}
	if err != nil {
		var pe *csv.ParseError
		line := g.line + 1
		if errors.As(err, &pe) {
			line = pe.StartLine
		}
		g.err = &ParseError{File: g.name, Row: line, Err: err}
		return false
	}
	g.line, _ = g.r.FieldPos(0)
	for i, c := range rec {
		rec[i] = CleanCell(c)
	}
	g.cur = rec
	return true
}

// SniffDelimiter picks the delimiter of a text file from its first line:
// the most frequent of tab, semicolon, comma and pipe outside quotes.
func SniffDelimiter(data []byte) rune {
	line, _ := bufio.NewReader(bytes.NewReader(data)).ReadSlice('\n')
	counts := map[rune]int{}
	inQuote := false
	for _, c := range string(line) {
		switch {
		case c == '"':
			inQuote = !inQuote
		case !inQuote && (c == ',' || c == ';' || c == '\t' || c == '|'):
			counts[c]++
		}
	}
	best, bestN := ',', 0
	for _, c := range []rune{',', '\t', ';', '|'} {
		if counts[c] > bestN {
			best, bestN = c, counts[c]
		}
	}
	return best
}

// CleanCell trims a cell and unwraps Excel's text-forcing formula ="29-2010".
func CleanCell(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 3 && s[0] == '=' && s[1] == '"' && s[len(s)-1] == '"' {
		s = strings.ReplaceAll(s[2:len(s)-1], `""`, `"`)
	}
	return s
}
