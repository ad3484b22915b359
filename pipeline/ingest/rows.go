package ingest

import "context"

// rowVerdict is what a table reader makes of one data row: the cells to
// write, a reject (the column, its value and why), or skip (a note line).
type rowVerdict struct {
	cells                 []string
	column, value, reason string
	skip                  bool
}

// rejectRow is the verdict for a row that cannot be used.
func rejectRow(column, value, reason string) rowVerdict {
	return rowVerdict{column: column, value: value, reason: reason}
}

// streamRows judges every non-blank row left in g and writes it to out, or
// to rej when judge gives a reason. It returns how many rows were written.
// judge sees rows in order, so it may remember what it has accepted.
func streamRows(ctx context.Context, g Grid, judge func(row []string, rowNumber int) rowVerdict, out *RawWriter, rej *Rejects) (int, error) {
	written := 0
	for g.Next() {
		if err := checkCanceled(ctx, g.RowNumber()); err != nil {
			return written, err
		}
		row := g.Row()
		if isBlankRow(row) {
			continue
		}
		v := judge(row, g.RowNumber())
		switch {
		case v.skip:
			continue
		case v.reason != "":
			if err := rej.Add(ctx, g.Sheet(), g.RowNumber(), v.column, v.value, v.reason); err != nil {
				return written, err
			}
			continue
		}
		if err := out.Append(ctx, g.Sheet(), g.RowNumber(), v.cells); err != nil {
			return written, err
		}
		written++
	}
	return written, g.Err()
}

// isBlankRow reports whether every cell of row is empty.
func isBlankRow(row []string) bool {
	for _, c := range row {
		if c != "" {
			return false
		}
	}
	return true
}
