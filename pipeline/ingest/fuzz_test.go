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
		ingestFuzzed(t, IngestPostings, Source{Postings: m}, "postings."+exts[int(ext)%len(exts)], data)
	})
}

// ingestFuzzed writes data as the file name and reads it with ingest: a
// failure must name the file or the source, and every value loaded into
// any table must be valid UTF-8.
func ingestFuzzed(t *testing.T, ingest func(context.Context, Source, Sink) (Result, error), src Source, name string, data []byte) {
	t.Helper()
	src.Name, src.FileID, src.Path = "fuzz", 1, filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(src.Path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	sink := newMemorySink()
	if _, err := ingest(context.Background(), src, sink); err != nil {
		if msg := err.Error(); !strings.Contains(msg, src.Path) && !strings.Contains(msg, "source fuzz") {
			t.Fatalf("%s: an error that names neither the file nor the source: %v", name, err)
		}
		return
	}
	for table, rows := range sink.rows {
		for _, row := range rows {
			for _, v := range row {
				if !utf8.ValidString(v) {
					t.Fatalf("%s: %s: loaded invalid UTF-8 %q", name, table, v)
				}
			}
		}
	}
}

// FuzzIngestBLS reads arbitrary bytes as each BLS file kind, named as BLS
// names them, with the shipped samples as seeds: a damaged or unexpected
// file fails its source with an error naming it, never a panic, and what
// is loaded is valid UTF-8.
// `go test -run '^$' -fuzz FuzzIngestBLS ./pipeline/ingest/`.
func FuzzIngestBLS(f *testing.F) {
	kinds := []struct {
		file   string
		ingest func(context.Context, Source, Sink) (Result, error)
		sample string
	}{
		{"national_M2022_dl.csv", IngestOEWS, "national_M2022_dl.csv"},
		{"state_M2023_dl.csv", IngestOEWS, "state_M2023_dl_sample.csv"},
		{"national_M2023_dl.xlsx", IngestOEWS, "national_M2023_dl.xlsx"},
		{"ep_2022-32.csv", IngestProjections, "ep_2022-32_sample.csv"},
		{"cu.data.1.AllItems", IngestCPI, "cu.data.1.AllItems.sample"},
		{"soc_structure_2018.xlsx", IngestSOC, "soc_structure_2018_sample.xlsx"},
	}
	for i, k := range kinds {
		b, err := os.ReadFile(filepath.Join("..", "..", "data", "sample", k.sample))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, uint8(i))
		if len(b) > 600 && !strings.HasSuffix(k.file, ".xlsx") {
			f.Add(b[:600], uint8(i)) // cut mid-row, as a truncated download is
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, kind uint8) {
		k := kinds[int(kind)%len(kinds)]
		ingestFuzzed(t, k.ingest, Source{}, k.file, data)
	})
}
