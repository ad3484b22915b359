package store

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

func TestLoadAppendsArrowBatchesByName(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "t.duckdb"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
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
