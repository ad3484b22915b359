package arrowchan

import (
	"context"
	"errors"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

func TestStream(t *testing.T) {
	diskFull := errors.New("disk full")
	tests := []struct {
		name      string
		sent      int
		stopAfter int   // the statement returns after reading this many (-1: reads to the end)
		stopWith  error // and returns this
		wantSum   int64 // of the batches the statement read
		wantSends int   // Sends that succeed
		wantErr   string
	}{
		{name: "every batch read", sent: 5, stopAfter: -1, wantSum: 0 + 1 + 2 + 3 + 4, wantSends: 5},
		{name: "the statement fails", sent: 5, stopAfter: 2, stopWith: diskFull, wantSum: 0 + 1, wantErr: "disk full"},
		{name: "the statement stops early", sent: 5, stopAfter: 2, wantSum: 0 + 1,
			wantErr: "load numbers: the statement stopped before the stream's end"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
			var sum int64
			s := Start("load numbers", numbers, 1, func(r *Reader) error {
				for read := 0; tc.stopAfter < 0 || read < tc.stopAfter; read++ {
					if !r.Next() {
						return nil
					}
					sum += r.RecordBatch().Column(0).(*array.Int64).Value(0)
				}
				return tc.stopWith
			})
			sends := 0
			for i := range tc.sent {
				if s.Send(context.Background(), batchOf(alloc, int64(i))) != nil {
					break
				}
				sends++
			}
			err := s.Finish()
			switch {
			case tc.wantErr == "" && err != nil:
				t.Errorf("Finish: %v, want no error", err)
			case tc.wantErr != "" && (err == nil || err.Error() != tc.wantErr):
				t.Errorf("Finish: %v, want %q", err, tc.wantErr)
			}
			if tc.wantErr == "" && sends != tc.wantSends {
				t.Errorf("%d sends succeeded, want %d", sends, tc.wantSends)
			}
			if sum != tc.wantSum {
				t.Errorf("the statement read %d, want %d", sum, tc.wantSum)
			}
			alloc.AssertSize(t, 0) // every batch released: read, refused or drained
		})
	}
}

// A Send blocked on a statement that reads nothing gives up when its
// context is done, and releases the batch.
func TestStreamSendCancelled(t *testing.T) {
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	release := make(chan struct{})
	s := Start("load numbers", numbers, 0, func(r *Reader) error {
		<-release
		for r.Next() {
		}
		return nil
	})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.Send(ctx, batchOf(alloc, 1)); !errors.Is(err, context.Canceled) {
		t.Errorf("Send after cancel: %v, want context.Canceled", err)
	}
	close(release)
	if err := s.Finish(); err != nil {
		t.Errorf("Finish: %v", err)
	}
	alloc.AssertSize(t, 0)
}
