package dbtest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/wagescope/wagescope/pipeline/store"
)

// The statements are run in order and kept in the file.
func TestExec(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.duckdb")
	Exec(t, path, "CREATE TABLE t (n INTEGER)", "INSERT INTO t VALUES (1), (2)")
	Exec(t, path, "INSERT INTO t VALUES (4)")
	db, err := store.Open(context.Background(), path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var sum int
	if err := db.QueryRow(context.Background(), "SELECT sum(n) FROM t").Scan(&sum); err != nil {
		t.Fatal(err)
	}
	if sum != 7 {
		t.Errorf("sum %d, want 7", sum)
	}
}
