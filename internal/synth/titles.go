package synth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/wagescope/wagescope/pipeline/ingest"
)

// Title is one dictionary title and the O*NET-SOC occupation it belongs to.
type Title struct {
	Title string // as O*NET lists it: "Medical Technologist", "Lab Tech"
	Code  string // O*NET-SOC code: "29-2011.00"
}

// SOC is the 6-digit SOC code of the title's occupation ("29-2011").
func (t Title) SOC() string {
	if i := strings.IndexByte(t.Code, '.'); i > 0 {
		return t.Code[:i]
	}
	return t.Code
}

// DefaultTitleFiles returns the O*NET title lists the command reads by
// default, relative to the repository root.
func DefaultTitleFiles() []string {
	return []string{
		"../shared/data/bls/crosswalks/onet/Alternate Titles.xlsx",
		"../shared/data/bls/crosswalks/onet/Sample of Reported Titles.xlsx",
	}
}

// LoadTitles reads O*NET Alternate Titles and Sample of Reported Titles
// lists (.xlsx, the database's .txt files, or a .zip of them) with the
// project's own reader, ingest.IngestONET, and returns their titles in file
// order, without repeats: a title listed twice for the same occupation
// (in either list, in any letter case) is kept once.
func LoadTitles(ctx context.Context, paths ...string) ([]Title, error) {
	if len(paths) == 0 {
		return nil, errors.New("load titles: no title files given")
	}
	sink := &titleSink{seen: map[string]bool{}}
	for _, p := range paths {
		if _, err := ingest.IngestONET(ctx, ingest.Source{Name: "titles", Path: p}, sink); err != nil {
			return nil, fmt.Errorf("load titles from %s: %w", p, err)
		}
	}
	if len(sink.titles) == 0 {
		return nil, fmt.Errorf("load titles from %s: no titles", strings.Join(paths, ", "))
	}
	return sink.titles, nil
}

// titleSink is the ingest.Sink LoadTitles reads into: it keeps the
// alternate_title and onet_code columns of raw_titles__onet and ignores the
// rejects table (IngestONET counts rejects itself).
type titleSink struct {
	titles []Title
	seen   map[string]bool // code + "\x00" + lower-case title
}

// Load implements ingest.Sink.
func (s *titleSink) Load(_ context.Context, table string, rec arrow.RecordBatch) error {
	if table != "raw_titles__onet" {
		return nil
	}
	title, err := stringColumn(rec, "alternate_title")
	if err != nil {
		return err
	}
	code, err := stringColumn(rec, "onet_code")
	if err != nil {
		return err
	}
	for i := 0; i < int(rec.NumRows()); i++ {
		if !title.IsValid(i) || !code.IsValid(i) {
			continue
		}
		t := strings.Join(strings.Fields(title.Value(i)), " ")
		c := strings.TrimSpace(code.Value(i))
		if t == "" || c == "" {
			continue
		}
		key := c + "\x00" + strings.ToLower(t)
		if s.seen[key] {
			continue
		}
		s.seen[key] = true
		// Copy: the batch's memory is released when Load returns.
		s.titles = append(s.titles, Title{Title: strings.Clone(t), Code: strings.Clone(c)})
	}
	return nil
}

func stringColumn(rec arrow.RecordBatch, name string) (*array.String, error) {
	idx := rec.Schema().FieldIndices(name)
	if len(idx) == 0 {
		return nil, fmt.Errorf("raw_titles__onet batch has no column %s", name)
	}
	col, ok := rec.Column(idx[0]).(*array.String)
	if !ok {
		return nil, fmt.Errorf("raw_titles__onet column %s is %s, not a string", name, rec.Column(idx[0]).DataType())
	}
	return col, nil
}

// TitlesDigest is the sha256 of the title list as the generator uses it
// (code, tab, title, newline per title), recorded in the manifest so that a
// run can be reproduced with the same dictionary.
func TitlesDigest(titles []Title) string {
	h := sha256.New()
	for _, t := range titles {
		h.Write([]byte(t.Code))
		h.Write([]byte{'\t'})
		h.Write([]byte(t.Title))
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil))
}
