package pipeline

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// byteUnits are the suffixes parseByteSize reads, as DuckDB's memory_limit
// reads them: KB, MB, GB and TB are powers of 1000, KiB … TiB of 1024.
var byteUnits = []struct {
	suffix string
	bytes  int64
}{
	{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30}, {"tib", 1 << 40},
	{"kb", 1e3}, {"mb", 1e6}, {"gb", 1e9}, {"tb", 1e12},
	{"b", 1},
}

// parseByteSize reads a size such as "4GiB", "500 MB" or "1048576" (bytes).
func parseByteSize(s string) (int64, error) {
	text := strings.ToLower(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range byteUnits {
		if strings.HasSuffix(text, u.suffix) {
			text, mult = strings.TrimSpace(strings.TrimSuffix(text, u.suffix)), u.bytes
			break
		}
	}
	v, err := strconv.ParseFloat(text, 64)
	if err != nil || v <= 0 || v*float64(mult) >= 1<<62 {
		return 0, fmt.Errorf("%q is not a size such as 4GiB, 500MB or 1048576 (bytes)", s)
	}
	return int64(v * float64(mult)), nil
}

// memoryUnits are the units DuckDB's memory_limit reads (case-insensitive;
// checked against DuckDB 1.5.5, which takes no percentage and no bare
// number), in bytes.
var memoryUnits = map[string]float64{
	"b": 1, "byte": 1, "bytes": 1,
	"k": 1e3, "kb": 1e3, "kilobyte": 1e3, "kilobytes": 1e3,
	"m": 1e6, "mb": 1e6, "megabyte": 1e6, "megabytes": 1e6,
	"g": 1e9, "gb": 1e9, "gigabyte": 1e9, "gigabytes": 1e9,
	"t": 1e12, "tb": 1e12, "terabyte": 1e12, "terabytes": 1e12,
	"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30, "tib": 1 << 40,
}

var memoryLimitForm = regexp.MustCompile(`^\s*([0-9]*\.?[0-9]+)\s*([A-Za-z]+)\s*$`)

// minMemoryLimit is the least memory_limit accepted: the shipped sample's
// run fails at 64MB (DuckDB out of memory, exit 1) and passes at 128MB.
const minMemoryLimit = 128e6

// checkMemoryLimit accepts a memory_limit DuckDB reads as a size of at least
// minMemoryLimit: a number and a unit, 4GB or 2.5GiB. DuckDB would refuse
// the rest when it opens the database, or run out of memory, errors (exit 1)
// that do not name the key.
func checkMemoryLimit(s string) error {
	m := memoryLimitForm.FindStringSubmatch(s)
	if m != nil {
		if unit, ok := memoryUnits[strings.ToLower(m[2])]; ok {
			if v, err := strconv.ParseFloat(m[1], 64); err == nil && v > 0 {
				if v*unit < minMemoryLimit {
					return fmt.Errorf("%q is below 128MB, too little for a run", s)
				}
				return nil
			}
		}
	}
	return fmt.Errorf("%q is not a size such as 4GB or 2.5GiB: a number and a unit (KB, MB, GB, TB, KiB, MiB, GiB, TiB); leave it empty for DuckDB's default, 80%% of RAM", s)
}
