package rules

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"erosion/harness"
)

// A warm rewriter is a snapshot session (harness.Session) whose pass ran
// one cell: the rewriter's source, its rules built from the catalog and the
// libraries they inspect imported. Each fix is tried from the snapshot
// after that cell, in a fork, so it no longer pays a sandbox's start and
// the imports (most of a cold fix's time). No notebook code runs in it:
// the rewriter only parses notebooks, and its answer is checked as a cold
// one is. Any failure of the session falls back to a cold rewrite.

// warmBudget bounds a warm rewriter's life; a later fix starts another.
const warmBudget = time.Hour

// warmRestarts is how many times a session that died is started again
// before the agent rewrites cold for the rest of its life.
const warmRestarts = 3

// warmCell is the session's pass: the rewriter loaded in warm mode into
// the global _erosion_rules, where serveCell finds it.
func warmCell() string {
	catalog, _ := json.Marshal(map[string]any{"warm": true, "catalog": wireCatalog()})
	return "import base64 as _erosion_b64, json as _erosion_json\n" +
		"_erosion_rules = {'__name__': 'erosion_rules', 'INPUT': _erosion_json.loads(_erosion_b64.b64decode('" + base64.StdEncoding.EncodeToString(catalog) + "').decode('utf-8'))}\n" +
		"exec(compile(_erosion_b64.b64decode('" + base64.StdEncoding.EncodeToString([]byte(Source)) + "').decode('utf-8'), 'erosion-rules.py', 'exec'), _erosion_rules)\n"
}

// serveCell answers one request (the notebooks, without the catalog the
// warm cell already holds) as rewriteCell's cell does.
func serveCell(input []byte) string {
	return "_erosion_rules['serve'](_erosion_json.loads(_erosion_b64.b64decode('" + base64.StdEncoding.EncodeToString(input) + "').decode('utf-8')))\n"
}

// Close stops the agent's warm rewriter, if it has one. The agent stays
// usable: a later fix starts another.
func (a *Agent) Close() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.closeWarm()
	return nil
}

func (a *Agent) closeWarm() {
	if a.warm != nil {
		a.warm.Close()
		a.warm = nil
	}
	if a.warmDir != "" {
		os.RemoveAll(a.warmDir)
		a.warmDir = ""
	}
}

// runWarm answers a request on the warm rewriter, starting it when there
// is none. ok is false when the request must be run cold (the warm path is
// off, could not start or failed on this request).
func (a *Agent) runWarm(ctx context.Context, input []byte, timeout time.Duration, limits harness.Limits) (out *output, ok bool, err error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.Warm || a.restarts > warmRestarts {
		return nil, false, nil
	}
	if a.warm == nil {
		if a.warm, err = a.startWarm(ctx, timeout, limits); err != nil {
			a.restarts = warmRestarts + 1 // a session that cannot start will not start next time either
			if ctx.Err() != nil {
				return nil, false, ctx.Err()
			}
			slog.Warn("rules: no warm rewriter; every fix starts its own sandbox", "image", a.Image, "err", err)
			return nil, false, nil
		}
	}
	cells := []string{a.warm.Cells[0], serveCell(input)}
	pr, err := a.warm.Try(ctx, cells)
	if err == nil && (len(pr.Cells) != 1 || !pr.Finished) {
		err = fmt.Errorf("the warm rewriter answered %d cells", len(pr.Cells))
	}
	if err == nil {
		c := pr.Cells[0]
		if c.Error != nil {
			// The rewriter itself failed on this input: the same as cold.
			return nil, true, fmt.Errorf("%s: %s", c.Error.Type, lastLine(c.Error.Message))
		}
		out, err = answer(c.Stdout, c.StdoutBytes)
		return out, err == nil, err
	}
	if ctx.Err() != nil {
		return nil, false, ctx.Err()
	}
	slog.Warn("rules: the warm rewriter failed; rewriting cold", "image", a.Image, "err", err)
	a.closeWarm()
	a.restarts++
	return nil, false, nil
}

func (a *Agent) startWarm(ctx context.Context, timeout time.Duration, limits harness.Limits) (*harness.Session, error) {
	dir, err := os.MkdirTemp("", "erosion-rules-warm-*")
	if err != nil {
		return nil, err
	}
	job := harness.Job{
		ID:      "rules-warm-" + randomID(),
		Image:   a.Image,
		Cells:   []string{warmCell(), serveCell([]byte("{}"))},
		Dir:     dir,
		Timeout: timeout,
		Limits:  limits,
	}
	s, err := harness.StartSession(ctx, a.Driver, job, 1, warmBudget)
	if err == nil {
		switch {
		case len(s.Pass) != 1 || s.Pass[0].Status != "ok":
			err = errors.New("the rewriter did not load")
			if len(s.Pass) == 1 && s.Pass[0].Error != nil {
				err = fmt.Errorf("the rewriter did not load: %s: %s", s.Pass[0].Error.Type, lastLine(s.Pass[0].Error.Message))
			}
		case s.SnapshotFor(job.Cells) != 1:
			err = errors.New("no snapshot after the rewriter loaded (threads running?)")
		}
		if err != nil {
			s.Close()
		}
	}
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	a.warmDir = dir
	return s, nil
}
