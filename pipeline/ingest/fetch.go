package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/wagescope/wagescope/internal/atomicfile"
	"github.com/wagescope/wagescope/internal/filehash"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Errors a Fetch can wrap; test them with errors.Is.
var (
	ErrForbidden   = errors.New("the server refused the request (HTTP 403 Forbidden)")
	ErrNotCached   = errors.New("not in the download cache")
	ErrTruncated   = errors.New("download truncated")
	ErrUnsafeZip   = errors.New("unsafe zip member")
	ErrZipTooLarge = errors.New("zip member expands past its bound")
	// ErrDownloadTooLarge is a body longer than MaxDownload.
	ErrDownloadTooLarge = errors.New("the download is larger than its bound")
	// ErrNotZip is a .zip URL answered with something else, such as an
	// error page sent with status 200.
	ErrNotZip = errors.New("not a zip archive")
)

// Defaults for the zero fields of a Fetcher.
const (
	DefaultMaxAttempts    = 4
	DefaultAttemptTimeout = 10 * time.Minute
	DefaultMaxRetryAfter  = 2 * time.Minute
	DefaultMaxDownload    = int64(4) << 30 // bytes of one download
	DefaultMaxUnzipped    = int64(2) << 30 // bytes of all members of one zip
	DefaultMaxRatio       = 200            // uncompressed:compressed, per member
)

// ratioFloor is what any zip member may expand to whatever its ratio: tiny
// members compress far better than 200:1 without being bombs.
const ratioFloor = int64(1) << 20

// zipMagic starts a zip archive's first local file header.
var zipMagic = []byte("PK\x03\x04")

// Fetcher downloads source files into a cache directory: conditional GETs
// against a sidecar of what was fetched last, retries with backoff on
// transient failures, atomic replacement of cached files and safe
// extraction of zip archives. The zero value of each optional field means
// its default; a Fetcher is safe to reuse but not to share between
// goroutines fetching the same source.
type Fetcher struct {
	Client   *http.Client // nil: a client without an overall timeout (each attempt has its own)
	CacheDir string       // files go to <CacheDir>/<source name>/<base name of the URL path>
	Contact  string       // e-mail address sent in User-Agent and From; BLS answers 403 without one
	Offline  bool         // use the cache only, never the network
	Version  string       // tool version in the User-Agent; "" means "dev"

	MaxAttempts    int                             // 0: DefaultMaxAttempts
	Backoff        func(attempt int) time.Duration // wait after failed attempt n (1-based); nil: 1s, 2s, 4s, … up to 1 min
	AttemptTimeout time.Duration                   // bound on one attempt, body included; 0: DefaultAttemptTimeout
	MaxRetryAfter  time.Duration                   // cap on an honoured Retry-After; 0: DefaultMaxRetryAfter
	MaxDownload    int64                           // 0: DefaultMaxDownload
	MaxUnzipped    int64                           // total bytes a zip may expand to; 0: DefaultMaxUnzipped
	MaxRatio       int64                           // per-member expansion ratio; 0: DefaultMaxRatio

	Log *slog.Logger     // nil: no logging
	Now func() time.Time // nil: time.Now
}

// Fetched is the outcome of one Fetch.
type Fetched struct {
	Path         string    // the cached file
	Files        []string  // data files to ingest: a zip's extracted regular members (sorted), else Path
	URL          string    // the URL asked for
	SHA256       string    // hex digest of the cached file (the downloaded bytes)
	Bytes        int64     // size of the cached file
	ETag         string    // validator from the server, if any
	LastModified string    // validator from the server, if any
	NotModified  bool      // the server answered 304: the cached file is current
	FromCache    bool      // offline: the cached file was used without asking the server
	FetchedAt    time.Time // when the cached bytes were downloaded
}

// StatusError is an HTTP answer other than 200 or an expected 304.
type StatusError struct {
	URL    string
	Code   int
	Status string // e.g. "404 Not Found"
	Hint   string // what to do about it, when known
}

func (e *StatusError) Error() string {
	msg := fmt.Sprintf("GET %s: HTTP %s", e.URL, e.Status)
	if e.Hint != "" {
		msg += ": " + e.Hint
	}
	return msg
}

// Unwrap makes a 403 match ErrForbidden.
func (e *StatusError) Unwrap() error {
	if e.Code == http.StatusForbidden {
		return ErrForbidden
	}
	return nil
}

// ZipError names the archive and member a zip problem was found in.
type ZipError struct {
	Archive string
	Member  string
	Err     error
}

func (e *ZipError) Error() string {
	if e.Member == "" {
		return fmt.Sprintf("zip %s: %v", e.Archive, e.Err)
	}
	return fmt.Sprintf("zip %s: member %q: %v", e.Archive, e.Member, e.Err)
}

func (e *ZipError) Unwrap() error { return e.Err }

// cacheMeta is the sidecar <file>.meta.json kept next to a cached file.
type cacheMeta struct {
	URL          string    `json:"url"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	SHA256       string    `json:"sha256"`
	Bytes        int64     `json:"bytes"`
	FetchedAt    time.Time `json:"fetched_at"`
	CheckedAt    time.Time `json:"checked_at,omitzero"`
	Extracted    string    `json:"extracted,omitempty"` // directory (beside the file) the zip was extracted to
}

// retryable marks an attempt's error as transient; after is the server's
// Retry-After, zero when it gave none.
type retryable struct {
	err   error
	after time.Duration
}

func (r *retryable) Error() string { return r.err.Error() }
func (r *retryable) Unwrap() error { return r.err }

// fetchJob is one Fetch's fixed inputs.
type fetchJob struct {
	name, url   string
	path        string // cached file
	urlZip      bool   // the URL path ends in .zip
	conditional bool   // the cached file matches its sidecar: validators may be sent
	meta        cacheMeta
}

// Fetch makes the file at rawURL available in the cache for source name
// and returns where it is. Online it asks the server, conditionally when
// the cached copy is intact, and retries transient failures; offline it
// uses the cache only. On any failure the previously cached file (and its
// extracted members) is left as it was.
func (f *Fetcher) Fetch(ctx context.Context, name, rawURL string) (Fetched, error) {
	job, err := f.newJob(name, rawURL)
	if err != nil {
		return Fetched{}, err
	}
	if f.Offline {
		return f.fromCache(ctx, job)
	}
	if err := checkHeaderValue("contact", f.Contact); err != nil {
		return Fetched{}, err
	}
	if err := os.MkdirAll(filepath.Dir(job.path), 0o755); err != nil {
		return Fetched{}, fmt.Errorf("source %s: create cache directory: %w", name, err)
	}
	job.meta, job.conditional = f.intactCache(job)

	maxAttempts := f.MaxAttempts
	if maxAttempts <= 0 {
		maxAttempts = DefaultMaxAttempts
	}
	for attempt := 1; ; attempt++ {
		res, err := f.attempt(ctx, job)
		if err == nil {
			return res, nil
		}
		if ctx.Err() != nil {
			return Fetched{}, fmt.Errorf("source %s: fetch %s: %w", name, rawURL, ctx.Err())
		}
		var re *retryable
		if !errors.As(err, &re) {
			return Fetched{}, fmt.Errorf("source %s: fetch: %w", name, err)
		}
		if attempt >= maxAttempts {
			hint := ""
			var ne interface{ Timeout() bool }
			if errors.As(err, &ne) || strings.Contains(err.Error(), "dial") {
				hint = " (without network access, run with --offline to use the cache)"
			}
			return Fetched{}, fmt.Errorf("source %s: fetch: giving up after %d attempts%s: %w", name, attempt, hint, re.err)
		}
		wait := f.backoff(attempt)
		if re.after > 0 {
			limit := f.MaxRetryAfter
			if limit <= 0 {
				limit = DefaultMaxRetryAfter
			}
			wait = max(wait, min(re.after, limit))
		}
		f.logger().Warn("fetch failed, retrying", "source", name, "url", rawURL,
			"attempt", attempt, "of", maxAttempts, "wait", wait, "error", re.err)
		if err := sleepCtx(ctx, wait); err != nil {
			return Fetched{}, fmt.Errorf("source %s: fetch %s: %w", name, rawURL, err)
		}
	}
}

// Cached returns the file an earlier Fetch of rawURL for source name left
// in the cache (its sidecar names that URL), if any. A release that was
// downloaded once and now answers 404 is then a change on the server, not
// a release that is not out yet.
func (f *Fetcher) Cached(name, rawURL string) (string, bool) {
	job, err := f.newJob(name, rawURL)
	if err != nil {
		return "", false
	}
	meta, ok := readMeta(job.path)
	return job.path, ok && meta.URL == rawURL
}

// newJob checks the URL and works out the cache path.
func (f *Fetcher) newJob(name, rawURL string) (fetchJob, error) {
	if f.CacheDir == "" {
		return fetchJob{}, fmt.Errorf("source %s: no cache directory to download into", name)
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return fetchJob{}, fmt.Errorf("source %s: url: %w", name, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fetchJob{}, fmt.Errorf("source %s: url %q: only http and https URLs can be fetched", name, rawURL)
	}
	if u.Host == "" {
		return fetchJob{}, fmt.Errorf("source %s: url %q has no host", name, rawURL)
	}
	base := "download"
	if u.Path != "" && !strings.HasSuffix(u.Path, "/") {
		base = path.Base(u.Path)
	}
	base = sanitizeName(base, "download")
	return fetchJob{
		name:   name,
		url:    rawURL,
		path:   filepath.Join(f.CacheDir, sanitizeName(name, "source"), base),
		urlZip: strings.EqualFold(path.Ext(u.Path), ".zip"),
	}, nil
}

// sanitizeName makes s safe as one path element: letters, digits, '.', '_'
// and '-' only, no leading dot, at most 200 bytes; fallback when nothing is left.
func sanitizeName(s, fallback string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '_', r == '-':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	out := strings.TrimLeft(b.String(), ".")
	if len(out) > 200 {
		out = out[:200]
	}
	if strings.Trim(out, "_") == "" {
		return fallback
	}
	return out
}

// checkHeaderValue rejects values that cannot go into an HTTP header.
func checkHeaderValue(field, v string) error {
	for _, r := range v {
		if r < 0x20 || r == 0x7f {
			return fmt.Errorf("%s: %q must be one line of printable text", field, v)
		}
	}
	return nil
}

// intactCache reads the sidecar and reports whether the cached file still
// is what it describes (then validators may be sent).
func (f *Fetcher) intactCache(job fetchJob) (cacheMeta, bool) {
	meta, ok := readMeta(job.path)
	if !ok {
		return cacheMeta{}, false
	}
	sum, size, err := filehash.SHA256(job.path)
	switch {
	case err != nil:
		return meta, false
	case sum != meta.SHA256 || size != meta.Bytes:
		f.logger().Warn("cached file differs from what was downloaded; fetching it again in full",
			"source", job.name, "file", job.path)
		return meta, false
	case meta.URL != job.url:
		f.logger().Info("cached file came from another URL; fetching in full", "source", job.name,
			"cached_url", meta.URL, "url", job.url)
		return meta, false
	}
	return meta, true
}

// attempt is one GET with its own timeout.
func (f *Fetcher) attempt(ctx context.Context, job fetchJob) (Fetched, error) {
	timeout := f.AttemptTimeout
	if timeout <= 0 {
		timeout = DefaultAttemptTimeout
	}
	actx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(actx, http.MethodGet, job.url, nil)
	if err != nil {
		return Fetched{}, fmt.Errorf("GET %s: %w", job.url, err)
	}
	req.Header.Set("User-Agent", f.userAgent())
	if f.Contact != "" {
		req.Header.Set("From", f.Contact)
	}
	req.Header.Set("Accept", "*/*")
	// Accept-Encoding is left to the transport: it asks for gzip and
	// decodes it transparently.
	if job.conditional {
		if job.meta.ETag != "" {
			req.Header.Set("If-None-Match", job.meta.ETag)
		}
		if job.meta.LastModified != "" {
			req.Header.Set("If-Modified-Since", job.meta.LastModified)
		}
	}
	client := f.Client
	if client == nil {
		client = &http.Client{}
	}
	resp, err := client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return Fetched{}, ctx.Err()
		}
		if permanentTransportError(err) {
			return Fetched{}, err
		}
		if actx.Err() != nil {
			err = fmt.Errorf("attempt timed out after %s: %w", timeout, err)
		}
		return Fetched{}, &retryable{err: err}
	}
	defer resp.Body.Close()

	switch code := resp.StatusCode; {
	case code == http.StatusOK:
		return f.download(ctx, actx, job, resp)
	case code == http.StatusNotModified && job.conditional:
		return f.notModified(ctx, job, resp)
	case code == http.StatusForbidden:
		return Fetched{}, &StatusError{URL: job.url, Code: code, Status: resp.Status, Hint: f.forbiddenHint()}
	case code == http.StatusTooManyRequests || code == http.StatusRequestTimeout || code >= 500:
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return Fetched{}, &retryable{
			err:   &StatusError{URL: job.url, Code: code, Status: resp.Status},
			after: retryAfter(resp.Header.Get("Retry-After"), f.now()),
		}
	default:
		return Fetched{}, &StatusError{URL: job.url, Code: code, Status: resp.Status}
	}
}

func (f *Fetcher) forbiddenHint() string {
	if f.Contact == "" {
		return "BLS (and other servers) refuse clients that do not say who runs them. Set `contact:` in the " +
			"config file (or the WAGESCOPE_CONTACT environment variable) to an e-mail address BLS can reach, " +
			"e.g. `contact: analyst@example.org`; it is sent in the User-Agent and From headers"
	}
	return fmt.Sprintf("refused even though the request named contact %q in its User-Agent and From headers; "+
		"check that the URL opens in a browser and that the address is one the server accepts, "+
		"or download the file by hand and set path: for this source", f.Contact)
}

func (f *Fetcher) userAgent() string {
	v := f.Version
	if v == "" {
		v = "dev"
	}
	if f.Contact == "" {
		return "wagescope/" + v
	}
	return fmt.Sprintf("wagescope/%s (+contact: %s)", v, f.Contact)
}

// permanentTransportError reports transport failures that retrying cannot
// fix: certificates that do not verify.
func permanentTransportError(err error) bool {
	var (
		cv *tls.CertificateVerificationError
		ua x509.UnknownAuthorityError
		hn x509.HostnameError
		ci x509.CertificateInvalidError
	)
	return errors.As(err, &cv) || errors.As(err, &ua) || errors.As(err, &hn) || errors.As(err, &ci)
}

// retryAfter reads a Retry-After value: delay seconds or an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		if secs > int64(24*time.Hour/time.Second) {
			secs = int64(24 * time.Hour / time.Second)
		}
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

func (f *Fetcher) backoff(attempt int) time.Duration {
	if f.Backoff != nil {
		return max(f.Backoff(attempt), 0)
	}
	d := time.Second << min(attempt-1, 6)
	return min(d, time.Minute)
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// errWriter remembers a write error so a failed copy can tell a full disk
// (permanent) from a broken connection (transient).
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	n, err := e.w.Write(p)
	if err != nil {
		e.err = err
	}
	return n, err
}

// download streams a 200 answer into a temp file beside the cached one,
// checks it, extracts it when it is a zip, and only then renames it into
// place and writes the sidecar.
func (f *Fetcher) download(ctx, actx context.Context, job fetchJob, resp *http.Response) (res Fetched, err error) {
	dir := filepath.Dir(job.path)
	tmp, err := os.CreateTemp(dir, ".fetch-*.tmp")
	if err != nil {
		return Fetched{}, fmt.Errorf("create temp file in %s: %w", dir, err)
	}
	tmpName := tmp.Name()
	var extractTmp string
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmpName)
			if extractTmp != "" {
				os.RemoveAll(extractTmp)
			}
		}
	}()

	limit := f.MaxDownload
	if limit <= 0 {
		limit = DefaultMaxDownload
	}
	h := sha256.New()
	ew := &errWriter{w: io.MultiWriter(tmp, h)}
	n, err := io.Copy(ew, io.LimitReader(resp.Body, limit+1))
	switch {
	case ew.err != nil:
		return Fetched{}, fmt.Errorf("write %s: %w", tmpName, ew.err)
	case err != nil && ctx.Err() != nil:
		return Fetched{}, ctx.Err()
	case err != nil:
		if actx.Err() != nil {
			err = fmt.Errorf("attempt timed out: %w", err)
		}
		if errors.Is(err, io.ErrUnexpectedEOF) {
			err = fmt.Errorf("%w: %w", ErrTruncated, err)
		}
		return Fetched{}, &retryable{err: fmt.Errorf("GET %s: body broke off after %d bytes: %w", job.url, n, err)}
	case n > limit:
		return Fetched{}, fmt.Errorf("GET %s: %w: more than %d bytes", job.url, ErrDownloadTooLarge, limit)
	case resp.ContentLength >= 0 && n != resp.ContentLength:
		return Fetched{}, &retryable{err: fmt.Errorf("GET %s: %w: got %d of %d bytes (Content-Length)",
			job.url, ErrTruncated, n, resp.ContentLength)}
	case n == 0:
		return Fetched{}, &retryable{err: fmt.Errorf("GET %s: the server sent an empty body", job.url)}
	}
	if err := tmp.Sync(); err != nil {
		return Fetched{}, fmt.Errorf("sync %s: %w", tmpName, err)
	}
	if err := tmp.Close(); err != nil {
		return Fetched{}, fmt.Errorf("close %s: %w", tmpName, err)
	}
	sum := hex.EncodeToString(h.Sum(nil))

	sniffed, err := sniffZip(tmpName)
	if err != nil {
		return Fetched{}, err
	}
	if job.urlZip && !sniffed {
		return Fetched{}, fmt.Errorf("GET %s: expected a zip archive, got %s content (the server may have sent an error page): %w",
			job.url, contentTypeOr(resp.Header.Get("Content-Type")), ErrNotZip)
	}
	var rel []string
	if sniffed {
		extractTmp, rel, err = f.extractZip(ctx, tmpName, filepath.Base(job.path), dir)
		if err != nil {
			return Fetched{}, err
		}
	}
	if err := os.Rename(tmpName, job.path); err != nil {
		return Fetched{}, fmt.Errorf("move download into %s: %w", job.path, err)
	}
	syncDir(dir)

	now := f.now().UTC()
	meta := cacheMeta{
		URL: job.url, ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified"),
		SHA256: sum, Bytes: n, FetchedAt: now, CheckedAt: now,
	}
	files := []string{job.path}
	if sniffed {
		target := extractDirFor(job.path)
		if err := replaceDir(extractTmp, target); err != nil {
			return Fetched{}, err
		}
		extractTmp = ""
		meta.Extracted = filepath.Base(target)
		files = joinAll(target, rel)
	}
	if err := writeMeta(job.path, meta); err != nil {
		// The file is in place and correct; only the next conditional GET is lost.
		f.logger().Warn("cannot write cache sidecar; the next run downloads in full", "file", job.path, "error", err)
	}
	f.logger().Info("downloaded", "source", job.name, "url", job.url, "file", job.path, "bytes", n, "sha256", sum)
	return resultFrom(job, meta, files), nil
}

func contentTypeOr(ct string) string {
	if ct == "" {
		return "untyped"
	}
	return fmt.Sprintf("%q", ct)
}

// notModified answers a 304: the cached file stands; new validators the
// server sent are kept.
func (f *Fetcher) notModified(ctx context.Context, job fetchJob, resp *http.Response) (Fetched, error) {
	meta := job.meta
	if et := resp.Header.Get("ETag"); et != "" {
		meta.ETag = et
	}
	if lm := resp.Header.Get("Last-Modified"); lm != "" {
		meta.LastModified = lm
	}
	meta.CheckedAt = f.now().UTC()
	files, err := f.cachedFiles(ctx, job, &meta, true)
	if err != nil {
		return Fetched{}, err
	}
	if err := writeMeta(job.path, meta); err != nil {
		f.logger().Warn("cannot update cache sidecar", "file", job.path, "error", err)
	}
	f.logger().Info("not modified", "source", job.name, "url", job.url, "file", job.path)
	res := resultFrom(job, meta, files)
	res.NotModified = true
	return res, nil
}

// fromCache serves an offline Fetch.
func (f *Fetcher) fromCache(ctx context.Context, job fetchJob) (Fetched, error) {
	st, err := os.Stat(job.path)
	if errors.Is(err, fs.ErrNotExist) {
		return Fetched{}, fmt.Errorf("source %s: offline, and %s is %w; run once without --offline to download %s",
			job.name, job.path, ErrNotCached, job.url)
	}
	if err != nil {
		return Fetched{}, fmt.Errorf("source %s: %w", job.name, err)
	}
	if !st.Mode().IsRegular() {
		return Fetched{}, fmt.Errorf("source %s: cached %s is not a regular file", job.name, job.path)
	}
	sum, size, err := filehash.SHA256(job.path)
	if err != nil {
		return Fetched{}, fmt.Errorf("source %s: %w", job.name, err)
	}
	meta, ok := readMeta(job.path)
	intact := ok && meta.SHA256 == sum
	switch {
	case !ok:
		f.logger().Warn("cached file has no sidecar; using it as it is", "source", job.name, "file", job.path)
		meta = cacheMeta{URL: job.url, FetchedAt: st.ModTime().UTC()}
	case !intact:
		f.logger().Warn("cached file changed since it was downloaded; using it as it is", "source", job.name, "file", job.path)
	case meta.URL != job.url:
		f.logger().Warn("cached file came from another URL", "source", job.name, "cached_url", meta.URL, "url", job.url)
	}
	meta.SHA256, meta.Bytes = sum, size
	files, err := f.cachedFiles(ctx, job, &meta, intact)
	if err != nil {
		return Fetched{}, fmt.Errorf("source %s: %w", job.name, err)
	}
	if !intact && ok {
		// Keep the sidecar describing the bytes now on disk.
		if err := writeMeta(job.path, meta); err != nil {
			f.logger().Warn("cannot update cache sidecar", "file", job.path, "error", err)
		}
	}
	res := resultFrom(job, meta, files)
	res.FromCache = true
	return res, nil
}

// cachedFiles lists the data files of the cached file: itself, or its zip
// members, extracted again unless an extraction recorded in an intact
// sidecar is still there.
func (f *Fetcher) cachedFiles(ctx context.Context, job fetchJob, meta *cacheMeta, intact bool) ([]string, error) {
	isZip := job.urlZip
	if !isZip {
		var err error
		if isZip, err = sniffZip(job.path); err != nil {
			return nil, err
		}
	}
	if !isZip {
		return []string{job.path}, nil
	}
	target := extractDirFor(job.path)
	if intact && meta.Extracted == filepath.Base(target) {
		if st, err := os.Stat(target); err == nil && st.IsDir() {
			rel, err := listRegular(target)
			if err != nil {
				return nil, err
			}
			return joinAll(target, rel), nil
		}
	}
	tmpDir, rel, err := f.extractZip(ctx, job.path, filepath.Base(job.path), filepath.Dir(job.path))
	if err != nil {
		return nil, err
	}
	if err := replaceDir(tmpDir, target); err != nil {
		os.RemoveAll(tmpDir)
		return nil, err
	}
	meta.Extracted = filepath.Base(target)
	return joinAll(target, rel), nil
}

func resultFrom(job fetchJob, meta cacheMeta, files []string) Fetched {
	return Fetched{
		Path: job.path, Files: files, URL: job.url, SHA256: meta.SHA256, Bytes: meta.Bytes,
		ETag: meta.ETag, LastModified: meta.LastModified, FetchedAt: meta.FetchedAt,
	}
}

// extractDirFor is where a cached zip's members go: beside it, named after
// it without .zip.
func extractDirFor(file string) string {
	base := filepath.Base(file)
	trimmed := base
	if strings.EqualFold(filepath.Ext(base), ".zip") {
		trimmed = base[:len(base)-len(".zip")]
	}
	if trimmed == base || trimmed == "" {
		trimmed = base + ".files"
	}
	return filepath.Join(filepath.Dir(file), trimmed)
}

func sniffZip(file string) (bool, error) {
	fh, err := os.Open(file)
	if err != nil {
		return false, err
	}
	defer fh.Close()
	head := make([]byte, len(zipMagic))
	n, err := io.ReadFull(fh, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return false, fmt.Errorf("read %s: %w", file, err)
	}
	return bytes.Equal(head[:n], zipMagic), nil
}

// checkedMember is a validated member: its cleaned relative path.
type checkedMember struct {
	file  *zip.File
	rel   string
	dir   bool
	bound int64 // bytes it may expand to by the ratio
}

// extractZip validates every member of the archive at file and only then
// extracts them into a new temp directory in parent. It returns the temp
// directory and the extracted regular files relative to it, sorted. On
// error nothing is left behind. display names the archive in errors.
func (f *Fetcher) extractZip(ctx context.Context, file, display, parent string) (string, []string, error) {
	zr, err := zip.OpenReader(file)
	if err != nil && !(errors.Is(err, zip.ErrInsecurePath) && zr != nil) {
		// ErrInsecurePath (GODEBUG=zipinsecurepath=0) comes with a usable
		// reader; validateZip then names the offending member.
		return "", nil, &ZipError{Archive: display, Err: fmt.Errorf("not a readable zip archive: %w", err)}
	}
	defer zr.Close()
	members, err := f.validateZip(display, zr.File)
	if err != nil {
		return "", nil, err
	}
	tmpDir, err := os.MkdirTemp(parent, ".extract-*")
	if err != nil {
		return "", nil, fmt.Errorf("create extraction directory in %s: %w", parent, err)
	}
	files, err := f.writeMembers(ctx, display, tmpDir, members)
	if err != nil {
		os.RemoveAll(tmpDir)
		return "", nil, err
	}
	return tmpDir, files, nil
}

// validateZip checks names, kinds and declared sizes of all members before
// anything is written.
func (f *Fetcher) validateZip(display string, zfiles []*zip.File) ([]checkedMember, error) {
	maxTotal, ratio := f.zipBounds()
	bad := func(m, format string, args ...any) error {
		return &ZipError{Archive: display, Member: m, Err: fmt.Errorf(format, args...)}
	}
	var members []checkedMember
	seen := map[string]bool{}
	var declared uint64
	for _, zf := range zfiles {
		rel, err := memberPath(zf.Name)
		if err != nil {
			return nil, &ZipError{Archive: display, Member: zf.Name, Err: err}
		}
		mode := zf.Mode()
		isDir := mode.IsDir() || strings.HasSuffix(strings.ReplaceAll(zf.Name, `\`, "/"), "/")
		switch {
		case mode&fs.ModeSymlink != 0:
			return nil, bad(zf.Name, "%w: a symbolic link", ErrUnsafeZip)
		case !isDir && !mode.IsRegular():
			return nil, bad(zf.Name, "%w: not a regular file (mode %s)", ErrUnsafeZip, mode)
		case zf.Flags&0x1 != 0:
			return nil, bad(zf.Name, "encrypted members are not supported")
		}
		if rel == "." || skippedMember(rel) {
			continue
		}
		key := strings.ToLower(rel)
		if seen[key] && !isDir {
			return nil, bad(zf.Name, "%w: the name appears twice (ignoring case)", ErrUnsafeZip)
		}
		seen[key] = true
		if isDir {
			members = append(members, checkedMember{file: zf, rel: rel, dir: true})
			continue
		}
		bound := min(max(sat(zf.CompressedSize64, ratio), ratioFloor), maxTotal)
		if zf.UncompressedSize64 > uint64(bound) {
			return nil, bad(zf.Name, "%w: declares %d bytes, over its bound of %d (%d:1 of %d compressed bytes, at most %d in all)",
				ErrZipTooLarge, zf.UncompressedSize64, bound, ratio, zf.CompressedSize64, maxTotal)
		}
		declared += zf.UncompressedSize64
		if declared > uint64(maxTotal) {
			return nil, bad(zf.Name, "%w: the members up to this one declare %d bytes, over the %d-byte bound for the archive",
				ErrZipTooLarge, declared, maxTotal)
		}
		members = append(members, checkedMember{file: zf, rel: rel, bound: bound})
	}
	return members, nil
}

func (f *Fetcher) zipBounds() (total, ratio int64) {
	total, ratio = f.MaxUnzipped, f.MaxRatio
	if total <= 0 {
		total = DefaultMaxUnzipped
	}
	if ratio <= 0 {
		ratio = DefaultMaxRatio
	}
	return total, ratio
}

// sat multiplies without overflowing int64.
func sat(n uint64, k int64) int64 {
	const maxInt = int64(^uint64(0) >> 1)
	if k > 0 && n > uint64(maxInt/k) {
		return maxInt
	}
	return int64(n) * k
}

// skippedMember reports archive clutter that is never data: macOS resource
// forks and dot files (as OpenBooks skips them).
func skippedMember(rel string) bool {
	for _, el := range strings.Split(rel, "/") {
		if el == "__MACOSX" || strings.HasPrefix(el, ".") {
			return true
		}
	}
	return false
}

// memberPath cleans a member name into a local, slash-separated relative
// path. Backslashes count as separators, so `..\x` is caught as well.
func memberPath(name string) (string, error) {
	n := strings.ReplaceAll(name, `\`, "/")
	switch {
	case n == "":
		return "", fmt.Errorf("%w: empty name", ErrUnsafeZip)
	case strings.ContainsRune(n, 0):
		return "", fmt.Errorf("%w: NUL in the name", ErrUnsafeZip)
	case strings.HasPrefix(n, "/"):
		return "", fmt.Errorf("%w: absolute path", ErrUnsafeZip)
	case len(n) >= 2 && n[1] == ':' && (n[0]|0x20 >= 'a' && n[0]|0x20 <= 'z'):
		return "", fmt.Errorf("%w: absolute path with a drive letter", ErrUnsafeZip)
	}
	for _, el := range strings.Split(n, "/") {
		if el == ".." {
			return "", fmt.Errorf("%w: a \"..\" element escapes the extraction directory", ErrUnsafeZip)
		}
	}
	clean := path.Clean(n)
	if clean != "." && !filepath.IsLocal(filepath.FromSlash(clean)) {
		return "", fmt.Errorf("%w: not a local path", ErrUnsafeZip)
	}
	return clean, nil
}

// writeMembers extracts validated members into dir, counting the bytes
// actually written against each member's bound and the archive's: the
// sizes in the headers are not trusted.
func (f *Fetcher) writeMembers(ctx context.Context, display, dir string, members []checkedMember) ([]string, error) {
	maxTotal, ratio := f.zipBounds()
	var total int64
	var files []string
	for _, m := range members {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		dest := filepath.Join(dir, filepath.FromSlash(m.rel))
		if m.dir {
			if err := os.MkdirAll(dest, 0o755); err != nil {
				return nil, &ZipError{Archive: display, Member: m.file.Name, Err: err}
			}
			continue
		}
		limit := min(m.bound, maxTotal-total)
		n, err := extractMember(m.file, dest, limit)
		if err != nil {
			return nil, &ZipError{Archive: display, Member: m.file.Name, Err: err}
		}
		if n > limit {
			if n > m.bound {
				return nil, &ZipError{Archive: display, Member: m.file.Name, Err: fmt.Errorf(
					"%w: expands past %d bytes (%d:1 of its %d compressed bytes; the header said %d)",
					ErrZipTooLarge, m.bound, ratio, m.file.CompressedSize64, m.file.UncompressedSize64)}
			}
			return nil, &ZipError{Archive: display, Member: m.file.Name, Err: fmt.Errorf(
				"%w: the archive expands past its %d-byte bound at this member", ErrZipTooLarge, maxTotal)}
		}
		total += n
		files = append(files, m.rel)
	}
	sort.Strings(files)
	for i := range files {
		files[i] = filepath.FromSlash(files[i])
	}
	return files, nil
}

// extractMember writes at most limit+1 bytes of zf to dest and returns how
// many it wrote; more than limit means the bound was passed.
func extractMember(zf *zip.File, dest string, limit int64) (int64, error) {
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		return 0, err
	}
	rc, err := zf.Open()
	if err != nil {
		return 0, err
	}
	defer rc.Close()
	out, err := os.OpenFile(dest, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(out, io.LimitReader(rc, limit+1))
	if err != nil {
		out.Close()
		if errors.Is(err, zip.ErrFormat) || errors.Is(err, zip.ErrChecksum) {
			return n, fmt.Errorf("extract: the data does not match the header, which declares %d bytes "+
				"(a zip bomb lies about its size; or the archive is corrupt): %w", zf.UncompressedSize64, err)
		}
		return n, fmt.Errorf("extract: %w", err)
	}
	if n <= limit {
		if err := out.Sync(); err != nil {
			out.Close()
			return n, err
		}
	}
	return n, out.Close()
}

// replaceDir puts the directory from in place of to, whose old contents are
// removed once the new ones are there.
func replaceDir(from, to string) error {
	var old string
	if _, err := os.Lstat(to); err == nil {
		old = to + fmt.Sprintf(".old-%d", time.Now().UnixNano())
		if err := os.Rename(to, old); err != nil {
			return fmt.Errorf("move aside %s: %w", to, err)
		}
	}
	if err := os.Rename(from, to); err != nil {
		if old != "" {
			_ = os.Rename(old, to)
		}
		return fmt.Errorf("move extracted files into %s: %w", to, err)
	}
	syncDir(filepath.Dir(to))
	if old != "" {
		_ = os.RemoveAll(old)
	}
	return nil
}

// listRegular lists the regular files under dir, relative and sorted.
func listRegular(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			rel, err := filepath.Rel(dir, p)
			if err != nil {
				return err
			}
			files = append(files, rel)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", dir, err)
	}
	sort.Strings(files)
	return files, nil
}

func joinAll(dir string, rel []string) []string {
	out := make([]string, len(rel))
	for i, r := range rel {
		out[i] = filepath.Join(dir, r)
	}
	return out
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}

func metaPath(file string) string { return file + ".meta.json" }

// readMeta reads a file's sidecar; a missing or unreadable one is absent.
func readMeta(file string) (cacheMeta, bool) {
	data, err := os.ReadFile(metaPath(file))
	if err != nil {
		return cacheMeta{}, false
	}
	var m cacheMeta
	if err := json.Unmarshal(data, &m); err != nil || m.SHA256 == "" {
		return cacheMeta{}, false
	}
	return m, true
}

// writeMeta replaces a file's sidecar atomically.
func writeMeta(file string, m cacheMeta) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := atomicfile.Write(metaPath(file), append(data, '\n')); err != nil {
		return err
	}
	syncDir(filepath.Dir(file))
	return nil
}

func (f *Fetcher) logger() *slog.Logger {
	if f.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return f.Log
}

func (f *Fetcher) now() time.Time {
	if f.Now != nil {
		return f.Now()
	}
	return time.Now()
}
