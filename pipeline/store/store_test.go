package store

import (
	"context"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

func TestLoadAppendsArrowBatchesByName(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t, Options{})
	if err := db.Exec(ctx, "CREATE TABLE t (a VARCHAR, n BIGINT, extra VARCHAR)"); err != nil {
		t.Fatal(err)
	}
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "n", Type: arrow.PrimitiveTypes.Int64},
		{Name: "a", Type: arrow.BinaryTypes.String, Nullable: true},
	}, nil)
	for batch := 0; batch < 3; batch++ {
		b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
		for i := 0; i < 1000; i++ {
			b.Field(0).(*array.Int64Builder).Append(int64(batch*1000 + i))
			if i%10 == 0 {
				b.Field(1).(*array.StringBuilder).AppendNull()
			} else {
				b.Field(1).(*array.StringBuilder).Append("x")
			}
		}
		rec := b.NewRecordBatch()
		if err := db.Load(ctx, "t", rec); err != nil {
			t.Fatalf("batch %d: %v", batch, err)
		}
		rec.Release()
		b.Release()
	}
	var rows, nulls, sum int64
	if err := db.QueryRow(ctx, "SELECT count(*), count(*) FILTER (a IS NULL), sum(n) FROM t").Scan(&rows, &nulls, &sum); err != nil {
		t.Fatal(err)
	}
	if rows != 3000 || nulls != 300 || sum != 2999*3000/2 {
		t.Fatalf("got rows=%d nulls=%d sum=%d", rows, nulls, sum)
	}
}

// Open passes the configured limits to DuckDB and always has the allocator
// return freed memory (see Open).
func TestOpenSettings(t *testing.T) {
	tests := []struct {
		name string
		opt  Options
		want map[string]string
	}{
		{"defaults", Options{}, map[string]string{
			"allocator_background_threads": "true", "allocator_flush_threshold": "30.5 MiB"}},
		{"configured", Options{Threads: 1, MemoryLimit: "1GB"}, map[string]string{
			"threads": "1", "memory_limit": "953.6 MiB", "allocator_background_threads": "true"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			db := openTestDB(t, tc.opt)
			for name, want := range tc.want {
				var got string
				if err := db.QueryRow(ctx, "SELECT current_setting($1)::VARCHAR", name).Scan(&got); err != nil {
					t.Fatal(err)
				}
				if got != want {
					t.Errorf("%s = %q, want %q", name, got, want)
				}
			}
		})
	}
}
