package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wagescope/wagescope/pipeline/store"
)

// emptyDatabase creates an empty DuckDB file for commands that only read.
func emptyDatabase(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	db, err := store.Open(context.Background(), path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestQueryPrintsValuesPlainly(t *testing.T) {
	tests := []struct {
		name   string
		format string
		sql    string
		want   string
	}{
		{"doubles without exponent, table", "table", "SELECT 1.5185387e8::DOUBLE AS a, 1e6::DOUBLE AS b, 1.5e-7::DOUBLE AS c, 0.1::DOUBLE AS d",
			"a          b        c           d\n151853870  1000000  0.00000015  0.1\n"},
		{"doubles without exponent, csv", "csv", "SELECT 1.5185387e8::DOUBLE AS a, 1e21::DOUBLE AS b, 1.1::FLOAT AS c",
			"a,b,c\n151853870,1000000000000000000000,1.1\n"},
		{"decimal, date and timestamp, csv", "csv",
			"SELECT 5.0::DECIMAL(2,1) AS dec, DATE '2020-01-01' AS day, TIMESTAMP '2020-01-01 10:00:00' AS ts, TIMESTAMP '2020-01-01 10:00:00.25' AS frac",
			"dec,day,ts,frac\n5.0,2020-01-01,2020-01-01T10:00:00Z,2020-01-01T10:00:00.25Z\n"},
		{"lists as JSON in a cell", "csv", "SELECT [1e6, 2.5]::DOUBLE[] AS l, [DATE '2020-01-01'] AS d",
			"l,d\n\"[1000000,2.5]\",\"[\"\"2020-01-01\"\"]\"\n"},
		{"structs as JSON in a cell, fields in their order, text not HTML-escaped", "table", "SELECT {'k': 'a<b', 'd': DATE '2020-01-02'} AS s",
			"s\n{\"k\":\"a<b\",\"d\":\"2020-01-02\"}\n"},
		{"json structs keep their field order at every depth, quoted names too", "json",
			`SELECT {'b': 1, 'a': [{'z': 1.5::DOUBLE, 'y': DATE '2020-01-02'}], 'my "key': 'x'} AS s, NULL::STRUCT(b INT, a INT) AS n`,
			`[
  {
    "s": {
      "b": 1,
      "a": [
        {
          "z": 1.5,
          "y": "2020-01-02"
        }
      ],
      "my \"key": "x"
    },
    "n": null
  }
]
`},
		{"NULL is an empty cell", "csv", "SELECT NULL AS a, 1 AS b", "a,b\n,1\n"},
		{"json keeps column order, decimals and doubles as numbers", "json",
			"SELECT 'x' AS zz, 5.0::DECIMAL(2,1) AS a, 1e6::DOUBLE AS m, DATE '2020-01-01' AS day, TIMESTAMP '2020-01-01 10:00:00' AS ts, 'nan'::DOUBLE AS nan, NULL AS nothing",
			`[
  {
    "zz": "x",
    "a": 5.0,
    "m": 1000000,
    "day": "2020-01-01",
    "ts": "2020-01-01T10:00:00Z",
    "nan": null,
    "nothing": null
  }
]
`},
		{"json of no rows", "json", "SELECT 1 AS a WHERE false", "[]\n"},
		{"json text is not HTML-escaped", "json", "SELECT 'a<b & c' AS s", "[\n  {\n    \"s\": \"a<b & c\"\n  }\n]\n"},
	}
	db := emptyDatabase(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mustCLI(t, "--db", db, "query", "--format", tt.format, tt.sql)
			if got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestQueryTakesOneStatement(t *testing.T) {
	tests := []struct {
		name string
		sql  string
		code int
		want string
	}{
		{"two statements", "SELECT 1; SELECT 2", exitUsage, "2 SQL statements given"},
		{"empty", "", exitUsage, "empty"},
		{"blank", "  \n ", exitUsage, "empty"},
		{"only a semicolon", ";", exitUsage, "no SQL statement"},
		{"only a comment", "/* nothing */", exitUsage, "no SQL statement"},
		{"syntax error", "SELEC 1", exitFailure, "syntax error"},
		{"unknown table", "SELECT * FROM nowhere", exitFailure, "nowhere"},
	}
	db := emptyDatabase(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := cli(t, "", "--db", db, "query", tt.sql)
			if code != tt.code || out != "" || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit %d mentioning %q", code, out, errOut, tt.code, tt.want)
			}
		})
	}
}
