package store

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"
	"github.com/duckdb/duckdb-go/v2/mapping"
)

// Table is the result of a free-form read-only query.
type Table struct {
	Columns []string
	// Types are the columns' DuckDB types as DuckDB names them (DOUBLE,
	// DECIMAL(18,3), DATE, VARCHAR[] …).
	Types []string
	// Rows hold plain Go values (see tableValue): nil, bool, integers,
	// float32/float64, string, *big.Int (HUGEINT), json.Number (DECIMAL,
	// with all its digits), time.Time (TIMESTAMP*), []byte (BLOB), []any
	// (LIST, ARRAY), Struct (STRUCT) and map[string]any (MAP, JSON).
	Rows [][]any
}

// Struct is a STRUCT value with its fields in the order its type declares
// them: the driver hands a STRUCT over as a Go map, whose keys encoding/json
// would sort.
type Struct struct {
	Names  []string
	Values []any
}

// MarshalJSON writes the fields as a JSON object, in order.
func (s Struct) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	buf.WriteByte('{')
	for i, name := range s.Names {
		if i > 0 {
			buf.WriteByte(',')
		}
		if err := enc.Encode(name); err != nil {
			return nil, err
		}
		buf.WriteByte(':')
		if err := enc.Encode(s.Values[i]); err != nil {
			return nil, err
		}
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// StatementCountError is QueryTable given no statement or more than one.
type StatementCountError struct{ N int }

func (e *StatementCountError) Error() string {
	if e.N == 0 {
		return "no SQL statement given"
	}
	return fmt.Sprintf("%d SQL statements given; run one at a time", e.N)
}

// QueryTable runs one read-only statement and returns all rows. A query of
// no statement or several is a *StatementCountError: the driver would run
// every statement but the last unseen and return only the last one's rows.
func (d *DB) QueryTable(ctx context.Context, query string, args ...any) (Table, error) {
	n, err := CountStatements(query)
	if err != nil {
		return Table{}, err
	}
	if n != 1 {
		return Table{}, &StatementCountError{N: n}
	}
	rows, err := d.conn.QueryContext(ctx, query, args...)
	if err != nil {
		return Table{}, err
	}
	defer rows.Close()
	types, err := rows.ColumnTypes()
	if err != nil {
		return Table{}, err
	}
	t := Table{Columns: make([]string, len(types)), Types: make([]string, len(types))}
	for i, ct := range types {
		t.Columns[i], t.Types[i] = ct.Name(), ct.DatabaseTypeName()
	}
	for rows.Next() {
		vals := make([]any, len(types))
		ptrs := make([]any, len(types))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return Table{}, err
		}
		for i, v := range vals {
			vals[i] = tableValue(v, t.Types[i])
		}
		t.Rows = append(t.Rows, vals)
	}
	return t, rows.Err()
}

// CountStatements returns how many SQL statements query holds, by DuckDB's
// own parser (a syntax error is an error). It parses on a scratch in-memory
// instance: the driver splits a query only while preparing it on a
// connection, and preparing runs every statement before the last.
func CountStatements(query string) (int, error) {
	var config mapping.Config
	if mapping.CreateConfig(&config) == mapping.StateError {
		return 0, errors.New("count statements: cannot create a DuckDB configuration")
	}
	defer mapping.DestroyConfig(&config)
	if mapping.SetConfig(config, "threads", "1") == mapping.StateError {
		return 0, errors.New("count statements: cannot configure DuckDB")
	}
	var db mapping.Database
	var msg string
	if mapping.OpenExt("", &db, config, &msg) == mapping.StateError {
		mapping.Close(&db)
		return 0, fmt.Errorf("count statements: %s", msg)
	}
	defer mapping.Close(&db)
	var conn mapping.Connection
	if mapping.Connect(db, &conn) == mapping.StateError {
		return 0, errors.New("count statements: cannot connect to DuckDB")
	}
	defer mapping.Disconnect(&conn)
	var stmts mapping.ExtractedStatements
	n := mapping.ExtractStatements(conn, query, &stmts)
	defer mapping.DestroyExtracted(&stmts)
	if n == 0 {
		if msg := mapping.ExtractStatementsError(stmts); msg != "" {
			return 0, errors.New(msg)
		}
	}
	return int(n), nil
}

// tableValue turns a value the driver scanned from a column of DuckDB type
// typ into a plain Go value (see Table.Rows). DATE, TIME, TIMETZ, UUID and
// INTERVAL values become their text as DuckDB prints it: the driver hands
// DATE and TIME over as a time.Time, which would print as a timestamp.
func tableValue(v any, typ string) any {
	switch x := v.(type) {
	case duckdb.Decimal:
		return decimalNumber(x)
	case time.Time:
		switch typ {
		case "DATE":
			return x.Format(time.DateOnly)
		case "TIME", "TIME_NS":
			return x.Format("15:04:05.999999999")
		case "TIMETZ":
			return x.Format("15:04:05.999999999Z07:00")
		}
		return x
	case []byte:
		if typ == "UUID" && len(x) == 16 {
			h := hex.EncodeToString(x)
			return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
		}
		return x
	case duckdb.Interval:
		return intervalText(x)
	case duckdb.Union:
		return tableValue(x.Value, "")
	case duckdb.OrderedMap:
		var keyType, valueType string
		if f := typeArgs(typ, "MAP"); len(f) == 2 {
			keyType, valueType = f[0], f[1]
		}
		keys, values := x.Keys(), x.Values()
		m := make(map[string]any, len(keys))
		for i, k := range keys {
			m[fmt.Sprint(tableValue(k, keyType))] = tableValue(values[i], valueType)
		}
		return m
	case []any:
		// A list's type is its element type with [] or [N] after it.
		elem := ""
		if i := strings.LastIndexByte(typ, '['); i > 0 && strings.HasSuffix(typ, "]") {
			elem = typ[:i]
		}
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = tableValue(e, elem)
		}
		return out
	case map[string]any:
		// a STRUCT, in its type's field order; a map of a type this cannot
		// read (JSON) keeps the map
		fields := typeArgs(typ, "STRUCT")
		if len(fields) == len(x) {
			out := Struct{Names: make([]string, 0, len(x)), Values: make([]any, 0, len(x))}
			for _, f := range fields {
				name, t := structField(f)
				e, ok := x[name]
				if !ok {
					break
				}
				out.Names, out.Values = append(out.Names, name), append(out.Values, tableValue(e, t))
			}
			if len(out.Names) == len(x) {
				return out
			}
		}
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = tableValue(e, "")
		}
		return out
	}
	return v
}

// typeArgs splits a nested type's arguments: MAP(VARCHAR, DATE[]) →
// VARCHAR, DATE[]; STRUCT("a" DATE, b INTEGER) → "a" DATE, b INTEGER.
// It returns nil when typ is not kind(…).
func typeArgs(typ, kind string) []string {
	inner, ok := strings.CutPrefix(typ, kind+"(")
	if !ok || !strings.HasSuffix(inner, ")") {
		return nil
	}
	inner = inner[:len(inner)-1]
	var args []string
	depth, quoted, start := 0, false, 0
	for i, c := range inner {
		switch {
		case c == '"':
			quoted = !quoted // a doubled quote inside a name toggles twice
		case quoted:
		case c == '(':
			depth++
		case c == ')':
			depth--
		case c == ',' && depth == 0:
			args = append(args, strings.TrimSpace(inner[start:i]))
			start = i + 1
		}
	}
	return append(args, strings.TrimSpace(inner[start:]))
}

// structField splits a STRUCT field, `"name" TYPE` or `name TYPE`.
func structField(f string) (name, typ string) {
	if rest, ok := strings.CutPrefix(f, `"`); ok {
		for i := 0; i < len(rest); i++ {
			if rest[i] != '"' {
				continue
			}
			if i+1 < len(rest) && rest[i+1] == '"' {
				i++
				continue
			}
			return strings.ReplaceAll(rest[:i], `""`, `"`), strings.TrimSpace(rest[i+1:])
		}
		return "", ""
	}
	name, typ, _ = strings.Cut(f, " ")
	return name, strings.TrimSpace(typ)
}

// decimalNumber writes a DECIMAL with its scale's digits, as DuckDB prints
// it (5.0 for DECIMAL(2,1), not 5), as a JSON number literal.
func decimalNumber(d duckdb.Decimal) json.Number {
	if d.Value == nil {
		return "0"
	}
	digits := new(big.Int).Abs(d.Value).String()
	sign := ""
	if d.Value.Sign() < 0 {
		sign = "-"
	}
	scale := int(d.Scale)
	if scale == 0 {
		return json.Number(sign + digits)
	}
	if len(digits) <= scale {
		digits = strings.Repeat("0", scale-len(digits)+1) + digits
	}
	return json.Number(sign + digits[:len(digits)-scale] + "." + digits[len(digits)-scale:])
}

// intervalText prints an INTERVAL as DuckDB does: "1 year 2 months 3 days
// 04:05:06.5", "00:00:00" when empty.
func intervalText(iv duckdb.Interval) string {
	var parts []string
	unit := func(n int64, name string) {
		if n == 0 {
			return
		}
		if n != 1 && n != -1 {
			name += "s"
		}
		parts = append(parts, fmt.Sprintf("%d %s", n, name))
	}
	unit(int64(iv.Months/12), "year")
	unit(int64(iv.Months%12), "month")
	unit(int64(iv.Days), "day")
	if iv.Micros != 0 || len(parts) == 0 {
		micros, sign := iv.Micros, ""
		if micros < 0 {
			micros, sign = -micros, "-"
		}
		clock := fmt.Sprintf("%s%02d:%02d:%02d", sign, micros/3600e6, micros/60e6%60, micros/1e6%60)
		if frac := micros % 1e6; frac != 0 {
			clock += strings.TrimRight(fmt.Sprintf(".%06d", frac), "0")
		}
		parts = append(parts, clock)
	}
	return strings.Join(parts, " ")
}
