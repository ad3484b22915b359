package store

import (
	"context"
	"reflect"
	"strings"
	"testing"
)

// With a Profile, a script runs one statement at a time, with the same
// effect, and each statement's profile names its line, its repeat value
// and its operators.
func TestRunScriptProfilesEachStatement(t *testing.T) {
	ctx := context.Background()
	var got []StatementProfile
	db := openTestDB(t, Options{Profile: func(p StatementProfile) { got = append(got, p) }})
	script := repeatScript + "-- the groups\nCREATE TABLE groups AS SELECT b, count(*) AS n FROM buckets GROUP BY b;\n"
	if err := db.runScript(ctx, "t.sql", script); err != nil {
		t.Fatal(err)
	}
	checkRepeatSteps(t, db)

	type run struct {
		Line         int
		Repeat, Text string
	}
	var runs []run
	for _, p := range got {
		runs = append(runs, run{p.Line, p.Repeat, p.Text})
	}
	insert := "INSERT INTO seen SELECT {b}, (SELECT count(*) FROM seen);"
	want := []run{
		{1, "", "CREATE TABLE buckets AS SELECT * FROM (VALUES (2), (0), (5), (2)) AS v(b);"},
		{2, "", "CREATE TABLE seen (b INTEGER, step INTEGER);"},
		{4, "b=5", insert}, {4, "b=2", insert}, {4, "b=0", insert},
		{6, "", "INSERT INTO seen VALUES (-1, (SELECT count(*) FROM seen));"},
		{8, "", "CREATE TABLE groups AS SELECT b, count(*) AS n FROM buckets GROUP BY b;"},
	}
	if !reflect.DeepEqual(runs, want) {
		t.Fatalf("profiled statements\n got %+v\nwant %+v", runs, want)
	}
	for _, p := range got {
		if p.Script != "t.sql" || p.Seconds <= 0 {
			t.Errorf("line %d: script %q, %v s", p.Line, p.Script, p.Seconds)
		}
	}
	groups := got[len(got)-1]
	if groups.RowsScanned != 4 {
		t.Errorf("the GROUP BY scanned %d rows, want the 4 of buckets", groups.RowsScanned)
	}
	var grouped *OperatorProfile
	for i, op := range groups.Operators {
		if strings.HasSuffix(op.Name, "HASH_GROUP_BY") {
			grouped = &groups.Operators[i]
		}
	}
	if grouped == nil || grouped.Rows != 3 || grouped.Depth < 1 || !strings.Contains(grouped.Detail, "count_star()") {
		t.Errorf("the GROUP BY's operators: %+v; want a hash GROUP BY of 3 groups counting, below the CREATE", groups.Operators)
	}
}

// Profiled, a failing statement is named by its own line.
func TestRunScriptProfiledErrorsNameTheStatementsLine(t *testing.T) {
	tests := []struct {
		name, script, want string
	}{
		{"failing block", "SELECT 1;\n-- wagescope:for k IN (SELECT 7)\nSELECT 1;\nSELECT * FROM missing_{k};\n-- wagescope:end\n", "t.sql:4: with k = 7: "},
		{"failing plain SQL", "SELECT 1;\n\nSELECT * FROM nowhere;\n", "t.sql (from line 3): "},
	}
	ctx := context.Background()
	db := openTestDB(t, Options{Profile: func(StatementProfile) {}})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := db.runScript(ctx, "t.sql", tt.script)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestOperatorDetailIsOneLine(t *testing.T) {
	tests := []struct{ extra, want string }{
		{"{Groups=#0, Aggregates='count_star()', __estimated_cardinality__=7}", "Groups=#0, Aggregates='count_star()'"},
		{"{__projections__=g\ni, __estimated_cardinality__=1000000}", "__projections__=g i"},
		{"{}", ""},
	}
	for _, tt := range tests {
		if got := operatorDetail(tt.extra); got != tt.want {
			t.Errorf("operatorDetail(%q) = %q, want %q", tt.extra, got, tt.want)
		}
	}
}
