package command

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"erosion/agents"
)

func requirePython(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("python3"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("python3 is required in CI")
		}
		t.Skip("no python3 on this machine")
	}
}

func ixRequest(mode string) agents.Request {
	return agents.Request{
		NotebookID: "titanic-ix-2017", Competition: "titanic", Kind: agents.ErrorRepair, Mode: mode, Iteration: 1,
		Cells: []string{
			"import pandas as pd\ntrain = pd.read_csv('/kaggle/input/titanic/train.csv')",
			"X = train.ix[:, ['Pclass', 'Fare']]  # keep this comment",
			"X.to_csv('submission.csv')",
		},
		Failure: &agents.Failure{Cell: 1, ExceptionType: "AttributeError", Message: "'DataFrame' object has no attribute 'ix'",
			Traceback: "AttributeError: 'DataFrame' object has no attribute 'ix'"},
		Python:   "3.13.5",
		Packages: []agents.Package{{Name: "pandas", Version: "2.2.3"}},
	}
}

func TestFixIxAgent(t *testing.T) {
	requirePython(t)
	// The script itself is the program (its shebang finds python3 on the
	// clean PATH), as `--agent command:path/to/fix_ix.py` runs it.
	a, err := New([]string{"testdata/fix_ix.py"}, Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if a.Name() != "command:fix_ix.py" {
		t.Errorf("Name = %q", a.Name())
	}
	want := []string{ixRequest("").Cells[0], "X = train.loc[:, ['Pclass', 'Fare']]  # keep this comment", ixRequest("").Cells[2]}
	for _, mode := range []string{agents.FileLevel, agents.CellLevel} { // "cells" and "cell" answers
		resp, err := a.Fix(context.Background(), ixRequest(mode))
		if err != nil {
			t.Fatalf("%s: %v", mode, err)
		}
		if strings.Join(resp.Cells, "\x00") != strings.Join(want, "\x00") {
			t.Errorf("%s: cells = %q", mode, resp.Cells)
		}
		if !strings.Contains(resp.Plan, "Cell 2 uses DataFrame.ix") {
			t.Errorf("%s: plan = %q", mode, resp.Plan)
		}
	}

	// Nothing it knows: it gives up, with its reason.
	req := ixRequest(agents.FileLevel)
	req.Cells[1] = "X = train.as_matrix()"
	req.Failure.Message = "'DataFrame' object has no attribute 'as_matrix'"
	_, err = a.Fix(context.Background(), req)
	if !errors.Is(err, agents.ErrGiveUp) || !strings.Contains(err.Error(), "no .ix[ to rewrite for AttributeError: 'DataFrame' object has no attribute 'as_matrix'") {
		t.Errorf("err = %v, want ErrGiveUp with the reason", err)
	}
}

// script is absolute: arguments are passed as given, so a relative path
// would be relative to Options.Dir.
var script, _ = filepath.Abs("testdata/misbehave.py")

func misbehave(t *testing.T, mode string, opts Options) (*agents.Response, error) {
	t.Helper()
	a, err := New([]string{"python3", script, mode}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if a.Name() != "command:misbehave.py" {
		t.Errorf("Name = %q", a.Name())
	}
	return a.Fix(context.Background(), ixRequest(agents.FileLevel))
}

func TestProtocolErrors(t *testing.T) {
	requirePython(t)
	for _, tc := range []struct{ mode, want string }{
		{"badjson", `stdout is not a JSON answer object`},
		{"exit", `exit status 3; stderr: Traceback (most recent call last): | File "agent.py", line 3, in <module> | KeyError: 'model'`},
		{"empty", "wrote nothing on stdout"},
		{"both", `both "cells" and "cell"`},
		{"neither", `none of "cells", "cell" or "give_up"`},
	} {
		_, err := misbehave(t, tc.mode, Options{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.mode, err, tc.want)
			continue
		}
		if !strings.Contains(err.Error(), `command agent "python3 `+script+" "+tc.mode+`"`) {
			t.Errorf("%s: the error does not name the command: %v", tc.mode, err)
		}
		if strings.Contains(err.Error(), "\n") || errors.Is(err, agents.ErrGiveUp) {
			t.Errorf("%s: want a one-line error that is not a give-up: %q", tc.mode, err)
		}
	}
}

func TestAnswerFields(t *testing.T) {
	requirePython(t)
	resp, err := misbehave(t, "usage", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Cells) != 2 || resp.Plan != "p" || resp.TokensIn != 1500 || resp.TokensOut != 250 || resp.CostUSD != 0.0062 {
		t.Errorf("resp = %+v", resp)
	}
	resp, err = misbehave(t, "cell", Options{})
	if err != nil || resp.Cells[1] != "fixed()" || resp.Cells[0] != ixRequest("").Cells[0] || len(resp.Cells) != 3 {
		t.Errorf("cell answer: %+v, %v", resp, err)
	}
}

func TestTimeoutKillsTheProcessGroup(t *testing.T) {
	requirePython(t)
	start := time.Now()
	_, err := misbehave(t, "sleep", Options{Timeout: time.Second})
	if err == nil || !strings.Contains(err.Error(), "no answer within 1s") {
		t.Errorf("err = %v", err)
	}
	// The grandchild holds stdout open; only killing the group ends it now.
	if d := time.Since(start); d > 4*time.Second {
		t.Errorf("took %v after a 1 s timeout", d)
	}
}

func TestCleanEnvironment(t *testing.T) {
	requirePython(t)
	t.Setenv("EROSION_LLM_API_KEY", "sk-secret-canary")
	t.Setenv("KAGGLE_KEY", "kaggle-secret-canary")
	t.Setenv("AGENT_MODEL_DIR", "/models")
	dir := t.TempDir()
	// The interpreter itself, not a version manager's shim that adds
	// variables of its own.
	out, err := exec.Command("python3", "-c", "import sys; print(sys.executable)").Output()
	if err != nil {
		t.Fatal(err)
	}
	a, err := New([]string{strings.TrimSpace(string(out)), script, "env"}, Options{Dir: dir, Env: []string{"AGENT_MODEL_DIR", "AGENT_MODE=fast", "UNSET_VAR_XYZ"}})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := a.Fix(context.Background(), ixRequest(agents.FileLevel))
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Cwd string            `json:"cwd"`
		Env map[string]string `json:"env"`
	}
	if err := json.Unmarshal([]byte(resp.Plan), &got); err != nil {
		t.Fatal(err)
	}
	if got.Cwd != dir {
		t.Errorf("cwd = %q, want %q", got.Cwd, dir)
	}
	if got.Env["AGENT_MODEL_DIR"] != "/models" || got.Env["AGENT_MODE"] != "fast" || got.Env["PATH"] != os.Getenv("PATH") {
		t.Errorf("env lacks the allowed variables: %v", got.Env)
	}
	for k, v := range got.Env {
		if strings.Contains(v, "canary") {
			t.Errorf("secret %s reached the agent", k)
		}
		switch k {
		case "PATH", "HOME", "LANG", "AGENT_MODEL_DIR", "AGENT_MODE", "LC_CTYPE":
			// Python sets LC_CTYPE itself when it coerces the C locale.
		default:
			t.Errorf("unexpected variable %s=%q", k, v)
		}
	}
}

func TestNewErrors(t *testing.T) {
	for _, tc := range []struct {
		argv []string
		opts Options
		want string
	}{
		{nil, Options{}, "no program given"},
		{[]string{"testdata/does-not-exist"}, Options{}, "not an executable"},
		{[]string{"testdata/misbehave.py"}, Options{}, "not an executable"}, // not chmod +x
		{[]string{"testdata/fix_ix.py"}, Options{Dir: "testdata/nope"}, "is not a directory"},
		{[]string{"testdata/fix_ix.py"}, Options{Env: []string{"BAD NAME=1"}}, "neither NAME nor NAME=value"},
	} {
		if _, err := New(tc.argv, tc.opts); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New(%q, %+v) = %v, want %q", tc.argv, tc.opts, err, tc.want)
		}
	}
	abs, _ := filepath.Abs("testdata/fix_ix.py")
	if a, err := New([]string{abs}, Options{Name: "my-agent"}); err != nil || a.Name() != "my-agent" {
		t.Errorf("Name override: %v", err)
	}
}

func TestDecodeWithoutProgram(t *testing.T) {
	// The decoder's rules, without starting processes.
	a := &Agent{argv: []string{"/bin/agent"}, cmd: "/bin/agent"}
	req := ixRequest(agents.FileLevel)
	for _, tc := range []struct{ out, want string }{
		{`{"cells": []}`, "empty \"cells\""},
		{`{"cells": ["a"]} {"cells": ["b"]}`, "more than the one JSON answer"},
		{`{"cells": ["a"], "tokens_in": -1}`, "negative"},
		{`{"give_up": true}`, "no reason given"},
		{`[1, 2]`, "not a JSON answer object"},
	} {
		if _, err := a.decode(req, []byte(tc.out), &tailBuffer{max: 10}); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.out, err, tc.want)
		}
	}
	req.Failure = nil
	if _, err := a.decode(req, []byte(`{"cell": "x"}`), &tailBuffer{max: 10}); err == nil || !strings.Contains(err.Error(), "no failing cell") {
		t.Errorf("cell without failure: %v", err)
	}
}
