package httpretry_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"erosion/httpretry"
)

// fast is a policy whose own backoffs are a few milliseconds, so only a
// server-asked wait takes noticeable time.
func fast(log *bytes.Buffer) httpretry.Policy {
	p := httpretry.Policy{Base: time.Millisecond, Max: 5 * time.Millisecond, Retries: 3}
	if log != nil {
		p.Log = slog.New(slog.NewTextHandler(log, nil))
	}
	return p
}

// script answers the n-th request (from 0) with steps[n], the last step
// thereafter, recording each request's body and arrival time.
type script struct {
	mu     sync.Mutex
	steps  []func(w http.ResponseWriter)
	bodies []string
	times  []time.Time
}

func (s *script) handler(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	n := len(s.bodies)
	s.bodies = append(s.bodies, string(b))
	s.times = append(s.times, time.Now())
	s.mu.Unlock()
	s.steps[min(n, len(s.steps)-1)](w)
}

func (s *script) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.bodies)
}

func serve(t *testing.T, steps ...func(w http.ResponseWriter)) (*httptest.Server, *script) {
	s := &script{steps: steps}
	srv := httptest.NewServer(http.HandlerFunc(s.handler))
	t.Cleanup(srv.Close)
	return srv, s
}

func status(code int, header ...string) func(w http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		w.WriteHeader(code)
		io.WriteString(w, `{"error":{"message":"status `+strconv.Itoa(code)+`"}}`)
	}
}

func post(t *testing.T, c *http.Client, ctx context.Context, url, body string) (*http.Response, error) {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return c.Do(req)
}

func TestRetriesReplayTheBody(t *testing.T) {
	srv, s := serve(t, status(503), status(502), status(200))
	var log bytes.Buffer
	resp, err := post(t, fast(&log).Client(nil), context.Background(), srv.URL+"/v1/x?token=secret", `{"q":1}`)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || s.count() != 3 {
		t.Fatalf("status %d after %d requests", resp.StatusCode, s.count())
	}
	for i, b := range s.bodies {
		if b != `{"q":1}` {
			t.Errorf("request %d had body %q", i, b)
		}
	}
	if n := strings.Count(log.String(), "retrying"); n != 2 || !strings.Contains(log.String(), "503 Service Unavailable") || strings.Contains(log.String(), "secret") {
		t.Errorf("log (want 2 retries, the status, no query):\n%s", log.String())
	}
}

func TestRetryAfterIsHonoured(t *testing.T) {
	srv, s := serve(t, status(429, "Retry-After", "1"), status(200))
	resp, err := post(t, fast(nil).Client(nil), context.Background(), srv.URL, "x")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	// The policy's own backoff is at most 5 ms: only Retry-After explains a 1 s gap.
	if gap := s.times[1].Sub(s.times[0]); gap < time.Second {
		t.Errorf("retried after %v, want at least the 1 s the server asked for", gap)
	}
}

func TestServerWait(t *testing.T) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		header []string
		want   time.Duration
		asked  bool
	}{
		{[]string{"Retry-After", "120"}, 2 * time.Minute, true},
		{[]string{"Retry-After", "1.5"}, 1500 * time.Millisecond, true},
		{[]string{"Retry-After", "Fri, 01 May 2026 12:00:30 GMT"}, 30 * time.Second, true},
		{[]string{"Retry-After", "Fri, 01 May 2026 11:00:00 GMT"}, 0, true}, // in the past
		{[]string{"Retry-After", "soon"}, 0, false},
		{[]string{"Retry-After-Ms", "250", "Retry-After", "1"}, 250 * time.Millisecond, true},
		{[]string{"X-RateLimit-Remaining", "0", "X-RateLimit-Reset", strconv.FormatInt(now.Add(30*time.Second).Unix(), 10)}, 31 * time.Second, true},
		{[]string{"X-RateLimit-Remaining", "7", "X-RateLimit-Reset", strconv.FormatInt(now.Add(30*time.Second).Unix(), 10)}, 0, false},
		{[]string{"Retry-After", "7", "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "0"}, 7 * time.Second, true},
		{nil, 0, false},
	} {
		h := http.Header{}
		for i := 0; i+1 < len(c.header); i += 2 {
			h.Set(c.header[i], c.header[i+1])
		}
		if got, asked := httpretry.ServerWait(h, now); got != c.want || asked != c.asked {
			t.Errorf("%v: %v %v, want %v %v", c.header, got, asked, c.want, c.asked)
		}
	}
}

func TestDelayIsCappedAndJittered(t *testing.T) {
	p := httpretry.Policy{Base: 100 * time.Millisecond, Max: time.Second}
	seen := map[time.Duration]bool{}
	for n := range 40 {
		d := p.Delay(n, 0)
		ceil := min(100*time.Millisecond<<min(n, 30), time.Second)
		if d < ceil/2 || d > ceil {
			t.Fatalf("Delay(%d) = %v, want within [%v, %v]", n, d, ceil/2, ceil)
		}
		seen[d] = true
	}
	if len(seen) < 10 {
		t.Errorf("only %d distinct delays in 40: no jitter?", len(seen))
	}
	if d := p.Delay(3, 10*time.Second); d < 10*time.Second || d > 11*time.Second {
		t.Errorf("a server wait of 10 s gave %v, want 10 s plus at most 10%%", d)
	}
}

func TestTooLongWaitFailsAtOnce(t *testing.T) {
	srv, s := serve(t, status(429, "Retry-After", "3600"))
	_, err := post(t, fast(nil).Client(nil), context.Background(), srv.URL, "x")
	var se *httpretry.StatusError
	if !errors.As(err, &se) || se.Wait != time.Hour || se.Code != 429 || s.count() != 1 || !strings.Contains(err.Error(), "try again later") {
		t.Fatalf("%d requests, error %v", s.count(), err)
	}
}

func TestGivingUpReportsTheLastAnswer(t *testing.T) {
	srv, s := serve(t, status(500))
	_, err := post(t, fast(nil).Client(nil), context.Background(), srv.URL, "x")
	var se *httpretry.StatusError
	if !errors.As(err, &se) || se.Attempts != 4 || s.count() != 4 || !strings.Contains(string(se.Body), "status 500") ||
		!strings.Contains(err.Error(), "gave up after 4 attempts") {
		t.Fatalf("%d requests, error %v", s.count(), err)
	}
	// Retries < 0: one try only.
	srv2, s2 := serve(t, status(503))
	_, err = post(t, httpretry.Policy{Retries: -1}.Client(nil), context.Background(), srv2.URL, "x")
	if !errors.As(err, &se) || s2.count() != 1 {
		t.Errorf("no retries: %d requests, %v", s2.count(), err)
	}
}

func TestOtherAnswersPassThrough(t *testing.T) {
	for _, code := range []int{404, 401, 400, 403} {
		srv, s := serve(t, status(code))
		resp, err := post(t, fast(nil).Client(nil), context.Background(), srv.URL, "x")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != code || s.count() != 1 || string(body) != `{"error":{"message":"status `+strconv.Itoa(code)+`"}}` {
			t.Errorf("%d: status %d after %d requests, body %q", code, resp.StatusCode, s.count(), body)
		}
	}
}

// A GitHub-style 403 with a rate-limit wait is retried; a custom rule can
// retry what the default does not (and veto what it does).
func TestRateLimit403AndCustomRules(t *testing.T) {
	past := strconv.FormatInt(time.Now().Add(-time.Minute).Unix(), 10)
	srv, s := serve(t, status(403, "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", past), status(200))
	resp, err := post(t, fast(nil).Client(nil), context.Background(), srv.URL, "x")
	if err != nil || resp.StatusCode != 200 || s.count() != 2 {
		t.Fatalf("primary rate limit: %v after %d requests", err, s.count())
	}
	resp.Body.Close()

	p := fast(nil)
	p.Retryable = func(resp *http.Response, body []byte) (bool, time.Duration) {
		if resp.StatusCode == 429 && bytes.Contains(body, []byte("quota")) {
			return false, 0
		}
		if resp.StatusCode == 409 {
			return true, 0
		}
		return httpretry.Classify(resp, body)
	}
	srv2, s2 := serve(t, status(409), func(w http.ResponseWriter) { w.WriteHeader(429); io.WriteString(w, "insufficient quota") })
	resp, err = post(t, p.Client(nil), context.Background(), srv2.URL, "x")
	if err != nil || resp.StatusCode != 429 || s2.count() != 2 {
		t.Fatalf("custom rule: %v after %d requests", err, s2.count())
	}
	if b, _ := io.ReadAll(resp.Body); string(b) != "insufficient quota" {
		t.Errorf("the body the rule read is gone: %q", b)
	}
	resp.Body.Close()
}

// countingTransport counts the connection attempts of a real transport.
type countingTransport struct {
	n    atomic.Int32
	next http.RoundTripper
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.next.RoundTrip(r)
}

func TestConnectionRefusedFailsAtOnce(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	addr := srv.Listener.Addr().String()
	srv.Close() // nothing listens there now
	ct := &countingTransport{next: http.DefaultTransport}
	p := fast(nil)
	p.Base = time.Hour // a retry would hang the test
	_, err := post(t, p.Client(&http.Client{Transport: ct}), context.Background(), "http://"+addr+"/x", "x")
	var ue *httpretry.UnreachableError
	if !errors.As(err, &ue) || ct.n.Load() != 1 || !strings.Contains(err.Error(), "cannot reach "+addr+": check network or proxy") {
		t.Fatalf("%d attempts, error %v", ct.n.Load(), err)
	}
}

func TestUnresolvableHostFailsAtOnce(t *testing.T) {
	// Go's own resolver with a DNS server that cannot be reached.
	res := &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, network, address string) (net.Conn, error) {
		return nil, errors.New("no DNS server here")
	}}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Proxy = nil
	tr.DialContext = (&net.Dialer{Resolver: res}).DialContext
	ct := &countingTransport{next: tr}
	p := fast(nil)
	p.Base = time.Hour
	_, err := post(t, p.Client(&http.Client{Transport: ct}), context.Background(), "http://index.example.invalid/simple/", "x")
	if !strings.Contains(err.Error(), "cannot reach index.example.invalid: check network or proxy") || ct.n.Load() != 1 {
		t.Fatalf("%d attempts, error %v", ct.n.Load(), err)
	}
}

func TestTransientFailuresAreRetried(t *testing.T) {
	// The first answer comes after the per-attempt timeout, the second at once.
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			time.Sleep(300 * time.Millisecond)
		}
		io.WriteString(w, "ok")
	}))
	defer srv.Close()
	resp, err := post(t, fast(nil).Client(&http.Client{Timeout: 100 * time.Millisecond}), context.Background(), srv.URL, "x")
	if err != nil || n.Load() != 2 {
		t.Fatalf("timeout: %v after %d requests", err, n.Load())
	}
	resp.Body.Close()

	// A server that drops every connection: retried, then the cause with the count.
	var drops atomic.Int32
	srv2 := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		drops.Add(1)
		conn, _, _ := w.(http.Hijacker).Hijack()
		conn.Close()
	}))
	defer srv2.Close()
	_, err = post(t, fast(nil).Client(nil), context.Background(), srv2.URL, "x")
	if err == nil || drops.Load() != 4 || !strings.Contains(err.Error(), "gave up after 4 attempts") {
		t.Fatalf("dropped connections: %d requests, %v", drops.Load(), err)
	}
}

func TestCancelStopsTheWait(t *testing.T) {
	srv, s := serve(t, status(503, "Retry-After", "30"))
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err := post(t, fast(nil).Client(nil), ctx, srv.URL, "x")
	if !errors.Is(err, context.Canceled) || s.count() != 1 || time.Since(start) > 20*time.Second {
		t.Fatalf("%d requests in %v, error %v", s.count(), time.Since(start), err)
	}
}

// Redirects are followed hop by hop under the caller's policy, each hop
// retried on its own.
func TestRedirectHopsAreRetried(t *testing.T) {
	var final atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/start", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/final", http.StatusFound) })
	mux.HandleFunc("/final", func(w http.ResponseWriter, r *http.Request) {
		if final.Add(1) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		io.WriteString(w, "data")
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	resp, err := fast(nil).Client(nil).Get(srv.URL + "/start")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "data" || final.Load() != 2 {
		t.Errorf("body %q after %d requests to /final", body, final.Load())
	}
	// The caller's policy: stop at the redirect.
	c := fast(nil).Client(&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }})
	resp, err = c.Get(srv.URL + "/start")
	if err != nil || resp.StatusCode != http.StatusFound {
		t.Errorf("with ErrUseLastResponse: %v, %v", resp.Status, err)
	}
	resp.Body.Close()
}
