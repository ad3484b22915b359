package pipeline

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// validConfig is a configuration Validate accepts, for tests to break one
// key of.
func validConfig(t *testing.T) Config {
	return Config{
		Dir: t.TempDir(), Database: "w.duckdb", Output: "out", MinCellSize: 5, KeepSnapshots: 1,
		GuardMedianChangePct: 25, GuardRowChangePct: 50, ChangeThresholdPct: 1, FetchAttempts: 1, ExportCSVCompression: "none",
		StorageVersion: "v1.4.0",
		Sources:        []SourceConfig{{Name: "oews-national", Kind: "oews", Path: "a.csv"}},
	}
}

// Each problem is a ConfigError naming its top-level key (the command
// layer adds where the key was set) or, inside sources:, the entry as
// people count it.
func TestValidateNamesTheKey(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(*Config)
		wantKey string
		want    string
	}{
		{"memory limit without a unit", func(c *Config) { c.MemoryLimit = "4" }, "memory_limit", `configuration: memory_limit: "4" is not a size such as 4GB`},
		{"memory limit unknown unit", func(c *Config) { c.MemoryLimit = "4XB" }, "memory_limit", `memory_limit: "4XB" is not a size`},
		{"storage version newer than DuckDB", func(c *Config) { c.StorageVersion = "v9.9.9" }, "storage_version", `storage_version: "v9.9.9" is not a storage version DuckDB v1.5.5 writes`},
		{"negative threads", func(c *Config) { c.Threads = -1 }, "threads", "threads: must be 0 (all cores) or more, got -1"},
		{"min cell size", func(c *Config) { c.MinCellSize = 0 }, "min_cell_size", "min_cell_size: must be at least 1, got 0"},
		{"tenth source, counted from one", func(c *Config) {
			for i := 0; i < 9; i++ {
				c.Sources = append(c.Sources, SourceConfig{Name: "s" + string(rune('a'+i)), Kind: "oews", Path: "a.csv"})
			}
			c.Sources[9].Kind = "wages"
		}, "", `configuration: source #10 (si): kind: "wages" is not one of`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := validConfig(t)
			tt.edit(&cfg)
			err := cfg.validateAt(time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC))
			var ce *ConfigError
			if !errors.As(err, &ce) || ce.Key != tt.wantKey || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err %v (key %q), want key %q and %q", err, keyOf(ce), tt.wantKey, tt.want)
			}
		})
	}
	if err := validConfig(t).ValidateDatabase(); err != nil {
		t.Errorf("ValidateDatabase of a valid configuration: %v", err)
	}
	bad := validConfig(t)
	bad.MemoryLimit = "lots"
	if err := bad.ValidateDatabase(); err == nil || !strings.Contains(err.Error(), `memory_limit: "lots"`) {
		t.Errorf("ValidateDatabase with memory_limit lots: %v", err)
	}
}

func keyOf(ce *ConfigError) string {
	if ce == nil {
		return ""
	}
	return ce.Key
}

func TestConfigKeys(t *testing.T) {
	tests := []struct {
		keys func() []string
		has  []string
		not  []string
	}{
		{ConfigKeys, []string{"database", "memory_limit", "storage_version", "sources", "fetch_max_unzipped"}, []string{"Dir", "-", ""}},
		{SourceKeys, []string{"name", "kind", "path", "url", "since", "columns"}, []string{"database"}},
	}
	for _, tt := range tests {
		keys := tt.keys()
		for _, k := range tt.has {
			if !slices.Contains(keys, k) {
				t.Errorf("%v lacks %q", keys, k)
			}
		}
		for _, k := range tt.not {
			if slices.Contains(keys, k) {
				t.Errorf("%v has %q", keys, k)
			}
		}
	}
	if got := len(ConfigKeys()); got != len(Defaults())+1 { // every key has a default but sources:
		t.Errorf("%d config keys, %d defaults: a key without a default or a default without a key", got, len(Defaults()))
	}
}

// Synthetic postings are refused beside real pay or outlook data, whether
// their preset or the manifest beside their file says what they are.
func TestValidateRefusesSyntheticWithRealData(t *testing.T) {
	synthetic := SourceConfig{Name: "syn", Kind: "postings", Preset: SyntheticPreset, Path: "gen/synthetic_postings_100.csv"}
	byManifest := SourceConfig{Name: "gen-csv", Kind: "postings", Path: "gen/synthetic_postings_100.csv",
		Columns: map[string]string{"title": "job_title", "pay_text": "salary"}}
	realPostings := SourceConfig{Name: "glassdoor", Kind: "postings", Preset: "glassdoor", Path: "g.csv"}
	titles := SourceConfig{Name: "onet", Kind: "titles", Path: "t.xlsx"}
	tests := []struct {
		name    string
		sources []SourceConfig
		want    string // "" when accepted
	}{
		{"synthetic beside OEWS", []SourceConfig{{Name: "oews-national", Kind: "oews", Path: "a.csv"}, synthetic},
			"source #2 (syn): synthetic postings (wagescope-gen), never mixed with real data, and source #1 (oews-national): real data"},
		{"synthetic beside real postings", []SourceConfig{realPostings, titles, synthetic},
			"source #3 (syn): synthetic postings (wagescope-gen), never mixed with real data, and source #1 (glassdoor): real data"},
		{"a manifest marks mapped columns synthetic", []SourceConfig{realPostings, byManifest},
			"source #2 (gen-csv): synthetic postings"},
		{"synthetic with reference lists only", []SourceConfig{titles, synthetic}, ""},
		{"real postings alone", []SourceConfig{titles, realPostings}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := validConfig(t)
			if err := os.MkdirAll(filepath.Join(cfg.Dir, "gen"), 0o755); err != nil {
				t.Fatal(err)
			}
			manifest := `{"notice": "These data are synthetic", "generator": "wagescope-gen", "rows": 100}`
			if err := os.WriteFile(filepath.Join(cfg.Dir, "gen", "MANIFEST.json"), []byte(manifest), 0o644); err != nil {
				t.Fatal(err)
			}
			cfg.Sources = tt.sources
			err := cfg.validateAt(time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC))
			if tt.want == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var ce *ConfigError
			if !errors.As(err, &ce) || ce.Key != "sources" || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err %v, want a sources error with %q", err, tt.want)
			}
		})
	}
}
