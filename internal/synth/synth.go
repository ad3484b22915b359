package synth

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"

	"github.com/wagescope/wagescope/internal/atomicfile"
	"github.com/wagescope/wagescope/pipeline/ingest"
)

// Version is the generator version recorded in MANIFEST.json. It changes
// whenever the same seed and titles would give different bytes.
const Version = "1"

// Output formats.
const (
	FormatCSV     = "csv"
	FormatParquet = "parquet"
)

// ManifestName is the manifest Generate writes beside the files; its
// generator name marks the files as synthetic to wagescope (ingest.IsSyntheticDir).
const ManifestName = ingest.SyntheticManifest

// Notice is the sentence every manifest carries.
const Notice = "These data are synthetic: wagescope-gen made every row from O*NET title lists, " +
	"reference city lists and a seeded random number generator. No row is a real job posting, " +
	"and every employer named \"Synthetic …\" is invented."

// Options say what to generate. The output depends only on Rows, Seed and
// Titles (not on Workers).
type Options struct {
	Rows   int     // postings to write, duplicates and bad rows included
	Seed   uint64  // the same seed gives the same bytes
	Titles []Title // the title dictionary (LoadTitles)
	// Workers is how many goroutines generate rows; 0 means GOMAXPROCS.
	Workers int
	// TitleFiles are the files Titles were read from, recorded (by base
	// name) in the manifest; they do not change the output.
	TitleFiles []string
}

// Stats count what one file holds.
type Stats struct {
	Rows       int   `json:"rows"`       // records written (header excluded)
	Duplicates int   `json:"duplicates"` // records repeating an earlier one exactly
	BadRows    int   `json:"bad_rows"`   // records with a defect, duplicates of bad records included
	Bytes      int64 `json:"bytes"`
	// Bad counts bad records by kind: empty_title, pay_unparseable
	// ("Competitive", "DOE"), pay_absurd ($1, negative, $9,999,999),
	// bad_date, and in CSV ragged_short (too few fields), ragged_long (an
	// unquoted comma: one field too many) and bare_quote; in Parquet the
	// ragged_short rows are missing_fields (trailing nulls) and the other
	// two are well-formed.
	Bad map[string]int `json:"bad"`
}

// Manifest describes a generated directory; Generate writes it as
// MANIFEST.json. It holds no time stamp, so it is as reproducible as the
// files.
type Manifest struct {
	Notice       string         `json:"notice"`
	Generator    string         `json:"generator"`
	Version      string         `json:"generator_version"`
	Rows         int            `json:"rows"`
	Seed         uint64         `json:"seed"`
	Titles       int            `json:"titles"`
	TitlesSHA256 string         `json:"titles_sha256"` // of the title list as used (see TitlesDigest)
	TitleFiles   []string       `json:"title_files,omitempty"`
	Targets      Shares         `json:"target_shares"`
	Columns      []string       `json:"columns"`
	Files        []ManifestFile `json:"files"`
}

// Shares are shares of rows.
type Shares struct {
	Duplicate float64 `json:"duplicate"`
	Bad       float64 `json:"bad"`
}

// ManifestFile is one generated file.
type ManifestFile struct {
	Name   string `json:"name"`
	Format string `json:"format"`
	SHA256 string `json:"sha256"`
	Stats
	Shares Shares `json:"shares"`
}

// FileName is the name Generate gives the file of a format.
func FileName(rows int, format string) string {
	return "synthetic_postings_" + strconv.Itoa(rows) + "." + format
}

// Generate writes the postings in each of formats ("csv", "parquet") to
// dir, which it creates, and then MANIFEST.json. A file is written under a
// temporary name and renamed when complete; an old manifest is removed
// first, so a directory with a manifest always matches it.
func Generate(ctx context.Context, dir string, opt Options, formats []string) (Manifest, error) {
	want := map[string]bool{}
	for _, f := range formats {
		if f != FormatCSV && f != FormatParquet {
			return Manifest{}, fmt.Errorf("synth: unknown format %q (formats: csv, parquet)", f)
		}
		want[f] = true
	}
	if len(want) == 0 {
		return Manifest{}, errors.New("synth: no output format")
	}
	if _, err := newSetup(opt); err != nil {
		return Manifest{}, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Manifest{}, fmt.Errorf("synth: %w", err)
	}
	if err := os.Remove(filepath.Join(dir, ManifestName)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return Manifest{}, fmt.Errorf("synth: remove old manifest: %w", err)
	}
	m := Manifest{
		Notice: Notice, Generator: ingest.SyntheticGenerator, Version: Version,
		Rows: opt.Rows, Seed: opt.Seed, Titles: len(opt.Titles), TitlesSHA256: TitlesDigest(opt.Titles),
		Targets: Shares{Duplicate: DuplicateShare, Bad: BadShare}, Columns: Columns(),
	}
	for _, p := range opt.TitleFiles {
		m.TitleFiles = append(m.TitleFiles, filepath.Base(p))
	}
	for _, format := range []string{FormatCSV, FormatParquet} {
		if !want[format] {
			continue
		}
		write := WriteCSV
		if format == FormatParquet {
			write = WriteParquet
		}
		name := FileName(opt.Rows, format)
		st, sum, err := writeFile(ctx, filepath.Join(dir, name), opt, write)
		if err != nil {
			return Manifest{}, err
		}
		m.Files = append(m.Files, ManifestFile{Name: name, Format: format, SHA256: sum, Stats: st,
			Shares: Shares{Duplicate: share(st.Duplicates, st.Rows), Bad: share(st.BadRows, st.Rows)}})
	}
	body, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return Manifest{}, fmt.Errorf("synth: manifest: %w", err)
	}
	if err := atomicfile.Write(filepath.Join(dir, ManifestName), append(body, '\n')); err != nil {
		return Manifest{}, fmt.Errorf("synth: %w", err)
	}
	return m, nil
}

func share(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}

// writeFile writes one output file through a 1 MiB buffer, hashing it on
// the way, and renames it into place when it is complete.
func writeFile(ctx context.Context, path string, opt Options, write func(context.Context, io.Writer, Options) (Stats, error)) (Stats, string, error) {
	h := sha256.New()
	var st Stats
	err := atomicfile.WriteWith(path, func(f io.Writer) error {
		bw := bufio.NewWriterSize(io.MultiWriter(f, h), 1<<20)
		var err error
		if st, err = write(ctx, bw, opt); err != nil {
			return err
		}
		return bw.Flush()
	})
	if err != nil {
		return Stats{}, "", fmt.Errorf("synth: %w", err)
	}
	return st, hex.EncodeToString(h.Sum(nil)), nil
}
