// Package command is the modernization agent that runs any executable
// speaking erosion's JSON protocol (PROTOCOL.md): the request as one JSON
// object on stdin, the fix (or a give-up) as one JSON object on stdout. It
// lets agents written in any language take part in the loop and the
// benchmark.
package command

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"

	"erosion/agents"
)

// DefaultTimeout bounds one fix when Options.Timeout is zero.
const DefaultTimeout = 10 * time.Minute

// maxStdout bounds what is read of the program's answer; a notebook's code
// is far smaller.
const maxStdout = 64 << 20

// baseEnv are the only variables of erosion's environment the program gets
// without being asked: secrets (LLM and Kaggle keys) stay with erosion.
var baseEnv = []string{"PATH", "HOME", "LANG"}

// Options configure how the program is run.
type Options struct {
	// Dir is the working directory; "" is erosion's.
	Dir string
	// Env adds variables to the clean environment (PATH, HOME, LANG):
	// "NAME" passes erosion's value of NAME through, "NAME=value" sets it.
	Env []string
	// Timeout bounds one fix; zero means DefaultTimeout.
	Timeout time.Duration
	// Name overrides the agent's name (default "command:<program>").
	Name string
	// Stderr, if set, receives the program's stderr as it runs; either way
	// its tail is kept for error messages.
	Stderr io.Writer
}

// Agent runs one program per fix.
type Agent struct {
	argv []string // argv[0] resolved to an absolute path
	cmd  string   // the argv as given, for messages
	opts Options
	env  []string
	name string
}

var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// New checks that argv[0] is an executable (a path, or a name found on
// PATH) and prepares the environment the program will get.
func New(argv []string, opts Options) (*Agent, error) {
	if len(argv) == 0 || argv[0] == "" {
		return nil, errors.New("command agent: no program given: pass --agent command:<path to an executable>")
	}
	path, err := exec.LookPath(argv[0])
	if err != nil {
		return nil, fmt.Errorf("command agent %s: not an executable file on PATH or at that path (%v): check the path and chmod +x it", argv[0], errors.Unwrap(err))
	}
	if path, err = filepath.Abs(path); err != nil {
		return nil, fmt.Errorf("command agent %s: %v", argv[0], err)
	}
	if opts.Dir != "" {
		if st, err := os.Stat(opts.Dir); err != nil || !st.IsDir() {
			return nil, fmt.Errorf("command agent %s: working directory %s is not a directory", argv[0], opts.Dir)
		}
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	env, err := cleanEnv(opts.Env)
	if err != nil {
		return nil, fmt.Errorf("command agent %s: %w", argv[0], err)
	}
	a := &Agent{argv: append([]string{path}, argv[1:]...), cmd: clip(strings.Join(argv, " "), 200), opts: opts, env: env, name: opts.Name}
	if a.name == "" {
		a.name = "command:" + programName(argv)
	}
	return a, nil
}

// cleanEnv builds the program's environment from PATH, HOME, LANG and the
// variables the user allowed.
func cleanEnv(extra []string) ([]string, error) {
	vars := map[string]string{}
	var order []string
	set := func(k, v string) {
		if _, ok := vars[k]; !ok {
			order = append(order, k)
		}
		vars[k] = v
	}
	for _, k := range baseEnv {
		if v, ok := os.LookupEnv(k); ok {
			set(k, v)
		}
	}
	for _, e := range extra {
		k, v, hasValue := strings.Cut(e, "=")
		if !envName.MatchString(k) {
			return nil, fmt.Errorf("environment entry %q is neither NAME nor NAME=value", e)
		}
		if !hasValue {
			var ok bool
			if v, ok = os.LookupEnv(k); !ok {
				continue // passing through an unset variable leaves it unset
			}
		}
		set(k, v)
	}
	env := make([]string, 0, len(order))
	for _, k := range order {
		env = append(env, k+"="+vars[k])
	}
	return env, nil
}

// interpreters are programs whose first argument is the agent's script, so
// the script names the agent.
var interpreters = regexp.MustCompile(`^(python[0-9.]*|pypy[0-9.]*|node|deno|bun|bash|sh|ruby|perl|Rscript|julia)$`)

func programName(argv []string) string {
	base := filepath.Base(argv[0])
	if len(argv) > 1 && interpreters.MatchString(base) && !strings.HasPrefix(argv[1], "-") {
		return filepath.Base(argv[1])
	}
	return base
}

// Name is "command:<program>" (the script's name when the program is an
// interpreter such as python3), or Options.Name.
func (a *Agent) Name() string { return a.name }

// answer is what the program writes on stdout.
type answer struct {
	Cells     *[]string `json:"cells"`
	Cell      *string   `json:"cell"`
	Plan      string    `json:"plan"`
	TokensIn  int       `json:"tokens_in"`
	TokensOut int       `json:"tokens_out"`
	CostUSD   float64   `json:"cost_usd"`
	GiveUp    bool      `json:"give_up"`
	Reason    string    `json:"reason"`
}

// Fix runs the program once with req on stdin and reads its answer.
func (a *Agent) Fix(ctx context.Context, req agents.Request) (*agents.Response, error) {
	in, err := json.Marshal(req)
	if err != nil {
		return nil, fmt.Errorf("command agent %q: encoding the request: %v", a.cmd, err)
	}
	rctx, cancel := context.WithTimeout(ctx, a.opts.Timeout)
	defer cancel()
	cmd := exec.CommandContext(rctx, a.argv[0], a.argv[1:]...)
	cmd.Dir, cmd.Env = a.opts.Dir, a.env
	cmd.Stdin = bytes.NewReader(in)
	stdout := &limitedBuffer{max: maxStdout}
	stderr := &tailBuffer{max: 8 << 10}
	cmd.Stdout = stdout
	cmd.Stderr = stderr
	if a.opts.Stderr != nil {
		cmd.Stderr = io.MultiWriter(stderr, a.opts.Stderr)
	}
	// The program runs in its own process group so a timeout kills the
	// children it started too, not only the direct child.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second

	err = cmd.Run()
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if rctx.Err() != nil {
		return nil, fmt.Errorf("command agent %q: no answer within %s, killed%s", a.cmd, a.opts.Timeout, stderr.suffix())
	}
	if err != nil {
		return nil, fmt.Errorf("command agent %q: %v%s", a.cmd, err, stderr.suffix())
	}
	if stdout.overflow {
		return nil, fmt.Errorf("command agent %q: wrote more than %d MB on stdout; write only the answer object there and logs to stderr", a.cmd, maxStdout>>20)
	}
	return a.decode(req, stdout.Bytes(), stderr)
}

func (a *Agent) decode(req agents.Request, out []byte, stderr *tailBuffer) (*agents.Response, error) {
	if len(bytes.TrimSpace(out)) == 0 {
		return nil, fmt.Errorf("command agent %q: wrote nothing on stdout; it must write one JSON object (see agents/command/PROTOCOL.md)%s", a.cmd, stderr.suffix())
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	var ans answer
	if err := dec.Decode(&ans); err != nil {
		return nil, fmt.Errorf("command agent %q: stdout is not a JSON answer object (%v): %q; write logs to stderr%s", a.cmd, err, clip(string(out), 120), stderr.suffix())
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("command agent %q: stdout holds more than the one JSON answer object; write logs to stderr", a.cmd)
	}
	if ans.GiveUp {
		reason := strings.TrimSpace(ans.Reason)
		if reason == "" {
			reason = "no reason given"
		}
		return nil, fmt.Errorf("command agent %q: %w: %s", a.cmd, agents.ErrGiveUp, oneLine(reason))
	}
	if ans.TokensIn < 0 || ans.TokensOut < 0 || ans.CostUSD < 0 {
		return nil, fmt.Errorf("command agent %q: negative tokens_in, tokens_out or cost_usd in its answer", a.cmd)
	}
	resp := &agents.Response{Plan: ans.Plan, TokensIn: ans.TokensIn, TokensOut: ans.TokensOut, CostUSD: ans.CostUSD}
	switch {
	case ans.Cells != nil && ans.Cell != nil:
		return nil, fmt.Errorf("command agent %q: its answer has both \"cells\" and \"cell\"; send one", a.cmd)
	case ans.Cells != nil:
		if len(*ans.Cells) == 0 {
			return nil, fmt.Errorf("command agent %q: its answer has an empty \"cells\" list; send the whole notebook's code cells, or give_up", a.cmd)
		}
		resp.Cells = *ans.Cells
	case ans.Cell != nil:
		if req.Failure == nil || req.Failure.Cell < 0 || req.Failure.Cell >= len(req.Cells) {
			return nil, fmt.Errorf("command agent %q: its answer has \"cell\" but the request has no failing cell to replace; send \"cells\"", a.cmd)
		}
		resp.Cells = append([]string(nil), req.Cells...)
		resp.Cells[req.Failure.Cell] = *ans.Cell
	default:
		return nil, fmt.Errorf("command agent %q: its answer has none of \"cells\", \"cell\" or \"give_up\" (see agents/command/PROTOCOL.md)", a.cmd)
	}
	return resp, nil
}

// limitedBuffer keeps up to max bytes and notes any overflow.
type limitedBuffer struct {
	bytes.Buffer
	max      int
	overflow bool
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if room := b.max - b.Len(); len(p) > room {
		b.overflow = true
		b.Buffer.Write(p[:max(room, 0)])
		return len(p), nil
	}
	return b.Buffer.Write(p)
}

// tailBuffer keeps the last max bytes written.
type tailBuffer struct {
	buf []byte
	max int
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.buf = append(t.buf, p...)
	if len(t.buf) > t.max {
		t.buf = append([]byte(nil), t.buf[len(t.buf)-t.max:]...)
	}
	return len(p), nil
}

// suffix is "; stderr: <last lines>" for error messages, or "".
func (t *tailBuffer) suffix() string {
	var lines []string
	for _, l := range strings.Split(string(bytes.ToValidUTF8(t.buf, nil)), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		return ""
	}
	s := strings.Join(lines[max(0, len(lines)-3):], " | ")
	if r := []rune(s); len(r) > 500 {
		s = "…" + string(r[len(r)-500:])
	}
	return "; stderr: " + s
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
