package sqlscript

import (
	"io/fs"
	"reflect"
	"strings"
	"testing"

	"github.com/wagescope/wagescope/queries"
)

func TestStatementsSplitsOnlyAtTerminatingSemicolons(t *testing.T) {
	tests := []struct {
		name string
		sql  string
		want []Statement
	}{
		{"two", "SELECT 1;\nSELECT 2;\n", []Statement{{"SELECT 1;", 1, "SELECT 1;"}, {"\nSELECT 2;", 2, "SELECT 2;"}}},
		{"no final semicolon", "SELECT 1;\n\nSELECT 2\n", []Statement{{"SELECT 1;", 1, "SELECT 1;"}, {"\n\nSELECT 2\n", 3, "SELECT 2"}}},
		{"comment above counts to the statement", "-- why; and how\nSELECT 1;", []Statement{{"-- why; and how\nSELECT 1;", 2, "SELECT 1;"}}},
		{"block comment", "/* a;\nb; */ SELECT 1; SELECT 2;", []Statement{{"/* a;\nb; */ SELECT 1;", 2, "SELECT 1;"}, {" SELECT 2;", 2, "SELECT 2;"}}},
		{"string", "SELECT 'a;b', 'it''s; fine';\nSELECT 2;", []Statement{{"SELECT 'a;b', 'it''s; fine';", 1, "SELECT 'a;b', 'it''s; fine';"}, {"\nSELECT 2;", 2, "SELECT 2;"}}},
		{"string over lines", "SELECT 'a\n;\nb';\nSELECT 2;", []Statement{{"SELECT 'a\n;\nb';", 1, "SELECT 'a"}, {"\nSELECT 2;", 4, "SELECT 2;"}}},
		{"identifier", `SELECT 1 AS "x;y"; SELECT 2;`, []Statement{{`SELECT 1 AS "x;y";`, 1, `SELECT 1 AS "x;y";`}, {" SELECT 2;", 1, "SELECT 2;"}}},
		{"dollar string", "SELECT $$a;b$$; SELECT $q$c;$q$;", []Statement{{"SELECT $$a;b$$;", 1, "SELECT $$a;b$$;"}, {" SELECT $q$c;$q$;", 1, "SELECT $q$c;$q$;"}}},
		{"parameter is not a dollar string", "SELECT $1; SELECT 2;", []Statement{{"SELECT $1;", 1, "SELECT $1;"}, {" SELECT 2;", 1, "SELECT 2;"}}},
		{"lambda and cast", "SELECT list_filter([1], x -> x > 0)::INT[];", []Statement{{"SELECT list_filter([1], x -> x > 0)::INT[];", 1, "SELECT list_filter([1], x -> x > 0)::INT[];"}}},
		{"empty statements", ";;SELECT 1;;", []Statement{{"SELECT 1;", 1, "SELECT 1;"}}},
		{"comments only", "-- nothing\n/* here */\n", nil},
		{"unterminated string", "SELECT 'a;", []Statement{{"SELECT 'a;", 1, "SELECT 'a;"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Statements(tt.sql, 1); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Statements(%q)\n got %#v\nwant %#v", tt.sql, got, tt.want)
			}
		})
	}
}

func TestStatementsCountsLinesFromThePartsFirstLine(t *testing.T) {
	got := Statements("\nSELECT 1;\n-- x\nSELECT\n 2;", 40)
	if len(got) != 2 || got[0].Line != 41 || got[1].Line != 43 {
		t.Fatalf("got %#v, want lines 41 and 43", got)
	}
}

// Every embedded SQL file, split, is its statements: each piece ends its
// statement (a ';' last) and the pieces put together are the file.
func TestStatementsOfTheProjectsSQLFiles(t *testing.T) {
	var files, statements int
	err := fs.WalkDir(queries.FS, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(name, ".sql") {
			return err
		}
		body, err := fs.ReadFile(queries.FS, name)
		if err != nil {
			return err
		}
		parts, err := Parse(name, string(body))
		if err != nil {
			return err
		}
		files++
		for _, p := range parts {
			var joined strings.Builder
			for _, s := range Statements(p.SQL, p.Line) {
				statements++
				joined.WriteString(s.SQL)
				if !strings.HasSuffix(s.SQL, ";") {
					t.Errorf("%s:%d: a statement does not end in ';': %q", name, s.Line, tail(s.SQL))
				}
			}
			if rest := strings.TrimSpace(strings.TrimPrefix(p.SQL, joined.String())); !strings.HasPrefix(p.SQL, joined.String()) || strings.Contains(rest, ";") {
				t.Errorf("%s:%d: the statements do not add up to the part", name, p.Line)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 20 || statements < 3*files {
		t.Errorf("split %d files into %d statements; want the project's SQL (over 20 files, several statements each)", files, statements)
	}
}

func tail(s string) string {
	if len(s) > 60 {
		return "…" + s[len(s)-60:]
	}
	return s
}
