package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// cli runs wagescope in-process through the production entry point and
// returns its exit code, standard output and standard error.
func cli(t testing.TB, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := execute(context.Background(), args, strings.NewReader(stdin), &out, &errOut, false)
	return code, out.String(), errOut.String()
}

// mustCLI is cli that fails the test on a non-zero exit.
func mustCLI(t testing.TB, args ...string) string {
	t.Helper()
	code, out, errOut := cli(t, "", args...)
	if code != 0 {
		t.Fatalf("wagescope %s: exit %d\nstderr: %s", strings.Join(args, " "), code, errOut)
	}
	return out
}

// writeConfig writes a config file whose database and site live in dir.
func writeConfig(t testing.TB, dir, sources string) string {
	t.Helper()
	body := "database: " + filepath.Join(dir, "w.duckdb") + "\noutput: " + filepath.Join(dir, "site") + "\nsources:\n" + sources
	p := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func source(name, kind, path string) string {
	return "  - name: " + name + "\n    kind: " + kind + "\n    path: \"" + path + "\"\n"
}

func decodeJSON[T any](t testing.TB, s string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("decode JSON: %v\n%s", err, s)
	}
	return v
}

// mustCLIStdin is mustCLI with standard input.
func mustCLIStdin(t testing.TB, stdin string, args ...string) string {
	t.Helper()
	code, out, errOut := cli(t, stdin, args...)
	if code != 0 {
		t.Fatalf("wagescope %s: exit %d\nstderr: %s", strings.Join(args, " "), code, errOut)
	}
	return out
}
