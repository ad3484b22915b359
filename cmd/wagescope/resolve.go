package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime/debug"
	"strings"

	"github.com/wagescope/wagescope/internal/lazyre"
	"github.com/wagescope/wagescope/pipeline"
	"github.com/wagescope/wagescope/pipeline/normalize"
	"github.com/wagescope/wagescope/pipeline/store"
)

var socCodePattern = lazyre.New(`^\d{2}-\d{4}$`)

// resolvedOccupation is an --occupation argument turned into the code OEWS
// publishes, with a sentence on how it was resolved.
type resolvedOccupation struct {
	store.Occupation
	Via string
}

// resolveOccupation accepts a SOC/OEWS code or a job title.
func resolveOccupation(ctx context.Context, db *store.DB, arg string, log *slog.Logger) (resolvedOccupation, error) {
	arg = strings.TrimSpace(arg)
	if arg == "" {
		return resolvedOccupation{}, usageError("--occupation is required (a SOC code such as 29-2010 or a job title)")
	}
	code, via := arg, ""
	if !socCodePattern.MatchString(arg) {
		ix, err := pipeline.TitleIndex(ctx, db, log)
		if err != nil {
			return resolvedOccupation{}, err
		}
		m := ix.Match(arg)
		if m.Code == "" {
			near := suggestions(ix, arg)
			if near == "" {
				// too generic for the classifier ("engineer"): the titles
				// that contain it
				occs, total, err := db.SearchOccupations(ctx, arg, 8)
				if err != nil {
					return resolvedOccupation{}, err
				}
				near = listOccupations(occs, total, "; occupations with it in their title: ")
			}
			return resolvedOccupation{}, &exitError{code: exitFailure, err: fmt.Errorf("no occupation matches %q%s", arg, near)}
		}
		code = m.Code
		via = fmt.Sprintf("%q matched %q (%s, score %.2f)", arg, m.Title, m.Method, m.Score)
	}
	occ, err := db.Occupation(ctx, code)
	if errors.Is(err, store.ErrNotFound) {
		return resolvedOccupation{}, &exitError{code: exitFailure, err: fmt.Errorf("occupation %s is not in the published database", code)}
	}
	if err != nil {
		return resolvedOccupation{}, err
	}
	if occ.OEWSCode != "" && occ.OEWSCode != occ.Code {
		published, err := db.Occupation(ctx, occ.OEWSCode)
		if err != nil {
			return resolvedOccupation{}, err
		}
		note := fmt.Sprintf("%s %s is published by OEWS as part of %s %s", occ.Code, occ.Title, published.Code, published.Title)
		via = strings.TrimPrefix(via+"; "+note, "; ")
		occ = published
	}
	return resolvedOccupation{Occupation: occ, Via: via}, nil
}

func listOccupations(occs []store.Occupation, total int, lead string) string {
	if len(occs) == 0 {
		return ""
	}
	parts := make([]string, len(occs))
	for i, o := range occs {
		parts[i] = o.Code + " " + o.Title
	}
	if more := total - len(occs); more > 0 {
		parts = append(parts, fmt.Sprintf("and %d more", more))
	}
	return lead + strings.Join(parts, "; ") + " (give a code or a fuller title)"
}

func suggestions(ix *normalize.TitleIndex, q string) string {
	cands := ix.Rank(q, 5)
	if len(cands) == 0 {
		return ""
	}
	parts := make([]string, len(cands))
	for i, c := range cands {
		parts[i] = fmt.Sprintf("%s %s", c.Code, c.Title)
	}
	return "; closest: " + strings.Join(parts, "; ")
}

// openOccupation opens the published database and resolves --occupation;
// the caller closes the database.
func (a *app) openOccupation(ctx context.Context, arg string) (*store.DB, resolvedOccupation, error) {
	a.collectLessOften()
	db, err := a.openPublished(ctx)
	if err != nil {
		return nil, resolvedOccupation{}, err
	}
	occ, err := resolveOccupation(ctx, db, arg, a.log)
	if err != nil {
		db.Close()
		return nil, resolvedOccupation{}, err
	}
	if occ.Via != "" {
		a.log.Info("occupation resolved", "how", occ.Via)
	}
	return db, occ, nil
}

// lookupHeapLimit is the heap at which a lookup (rates, cite, check) starts
// collecting garbage. Its live heap stays small (the decoded title index is
// most of it, about 30 MB) and the process ends within a fraction of a
// second, so it does not collect below the limit: the collections a fresh
// heap runs while it grows took 20-28 ms of a `rates` call by title.
const lookupHeapLimit = 256 << 20

// collectLessOften turns the collector off below lookupHeapLimit for a
// lookup that ends the process, unless GOGC or GOMEMLIMIT says otherwise.
func (a *app) collectLessOften() {
	if a.exitsAfter && os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
		debug.SetGCPercent(-1)
		debug.SetMemoryLimit(lookupHeapLimit)
	}
}

// openMeasured is how cite and check begin: the posted-cell flags checked,
// the measure looked up, then the published database opened and
// --occupation resolved in it. The caller closes the database.
func (a *app) openMeasured(ctx context.Context, occupation, measureName string, posted *postedCell) (*store.DB, resolvedOccupation, measure, error) {
	if err := posted.validate(); err != nil {
		return nil, resolvedOccupation{}, measure{}, err
	}
	m, err := lookupMeasure(measureName)
	if err != nil {
		return nil, resolvedOccupation{}, measure{}, err
	}
	db, occ, err := a.openOccupation(ctx, occupation)
	if err != nil {
		return nil, resolvedOccupation{}, measure{}, err
	}
	return db, occ, m, nil
}
