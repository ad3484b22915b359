package store

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/wagescope/wagescope/data"
)

// LoadReference writes every table shipped in data/*.csv into ref_<name>
// (all VARCHAR; SQL casts where it uses them), replacing earlier copies.
func (d *DB) LoadReference(ctx context.Context) error {
	names, err := fs.Glob(data.Reference, "*.csv")
	if err != nil {
		return fmt.Errorf("list reference tables: %w", err)
	}
	for _, name := range names {
		body, err := fs.ReadFile(data.Reference, name)
		if err != nil {
			return fmt.Errorf("read data/%s: %w", name, err)
		}
		records, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
		if err != nil {
			return fmt.Errorf("parse data/%s: %w", name, err)
		}
		if len(records) == 0 {
			return fmt.Errorf("data/%s: no header", name)
		}
		table := "ref_" + strings.TrimSuffix(path.Base(name), ".csv")
		if err := d.ReplaceStringTable(ctx, table, records[0], records[1:]); err != nil {
			return fmt.Errorf("load data/%s: %w", name, err)
		}
	}
	return nil
}
