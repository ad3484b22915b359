package atomicfile

import (
	"os"
	"path/filepath"
	"testing"
)

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, path, body string
		wantErr          bool
	}{
		{name: "new file", path: filepath.Join(dir, "a.json"), body: `{"run_id": 1}`},
		{name: "replaces", path: filepath.Join(dir, "a.json"), body: `{"run_id": 2}`},
		{name: "missing directory", path: filepath.Join(dir, "no", "a.json"), wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := Write(tc.path, []byte(tc.body))
			if tc.wantErr {
				if err == nil {
					t.Fatal("no error")
				}
				return
			}
			got, rerr := os.ReadFile(tc.path)
			info, serr := os.Stat(tc.path)
			if err != nil || rerr != nil || serr != nil || string(got) != tc.body || info.Mode().Perm() != 0o644 {
				t.Errorf("Write: %v; read %q (%v), mode %v", err, got, rerr, info)
			}
		})
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
}
