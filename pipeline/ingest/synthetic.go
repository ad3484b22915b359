package ingest

import (
	"encoding/json"
	"os"
	"path/filepath"
)

// SyntheticManifest is the manifest wagescope-gen writes beside synthetic
// postings, and SyntheticGenerator the generator name it records.
const (
	SyntheticManifest  = "MANIFEST.json"
	SyntheticGenerator = "wagescope-gen"
)

// IsSyntheticDir reports whether dir holds wagescope-gen's manifest. A
// missing or unreadable manifest is no evidence either way: false.
func IsSyntheticDir(dir string) bool {
	b, err := os.ReadFile(filepath.Join(dir, SyntheticManifest))
	if err != nil {
		return false
	}
	var m struct {
		Generator string `json:"generator"`
	}
	return json.Unmarshal(b, &m) == nil && m.Generator == SyntheticGenerator
}
