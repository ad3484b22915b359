// Package shareddata locates the real public files in ../shared/data that
// tests and benchmarks read in place. When CI=true and the folder is missing
// the test fails; otherwise it is skipped with a message (DESIGN.md, Testing).
package shareddata

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// Path returns the absolute path of rel (slash-separated, relative to
// shared/data), searching upwards from the working directory for a
// shared/data folder.
func Path(t testing.TB, rel string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		root := filepath.Join(dir, "shared", "data")
		if st, err := os.Stat(root); err == nil && st.IsDir() {
			p := filepath.Join(root, filepath.FromSlash(rel))
			if _, err := os.Stat(p); err != nil {
				missing(t, fmt.Sprintf("shared data file %s: %v", p, err))
			}
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			missing(t, "no shared/data folder above the working directory (see DESIGN.md, Testing)")
			return ""
		}
		dir = parent
	}
}

func missing(t testing.TB, msg string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}
