package store

import (
	"context"
	"fmt"
	"strings"
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

// LoadStream keeps every row and the stream's order, in a transaction or
// not, across statements and with batches of whole row groups (which DuckDB
// writes on several threads). The table exists before the transaction, as
// the raw tables do when a file is ingested: created in the same
// transaction, DuckDB 1.5.5 showed the session an empty table after the
// commit once a stream held a full row group.
func TestLoadStreamKeepsEveryRowInOrder(t *testing.T) {
	tests := []struct {
		name        string
		statements  [][]int // per statement, its batches' sizes
		transaction bool
	}{
		{name: "one small batch", statements: [][]int{{1000}}},
		{name: "row groups and a rest, in a transaction", statements: [][]int{{122_880, 122_880, 54_240}}, transaction: true},
		{name: "two statements in a transaction", statements: [][]int{{122_880, 122_880}, {22_068}}, transaction: true},
		{name: "row groups, no transaction", statements: [][]int{{122_880, 122_880, 54_240}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			db := openTestDB(t, Options{})
			if err := db.Exec(ctx, "CREATE TABLE t (n BIGINT, a VARCHAR)"); err != nil {
				t.Fatal(err)
			}
			schema := arrow.NewSchema([]arrow.Field{
				{Name: "a", Type: arrow.BinaryTypes.String, Nullable: true},
				{Name: "n", Type: arrow.PrimitiveTypes.Int64},
			}, nil)
			var next, want int64
			load := func() error {
				for _, sizes := range tc.statements {
					var recs []arrow.RecordBatch
					for _, size := range sizes {
						b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
						for range size {
							b.Field(0).(*array.StringBuilder).Append(fmt.Sprintf("posting %d", next))
							b.Field(1).(*array.Int64Builder).Append(next)
							want += next
							next++
						}
						recs = append(recs, b.NewRecordBatch())
						b.Release()
					}
					rdr, err := array.NewRecordReader(schema, recs)
					if err != nil {
						return err
					}
					for _, rec := range recs {
						rec.Release()
					}
					err = db.LoadStream(ctx, "t", rdr)
					rdr.Release()
					if err != nil {
						return err
					}
				}
				return nil
			}
			var err error
			if tc.transaction {
				err = db.InTransaction(ctx, load)
			} else {
				err = load()
			}
			if err != nil {
				t.Fatal(err)
			}
			var rows, sum, outOfOrder, named int64
			if err := db.QueryRow(ctx, `SELECT count(*), sum(n), count(*) FILTER (n <> rowid),
				count(*) FILTER (a = 'posting ' || n) FROM t`).Scan(&rows, &sum, &outOfOrder, &named); err != nil {
				t.Fatal(err)
			}
			if rows != next || sum != want || outOfOrder != 0 || named != next {
				t.Errorf("rows %d (want %d), sum %d (want %d), %d out of order, %d with their text", rows, next, sum, want, outOfOrder, named)
			}
		})
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

// A storage version must be one the linked DuckDB (1.5.5) can write: the
// form of a version is not enough.
func TestCheckStorageVersion(t *testing.T) {
	tests := []struct {
		version string
		want    string // "" when valid, else part of the error
	}{
		{DefaultStorageVersion, ""},
		{"latest", ""},
		{"v0.10.2", ""},
		{"v1.5.5", ""},
		{"v1.5.6", `"v1.5.6" is not a storage version DuckDB v1.5.5 writes`},
		{"v9.9.9", `"v9.9.9" is not a storage version DuckDB v1.5.5 writes`},
		{"v1.4.99", `"v1.4.99" is not a storage version`},
		{"1.4", `"1.4" is not a DuckDB version such as v1.4.0`},
		{"v1.4.0&access_mode=READ_ONLY", "is not a DuckDB version"},
		{"LATEST", "is not a DuckDB version"},
	}
	for _, tt := range tests {
		t.Run(tt.version, func(t *testing.T) {
			err := CheckStorageVersion(tt.version)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("CheckStorageVersion(%q) = %v, want nil", tt.version, err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("CheckStorageVersion(%q) = %v, want an error with %q", tt.version, err, tt.want)
			}
		})
	}
}
