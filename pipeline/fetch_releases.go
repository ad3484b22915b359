package pipeline

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/wagescope/wagescope/internal/lazyre"
	"github.com/wagescope/wagescope/pipeline/ingest"
)

// A url: with {yyyy} or {yy} in it names a yearly series of releases, the
// way BLS names its files by survey year (oesm24nat.zip holds the May 2024
// estimates). A nightly run then picks up a new release when it appears,
// with no change to the configuration.

// maxReleaseProbe is how many years back from this one a release url:
// without since: looks for its newest release.
const maxReleaseProbe = 10

// earliestRelease bounds since: (OEWS files start with 1997).
const earliestRelease = 1997

// releasePlaceholder is any {…} in a url:; only {yyyy} and {yy} are known.
var releasePlaceholder = lazyre.New(`\{[^{}]*\}`)

// isReleaseTemplate reports whether url names a series of yearly releases.
func isReleaseTemplate(url string) bool {
	return strings.Contains(url, "{yyyy}") || strings.Contains(url, "{yy}")
}

// releaseURL is the template's url for one survey year.
func releaseURL(template string, year int) string {
	return strings.NewReplacer("{yyyy}", strconv.Itoa(year), "{yy}", fmt.Sprintf("%02d", year%100)).Replace(template)
}

// checkReleaseURL is Validate's check of a source's url: and since:.
func checkReleaseURL(src SourceConfig, thisYear int) []string {
	var problems []string
	for _, p := range releasePlaceholder.FindAllString(src.URL, -1) {
		if p != "{yyyy}" && p != "{yy}" {
			problems = append(problems, fmt.Sprintf("url: %s is not a placeholder wagescope fills; use {yyyy} or {yy} for the survey year", p))
		}
	}
	switch {
	case !isReleaseTemplate(src.URL):
		if src.Since != 0 {
			problems = append(problems, "since: applies only to a url: with {yyyy} or {yy} in it (a series of yearly releases)")
		}
	case src.Release != "":
		problems = append(problems, "release: cannot be set for a url: with {yyyy} or {yy}: each year's file is its own release")
	case src.Since != 0 && (src.Since < earliestRelease || src.Since > thisYear):
		problems = append(problems, fmt.Sprintf("since: %d is not a survey year between %d and %d", src.Since, earliestRelease, thisYear))
	}
	return problems
}

// fetchReleases fetches the releases a release url: names, oldest first:
// the newest published one, or with since: every year from since: to the
// newest. It asks for each year from thisYear back; a 404 (410) for a year
// newer than every release found means that release is not out yet. It
// fails, so that nothing published changes, when a year it needs is
// missing below the newest (a gap), when a release downloaded on an earlier
// night is gone from the server, and when no release is found at all.
// Offline, a year not in the cache counts as missing.
func fetchReleases(src SourceConfig, thisYear int, cached func(name, url string) (string, bool),
	fetch func(url string) (ingest.Fetched, error), log *slog.Logger) ([]ingest.Fetched, error) {
	lowest := src.Since
	if lowest == 0 {
		lowest = thisYear - maxReleaseProbe
	}
	var found []ingest.Fetched
	where := "on the server"
probe:
	for year := thisYear; year >= lowest; year-- {
		url := releaseURL(src.URL, year)
		res, err := fetch(url)
		cause, offline := releaseMissing(err)
		switch {
		case cause == nil && err != nil:
			return nil, err
		case cause == nil:
			found = append(found, res)
			if src.Since == 0 {
				break probe // the newest is all that is wanted
			}
			continue
		}
		if path, ok := cached(src.Name, url); ok && !offline {
			return nil, fmt.Errorf("source %s: the %d release was downloaded before and is gone now (%w); the published data stays as it is (if the release was withdrawn, delete %s to go on without it)",
				src.Name, year, cause, path)
		}
		if len(found) > 0 {
			return nil, fmt.Errorf("source %s: the %d release is missing between since: %d and the newest release found, %s (%w)",
				src.Name, year, src.Since, found[0].URL, cause)
		}
		if offline {
			where = "in the cache (offline: run once without --offline to download them)"
		}
		log.Debug("release not published", "source", src.Name, "year", year, "url", url, "cause", cause)
	}
	if len(found) == 0 {
		return nil, fmt.Errorf("source %s: no release of %s found %s for %d–%d", src.Name, src.URL, where, lowest, thisYear)
	}
	slices.Reverse(found)
	return found, nil
}

// releaseMissing returns the cause when a fetch error means the year's
// file does not exist: HTTP 404 or 410, a web page where a zip was asked
// for (a "soft 404", sent with status 200), or offline and not cached; nil
// for any other error.
func releaseMissing(err error) (cause error, offline bool) {
	if errors.Is(err, ingest.ErrNotCached) {
		return err, true
	}
	if errors.Is(err, ingest.ErrNotZip) {
		return err, false
	}
	var se *ingest.StatusError
	if errors.As(err, &se) && (se.Code == http.StatusNotFound || se.Code == http.StatusGone) {
		return se, false
	}
	return nil, false
}
