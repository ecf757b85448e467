package llm

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"erosion/agents"
)

// server replays an OpenAI-compatible chat-completions endpoint. Each
// request is answered by the next function of script (the last one repeats).
type server struct {
	t      *testing.T
	srv    *httptest.Server
	mu     sync.Mutex
	reqs   []recorded
	script []func(w http.ResponseWriter, r *http.Request)
}

type recorded struct {
	path, auth string
	body       chatRequest
	at         time.Time
}

func newServer(t *testing.T, script ...func(w http.ResponseWriter, r *http.Request)) *server {
	s := &server{t: t, script: script}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, _ := io.ReadAll(r.Body)
		var body chatRequest
		if err := json.Unmarshal(data, &body); err != nil {
			t.Errorf("request body is not a chat request: %v: %s", err, data)
		}
		s.mu.Lock()
		n := len(s.reqs)
		s.reqs = append(s.reqs, recorded{path: r.URL.Path, auth: r.Header.Get("Authorization"), body: body, at: time.Now()})
		s.mu.Unlock()
		if r.Method != http.MethodPost || r.URL.Path != "/v1/chat/completions" {
			http.Error(w, `{"error":{"message":"not found","type":"invalid_request_error"}}`, http.StatusNotFound)
			return
		}
		s.script[min(n, len(s.script)-1)](w, r)
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *server) requests() []recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]recorded(nil), s.reqs...)
}

// completionJSON is a chat.completion object as the API documents it.
func completionJSON(content string, in, out int) string {
	b, _ := json.Marshal(map[string]any{
		"id":      "chatcmpl-9x7Yq2",
		"object":  "chat.completion",
		"created": 1767225600,
		"model":   "test-model-2026-01-01",
		"choices": []map[string]any{{
			"index":         0,
			"message":       map[string]any{"role": "assistant", "content": content, "refusal": nil},
			"logprobs":      nil,
			"finish_reason": "stop",
		}},
		"usage": map[string]any{"prompt_tokens": in, "completion_tokens": out, "total_tokens": in + out},
	})
	return string(b)
}

func reply(content string, in, out int) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, completionJSON(content, in, out))
	}
}

func apiErr(status int, header map[string]string, msg, typ, code string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		for k, v := range header {
			w.Header().Set(k, v)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		b, _ := json.Marshal(map[string]any{"error": map[string]any{"message": msg, "type": typ, "param": nil, "code": code}})
		w.Write(b)
	}
}

const testKey = "sk-test-CANARY-7f3a9c2e51d04b8e"

func newAgent(t *testing.T, s *server, edit func(*Config)) (*Agent, *bytes.Buffer) {
	t.Helper()
	var logs bytes.Buffer
	cfg := Config{
		BaseURL:         s.srv.URL + "/v1/",
		Model:           "test-model",
		APIKey:          testKey,
		InputPricePerM:  2.5,
		OutputPricePerM: 10,
		Backoff:         time.Millisecond,
		MaxBackoff:      5 * time.Millisecond,
		Timeout:         5 * time.Second,
		Log:             slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	if edit != nil {
		edit(&cfg)
	}
	a, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return a, &logs
}

func ptr(x float64) *float64 { return &x }

// ixRequest is an error-repair request for a notebook that uses the
// DataFrame.ix indexer pandas 1.0 removed.
func ixRequest(mode string) agents.Request {
	return agents.Request{
		NotebookID:  "titanic-ix-2017",
		Competition: "titanic",
		Task:        "Predict which passengers survived the Titanic shipwreck.",
		Kind:        agents.ErrorRepair,
		Mode:        mode,
		Iteration:   2,
		Cells: []string{
			"import pandas as pd\nfrom sklearn.ensemble import RandomForestClassifier",
			"train = pd.read_csv('/kaggle/input/titanic/train.csv')\ntest = pd.read_csv('/kaggle/input/titanic/test.csv')",
			"X = train.ix[:, ['Pclass', 'Fare']].fillna(0)\ny = train['Survived']",
			"model = RandomForestClassifier(n_estimators=100, random_state=1).fit(X, y)",
			"pd.DataFrame({'PassengerId': test.PassengerId, 'Survived': model.predict(test[['Pclass', 'Fare']].fillna(0))}).to_csv('submission.csv', index=False)",
		},
		Failure: &agents.Failure{Cell: 2, ExceptionType: "AttributeError", Message: "'DataFrame' object has no attribute 'ix'",
			Traceback: "\x1b[0;31m---------------------------------------------------------------------------\x1b[0m\nAttributeError                            Traceback (most recent call last)\nCell In[3], line 1\n----> 1 X = train.ix[:, ['Pclass', 'Fare']].fillna(0)\nAttributeError: 'DataFrame' object has no attribute 'ix'"},
		TimeLimitS:     600,
		DurationS:      3.2,
		Target:         ptr(0.7751),
		HigherIsBetter: true,
		Metric:         "accuracy",
		Python:         "3.13.5",
		Packages:       []agents.Package{{Name: "numpy", Version: "2.2.4"}, {Name: "pandas", Version: "2.2.3"}, {Name: "scikit-learn", Version: "1.4.2"}, {Name: "six", Version: "1.17.0"}},
		DataFiles:      []string{"/kaggle/input/titanic/train.csv", "/kaggle/input/titanic/test.csv"},
		Plans:          []string{"Replaced the removed sklearn.cross_validation import with sklearn.model_selection."},
	}
}

func fixedNotebook(req agents.Request) string {
	var b strings.Builder
	for i, c := range req.Cells {
		fmt.Fprintf(&b, "# %%%% cell %d\n%s\n\n", i+1, strings.ReplaceAll(c, ".ix[", ".loc["))
	}
	return b.String()
}

func TestFileLevelFix(t *testing.T) {
	req := ixRequest(agents.FileLevel)
	s := newServer(t, reply("The notebook uses DataFrame.ix, removed in pandas 1.0. Replace it with the label-based .loc. "+
		"Nothing else changes.\n\n```python\n"+fixedNotebook(req)+"```\n", 1200, 300))
	a, _ := newAgent(t, s, nil)
	resp, err := a.Fix(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Cells) != len(req.Cells) {
		t.Fatalf("got %d cells, want %d: %q", len(resp.Cells), len(req.Cells), resp.Cells)
	}
	for i, c := range resp.Cells {
		if want := strings.ReplaceAll(req.Cells[i], ".ix[", ".loc["); c != want {
			t.Errorf("cell %d = %q, want %q", i, c, want)
		}
	}
	if !strings.HasPrefix(resp.Plan, "The notebook uses DataFrame.ix") || strings.Contains(resp.Plan, "```") {
		t.Errorf("plan = %q", resp.Plan)
	}
	if resp.TokensIn != 1200 || resp.TokensOut != 300 {
		t.Errorf("tokens = %d/%d, want 1200/300", resp.TokensIn, resp.TokensOut)
	}
	if want := (1200*2.5 + 300*10) / 1e6; resp.CostUSD != want {
		t.Errorf("cost = %v, want %v", resp.CostUSD, want)
	}

	reqs := s.requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests, want 1", len(reqs))
	}
	r := reqs[0]
	if r.auth != "Bearer "+testKey {
		t.Errorf("Authorization = %q", r.auth)
	}
	if r.body.Model != "test-model" || r.body.Temperature != 0 || len(r.body.Messages) != 2 {
		t.Fatalf("request = %+v", r.body)
	}
	sys, user := r.body.Messages[0], r.body.Messages[1]
	if sys.Role != "system" || user.Role != "user" {
		t.Errorf("roles = %s, %s", sys.Role, user.Role)
	}
	for _, want := range []string{"debugger", "complete notebook", "# %% cell N"} {
		if !strings.Contains(sys.Content, want) {
			t.Errorf("system prompt lacks %q:\n%s", want, sys.Content)
		}
	}
	for _, want := range []string{
		"Predict which passengers survived",             // task
		"Python 3.13.5", "pandas==2.2.3", "six==1.17.0", // environment
		"/kaggle/input/titanic/train.csv",                  // data paths
		"Target score (the original submission's): 0.7751", // target
		"Current score: none", "Higher is better.", "Metric: accuracy",
		"Fix 1: Replaced the removed sklearn.cross_validation", // previous plans
		"# %% cell 3\nX = train.ix[",                           // failing code
		"Cell 3 raised AttributeError: 'DataFrame' object has no attribute 'ix'",
		"----> 1 X = train.ix", // traceback
		"# %% cell 5\npd.DataFrame",
	} {
		if !strings.Contains(user.Content, want) {
			t.Errorf("user prompt lacks %q:\n%s", want, user.Content)
		}
	}
	if strings.Contains(user.Content, "\x1b[") {
		t.Error("terminal colour codes reached the prompt")
	}
	if a.Name() != "llm:test-model" {
		t.Errorf("Name = %q", a.Name())
	}
}

func TestCellLevelFix(t *testing.T) {
	req := ixRequest(agents.CellLevel)
	s := newServer(t, reply("Plan: .ix was removed; use .loc.\n```python\nX = train.loc[:, ['Pclass', 'Fare']].fillna(0)\ny = train['Survived']\n```", 800, 60))
	a, _ := newAgent(t, s, nil)
	resp, err := a.Fix(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	want := append([]string(nil), req.Cells...)
	want[2] = "X = train.loc[:, ['Pclass', 'Fare']].fillna(0)\ny = train['Survived']"
	if fmt.Sprint(resp.Cells) != fmt.Sprint(want) {
		t.Errorf("cells = %q\nwant %q", resp.Cells, want)
	}
	user := s.requests()[0].body.Messages[1].Content
	sys := s.requests()[0].body.Messages[0].Content
	// The study's cell-level view: cells 1..k and k+1, not the rest.
	if !strings.Contains(user, "# %% cell 4\n") || strings.Contains(user, "# %% cell 5") || !strings.Contains(user, "cells after 4 not shown") {
		t.Errorf("cell-level prompt shows the wrong cells:\n%s", user)
	}
	if !strings.Contains(sys, "new source of cell 3 only") {
		t.Errorf("system prompt does not ask for cell 3:\n%s", sys)
	}
}

func TestCellLevelWithoutFailureFallsBackToFile(t *testing.T) {
	req := ixRequest(agents.CellLevel)
	req.Kind, req.Failure, req.DurationS = agents.RuntimeReduction, nil, 912
	fixed := strings.ReplaceAll(fixedNotebook(req), "n_estimators=100", "n_estimators=100, n_jobs=-1")
	s := newServer(t, reply("Use all cores.\n```python\n"+fixed+"```", 10, 10))
	a, _ := newAgent(t, s, nil)
	resp, err := a.Fix(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(resp.Cells[3], "n_jobs=-1") || len(resp.Cells) != 5 {
		t.Errorf("cells = %q", resp.Cells)
	}
	sys := s.requests()[0].body.Messages[0].Content
	for _, want := range []string{"performance engineer", "took 912 s", "time limit of 600 s", "Do not sample", "early stopping", "complete notebook"} {
		if !strings.Contains(sys, want) {
			t.Errorf("runtime prompt lacks %q:\n%s", want, sys)
		}
	}
}

func TestScoreCalibrationPrompt(t *testing.T) {
	for _, tc := range []struct {
		score    float64
		coreOK   bool
		gapShown string
	}{{0.70, false, ""}, {0.40, true, "The gap is 48%"}} {
		req := ixRequest(agents.FileLevel)
		req.Kind, req.Failure, req.Score = agents.ScoreCalibration, nil, ptr(tc.score)
		p, err := buildPrompt(req, agents.FileLevel, DefaultMaxPromptTokens)
		if err != nil {
			t.Fatal(err)
		}
		sys, user := p.msgs[0].Content, p.msgs[1].Content
		for _, want := range []string{"toward the target, not past it", "within 10% of the target", "hard-code", "leakage"} {
			if !strings.Contains(sys, want) {
				t.Errorf("score %v: system prompt lacks %q", tc.score, want)
			}
		}
		if got := strings.Contains(sys, "you may change the core logic"); got != tc.coreOK {
			t.Errorf("score %v: core-logic change allowed = %v, want %v:\n%s", tc.score, got, tc.coreOK, sys)
		}
		if tc.gapShown != "" && !strings.Contains(sys, tc.gapShown) {
			t.Errorf("score %v: prompt lacks %q", tc.score, tc.gapShown)
		}
		if !strings.Contains(user, fmt.Sprintf("Current score: %g", tc.score)) {
			t.Errorf("score %v: current score missing:\n%s", tc.score, user)
		}
	}
}

func TestRetryAfter429(t *testing.T) {
	req := ixRequest(agents.FileLevel)
	s := newServer(t,
		apiErr(429, map[string]string{"Retry-After": "1"}, "Rate limit reached for test-model on tokens per min.", "tokens", "rate_limit_exceeded"),
		reply("Fix.\n```python\n"+fixedNotebook(req)+"```", 100, 50))
	a, logs := newAgent(t, s, nil) // backoff is 1 ms: only Retry-After explains a 1 s wait
	resp, err := a.Fix(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	reqs := s.requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2", len(reqs))
	}
	if gap := reqs[1].at.Sub(reqs[0].at); gap < 950*time.Millisecond {
		t.Errorf("retried after %v, want the 1 s the server asked for", gap)
	}
	if resp.TokensIn != 100 {
		t.Errorf("tokens in = %d: a rejected request costs nothing", resp.TokensIn)
	}
	if !strings.Contains(logs.String(), "429") {
		t.Errorf("the retry was not logged: %s", logs)
	}
}

func TestServerErrorsRetried(t *testing.T) {
	req := ixRequest(agents.FileLevel)
	fail := apiErr(500, nil, "The server had an error while processing your request.", "server_error", "")
	s := newServer(t, fail, fail, reply("Fix.\n```python\n"+fixedNotebook(req)+"```", 100, 50))
	a, _ := newAgent(t, s, nil)
	if _, err := a.Fix(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	if n := len(s.requests()); n != 3 {
		t.Errorf("%d requests, want 3", n)
	}

	// A server that keeps failing: the error says how often it was tried.
	s = newServer(t, apiErr(503, nil, "overloaded", "server_error", ""))
	a, _ = newAgent(t, s, func(c *Config) { c.Retries = 2 })
	_, err := a.Fix(context.Background(), req)
	if err == nil || !strings.Contains(err.Error(), "503") || !strings.Contains(err.Error(), "gave up after 3 attempts") || !strings.Contains(err.Error(), "overloaded") {
		t.Errorf("err = %v", err)
	}
	if n := len(s.requests()); n != 3 {
		t.Errorf("%d requests, want 3", n)
	}
}

func TestNotRetried(t *testing.T) {
	req := ixRequest(agents.FileLevel)
	for _, h := range []func(http.ResponseWriter, *http.Request){
		apiErr(429, nil, "You exceeded your current quota, please check your plan and billing details.", "insufficient_quota", "insufficient_quota"),
		apiErr(400, nil, "Invalid value for 'temperature'", "invalid_request_error", "unsupported_value"),
	} {
		s := newServer(t, h)
		a, _ := newAgent(t, s, nil)
		_, err := a.Fix(context.Background(), req)
		if err == nil || strings.Contains(err.Error(), "\n") {
			t.Errorf("err = %v, want a one-line error", err)
		}
		if n := len(s.requests()); n != 1 {
			t.Errorf("%v: %d requests, want 1 (not retryable)", err, n)
		}
	}
}

func TestTimeoutRetried(t *testing.T) {
	req := ixRequest(agents.FileLevel)
	s := newServer(t,
		func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }, // hangs until the client gives up
		reply("Fix.\n```python\n"+fixedNotebook(req)+"```", 100, 50))
	a, logs := newAgent(t, s, func(c *Config) { c.Timeout = 200 * time.Millisecond })
	if _, err := a.Fix(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	if n := len(s.requests()); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
	if !strings.Contains(logs.String(), "retrying") || !strings.Contains(logs.String(), "Timeout exceeded") {
		t.Errorf("timeout not logged: %s", logs)
	}
}

func TestMalformedReplies(t *testing.T) {
	req := ixRequest(agents.FileLevel)
	// No code block at all, every time: retried 3 times, then a failed fix
	// that still reports the tokens spent.
	s := newServer(t, reply("I would replace .ix with .loc in cell 3.", 500, 20))
	a, _ := newAgent(t, s, nil)
	resp, err := a.Fix(context.Background(), req)
	if err == nil || !strings.Contains(err.Error(), "failed fix") || !strings.Contains(err.Error(), "no ```python code block") {
		t.Fatalf("err = %v", err)
	}
	if n := len(s.requests()); n != 4 {
		t.Errorf("%d requests, want 1 + 3 retries", n)
	}
	if resp == nil || resp.Cells != nil || resp.TokensIn != 2000 || resp.TokensOut != 80 || resp.CostUSD != (2000*2.5+80*10)/1e6 {
		t.Errorf("failed fix response = %+v, want the tokens of 4 calls and no cells", resp)
	}

	// A cut-off reply, then a good one: the model is told why and the
	// tokens of both calls are counted.
	s = newServer(t,
		reply("Plan.\n```python\n# %% cell 1\nimport pandas as pd\n", 700, 4096),
		reply("Plan.\n```python\n"+fixedNotebook(req)+"```", 900, 300))
	a, _ = newAgent(t, s, nil)
	resp, err = a.Fix(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.TokensIn != 1600 || resp.TokensOut != 4396 {
		t.Errorf("tokens = %d/%d, want 1600/4396", resp.TokensIn, resp.TokensOut)
	}
	second := s.requests()[1].body.Messages
	if len(second) != 4 || second[2].Role != "assistant" || !strings.Contains(second[3].Content, "not closed") {
		t.Errorf("retry conversation = %+v", second)
	}

	// Unchanged code is not a fix.
	var same strings.Builder
	for i, c := range req.Cells {
		fmt.Fprintf(&same, "# %%%% cell %d\n%s\n", i+1, c)
	}
	s = newServer(t, reply("Nothing to change.\n```python\n"+same.String()+"```", 1, 1))
	a, _ = newAgent(t, s, func(c *Config) { c.MalformedRetries = -1 })
	if _, err := a.Fix(context.Background(), req); err == nil || !strings.Contains(err.Error(), "unchanged") {
		t.Errorf("err = %v", err)
	}
	if n := len(s.requests()); n != 1 {
		t.Errorf("%d requests with retries disabled", n)
	}
}

// bigRequest has 60 cells, a long traceback and 400 packages.
func bigRequest() agents.Request {
	req := ixRequest(agents.FileLevel)
	req.Cells = nil
	for i := range 60 {
		req.Cells = append(req.Cells, fmt.Sprintf("# step %d\n%s", i, strings.Repeat(fmt.Sprintf("df['f%d'] = df['a'] * %d\n", i, i), 25)))
	}
	req.Cells[0] = "import pandas as pd\ndf = pd.read_csv('/kaggle/input/titanic/train.csv')"
	req.Cells[30] = "X = df.ix[:, FEATURES]"
	req.Failure.Cell = 30
	req.Failure.Traceback = strings.Repeat("  File \"/usr/lib/python3/dist-packages/pandas/core/generic.py\", line 6299, in __getattr__\n", 400) +
		"AttributeError: 'DataFrame' object has no attribute 'ix'"
	for i := range 400 {
		req.Packages = append(req.Packages, agents.Package{Name: fmt.Sprintf("pkg%d", i), Version: "1.0"})
	}
	return req
}

func TestPromptCap(t *testing.T) {
	req := bigRequest()
	full, err := buildPrompt(req, agents.FileLevel, 1<<30)
	if err != nil || full.level != 0 {
		t.Fatal(err, full.level)
	}
	// A cap that forces the notebook to be trimmed around the failure.
	limit := full.tokens / 3
	p, err := buildPrompt(req, agents.FileLevel, limit)
	if err != nil {
		t.Fatal(err)
	}
	if p.tokens > limit || p.level < 2 {
		t.Fatalf("trimmed prompt: %d tokens at level %d, cap %d", p.tokens, p.level, limit)
	}
	user := p.msgs[1].Content
	for _, want := range []string{"X = df.ix[:, FEATURES]", "# %% cell 29\n# step 28", "# %% cell 1\n" + placeholder,
		"more the notebook does not import", "lines omitted", "pandas==2.2.3"} {
		if !strings.Contains(user, want) {
			t.Errorf("trimmed prompt lacks %q", want)
		}
	}
	if strings.Contains(user, "pkg17==") {
		t.Error("packages the notebook does not import survived trimming")
	}

	// The model copies the placeholders; the cells come back from the original.
	var out strings.Builder
	for i, c := range req.Cells {
		fmt.Fprintf(&out, "# %%%% cell %d\n", i+1)
		if i < 28 || i > 32 {
			out.WriteString(placeholder + "\n")
		} else {
			out.WriteString(strings.ReplaceAll(c, ".ix[", ".loc[") + "\n")
		}
	}
	s := newServer(t, reply("Use .loc.\n```python\n"+out.String()+"```", 3000, 900))
	a, logs := newAgent(t, s, func(c *Config) { c.MaxPromptTokens = limit })
	resp, err := a.Fix(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Cells) != 60 || resp.Cells[0] != req.Cells[0] || resp.Cells[59] != req.Cells[59] || resp.Cells[30] != "X = df.loc[:, FEATURES]" {
		t.Errorf("restored cells wrong: %d cells, [30] = %q", len(resp.Cells), resp.Cells[30])
	}
	if got := estimateTokens(s.requests()[0].body.Messages); got > limit {
		t.Errorf("sent prompt of ~%d tokens over the cap %d", got, limit)
	}
	if !strings.Contains(logs.String(), "prompt trimmed") {
		t.Errorf("trimming not logged: %s", logs)
	}

	// A cap nothing fits: refused before any request.
	s = newServer(t, reply("unused", 1, 1))
	a, _ = newAgent(t, s, func(c *Config) { c.MaxPromptTokens = 500 })
	_, err = a.Fix(context.Background(), req)
	if err == nil || !strings.Contains(err.Error(), "over the cap of 500") || !strings.Contains(err.Error(), EnvMaxPromptTokens) {
		t.Errorf("err = %v", err)
	}
	if n := len(s.requests()); n != 0 {
		t.Errorf("%d requests for a prompt over the cap", n)
	}
}

// TestAPIKeyNeverLeaks: a server that echoes the key back in its errors
// (some do) must not get it into erosion's errors or logs.
func TestAPIKeyNeverLeaks(t *testing.T) {
	req := ixRequest(agents.FileLevel)
	echo := func(status int) func(http.ResponseWriter, *http.Request) {
		return func(w http.ResponseWriter, r *http.Request) {
			key := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
			apiErr(status, nil, "Incorrect API key provided: "+key+". You can find your API key in your account settings.", "invalid_request_error", "invalid_api_key")(w, r)
		}
	}
	s := newServer(t, echo(500), echo(401))
	a, logs := newAgent(t, s, nil)
	_, err := a.Fix(context.Background(), req)
	if err == nil {
		t.Fatal("no error for a rejected key")
	}
	if n := len(s.requests()); n != 2 || s.requests()[1].auth != "Bearer "+testKey {
		t.Fatalf("requests = %+v", s.requests())
	}
	if !strings.Contains(err.Error(), "401") || !strings.Contains(err.Error(), "[redacted]") {
		t.Errorf("err = %v, want the 401 with the key redacted", err)
	}
	if !strings.Contains(logs.String(), "[redacted]") {
		t.Errorf("the retried 500 was not logged: %s", logs)
	}
	for where, text := range map[string]string{"error": err.Error(), "logs": logs.String()} {
		if strings.Contains(text, "CANARY") {
			t.Errorf("the API key leaked into the %s: %s", where, text)
		}
	}
}

func TestConfigFromEnv(t *testing.T) {
	for _, n := range []string{EnvBaseURL, EnvModel, EnvAPIKey, EnvPriceInput, EnvPriceOutput, EnvTemperature, EnvMaxPromptTokens, EnvTimeout, EnvOpenAIBaseURL, EnvOpenAIAPIKey} {
		t.Setenv(n, "")
	}
	t.Setenv(EnvModel, "qwen2.5-coder")
	t.Setenv(EnvOpenAIBaseURL, "http://127.0.0.1:11434/v1")
	t.Setenv(EnvOpenAIAPIKey, "sk-fallback")
	t.Setenv(EnvPriceInput, "1.25")
	t.Setenv(EnvPriceOutput, "10")
	t.Setenv(EnvTimeout, "90s")
	a, err := FromEnv()
	if err != nil {
		t.Fatal(err)
	}
	c := a.Config()
	if c.BaseURL != "http://127.0.0.1:11434/v1" || c.APIKey != "sk-fallback" || c.Model != "qwen2.5-coder" ||
		c.InputPricePerM != 1.25 || c.OutputPricePerM != 10 || c.Timeout != 90*time.Second || c.MaxPromptTokens != DefaultMaxPromptTokens {
		t.Errorf("config = %+v", c)
	}
	if a.Name() != "llm:qwen2.5-coder" {
		t.Errorf("Name = %q", a.Name())
	}
	// erosion's own variables win over the OpenAI SDK's.
	t.Setenv(EnvBaseURL, "http://127.0.0.1:8000/v1/")
	t.Setenv(EnvAPIKey, "sk-erosion")
	if a, err = FromEnv(); err != nil || a.Config().BaseURL != "http://127.0.0.1:8000/v1" || a.Config().APIKey != "sk-erosion" {
		t.Errorf("config = %+v, %v", a.Config(), err)
	}

	t.Setenv(EnvPriceInput, "cheap")
	if _, err := FromEnv(); err == nil || !strings.Contains(err.Error(), EnvPriceInput) {
		t.Errorf("err = %v", err)
	}
	t.Setenv(EnvPriceInput, "")
	t.Setenv(EnvModel, "")
	if _, err := FromEnv(); err == nil || !strings.Contains(err.Error(), EnvModel) {
		t.Errorf("err = %v", err)
	}
	// The hosted default needs a key; local servers do not.
	if _, err := New(Config{Model: "m"}); err == nil || !strings.Contains(err.Error(), EnvAPIKey) {
		t.Errorf("err = %v", err)
	}
	if _, err := New(Config{Model: "m", BaseURL: "127.0.0.1:8000"}); err == nil {
		t.Error("a base URL without scheme was accepted")
	}
}

func TestParseReply(t *testing.T) {
	for _, tc := range []struct {
		in, plan, code, err string
	}{
		{"Plan here.\n```python\nx = 1\n```\n", "Plan here.", "x = 1", ""},
		{"Plan.\n```bash\npip install x\n```\n```python\nshort\n```\n```py\nlonger code\n```", "Plan.\n```bash\npip install x\n```\n```python\nshort\n```", "longer code", ""},
		{"```\nuntagged\n```\nAfter text plan.", "After text plan.", "untagged", ""},
		{"Plan.\n````python\nprint('```')\n````", "Plan.", "print('```')", ""},
		{"no code", "", "", "no ```python code block"},
		{"Plan.\n```python\nx = 1\n", "", "", "not closed"},
		{"", "", "", "empty"},
	} {
		plan, code, err := parseReply(tc.in, "stop")
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: err = %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || plan != tc.plan || code != tc.code {
			t.Errorf("%q: got (%q, %q, %v), want (%q, %q)", tc.in, plan, code, err, tc.plan, tc.code)
		}
	}
}

func TestNotebookCells(t *testing.T) {
	orig := []string{"a = 1", "b = 2", "c = 3"}
	cells, err := notebookCells("import os\n# %% cell 1\na = 1\n# %% [markdown]\n# notes\n# %% cell 2\n"+placeholder+"\n\n# %% cell 3\nc = 4\n", orig)
	if err != nil || fmt.Sprint(cells) != fmt.Sprint([]string{"import os", "a = 1", "b = 2", "c = 4"}) {
		t.Errorf("cells = %q, %v", cells, err)
	}
	var m *malformed
	if _, err := notebookCells("a = 1\nb = 2", orig); !errors.As(err, &m) {
		t.Errorf("markerless multi-cell reply accepted: %v", err)
	}
	if _, err := notebookCells("# %%\n"+placeholder, orig); !errors.As(err, &m) {
		t.Errorf("placeholder without a cell number accepted: %v", err)
	}
	if cells, err := replaceCell("# %% cell 1\nx\n# %% cell 2\nfixed\n", orig, 1); err != nil || cells[1] != "fixed" || cells[0] != "a = 1" {
		t.Errorf("replaceCell = %q, %v", cells, err)
	}
	if _, err := replaceCell("# %% cell 1\nx\n# %% cell 3\ny\n", orig, 1); !errors.As(err, &m) {
		t.Errorf("several cells without the failing one accepted: %v", err)
	}
}

func TestCancelStopsRetries(t *testing.T) {
	s := newServer(t, apiErr(503, map[string]string{"Retry-After": "30"}, "overloaded", "server_error", ""))
	a, _ := newAgent(t, s, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := a.Fix(ctx, ixRequest(agents.FileLevel))
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 5*time.Second {
		t.Errorf("err = %v after %v, want the caller's deadline promptly", err, time.Since(start))
	}
}

// A server that is not there fails the fix at once: retrying cannot help.
func TestUnreachableServerFailsAtOnce(t *testing.T) {
	s := newServer(t, reply("unused", 1, 1))
	addr := s.srv.Listener.Addr().String()
	s.srv.Close()
	a, logs := newAgent(t, s, func(c *Config) { c.Backoff, c.MaxBackoff = time.Hour, time.Hour })
	_, err := a.Fix(context.Background(), ixRequest(agents.FileLevel))
	if err == nil || !strings.Contains(err.Error(), "cannot reach "+addr+": check network or proxy") || strings.Contains(logs.String(), "retrying") {
		t.Errorf("err = %v\nlogs: %s", err, logs)
	}
}
