package lazyre

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
)

func TestRegexpForwards(t *testing.T) {
	re := New(`(\d{4})-(?P<end>\d{2,4})`)
	if got := re.String(); got != `(\d{4})-(?P<end>\d{2,4})` || re.re != nil {
		t.Fatalf("String() = %q, compiled %v: want the source, not compiled", got, re.re != nil)
	}
	tests := []struct {
		name      string
		got, want any
	}{
		{"MatchString", re.MatchString("2024-34"), true},
		{"MatchString miss", re.MatchString("FY24"), false},
		{"FindString", re.FindString("in 2024-2034 then"), "2024-2034"},
		{"FindStringIndex", re.FindStringIndex("in 2024-34"), []int{3, 10}},
		{"FindStringSubmatch", re.FindStringSubmatch("2024-34"), []string{"2024-34", "2024", "34"}},
		{"FindStringSubmatchIndex", re.FindStringSubmatchIndex("2024-34"), []int{0, 7, 0, 4, 5, 7}},
		{"FindAllString", re.FindAllString("2022-32, 2024-34", -1), []string{"2022-32", "2024-34"}},
		{"FindAllStringIndex", re.FindAllStringIndex("2022-32 2024-34", 1), [][]int{{0, 7}}},
		{"FindAllStringSubmatch", re.FindAllStringSubmatch("2022-32", -1), [][]string{{"2022-32", "2022", "32"}}},
		{"FindAllStringSubmatchIndex", re.FindAllStringSubmatchIndex("2022-32", -1), [][]int{{0, 7, 0, 4, 5, 7}}},
		{"ReplaceAllString", re.ReplaceAllString("2022-32", "$end"), "32"},
		{"ReplaceAllStringFunc", re.ReplaceAllStringFunc("x 2022-32", func(s string) string { return "<" + s + ">" }), "x <2022-32>"},
		{"SubexpIndex", re.SubexpIndex("end"), 2},
	}
	for _, tt := range tests {
		if !reflect.DeepEqual(tt.got, tt.want) {
			t.Errorf("%s = %#v, want %#v", tt.name, tt.got, tt.want)
		}
	}
}

func TestCompiledOnceUnderConcurrentUse(t *testing.T) {
	re := New(`^a+$`)
	got := make([]*regexp.Regexp, 8)
	var wg sync.WaitGroup
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i] = re.Compiled()
		}()
	}
	wg.Wait()
	for i, g := range got {
		if g != got[0] {
			t.Fatalf("goroutine %d got another compiled expression", i)
		}
	}
}

func TestBadExpressionPanicsAtFirstUse(t *testing.T) {
	re := New(`(unclosed`) // must not panic here
	defer func() {
		if recover() == nil {
			t.Error("MatchString on a bad expression did not panic")
		}
	}()
	re.MatchString("x")
}

// TestModuleExpressionsCompile compiles every lazyre.New whose argument is
// a string literal anywhere in the module: compiled lazily, a bad pattern
// on a path the tests do not take would otherwise surface only in use.
func TestModuleExpressionsCompile(t *testing.T) {
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	n := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "out" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		file, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(file, func(node ast.Node) bool {
			call, ok := node.(*ast.CallExpr)
			if !ok || len(call.Args) != 1 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "New" {
				return true
			}
			if pkg, ok := sel.X.(*ast.Ident); !ok || pkg.Name != "lazyre" {
				return true
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true // built from parts: its package's tests use it
			}
			expr, err := strconv.Unquote(lit.Value)
			if err != nil {
				t.Errorf("%s: %v", fset.Position(lit.Pos()), err)
				return true
			}
			if _, err := regexp.Compile(expr); err != nil {
				t.Errorf("%s: %v", fset.Position(lit.Pos()), err)
			}
			n++
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// the parsers' patterns (about 140 when this test was written)
	if n < 100 {
		t.Errorf("found %d lazyre.New literals, want the module's 100 or more", n)
	}
}
