package pipeline

import (
	"runtime"
	"strings"
	"testing"
)

// The fingerprint tells builds apart by their executable, so a binary with
// other Go code (a normalizer changed, no VCS stamp) rebuilds what the one
// before it published, and by storage format; the same build and settings
// always give the same one.
func TestFingerprintChangesWithTheExecutableAndStorage(t *testing.T) {
	base, err := fingerprintOf("v1.4.0", "buildid a/b/c/d")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, storage, exe string
		same               bool
	}{
		{"same build", "v1.4.0", "buildid a/b/c/d", true},
		{"other code", "v1.4.0", "buildid a/b/c/e", false},
		{"no build ID, file hash", "v1.4.0", "sha256 0123", false},
		{"other storage", "v1.2.0", "buildid a/b/c/d", false},
	}
	for _, tt := range tests {
		got, err := fingerprintOf(tt.storage, tt.exe)
		if err != nil {
			t.Fatal(err)
		}
		if (got == base) != tt.same {
			t.Errorf("%s: fingerprint %s against %s; want same=%v", tt.name, got, base, tt.same)
		}
	}
	if runtime.GOOS != "linux" {
		return
	}
	// An ELF test binary is identified by its Go build ID.
	id, err := executableIdentity()
	if err != nil || !strings.HasPrefix(id, "buildid ") || len(id) < len("buildid ")+20 {
		t.Errorf("executableIdentity() = %q, %v; want the Go build ID", id, err)
	}
}
