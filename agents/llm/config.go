// Package llm is the modernization agent that asks a large language model
// for fixes through the OpenAI-compatible chat-completions API, which hosted
// APIs and local servers (vLLM, llama.cpp, Ollama) all speak. It builds the
// study's prompt for each fix kind, keeps the prompt under a size cap, retries
// transient failures with backoff and accounts tokens and cost.
package llm

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// DefaultBaseURL is the OpenAI API's documented base URL. It is only a
// default: EROSION_LLM_BASE_URL (or OPENAI_BASE_URL) points the agent at any
// other server, e.g. http://127.0.0.1:8000/v1 for a local vLLM.
const DefaultBaseURL = "https://api.openai.com/v1"

// Defaults for the zero values of Config.
const (
	// DefaultMaxPromptTokens is the study's prompt-length cut: candidates whose
	// prompt exceeded 13,485 tokens (the 95th percentile) were excluded.
	DefaultMaxPromptTokens  = 13485
	DefaultTimeout          = 5 * time.Minute
	DefaultRetries          = 5
	DefaultMalformedRetries = 3
	DefaultBackoff          = time.Second
	DefaultMaxBackoff       = time.Minute
	// maxRetryAfter bounds how long a server may ask us to wait; a longer
	// Retry-After (an exhausted daily quota) fails the fix instead of
	// stalling the run.
	maxRetryAfter = 5 * time.Minute
)

// Config configures the agent. Zero values take the defaults above; a
// negative Retries or MalformedRetries means no retries.
type Config struct {
	BaseURL     string // up to and including the version, e.g. ".../v1"
	Model       string
	APIKey      string // sent as a Bearer token; may be empty for local servers
	Temperature float64

	// Prices in USD per million prompt (input) and completion (output)
	// tokens, for cost accounting; zero counts no cost.
	InputPricePerM  float64
	OutputPricePerM float64

	// MaxPromptTokens caps the prompt (estimated as characters/4). Over the
	// cap the prompt is shrunk; a fix whose prompt stays over it fails.
	MaxPromptTokens int

	Timeout          time.Duration // per request
	Retries          int           // on 408/409/429/5xx, timeouts and connection errors
	MalformedRetries int           // replies without a usable code block
	Backoff          time.Duration // first retry delay; doubles per retry, with jitter
	MaxBackoff       time.Duration

	HTTPClient *http.Client // nil: a client without its own timeout (Timeout applies)
	Log        *slog.Logger // nil: slog.Default()
}

// Environment variables read by ConfigFromEnv.
const (
	EnvBaseURL         = "EROSION_LLM_BASE_URL"
	EnvModel           = "EROSION_LLM_MODEL"
	EnvAPIKey          = "EROSION_LLM_API_KEY"
	EnvPriceInput      = "EROSION_LLM_PRICE_INPUT"  // USD per 1M prompt tokens
	EnvPriceOutput     = "EROSION_LLM_PRICE_OUTPUT" // USD per 1M completion tokens
	EnvTemperature     = "EROSION_LLM_TEMPERATURE"
	EnvMaxPromptTokens = "EROSION_LLM_MAX_PROMPT_TOKENS"
	EnvTimeout         = "EROSION_LLM_TIMEOUT" // a Go duration, e.g. 10m
	// The OpenAI SDKs' variables, used when erosion's own are unset.
	EnvOpenAIBaseURL = "OPENAI_BASE_URL"
	EnvOpenAIAPIKey  = "OPENAI_API_KEY"
)

// ConfigFromEnv reads the configuration from the environment. Callers may
// override fields (e.g. from command-line flags) before calling New.
func ConfigFromEnv() (Config, error) {
	cfg := Config{
		BaseURL: firstEnv(EnvBaseURL, EnvOpenAIBaseURL),
		Model:   strings.TrimSpace(os.Getenv(EnvModel)),
		APIKey:  firstEnv(EnvAPIKey, EnvOpenAIAPIKey),
	}
	floats := []struct {
		name string
		dst  *float64
	}{{EnvPriceInput, &cfg.InputPricePerM}, {EnvPriceOutput, &cfg.OutputPricePerM}, {EnvTemperature, &cfg.Temperature}}
	for _, f := range floats {
		if v := strings.TrimSpace(os.Getenv(f.name)); v != "" {
			x, err := strconv.ParseFloat(v, 64)
			if err != nil || x < 0 {
				return cfg, fmt.Errorf("%s=%q is not a non-negative number: set it to e.g. 2.5 or unset it", f.name, v)
			}
			*f.dst = x
		}
	}
	if v := strings.TrimSpace(os.Getenv(EnvMaxPromptTokens)); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			return cfg, fmt.Errorf("%s=%q is not a positive integer: set it to e.g. 16000 or unset it", EnvMaxPromptTokens, v)
		}
		cfg.MaxPromptTokens = n
	}
	if v := strings.TrimSpace(os.Getenv(EnvTimeout)); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return cfg, fmt.Errorf("%s=%q is not a positive duration: set it to e.g. 10m or unset it", EnvTimeout, v)
		}
		cfg.Timeout = d
	}
	return cfg, nil
}

// FromEnv is New(ConfigFromEnv()).
func FromEnv() (*Agent, error) {
	cfg, err := ConfigFromEnv()
	if err != nil {
		return nil, err
	}
	return New(cfg)
}

func firstEnv(names ...string) string {
	for _, n := range names {
		if v := strings.TrimSpace(os.Getenv(n)); v != "" {
			return v
		}
	}
	return ""
}

// withDefaults checks cfg and fills in its zero values.
func (cfg Config) withDefaults() (Config, error) {
	if cfg.Model == "" {
		return cfg, fmt.Errorf("llm agent: no model: set %s (e.g. gpt-5.2 or the name your local server serves)", EnvModel)
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	u, err := url.Parse(cfg.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		// The URL is not echoed: a user may have pasted a key into it.
		return cfg, fmt.Errorf("llm agent: the base URL is not an http(s) URL: set %s to e.g. http://127.0.0.1:8000/v1", EnvBaseURL)
	}
	if cfg.APIKey == "" && cfg.BaseURL == DefaultBaseURL {
		return cfg, fmt.Errorf("llm agent: no API key for %s: set %s (or %s), or point %s at a local server", DefaultBaseURL, EnvAPIKey, EnvOpenAIAPIKey, EnvBaseURL)
	}
	if cfg.InputPricePerM < 0 || cfg.OutputPricePerM < 0 {
		return cfg, fmt.Errorf("llm agent: negative token price: set %s and %s to USD per million tokens", EnvPriceInput, EnvPriceOutput)
	}
	if cfg.MaxPromptTokens <= 0 {
		cfg.MaxPromptTokens = DefaultMaxPromptTokens
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	switch {
	case cfg.Retries == 0:
		cfg.Retries = DefaultRetries
	case cfg.Retries < 0:
		cfg.Retries = 0
	}
	switch {
	case cfg.MalformedRetries == 0:
		cfg.MalformedRetries = DefaultMalformedRetries
	case cfg.MalformedRetries < 0:
		cfg.MalformedRetries = 0
	}
	if cfg.Backoff <= 0 {
		cfg.Backoff = DefaultBackoff
	}
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = DefaultMaxBackoff
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{}
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	return cfg, nil
}

// cost is the USD price of the tokens at the configured rates.
func (cfg Config) cost(in, out int) float64 {
	return (float64(in)*cfg.InputPricePerM + float64(out)*cfg.OutputPricePerM) / 1e6
}

// String prints the configuration without the API key, so that logging a
// Config cannot leak it.
func (cfg Config) String() string {
	key := "none"
	if cfg.APIKey != "" {
		key = "[redacted]"
	}
	return fmt.Sprintf("llm.Config{BaseURL: %s, Model: %s, APIKey: %s, Temperature: %g, InputPricePerM: %g, OutputPricePerM: %g, MaxPromptTokens: %d, Timeout: %s, Retries: %d, MalformedRetries: %d}",
		cfg.BaseURL, cfg.Model, key, cfg.Temperature, cfg.InputPricePerM, cfg.OutputPricePerM, cfg.MaxPromptTokens, cfg.Timeout, cfg.Retries, cfg.MalformedRetries)
}

// GoString is String, for %#v.
func (cfg Config) GoString() string { return cfg.String() }

// LogValue is String, for slog.
func (cfg Config) LogValue() slog.Value { return slog.StringValue(cfg.String()) }
