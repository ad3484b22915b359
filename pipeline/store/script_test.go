package store

import (
	"context"
	"strings"
	"testing"
)

// A repeat block runs once per value of its query, in the query's order,
// after the SQL above it and before the SQL below it.
func TestRunScriptRepeatsBlocksPerValue(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t, Options{})
	if err := db.runScript(ctx, "t.sql", repeatScript); err != nil {
		t.Fatal(err)
	}
	checkRepeatSteps(t, db)
}

// repeatScript runs a repeat block between plain statements; each run
// records its step in seen.
const repeatScript = `CREATE TABLE buckets AS SELECT * FROM (VALUES (2), (0), (5), (2)) AS v(b);
CREATE TABLE seen (b INTEGER, step INTEGER);
-- wagescope:for b IN (SELECT DISTINCT b FROM buckets ORDER BY b DESC)
INSERT INTO seen SELECT {b}, (SELECT count(*) FROM seen);
-- wagescope:end
INSERT INTO seen VALUES (-1, (SELECT count(*) FROM seen));
`

// checkRepeatSteps checks that repeatScript ran its block once per value,
// in the query's order, after the SQL above it and before the SQL below.
func checkRepeatSteps(t *testing.T, db *DB) {
	t.Helper()
	var got string
	if err := db.QueryRow(context.Background(), "SELECT string_agg(b || '@' || step, ' ' ORDER BY step) FROM seen").Scan(&got); err != nil {
		t.Fatal(err)
	}
	if want := "5@0 2@1 0@2 -1@3"; got != want {
		t.Fatalf("runs %q, want %q", got, want)
	}
}

// A conditional block runs once when its query returns true and not at
// all when it returns false or NULL.
func TestRunScriptRunsConditionalBlocksWhenTheyHold(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t, Options{})
	script := `CREATE TABLE seen (step VARCHAR);
-- wagescope:if (SELECT count(*) = 0 FROM seen)
INSERT INTO seen VALUES ('empty');
-- wagescope:end
-- wagescope:if (SELECT count(*) = 0 FROM seen)
INSERT INTO seen VALUES ('still empty');
-- wagescope:end
-- wagescope:if (SELECT NULL::BOOLEAN)
INSERT INTO seen VALUES ('null');
-- wagescope:end
-- wagescope:if (SELECT count(*) = 1 FROM seen)
INSERT INTO seen VALUES ('one');
-- wagescope:end
`
	if err := db.runScript(ctx, "t.sql", script); err != nil {
		t.Fatal(err)
	}
	var got string
	if err := db.QueryRow(ctx, "SELECT string_agg(step, ', ' ORDER BY rowid) FROM seen").Scan(&got); err != nil {
		t.Fatal(err)
	}
	if want := "empty, one"; got != want {
		t.Fatalf("ran %q, want %q", got, want)
	}
}

func TestRunScriptErrorsNameTheFileAndLine(t *testing.T) {
	tests := []struct {
		name, script, want string
	}{
		{"text values", "-- wagescope:for k IN (SELECT 'a')\nSELECT {k};\n-- wagescope:end\n", "t.sql:1: the values of {k}: want one integer column"},
		{"null value", "-- wagescope:for k IN (SELECT NULL::INTEGER)\nSELECT {k};\n-- wagescope:end\n", "t.sql:1: the values of {k}: want integers, got NULL"},
		{"failing block", "SELECT 1;\n-- wagescope:for k IN (SELECT 7)\nSELECT * FROM missing_{k};\n-- wagescope:end\n", "t.sql:2: with k = 7: "},
		{"failing plain SQL", "SELECT 1;\n-- wagescope:for k IN (SELECT 7)\nSELECT {k};\n-- wagescope:end\nSELECT * FROM nowhere;\n", "t.sql (from line 5): "},
		{"unclosed block", "-- wagescope:for k IN (SELECT 7)\nSELECT {k};\n", "t.sql:1: wagescope:for is never closed"},
		{"text condition", "-- wagescope:if (SELECT 'yes')\nSELECT 1;\n-- wagescope:end\n", "t.sql:1: the condition (SELECT 'yes'): want one boolean"},
		{"failing conditional block", "-- wagescope:if (SELECT true)\nSELECT * FROM nowhere;\n-- wagescope:end\n", "t.sql:1: in the block run because (SELECT true): "},
	}
	ctx := context.Background()
	db := openTestDB(t, Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := db.runScript(ctx, "t.sql", tt.script)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}
