package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/wagescope/wagescope/pipeline/ingest"
)

// fetchSource makes the file behind a source's url: available in the cache
// (cfg.Cache, under the source's name). Fetched.Path is the downloaded file
// (the run ingests a zip whole); Fetched.Files are a zip's members, checked
// and extracted, or the file itself. Offline it uses the cache only. The Fetched carries the lineage of the download
// (URL, sha256, validators, whether the server said 304). cfg.Contact, which
// the command layer merges from contact: and WAGESCOPE_CONTACT, goes into the
// User-Agent and From headers; BLS refuses requests without one.
func fetchSource(ctx context.Context, cfg Config, src SourceConfig, offline bool, version string, log *slog.Logger) (ingest.Fetched, error) {
	if src.URL == "" {
		return ingest.Fetched{}, fmt.Errorf("source %s: no url: to fetch", src.Name)
	}
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
		return ingest.Fetched{}, errors.Join(errs...)
	}
	f := &ingest.Fetcher{
		CacheDir:       cache,
		Contact:        contact,
		Offline:        offline,
		Version:        version,
		MaxAttempts:    limits.attempts,
		AttemptTimeout: limits.attemptTimeout,
		MaxDownload:    limits.maxDownload,
		MaxUnzipped:    limits.maxUnzipped,
		Log:            log.With("stage", "fetch"),
	}
	res, err := f.Fetch(ctx, src.Name, src.URL)
	switch {
	case errors.Is(err, ingest.ErrDownloadTooLarge):
		return ingest.Fetched{}, fmt.Errorf("%w (raise fetch_max_download, now %s, if the file is expected to be this large)", err, cfg.FetchMaxDownload)
	case errors.Is(err, ingest.ErrZipTooLarge):
		return ingest.Fetched{}, fmt.Errorf("%w (raise fetch_max_unzipped, now %s, if the archive is expected to be this large)", err, cfg.FetchMaxUnzipped)
	case err != nil:
		return ingest.Fetched{}, err
	}
	if len(res.Files) == 0 {
		return res, fmt.Errorf("source %s: %s holds no data files", src.Name, res.Path)
	}
	return res, nil
}
