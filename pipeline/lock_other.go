//go:build !(linux || darwin || dragonfly || freebsd || netbsd || openbsd)

package pipeline

import (
	"errors"
	"fmt"
	"os"
	"time"
)

// acquireLock creates path exclusively, holding this process's PID and
// start time. Without flock(2) nothing tells a live holder from a dead one
// reliably (PIDs are reused), so a file left by a killed run is not taken
// over: the message says to remove it.
func acquireLock(path string, now time.Time) (func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if errors.Is(err, os.ErrExist) {
		body, _ := os.ReadFile(path)
		return nil, fmt.Errorf("%w (if no wagescope run is going, a killed run left the file: remove it)", lockedError(path, body))
	}
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	holder := lockHolder{PID: os.Getpid(), Started: now.UTC().Format(time.RFC3339)}
	_, werr := f.WriteString(holder.String())
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		os.Remove(path)
		return nil, fmt.Errorf("lock %s: %w", path, werr)
	}
	return func() { os.Remove(path) }, nil
}
