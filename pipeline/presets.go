package pipeline

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/wagescope/wagescope/data"
	"github.com/wagescope/wagescope/pipeline/ingest"
)

// Preset is a named column mapping for a posting dataset, shipped as data
// in data/presets/<name>.yaml.
type Preset struct {
	Description  string              `yaml:"description"`
	Columns      map[string]string   `yaml:"columns"`
	Constants    map[string]string   `yaml:"constants"`
	EmptyValues  map[string][]string `yaml:"empty_values"`
	Currency     string              `yaml:"currency"`
	Country      string              `yaml:"country"`
	Format       string              `yaml:"format"`
	DuplicateKey *[]string           `yaml:"duplicate_key"`
}

// defaultDuplicateKey groups postings that repeat the same job.
var defaultDuplicateKey = []string{"title", "employer", "location", "pay_min", "pay_max", "pay_point", "pay_period", "pay_text", "description"}

// LoadPreset reads one shipped preset; unknown keys are errors.
func LoadPreset(name string) (Preset, error) {
	body, err := fs.ReadFile(data.Presets, "presets/"+name+".yaml")
	if err != nil {
		return Preset{}, fmt.Errorf("preset %q does not exist (presets: %s)", name, strings.Join(PresetNames(), ", "))
	}
	var p Preset
	dec := yaml.NewDecoder(bytes.NewReader(body))
	dec.KnownFields(true)
	if err := dec.Decode(&p); err != nil {
		return Preset{}, fmt.Errorf("preset %s: %w", name, err)
	}
	return p, nil
}

// PresetNames lists the shipped presets.
func PresetNames() []string {
	files, _ := fs.Glob(data.Presets, "presets/*.yaml")
	names := make([]string, 0, len(files))
	for _, f := range files {
		names = append(names, strings.TrimSuffix(path.Base(f), ".yaml"))
	}
	sort.Strings(names)
	return names
}

// postingMapping merges a source's preset with its own columns: and
// currency: (the source's settings win).
func postingMapping(src SourceConfig) (ingest.PostingMapping, []string, string, error) {
	var p Preset
	if src.Preset != "" {
		var err error
		if p, err = LoadPreset(src.Preset); err != nil {
			return ingest.PostingMapping{}, nil, "", err
		}
	}
	m := ingest.PostingMapping{
		Columns:     map[string]string{},
		Constants:   map[string]string{},
		EmptyValues: p.EmptyValues,
		Format:      p.Format,
	}
	for k, v := range p.Columns {
		m.Columns[k] = v
	}
	for k, v := range p.Constants {
		m.Constants[k] = v
	}
	for k, v := range src.Columns {
		m.Columns[k] = v
	}
	if src.Format != "" {
		m.Format = src.Format
	}
	if p.Country != "" {
		if _, mapped := m.Columns["country"]; !mapped {
			if _, set := m.Constants["country"]; !set {
				m.Constants["country"] = p.Country
			}
		}
	}
	currency := p.Currency
	if src.Currency != "" {
		currency = src.Currency
	}
	key := defaultDuplicateKey
	if p.DuplicateKey != nil {
		key = *p.DuplicateKey
	}
	if err := m.Validate(); err != nil {
		return m, nil, "", err
	}
	return m, key, currency, nil
}
