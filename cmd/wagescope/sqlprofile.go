package main

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/wagescope/wagescope/internal/atomicfile"
	"github.com/wagescope/wagescope/internal/numfmt"
	"github.com/wagescope/wagescope/pipeline/store"
)

// sqlProfile collects DuckDB's statement profiles of one run (--sql-profile).
type sqlProfile struct {
	statements []store.StatementProfile
}

// collector is the function the run hands each profile to; nil (no
// profiling) for a nil profile.
func (p *sqlProfile) collector() func(store.StatementProfile) {
	if p == nil {
		return nil
	}
	return func(s store.StatementProfile) { p.statements = append(p.statements, s) }
}

// profileOperators is how many of the slowest operators the report lists.
const profileOperators = 40

// checkWritableDir is nil when dir is a directory a file can be created in.
func checkWritableDir(dir string) error {
	f, err := os.CreateTemp(dir, ".wagescope-profile-*")
	if err != nil {
		return fmt.Errorf("cannot write a file in %s: %w", dir, err)
	}
	return errors.Join(f.Close(), os.Remove(f.Name()))
}

// write saves the report to path (replacing it whole).
func (p *sqlProfile) write(path string) error {
	return atomicfile.WriteWith(path, p.report)
}

// report writes the statements slowest first and then the slowest
// operators, a repeated statement's runs summed in both.
func (p *sqlProfile) report(w io.Writer) error {
	var wall float64
	for _, s := range p.statements {
		wall += s.Seconds
	}
	fmt.Fprintf(w, "DuckDB's profile of the SQL stages (schema, staging, marts): %s, %.2f s\n",
		numfmt.Counted(int64(len(p.statements)), "statement", "statements"), wall)
	fmt.Fprintln(w, "wall s is a statement's elapsed time; cpu s and operator s are summed over DuckDB's threads;")
	fmt.Fprintln(w, "a repeated statement (a repeat block's, once per bucket) is summed over its runs.")
	fmt.Fprintln(w, "Go's own work (ingest, normalize, report, and the CPU of a Go step: one line, its wall time) is in run --cpuprofile.")
	fmt.Fprintf(w, "Peak buffer memory %s; peak temporary directory %s.\n",
		peakText(p.statements, func(s store.StatementProfile) int64 { return s.PeakBufferBytes }),
		peakText(p.statements, func(s store.StatementProfile) int64 { return s.PeakTempBytes }))

	fmt.Fprintln(w, "\nStatements, slowest first")
	fmt.Fprintf(w, "%9s %9s %5s %15s  %s\n", "wall s", "cpu s", "runs", "rows scanned", "statement")
	for _, g := range groupStatements(p.statements) {
		fmt.Fprintf(w, "%9.2f %9.2f %5d %15s  %s  %s\n", g.seconds, g.cpuSeconds, g.runs,
			numfmt.Count(float64(g.rowsScanned)), g.where, g.text)
	}

	ops := groupOperators(p.statements)
	fmt.Fprintf(w, "\nOperators, slowest first (%d of %d)\n", min(profileOperators, len(ops)), len(ops))
	fmt.Fprintf(w, "%10s %5s %15s  %-22s %-44s %s\n", "operator s", "runs", "rows out", "operator", "statement", "detail")
	for _, op := range ops[:min(profileOperators, len(ops))] {
		_, err := fmt.Fprintf(w, "%10.2f %5d %15s  %-22s %-44s %s\n", op.seconds, op.runs, numfmt.Count(float64(op.rows)), op.name, op.where, clip(op.detail, 100))
		if err != nil {
			return err
		}
	}
	return nil
}

// statementGroup is a statement of a script with its runs summed.
type statementGroup struct {
	where, text         string
	runs                int
	seconds, cpuSeconds float64
	rowsScanned         int64
}

// groupStatements sums the runs of each statement (a script's line),
// slowest first, ties in run order.
func groupStatements(statements []store.StatementProfile) []statementGroup {
	index := map[string]int{}
	var groups []statementGroup
	for _, s := range statements {
		key := where(s)
		i, ok := index[key]
		if !ok {
			i = len(groups)
			index[key] = i
			groups = append(groups, statementGroup{where: key, text: s.Text})
		}
		g := &groups[i]
		g.runs++
		g.seconds += s.Seconds
		g.cpuSeconds += s.CPUSeconds
		g.rowsScanned += s.RowsScanned
	}
	slices.SortStableFunc(groups, func(a, b statementGroup) int { return cmp.Compare(b.seconds, a.seconds) })
	return groups
}

// operatorGroup is an operator of a statement's plan with the statement's
// runs summed.
type operatorGroup struct {
	where, name, detail string
	runs                int
	seconds             float64
	rows                int64
}

// groupOperators sums each operator of each statement over the
// statement's runs (the same place in the plan, name and detail), slowest
// first, ties in run order.
func groupOperators(statements []store.StatementProfile) []operatorGroup {
	index := map[string]int{}
	var groups []operatorGroup
	for _, s := range statements {
		for n, op := range s.Operators {
			key := fmt.Sprintf("%s\x00%d\x00%s\x00%s", where(s), n, op.Name, op.Detail)
			i, ok := index[key]
			if !ok {
				i = len(groups)
				index[key] = i
				groups = append(groups, operatorGroup{where: where(s), name: op.Name, detail: op.Detail})
			}
			g := &groups[i]
			g.runs++
			g.seconds += op.Seconds
			g.rows += op.Rows
		}
	}
	slices.SortStableFunc(groups, func(a, b operatorGroup) int { return cmp.Compare(b.seconds, a.seconds) })
	return groups
}

// peakText is the highest of a running peak and the statement that first
// reached it ("2,362 MiB (first reached in staging/…sql:142)").
func peakText(statements []store.StatementProfile, peak func(store.StatementProfile) int64) string {
	var top int64
	var at store.StatementProfile
	for _, s := range statements {
		if v := peak(s); v > top {
			top, at = v, s
		}
	}
	if top == 0 {
		return "0"
	}
	return fmt.Sprintf("%s (first reached in %s)", mib(top), whereRun(at))
}

// where names a statement by script and line
// ("marts/020_fct_wage_stats.sql:389").
func where(s store.StatementProfile) string {
	return fmt.Sprintf("%s:%d", strings.TrimPrefix(s.Script, "queries/"), s.Line)
}

// whereRun names one run of a statement: with its repeat value, if any
// ("marts/020_fct_wage_stats.sql:389 bucket=3").
func whereRun(s store.StatementProfile) string {
	if s.Repeat != "" {
		return where(s) + " " + s.Repeat
	}
	return where(s)
}

// mib shows a byte count in whole MiB ("<1 MiB" for less).
func mib(bytes int64) string {
	if bytes < 1<<20 {
		return "<1 MiB"
	}
	return numfmt.Count(float64(bytes)/(1<<20)) + " MiB"
}

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
