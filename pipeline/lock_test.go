//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package pipeline

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Each acquireLock opens the file anew, so two calls in one process hold
// separate open file descriptions and their flocks conflict as two
// processes' would.

func TestAcquireLock(t *testing.T) {
	holderTime := time.Date(2026, 3, 1, 2, 30, 0, 0, time.UTC)
	now := time.Date(2026, 3, 2, 2, 30, 0, 0, time.UTC)
	pid := os.Getpid()
	tests := []struct {
		name    string
		file    string // the lock file's content before; "-" for no file
		held    bool   // another acquireLock in this process holds it
		wantErr string // "" for success; %d is this process's PID, %s the lock path
	}{
		{name: "no lock file", file: "-"},
		{name: "file left by a dead process", file: "999999999\n2026-01-01T00:00:00Z\n"},
		{name: "file naming a live unrelated process (PID 1 after a reboot)", file: "1\n"},
		{name: "file without a PID", file: "garbage"},
		{name: "empty file", file: ""},
		{name: "held by another run", file: "-", held: true,
			wantErr: "another wagescope run holds the lock: process %d, running since 2026-03-01T02:30:00Z (lock file %s)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "w.duckdb.lock")
			if tc.file != "-" {
				if err := os.WriteFile(path, []byte(tc.file), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if tc.held {
				release, err := acquireLock(path, holderTime)
				if err != nil {
					t.Fatal(err)
				}
				defer release()
			}
			unlock, err := acquireLock(path, now)
			if tc.wantErr != "" {
				if err == nil {
					unlock()
					t.Fatal("lock taken while held")
				}
				if !errors.Is(err, ErrLocked) {
					t.Errorf("error %v is not ErrLocked", err)
				}
				if want := fmt.Sprintf(tc.wantErr, pid, path); err.Error() != want {
					t.Errorf("error\n %s\nwant\n %s", err, want)
				}
				return
			}
			if err != nil {
				t.Fatalf("lock not taken: %v", err)
			}
			body, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if want := fmt.Sprintf("%d\n2026-03-02T02:30:00Z\n", pid); string(body) != want {
				t.Errorf("lock file holds %q, want %q", body, want)
			}
			unlock()
			if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("lock file left after release: %v", err)
			}
			again, err := acquireLock(path, now)
			if err != nil {
				t.Fatalf("lock not taken again after release: %v", err)
			}
			again()
		})
	}
}

// TestAcquireLockOneHolderAtATime races acquire and release, the way runs
// started together race for a lock a dead run left: the file is removed on
// release, and a lock taken on a removed file must not count.
func TestAcquireLockOneHolderAtATime(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.duckdb.lock")
	if err := os.WriteFile(path, []byte("999999999\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var holders, most, taken atomic.Int64
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				unlock, err := acquireLock(path, time.Now())
				if errors.Is(err, ErrLocked) {
					continue
				}
				if err != nil {
					t.Error(err)
					return
				}
				n := holders.Add(1)
				for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
				}
				taken.Add(1)
				time.Sleep(50 * time.Microsecond)
				holders.Add(-1)
				unlock()
			}
		}()
	}
	wg.Wait()
	if most.Load() != 1 {
		t.Errorf("%d holders at once, want 1", most.Load())
	}
	if taken.Load() == 0 {
		t.Error("the lock was never taken")
	}
}

func TestLockRunLocksDatabaseAndOutput(t *testing.T) {
	now := time.Date(2026, 3, 1, 2, 30, 0, 0, time.UTC)
	tests := []struct {
		name          string
		db, out       string // the second run's, beside the first's a.duckdb and site
		wantLockedBy  string // the lock file named in the error; "" for no error
		wantFreeAfter string // a lock file the failed attempt must not leave
	}{
		{name: "same database, other output", db: "a.duckdb", out: "site2", wantLockedBy: "a.duckdb.lock"},
		{name: "other database, same output", db: "b.duckdb", out: "site", wantLockedBy: "site.lock", wantFreeAfter: "b.duckdb.lock"},
		{name: "output given with a trailing slash", db: "b.duckdb", out: "site/", wantLockedBy: "site.lock", wantFreeAfter: "b.duckdb.lock"},
		{name: "nothing shared", db: "b.duckdb", out: "sub/site2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			first, err := lockRun(Config{Database: filepath.Join(dir, "a.duckdb"), Output: filepath.Join(dir, "site")}, now)
			if err != nil {
				t.Fatal(err)
			}
			defer first()
			second := Config{Database: filepath.Join(dir, tc.db), Output: filepath.Join(dir, tc.out)}
			unlock, err := lockRun(second, now)
			if tc.wantLockedBy == "" {
				if err != nil {
					t.Fatalf("second run locked out: %v", err)
				}
				unlock()
				return
			}
			if err == nil {
				unlock()
				t.Fatal("second run not locked out")
			}
			want := fmt.Sprintf("another wagescope run holds the lock: process %d, running since 2026-03-01T02:30:00Z (lock file %s)",
				os.Getpid(), filepath.Join(dir, tc.wantLockedBy))
			if !errors.Is(err, ErrLocked) || err.Error() != want {
				t.Errorf("error\n %v\nwant\n %s", err, want)
			}
			if tc.wantFreeAfter != "" {
				if _, err := os.Stat(filepath.Join(dir, tc.wantFreeAfter)); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("%s not released after the failed attempt: %v", tc.wantFreeAfter, err)
				}
			}
		})
	}
}
