// Package github mines Kaggle competition notebooks from GitHub with
// go-github: code search for the query, then each hit's blob (by SHA) and
// the date of the last commit that touched its path. It honours GitHub's
// primary rate limit (waits until the reset time) and secondary limit
// (waits Retry-After), backs off on 5xx, and keeps its search state in the
// dataset's .mine folder so an interrupted mine resumes.
package github

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	gh "github.com/google/go-github/v84/github"

	"erosion/mining/backoff"
	"erosion/mining/builder"
	"erosion/notebook"
)

// DefaultBaseURL is GitHub's REST API, go-github's default.
const DefaultBaseURL = "https://api.github.com/"

// SearchCap is the most results GitHub's search returns for one query.
const SearchCap = 1000

// NewClient makes a go-github client with a token (code search needs one)
// against baseURL ("" for GitHub itself).
func NewClient(token, baseURL string) (*gh.Client, error) {
	c := gh.NewClient(nil)
	if token != "" {
		c = c.WithAuthToken(token)
	}
	if baseURL != "" && baseURL != DefaultBaseURL {
		if !strings.HasSuffix(baseURL, "/") {
			baseURL += "/"
		}
		u, err := url.Parse(baseURL)
		if err != nil || u.Scheme == "" || u.Host == "" {
			return nil, fmt.Errorf("GitHub API URL %q is not an absolute URL such as http://127.0.0.1:8080/", baseURL)
		}
		c.BaseURL = u
	}
	return c, nil
}

// Options say what to mine.
type Options struct {
	Query       string // GitHub code search query; extension:ipynb is added when no extension: is given
	Competition string // the competition the notebooks belong to
	Max         int    // most notebooks to download (0: all the search returns)
	Log         *slog.Logger
	// Retry governs 5xx backoff and how waits are spent (tests record them).
	Retry backoff.Policy
	// MaxWait is the longest rate-limit wait accepted (default 1h); a longer
	// one stops the mine, to be resumed later.
	MaxWait time.Duration
}

// hit is one search result.
type hit struct {
	Owner   string `json:"owner"`
	Repo    string `json:"repo"`
	Path    string `json:"path"`
	SHA     string `json:"sha"`
	HTMLURL string `json:"html_url,omitempty"`
}

func (h hit) ref() string { return h.Owner + "/" + h.Repo + "@" + h.SHA + ":" + h.Path }

type searchState struct {
	Query    string `json:"query"`
	NextPage int    `json:"next_page"` // 0 when the search is complete
	Total    int    `json:"total"`
	Hits     []hit  `json:"hits"`
}

type miner struct {
	c   *gh.Client
	o   Options
	log *slog.Logger
	// bypass is set once the miner has waited out a limit itself: go-github
	// would otherwise refuse the next call from its remembered limit state.
	bypass bool
}

// Query returns the query as sent: with extension:ipynb unless the query
// names an extension.
func Query(q string) string {
	q = strings.TrimSpace(q)
	if !strings.Contains(q, "extension:") {
		q += " extension:ipynb"
	}
	return q
}

// Mine searches, downloads and adds the notebooks to the dataset.
func Mine(ctx context.Context, c *gh.Client, b *builder.Builder, o Options) (*builder.Funnel, error) {
	if o.Query == "" || o.Competition == "" {
		return nil, errors.New("--query and --competition are required: what to search for, and the competition the notebooks belong to")
	}
	if o.MaxWait <= 0 {
		o.MaxWait = time.Hour
	}
	m := &miner{c: c, o: o, log: o.Log}
	if m.log == nil {
		m.log = slog.New(slog.DiscardHandler)
	}
	q := Query(o.Query)
	f := builder.NewFunnel("GitHub code search: "+q, "files")
	hits, err := m.search(ctx, b.Dir(), q, f)
	if err != nil {
		return nil, err
	}
	f.Add("search-results", "files the code search returned", len(hits))
	if o.Max > 0 && len(hits) > o.Max {
		hits = hits[:o.Max]
		f.Add("max", fmt.Sprintf("... the first %d (--max)", o.Max), len(hits))
	}
	downloaded, parsed, python := 0, 0, 0
	for _, h := range hits {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if b.Has(h.ref()) {
			downloaded, parsed, python = downloaded+1, parsed+1, python+1
			continue
		}
		var blob []byte
		err := m.do(ctx, "blob "+h.ref(), func(ctx context.Context) (*gh.Response, error) {
			var resp *gh.Response
			var err error
			blob, resp, err = m.c.Git.GetBlobRaw(ctx, h.Owner, h.Repo, h.SHA)
			return resp, err
		})
		if notFound(err) {
			f.Broken["search hit → blob (gone)"]++
			continue
		} else if err != nil {
			return nil, err
		}
		downloaded++
		nb, err := notebook.Parse(h.Path, blob)
		if err != nil {
			m.log.Warn("downloaded file does not parse; dropped", "file", h.ref(), "error", err)
			continue
		}
		parsed++
		if nb.Language != "" && nb.Language != "python" {
			continue
		}
		python++
		date, err := m.commitDate(ctx, h)
		if err != nil {
			return nil, err
		}
		if err := b.Add(m.record(h, date), blob); err != nil {
			return nil, err
		}
	}
	f.Add("downloaded", "... downloaded", downloaded)
	f.Add("parses", "... that parse as notebooks", parsed)
	f.Add("python", "... in Python", python)
	return f, nil
}

func notFound(err error) bool {
	var er *gh.ErrorResponse
	return errors.As(err, &er) && er.Response != nil && er.Response.StatusCode == http.StatusNotFound
}

// search runs the code search to the last page (GitHub stops at 1,000
// results), saving the hits after every page.
func (m *miner) search(ctx context.Context, dir, q string, f *builder.Funnel) ([]hit, error) {
	sum := sha256.Sum256([]byte(q))
	statePath := filepath.Join(builder.StateDir(dir), "github-search-"+hex.EncodeToString(sum[:6])+".json")
	st := searchState{Query: q, NextPage: 1}
	if data, err := os.ReadFile(statePath); err == nil {
		var old searchState
		if json.Unmarshal(data, &old) == nil && old.Query == q {
			st = old
		}
	}
	incomplete := false
	for st.NextPage != 0 {
		opts := &gh.SearchOptions{ListOptions: gh.ListOptions{Page: st.NextPage, PerPage: 100}}
		var res *gh.CodeSearchResult
		var resp *gh.Response
		err := m.do(ctx, fmt.Sprintf("search page %d", st.NextPage), func(ctx context.Context) (*gh.Response, error) {
			var err error
			res, resp, err = m.c.Search.Code(ctx, q, opts)
			return resp, err
		})
		if err != nil {
			return nil, err
		}
		for _, r := range res.CodeResults {
			repo := r.GetRepository()
			st.Hits = append(st.Hits, hit{Owner: repo.GetOwner().GetLogin(), Repo: repo.GetName(), Path: r.GetPath(), SHA: r.GetSHA(), HTMLURL: r.GetHTMLURL()})
		}
		st.Total = res.GetTotal()
		incomplete = incomplete || res.GetIncompleteResults()
		st.NextPage = resp.NextPage
		data, _ := json.Marshal(st)
		if err := writeFile(statePath, data); err != nil {
			return nil, err
		}
		m.log.Info("GitHub search page", "page", opts.Page, "hits", len(st.Hits), "total", st.Total)
	}
	if st.Total > SearchCap {
		f.Warn("the search matched %d files but GitHub returns at most %d per query: split it (e.g. by size: or path:) to get the rest", st.Total, SearchCap)
	}
	if incomplete {
		f.Warn("GitHub reported incomplete results (the search timed out): rerun later or narrow the query")
	}
	seen := map[string]bool{}
	var out []hit
	for _, h := range st.Hits {
		if h.Owner == "" || h.Repo == "" || h.SHA == "" || seen[h.ref()] {
			continue
		}
		seen[h.ref()] = true
		out = append(out, h)
	}
	return out, nil
}

// commitDate is when the file was last committed (its latest version is
// what the search indexed).
func (m *miner) commitDate(ctx context.Context, h hit) (time.Time, error) {
	var commits []*gh.RepositoryCommit
	err := m.do(ctx, "commits of "+h.ref(), func(ctx context.Context) (*gh.Response, error) {
		var resp *gh.Response
		var err error
		commits, resp, err = m.c.Repositories.ListCommits(ctx, h.Owner, h.Repo, &gh.CommitsListOptions{Path: h.Path, ListOptions: gh.ListOptions{PerPage: 1}})
		return resp, err
	})
	if err != nil || len(commits) == 0 {
		if notFound(err) || err == nil {
			return time.Time{}, nil
		}
		return time.Time{}, err
	}
	c := commits[0].GetCommit()
	if d := c.GetCommitter().GetDate(); !d.IsZero() {
		return d.UTC(), nil
	}
	return c.GetAuthor().GetDate().UTC(), nil
}

func (m *miner) record(h hit, date time.Time) builder.Record {
	base := strings.TrimSuffix(path.Base(h.Path), path.Ext(h.Path))
	id := builder.CleanID(h.Owner, h.Repo, base, h.SHA[:min(7, len(h.SHA))])
	ext := path.Ext(h.Path)
	if ext == "" {
		ext = ".ipynb"
	}
	r := builder.Record{ID: id, Competition: m.o.Competition, File: m.o.Competition + "/" + id + ext, Title: base, Author: h.Owner,
		Source: builder.SourceGitHub, SourceRef: h.ref(),
		TargetNote: "GitHub gives no score: measure one with `erosion dataset targets`",
		Notes:      "GitHub " + h.Owner + "/" + h.Repo + " " + h.Path + " (blob " + h.SHA + ")"}
	if !date.IsZero() {
		r.Submitted = date.Format(time.DateOnly)
		r.Notes += ", last committed " + date.Format(time.RFC3339)
	}
	return r
}

// do runs one API call, waiting out rate limits: until the reset time for
// the primary limit, Retry-After (default 60 s) for the secondary one, and a
// jittered backoff for 5xx answers.
func (m *miner) do(ctx context.Context, op string, call func(context.Context) (*gh.Response, error)) error {
	for attempt := 0; ; attempt++ {
		cctx := ctx
		if m.bypass {
			cctx = context.WithValue(ctx, gh.BypassRateLimitCheck, true)
		}
		resp, err := call(cctx)
		if err == nil {
			return nil
		}
		var rl *gh.RateLimitError
		var ab *gh.AbuseRateLimitError
		var wait time.Duration
		switch {
		case ctx.Err() != nil:
			return ctx.Err()
		case errors.As(err, &rl):
			wait = time.Until(rl.Rate.Reset.Time) + time.Second + jitter(time.Second)
			m.log.Warn("GitHub primary rate limit: waiting for the reset", "op", op, "reset", rl.Rate.Reset.Time.UTC().Format(time.RFC3339), "wait", wait.Round(time.Second))
		case errors.As(err, &ab):
			wait = 60 * time.Second
			if ab.RetryAfter != nil && *ab.RetryAfter > 0 {
				wait = *ab.RetryAfter
			}
			wait += jitter(wait / 10)
			m.log.Warn("GitHub secondary rate limit: waiting", "op", op, "wait", wait.Round(time.Second))
		case resp != nil && resp.StatusCode == http.StatusUnauthorized:
			return fmt.Errorf("GitHub %s: HTTP 401: the token was refused: set GITHUB_TOKEN to a valid token (code search needs one)", op)
		case resp != nil && backoff.Retryable(resp.StatusCode), resp == nil:
			if attempt+1 >= m.o.Retry.Attempts() {
				return fmt.Errorf("GitHub %s: %w (gave up after %d tries)", op, err, attempt+1)
			}
			wait = m.o.Retry.Delay(attempt, 0)
			m.log.Warn("GitHub call failed: retrying", "op", op, "attempt", attempt+1, "wait", wait.Round(time.Millisecond), "error", err)
		default:
			return fmt.Errorf("GitHub %s: %w", op, err)
		}
		if attempt >= 50 {
			return fmt.Errorf("GitHub %s: still rate limited after %d waits: rerun later with --resume", op, attempt)
		}
		if wait < 0 {
			wait = time.Second
		}
		if wait > m.o.MaxWait {
			return fmt.Errorf("GitHub %s: the rate limit asks to wait %s (more than %s): rerun later with --resume", op, wait.Round(time.Second), m.o.MaxWait)
		}
		if err := m.o.Retry.Wait(ctx, wait); err != nil {
			return err
		}
		m.bypass = true
	}
}

func jitter(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	return time.Duration(rand.Int64N(int64(d)))
}

func writeFile(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
