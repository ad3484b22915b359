package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/wagescope/wagescope/pipeline/store"
)

func (a *app) queryCommand() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "query SQL",
		Short: "Run read-only SQL against the published database",
		Long: `query runs one SQL statement against the published database, opened read-only,
and prints its rows: numbers in plain decimal (DECIMAL with all its digits),
DATE as 2006-01-02, TIMESTAMP as RFC 3339 in UTC. --format json prints one
object per row with the keys in the statement's column order (NaN and
infinite numbers as null); lists and structs print as JSON in every format.
One statement per call: SQL holding none or several is a usage error.

` + exitCodesHelp(),
		Example: `  wagescope query "SELECT release, annual_median FROM fct_wage_stats WHERE occupation_code = '29-2010' AND area_code = 'US'"`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format, formatTable, formatJSON, formatCSV); err != nil {
				return err
			}
			if strings.TrimSpace(args[0]) == "" {
				return usageError("query: the SQL statement is empty")
			}
			db, err := a.openPublished(cmd.Context())
			if err != nil {
				return err
			}
			defer db.Close()
			t, err := db.QueryTable(cmd.Context(), args[0])
			var sce *store.StatementCountError
			switch {
			case errors.As(err, &sce):
				return usageError("query: %w", err)
			case err != nil:
				return &exitError{code: exitFailure, err: fmt.Errorf("query: %w", err)}
			}
			if format == formatJSON {
				return writeRowObjects(a.stdout, t.Columns, t.Rows)
			}
			rows := make([][]string, len(t.Rows))
			for i, r := range t.Rows {
				rows[i] = make([]string, len(r))
				for j, v := range r {
					rows[i][j] = cellText(v)
				}
			}
			return writeGrid(a.stdout, format, t.Columns, rows)
		},
	}
	cmd.Flags().StringVar(&format, "format", formatTable, "table, json or csv")
	return cmd
}

// writeRowObjects prints rows as a JSON array of objects whose keys keep the
// columns' order (encoding/json would sort a map's keys).
func writeRowObjects(w io.Writer, columns []string, rows [][]any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	buf.WriteByte('[')
	for i, r := range rows {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteByte('{')
		for j, c := range columns {
			if j > 0 {
				buf.WriteByte(',')
			}
			if err := enc.Encode(c); err != nil {
				return err
			}
			buf.WriteByte(':')
			if err := enc.Encode(jsonValue(r[j])); err != nil {
				return fmt.Errorf("column %s: %w", c, err)
			}
		}
		buf.WriteByte('}')
	}
	buf.WriteByte(']')
	var out bytes.Buffer
	if err := json.Indent(&out, buf.Bytes(), "", "  "); err != nil {
		return err
	}
	out.WriteByte('\n')
	_, err := w.Write(out.Bytes())
	return err
}

// cellText is a value as a table or CSV cell: numbers in plain decimal,
// lists and structs as compact JSON.
func cellText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case float64, float32:
		return floatText(x)
	case time.Time:
		return timestampText(x)
	case []byte:
		return blobText(x)
	case []any, map[string]any, store.Struct:
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(jsonValue(x)); err != nil {
			return fmt.Sprint(x)
		}
		return strings.TrimSuffix(b.String(), "\n")
	}
	return strings.TrimSpace(fmt.Sprint(v))
}

// jsonValue is a value ready for encoding/json: numbers as plain decimal
// literals (null for NaN and infinities, which JSON cannot hold).
func jsonValue(v any) any {
	switch x := v.(type) {
	case float64:
		return jsonFloat(x, 64)
	case float32:
		return jsonFloat(float64(x), 32)
	case time.Time:
		return timestampText(x)
	case []byte:
		return blobText(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = jsonValue(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = jsonValue(e)
		}
		return out
	case store.Struct:
		out := store.Struct{Names: x.Names, Values: make([]any, len(x.Values))}
		for i, e := range x.Values {
			out.Values[i] = jsonValue(e)
		}
		return out
	}
	return v
}

// jsonFloat is a float of bits precision as a JSON number literal, or nil.
func jsonFloat(f float64, bits int) any {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil
	}
	return json.Number(strconv.FormatFloat(f, 'f', -1, bits))
}

// floatText prints a float in plain decimal, never with an exponent, in
// the fewest digits that read back to the same value (1e+06 → 1000000).
func floatText(v any) string {
	if f, ok := v.(float32); ok {
		return strconv.FormatFloat(float64(f), 'f', -1, 32)
	}
	return strconv.FormatFloat(v.(float64), 'f', -1, 64)
}

// timestampText prints a TIMESTAMP in RFC 3339 in UTC, with fractional
// seconds only when it has them.
func timestampText(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// blobText prints a BLOB that holds text as that text, any other as DuckDB
// does: printable ASCII as is, other bytes as \xHH.
func blobText(b []byte) string {
	if utf8.Valid(b) && !bytes.ContainsFunc(b, func(r rune) bool { return r < ' ' && r != '\t' && r != '\n' }) {
		return string(b)
	}
	var sb strings.Builder
	for _, c := range b {
		if c >= ' ' && c < 0x7f && c != '\\' {
			sb.WriteByte(c)
		} else {
			fmt.Fprintf(&sb, `\x%02X`, c)
		}
	}
	return sb.String()
}
