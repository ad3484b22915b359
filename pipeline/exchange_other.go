//go:build !linux

package pipeline

import (
	"fmt"
	"os"
)

// exchangeDirs swaps two directories. Outside Linux there is no atomic
// exchange: for a moment between the renames, a does not exist.
func exchangeDirs(a, b string) error {
	tmp := a + ".exchange"
	for _, step := range [][2]string{{a, tmp}, {b, a}, {tmp, b}} {
		if err := os.Rename(step[0], step[1]); err != nil {
			return fmt.Errorf("exchange %s and %s: %w", a, b, err)
		}
	}
	return nil
}
