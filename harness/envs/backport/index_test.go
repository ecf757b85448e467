package backport

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// The fixtures in testdata/ replay the two documented answer shapes for a few
// project histories: testdata/simple/NAME.json is a PEP 691 project page with
// PEP 700 fields (upload-time, versions), testdata/json/NAME.json the JSON
// API's /pypi/NAME/json. testdata/genfixtures.py writes both from one table.

// fakeIndex serves testdata like a real index would, and records requests.
type fakeIndex struct {
	*httptest.Server
	mu       sync.Mutex
	requests []*http.Request
}

func newFakeIndex(t *testing.T) *fakeIndex {
	t.Helper()
	f := &fakeIndex{}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /simple/{name}/", func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept"), simpleJSON) {
			// A PEP 691 server falls back to PEP 503 HTML.
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<!DOCTYPE html><html><body></body></html>"))
			return
		}
		f.serve(w, r, "simple", simpleJSON)
	})
	mux.HandleFunc("GET /pypi/{name}/json", func(w http.ResponseWriter, r *http.Request) {
		f.serve(w, r, "json", "application/json")
	})
	f.Server = httptest.NewServer(f.record(mux))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeIndex) record(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.requests = append(f.requests, r)
		f.mu.Unlock()
		h.ServeHTTP(w, r)
	})
}

func (f *fakeIndex) serve(w http.ResponseWriter, r *http.Request, dir, ctype string) {
	body, err := os.ReadFile(filepath.Join("testdata", dir, r.PathValue("name")+".json"))
	if err != nil {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte(`{"message": "Not Found"}`))
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Write(body)
}

func (f *fakeIndex) paths() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, r := range f.requests {
		out = append(out, r.URL.Path)
	}
	return out
}

// styles are the two index flavours over the same fake server.
func styles(f *fakeIndex) map[string]string {
	return map[string]string{"simple": f.URL + "/simple/", "json": f.URL}
}

func versions(rels []Release) []string {
	var out []string
	for _, r := range rels {
		out = append(out, r.Version)
	}
	return out
}

func find(t *testing.T, rels []Release, v string) Release {
	t.Helper()
	for _, r := range rels {
		if r.Version == v {
			return r
		}
	}
	t.Fatalf("no release %s in %v", v, versions(rels))
	return Release{}
}

func TestReleasesBothStylesAgree(t *testing.T) {
	f := newFakeIndex(t)
	ctx := context.Background()
	for _, dist := range []string{"pandas", "scikit-learn", "newlib", "stubborn", "py39only", "futurelib"} {
		simple, err := (&Index{URL: f.URL + "/simple"}).Releases(ctx, dist)
		if err != nil {
			t.Fatal(err)
		}
		api, err := (&Index{URL: f.URL + "/"}).Releases(ctx, dist)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.EqualFunc(simple, api, func(a, b Release) bool {
			return a.Version == b.Version && a.Uploaded.Equal(b.Uploaded) && a.Yanked == b.Yanked && a.RequiresPython == b.RequiresPython
		}) {
			t.Errorf("%s: Simple API gave\n%+v\nJSON API gave\n%+v", dist, simple, api)
		}
	}
	want := []string{"/simple/pandas/", "/pypi/pandas/json", "/simple/scikit-learn/", "/pypi/scikit-learn/json"}
	if got := f.paths()[:4]; !slices.Equal(got, want) {
		t.Errorf("requested %q, want %q", got, want)
	}
}

func TestReleasesPandas(t *testing.T) {
	f := newFakeIndex(t)
	for style, u := range styles(f) {
		t.Run(style, func(t *testing.T) {
			rels, err := (&Index{URL: u}).Releases(context.Background(), "pandas")
			if err != nil {
				t.Fatal(err)
			}
			want := []string{"0.19.2", "0.20.3", "0.22.0", "0.23.4", "0.24.1", "0.24.2", "0.25.3", "1.0.0rc0", "1.0.5",
				"1.1.4", "1.1.5", "1.2.0", "1.2.4", "1.3.5", "1.4.0", "2.0.0rc0", "2.0.3", "2.2.3"}
			if got := versions(rels); !slices.Equal(got, want) {
				t.Errorf("versions (0.21.0 has no files, so none)\n got %q\nwant %q", got, want)
			}
			if r := find(t, rels, "1.1.4"); !r.Yanked {
				t.Error("1.1.4: every file is yanked, the release should be")
			}
			if r := find(t, rels, "1.3.5"); r.Yanked || r.RequiresPython != ">=3.7.1" {
				t.Errorf("1.3.5: one wheel yanked, the release not: got %+v", r)
			}
			// The wheel was uploaded before the sdist, just before midnight.
			if r := find(t, rels, "0.24.2"); !r.Uploaded.Equal(time.Date(2019, 3, 12, 23, 58, 4, 214471000, time.UTC)) {
				t.Errorf("0.24.2 uploaded %v, want the wheel's time", r.Uploaded)
			}
			if r := find(t, rels, "0.19.2"); r.RequiresPython != "" {
				t.Errorf("0.19.2 requires %q, want none", r.RequiresPython)
			}
			if r := find(t, rels, "0.23.4"); r.RequiresPython != ">=2.7,!=3.0.*,!=3.1.*,!=3.2.*,!=3.3.*" {
				t.Errorf("0.23.4 requires %q", r.RequiresPython)
			}
		})
	}
}

func TestReleasesScikitLearnFileNames(t *testing.T) {
	f := newFakeIndex(t)
	// scikit-learn-0.20.3.tar.gz, scikit_learn-1.5.2.tar.gz, scikit_learn-…whl and
	// an installer (.exe) that says nothing about pip's versions.
	rels, err := (&Index{URL: f.URL + "/simple/"}).Releases(context.Background(), "Scikit_Learn")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"0.14.1", "0.18.1", "0.20.3", "0.21.0", "0.22.dev0", "0.22", "0.23.2", "0.24.2",
		"1.0", "1.0.2", "1.1.0", "1.3.0", "1.4.0", "1.5.2", "1.6.0rc1"}
	if got := versions(rels); !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if got := f.paths(); !slices.Equal(got, []string{"/simple/scikit-learn/"}) {
		t.Errorf("requested %q: the name must be normalized", got)
	}
}

func TestReleasesHeadersAndCache(t *testing.T) {
	f := newFakeIndex(t)
	ix := &Index{URL: f.URL + "/simple/", UserAgent: "erosion-test/1"}
	for range 3 {
		if _, err := ix.Releases(context.Background(), "pandas"); err != nil {
			t.Fatal(err)
		}
	}
	_, err := ix.Releases(context.Background(), "nosuchdist")
	_, err2 := ix.Releases(context.Background(), "nosuchdist")
	if !errors.Is(err, ErrNotFound) || !errors.Is(err2, ErrNotFound) {
		t.Fatalf("got %v, %v", err, err2)
	}
	if n := len(f.requests); n != 2 {
		t.Errorf("%d requests, want 2 (one per distribution, then the cache)", n)
	}
	r := f.requests[0]
	if got := r.Header.Get("Accept"); got != simpleJSON {
		t.Errorf("Accept %q", got)
	}
	if got := r.Header.Get("User-Agent"); got != "erosion-test/1" {
		t.Errorf("User-Agent %q", got)
	}
}

func TestReleasesNotFound(t *testing.T) {
	f := newFakeIndex(t)
	for style, u := range styles(f) {
		_, err := (&Index{URL: u}).Releases(context.Background(), "nosuchdist")
		if !errors.Is(err, ErrNotFound) {
			t.Fatalf("%s: got %v, want ErrNotFound", style, err)
		}
		msg := err.Error()
		if !strings.Contains(msg, "nosuchdist") || !strings.Contains(msg, f.URL) || !strings.Contains(msg, "404") || strings.Contains(msg, "\n") {
			t.Errorf("%s: error should be one line naming the distribution, URL and status: %q", style, msg)
		}
	}
}

func TestReleasesHTMLOnly(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<!DOCTYPE html><html><body><a href="../../x/pandas-1.0.tar.gz">pandas-1.0.tar.gz</a></body></html>`))
	}))
	defer srv.Close()
	_, err := (&Index{URL: srv.URL + "/simple/"}).Releases(context.Background(), "pandas")
	if err == nil || !strings.Contains(err.Error(), "PEP 691") || !strings.Contains(err.Error(), "pandas") {
		t.Fatalf("got %v, want an error that asks for a PEP 691 index", err)
	}
}

// flaky answers the first failures requests with status (and Retry-After),
// then replays the fixture; it records when each request came.
func flaky(t *testing.T, failures, status int, retryAfter string) (*httptest.Server, *[]time.Time) {
	t.Helper()
	f := newFakeIndex(t)
	var mu sync.Mutex
	var at []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		at = append(at, time.Now())
		fail := len(at) <= failures
		mu.Unlock()
		if fail {
			if retryAfter != "" {
				w.Header().Set("Retry-After", retryAfter)
			}
			http.Error(w, http.StatusText(status), status)
			return
		}
		f.Config.Handler.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, &at
}

func TestRetry429HonoursRetryAfter(t *testing.T) {
	srv, at := flaky(t, 1, http.StatusTooManyRequests, "1")
	ix := &Index{URL: srv.URL + "/simple/", Backoff: time.Millisecond}
	rels, err := ix.Releases(context.Background(), "pandas")
	if err != nil || len(rels) == 0 {
		t.Fatalf("got %d releases, %v", len(rels), err)
	}
	// The backoff is a millisecond: only Retry-After explains a 1 s gap.
	if len(*at) != 2 || (*at)[1].Sub((*at)[0]) < time.Second {
		t.Errorf("requests at %v; want 2, a second apart (Retry-After)", *at)
	}
}

func TestRetry5xxBounded(t *testing.T) {
	srv, at := flaky(t, 1000, http.StatusBadGateway, "")
	ix := &Index{URL: srv.URL + "/simple/", Retries: 3, Backoff: time.Millisecond}
	_, err := ix.Releases(context.Background(), "pandas")
	if err == nil {
		t.Fatal("want an error")
	}
	if len(*at) != 4 {
		t.Errorf("%d requests, want 4", len(*at))
	}
	for _, want := range []string{"pandas", srv.URL + "/simple/pandas/", "502", "after 4 attempts", "try again later"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if errors.Is(err, ErrNotFound) {
		t.Error("a failing index is not a missing distribution")
	}
	// Retries < 0: never.
	srv2, at2 := flaky(t, 1000, http.StatusServiceUnavailable, "")
	if _, err := (&Index{URL: srv2.URL, Retries: -1}).Releases(context.Background(), "pandas"); err == nil || len(*at2) != 1 {
		t.Errorf("%d requests, %v; want one", len(*at2), err)
	}
}

func TestRetryRealSleepAndCancel(t *testing.T) {
	srv, at := flaky(t, 2, http.StatusServiceUnavailable, "")
	ix := &Index{URL: srv.URL, Backoff: time.Millisecond}
	if _, err := ix.Releases(context.Background(), "pandas"); err != nil || len(*at) != 3 {
		t.Fatalf("%d requests, %v", len(*at), err)
	}

	srv2, _ := flaky(t, 1000, http.StatusServiceUnavailable, "")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := (&Index{URL: srv2.URL, Backoff: time.Hour}).Releases(ctx, "pandas")
	if err == nil || !errors.Is(err, context.DeadlineExceeded) && !strings.Contains(err.Error(), "deadline") {
		t.Fatalf("got %v, want the context's error", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Error("cancellation did not stop the backoff")
	}
}

func TestRetryAfterTooLongAndOtherStatus(t *testing.T) {
	srv, at := flaky(t, 1000, http.StatusTooManyRequests, "3600")
	_, err := (&Index{URL: srv.URL}).Releases(context.Background(), "pandas")
	if err == nil || len(*at) != 1 || !strings.Contains(err.Error(), "Retry-After 1h0m0s") {
		t.Errorf("%d requests, %v; want one request and an error", len(*at), err)
	}

	srv2, at2 := flaky(t, 1000, http.StatusForbidden, "")
	_, err = (&Index{URL: srv2.URL}).Releases(context.Background(), "pandas")
	if err == nil || len(*at2) != 1 || !strings.Contains(err.Error(), "403") {
		t.Errorf("%d requests, %v; want no retry of a 403", len(*at2), err)
	}
}

// An index nobody answers at fails at once, naming the host.
func TestUnreachableIndex(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	host := srv.Listener.Addr().String()
	srv.Close()
	start := time.Now()
	_, err := (&Index{URL: "http://" + host + "/simple/", Backoff: time.Hour}).Releases(context.Background(), "pandas")
	if err == nil || !strings.Contains(err.Error(), "cannot reach "+host+": check network or proxy") || !strings.Contains(err.Error(), "pandas") ||
		time.Since(start) > time.Minute {
		t.Errorf("got %v", err)
	}
}

func TestErrorsHidePassword(t *testing.T) {
	f := newFakeIndex(t)
	u := strings.Replace(f.URL, "http://", "http://user:s3cret@", 1) + "/simple/"
	_, err := (&Index{URL: u}).Releases(context.Background(), "nosuchdist")
	if err == nil || strings.Contains(err.Error(), "s3cret") || !strings.Contains(err.Error(), "user:xxxxx@") {
		t.Errorf("got %v", err)
	}
}

func TestIndexFromEnv(t *testing.T) {
	t.Setenv("PIP_INDEX_URL", "")
	if _, err := IndexFromEnv(""); err == nil || !strings.Contains(err.Error(), "set PIP_INDEX_URL") {
		t.Errorf("no URL at all: got %v, want an error that says to set PIP_INDEX_URL", err)
	}

	t.Setenv("PIP_INDEX_URL", "http://127.0.0.1:3141/root/pypi/+simple/")
	ix, err := IndexFromEnv("")
	if err != nil || ix.URL != "http://127.0.0.1:3141/root/pypi/+simple/" {
		t.Errorf("from the environment: got %+v, %v", ix, err)
	}
	ix, err = IndexFromEnv(" http://mirror.example/simple ")
	if err != nil || ix.URL != "http://mirror.example/simple" {
		t.Errorf("configured wins: got %+v, %v", ix, err)
	}

	t.Setenv("PIP_INDEX_URL", "ftp://user:pw@mirror.example/simple")
	if _, err := IndexFromEnv(""); err == nil || !strings.Contains(err.Error(), "PIP_INDEX_URL") || strings.Contains(err.Error(), "pw@") {
		t.Errorf("bad scheme: got %v", err)
	}
}

func TestParseSimpleEdgeCases(t *testing.T) {
	page := `{
	  "meta": {"api-version": "1.1"},
	  "name": "demo-pkg",
	  "files": [
	    {"filename": "demo_pkg-1.0-py3-none-any.whl", "url": "../x/demo_pkg-1.0-py3-none-any.whl", "hashes": {}, "upload-time": "2020-01-02T03:04:05Z", "yanked": true},
	    {"filename": "demo-pkg-1.0.zip", "url": "../x/demo-pkg-1.0.zip", "hashes": {}, "upload-time": "2020-01-01T00:00:00Z", "yanked": ""},
	    {"filename": "Demo.Pkg-1.0rc1.tar.gz", "url": "../x/Demo.Pkg-1.0rc1.tar.gz", "hashes": {}, "requires-python": ">=3.6", "upload-time": "2019-12-01T00:00:00.5Z"},
	    {"filename": "demo_pkg-2.0-py3.8.egg", "url": "../x/demo_pkg-2.0-py3.8.egg", "hashes": {}, "yanked": "bad build"},
	    {"filename": "demo-pkg-2.0.win32.exe", "url": "../x/demo-pkg-2.0.win32.exe", "hashes": {}}
	  ],
	  "versions": ["1.0-rc1", "1.0", "2.0"]
	}`
	rels, err := parseSimple([]byte(page), "demo-pkg")
	if err != nil {
		t.Fatal(err)
	}
	want := []Release{
		{Version: "1.0-rc1", Uploaded: time.Date(2019, 12, 1, 0, 0, 0, 5e8, time.UTC), RequiresPython: ">=3.6"},
		{Version: "1.0", Uploaded: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), Yanked: true},
		{Version: "2.0", Yanked: true}, // no upload-time (PEP 700 is optional)
	}
	if !slices.Equal(rels, want) {
		t.Errorf("got  %+v\nwant %+v", rels, want)
	}
}

func TestParseJSONAPIWithoutISOTime(t *testing.T) {
	page := `{"info": {"name": "demo"}, "releases": {
	  "1.0": [{"filename": "demo-1.0.tar.gz", "packagetype": "sdist", "upload_time": "2018-05-06T07:08:09", "yanked": false, "yanked_reason": null, "requires_python": null}],
	  "1.1": [],
	  "1.2": [{"filename": "demo-1.2.tar.gz", "packagetype": "sdist", "upload_time": "2018-06-06T07:08:09", "upload_time_iso_8601": "2018-06-06T07:08:09.123456Z", "yanked": true, "yanked_reason": "oops", "requires_python": " >=3.6 "}]
	}}`
	rels, err := parseJSONAPI([]byte(page))
	if err != nil {
		t.Fatal(err)
	}
	want := []Release{
		{Version: "1.0", Uploaded: time.Date(2018, 5, 6, 7, 8, 9, 0, time.UTC)},
		{Version: "1.2", Uploaded: time.Date(2018, 6, 6, 7, 8, 9, 123456000, time.UTC), Yanked: true, RequiresPython: ">=3.6"},
	}
	if !slices.Equal(rels, want) {
		t.Errorf("got  %+v\nwant %+v", rels, want)
	}
	if _, err := parseJSONAPI([]byte(`{"message": "Not Found"}`)); err == nil {
		t.Error("an answer without releases should be an error")
	}
}

func TestFileVersion(t *testing.T) {
	for _, tt := range []struct{ file, project, want string }{
		{"pandas-1.1.5.tar.gz", "pandas", "1.1.5"},
		{"pandas-1.1.5-cp38-cp38-manylinux1_x86_64.whl", "pandas", "1.1.5"},
		{"scikit-learn-0.20.3.tar.gz", "scikit-learn", "0.20.3"},
		{"scikit_learn-1.5.2.tar.gz", "scikit-learn", "1.5.2"},
		{"scikit_learn-1.5.2-cp311-cp311-win_amd64.whl", "scikit-learn", "1.5.2"},
		{"python-dateutil-2.8.2.tar.gz", "python-dateutil", "2.8.2"},
		{"PyYAML-5.1.zip", "pyyaml", "5.1"},
		{"torch-2.0.0-1-cp310-cp310-linux_x86_64.whl", "torch", "2.0.0"}, // build tag
		{"numpy-1.16.0-py3.6-linux-x86_64.egg", "numpy", "1.16.0"},
		{"foo-1.0-rc1.tar.gz", "foo", "1.0-rc1"},
		{"foo-1!2.0.post1.tar.bz2", "foo", "1!2.0.post1"},
		{"scikit-learn-0.14.1.win32-py2.7.exe", "scikit-learn", ""},
		{"other-1.0.tar.gz", "pandas", ""},
		{"pandas-.tar.gz", "pandas", ""},
		{"bad.whl", "bad", ""},
	} {
		got, ok := fileVersion(tt.file, tt.project)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("fileVersion(%q, %q) = %q, %v; want %q", tt.file, tt.project, got, ok, tt.want)
		}
	}
}
