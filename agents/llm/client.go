package llm

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"erosion/httpretry"
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

// complete sends one chat-completions request; the agent's HTTP client
// retries transient failures (httpretry).
func (a *Agent) complete(ctx context.Context, msgs []message) (completion, error) {
	body, err := json.Marshal(chatRequest{Model: a.cfg.Model, Messages: msgs, Temperature: a.cfg.Temperature})
	if err != nil {
		return completion{}, err
	}
	c, err := a.post(ctx, body)
	if err != nil {
		if ctx.Err() != nil {
			return completion{}, ctx.Err()
		}
		return completion{}, errors.New(a.redact(err.Error()))
	}
	return c, nil
}

// httpClient is the retry policy over cfg.HTTPClient, each attempt bounded
// by cfg.Timeout.
func httpClient(cfg Config, rule func(*http.Response, []byte) (bool, time.Duration)) *http.Client {
	inner := *cfg.HTTPClient
	if inner.Timeout <= 0 || inner.Timeout > cfg.Timeout {
		inner.Timeout = cfg.Timeout
	}
	retries := cfg.Retries
	if retries == 0 {
		retries = -1 // the policy reads 0 as its default
	}
	return httpretry.Policy{Base: cfg.Backoff, Max: cfg.MaxBackoff, Retries: retries, MaxWait: maxRetryAfter,
		Retryable: rule, Log: cfg.Log}.Client(&inner)
}

// retryable adds to the policy's rule what OpenAI-compatible servers mean:
// 409 and every 5xx are transient, a 429 that says the quota is used up is
// not. A retried answer's message is logged (key redacted).
func (a *Agent) retryable(resp *http.Response, body []byte) (bool, time.Duration) {
	retry, wait := httpretry.Classify(resp, body)
	switch code := resp.StatusCode; {
	case code == http.StatusTooManyRequests && quotaExhausted(body):
		retry = false
	case code == http.StatusConflict, code >= 500:
		retry = true
	}
	if retry {
		a.cfg.Log.Warn("llm: the server answered an error", "model", a.cfg.Model, "status", resp.Status, "message", a.redact(errorMessage(body)))
	}
	return retry, wait
}

func quotaExhausted(body []byte) bool {
	var e apiError
	return json.Unmarshal(body, &e) == nil && (e.Error.Code == "insufficient_quota" || e.Error.Type == "insufficient_quota")
}

// post makes one request (with the policy's retries).
func (a *Agent) post(ctx context.Context, body []byte) (c completion, err error) {
	endpoint := a.cfg.BaseURL + "/chat/completions"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
	if err != nil {
		return c, fmt.Errorf("llm: %s: %v", endpoint, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	if a.cfg.APIKey != "" {
		req.Header.Set("Authorization", "Bearer "+a.cfg.APIKey)
	}
	resp, err := a.http.Do(req)
	if err != nil {
		var se *httpretry.StatusError
		var ne net.Error
		switch {
		case ctx.Err() != nil:
			return c, ctx.Err()
		case errors.As(err, &se) && se.Wait > 0:
			return c, fmt.Errorf("llm: POST %s: %s: %s (the server asks to wait %s; try again later)", endpoint, se.Status, errorMessage(se.Body), se.Wait.Round(time.Second))
		case errors.As(err, &se):
			return c, fmt.Errorf("llm: POST %s: %s: %s (gave up after %d attempts)", endpoint, se.Status, errorMessage(se.Body), se.Attempts)
		case errors.As(err, &ne) && ne.Timeout():
			return c, fmt.Errorf("llm: POST %s: no answer within %s (raise %s for slow models): %v", endpoint, a.cfg.Timeout, EnvTimeout, unwrapURL(err))
		}
		return c, fmt.Errorf("llm: POST %s: %v", endpoint, unwrapURL(err))
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		if ctx.Err() != nil {
			return c, ctx.Err()
		}
		return c, fmt.Errorf("llm: POST %s: reading the answer: %v", endpoint, unwrapURL(err))
	}
	if resp.StatusCode != http.StatusOK {
		return c, fmt.Errorf("llm: POST %s: %s: %s", endpoint, resp.Status, errorMessage(data))
	}
	var cr chatResponse
	if err := json.Unmarshal(data, &cr); err != nil {
		return c, fmt.Errorf("llm: POST %s: the answer is not a chat completion (%v); check that the base URL ends in the API version, e.g. /v1", endpoint, err)
	}
	if len(cr.Choices) == 0 {
		return c, fmt.Errorf("llm: POST %s: the answer has no choices: %s", endpoint, clip(string(data), 200))
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
	return c, nil
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
