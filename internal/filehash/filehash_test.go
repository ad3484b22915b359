package filehash

import (
	"os"
	"path/filepath"
	"testing"
)

func TestSHA256(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, body, want string
		missing          bool
	}{
		{name: "empty", want: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{name: "abc", body: "abc", want: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		{name: "missing", missing: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, tc.name)
			if !tc.missing {
				if err := os.WriteFile(path, []byte(tc.body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			sum, n, err := SHA256(path)
			if tc.missing {
				if err == nil {
					t.Fatal("no error for a missing file")
				}
				return
			}
			if err != nil || sum != tc.want || n != int64(len(tc.body)) {
				t.Errorf("SHA256 = %s, %d, %v; want %s, %d", sum, n, err, tc.want, len(tc.body))
			}
		})
	}
}
