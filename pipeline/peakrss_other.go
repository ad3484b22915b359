//go:build !linux

package pipeline

// resetPeakRSS does nothing where the peak cannot be reset.
func resetPeakRSS() {}

// peakRSSMiB is 0 where the process's peak resident memory is not read.
func peakRSSMiB() float64 { return 0 }

// rssMiB is 0 where the process's resident memory is not read.
func rssMiB() float64 { return 0 }
