package pipeline

import (
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/wagescope/wagescope/internal/lazyre"
	"github.com/wagescope/wagescope/pipeline/ingest"
	"github.com/wagescope/wagescope/pipeline/store"
)

// Config is the whole configuration (config.yaml, WAGESCOPE_* environment
// and flags, merged by the command layer). Paths are resolved against Dir.
type Config struct {
	Database    string `mapstructure:"database"`
	Output      string `mapstructure:"output"`
	Cache       string `mapstructure:"cache"`
	MinCellSize int    `mapstructure:"min_cell_size"`
	Threads     int    `mapstructure:"threads"`
	MemoryLimit string `mapstructure:"memory_limit"`
	// StorageVersion is the DuckDB storage format a new database file is
	// written in (DuckDB's STORAGE_VERSION: v1.4.0, latest); DuckDB
	// releases older than it cannot open the file.
	StorageVersion string `mapstructure:"storage_version"`
	Contact        string `mapstructure:"contact"`
	// KeepSnapshots is how many published runs are kept for rollback.
	KeepSnapshots int `mapstructure:"keep_snapshots"`
	// Guards fail a publish when figures of a release already published
	// move more than these percentages (a new release is never compared).
	GuardMedianChangePct float64 `mapstructure:"guard_median_change_pct"`
	GuardRowChangePct    float64 `mapstructure:"guard_row_change_pct"`
	ChangeThresholdPct   float64 `mapstructure:"change_threshold_pct"`
	// ExportCSVCompression compresses the report's CSV exports: none,
	// gzip or zstd (store.CSVCompressions).
	ExportCSVCompression string `mapstructure:"export_csv_compression"`
	// Bounds on downloading a url: source (ingest.Fetcher): attempts per
	// file, time per attempt (a Go duration: 10m, 90s), bytes of one
	// download and of all members of one zip (4GiB, 500MB).
	FetchAttempts       int            `mapstructure:"fetch_attempts"`
	FetchAttemptTimeout string         `mapstructure:"fetch_attempt_timeout"`
	FetchMaxDownload    string         `mapstructure:"fetch_max_download"`
	FetchMaxUnzipped    string         `mapstructure:"fetch_max_unzipped"`
	Sources             []SourceConfig `mapstructure:"sources"`

	// Dir is the directory relative paths are resolved against: the
	// config file's directory, or the working directory without one.
	Dir string `mapstructure:"-"`
}

// SourceConfig is one entry of sources:.
type SourceConfig struct {
	Name     string            `mapstructure:"name"`
	Kind     string            `mapstructure:"kind"`
	Path     string            `mapstructure:"path"`
	URL      string            `mapstructure:"url"`
	Since    int               `mapstructure:"since"` // first survey year of a url: with {yyyy}/{yy}; 0: the newest release only
	Release  string            `mapstructure:"release"`
	Preset   string            `mapstructure:"preset"`
	Columns  map[string]string `mapstructure:"columns"`
	Currency string            `mapstructure:"currency"`
	Format   string            `mapstructure:"format"`
}

// Defaults are the values used when neither flags, environment nor the
// config file set a key.
func Defaults() map[string]any {
	return map[string]any{
		"database":                "out/wagescope.duckdb",
		"output":                  "out/site",
		"cache":                   "out/cache",
		"min_cell_size":           5,
		"threads":                 0,
		"memory_limit":            "",
		"storage_version":         store.DefaultStorageVersion,
		"contact":                 "",
		"keep_snapshots":          3,
		"guard_median_change_pct": 20.0,
		"guard_row_change_pct":    10.0,
		"change_threshold_pct":    5.0,
		"export_csv_compression":  "none",
		"fetch_attempts":          ingest.DefaultMaxAttempts,
		"fetch_attempt_timeout":   ingest.DefaultAttemptTimeout.String(),
		"fetch_max_download":      fmt.Sprintf("%dGiB", ingest.DefaultMaxDownload>>30),
		"fetch_max_unzipped":      fmt.Sprintf("%dGiB", ingest.DefaultMaxUnzipped>>30),
	}
}

// fetchLimits are the fetch_* keys, parsed.
type fetchLimits struct {
	attempts       int
	attemptTimeout time.Duration
	maxDownload    int64
	maxUnzipped    int64
}

// fetchLimits parses the fetch_* keys; a zero or empty key (a Config not
// loaded through Defaults) keeps the Fetcher's default.
func (c Config) fetchLimits() (fetchLimits, []error) {
	l := fetchLimits{attempts: c.FetchAttempts}
	var errs []error
	if c.FetchAttemptTimeout != "" {
		d, err := time.ParseDuration(c.FetchAttemptTimeout)
		if err != nil || d <= 0 {
			errs = append(errs, keyError("fetch_attempt_timeout", "%q is not a positive duration such as 10m or 90s", c.FetchAttemptTimeout))
		}
		l.attemptTimeout = d
	}
	for _, f := range []struct {
		key, value string
		into       *int64
	}{{"fetch_max_download", c.FetchMaxDownload, &l.maxDownload}, {"fetch_max_unzipped", c.FetchMaxUnzipped, &l.maxUnzipped}} {
		if f.value == "" {
			continue
		}
		n, err := parseByteSize(f.value)
		if err != nil {
			errs = append(errs, keyError(f.key, "%v", err))
		}
		*f.into = n
	}
	return l, errs
}

// Source kinds this version ingests, with what each reads.
var sourceKinds = map[string]string{
	"oews":        "BLS OEWS wage estimates (xlsx, csv or the zip as published)",
	"projections": "BLS Employment Projections (EP CSV export or occupation.xlsx)",
	"cpi":         "BLS CPI LABSTAT flat file (cu.data.*)",
	"soc":         "SOC 2018 structure/definitions or OEWS occupation definitions workbook",
	"titles":      "O*NET Alternate Titles or Sample of Reported Titles workbook",
	"postings":    "job postings with pay (CSV/TSV, JSON, JSON Lines, Parquet) through a preset or columns:",
}

var sourceNamePattern = lazyre.New(`^[a-z0-9][a-z0-9._-]*$`)

// ConfigError is a configuration problem, reported with exit code 2.
type ConfigError struct {
	// From is where the value was set, when known: the config file or
	// a WAGESCOPE_* variable (the command layer merges them).
	From string
	// Key is the top-level key at fault, when there is one.
	Key string
	Msg string
}

func (e *ConfigError) Error() string {
	msg := e.Msg
	if e.Key != "" {
		msg = e.Key + ": " + msg
	}
	if e.From != "" {
		msg = e.From + ": " + msg
	}
	return "configuration: " + msg
}

// keyError is a ConfigError about a top-level key.
func keyError(key, format string, args ...any) error {
	return &ConfigError{Key: key, Msg: fmt.Sprintf(format, args...)}
}

// Validate checks the configuration and resolves relative paths.
func (c *Config) Validate() error { return c.validateAt(time.Now()) }

// ValidateDatabase checks the keys every command that opens the published
// database passes to DuckDB (threads, memory_limit): DuckDB's own error at
// open would not name the key. Validate checks them too.
func (c Config) ValidateDatabase() error { return errors.Join(c.databaseErrors()...) }

func (c Config) databaseErrors() []error {
	var errs []error
	if c.Threads < 0 {
		errs = append(errs, keyError("threads", "must be 0 (all cores) or more, got %d", c.Threads))
	}
	if c.MemoryLimit != "" {
		if err := checkMemoryLimit(c.MemoryLimit); err != nil {
			errs = append(errs, keyError("memory_limit", "%v", err))
		}
	}
	return errs
}

// validateAt is Validate on the day now (since: may not name a later year).
func (c *Config) validateAt(now time.Time) error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, &ConfigError{Msg: fmt.Sprintf(format, args...)}) }
	badKey := func(key, format string, args ...any) { errs = append(errs, keyError(key, format, args...)) }
	if c.Database == "" {
		badKey("database", "must be set")
	}
	if c.Output == "" {
		badKey("output", "must be set")
	}
	if c.MinCellSize < 1 {
		badKey("min_cell_size", "must be at least 1, got %d", c.MinCellSize)
	}
	if c.KeepSnapshots < 1 {
		badKey("keep_snapshots", "must be at least 1 (the published run), got %d", c.KeepSnapshots)
	}
	if c.GuardMedianChangePct <= 0 || c.GuardRowChangePct <= 0 || c.ChangeThresholdPct <= 0 {
		bad("guard_median_change_pct, guard_row_change_pct and change_threshold_pct: must be above 0")
	}
	if !slices.Contains(store.CSVCompressions(), c.ExportCSVCompression) {
		badKey("export_csv_compression", "%q is not one of %s", c.ExportCSVCompression, strings.Join(store.CSVCompressions(), ", "))
	}
	if c.StorageVersion != "" {
		if err := store.CheckStorageVersion(c.StorageVersion); err != nil {
			badKey("storage_version", "%v", err)
		}
	}
	errs = append(errs, c.databaseErrors()...)
	if c.FetchAttempts < 1 {
		badKey("fetch_attempts", "must be at least 1, got %d", c.FetchAttempts)
	}
	_, fetchErrs := c.fetchLimits()
	errs = append(errs, fetchErrs...)
	if len(c.Sources) == 0 {
		badKey("sources", "at least one source is needed")
	}
	seen := map[string]bool{}
	for i, s := range c.Sources {
		where := SourceLabel(i, s.Name)
		switch {
		case s.Name == "":
			bad("%s: name: must be set", where)
		case !sourceNamePattern.MatchString(s.Name):
			bad("%s: name: use lower-case letters, digits, '.', '_' and '-'", where)
		case seen[s.Name]:
			bad("%s: name: %q is used twice", where, s.Name)
		}
		seen[s.Name] = true
		if _, ok := sourceKinds[s.Kind]; !ok {
			bad("%s: kind: %q is not one of %s", where, s.Kind, strings.Join(SourceKinds(), ", "))
		}
		switch {
		case s.Path == "" && s.URL == "":
			bad("%s: set path (a local file or glob) or url (downloaded into cache:)", where)
		case s.Path != "" && s.URL != "":
			bad("%s: set path or url, not both (a url: source is kept in cache:)", where)
		}
		for _, p := range checkReleaseURL(s, now.Year()) {
			bad("%s: %s", where, p)
		}
		if s.Kind == "postings" {
			if s.Preset == "" && len(s.Columns) == 0 {
				bad("%s: postings need preset: (one of %s) or columns:", where, strings.Join(PresetNames(), ", "))
			} else if _, _, _, err := postingMapping(s); err != nil {
				bad("%s: %v", where, err)
			}
		} else if s.Preset != "" || len(s.Columns) > 0 {
			bad("%s: preset and columns apply to kind postings only", where)
		}
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	c.Database = c.resolve(c.Database)
	c.Output = c.resolve(c.Output)
	c.Cache = c.resolve(c.Cache)
	for i := range c.Sources {
		if c.Sources[i].Path != "" {
			c.Sources[i].Path = c.resolve(c.Sources[i].Path)
		}
	}
	return c.syntheticMixError()
}

// syntheticMixError refuses synthetic postings (wagescope-gen's, by their
// preset or the manifest beside their files) in one configuration with real
// pay or outlook figures: they would be pooled into the same posted cells,
// or set beside OEWS on the same pages, and cited as real. Reference lists
// (SOC, O*NET titles, CPI) may go with them.
func (c Config) syntheticMixError() error {
	var synthetic, real []string
	for i, s := range c.Sources {
		switch {
		case s.isSynthetic(""):
			synthetic = append(synthetic, SourceLabel(i, s.Name))
		case s.Kind == "postings" || s.Kind == "oews" || s.Kind == "projections":
			real = append(real, SourceLabel(i, s.Name))
		}
	}
	if len(synthetic) == 0 || len(real) == 0 {
		return nil
	}
	return keyError("sources", "%s: synthetic postings (wagescope-gen), never mixed with real data, and %s: real data. Give the synthetic postings a configuration and database of their own",
		strings.Join(synthetic, ", "), strings.Join(real, ", "))
}

// isSynthetic reports whether the source is wagescope-gen's postings: by
// its preset, or by the manifest beside its path (when the path names one
// directory) or beside file, one of its files ("" for none).
func (s SourceConfig) isSynthetic(file string) bool {
	if s.Kind != "postings" {
		return false
	}
	switch {
	case s.Preset == SyntheticPreset:
		return true
	case s.Path != "" && !hasGlobMeta(filepath.Dir(s.Path)) && ingest.IsSyntheticDir(filepath.Dir(s.Path)):
		return true
	}
	return file != "" && ingest.IsSyntheticDir(filepath.Dir(file))
}

// SyntheticPreset is the preset of wagescope-gen's postings.
const SyntheticPreset = "synthetic"

func hasGlobMeta(p string) bool { return strings.ContainsAny(p, "*?[") }

func (c *Config) resolve(p string) string {
	if p == "" {
		return p
	}
	if filepath.IsAbs(p) {
		// cleaned as a joined path is: "/srv/site/" + ".lock" must not
		// name a file inside the site
		return filepath.Clean(p)
	}
	return filepath.Join(c.Dir, p)
}

// SourceLabel names the i-th (0-based) entry of sources: in messages as
// people count, with its name when it has one: source #3 (oews-national).
func SourceLabel(i int, name string) string {
	if name == "" {
		return fmt.Sprintf("source #%d", i+1)
	}
	return fmt.Sprintf("source #%d (%s)", i+1, name)
}

// ConfigKeys are the top-level keys of the configuration, SourceKeys the
// keys of one sources: entry, as the mapstructure tags name them.
func ConfigKeys() []string { return structKeys(reflect.TypeFor[Config]()) }

// SourceKeys: see ConfigKeys.
func SourceKeys() []string { return structKeys(reflect.TypeFor[SourceConfig]()) }

func structKeys(t reflect.Type) []string {
	var keys []string
	for f := range t.Fields() {
		if k := f.Tag.Get("mapstructure"); k != "" && k != "-" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

// SourceKinds lists the kinds this version knows, sorted.
func SourceKinds() []string {
	kinds := make([]string, 0, len(sourceKinds))
	for k := range sourceKinds {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	return kinds
}
