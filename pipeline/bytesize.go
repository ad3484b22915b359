package pipeline

import (
	"fmt"
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
