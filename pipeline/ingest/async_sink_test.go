package ingest

import (
	"context"
	"errors"
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
