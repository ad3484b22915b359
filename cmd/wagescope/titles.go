package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/wagescope/wagescope/pipeline"
	"github.com/wagescope/wagescope/pipeline/store"
)

// titleRow is one classified title.
type titleRow struct {
	Title        string  `json:"title"`
	Code         string  `json:"code"`
	OEWSCode     string  `json:"oews_code"`
	MatchedTitle string  `json:"matched_title"`
	Score        float64 `json:"score"`
	Method       string  `json:"method"`
}

func (a *app) titlesCommand() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "titles [FILE|-]",
		Short: "Classify job titles, one per line, to SOC codes (code, OEWS code, title, score, method)",
		Long: `titles reads job titles, one per line, from FILE or standard input and
prints, for each, the SOC code it matches, the code OEWS publishes it under,
the reference title matched, a score from 0 to 1 and the method. Titles that
score below the threshold are reported as unknown, never guessed.

` + exitCodesHelp(),
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format, formatTable, formatJSON, formatCSV); err != nil {
				return err
			}
			in := a.stdin
			if len(args) == 1 && args[0] != "-" {
				f, err := os.Open(args[0])
				if err != nil {
					return &exitError{code: exitFailure, err: err}
				}
				defer f.Close()
				in = f
			}
			ctx := cmd.Context()
			db, err := a.openPublished(ctx)
			if err != nil {
				return err
			}
			defer db.Close()
			ix, err := pipeline.TitleIndex(ctx, db, a.log)
			if err != nil {
				return err
			}
			lines, numbers, err := readLines(in)
			if err != nil {
				return err
			}
			matches := pipeline.MatchTitles(ix, lines)
			// a file of many titles names a few hundred codes: each is
			// looked up once (a query per line took 275 s for 268k titles)
			oewsCodes := map[string]string{}
			out := make([]titleRow, len(lines))
			for i, m := range matches {
				out[i] = titleRow{Title: lines[i], Code: m.Code, MatchedTitle: m.Title, Score: m.Score, Method: m.Method}
				if m.Code == "" {
					continue
				}
				oews, ok := oewsCodes[m.Code]
				if !ok {
					// A code only O*NET knows has no dim_occupation row: no OEWS code.
					occ, err := db.Occupation(ctx, m.Code)
					if err != nil && !errors.Is(err, store.ErrNotFound) {
						return fmt.Errorf("line %d: %w", numbers[i], err)
					}
					oews = occ.OEWSCode
					oewsCodes[m.Code] = oews
				}
				out[i].OEWSCode = oews
			}
			if format == formatJSON {
				return writeJSON(a.stdout, out)
			}
			rows := make([][]string, len(out))
			for i, r := range out {
				rows[i] = []string{r.Title, orUnknown(r.Code), r.OEWSCode, r.MatchedTitle, strconv.FormatFloat(r.Score, 'f', 2, 64), r.Method}
			}
			return writeGrid(a.stdout, format, []string{"title", "code", "oews_code", "matched_title", "score", "method"}, rows)
		},
	}
	cmd.Flags().StringVar(&format, "format", formatTable, "table, json or csv")
	return cmd
}

func orUnknown(code string) string {
	if code == "" {
		return "unknown"
	}
	return code
}

// readLines reads the non-blank lines of r, trimmed, with their line
// numbers.
func readLines(r io.Reader) (lines []string, numbers []int, err error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		if line := strings.TrimSpace(sc.Text()); line != "" {
			lines = append(lines, line)
			numbers = append(numbers, n)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, nil, fmt.Errorf("line %d: %w", n+1, err)
	}
	return lines, numbers, nil
}
