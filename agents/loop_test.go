package agents_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"erosion/agents"
	"erosion/harness"
	"erosion/harness/docker"
	"erosion/harness/envs"
	"erosion/notebook"
	"erosion/records"
	"erosion/results"
)

// replacer is a test agent: each fix applies the first replacement that
// matches the failing cell, like a tiny rule-based modernizer.
type replacer struct {
	pairs [][2]string
	seen  []agents.Request
}

func (r *replacer) Name() string { return "replacer" }

func (r *replacer) Fix(_ context.Context, req agents.Request) (*agents.Response, error) {
	r.seen = append(r.seen, req)
	if req.Failure == nil {
		return nil, agents.ErrGiveUp
	}
	cells := append([]string(nil), req.Cells...)
	for _, p := range r.pairs {
		if strings.Contains(cells[req.Failure.Cell], p[0]) {
			cells[req.Failure.Cell] = strings.ReplaceAll(cells[req.Failure.Cell], p[0], p[1])
			return &agents.Response{Cells: cells, Plan: "replace " + p[0], TokensIn: 10, TokensOut: 5}, nil
		}
	}
	return nil, agents.ErrGiveUp
}

func backend(t *testing.T) (*docker.Backend, *envs.Inventory) {
	t.Helper()
	b, err := docker.Connect(t.Context())
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	t.Cleanup(func() { b.Close() })
	spec, err := envs.Load("../configs/envs/trixie-slim.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cache, _ := os.UserCacheDir()
	ref, err := b.Ensure(t.Context(), spec, filepath.Join(cache, "erosion"), false)
	if err != nil {
		t.Fatal(err)
	}
	inv, err := harness.TakeInventory(t.Context(), b, spec, ref)
	if err != nil {
		t.Fatal(err)
	}
	return b, inv
}

func TestLoopRestoresAndResumes(t *testing.T) {
	b, inv := backend(t)
	res := openResults(t)
	src := "import pandas as pd\ndf = pd.DataFrame({'a': [1, 2]})\n# %%\ndf = df.append({'a': 3}, ignore_index=True)  # grow it\n# %%\nprint(df.ix[2, 'a'])\n# %%\nbroken = \n"
	nb, err := notebook.Parse("nb.py", []byte(strings.ReplaceAll(src, "broken = \n", "print('end')\n")))
	if err != nil {
		t.Fatal(err)
	}
	task := harness.Task{Study: "s", Dataset: "d", NotebookID: "nb", Competition: "c", Notebook: nb,
		Env: harness.Env{Name: "trixie-slim", Image: inv.Ref, Digest: inv.Digest}}
	h := &harness.Harness{Driver: b, Results: res, Workers: 1, Timeout: time.Minute, Limits: harness.DefaultLimits}
	agent := &replacer{pairs: [][2]string{{"df.append({'a': 3}, ignore_index=True)", "pd.concat([df, pd.DataFrame([{'a': 3}])], ignore_index=True)"}, {".ix[", ".loc["}}}
	loop := &agents.Loop{Harness: h, Agent: agent, Mode: agents.CellLevel, Python: inv.Python}
	sum, err := loop.Run(t.Context(), []agents.Item{{Task: task}})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Candidates != 1 || sum.Restored != 1 {
		t.Fatalf("summary %+v", sum)
	}
	if len(agent.seen) != 2 || agent.seen[0].Kind != agents.ErrorRepair || agent.seen[0].Failure.ExceptionType != "AttributeError" ||
		!strings.Contains(agent.seen[0].Failure.Traceback, "append") || agent.seen[1].Plans[0] == "" {
		t.Errorf("requests: %+v", agent.seen)
	}
	atts, _ := records.Attempts.Read(res.Root)
	if len(atts) != 2 || !atts[1].Final || atts[1].StopReason != "restored" || atts[0].DiffLines != 2 || atts[1].TokensIn != 10 {
		t.Errorf("attempts: %+v", atts)
	}
	runs, _ := records.Runs.Read(res.Root)
	var final records.Run
	for _, r := range runs {
		if r.Agent == "replacer" && r.Attempt == 2 {
			final = r
		}
	}
	if final.Status != records.StatusOK {
		t.Errorf("final modernized run: %+v", final)
	}
	dir := results.NotebookDir(res.Root, "replacer", "nb")
	diff, _ := os.ReadFile(filepath.Join(dir, "notebook.diff"))
	if !strings.Contains(string(diff), "+print(df.loc[2, 'a'])") || !strings.Contains(string(diff), "# grow it") {
		t.Errorf("diff:\n%s", diff)
	}
	if _, err := notebook.Read(filepath.Join(dir, "notebook.ipynb")); err != nil {
		t.Error(err)
	}
	// Re-running reuses everything: no new fix is asked for.
	agent.seen = nil
	if _, err := loop.Run(t.Context(), []agents.Item{{Task: task}}); err != nil || len(agent.seen) != 0 {
		t.Errorf("re-run asked for %d fixes (%v)", len(agent.seen), err)
	}
	board := agents.Leaderboard(mustAttempts(t, res.Root))
	if len(board) != 1 || board[0].Attempted != 1 || board[0].RestoredExecutable != 1 || board[0].MeanFixes != 2 {
		t.Errorf("leaderboard %+v", board)
	}
}

func TestLoopStopsWhenAgentGivesUp(t *testing.T) {
	b, inv := backend(t)
	res := openResults(t)
	nb, _ := notebook.Parse("nb.py", []byte("import numpy as np\nx = np.float(1)\n"))
	task := harness.Task{Study: "s", Dataset: "d", NotebookID: "nb", Notebook: nb, Env: harness.Env{Name: "trixie-slim", Image: inv.Ref, Digest: inv.Digest}}
	h := &harness.Harness{Driver: b, Results: res, Workers: 1, Timeout: time.Minute, Limits: harness.DefaultLimits}
	loop := &agents.Loop{Harness: h, Agent: &replacer{}}
	sum, err := loop.Run(t.Context(), []agents.Item{{Task: task}})
	if err != nil || sum.Restored != 0 || sum.Candidates != 1 {
		t.Fatalf("%+v %v", sum, err)
	}
	atts, _ := records.Attempts.Read(res.Root)
	if len(atts) != 1 || atts[0].StopReason != "gave-up" || !atts[0].Final {
		t.Errorf("%+v", atts)
	}
}

func openResults(t *testing.T) *results.Folder {
	f, err := results.Open(t.TempDir(), "test")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func mustAttempts(t *testing.T, res string) []records.Attempt {
	a, err := results.ReadAttempts(res)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
