package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/wagescope/wagescope/pipeline/ingest"
)

// fetchOptions are a run's settings for downloading url: sources.
type fetchOptions struct {
	Offline bool         // the cache only
	Version string       // wagescope's version, in the User-Agent
	Log     *slog.Logger // nil: no logging
	Now     time.Time    // the run's clock: a release url: probes from this year back
}

// fetchSource makes the files behind a source's url: available in the cache
// (cfg.Cache, under the source's name), one Fetched per file: the url
// itself, or each release a url with a year in it names (see
// fetchReleases). Fetched.Path is the downloaded file (the run ingests a
// zip whole); Fetched.Files are a zip's members, checked and extracted, or
// the file itself. Offline it uses the cache only. Each Fetched carries the
// lineage of its download (URL, sha256, validators, whether the server said
// 304). cfg.Contact, which the command layer merges from contact: and
// WAGESCOPE_CONTACT, goes into the User-Agent and From headers; BLS refuses
// requests without one.
func fetchSource(ctx context.Context, cfg Config, src SourceConfig, opt fetchOptions) ([]ingest.Fetched, error) {
	if src.URL == "" {
		return nil, fmt.Errorf("source %s: no url: to fetch", src.Name)
	}
	log := opt.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cache := cfg.Cache
	if cache == "" {
		if def, ok := Defaults()["cache"].(string); ok {
			cache = def
		}
	}
	cache = cfg.resolve(cache)
	contact := strings.TrimSpace(cfg.Contact)
	if contact != "" && !strings.Contains(contact, "@") {
		log.Warn("contact: does not look like an e-mail address; BLS may refuse the download", "contact", contact)
	}
	limits, errs := cfg.fetchLimits()
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	f := &ingest.Fetcher{
		CacheDir:       cache,
		Contact:        contact,
		Offline:        opt.Offline,
		Version:        opt.Version,
		MaxAttempts:    limits.attempts,
		AttemptTimeout: limits.attemptTimeout,
		MaxDownload:    limits.maxDownload,
		MaxUnzipped:    limits.maxUnzipped,
		Log:            log.With("stage", "fetch"),
	}
	fetch := func(url string) (ingest.Fetched, error) {
		res, err := f.Fetch(ctx, src.Name, url)
		switch {
		case errors.Is(err, ingest.ErrDownloadTooLarge):
			return res, fmt.Errorf("%w (raise fetch_max_download, now %s, if the file is expected to be this large)", err, limitText(cfg.FetchMaxDownload, "fetch_max_download"))
		case errors.Is(err, ingest.ErrZipTooLarge):
			return res, fmt.Errorf("%w (raise fetch_max_unzipped, now %s, if the archive is expected to be this large)", err, limitText(cfg.FetchMaxUnzipped, "fetch_max_unzipped"))
		case err != nil:
			return res, err
		}
		if len(res.Files) == 0 {
			return res, fmt.Errorf("source %s: %s holds no data files", src.Name, res.Path)
		}
		return res, nil
	}
	if isReleaseTemplate(src.URL) {
		return fetchReleases(src, opt.Now.Year(), f.Cached, fetch, log)
	}
	res, err := fetch(src.URL)
	if err != nil {
		return nil, err
	}
	return []ingest.Fetched{res}, nil
}

// limitText is a fetch limit's configured text, or its default when the
// key is empty (the Fetcher then uses its default too).
func limitText(configured, key string) string {
	if strings.TrimSpace(configured) != "" {
		return configured
	}
	def, _ := Defaults()[key].(string)
	return def + " (the default)"
}
