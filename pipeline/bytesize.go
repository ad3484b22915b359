package pipeline

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/wagescope/wagescope/internal/lazyre"
)

// sizeUnits are the units of a size, as DuckDB's memory_limit reads them
// (case-insensitive; checked against DuckDB 1.5.5): KB, MB, GB and TB are
// powers of 1000, KiB … TiB of 1024. The fetch_max_* keys read the same.
var sizeUnits = map[string]float64{
	"b": 1, "byte": 1, "bytes": 1,
	"k": 1e3, "kb": 1e3, "kilobyte": 1e3, "kilobytes": 1e3,
	"m": 1e6, "mb": 1e6, "megabyte": 1e6, "megabytes": 1e6,
	"g": 1e9, "gb": 1e9, "gigabyte": 1e9, "gigabytes": 1e9,
	"t": 1e12, "tb": 1e12, "terabyte": 1e12, "terabytes": 1e12,
	"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30, "tib": 1 << 40,
}

var sizeForm = lazyre.New(`^\s*([0-9]*\.?[0-9]+)\s*([A-Za-z]*)\s*$`)

// readSize reads a positive number and its unit ("4GiB", "500 MB"; "" when
// there is none) as bytes; ok is false for anything else.
func readSize(s string) (bytes float64, unit string, ok bool) {
	m := sizeForm.FindStringSubmatch(s)
	if m == nil {
		return 0, "", false
	}
	v, err := strconv.ParseFloat(m[1], 64)
	mult, known := sizeUnits[strings.ToLower(m[2])]
	if m[2] == "" {
		mult, known = 1, true
	}
	if err != nil || !known || v <= 0 {
		return 0, "", false
	}
	return v * mult, m[2], true
}

// parseByteSize reads a size such as "4GiB", "500 MB" or "1048576" (bytes).
func parseByteSize(s string) (int64, error) {
	b, _, ok := readSize(s)
	if !ok || b >= 1<<62 {
		return 0, fmt.Errorf("%q is not a size such as 4GiB, 500MB or 1048576 (bytes)", s)
	}
	return int64(b), nil
}

// minMemoryLimit is the least memory_limit accepted: the shipped sample's
// run fails at 64MB (DuckDB out of memory, exit 1) and passes at 128MB.
const minMemoryLimit = 128e6

// checkMemoryLimit accepts a memory_limit DuckDB reads as a size of at least
// minMemoryLimit: a number and a unit, 4GB or 2.5GiB (DuckDB 1.5.5 takes no
// percentage and no bare number). DuckDB would refuse the rest when it
// opens the database, or run out of memory, errors (exit 1) that do not
// name the key.
func checkMemoryLimit(s string) error {
	b, unit, ok := readSize(s)
	switch {
	case !ok || unit == "":
		return fmt.Errorf("%q is not a size such as 4GB or 2.5GiB: a number and a unit (KB, MB, GB, TB, KiB, MiB, GiB, TiB); leave it empty for DuckDB's default, 80%% of RAM", s)
	case b < minMemoryLimit:
		return fmt.Errorf("%q is below 128MB, too little for a run", s)
	}
	return nil
}
