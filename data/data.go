// Package data embeds the reference tables wagescope ships (see README.md
// beside this file for where every figure came from). The small sample in
// sample/ is read from disk by the default config.yaml, not embedded.
package data

import "embed"

// Reference holds the CSV reference tables loaded into ref_* tables.
//
//go:embed *.csv
var Reference embed.FS

// Presets holds the named posting-dataset column mappings (presets/*.yaml).
//
//go:embed presets/*.yaml
var Presets embed.FS
