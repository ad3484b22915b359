package synth

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/wagescope/wagescope/pipeline/ingest"
)

// discardSink takes the raw batches and drops them.
type discardSink struct{ rows int64 }

func (s *discardSink) Load(_ context.Context, _ string, rec arrow.RecordBatch) error {
	s.rows += rec.NumRows()
	return nil
}

// BenchmarkIngestSyntheticCSV reads 300,000 generated postings with the
// synthetic preset into Arrow batches (the sink drops them): the Go side
// of the ingest stage, which runs beside DuckDB's loading of the batches.
func BenchmarkIngestSyntheticCSV(b *testing.B) {
	ts, err := loadTitles()
	if err != nil {
		b.Skipf("the O*NET title lists from ../shared: %v", err)
	}
	const rows = 300_000
	var body bytes.Buffer
	if _, err := WriteCSV(context.Background(), &body, Options{Rows: rows, Seed: 1, Titles: ts}); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), FileName(rows, FormatCSV))
	if err := os.WriteFile(path, body.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	m := presetMapping(b, "synthetic")
	b.SetBytes(int64(body.Len()))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		sink := &discardSink{}
		res, err := ingest.IngestPostings(context.Background(), ingest.Source{Name: "synthetic", Path: path, FileID: 1, Postings: &m}, sink)
		if err != nil {
			b.Fatal(err)
		}
		if res.Rows < rows*9/10 {
			b.Fatalf("%d rows read of %d", res.Rows, rows)
		}
	}
}
