//go:build unix

package pipeline

import (
	"os"
	"syscall"
)

// dirIdentity is the device and inode of path (not followed if a link):
// they survive renames, so a repair can tell which of two swapped
// directories is the new site.
func dirIdentity(path string) dirID {
	fi, err := os.Lstat(path)
	if err != nil {
		return dirID{}
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return dirID{}
	}
	return dirID{Dev: uint64(st.Dev), Ino: uint64(st.Ino)}
}
