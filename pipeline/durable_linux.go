//go:build linux

package pipeline

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// syncFilesystem flushes every file written on the filesystem that holds
// path (the new database and site) to disk with one syncfs(2), before a
// publish makes them current: fsyncing the site's thousand-odd pages one by
// one would cost seconds.
func syncFilesystem(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := unix.Syncfs(int(f.Fd())); err != nil {
		return fmt.Errorf("syncfs %s: %w", path, err)
	}
	return nil
}
