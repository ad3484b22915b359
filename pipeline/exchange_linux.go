package pipeline

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// exchangeDirs swaps two directories in one atomic step (renameat2 with
// RENAME_EXCHANGE), so a reader of either path never finds it missing.
// Filesystems without it answer EINVAL (or old kernels ENOSYS); the caller
// then swaps by renames (exchangeUnsupported).
func exchangeDirs(a, b string) error {
	if err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE); err != nil {
		return fmt.Errorf("exchange %s and %s: %w", a, b, err)
	}
	return nil
}
