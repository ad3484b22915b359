package ingest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// PostingFields are the canonical posting fields (DESIGN.md) in the column
// order of raw_postings__postings.
var PostingFields = []string{
	"id", "title", "employer", "employer_type", "industry", "company_size", "location", "city", "state",
	"country", "remote", "pay_min", "pay_max", "pay_point", "pay_period", "pay_text", "currency",
	"experience", "years_experience", "employment_type", "posted_date", "description",
	"soc_code_hint", "posting_type",
}

const postingsTable = "raw_postings__postings"

// ErrMapping marks a column mapping that does not fit the file: a
// configuration error, reported with the header that was found.
var ErrMapping = errors.New("column mapping does not fit the file")

// PostingMapping says how a dataset's columns become canonical fields.
type PostingMapping struct {
	Columns     map[string]string   // canonical field → source column name, or "#N" for the N-th column
	Constants   map[string]string   // canonical field → value for every row
	EmptyValues map[string][]string // canonical field, or "*" for all, → values that mean "empty"
	Format      string              // csv | tsv | json | jsonl | parquet; empty: from the file extension
}

// Validate checks the mapping's field names.
func (m PostingMapping) Validate() error {
	known := map[string]bool{}
	for _, f := range PostingFields {
		known[f] = true
	}
	var bad []string
	for f := range m.Columns {
		if !known[f] {
			bad = append(bad, f)
		}
	}
	for f := range m.Constants {
		if !known[f] {
			bad = append(bad, f)
		}
	}
	if len(bad) > 0 {
		sort.Strings(bad)
		return fmt.Errorf("%w: unknown posting field(s) %s (fields: %s)", ErrMapping, strings.Join(bad, ", "), strings.Join(PostingFields, ", "))
	}
	if len(m.Columns) == 0 {
		return fmt.Errorf("%w: no columns mapped", ErrMapping)
	}
	switch m.Format {
	case "", "csv", "tsv", "json", "jsonl", "parquet":
		return nil
	}
	return fmt.Errorf("%w: format %q is not csv, tsv, json, jsonl or parquet", ErrMapping, m.Format)
}

// postingFormat is the mapping's format or the one the extension implies.
func postingFormat(path, format string) string {
	if format != "" {
		return format
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".json":
		return "json"
	case ".jsonl", ".ndjson":
		return "jsonl"
	case ".parquet":
		return "parquet"
	case ".tsv", ".tab":
		return "tsv"
	}
	return "csv"
}

// IngestPostings reads a posting dataset (CSV/TSV, JSON, JSON Lines or
// Parquet) and writes one raw_postings__postings row per record, mapped by
// src.Postings. Ragged rows and rows with an empty mapped title are
// rejected with a reason; the rest of the file goes on.
func IngestPostings(ctx context.Context, src Source, sink Sink) (res Result, err error) {
	if src.Postings == nil {
		return res, fmt.Errorf("source %s: %w: postings need a preset or columns", src.Name, ErrMapping)
	}
	m := *src.Postings
	if err := m.Validate(); err != nil {
		return res, fmt.Errorf("source %s: %w", src.Name, err)
	}
	st, err := os.Stat(src.Path)
	if err != nil {
		return res, fmt.Errorf("open %s: %w", src.Path, err)
	}
	if st.Size() == 0 {
		return res, &ParseError{File: src.Path, Err: ErrEmptyFile}
	}
	format := postingFormat(src.Path, m.Format)
	// Every format is read in Go, so loading runs beside reading.
	async := NewAsyncSink(ctx, sink)
	defer func() {
		if cerr := async.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	sink = async
	w := &postingWriter{
		out: NewRawWriter(sink, postingsTable, src.FileID, PostingFields),
		rej: NewRejects(sink, src.FileID),
		m:   m, file: src.Path,
	}
	switch format {
	case "parquet":
		err = scanParquet(ctx, src.Path, w)
	case "json", "jsonl":
		err = scanJSON(ctx, src.Path, w)
	default:
		err = scanDelimited(ctx, src.Path, m.Format == "tsv", w)
	}
	if err != nil {
		return res, err
	}
	if w.header == nil {
		return res, &ParseError{File: src.Path, Err: ErrNoData}
	}
	if err := w.out.Close(ctx); err != nil {
		return res, err
	}
	if err := w.rej.Close(ctx); err != nil {
		return res, err
	}
	res.Rows, res.Rejected = w.out.Rows(), w.rej.Count()
	switch {
	case res.Rows == 0 && res.Rejected == 0:
		return res, &ParseError{File: src.Path, Err: fmt.Errorf("%w: the file has a header but no data rows", ErrNoData)}
	case res.Rows == 0:
		return res, &ParseError{File: src.Path, Err: fmt.Errorf("%w: %s", ErrNoData,
			w.rej.explain(fmt.Sprintf("all %d records were rejected", res.Rejected)))}
	}
	if w.recoded > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("%d records were not valid UTF-8 and were decoded as Windows-1252", w.recoded))
	}
	res.Release = src.Release
	return res, nil
}

// postingWriter maps records onto canonical fields as they stream past.
type postingWriter struct {
	out    *RawWriter
	rej    *Rejects
	m      PostingMapping
	file   string
	header []string
	index  []int // per canonical field: source column index, -1 constant or absent
	// per canonical field, resolved once from the mapping: its constant
	// (index -1), and the values that mean empty (its own and "*"'s)
	constants   []string
	emptyValues [][]string
	titleMapped bool
	cells       []string
	recoded     int
}

// bind resolves the mapping against the header once.
func (w *postingWriter) bind(header []string) error {
	w.header = append([]string(nil), header...)
	pos := map[string]int{}
	for i, h := range header {
		key := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, dup := pos[key]; !dup {
			pos[key] = i
		}
	}
	w.index = make([]int, len(PostingFields))
	w.cells = make([]string, len(PostingFields))
	w.constants = make([]string, len(PostingFields))
	w.emptyValues = make([][]string, len(PostingFields))
	_, w.titleMapped = w.m.Columns["title"]
	for i, f := range PostingFields {
		w.index[i] = -1
		w.constants[i] = w.m.Constants[f]
		w.emptyValues[i] = append(slices.Clone(w.m.EmptyValues[f]), w.m.EmptyValues["*"]...)
		col, ok := w.m.Columns[f]
		if !ok {
			continue
		}
		if n, err := strconv.Atoi(strings.TrimPrefix(col, "#")); strings.HasPrefix(col, "#") && err == nil {
			if n < 1 || n > len(header) {
				return w.mappingError(f, col)
			}
			w.index[i] = n - 1
			continue
		}
		j, found := pos[strings.ToLower(strings.TrimSpace(col))]
		if !found {
			return w.mappingError(f, col)
		}
		w.index[i] = j
	}
	return nil
}

func (w *postingWriter) mappingError(field, col string) error {
	return &ParseError{File: w.file, Row: 1, Column: col,
		Err: fmt.Errorf("%w: columns.%s names %q, which is not in the header (found: %s)", ErrMapping, field, col, strings.Join(quoteAll(w.header), ", "))}
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strconv.Quote(s)
	}
	return out
}

// add maps one record; header is passed with every record so the JSON
// readers, whose keys can vary, share the path.
func (w *postingWriter) add(ctx context.Context, header, row []string, rowNumber int) error {
	if w.header == nil {
		if err := w.bind(header); err != nil {
			return err
		}
	}
	if len(row) != len(w.header) {
		if isBlankRow(row) {
			return nil
		}
		text := strings.Join(row, ",")
		if !utf8.ValidString(text) {
			w.recoded++ // Rejects.Add decodes it
		}
		return w.rej.Add(ctx, "", rowNumber, "", truncate(text, 200),
			fmt.Sprintf("ragged row: %d fields where the header has %d", len(row), len(w.header)))
	}
	recoded := false
	for i := range PostingFields {
		v := w.constants[i]
		if j := w.index[i]; j >= 0 {
			v = strings.TrimSpace(row[j])
			if !utf8.ValidString(v) {
				v, recoded = validUTF8(v), true
			}
		}
		if slices.Contains(w.emptyValues[i], v) {
			v = ""
		}
		w.cells[i] = v
	}
	if recoded {
		w.recoded++
	}
	if w.titleMapped && w.cells[1] == "" {
		return w.rej.Add(ctx, "", rowNumber, w.m.Columns["title"], "", "empty title")
	}
	return w.out.Append(ctx, "", rowNumber, w.cells)
}

// truncate shortens s to at most n bytes, cut at a character boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// scanDelimited streams a delimited text file: BOM, CRLF, quoted multi-line
// fields; the delimiter is sniffed from the first line unless tsv is set.
func scanDelimited(ctx context.Context, path string, tsv bool, w *postingWriter) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<20)
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\xef\xbb\xbf")) {
		_, _ = br.Discard(3)
	}
	head, _ := br.Peek(64 << 10)
	r := csv.NewReader(br)
	r.Comma = SniffDelimiter(head)
	if tsv {
		r.Comma = '\t'
	}
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	r.ReuseRecord = true
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return &ParseError{File: path, Err: ErrEmptyFile}
	}
	if err != nil {
		return &ParseError{File: path, Row: 1, Err: err}
	}
	header = append([]string(nil), header...)
	if err := w.bind(header); err != nil {
		return err
	}
	for n := 0; ; n++ {
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			if rerr := w.rej.Add(ctx, "", line, "", "", "unreadable record: "+err.Error()); rerr != nil {
				return rerr
			}
			continue
		}
		if err := w.add(ctx, header, rec, line); err != nil {
			return err
		}
	}
}

// scanJSON reads a JSON array of objects or JSON Lines (one object a line).
// Keys become the header (sorted, from the first record); numbers keep
// their text; null is empty; nested values are kept as JSON text.
func scanJSON(ctx context.Context, path string, w *postingWriter) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<20)
	first, err := firstNonSpace(br)
	if err != nil {
		return &ParseError{File: path, Err: ErrEmptyFile}
	}
	dec := json.NewDecoder(br)
	dec.UseNumber()
	if first == '[' {
		if _, err := dec.Token(); err != nil {
			return &ParseError{File: path, Err: err}
		}
	}
	var header []string
	for n := 1; dec.More(); n++ {
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		var obj map[string]any
		if err := dec.Decode(&obj); err != nil {
			return &ParseError{File: path, Row: n, Err: fmt.Errorf("record %d: %w", n, err)}
		}
		if header == nil {
			for k := range obj {
				header = append(header, k)
			}
			sort.Strings(header)
		}
		row := make([]string, len(header))
		for i, k := range header {
			row[i] = jsonText(obj[k])
		}
		if err := w.add(ctx, header, row, n); err != nil {
			return err
		}
	}
	if header == nil {
		return &ParseError{File: path, Err: ErrNoData}
	}
	return nil
}

func firstNonSpace(br *bufio.Reader) (byte, error) {
	for {
		b, err := br.ReadByte()
		if err != nil {
			return 0, err
		}
		if b == 0xef { // a UTF-8 BOM
			_, _ = br.Discard(2)
			continue
		}
		if b != ' ' && b != '\n' && b != '\r' && b != '\t' {
			return b, br.UnreadByte()
		}
	}
}

func jsonText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	}
	b, _ := json.Marshal(v)
	return string(b)
}
