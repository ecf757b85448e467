package backport

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	pep440 "github.com/aquasecurity/go-pep440-version"

	"erosion/httpretry"
	"erosion/pydist"
)

// Release is one version of a distribution as the index lists it.
type Release struct {
	Version        string
	Uploaded       time.Time // earliest upload time of its files
	Yanked         bool      // every file yanked (PEP 592)
	RequiresPython string    // specifier, "" when none; the most permissive among the files pip would consider
}

// ErrNotFound is wrapped by Releases when the index does not know the distribution.
var ErrNotFound = errors.New("the distribution is not on the index")

const (
	simpleJSON = "application/vnd.pypi.simple.v1+json"

	defaultRetries = 4
	// maxBackoff caps one computed backoff.
	maxBackoff = time.Minute
	// maxRetryAfter bounds how long a Retry-After may make us wait; an index
	// that asks for more is treated as down.
	maxRetryAfter = 5 * time.Minute
	// maxBody bounds one answer; the largest projects' pages are tens of MB.
	maxBody = 256 << 20
)

// Index reads release history from a package index. URL is either a PEP 691
// Simple API (JSON) root, recognised by a path ending in "simple" (".../simple/",
// devpi's ".../+simple/"), or else the root of a PyPI-style JSON API
// ({URL}/pypi/{name}/json).
//
// An Index caches what it read, so one Index serves many notebooks with one
// request per distribution; it is safe for concurrent use.
type Index struct {
	URL       string
	Client    *http.Client // nil: a client with a 60 s timeout
	UserAgent string       // "": erosion-backport

	// Retries is how often a 429 or 5xx answer is retried (0: 4; negative: never).
	Retries int
	// Backoff bounds the wait before the first retry, doubled for each next
	// one, with jitter (0: 1 s). A Retry-After from the index wins, up to 5
	// minutes. Retries and Backoff are read on the first request.
	Backoff time.Duration

	httpOnce sync.Once
	http     *http.Client // through the retry policy

	mu    sync.Mutex
	cache map[string]cached
}

type cached struct {
	releases []Release
	err      error
}

// IndexFromEnv returns an Index for the configured URL if it is non-empty,
// else for $PIP_INDEX_URL.
func IndexFromEnv(configured string) (*Index, error) {
	raw, from := strings.TrimSpace(configured), "the configured index URL"
	if raw == "" {
		raw, from = strings.TrimSpace(os.Getenv("PIP_INDEX_URL")), "PIP_INDEX_URL"
	}
	if raw == "" {
		return nil, errors.New("no package index: set PIP_INDEX_URL (or the index URL in the config) to a PEP 691 simple index (…/simple/) or the root of a JSON API")
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%s %q is not an http(s) URL; set it to a PEP 691 simple index (…/simple/) or the root of a JSON API", from, redact(raw))
	}
	return &Index{URL: raw}, nil
}

// Releases lists every release of dist that has at least one file, sorted by
// version (PEP 440 order; versions that are not PEP 440 come first). Releases
// without files are left out: nothing of them can be installed.
func (ix *Index) Releases(ctx context.Context, dist string) ([]Release, error) {
	name := pydist.Normalize(dist)
	ix.mu.Lock()
	c, ok := ix.cache[name]
	ix.mu.Unlock()
	if ok {
		return slices.Clone(c.releases), c.err
	}

	rels, err := ix.fetch(ctx, name)
	if err == nil || errors.Is(err, ErrNotFound) { // other errors may pass: don't remember them
		ix.mu.Lock()
		if ix.cache == nil {
			ix.cache = make(map[string]cached)
		}
		ix.cache[name] = cached{rels, err}
		ix.mu.Unlock()
	}
	return slices.Clone(rels), err
}

func (ix *Index) fetch(ctx context.Context, name string) ([]Release, error) {
	base := strings.TrimRight(ix.URL, "/")
	u, err := url.Parse(base)
	if err != nil {
		return nil, fmt.Errorf("distribution %s: index URL %q: %v; set PIP_INDEX_URL to an http(s) URL", name, redact(ix.URL), err)
	}
	if strings.HasSuffix(u.Path, "simple") {
		where := base + "/" + url.PathEscape(name) + "/"
		body, ctype, err := ix.get(ctx, name, where, simpleJSON)
		if err != nil {
			return nil, err
		}
		if !strings.Contains(ctype, "json") {
			return nil, fmt.Errorf("distribution %s: GET %s answered %q, not PEP 691 JSON; use an index that serves %s, or the root of its JSON API", name, redact(where), ctype, simpleJSON)
		}
		rels, err := parseSimple(body, name)
		if err != nil {
			return nil, fmt.Errorf("distribution %s: GET %s: %v; is this a PEP 691 simple index?", name, redact(where), err)
		}
		return rels, nil
	}
	where := base + "/pypi/" + url.PathEscape(name) + "/json"
	body, _, err := ix.get(ctx, name, where, "application/json")
	if err != nil {
		return nil, err
	}
	rels, err := parseJSONAPI(body)
	if err != nil {
		return nil, fmt.Errorf("distribution %s: GET %s: %v; is this the root of a JSON API (or should the URL end in /simple/)?", name, redact(where), err)
	}
	return rels, nil
}

// get fetches one URL through the retry policy (429 and 5xx answers are
// retried with backoff, Retry-After honoured up to 5 minutes). It returns
// the body and its Content-Type.
func (ix *Index) get(ctx context.Context, dist, where, accept string) ([]byte, string, error) {
	ua := ix.UserAgent
	if ua == "" {
		ua = "erosion-backport"
	}
	shown := redact(where)
	fail := func(format string, args ...any) error {
		return fmt.Errorf("distribution %s: GET %s: %s", dist, shown, fmt.Sprintf(format, args...))
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, where, nil)
	if err != nil {
		return nil, "", fail("%v; check the index URL", err)
	}
	req.Header.Set("Accept", accept)
	req.Header.Set("User-Agent", ua)
	resp, err := ix.client().Do(req)
	var se *httpretry.StatusError
	var ue *httpretry.UnreachableError
	switch {
	case ctx.Err() != nil:
		return nil, "", fail("gave up: %v", ctx.Err())
	case errors.As(err, &se) && se.Wait > 0:
		return nil, "", fail("%s, Retry-After %s; the index is throttling hard, try again later", se.Status, se.Wait.Round(time.Second))
	case errors.As(err, &se):
		return nil, "", fail("%s after %d attempts; the index is overloaded or down, try again later", se.Status, se.Attempts)
	case errors.As(err, &ue):
		return nil, "", fail("%v", ue)
	case err != nil:
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err // the URL is in our message already
		}
		return nil, "", fail("%v; check that the index is reachable", err)
	}
	switch code := resp.StatusCode; {
	case code == http.StatusOK:
		body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
		resp.Body.Close()
		switch {
		case err != nil:
			return nil, "", fail("reading the answer: %v; try again", err)
		case len(body) > maxBody:
			return nil, "", fail("answer larger than %d MiB; is this a package index?", maxBody>>20)
		}
		return body, resp.Header.Get("Content-Type"), nil
	case code == http.StatusNotFound || code == http.StatusGone:
		drain(resp)
		return nil, "", fmt.Errorf("distribution %s: GET %s: %s: %w; check its name or use an index that has it", dist, shown, resp.Status, ErrNotFound)
	}
	drain(resp)
	return nil, "", fail("%s; check the index URL and that it allows access", resp.Status)
}

// client is the retry policy over ix.Client, made once.
func (ix *Index) client() *http.Client {
	ix.httpOnce.Do(func() {
		base := ix.Client
		if base == nil {
			base = &http.Client{Timeout: 60 * time.Second}
		}
		retries := ix.Retries
		switch {
		case retries == 0:
			retries = defaultRetries
		case retries < 0:
			retries = -1
		}
		ix.http = httpretry.Policy{Base: ix.Backoff, Max: maxBackoff, Retries: retries, MaxWait: maxRetryAfter}.Client(base)
	})
	return ix.http
}

// drain lets the connection be reused.
func drain(resp *http.Response) {
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
}

// redact hides a password in an index URL (PIP_INDEX_URL may carry one).
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	return u.Redacted()
}

// file is what both index styles say about one file.
type file struct {
	uploaded       time.Time
	yanked         bool
	requiresPython string
}

// simplePage is a PEP 691 project page (with PEP 700's upload-time and versions).
type simplePage struct {
	Name  string `json:"name"`
	Files []struct {
		Filename       string          `json:"filename"`
		RequiresPython *string         `json:"requires-python"`
		Yanked         json.RawMessage `json:"yanked"` // false, true or a reason
		UploadTime     string          `json:"upload-time"`
	} `json:"files"`
	Versions []string `json:"versions"`
}

func parseSimple(body []byte, name string) ([]Release, error) {
	var page simplePage
	if err := json.Unmarshal(body, &page); err != nil {
		return nil, fmt.Errorf("bad JSON: %v", err)
	}
	if page.Name != "" {
		name = page.Name
	}
	// PEP 700 lists versions as the index spells them; file names may spell
	// them otherwise (e.g. 1.0-rc1), so group files by normalized version.
	spelling := make(map[string]string)
	for _, v := range page.Versions {
		spelling[canonical(v)] = v
	}
	byVersion := make(map[string][]file)
	for _, f := range page.Files {
		v, ok := fileVersion(f.Filename, name)
		if !ok {
			continue // installers, .exe and .msi, say nothing pip can use
		}
		if s, ok := spelling[canonical(v)]; ok {
			v = s
		}
		byVersion[v] = append(byVersion[v], file{
			uploaded:       parseTime(f.UploadTime),
			yanked:         isYanked(f.Yanked),
			requiresPython: deref(f.RequiresPython),
		})
	}
	return releases(byVersion), nil
}

// jsonPage is the JSON API's project answer; only releases matters here.
type jsonPage struct {
	Releases map[string][]struct {
		Filename       string  `json:"filename"`
		UploadTimeISO  string  `json:"upload_time_iso_8601"`
		UploadTime     string  `json:"upload_time"` // UTC, without zone
		Yanked         bool    `json:"yanked"`
		RequiresPython *string `json:"requires_python"`
	} `json:"releases"`
}

func parseJSONAPI(body []byte) ([]Release, error) {
	var page jsonPage
	if err := json.Unmarshal(body, &page); err != nil {
		return nil, fmt.Errorf("bad JSON: %v", err)
	}
	if page.Releases == nil {
		return nil, errors.New(`no "releases" in the answer`)
	}
	byVersion := make(map[string][]file)
	for v, files := range page.Releases {
		for _, f := range files {
			t := parseTime(f.UploadTimeISO)
			if t.IsZero() {
				t = parseTime(f.UploadTime)
			}
			byVersion[v] = append(byVersion[v], file{t, f.Yanked, deref(f.RequiresPython)})
		}
	}
	return releases(byVersion), nil
}

// releases folds files into releases, dropping versions without files.
func releases(byVersion map[string][]file) []Release {
	out := make([]Release, 0, len(byVersion))
	for v, files := range byVersion {
		if len(files) == 0 {
			continue
		}
		r := Release{Version: v, Yanked: true}
		var live []string // requires-python of the files pip would consider
		var all []string
		for _, f := range files {
			if !f.uploaded.IsZero() && (r.Uploaded.IsZero() || f.uploaded.Before(r.Uploaded)) {
				r.Uploaded = f.uploaded
			}
			all = append(all, f.requiresPython)
			if !f.yanked {
				r.Yanked = false
				live = append(live, f.requiresPython)
			}
		}
		if r.Yanked {
			live = all
		}
		r.RequiresPython = mostPermissive(live)
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b Release) int { return compareVersions(a.Version, b.Version) })
	return out
}

// mostPermissive picks, among the files' requires-python values, the one
// that admits the most Python minors: pip installs a release if any of its
// files fits, so the release is as permissive as its most permissive file.
func mostPermissive(specs []string) string {
	best, bestN := "", -1
	slices.Sort(specs) // deterministic on ties
	for _, s := range slices.Compact(specs) {
		n := 0
		for _, p := range pythonMinors {
			if admits(s, p.minor) {
				n++
			}
		}
		if n > bestN {
			best, bestN = s, n
		}
	}
	return best
}

// fileVersion extracts the version from a distribution file name: a wheel
// (PEP 427: name-ver(-build)?-py-abi-plat.whl), an egg (name-ver-pyX.Y(-plat)?.egg)
// or an sdist (name-ver.tar.gz, .zip, ...), where the name part may be spelled
// in any way that normalizes to project.
func fileVersion(filename, project string) (string, bool) {
	switch {
	case strings.HasSuffix(filename, ".whl"), strings.HasSuffix(filename, ".egg"):
		parts := strings.Split(strings.TrimSuffix(strings.TrimSuffix(filename, ".whl"), ".egg"), "-")
		if len(parts) < 2 || (strings.HasSuffix(filename, ".whl") && len(parts) < 5) {
			return "", false
		}
		return parts[1], true
	}
	stem := ""
	for _, ext := range []string{".tar.gz", ".tar.bz2", ".tar.xz", ".tar.Z", ".tgz", ".tbz", ".tar", ".zip"} {
		if strings.HasSuffix(filename, ext) {
			stem = strings.TrimSuffix(filename, ext)
			break
		}
	}
	if stem == "" {
		return "", false
	}
	// The name may itself contain '-' (scikit-learn-0.20.3): find the dash
	// after which the rest is the version.
	want := pydist.Normalize(project)
	for i := strings.IndexByte(stem, '-'); i >= 0; {
		if pydist.Normalize(stem[:i]) == want && i+1 < len(stem) {
			return stem[i+1:], true
		}
		j := strings.IndexByte(stem[i+1:], '-')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return "", false
}

func isYanked(raw json.RawMessage) bool {
	var b bool
	if json.Unmarshal(raw, &b) == nil {
		return b
	}
	var reason string
	return json.Unmarshal(raw, &reason) == nil // any string is a reason (PEP 691)
}

func parseTime(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC()
	}
	// The JSON API's upload_time has no zone; it is UTC.
	if t, err := time.Parse("2006-01-02T15:04:05", s); err == nil {
		return t
	}
	return time.Time{}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return strings.TrimSpace(*s)
}

// canonical is the PEP 440 normal form of v, or v itself when it is not PEP 440.
func canonical(v string) string {
	if pv, err := pep440.Parse(v); err == nil {
		return pv.String()
	}
	return v
}

// compareVersions orders by PEP 440; versions that are not PEP 440 sort first,
// among themselves by text.
func compareVersions(a, b string) int {
	va, errA := pep440.Parse(a)
	vb, errB := pep440.Parse(b)
	switch {
	case errA != nil && errB != nil:
		return strings.Compare(a, b)
	case errA != nil:
		return -1
	case errB != nil:
		return 1
	}
	if c := va.Compare(vb); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}
