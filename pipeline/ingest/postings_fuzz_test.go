package ingest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzIngestPostings reads arbitrary bytes as a posting file of each
// format. Whatever the bytes, the reader returns (no panic), a failure
// names the file or the source, and every value it loads is valid UTF-8
// (DuckDB refuses anything else, which would fail the whole load).
// `go test -run '^$' -fuzz FuzzIngestPostings ./pipeline/ingest/`.
func FuzzIngestPostings(f *testing.F) {
	header := "Job Title,Salary,Location\r\n"
	for _, s := range []string{
		"\ufeff" + header + "\"Medical Technologist\nNights\",\"$25 - $30 Per Hour\",\"Boston, MA\"\r\nLab Tech,-1,Remote\r\n",
		header + "Caf\xe9 Manager,\xa330k pa,London\n",
		header + "MLS,$70K,\"Reno, NV\"\nonly,two\n,$50K,Ohio\n",
		"Job Title;Salary;Location\nMLT;$40K;Austin, TX\n",
		"Job Title\tSalary\tLocation\nMLT\t$40K\tAustin, TX\n",
		`[{"Job Title": "Phlebotomist", "Salary": 38000, "Location": null}, {"Job Title": "RN", "Salary": "$40/hr"}]`,
		"{\"Job Title\": \"MLT\", \"Salary\": \"$20/hr\", \"Location\": \"Utah\"}\n{\"Job Title\": \"MLS\"}\n",
		header + "\"unterminated,$1,x\n",
		`[{"Job Title": ["a", {"b": 1}], "Salary": {"min": 1}}]`,
	} {
		for ext := range uint8(4) {
			f.Add([]byte(s), ext)
		}
	}
	m := &PostingMapping{Columns: map[string]string{"title": "Job Title", "pay_text": "Salary", "location": "Location"},
		Constants: map[string]string{"currency": "USD"}, EmptyValues: map[string][]string{"*": {"-1"}}}
	exts := []string{"csv", "tsv", "json", "jsonl"}
	f.Fuzz(func(t *testing.T, data []byte, ext uint8) {
		path := filepath.Join(t.TempDir(), "postings."+exts[int(ext)%len(exts)])
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		sink := newMemorySink()
		_, err := IngestPostings(context.Background(), Source{Name: "fuzz", FileID: 1, Path: path, Postings: m}, sink)
		if err != nil {
			if msg := err.Error(); !strings.Contains(msg, path) && !strings.Contains(msg, "source fuzz") {
				t.Fatalf("an error that names neither the file nor the source: %v", err)
			}
			return
		}
		for _, table := range []string{postingsTable, "rejects"} {
			for _, row := range sink.Rows(table) {
				for _, v := range row {
					if !utf8.ValidString(v) {
						t.Fatalf("%s: loaded invalid UTF-8 %q", table, v)
					}
				}
			}
		}
	})
}
