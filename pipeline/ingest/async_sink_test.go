package ingest

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// failingSink passes batches on to a memorySink until batch failAt, which
// fails; release, when set, holds each load until it is closed.
type failingSink struct {
	next    *memorySink
	failAt  int
	loads   int
	release chan struct{}
}

func (s *failingSink) Load(ctx context.Context, table string, rec arrow.RecordBatch) error {
	if s.release != nil {
		<-s.release
	}
	s.loads++
	if s.loads == s.failAt {
		return errors.New("disk full")
	}
	return s.next.Load(ctx, table, rec)
}

// numberBatch is a one-column batch holding the number n.
func numberBatch(alloc memory.Allocator, n int64) arrow.RecordBatch {
	schema := arrow.NewSchema([]arrow.Field{{Name: "n", Type: arrow.PrimitiveTypes.Int64}}, nil)
	b := array.NewRecordBuilder(alloc, schema)
	defer b.Release()
	b.Field(0).(*array.Int64Builder).Append(n)
	return b.NewRecordBatch()
}

func TestAsyncSink(t *testing.T) {
	tests := []struct {
		name      string
		batches   int
		failAt    int    // 0: no load fails
		wantRows  string // the numbers loaded, in order
		wantError string
	}{
		{name: "every batch, in order", batches: 6, wantRows: "0 1 2 3 4 5"},
		{name: "a failed load stops the rest", batches: 6, failAt: 3, wantRows: "0 1", wantError: "disk full"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
			mem := newMemorySink()
			async := NewAsyncSink(context.Background(), &failingSink{next: mem, failAt: tc.failAt})
			var loadErr error
			for i := range tc.batches {
				rec := numberBatch(alloc, int64(i))
				if err := async.Load(context.Background(), "numbers", rec); err != nil && loadErr == nil {
					loadErr = err
				}
				rec.Release() // as RawWriter does: the sink keeps its own reference
			}
			closeErr := async.Close()
			var got string
			for i, row := range mem.rows["numbers"] {
				if i > 0 {
					got += " "
				}
				got += row[0]
			}
			if got != tc.wantRows {
				t.Errorf("loaded %q, want %q", got, tc.wantRows)
			}
			if tc.wantError == "" && (closeErr != nil || loadErr != nil) {
				t.Errorf("Load error %v, Close error %v; want none", loadErr, closeErr)
			}
			if tc.wantError != "" && (closeErr == nil || closeErr.Error() != tc.wantError) {
				t.Errorf("Close error %v, want %q", closeErr, tc.wantError)
			}
			alloc.AssertSize(t, 0) // every batch released, loaded or dropped
		})
	}
}

func TestAsyncSinkCancelledWhileQueueFull(t *testing.T) {
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	release := make(chan struct{})
	async := NewAsyncSink(context.Background(), &failingSink{next: newMemorySink(), release: release})
	ctx, cancel := context.WithCancel(context.Background())
	// The loader holds the first batch, the queue the next asyncDepth; one
	// more cannot be queued, and cancelling gives up on it.
	for i := range 1 + asyncDepth {
		rec := numberBatch(alloc, int64(i))
		if err := async.Load(ctx, "numbers", rec); err != nil {
			t.Fatalf("Load %d: %v", i, err)
		}
		rec.Release()
	}
	cancel()
	rec := numberBatch(alloc, 99)
	err := async.Load(ctx, "numbers", rec)
	rec.Release()
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Load with a full queue after cancel: %v, want context.Canceled", err)
	}
	close(release)
	if err := async.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	alloc.AssertSize(t, 0)
}

// streamingSink is a StreamSink over a memorySink: each LoadStream is one
// statement, which reads its stream batch by batch. It fails at batch
// failAt of all it reads, or, with quitAt, returns early without an error.
type streamingSink struct {
	*memorySink
	failAt, quitAt int
	reads          int
	statements     []string // the table of each LoadStream, in order
}

func (s *streamingSink) LoadStream(ctx context.Context, table string, rdr array.RecordReader) error {
	s.statements = append(s.statements, table)
	for rdr.Next() {
		s.reads++
		switch s.reads {
		case s.failAt:
			return errors.New("disk full")
		case s.quitAt:
			return nil
		}
		if err := s.memorySink.Load(ctx, table, rdr.RecordBatch()); err != nil {
			return err
		}
	}
	return nil
}

func TestAsyncSinkStreams(t *testing.T) {
	type batch struct {
		table string
		n     int64
	}
	tests := []struct {
		name           string
		batches        []batch
		failAt, quitAt int
		wantRows       map[string]string // table → the numbers loaded, in order
		wantStatements string
		wantError      string
	}{
		{
			name:           "a run of batches for one table is one statement",
			batches:        []batch{{"numbers", 0}, {"numbers", 1}, {"numbers", 2}, {"rejects", 7}, {"numbers", 3}, {"numbers", 4}},
			wantRows:       map[string]string{"numbers": "0 1 2 3 4", "rejects": "7"},
			wantStatements: "numbers rejects numbers",
		},
		{
			name:           "a failed statement stops the rest",
			batches:        []batch{{"numbers", 0}, {"numbers", 1}, {"numbers", 2}, {"rejects", 7}, {"numbers", 3}},
			failAt:         3,
			wantRows:       map[string]string{"numbers": "0 1", "rejects": ""},
			wantStatements: "numbers",
			wantError:      "disk full",
		},
		{
			name:           "a statement that stops reading early is an error",
			batches:        []batch{{"numbers", 0}, {"numbers", 1}, {"numbers", 2}},
			quitAt:         2,
			wantRows:       map[string]string{"numbers": "0"},
			wantStatements: "numbers",
			wantError:      "load numbers: the statement stopped before the stream's end",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
			sink := &streamingSink{memorySink: newMemorySink(), failAt: tc.failAt, quitAt: tc.quitAt}
			async := NewAsyncSink(context.Background(), sink)
			for _, b := range tc.batches {
				rec := numberBatch(alloc, b.n)
				_ = async.Load(context.Background(), b.table, rec) // a failure is also Close's error
				rec.Release()
			}
			closeErr := async.Close()
			for table, want := range tc.wantRows {
				if got := strings.Join(columnValues(sink.Rows(table), "n"), " "); got != want {
					t.Errorf("%s: loaded %q, want %q", table, got, want)
				}
			}
			if got := strings.Join(sink.statements, " "); got != tc.wantStatements {
				t.Errorf("statements %q, want %q", got, tc.wantStatements)
			}
			switch {
			case tc.wantError == "" && closeErr != nil:
				t.Errorf("Close error %v, want none", closeErr)
			case tc.wantError != "" && (closeErr == nil || closeErr.Error() != tc.wantError):
				t.Errorf("Close error %v, want %q", closeErr, tc.wantError)
			}
			alloc.AssertSize(t, 0) // every batch released, loaded or dropped
		})
	}
}
