package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/wagescope/wagescope/internal/lazyre"
	"github.com/wagescope/wagescope/pipeline/store"
)

// The ways a person writes an OEWS release: 2023-05, "May 2023", 2023.
var (
	isoRelease   = lazyre.New(`^(\d{4})-(\d{2})$`)
	namedRelease = lazyre.New(`^(?i)([a-z]+)\.?,?\s+(\d{4})$`)
	yearRelease  = lazyre.New(`^\d{4}$`)
	cyclePattern = lazyre.New(`^(\d{4})-(\d{2}|\d{4})$`)
)

const releaseHelp = "use YYYY-MM (2023-05), a month and year (May 2023) or a survey year (2023)"

// parseRelease turns a --release value into YYYY-MM, or YYYY for a bare
// year (any release of that year); "" stays "" (the latest).
func parseRelease(arg string) (string, error) {
	arg = strings.TrimSpace(arg)
	switch {
	case arg == "":
		return "", nil
	case yearRelease.MatchString(arg):
		return arg, nil
	}
	if m := isoRelease.FindStringSubmatch(arg); m != nil {
		if mo, _ := strconv.Atoi(m[2]); mo >= 1 && mo <= 12 {
			return arg, nil
		}
	}
	if m := namedRelease.FindStringSubmatch(arg); m != nil {
		word := strings.ToLower(m[1])
		for mo := time.January; mo <= time.December; mo++ {
			name := strings.ToLower(mo.String())
			if word == name || (len(word) >= 3 && strings.HasPrefix(name, word)) {
				return fmt.Sprintf("%s-%02d", m[2], int(mo)), nil
			}
		}
	}
	return "", usageError("--release: %q is not an OEWS release; %s", arg, releaseHelp)
}

// resolveRelease is parseRelease checked against the releases loaded: a
// bare year picks that year's release, and a release not loaded is an
// error that lists the loaded ones.
func resolveRelease(ctx context.Context, db *store.DB, arg string) (string, error) {
	want, err := parseRelease(arg)
	if err != nil || want == "" {
		return want, err
	}
	loaded, err := db.OEWSReleases(ctx)
	if err != nil {
		return "", err
	}
	for i := len(loaded) - 1; i >= 0; i-- {
		if loaded[i] == want || (len(want) == 4 && strings.HasPrefix(loaded[i], want+"-")) {
			return loaded[i], nil
		}
	}
	return "", &exitError{code: exitFailure, err: &releaseNotLoadedError{want: want, loaded: loaded}}
}

// releaseNotLoadedError is a well-formed release the database lacks.
type releaseNotLoadedError struct {
	want   string // YYYY-MM or YYYY
	loaded []string
}

func (e *releaseNotLoadedError) Error() string {
	labels := make([]string, len(e.loaded))
	for i, r := range e.loaded {
		labels[i] = releaseLabel(r) + " (" + r + ")"
	}
	what := e.want
	if len(what) > 4 {
		what = releaseLabel(what)
	}
	return fmt.Sprintf("OEWS release %s is not in the published database; loaded: %s", what, strings.Join(labels, ", "))
}

// parseCycle turns a --release value for projections into the stored form
// 2022-2032 (from 2022-32 or 2022-2032); "" stays "" (the newest).
func parseCycle(arg string) (string, error) {
	arg = strings.TrimSpace(arg)
	if arg == "" {
		return "", nil
	}
	m := cyclePattern.FindStringSubmatch(arg)
	if m == nil {
		return "", usageError("--release: %q is not a projections cycle; use the base and projected years, 2022-32 or 2022-2032", arg)
	}
	end := m[2]
	if len(end) == 2 {
		end = m[1][:2] + end
	}
	base, _ := strconv.Atoi(m[1])
	if projected, _ := strconv.Atoi(end); projected != base+10 {
		return "", usageError("--release: %q is not a projections cycle: BLS projects ten years ahead (%d-%d)", arg, base, base+10)
	}
	return m[1] + "-" + end, nil
}

// releaseFor checks --release (and, for the projections measures, that no
// flag asks for what projections do not have: they are national, and not
// computed from postings) and returns the release or cycle to read.
func releaseFor(ctx context.Context, db *store.DB, cmd *cobra.Command, m measure, posted postedCell, release string) (string, error) {
	if m.outlook == nil {
		if posted.family == "postings" {
			return release, nil // posted cells are chosen by --period
		}
		return resolveRelease(ctx, db, release)
	}
	if area, _ := cmd.Flags().GetString("area"); cmd.Flags().Changed("area") && !strings.EqualFold(strings.TrimSpace(area), "US") {
		return "", usageError("--area %s: Employment Projections are national only (United States); drop --area", area)
	}
	if posted.family == "postings" {
		return "", usageError("--source-family postings: projections are not computed from postings; drop it for growth and openings")
	}
	return parseCycle(release)
}
