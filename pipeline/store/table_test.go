package store

import (
	"context"
	"encoding/json"
	"errors"
	"math/big"
	"reflect"
	"testing"
	"time"
)

func TestCountStatements(t *testing.T) {
	tests := []struct {
		name    string
		query   string
		want    int
		wantErr bool
	}{
		{"one", "SELECT 1", 1, false},
		{"one with a trailing semicolon", "SELECT 1;", 1, false},
		{"semicolon inside a string", "SELECT 'a;b'", 1, false},
		{"two", "SELECT 1; SELECT 2", 2, false},
		{"three, one not a query", "SET threads = 1; SELECT 1; SELECT 2", 3, false},
		{"empty", "", 0, false},
		{"only a semicolon", " ; ", 0, false},
		{"only a comment", "/* nothing */", 0, false},
		{"syntax error", "SELEC 1", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CountStatements(tt.query)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("CountStatements(%q) = %d, %v; want %d (error %v)", tt.query, got, err, tt.want, tt.wantErr)
			}
		})
	}
}

// QueryTable hands the commands plain Go values: DECIMAL with its scale's
// digits, DATE and TIME as DuckDB prints them (the driver scans both as a
// time.Time), nested values converted by their element types.
func TestQueryTableValues(t *testing.T) {
	tests := []struct {
		sql      string
		wantType string
		want     any
	}{
		{"SELECT 1.5e8::DOUBLE", "DOUBLE", 1.5e8},
		{"SELECT 5.0::DECIMAL(2,1)", "DECIMAL(2,1)", json.Number("5.0")},
		{"SELECT -0.05::DECIMAL(5,3)", "DECIMAL(5,3)", json.Number("-0.050")},
		{"SELECT 12345678901234567890123456789.12::DECIMAL(38,2)", "DECIMAL(38,2)", json.Number("12345678901234567890123456789.12")},
		{"SELECT 42::DECIMAL(18,0)", "DECIMAL(18,0)", json.Number("42")},
		{"SELECT DATE '2020-01-01'", "DATE", "2020-01-01"},
		{"SELECT TIMESTAMP '2020-01-01 10:00:00.5'", "TIMESTAMP", time.Date(2020, 1, 1, 10, 0, 0, 5e8, time.UTC)},
		{"SELECT TIME '10:11:12.5'", "TIME", "10:11:12.5"},
		{"SELECT INTERVAL '1 year 2 months 3 days 04:05:06.5'", "INTERVAL", "1 year 2 months 3 days 04:05:06.5"},
		{"SELECT INTERVAL 1 DAY", "INTERVAL", "1 day"},
		{"SELECT UUID '4ac7a9e9-607c-4c8a-84f3-843f0191e3fd'", "UUID", "4ac7a9e9-607c-4c8a-84f3-843f0191e3fd"},
		{"SELECT 1::HUGEINT", "HUGEINT", big.NewInt(1)},
		{"SELECT [DATE '2020-01-01', NULL]", "DATE[]", []any{"2020-01-01", nil}},
		{"SELECT [[1.5::DECIMAL(2,1)]]", "DECIMAL(2,1)[][]", []any{[]any{json.Number("1.5")}}},
		{`SELECT {'d': DATE '2020-01-02', 'a "b, c': [DATE '2021-01-01']}`, `STRUCT("d" DATE, "a ""b, c" DATE[])`,
			// in the type's field order, not sorted
			Struct{Names: []string{"d", `a "b, c`}, Values: []any{"2020-01-02", []any{"2021-01-01"}}}},
		{"SELECT MAP {DATE '2020-01-01': 2.5::DECIMAL(2,1)}", "MAP(DATE, DECIMAL(2,1))", map[string]any{"2020-01-01": json.Number("2.5")}},
		{"SELECT NULL::DATE", "DATE", nil},
	}
	db := openTestDB(t, Options{})
	for _, tt := range tests {
		t.Run(tt.sql, func(t *testing.T) {
			got, err := db.QueryTable(context.Background(), tt.sql)
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Types) != 1 || got.Types[0] != tt.wantType {
				t.Errorf("types %q, want [%s]", got.Types, tt.wantType)
			}
			if len(got.Rows) != 1 || !reflect.DeepEqual(got.Rows[0][0], tt.want) {
				t.Errorf("rows %#v, want [[%#v]]", got.Rows, tt.want)
			}
		})
	}
}

// QueryTable runs exactly one statement: the driver would run all but the
// last of several unseen.
func TestQueryTableRejectsStatementCounts(t *testing.T) {
	tests := []struct {
		query string
		wantN int
	}{
		{"SELECT 1; SELECT 2", 2},
		{"CREATE TABLE t AS SELECT 1 AS a; SELECT * FROM t", 2},
		{";", 0},
	}
	db := openTestDB(t, Options{})
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			_, err := db.QueryTable(context.Background(), tt.query)
			var sce *StatementCountError
			if !errors.As(err, &sce) || sce.N != tt.wantN {
				t.Fatalf("err = %v, want a StatementCountError of %d", err, tt.wantN)
			}
		})
	}
	// Nothing ran: the first statement did not create its table.
	var n int
	if err := db.QueryRow(context.Background(), "SELECT count(*) FROM duckdb_tables() WHERE table_name = 't'").Scan(&n); err != nil || n != 0 {
		t.Errorf("table t: %d, %v; want none", n, err)
	}
}
