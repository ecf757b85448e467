// Package github mines Kaggle competition notebooks from GitHub with
// go-github: code search for the query, then each hit's blob (by SHA) and
// the date of the last commit that touched its path. Its HTTP goes through
// erosion's retry policy (httpretry), which waits out GitHub's primary rate
// limit (until X-RateLimit-Reset) and secondary limit (Retry-After, else a
// minute) and backs off on 5xx; the search state is kept in the dataset's
// .mine folder so an interrupted mine resumes.
package github

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	gh "github.com/google/go-github/v84/github"

	"erosion/httpretry"
	"erosion/mining/builder"
	"erosion/notebook"
)

// DefaultBaseURL is GitHub's REST API, go-github's default.
const DefaultBaseURL = "https://api.github.com/"

// SearchCap is the most results GitHub's search returns for one query.
const SearchCap = 1000

// DefaultMaxWait is the longest rate-limit wait sat out by default: the
// primary limit resets within the hour.
const DefaultMaxWait = time.Hour

// NewClient makes a go-github client with a token (code search needs one)
// against baseURL ("" for GitHub itself), its HTTP through the retry policy
// p with GitHub's rate-limit rules added (MaxWait 0: DefaultMaxWait; a
// longer wait fails the call, to be resumed later).
func NewClient(token, baseURL string, p httpretry.Policy) (*gh.Client, error) {
	if p.MaxWait <= 0 {
		p.MaxWait = DefaultMaxWait
	}
	if p.Retryable == nil {
		p.Retryable = rateLimits(p.Log)
	}
	c := gh.NewClient(p.Client(nil))
	// The transport waits out the limits; go-github must not refuse calls
	// from the limit state it remembers.
	c.DisableRateLimitCheck = true
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
		blob, _, err := m.c.Git.GetBlobRaw(ctx, h.Owner, h.Repo, h.SHA)
		err = callError("blob "+h.ref(), err)
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
		res, resp, err := m.c.Search.Code(ctx, q, opts)
		if err := callError(fmt.Sprintf("search page %d", st.NextPage), err); err != nil {
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
	commits, _, err := m.c.Repositories.ListCommits(ctx, h.Owner, h.Repo, &gh.CommitsListOptions{Path: h.Path, ListOptions: gh.ListOptions{PerPage: 1}})
	err = callError("commits of "+h.ref(), err)
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

// callError says which call failed and what to do about it. Rate limits
// and 5xx answers were already waited out by the retry policy.
func callError(op string, err error) error {
	var se *httpretry.StatusError
	var er *gh.ErrorResponse
	switch {
	case err == nil:
		return nil
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	case errors.As(err, &se) && se.Wait > 0:
		return fmt.Errorf("GitHub %s: the rate limit asks to wait %s: rerun later with --resume", op, se.Wait.Round(time.Second))
	case errors.As(err, &er) && er.Response != nil && er.Response.StatusCode == http.StatusUnauthorized:
		return fmt.Errorf("GitHub %s: HTTP 401: the token was refused: set GITHUB_TOKEN to a valid token (code search needs one)", op)
	}
	return fmt.Errorf("GitHub %s: %w", op, err)
}

// rateLimits is GitHub's addition to the retry rule: a secondary limit may
// come as a 403 with neither Retry-After nor the rate headers, only its
// documentation URL; GitHub then asks to wait at least a minute. Both
// limits are logged with what the miner waits for.
func rateLimits(log *slog.Logger) func(*http.Response, []byte) (bool, time.Duration) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return func(resp *http.Response, body []byte) (bool, time.Duration) {
		retry, wait := httpretry.Classify(resp, body)
		if resp.StatusCode != http.StatusForbidden && resp.StatusCode != http.StatusTooManyRequests {
			return retry, wait
		}
		switch {
		case resp.Header.Get("X-RateLimit-Remaining") == "0" && resp.Header.Get("Retry-After") == "":
			log.Warn("GitHub primary rate limit: waiting for the reset", "reset", resp.Header.Get("X-RateLimit-Reset"), "wait", wait.Round(time.Second))
		case bytes.Contains(body, []byte("secondary-rate-limits")) || bytes.Contains(body, []byte("#abuse-rate-limits")):
			if !retry || wait <= 0 {
				retry, wait = true, time.Minute
			}
			log.Warn("GitHub secondary rate limit: waiting", "wait", wait.Round(time.Second))
		}
		return retry, wait
	}
}

func writeFile(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
