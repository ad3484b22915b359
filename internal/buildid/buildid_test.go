package buildid

import (
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
)

// TestExecutableMatchesGoTool compares the ID read here with what `go tool
// buildid` prints for the test binary itself.
func TestExecutableMatchesGoTool(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("ELF executables only")
	}
	got := Executable()
	if got == "" {
		t.Fatal("no build ID read from the test binary")
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("go", "tool", "buildid", self).Output()
	if err != nil {
		t.Skipf("go tool buildid: %v", err)
	}
	if want := strings.TrimSpace(string(out)); got != want {
		t.Errorf("build ID %q, go tool buildid says %q", got, want)
	}
}

func TestNoteDesc(t *testing.T) {
	note := func(nameSize, descSize, typ uint32, name, desc string) []byte {
		b := []byte{byte(nameSize), 0, 0, 0, byte(descSize), 0, 0, 0, byte(typ), 0, 0, 0}
		b = append(b, name...)
		return append(b, desc...)
	}
	cases := []struct {
		name string
		note []byte
		want string
	}{
		{"go note", note(4, 3, 4, "Go\x00\x00", "abc"), "abc"},
		{"other type", note(4, 3, 1, "Go\x00\x00", "abc"), ""},
		{"other owner", note(4, 3, 4, "GNU\x00", "abc"), ""},
		{"description cut short", note(4, 9, 4, "Go\x00\x00", "abc"), ""},
		{"too short", []byte{4, 0, 0}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := noteDesc(c.note, "Go\x00\x00", 4); got != c.want {
				t.Errorf("noteDesc = %q, want %q", got, c.want)
			}
		})
	}
}

func TestOfFileWithoutELF(t *testing.T) {
	path := t.TempDir() + "/not-elf"
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if got := OfFile(path); got != "" {
		t.Errorf("OfFile(script) = %q, want empty", got)
	}
}
