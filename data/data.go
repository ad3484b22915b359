// Package data embeds the reference tables wagescope ships (see README.md
// beside this file for where every figure came from) and the small sample
// that the default config.yaml runs on.
package data

import "embed"

// Reference holds the CSV reference tables loaded into ref_* tables.
//
//go:embed *.csv
var Reference embed.FS
