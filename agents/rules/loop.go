package rules

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"erosion/agents"
)

// LoopAgent adapts Agent to the modernization loop (agents.Agent). The
// Response names the catalog entries applied (Rules) and whether any may
// change meaning; a notebook that imports a package the environment cannot
// provide is answered at once with an *agents.UnrestorableError (an
// agents.ErrGiveUp), and one no rule helps with with agents.ErrGiveUp.
type LoopAgent struct{ *Agent }

// Name is the agent's name in results.
func (LoopAgent) Name() string { return "rules" }

// Fix implements agents.Agent.
func (l LoopAgent) Fix(ctx context.Context, req agents.Request) (*agents.Response, error) {
	var f Failure
	if req.Failure != nil {
		f = Failure{Cell: req.Failure.Cell, ExceptionType: req.Failure.ExceptionType, Message: req.Failure.Message, Traceback: req.Failure.Traceback}
	}
	res, err := l.Agent.Fix(ctx, req.Cells, f)
	var unrestorable *agents.UnrestorableError
	switch {
	case errors.As(err, &unrestorable):
		return nil, err
	case errors.Is(err, ErrNoRule):
		return nil, fmt.Errorf("%w: %v", agents.ErrGiveUp, err)
	case err != nil:
		return nil, err
	}
	var applied []string
	for _, e := range res.Edits {
		applied = append(applied, fmt.Sprintf("%s (cell %d line %d)", e.Rule, e.Cell, e.Line))
	}
	resp := &agents.Response{Cells: res.Cells, Plan: "applied " + strings.Join(applied, ", "),
		Rules: res.Rules(), MeaningChanging: res.MeaningChanging()}
	for _, id := range resp.Rules {
		if e, ok := Lookup(id); ok {
			if !slices.Contains(resp.Families, e.Family) {
				resp.Families = append(resp.Families, e.Family)
			}
			if !slices.Contains(resp.Libraries, e.Library) {
				resp.Libraries = append(resp.Libraries, e.Library)
			}
		}
	}
	return resp, nil
}
