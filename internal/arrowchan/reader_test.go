package arrowchan

import (
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

var numbers = arrow.NewSchema([]arrow.Field{{Name: "n", Type: arrow.PrimitiveTypes.Int64}}, nil)

func batchOf(alloc memory.Allocator, n int64) arrow.RecordBatch {
	b := array.NewRecordBuilder(alloc, numbers)
	defer b.Release()
	b.Field(0).(*array.Int64Builder).Append(n)
	return b.NewRecordBatch()
}

func TestReader(t *testing.T) {
	tests := []struct {
		name      string
		sent      int
		read      int // batches read before the reader is drained (-1: to the end)
		wantSum   int64
		wantEnded bool
	}{
		{name: "read to the end", sent: 4, read: -1, wantSum: 0 + 1 + 2 + 3, wantEnded: true},
		{name: "stopped early, then drained", sent: 4, read: 2, wantSum: 0 + 1},
		{name: "nothing sent", sent: 0, read: -1, wantEnded: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
			ch := make(chan arrow.RecordBatch, tc.sent)
			for i := range tc.sent {
				ch <- batchOf(alloc, int64(i))
			}
			close(ch)
			r := NewReader(numbers, ch)
			if !r.Schema().Equal(numbers) {
				t.Fatalf("schema %v", r.Schema())
			}
			var sum int64
			for i := 0; tc.read < 0 || i < tc.read; i++ {
				if !r.Next() {
					break
				}
				sum += r.RecordBatch().Column(0).(*array.Int64).Value(0)
			}
			if r.Ended() != tc.wantEnded {
				t.Errorf("Ended() = %v, want %v", r.Ended(), tc.wantEnded)
			}
			r.Drain()
			if sum != tc.wantSum {
				t.Errorf("read %d, want %d", sum, tc.wantSum)
			}
			alloc.AssertSize(t, 0) // every batch released, read or drained
		})
	}
}
