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
		cols := make([]string, len(records[0]))
		for i, c := range records[0] {
			cols[i] = quoteIdent(c) + " VARCHAR"
		}
		if err := d.Exec(ctx, fmt.Sprintf("CREATE OR REPLACE TABLE %s (%s)", table, strings.Join(cols, ", "))); err != nil {
			return err
		}
		marks := strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ")
		insert := fmt.Sprintf("INSERT INTO %s VALUES (%s)", table, marks)
		for line, rec := range records[1:] {
			args := make([]any, len(rec))
			for i, v := range rec {
				args[i] = v
			}
			if _, err := d.conn.ExecContext(ctx, insert, args...); err != nil {
				return fmt.Errorf("data/%s line %d: %w", name, line+2, err)
			}
		}
	}
	return nil
}
