package pipeline

import (
	"fmt"
	"os"
	"syscall"
)

// fileStat identifies a file's bytes without reading them, as git's index
// does: device, inode, size, and the modification and change times in
// nanoseconds. Writing a file changes its change time, which no tool sets
// back (cp -p, rsync -t and touch restore only the modification time), so a
// file whose stat is the one recorded when it was hashed has the bytes it
// had then. "" where the file cannot be stat'ed: it is then hashed.
func fileStat(path string) string {
	fi, err := os.Stat(path)
	if err != nil || !fi.Mode().IsRegular() {
		return ""
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return ""
	}
	return fmt.Sprintf("linux dev=%d ino=%d size=%d mtime=%d.%09d ctime=%d.%09d",
		st.Dev, st.Ino, st.Size, st.Mtim.Sec, st.Mtim.Nsec, st.Ctim.Sec, st.Ctim.Nsec)
}
