package buildid

import (
	"debug/elf"
	"encoding/binary"
	"os"
)

// Executable returns the running executable's Go build ID, or "" where it
// cannot be read (a platform whose executables are not ELF, a removed
// file): callers then treat nothing as reusable.
func Executable() string {
	path, err := os.Executable()
	if err != nil {
		return ""
	}
	return OfFile(path)
}

// OfFile returns the Go build ID of the ELF executable at path, or "".
// The linker stores it as a note in .note.go.buildid, also when it links
// with the system linker (cgo).
func OfFile(path string) string {
	f, err := elf.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	s := f.Section(".note.go.buildid")
	if s == nil {
		return ""
	}
	data, err := s.Data()
	if err != nil {
		return ""
	}
	return noteDesc(data, "Go\x00\x00", 4)
}

// noteDesc returns the description of an ELF note of the given name and
// type: sizes and type as three 32-bit words, then the name and the
// description, each padded to four bytes.
func noteDesc(note []byte, name string, typ uint32) string {
	if len(note) < 12 {
		return ""
	}
	le := binary.LittleEndian
	nameSize, descSize := int(le.Uint32(note[0:])), int(le.Uint32(note[4:]))
	if le.Uint32(note[8:]) != typ || nameSize > len(note) || descSize > len(note) {
		return ""
	}
	descAt := 12 + (nameSize+3)&^3
	if nameSize != len(name) || descAt+descSize > len(note) || string(note[12:12+nameSize]) != name {
		return ""
	}
	return string(note[descAt : descAt+descSize])
}
