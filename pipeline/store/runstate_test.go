package store

import (
	"context"
	"slices"
	"testing"
)

// DropLegacyTable drops a table of that name and nothing else; the table
// listing the guards use sees views as well as tables.
func TestDropLegacyTable(t *testing.T) {
	tests := []struct {
		name      string
		setup     string
		wantAfter []string
	}{
		{"a table is dropped", "CREATE TABLE w AS SELECT 1 AS x", nil},
		{"a view is kept", "CREATE TABLE w_part AS SELECT 1 AS x; CREATE VIEW w AS SELECT * FROM w_part", []string{"w", "w_part"}},
		{"nothing to drop", "CREATE TABLE w_part AS SELECT 1 AS x", []string{"w_part"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			db := openTestDB(t, Options{})
			if err := db.Exec(ctx, tt.setup); err != nil {
				t.Fatal(err)
			}
			if err := db.DropLegacyTable(ctx, "w"); err != nil {
				t.Fatal(err)
			}
			got, err := db.TablesLike(ctx, "w%")
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.wantAfter) {
				t.Errorf("after DropLegacyTable: %v, want %v", got, tt.wantAfter)
			}
		})
	}
}
