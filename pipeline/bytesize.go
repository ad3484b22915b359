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
// number).
var memoryUnits = map[string]bool{
	"b": true, "byte": true, "bytes": true,
	"k": true, "kb": true, "kilobyte": true, "kilobytes": true,
	"m": true, "mb": true, "megabyte": true, "megabytes": true,
	"g": true, "gb": true, "gigabyte": true, "gigabytes": true,
	"t": true, "tb": true, "terabyte": true, "terabytes": true,
	"kib": true, "mib": true, "gib": true, "tib": true,
}

var memoryLimitForm = regexp.MustCompile(`^\s*([0-9]*\.?[0-9]+)\s*([A-Za-z]+)\s*$`)

// checkMemoryLimit accepts a memory_limit DuckDB reads as a positive size:
// a number and a unit, 4GB or 2.5GiB. DuckDB would refuse the rest when it
// opens the database, an error (exit 1) that does not name the key.
func checkMemoryLimit(s string) error {
	m := memoryLimitForm.FindStringSubmatch(s)
	if m != nil && memoryUnits[strings.ToLower(m[2])] {
		if v, err := strconv.ParseFloat(m[1], 64); err == nil && v > 0 {
			return nil
		}
	}
	return fmt.Errorf("%q is not a size such as 4GB or 2.5GiB: a number and a unit (KB, MB, GB, TB, KiB, MiB, GiB, TiB); leave it empty for DuckDB's default, 80%% of RAM", s)
}
