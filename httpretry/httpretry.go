// Package httpretry is erosion's one HTTP retry policy, shared by the
// miners (Kaggle API, GitHub), the backport resolver's package index and
// the LLM client.
//
// The retry loop itself is hashicorp/go-retryablehttp's: it replays request
// bodies, drains answers so connections are reused, and honours the
// request's context while it waits. This package only says what to retry
// and how long to wait, which the library's defaults get wrong for erosion
// (they retry a DNS failure six times, wait without jitter, read
// Retry-After only on 429/503 and know nothing of GitHub's rate limits):
//
//   - 408, 429, 500, 502, 503 and 504 are retried, and so is a 403 that
//     carries a wait (GitHub's primary and secondary rate limits);
//   - the wait is what the server asked for (Retry-After as seconds or an
//     HTTP date, retry-after-ms, or X-RateLimit-Reset once
//     X-RateLimit-Remaining is 0) plus up to 10% jitter, else a capped
//     exponential backoff with equal jitter;
//   - a server that asks for more than MaxWait fails at once (*StatusError
//     with Wait set): the caller says "try again later";
//   - a host that cannot be resolved or refuses the connection fails at
//     once with "cannot reach HOST: check network or proxy"
//     (*UnreachableError): retrying cannot help;
//   - resets, EOFs and timeouts are retried;
//   - when the retries run out the error is a *StatusError (the last answer's
//     status, headers and the start of its body) or the transport error
//     with the number of attempts.
//
// Answers that are not retried, 2xx and 4xx alike, reach the caller
// unchanged, body included.
package httpretry

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// Defaults of a zero Policy.
const (
	DefaultBase    = time.Second
	DefaultMax     = time.Minute
	DefaultRetries = 6
	DefaultMaxWait = 5 * time.Minute
)

// bodyPeek is how much of an error answer is kept for classification and
// for the caller's message.
const bodyPeek = 64 << 10

// Policy is a retry policy. The zero value is usable.
type Policy struct {
	Base    time.Duration // ceiling of the first backoff (0: 1 s); doubles per retry
	Max     time.Duration // cap of one computed backoff (0: 1 min)
	Retries int           // retries after the first try (0: 6; negative: none)
	// MaxWait is the longest server-asked wait that is sat out (0: 5 min);
	// a longer one fails the request with a *StatusError.
	MaxWait time.Duration
	// Retryable decides about an answer that is not 2xx or 3xx: whether to
	// retry and the wait the server asked for (0: none). It sees the start
	// of the body. nil is Classify.
	Retryable func(resp *http.Response, body []byte) (retry bool, wait time.Duration)
	Log       *slog.Logger // retries are logged at Warn; nil: not logged
}

func (p Policy) base() time.Duration {
	if p.Base <= 0 {
		return DefaultBase
	}
	return p.Base
}

func (p Policy) max() time.Duration {
	if p.Max <= 0 {
		return DefaultMax
	}
	return max(p.Max, p.base())
}

func (p Policy) retries() int {
	switch {
	case p.Retries < 0:
		return 0
	case p.Retries == 0:
		return DefaultRetries
	}
	return p.Retries
}

func (p Policy) maxWait() time.Duration {
	if p.MaxWait <= 0 {
		return DefaultMaxWait
	}
	return p.MaxWait
}

// Delay is the wait before retry number n (0-based): the server's wait plus
// up to 10% jitter when it asked for one, else a random duration in
// [c/2, c] where c = Base·2ⁿ capped at Max ("equal jitter": never a
// hammering zero, yet concurrent clients spread out).
func (p Policy) Delay(n int, serverWait time.Duration) time.Duration {
	if serverWait > 0 {
		return serverWait + rand.N(serverWait/10+1)
	}
	c := p.base() << min(n, 30)
	if c <= 0 || c > p.max() {
		c = p.max()
	}
	return c/2 + rand.N(c/2+1)
}

// Client returns an HTTP client that sends every request through the
// policy. base does each attempt (its Timeout is per attempt; nil: a
// client without a timeout over the default transport); its redirect
// policy and cookie jar apply between hops, each hop retried on its own.
func (p Policy) Client(base *http.Client) *http.Client {
	if base == nil {
		base = &http.Client{}
	}
	inner := &http.Client{Transport: base.Transport, Timeout: base.Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &http.Client{Transport: &transport{p: p, inner: inner}, CheckRedirect: base.CheckRedirect, Jar: base.Jar}
}

// Classify is the default rule: 408, 429 and the transient 5xx are retried,
// and so is a 403 that asks for a wait (GitHub's rate limits answer 403
// with Retry-After, or with X-RateLimit-Remaining: 0 and the reset time).
func Classify(resp *http.Response, _ []byte) (bool, time.Duration) {
	wait, asked := ServerWait(resp.Header, time.Now())
	switch resp.StatusCode {
	case http.StatusRequestTimeout, http.StatusTooManyRequests, http.StatusInternalServerError,
		http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true, wait
	case http.StatusForbidden:
		return asked, wait
	}
	return false, 0
}

// ServerWait reads how long the server asks the client to wait, in this
// order: retry-after-ms (OpenAI's, milliseconds), Retry-After (RFC 9110:
// delay-seconds or an HTTP date), and X-RateLimit-Reset (Unix seconds)
// when X-RateLimit-Remaining is 0 (GitHub's primary limit). asked is false
// when none is present or readable; a time in the past asks for no wait.
func ServerWait(h http.Header, now time.Time) (wait time.Duration, asked bool) {
	if v := strings.TrimSpace(h.Get("Retry-After-Ms")); v != "" {
		if ms, err := strconv.ParseFloat(v, 64); err == nil && ms >= 0 {
			return time.Duration(ms * float64(time.Millisecond)), true
		}
	}
	if v := strings.TrimSpace(h.Get("Retry-After")); v != "" {
		// Integer seconds per the RFC; some servers send a fraction.
		if s, err := strconv.ParseFloat(v, 64); err == nil && s >= 0 {
			return time.Duration(s * float64(time.Second)), true
		}
		if t, err := http.ParseTime(v); err == nil {
			return max(t.Sub(now), 0), true
		}
	}
	if strings.TrimSpace(h.Get("X-RateLimit-Remaining")) == "0" {
		if s, err := strconv.ParseInt(strings.TrimSpace(h.Get("X-RateLimit-Reset")), 10, 64); err == nil {
			// The reset is in whole seconds: wait into the next one.
			return max(time.Unix(s, 0).Sub(now)+time.Second, 0), true
		}
	}
	return 0, false
}

// UnreachableError is a failure retrying cannot fix: the host name does not
// resolve, or nothing accepts connections at the address.
type UnreachableError struct {
	Host string
	Err  error
}

func (e *UnreachableError) Error() string {
	return fmt.Sprintf("cannot reach %s: check network or proxy (%v)", e.Host, e.Err)
}

func (e *UnreachableError) Unwrap() error { return e.Err }

// StatusError is an answer the policy gave up on: the retries ran out, or
// the server asked to wait longer than MaxWait (then Wait is set).
type StatusError struct {
	Code     int
	Status   string // e.g. "503 Service Unavailable"
	Header   http.Header
	Body     []byte // the start of the last answer's body
	Attempts int
	Wait     time.Duration // the server's wait, when it was too long
}

func (e *StatusError) Error() string {
	if e.Wait > 0 {
		return fmt.Sprintf("HTTP %s: the server asks to wait %s: try again later", e.Status, e.Wait.Round(time.Second))
	}
	return fmt.Sprintf("HTTP %s (gave up after %d attempts)", e.Status, e.Attempts)
}

type transport struct {
	p     Policy
	inner *http.Client
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	// The library sets the body of the request it is given: give it a copy.
	r := req.Clone(req.Context())
	rr, err := retryablehttp.FromRequest(r)
	if req.Body != nil {
		req.Body.Close()
	}
	if err != nil {
		return nil, err
	}
	u := *req.URL
	u.RawQuery, u.User = "", nil // the query may hold a token; logs do not need it
	a := &attempts{p: t.p, ctx: req.Context(), host: req.URL.Host, what: req.Method + " " + u.String()}
	c := &retryablehttp.Client{
		HTTPClient: t.inner, RetryWaitMin: t.p.base(), RetryWaitMax: t.p.max(), RetryMax: t.p.retries(),
		CheckRetry: a.check, Backoff: a.backoff, ErrorHandler: a.giveUp,
	}
	return c.Do(rr)
}

// attempts is the state of one request's tries.
type attempts struct {
	p    Policy
	ctx  context.Context
	host string
	what string // method and URL without query, for logs

	wait  time.Duration // the last answer's server wait
	body  []byte        // the start of the last error answer's body
	cause string        // the last failure, for logs
}

func (a *attempts) check(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	a.wait, a.body = 0, nil
	if err != nil {
		cause := unwrapURL(err)
		a.cause = cause.Error()
		switch {
		case unreachable(cause):
			return false, &UnreachableError{Host: a.host, Err: cause}
		case transient(cause):
			return true, nil
		}
		return false, nil
	}
	if resp.StatusCode < 400 {
		return false, nil
	}
	a.body = peek(resp)
	rule := a.p.Retryable
	if rule == nil {
		rule = Classify
	}
	retry, wait := rule(resp, a.body)
	a.wait, a.cause = wait, "HTTP "+resp.Status
	if retry && wait > a.p.maxWait() {
		return false, &StatusError{Code: resp.StatusCode, Status: resp.Status, Header: resp.Header, Body: a.body, Attempts: 1, Wait: wait}
	}
	return retry, nil
}

func (a *attempts) backoff(_, _ time.Duration, n int, _ *http.Response) time.Duration {
	d := a.p.Delay(n, a.wait)
	if a.p.Log != nil {
		a.p.Log.Warn("HTTP request failed: retrying", "request", a.what, "retry", n+1, "of", a.p.retries(),
			"in", d.Round(time.Millisecond), "cause", a.cause)
	}
	return d
}

func (a *attempts) giveUp(resp *http.Response, err error, tries int) (*http.Response, error) {
	var se *StatusError
	if resp != nil {
		drain(resp)
		if err == nil {
			err = &StatusError{Code: resp.StatusCode, Status: resp.Status, Header: resp.Header, Body: a.body, Attempts: tries}
		}
	}
	var ue *UnreachableError
	switch {
	case a.ctx.Err() != nil:
		return nil, a.ctx.Err()
	case errors.As(err, &se), errors.As(err, &ue):
		return nil, err
	case tries > 1:
		return nil, fmt.Errorf("%w (gave up after %d attempts)", unwrapURL(err), tries)
	}
	return nil, unwrapURL(err)
}

// unreachable: DNS failures and refused or unroutable connections, which
// do not heal within a retry's wait (and usually mean no network, a wrong
// host or a missing proxy).
func unreachable(err error) bool {
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return true
	}
	return errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ENETUNREACH) || errors.Is(err, syscall.EHOSTUNREACH)
}

// transient: failures of one connection that a new one may not have.
func transient(err error) bool {
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return true
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.EPIPE) || errors.Is(err, syscall.ECONNABORTED) {
		return true
	}
	var op *net.OpError
	return errors.As(err, &op)
}

// unwrapURL drops *url.Error's "Get <url>:" prefix: the outer client adds
// its own.
func unwrapURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// peek reads the start of resp's body and puts it back, so both the rule
// and the caller see it.
func peek(resp *http.Response) []byte {
	data, _ := io.ReadAll(io.LimitReader(resp.Body, bodyPeek))
	resp.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(data), resp.Body), resp.Body}
	return data
}

func drain(resp *http.Response) {
	io.Copy(io.Discard, io.LimitReader(resp.Body, bodyPeek))
	resp.Body.Close()
}
