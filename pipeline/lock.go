package pipeline

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// ErrLocked means another run holds the lock.
var ErrLocked = errors.New("another wagescope run holds the lock")

// maxLockAttempts bounds how often acquireLock starts over when the file it
// locked was removed or replaced under it (its holder released it).
const maxLockAttempts = 10

// lockRun takes the locks a run or a rollback holds for its lifetime: the
// database's and the output directory's, so two runs that share either one
// (say a different --db with the same --out) never build or publish over
// each other. The returned func releases both.
func lockRun(cfg Config, now time.Time) (func(), error) {
	var unlocks []func()
	release := func() {
		for i := len(unlocks) - 1; i >= 0; i-- {
			unlocks[i]()
		}
	}
	for _, target := range []string{cfg.Database, cfg.Output} {
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			release()
			return nil, fmt.Errorf("lock: %w", err)
		}
		unlock, err := acquireLock(filepath.Clean(target)+".lock", now)
		if err != nil {
			release()
			return nil, err
		}
		unlocks = append(unlocks, unlock)
	}
	return release, nil
}

// lockHolder is what a lock file says about the process holding it, for
// the message of a run that finds it locked. The first line is the PID
// alone, so `kill $(head -1 F)` works.
type lockHolder struct {
	PID     int
	Started string // RFC 3339, when the holder took the lock
}

func (h lockHolder) String() string {
	return fmt.Sprintf("%d\n%s\n", h.PID, h.Started)
}

func parseLockHolder(b []byte) (lockHolder, bool) {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	pid, err := strconv.Atoi(strings.TrimSpace(lines[0]))
	if err != nil || pid <= 0 {
		return lockHolder{}, false
	}
	h := lockHolder{PID: pid}
	if len(lines) > 1 {
		h.Started = strings.TrimSpace(lines[1])
	}
	return h, true
}

// lockedError names the holder of the lock at path, as far as its file
// tells.
func lockedError(path string, body []byte) error {
	h, ok := parseLockHolder(body)
	switch {
	case !ok:
		return fmt.Errorf("%w: a process that has not written its PID yet (lock file %s)", ErrLocked, path)
	case h.Started == "":
		return fmt.Errorf("%w: process %d (lock file %s)", ErrLocked, h.PID, path)
	default:
		return fmt.Errorf("%w: process %d, running since %s (lock file %s)", ErrLocked, h.PID, h.Started, path)
	}
}
