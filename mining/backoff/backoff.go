// Package backoff decides how long a client waits before retrying a
// rate-limited or failed request: exponential backoff with full jitter (so
// many clients do not retry in step), never shorter than what the server
// asked for with Retry-After.
package backoff

import (
	"context"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Policy is a retry policy. The zero value is usable: 1 s base, 2 min cap,
// 6 retries, real sleeping.
type Policy struct {
	Base    time.Duration // first backoff (before jitter)
	Max     time.Duration // cap of one wait
	Retries int           // retries after the first try
	// Sleep waits for d or until ctx ends; tests replace it to record the
	// waits instead of spending them.
	Sleep func(ctx context.Context, d time.Duration) error
}

func (p Policy) base() time.Duration {
	if p.Base <= 0 {
		return time.Second
	}
	return p.Base
}

func (p Policy) max() time.Duration {
	if p.Max <= 0 {
		return 2 * time.Minute
	}
	return p.Max
}

// Attempts is how many tries in all the policy allows.
func (p Policy) Attempts() int {
	if p.Retries <= 0 {
		return 7
	}
	return p.Retries + 1
}

// Delay is the wait before retry number attempt (0-based): a random
// duration in [0, base·2^attempt] capped at Max, and at least retryAfter
// (plus up to 10% jitter) when the server named one.
func (p Policy) Delay(attempt int, retryAfter time.Duration) time.Duration {
	ceil := p.base() << min(attempt, 30)
	if ceil <= 0 || ceil > p.max() {
		ceil = p.max()
	}
	d := time.Duration(rand.Int64N(int64(ceil) + 1))
	if retryAfter > 0 {
		d = retryAfter + time.Duration(rand.Int64N(int64(retryAfter)/10+1))
	}
	return d
}

// Wait sleeps for d with the policy's Sleep.
func (p Policy) Wait(ctx context.Context, d time.Duration) error {
	if p.Sleep != nil {
		return p.Sleep(ctx, d)
	}
	return Sleep(ctx, d)
}

// Sleep waits for d or until ctx ends.
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Retryable reports whether an HTTP status is worth retrying: 429 and the
// server-side 5xx errors that are usually transient.
func Retryable(status int) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// RetryAfter reads a Retry-After header: delay-seconds or an HTTP date.
func RetryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
