//go:build !linux

package pipeline

import (
	"errors"
	"fmt"
)

// exchangeDirs has no atomic exchange to use outside Linux: the caller
// swaps by renames (exchangeUnsupported).
func exchangeDirs(a, b string) error {
	return fmt.Errorf("exchange %s and %s: %w", a, b, errors.ErrUnsupported)
}
