//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package pipeline

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// acquireLock takes an exclusive flock(2) on path, creating the file, and
// writes this process's PID and start time into it for the message of a run
// that finds it locked. The kernel drops the lock when the process ends,
// however it ends, so a file left by a killed run never blocks a later one,
// whatever PID it names (a dead one, or one reused after a reboot), and two
// runs that start together cannot both take it. The returned func removes
// the file (while still holding the lock) and releases the lock.
func acquireLock(path string, now time.Time) (func(), error) {
	for range maxLockAttempts {
		f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
		if err != nil {
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
			held := errors.Is(err, unix.EWOULDBLOCK)
			var body []byte
			if held {
				body = readHolder(f)
			}
			f.Close()
			if held {
				return nil, lockedError(path, body)
			}
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		// The holder before this one removes the file before it lets go;
		// a lock on the removed file would lock nothing, so start over.
		if !namesFile(path, f) {
			f.Close()
			continue
		}
		holder := lockHolder{PID: os.Getpid(), Started: now.UTC().Format(time.RFC3339)}
		if err := writeHolder(f, holder); err != nil {
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		return func() {
			_ = os.Remove(path)
			_ = f.Close()
		}, nil
	}
	return nil, fmt.Errorf("%w: the lock file %s kept being replaced", ErrLocked, path)
}

// namesFile reports whether path still names the open file f.
func namesFile(path string, f *os.File) bool {
	a, err := f.Stat()
	if err != nil {
		return false
	}
	b, err := os.Stat(path)
	return err == nil && os.SameFile(a, b)
}

func writeHolder(f *os.File, h lockHolder) error {
	if err := f.Truncate(0); err != nil {
		return err
	}
	_, err := f.WriteAt([]byte(h.String()), 0)
	return err
}

// readHolder reads the holder a locked file names. The holder writes it
// just after taking the lock, so an empty file is read again briefly.
func readHolder(f *os.File) []byte {
	buf := make([]byte, 256)
	for try := 0; ; try++ {
		n, err := f.ReadAt(buf, 0)
		if n > 0 || (err != nil && err != io.EOF) || try == 5 {
			return buf[:n]
		}
		time.Sleep(20 * time.Millisecond)
	}
}
