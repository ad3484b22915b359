package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/wagescope/wagescope/internal/sqlscript"
)

// StatementProfile is DuckDB's profile of one statement of a SQL script:
// where the time of the SQL stages goes inside DuckDB, which a Go CPU
// profile shows only as cgo calls.
type StatementProfile struct {
	// Script and Line locate the statement (queries/marts/….sql, its first
	// line); Repeat is "bucket=3" for a repeat block's run, else empty.
	Script string
	Line   int
	Repeat string
	// Text is the statement's first line of SQL.
	Text string
	// Seconds is the statement's wall time; CPUSeconds its operators' time
	// summed over threads.
	Seconds, CPUSeconds float64
	// PeakBufferBytes and PeakTempBytes are DuckDB's peak buffer memory
	// and temporary directory size so far (SYSTEM_PEAK_BUFFER_MEMORY and
	// SYSTEM_PEAK_TEMP_DIR_SIZE: they only grow, so the statement where
	// one rises is the one that reached it).
	PeakBufferBytes, PeakTempBytes int64
	// RowsScanned is how many rows it read from tables.
	RowsScanned int64
	// Operators is the plan's operators, depth first.
	Operators []OperatorProfile
}

// OperatorProfile is one operator of a statement's plan.
type OperatorProfile struct {
	Depth int
	// Name is the operator (HASH_GROUP_BY, INSERT, …); Detail the
	// groups, aggregates, table or join condition, on one line.
	Name, Detail string
	// Seconds is the operator's own time summed over threads; Rows how
	// many rows it produced.
	Seconds float64
	Rows    int64
}

// enableProfiling makes DuckDB keep the metrics of each query on the
// loading connection, for runProfiled to read.
func (d *DB) enableProfiling(ctx context.Context) error {
	for _, q := range []string{"SET enable_profiling = 'no_output'", "SET profiling_coverage = 'ALL'"} {
		if _, err := d.conn.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("enable DuckDB's profiling (%s): %w", q, err)
		}
	}
	return nil
}

// runProfiled runs a script's part one statement at a time, a repeat
// block's for its value v, and hands each one's profile to d.profile.
func (d *DB) runProfiled(ctx context.Context, script string, part sqlscript.Part, v int64) error {
	line, repeat := part.Line, ""
	switch {
	case part.Conditional():
		line, repeat = part.Line+1, "if"
	case part.Repeated():
		line, repeat = part.Line+1, fmt.Sprintf("%s=%d", part.Var, v)
	}
	for _, st := range sqlscript.Statements(part.SQL, line) {
		run := st.SQL
		if part.Repeated() {
			run = sqlscript.Part{SQL: st.SQL, Var: part.Var}.Expand(v)
		}
		if _, err := d.conn.ExecContext(ctx, run); err != nil {
			return partError(script, part, st.Line, v, err)
		}
		info, err := duckdb.GetProfilingInfo(d.conn)
		if err != nil {
			return partError(script, part, st.Line, v, fmt.Errorf("DuckDB's profile: %w", err))
		}
		p := StatementProfile{Script: script, Line: st.Line, Repeat: repeat, Text: firstLine(st.Head)}
		p.fill(info)
		d.profile(p)
	}
	return nil
}

// fill reads the query root's metrics and its operators'.
func (p *StatementProfile) fill(root duckdb.ProfilingInfo) {
	m := root.Metrics
	p.Seconds = metricFloat(m, "LATENCY")
	p.CPUSeconds = metricFloat(m, "CPU_TIME")
	p.PeakBufferBytes = int64(metricFloat(m, "SYSTEM_PEAK_BUFFER_MEMORY"))
	p.PeakTempBytes = int64(metricFloat(m, "SYSTEM_PEAK_TEMP_DIR_SIZE"))
	p.RowsScanned = int64(metricFloat(m, "CUMULATIVE_ROWS_SCANNED"))
	var walk func(n duckdb.ProfilingInfo, depth int)
	walk = func(n duckdb.ProfilingInfo, depth int) {
		p.Operators = append(p.Operators, OperatorProfile{
			Depth:   depth,
			Name:    n.Metrics["OPERATOR_NAME"],
			Detail:  operatorDetail(n.Metrics["EXTRA_INFO"]),
			Seconds: metricFloat(n.Metrics, "OPERATOR_TIMING"),
			Rows:    int64(metricFloat(n.Metrics, "OPERATOR_CARDINALITY")),
		})
		for _, c := range n.Children {
			walk(c, depth+1)
		}
	}
	for _, c := range root.Children {
		walk(c, 0)
	}
}

// metricFloat reads a numeric metric; absent or not a number reads 0 (a
// metric DuckDB did not collect for this statement).
func metricFloat(m map[string]string, key string) float64 {
	v, err := strconv.ParseFloat(m[key], 64)
	if err != nil {
		return 0
	}
	return v
}

// operatorDetail turns DuckDB's EXTRA_INFO ("{Groups=#0, Aggregates=…}",
// lines inside values) into one line, without the planner's estimate.
func operatorDetail(extra string) string {
	s := strings.TrimSuffix(strings.TrimPrefix(extra, "{"), "}")
	var keep []string
	for _, f := range strings.Split(s, ", ") {
		if !strings.HasPrefix(f, "__estimated_cardinality__=") && f != "" {
			keep = append(keep, f)
		}
	}
	return strings.Join(strings.Fields(strings.Join(keep, ", ")), " ")
}
