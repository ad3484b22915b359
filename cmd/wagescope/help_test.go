package main

import (
	"strings"
	"testing"
)

// Every command's help lists the exit codes the code returns: main turns
// a failure after SIGINT or SIGTERM into 130 or 143 for every command.
func TestHelpListsExitCodes(t *testing.T) {
	tests := []struct {
		command []string
		want    []string
		not     []string
	}{
		{nil, []string{"0         ok", "1         failure", "2         usage or configuration error",
			"3         run: some sources failed", "4         run, rollback: another run holds the lock", "130 / 143 interrupted by SIGINT / SIGTERM"}, nil},
		{[]string{"run"}, []string{"0         ok", "1         failure (a stage, a data check or a guard)", "2         usage or configuration error",
			"3         some sources failed", "4         another run holds the lock", "130 / 143 interrupted by SIGINT / SIGTERM"}, nil},
		{[]string{"rollback"}, []string{"4         a run holds the lock", "130 / 143"}, []string{"\n  3 "}},
		{[]string{"check"}, []string{"1         a verdict of mismatch, not_found or unverifiable", "130 / 143"}, []string{"\n  3 ", "\n  4 "}},
		{[]string{"cite"}, []string{"1         failure, or the figure cannot be cited", "130 / 143"}, []string{"\n  3 ", "\n  4 "}},
		{[]string{"rates"}, []string{"2         usage or configuration error", "130 / 143"}, []string{"\n  3 ", "\n  4 "}},
		{[]string{"query"}, []string{"1         failure", "2         usage or configuration error", "130 / 143"}, []string{"\n  3 ", "\n  4 "}},
		{[]string{"runs"}, []string{"0         ok", "130 / 143"}, []string{"\n  4 "}},
		{[]string{"sources"}, []string{"0         ok", "130 / 143"}, []string{"\n  4 "}},
		{[]string{"titles"}, []string{"0         ok", "130 / 143"}, []string{"\n  4 "}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(append([]string{"wagescope"}, tt.command...), " "), func(t *testing.T) {
			out := mustCLI(t, append(tt.command, "--help")...)
			if !strings.Contains(out, "\nExit codes:\n") {
				t.Fatalf("help has no exit codes:\n%s", out)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("help lacks %q:\n%s", w, out)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(out, n) {
					t.Errorf("help has %q:\n%s", n, out)
				}
			}
		})
	}
}
