package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/wagescope/wagescope/data"
	"github.com/wagescope/wagescope/internal/buildid"
	"github.com/wagescope/wagescope/internal/filehash"
	"github.com/wagescope/wagescope/queries"
)

// ingestVersion changes whenever the Go code that reads source files
// changes what it writes, so published raw rows are not reused across it.
const ingestVersion = "2026-11-22.1"

// buildFingerprint identifies the code that builds a database: the
// embedded SQL, the reference tables, the ingest version, the storage
// format and the executable itself (its Go build ID). A published database
// built by a different fingerprint is never reused incrementally.
func buildFingerprint(storageVersion string) (string, error) {
	exe, err := executableIdentity()
	if err != nil {
		return "", fmt.Errorf("build fingerprint: %w", err)
	}
	return fingerprintOf(storageVersion, exe)
}

// executableIdentity tells this build's Go code from any other's. The VCS
// stamp alone did not: go run, GOFLAGS=-buildvcs=false and a tree with
// uncommitted changes leave none or the same one, so a binary whose
// normalizers had changed reused the published maps, staged rows and marts
// of the code before it. The Go build ID changes with the code and the
// build flags; where it cannot be read (an executable that is not ELF),
// the executable's bytes stand in.
func executableIdentity() (string, error) {
	if id := buildid.Executable(); id != "" {
		return "buildid " + id, nil
	}
	path, err := os.Executable()
	if err != nil {
		return "", err
	}
	sum, _, err := filehash.SHA256(path)
	if err != nil {
		return "", err
	}
	return "sha256 " + sum, nil
}

// fingerprintOf is buildFingerprint for the executable identified by exe.
func fingerprintOf(storageVersion, exe string) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "executable %s\n", exe)
	fmt.Fprintf(h, "ingest %s\n", ingestVersion)
	// A new storage_version needs a new file: an existing one keeps its format.
	fmt.Fprintf(h, "storage %s\n", storageVersion)
	for _, fsys := range []fs.FS{queries.FS, data.Reference} {
		err := fs.WalkDir(fsys, ".", func(path string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return err
			}
			b, err := fs.ReadFile(fsys, path)
			if err != nil {
				return err
			}
			fmt.Fprintf(h, "%s %d\n", path, len(b))
			h.Write(b)
			return nil
		})
		if err != nil {
			return "", fmt.Errorf("build fingerprint: %w", err)
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// sourceConfigSHA fingerprints the configuration a source file is read
// with: a changed mapping, release or currency means its rows must be read
// again even when the file's bytes are the same.
func sourceConfigSHA(src SourceConfig) string {
	b, _ := json.Marshal(struct {
		Kind, Release, Preset, Currency, Format, URL string
		Columns                                      map[string]string
	}{src.Kind, src.Release, src.Preset, src.Currency, src.Format, src.URL, src.Columns})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// publishedFile is a source file already loaded into the database the
// build started from.
type publishedFile struct {
	id                         int64
	name, path, sha, configSHA string
	bytes                      int64
	stat                       string // fileStat when it was hashed; "" unknown
}

func (p publishedFile) key() string {
	return strings.Join([]string{p.name, p.path, p.sha, p.configSHA}, "\x00")
}

// statKey identifies a published file by what can be read without hashing
// it: source, path, configuration and fileStat.
func statKey(name, path, configSHA, stat string) string {
	return strings.Join([]string{name, path, configSHA, stat}, "\x00")
}

// byStat indexes the published files that recorded a stat by statKey (a
// file with no stat is never found by one).
func byStat(loaded map[string]publishedFile) map[string]publishedFile {
	out := map[string]publishedFile{}
	for _, p := range loaded {
		if p.stat != "" {
			out[statKey(p.name, p.path, p.configSHA, p.stat)] = p
		}
	}
	return out
}

// movedFile finds the published file a file at a new path is: same
// source, file name, sha256 and configuration, not yet claimed by another
// file of this run (lowest id first, so the choice is stable).
func movedFile(loaded map[string]publishedFile, claimed map[int64]bool, name, path, sha, configSHA string) (publishedFile, bool) {
	var best publishedFile
	found := false
	for _, p := range loaded {
		if p.name != name || p.sha != sha || p.configSHA != configSHA || filepath.Base(p.path) != filepath.Base(path) || claimed[p.id] {
			continue
		}
		if !found || p.id < best.id {
			best, found = p, true
		}
	}
	return best, found
}

// loadedFiles lists the ok source files of the copied database by their
// identity: source name, path, sha256 and configuration.
func (b *build) loadedFiles(ctx context.Context) (map[string]publishedFile, error) {
	rows, err := b.db.Query(ctx, `SELECT source_file_id, source_name, path, sha256, coalesce(config_sha, ''), bytes, coalesce(file_stat, '')
		FROM source_files WHERE status = 'ok'`)
	if err != nil {
		return nil, fmt.Errorf("read loaded source files: %w", err)
	}
	defer rows.Close()
	out := map[string]publishedFile{}
	for rows.Next() {
		var p publishedFile
		if err := rows.Scan(&p.id, &p.name, &p.path, &p.sha, &p.configSHA, &p.bytes, &p.stat); err != nil {
			return nil, fmt.Errorf("read loaded source files: %w", err)
		}
		out[p.key()] = p
	}
	return out, rows.Err()
}

// dropFiles removes source files the build no longer reads (changed,
// removed from the configuration, or failed earlier) with their raw rows.
// It returns the dropped files as source name and path.
func (b *build) dropFiles(ctx context.Context, keep map[int64]bool) ([][2]string, error) {
	rows, err := b.db.Query(ctx, `SELECT source_file_id, source_name, path FROM source_files WHERE run_id < ? ORDER BY source_file_id`, b.res.RunID)
	if err != nil {
		return nil, fmt.Errorf("list source files to drop: %w", err)
	}
	type file struct {
		id         int64
		name, file string
	}
	var drop []file
	for rows.Next() {
		var f file
		if err := rows.Scan(&f.id, &f.name, &f.file); err != nil {
			rows.Close()
			return nil, fmt.Errorf("list source files to drop: %w", err)
		}
		if !keep[f.id] {
			drop = append(drop, f)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var dropped [][2]string
	for _, f := range drop {
		for _, t := range append(append([]string(nil), rawTables...), "source_files") {
			if err := b.db.Exec(ctx, fmt.Sprintf("DELETE FROM %s WHERE source_file_id = ?", t), f.id); err != nil {
				return nil, fmt.Errorf("drop %s of %s: %w", t, f.name, err)
			}
		}
		dropped = append(dropped, [2]string{f.name, f.file})
	}
	return dropped, nil
}
