package sqlscript

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseSplitsPlainSQLAndRepeatBlocks(t *testing.T) {
	body := "CREATE TABLE t AS SELECT 1;\n" +
		"-- wagescope:for bucket IN (SELECT DISTINCT bucket FROM b ORDER BY bucket)\n" +
		"INSERT INTO t SELECT * FROM f({bucket});\n" +
		"-- wagescope:end\n" +
		"\n" +
		"DROP TABLE b;\n"
	parts, err := Parse("x.sql", body)
	if err != nil {
		t.Fatal(err)
	}
	want := []Part{
		{SQL: "CREATE TABLE t AS SELECT 1;\n", Line: 1},
		{SQL: "INSERT INTO t SELECT * FROM f({bucket});\n", Var: "bucket", Query: "SELECT DISTINCT bucket FROM b ORDER BY bucket", Line: 2},
		{SQL: "\nDROP TABLE b;\n", Line: 5},
	}
	if !reflect.DeepEqual(parts, want) {
		t.Fatalf("got %#v\nwant %#v", parts, want)
	}
	if got := parts[1].Expand(12); got != "INSERT INTO t SELECT * FROM f(12);\n" {
		t.Errorf("Expand(12) = %q", got)
	}
	if parts[0].Repeated() || !parts[1].Repeated() {
		t.Errorf("Repeated: plain %v, block %v", parts[0].Repeated(), parts[1].Repeated())
	}
}

func TestParseConditionalBlock(t *testing.T) {
	body := "CREATE TABLE t AS SELECT 1;\n" +
		"-- wagescope:if (SELECT count(*) = 0 FROM t)\n" +
		"INSERT INTO t VALUES ({x});\n" +
		"-- wagescope:end\n"
	parts, err := Parse("x.sql", body)
	if err != nil {
		t.Fatal(err)
	}
	want := []Part{
		{SQL: "CREATE TABLE t AS SELECT 1;\n", Line: 1},
		{SQL: "INSERT INTO t VALUES ({x});\n", Query: "SELECT count(*) = 0 FROM t", Line: 2},
	}
	if !reflect.DeepEqual(parts, want) {
		t.Fatalf("got %#v\nwant %#v", parts, want)
	}
	if !parts[1].Conditional() || !parts[1].Repeated() || parts[0].Conditional() {
		t.Errorf("Conditional: plain %v, block %v", parts[0].Conditional(), parts[1].Conditional())
	}
	// nothing in a conditional block's SQL is a placeholder
	if got := parts[1].Expand(3); got != parts[1].SQL {
		t.Errorf("Expand(3) = %q", got)
	}
}

// A note between two blocks, or above the first, is comments alone: it is
// no part (DuckDB would call it an empty query).
func TestParseLeavesOutComments(t *testing.T) {
	body := "-- the first block\n" +
		"-- wagescope:if (SELECT true)\n" +
		"SELECT 1;\n" +
		"-- wagescope:end\n" +
		"\n" +
		"/* the second\n   block */\n" +
		"-- wagescope:if (SELECT false)\n" +
		"SELECT 2;\n" +
		"-- wagescope:end\n" +
		"-- a closing note\n"
	parts, err := Parse("x.sql", body)
	if err != nil {
		t.Fatal(err)
	}
	want := []Part{
		{SQL: "SELECT 1;\n", Query: "SELECT true", Line: 2},
		{SQL: "SELECT 2;\n", Query: "SELECT false", Line: 8},
	}
	if !reflect.DeepEqual(parts, want) {
		t.Fatalf("got %#v\nwant %#v", parts, want)
	}
}

func TestParseGoStep(t *testing.T) {
	body := "CREATE TEMP TABLE cells (k BIGINT);\n-- wagescope:go posted_cells\nSELECT count(*) FROM cells;\n"
	parts, err := Parse("x.sql", body)
	if err != nil {
		t.Fatal(err)
	}
	want := []Part{
		{SQL: "CREATE TEMP TABLE cells (k BIGINT);\n", Line: 1},
		{Step: "posted_cells", Line: 2},
		{SQL: "SELECT count(*) FROM cells;\n", Line: 3},
	}
	if !reflect.DeepEqual(parts, want) {
		t.Fatalf("got %#v\nwant %#v", parts, want)
	}
}

func TestParseWithoutDirectivesIsOnePart(t *testing.T) {
	body := "-- a comment\nSELECT 1;\nSELECT 2;\n"
	parts, err := Parse("x.sql", body)
	if err != nil {
		t.Fatal(err)
	}
	if len(parts) != 1 || parts[0].SQL != body || parts[0].Repeated() {
		t.Fatalf("got %#v", parts)
	}
}

func TestParseRejectsMalformedBlocks(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"unclosed", "SELECT 1;\n-- wagescope:for k IN (SELECT 1)\nSELECT {k};\n", "x.sql:2: wagescope:for is never closed"},
		{"nested", "-- wagescope:for k IN (SELECT 1)\n-- wagescope:for j IN (SELECT 2)\n", "x.sql:2: wagescope:for inside the block opened at line 1"},
		{"stray end", "SELECT 1;\n-- wagescope:end\n", "x.sql:2: wagescope:end with no wagescope:for or wagescope:if open"},
		{"empty", "-- wagescope:for k IN (SELECT 1)\n-- wagescope:end\n", "x.sql:2: the block opened at line 1 runs nothing"},
		{"empty conditional", "-- wagescope:if (SELECT true)\n-- wagescope:end\n", "x.sql:2: the block opened at line 1 runs nothing"},
		{"a conditional of comments only", "-- wagescope:if (SELECT true)\n-- a note\n\n-- wagescope:end\n", "x.sql:4: the block opened at line 1 runs nothing"},
		{"unclosed conditional", "-- wagescope:if (SELECT true)\nSELECT 1;\n", "x.sql:1: wagescope:if is never closed"},
		{"conditional in a repeat block", "-- wagescope:for k IN (SELECT 1)\n-- wagescope:if (SELECT true)\n", "x.sql:2: wagescope:if inside the block opened at line 1"},
		{"unused placeholder", "-- wagescope:for k IN (SELECT 1)\nSELECT 1;\n-- wagescope:end\n", "never uses {k}"},
		{"misspelled", "-- wagescope:foreach k IN (SELECT 1)\n", `x.sql:1: unknown directive "-- wagescope:foreach k IN (SELECT 1)"`},
		{"go step in a block", "-- wagescope:for k IN (SELECT 1)\n-- wagescope:go cells\nSELECT {k};\n-- wagescope:end\n", "x.sql:2: wagescope:go inside the block opened at line 1"},
		{"go step without a name", "-- wagescope:go\n", `x.sql:1: unknown directive "-- wagescope:go"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("x.sql", tt.body)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}
