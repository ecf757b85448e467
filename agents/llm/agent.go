package llm

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"

	"erosion/agents"
)

// Agent asks a chat-completions model for fixes. It is safe for concurrent
// use.
type Agent struct {
	cfg  Config
	http *http.Client // through the retry policy
}

// New checks cfg and fills in its defaults.
func New(cfg Config) (*Agent, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	a := &Agent{cfg: cfg}
	a.http = httpClient(cfg, a.retryable)
	return a, nil
}

// Name is "llm:<model>".
func (a *Agent) Name() string { return "llm:" + a.cfg.Model }

// Config returns the effective configuration (defaults filled in). Callers
// that print it must leave out APIKey.
func (a *Agent) Config() Config { return a.cfg }

// Fix asks the model for one fix. In cell-level mode the model rewrites the
// failing cell and Fix returns the notebook with that cell replaced; when no
// cell raised (a timeout, a score off target) there is no cell to rewrite
// and the fix is made at file level.
//
// A reply without a usable code block is sent back to the model with the
// reason, up to MalformedRetries times; then the fix fails. When a fix fails
// after the model answered, Fix returns the error together with a Response
// that has no Cells but carries the tokens and cost spent, so callers can
// account them.
func (a *Agent) Fix(ctx context.Context, req agents.Request) (*agents.Response, error) {
	if len(req.Cells) == 0 {
		return nil, fmt.Errorf("llm agent: notebook %s has no code cells to fix", req.NotebookID)
	}
	mode := req.Mode
	k := failingCell(req)
	if mode != agents.CellLevel || k < 0 {
		mode = agents.FileLevel
	}
	p, err := buildPrompt(req, mode, a.cfg.MaxPromptTokens)
	if err != nil {
		return nil, err
	}
	if p.level > 0 {
		a.cfg.Log.Info("llm: prompt trimmed to fit the cap", "notebook", req.NotebookID, "level", p.level,
			"tokens", p.tokens, "cap", a.cfg.MaxPromptTokens, "cells_shown", len(p.shown), "cells", len(req.Cells))
	}
	msgs := p.msgs
	resp := &agents.Response{}
	spent := func() *agents.Response {
		resp.CostUSD = a.cfg.cost(resp.TokensIn, resp.TokensOut)
		if resp.TokensIn == 0 && resp.TokensOut == 0 && resp.Cells == nil {
			return nil
		}
		return resp
	}
	for try := 0; ; try++ {
		c, err := a.complete(ctx, msgs)
		if err != nil {
			return spent(), err
		}
		resp.TokensIn += c.PromptTokens
		resp.TokensOut += c.OutputTokens
		plan, cells, err := parse(c, req, mode, k)
		if err == nil {
			resp.Plan, resp.Cells = plan, cells
			return spent(), nil
		}
		var m *malformed
		if !errors.As(err, &m) {
			return spent(), err
		}
		if try >= a.cfg.MalformedRetries {
			return spent(), fmt.Errorf("llm agent %s: notebook %s: failed fix: %d replies in a row were unusable, the last because %s",
				a.Name(), req.NotebookID, try+1, m.reason)
		}
		a.cfg.Log.Warn("llm: unusable reply, asking again", "notebook", req.NotebookID, "model", a.cfg.Model, "reason", m.reason)
		msgs = append(slices.Clone(msgs),
			message{Role: "assistant", Content: c.Content},
			message{Role: "user", Content: "Your reply could not be used: " + m.reason + ". " + formatReminder(mode, k)})
	}
}

// parse turns a reply into the plan and the notebook's new code cells.
func parse(c completion, req agents.Request, mode string, k int) (string, []string, error) {
	plan, code, err := parseReply(c.Content, c.FinishReason)
	if err != nil {
		return "", nil, err
	}
	var cells []string
	if mode == agents.CellLevel {
		cells, err = replaceCell(code, req.Cells, k)
	} else {
		cells, err = notebookCells(code, req.Cells)
	}
	if err != nil {
		return "", nil, err
	}
	if slices.Equal(cells, req.Cells) {
		return "", nil, malformedf("the code is the notebook unchanged; a fix must change it")
	}
	return plan, cells, nil
}

func formatReminder(mode string, k int) string {
	if mode == agents.CellLevel {
		return fmt.Sprintf("Reply again with a plan of 3-5 sentences, then the new source of cell %d only, as one ```python code block.", k+1)
	}
	return "Reply again with a plan of 3-5 sentences, then the complete notebook as one ```python code block in which every code cell starts with its `# %% cell N` line."
}
