package github

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	gh "github.com/google/go-github/v84/github"

	"erosion/httpretry"
	"erosion/mining/builder"
)

const canary = "ghp_CANARY0000SECRET1111"

// fakeGitHub answers like GitHub's REST API: code search with Link-header
// paging, raw blobs, commits by path, 401 without a token, a primary rate
// limit (403, X-RateLimit-Remaining: 0, X-RateLimit-Reset) and a secondary
// one (403 with Retry-After and the secondary-rate-limit documentation_url).
type fakeGitHub struct {
	srv   *httptest.Server
	token string
	files []fakeFile

	mu        sync.Mutex
	hits      map[string]int
	primary   int       // search calls answered with the primary limit first
	secondary int       // blob calls answered with the secondary limit first
	flaky     int       // commit calls answered 502 first
	reset     time.Time // what the primary limit says
}

type fakeFile struct {
	owner, repo, path, sha, body string
	date                         time.Time
}

func newGitHub(t *testing.T, n int) *fakeGitHub {
	g := &fakeGitHub{token: canary, hits: map[string]int{}}
	for i := range n {
		body := fmt.Sprintf(`{"nbformat": 4, "nbformat_minor": 2, "metadata": {"kernelspec": {"language": "python", "name": "python3"}},
"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "source": ["import pandas as pd\n", "df = pd.read_csv('../input/train.csv')  # %d"]}]}`, i)
		switch i {
		case 5:
			body = `{"nbformat": 4, "cells": [` // truncated in the repository
		case 6:
			body = `{"nbformat": 4, "nbformat_minor": 2, "metadata": {"kernelspec": {"language": "R", "name": "ir"}}, "cells": []}`
		}
		g.files = append(g.files, fakeFile{owner: fmt.Sprintf("user%d", i%9), repo: "kaggle-titanic", path: fmt.Sprintf("notebooks/nb %d.ipynb", i),
			sha: fmt.Sprintf("%040x", 1000+i), body: body, date: time.Date(2019, 1, 1+i%28, 12, 0, 0, 0, time.UTC)})
	}
	g.srv = httptest.NewServer(g)
	t.Cleanup(g.srv.Close)
	return g
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func (g *fakeGitHub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	g.mu.Lock()
	defer g.mu.Unlock()
	route := r.URL.Path
	kind := strings.Split(strings.Trim(route, "/"), "/")[0]
	if strings.Contains(route, "/git/blobs/") {
		kind = "blob"
	} else if strings.HasSuffix(route, "/commits") {
		kind = "commits"
	}
	g.hits[kind]++
	if r.Header.Get("Authorization") != "Bearer "+g.token {
		writeJSON(w, 401, map[string]any{"message": "Requires authentication", "documentation_url": "/rest/search/search#search-code"})
		return
	}
	switch {
	case kind == "search" && g.primary > 0:
		g.primary--
		w.Header().Set("X-RateLimit-Limit", "10")
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(g.reset.Unix(), 10))
		writeJSON(w, 403, map[string]any{"message": "API rate limit exceeded for user ID 1.", "documentation_url": "/rest/overview/rate-limits-for-the-rest-api"})
	case kind == "search":
		q := r.URL.Query()
		page, _ := strconv.Atoi(q.Get("page"))
		per, _ := strconv.Atoi(q.Get("per_page"))
		page = max(page, 1)
		if !strings.Contains(q.Get("q"), "extension:ipynb") {
			writeJSON(w, 422, map[string]any{"message": "Validation Failed"})
			return
		}
		lo, hi := min((page-1)*per, len(g.files)), min(page*per, len(g.files))
		var items []map[string]any
		for _, f := range g.files[lo:hi] {
			items = append(items, map[string]any{"name": filepath.Base(f.path), "path": f.path, "sha": f.sha, "html_url": "/" + f.owner + "/" + f.repo + "/blob/main/" + f.path,
				"repository": map[string]any{"name": f.repo, "full_name": f.owner + "/" + f.repo, "owner": map[string]any{"login": f.owner}}})
		}
		last := (len(g.files) + per - 1) / per
		link := func(p int, rel string) string {
			u := *r.URL
			qq := u.Query()
			qq.Set("page", strconv.Itoa(p))
			u.RawQuery = qq.Encode()
			return fmt.Sprintf(`<%s%s>; rel="%s"`, g.srv.URL, u.String(), rel)
		}
		var links []string
		if page < last {
			links = append(links, link(page+1, "next"), link(last, "last"))
		}
		if page > 1 {
			links = append(links, link(1, "first"), link(page-1, "prev"))
		}
		if len(links) > 0 {
			w.Header().Set("Link", strings.Join(links, ", "))
		}
		writeJSON(w, 200, map[string]any{"total_count": len(g.files), "incomplete_results": false, "items": items})
	case kind == "blob" && g.secondary > 0:
		g.secondary--
		w.Header().Set("Retry-After", "1")
		writeJSON(w, 403, map[string]any{"message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
			"documentation_url": "/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"})
	case kind == "blob":
		if r.Header.Get("Accept") != "application/vnd.github.v3.raw" {
			writeJSON(w, 415, map[string]any{"message": "expected the raw media type"})
			return
		}
		sha := route[strings.LastIndex(route, "/")+1:]
		for _, f := range g.files {
			if f.sha == sha {
				w.Write([]byte(f.body))
				return
			}
		}
		writeJSON(w, 404, map[string]any{"message": "Not Found"})
	case kind == "commits" && g.flaky > 0:
		g.flaky--
		writeJSON(w, 502, map[string]any{"message": "Server Error"})
	case kind == "commits":
		p := r.URL.Query().Get("path")
		for _, f := range g.files {
			if f.path == p && strings.HasPrefix(route, "/repos/"+f.owner+"/"+f.repo+"/") {
				d := f.date.Format(time.RFC3339)
				writeJSON(w, 200, []map[string]any{{"sha": "c" + f.sha[1:], "commit": map[string]any{
					"author": map[string]any{"name": f.owner, "date": d}, "committer": map[string]any{"name": f.owner, "date": d}, "message": "add notebook"}}})
				return
			}
		}
		writeJSON(w, 200, []any{})
	default:
		writeJSON(w, 404, map[string]any{"message": "Not Found"})
	}
}

func testOptions(log *bytes.Buffer) Options {
	return Options{Query: "titanic kaggle", Competition: "titanic", Log: slog.New(slog.NewTextHandler(log, nil))}
}

// testClient is a client whose own backoffs take milliseconds: only the
// limits' waits take time.
func testClient(t *testing.T, token, url string, log *bytes.Buffer) *gh.Client {
	t.Helper()
	c, err := NewClient(token, url, httpretry.Policy{Base: 10 * time.Millisecond, Max: 20 * time.Millisecond, Retries: 3,
		Log: slog.New(slog.NewTextHandler(log, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestMineWithLimitsAndPaging(t *testing.T) {
	g := newGitHub(t, 130)
	g.primary, g.secondary, g.flaky = 1, 1, 1
	g.reset = time.Now().Add(time.Second)
	var log bytes.Buffer
	c := testClient(t, canary, g.srv.URL, &log)
	out := filepath.Join(t.TempDir(), "ds")
	b, _ := builder.Open(out, false)
	o := testOptions(&log)
	o.Max = 60
	f, err := Mine(context.Background(), c, b, o)
	if err != nil {
		t.Fatal(err)
	}
	b.Close()
	// One primary-limited call, then two pages via the Link header.
	if g.hits["search"] != 3 {
		t.Errorf("search calls: %d", g.hits["search"])
	}
	want := map[string]int{"search-results": 130, "max": 60, "downloaded": 60, "parses": 59, "python": 58}
	for k, v := range want {
		if f.Kept(k) != v {
			t.Errorf("funnel %s = %d, want %d", k, f.Kept(k), v)
		}
	}
	// Waits: into the second after the primary reset, Retry-After 1 s, a
	// backoff of milliseconds for the 502.
	waits := regexp.MustCompile(`retrying".* in=(\S+) cause="HTTP (\d+)`).FindAllStringSubmatch(log.String(), -1)
	if len(waits) != 3 {
		t.Fatalf("want 3 retries:\n%s", log.String())
	}
	for i, w := range waits {
		d, _ := time.ParseDuration(w[1])
		if lo, hi := []time.Duration{time.Second, time.Second, 5 * time.Millisecond}[i], []time.Duration{2200 * time.Millisecond, 1100 * time.Millisecond, 20 * time.Millisecond}[i]; d < lo || d > hi || w[2] != []string{"403", "403", "502"}[i] {
			t.Errorf("retry %d: HTTP %s, waited %v, want %v to %v", i, w[2], d, lo, hi)
		}
	}
	for _, w := range []string{"primary rate limit", "secondary rate limit", "retrying"} {
		if !strings.Contains(log.String(), w) {
			t.Errorf("log lacks %q:\n%s", w, log.String())
		}
	}

	// Resume: the search is not run again, only the rest is downloaded.
	blobs := g.hits["blob"]
	b, _ = builder.Open(out, true)
	defer b.Close()
	o.Max = 0
	f, err = Mine(context.Background(), c, b, o)
	if err != nil {
		t.Fatal(err)
	}
	if g.hits["search"] != 3 || g.hits["blob"]-blobs != 130-58 {
		t.Errorf("resume: %d search calls, %d blob downloads", g.hits["search"], g.hits["blob"]-blobs)
	}
	if f.Kept("python") != 128 {
		t.Errorf("after resume: %+v", f.Stages)
	}
	ds, err := b.Finish(builder.Meta{Name: "gh"}, f)
	if err != nil {
		t.Fatal(err)
	}
	if probs, err := ds.VerifyChecksums(); err != nil || len(probs) > 0 {
		t.Errorf("verify: %v %v", err, probs)
	}
	var first builder.Record
	for _, r := range b.Records() {
		if r.SourceRef == "user0/kaggle-titanic@"+fmt.Sprintf("%040x", 1000)+":notebooks/nb 0.ipynb" {
			first = r
		}
	}
	if first.ID != "user0-kaggle-titanic-nb-0-0000000" || first.Submitted != "2019-01-01" || first.File != "titanic/user0-kaggle-titanic-nb-0-0000000.ipynb" {
		t.Errorf("record: %+v", first)
	}
	noCanary(t, log.String(), out)
}

func TestRejectedToken(t *testing.T) {
	g := newGitHub(t, 3)
	var log bytes.Buffer
	c := testClient(t, "wrong-token", g.srv.URL, &log)
	b, _ := builder.Open(t.TempDir(), false)
	defer b.Close()
	_, err := Mine(context.Background(), c, b, testOptions(&log))
	if err == nil || !strings.Contains(err.Error(), "GITHUB_TOKEN") || g.hits["search"] != 1 {
		t.Errorf("401: %v (%d calls)", err, g.hits["search"])
	}
}

func TestLongWaitStops(t *testing.T) {
	g := newGitHub(t, 3)
	g.primary = 1
	g.reset = time.Now().Add(3 * time.Hour)
	var log bytes.Buffer
	c := testClient(t, canary, g.srv.URL, &log)
	b, _ := builder.Open(t.TempDir(), false)
	defer b.Close()
	_, err := Mine(context.Background(), c, b, testOptions(&log))
	if err == nil || !strings.Contains(err.Error(), "--resume") || g.hits["search"] != 1 {
		t.Errorf("a 3 h reset: %v (%d calls)", err, g.hits["search"])
	}
}

// A secondary limit known only by its documentation URL waits a minute.
func TestSecondaryLimitWithoutHeaders(t *testing.T) {
	resp := &http.Response{StatusCode: 403, Header: http.Header{}}
	body := []byte(`{"message":"You have exceeded a secondary rate limit.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"}`)
	if retry, wait := rateLimits(nil)(resp, body); !retry || wait != time.Minute {
		t.Errorf("secondary limit without headers: retry %v, wait %v", retry, wait)
	}
	if retry, _ := rateLimits(nil)(resp, []byte(`{"message":"Resource not accessible by integration"}`)); retry {
		t.Error("a plain 403 was retried")
	}
}

func TestQuery(t *testing.T) {
	if Query("titanic kaggle") != "titanic kaggle extension:ipynb" || Query("x extension:py") != "x extension:py" {
		t.Error("Query")
	}
}

func noCanary(t *testing.T, text string, dir string) {
	t.Helper()
	if strings.Contains(text, canary) {
		t.Errorf("the token leaked into the log")
	}
	filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err == nil && e.Type().IsRegular() {
			if data, _ := os.ReadFile(p); bytes.Contains(data, []byte(canary)) {
				t.Errorf("the token leaked into %s", p)
			}
		}
		return nil
	})
}
