package dbtest

import (
	"context"
	"testing"

	"github.com/wagescope/wagescope/pipeline/store"
)

// Exec opens the database file at path (created when missing), runs
// statements on it in order and closes it; any error fails t.
func Exec(t testing.TB, path string, statements ...string) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range statements {
		if err := db.Exec(ctx, q); err != nil {
			db.Close()
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}
