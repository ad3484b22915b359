package store

import (
	"context"
	"path/filepath"
	"testing"
)

// openTestDB opens a scratch database in the test's temporary directory,
// closed when the test ends.
func openTestDB(t *testing.T, opt Options) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "t.duckdb"), opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
