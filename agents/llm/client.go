package llm

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// message is one chat message.
type message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// chatRequest is the body of POST {base}/chat/completions.
type chatRequest struct {
	Model       string    `json:"model"`
	Messages    []message `json:"messages"`
	Temperature float64   `json:"temperature"`
}

// chatResponse is the part of a chat.completion object the agent reads.
type chatResponse struct {
	Object  string `json:"object"`
	Choices []struct {
		Message struct {
			Role    string  `json:"role"`
			Content *string `json:"content"` // null for refusals and tool calls
		} `json:"message"`
		FinishReason string `json:"finish_reason"`
	} `json:"choices"`
	Usage *struct {
		PromptTokens     int `json:"prompt_tokens"`
		CompletionTokens int `json:"completion_tokens"`
	} `json:"usage"`
}

// apiError is the error body of OpenAI-compatible servers.
type apiError struct {
	Error struct {
		Message string `json:"message"`
		Type    string `json:"type"`
		Code    any    `json:"code"`
	} `json:"error"`
}

// completion is one answer of the model with the tokens it cost.
type completion struct {
	Content      string
	FinishReason string
	PromptTokens int
	OutputTokens int
}

// maxBody bounds what is read of a response; a chat completion for one
// notebook is far smaller.
const maxBody = 32 << 20

// complete sends one chat-completions request, retrying transient failures.
// It returns the tokens of every successful response even when it fails.
func (a *Agent) complete(ctx context.Context, msgs []message) (completion, error) {
	body, err := json.Marshal(chatRequest{Model: a.cfg.Model, Messages: msgs, Temperature: a.cfg.Temperature})
	if err != nil {
		return completion{}, err
	}
	for attempt := 0; ; attempt++ {
		c, retryAfter, retryable, err := a.post(ctx, body)
		if err == nil {
			return c, nil
		}
		if ctx.Err() != nil {
			return completion{}, ctx.Err()
		}
		err = errors.New(a.redact(err.Error()))
		if !retryable {
			return completion{}, err
		}
		if attempt >= a.cfg.Retries {
			return completion{}, fmt.Errorf("%w (gave up after %d attempts)", err, attempt+1)
		}
		wait := a.backoff(attempt)
		if retryAfter > 0 {
			if retryAfter > maxRetryAfter {
				return completion{}, fmt.Errorf("%w (the server asks to wait %s; try again later)", err, retryAfter)
			}
			wait = retryAfter
		}
		a.cfg.Log.Warn("llm: retrying", "model", a.cfg.Model, "attempt", attempt+1, "in", wait.Round(time.Millisecond), "err", err.Error())
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return completion{}, ctx.Err()
		}
	}
}

// backoff is the delay before retry attempt+1: exponential with "equal
// jitter" (half fixed, half random), so concurrent workers spread out.
func (a *Agent) backoff(attempt int) time.Duration {
	d := a.cfg.Backoff << min(attempt, 20)
	if d <= 0 || d > a.cfg.MaxBackoff {
		d = a.cfg.MaxBackoff
	}
	return d/2 + rand.N(d/2+1)
}

// post makes one request. retryable says whether the failure is transient.
func (a *Agent) post(ctx context.Context, body []byte) (c completion, retryAfter time.Duration, retryable bool, err error) {
	endpoint := a.cfg.BaseURL + "/chat/completions"
	rctx, cancel := context.WithTimeout(ctx, a.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, http.MethodPost, endpoint, bytes.NewReader(body))
	if err != nil {
		return c, 0, false, fmt.Errorf("llm: %s: %v", endpoint, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	if a.cfg.APIKey != "" {
		req.Header.Set("Authorization", "Bearer "+a.cfg.APIKey)
	}
	resp, err := a.cfg.HTTPClient.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return c, 0, false, ctx.Err()
		}
		if rctx.Err() != nil {
			return c, 0, true, fmt.Errorf("llm: POST %s: no answer within %s (raise %s for slow models)", endpoint, a.cfg.Timeout, EnvTimeout)
		}
		// Connection refused/reset and the like: a restarting server.
		return c, 0, true, fmt.Errorf("llm: POST %s: %v", endpoint, unwrapURL(err))
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		if ctx.Err() != nil {
			return c, 0, false, ctx.Err()
		}
		return c, 0, true, fmt.Errorf("llm: POST %s: reading the answer: %v", endpoint, unwrapURL(err))
	}
	if resp.StatusCode != http.StatusOK {
		return c, retryAfterHeader(resp.Header), retryableStatus(resp.StatusCode, data),
			fmt.Errorf("llm: POST %s: %s: %s", endpoint, resp.Status, errorMessage(data))
	}
	var cr chatResponse
	if err := json.Unmarshal(data, &cr); err != nil {
		return c, 0, false, fmt.Errorf("llm: POST %s: the answer is not a chat completion (%v); check that the base URL ends in the API version, e.g. /v1", endpoint, err)
	}
	if len(cr.Choices) == 0 {
		return c, 0, false, fmt.Errorf("llm: POST %s: the answer has no choices: %s", endpoint, clip(string(data), 200))
	}
	ch := cr.Choices[0]
	if ch.Message.Content != nil {
		c.Content = *ch.Message.Content
	}
	c.FinishReason = ch.FinishReason
	if cr.Usage != nil {
		c.PromptTokens, c.OutputTokens = cr.Usage.PromptTokens, cr.Usage.CompletionTokens
	} else {
		a.cfg.Log.Warn("llm: the server reported no token usage; these tokens are not counted", "model", a.cfg.Model)
	}
	return c, 0, false, nil
}

// retryableStatus: request timeouts, conflicts, rate limits and server
// errors are transient, except a 429 that says the quota is used up.
func retryableStatus(code int, body []byte) bool {
	switch {
	case code == http.StatusTooManyRequests:
		var e apiError
		if json.Unmarshal(body, &e) == nil && (e.Error.Code == "insufficient_quota" || e.Error.Type == "insufficient_quota") {
			return false
		}
		return true
	case code == http.StatusRequestTimeout, code == http.StatusConflict, code >= 500:
		return true
	}
	return false
}

// retryAfterHeader reads retry-after-ms (OpenAI's, in milliseconds) or the
// standard Retry-After (seconds or an HTTP date).
func retryAfterHeader(h http.Header) time.Duration {
	if v := h.Get("Retry-After-Ms"); v != "" {
		if ms, err := strconv.ParseFloat(v, 64); err == nil && ms > 0 {
			return time.Duration(ms * float64(time.Millisecond))
		}
	}
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil {
		if s > 0 {
			return time.Duration(s * float64(time.Second))
		}
		return 0
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(time.Until(t), 0)
	}
	return 0
}

// errorMessage extracts the server's error message, or a clip of the body.
func errorMessage(body []byte) string {
	var e apiError
	if json.Unmarshal(body, &e) == nil && e.Error.Message != "" {
		return oneLine(e.Error.Message)
	}
	if s := oneLine(string(body)); s != "" {
		return clip(s, 300)
	}
	return "empty body"
}

// unwrapURL drops *url.Error's "Post <url>:" prefix, which the caller's
// message already carries.
func unwrapURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// redact removes the API key from text that may reach errors or logs: some
// servers echo a rejected key in their error message.
func (a *Agent) redact(s string) string {
	if a.cfg.APIKey == "" {
		return s
	}
	return strings.ReplaceAll(s, a.cfg.APIKey, "[redacted]")
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "…"
}
