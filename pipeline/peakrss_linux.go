package pipeline

import (
	"bufio"
	"bytes"
	"os"
	"strconv"
)

// resetPeakRSS starts a new peak-memory window for this process: writing 5
// to clear_refs resets VmHWM (Linux 4.0 and later). A failure only leaves
// the window open since the process started.
func resetPeakRSS() {
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// peakRSSMiB is the process's peak resident memory since the last reset, in
// MiB (VmHWM), or 0 when it cannot be read. It counts DuckDB's memory, which
// the Go runtime does not see.
func peakRSSMiB() float64 { return procStatusMiB("VmHWM:") }

// rssMiB is the process's resident memory now (VmRSS), or 0.
func rssMiB() float64 { return procStatusMiB("VmRSS:") }

// procStatusMiB reads one kB field of /proc/self/status, in MiB.
func procStatusMiB(field string) float64 {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	sc := bufio.NewScanner(bytes.NewReader(status))
	for sc.Scan() {
		if rest, ok := bytes.CutPrefix(sc.Bytes(), []byte(field)); ok {
			fields := bytes.Fields(rest)
			if len(fields) == 0 {
				return 0
			}
			kib, err := strconv.ParseFloat(string(fields[0]), 64)
			if err != nil {
				return 0
			}
			return kib / 1024
		}
	}
	return 0
}
