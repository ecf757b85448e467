package agents_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"erosion/agents"
	"erosion/harness"
	"erosion/harness/envs"
	"erosion/harness/sandbox/sandboxtest"
	"erosion/notebook"
	"erosion/records"
)

// drivers are the two backends with the trixie-slim environment.
func drivers(t *testing.T) map[string]func(t *testing.T) (harness.Driver, *envs.Inventory) {
	return map[string]func(t *testing.T) (harness.Driver, *envs.Inventory){
		"docker": func(t *testing.T) (harness.Driver, *envs.Inventory) { return backend(t) },
		"sandbox": func(t *testing.T) (harness.Driver, *envs.Inventory) {
			b, spec, dir := sandboxtest.Env(t, "../configs/envs/trixie-slim.yaml")
			inv, err := harness.TakeInventory(t.Context(), b, spec, dir)
			if err != nil {
				t.Fatal(err)
			}
			return b, inv
		},
	}
}

// snapshotNotebooks: restored after two fixes; restored at the first fix
// (which runs in full: its original raised in one cell only); given up on
// after two fixes (the notebook it leaves must still get its full run); a
// kernel with a thread alive from its first cell (no snapshot but the one
// before it).
var snapshotNotebooks = map[string]string{
	"two-fixes": "import pandas as pd\ndf = pd.DataFrame({'a': [1, 2]})\n# %%\ndf = df.append({'a': 3}, ignore_index=True)\n# %%\nprint(df.ix[2, 'a'])\n# %%\nprint('end')\n",
	"one-fix":   "import numpy as np\n# %%\nx = np.float(1)\n# %%\nprint(x)\n",
	"gives-up":  "import numpy as np\n# %%\nx = np.float(1)\n# %%\ny = np.float(2) + undefined\n",
	"threads":   "import threading, time\nthreading.Thread(target=time.sleep, args=(600,), daemon=True).start()\n# %%\nimport pandas as pd\ndf = pd.DataFrame({'a': [1]})\n# %%\ndf = df.append({'a': 3}, ignore_index=True)\n# %%\nprint(df.ix[1, 'a'])\n",
}

var snapshotPairs = [][2]string{{"df.append({'a': 3}, ignore_index=True)", "pd.concat([df, pd.DataFrame([{'a': 3}])], ignore_index=True)"}, {".ix[", ".loc["}, {"np.float(", "float("}}

type outcome struct {
	restored bool
	status   string // of the agent's last run
	stop     string
}

func runLoop(t *testing.T, d harness.Driver, inv *envs.Inventory, snapshots bool, agent agents.Agent) (map[string]outcome, []records.Attempt, []records.Run) {
	res := openResults(t)
	h := &harness.Harness{Driver: d, Results: res, Workers: 1, Timeout: time.Minute, Limits: harness.DefaultLimits}
	loop := &agents.Loop{Harness: h, Agent: agent, Mode: agents.CellLevel, Python: inv.Python, Snapshots: snapshots}
	var items []agents.Item
	for id, src := range snapshotNotebooks {
		nb, err := notebook.Parse(id+".py", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		items = append(items, agents.Item{Task: harness.Task{Study: "s", Dataset: "d", NotebookID: id, Competition: "c", Notebook: nb,
			Env: harness.Env{Name: "trixie-slim", Image: inv.Ref, Digest: inv.Digest}}})
	}
	if _, err := loop.Run(t.Context(), items); err != nil {
		t.Fatal(err)
	}
	atts := mustAttempts(t, res.Root)
	runs, err := records.Runs.Read(res.Root)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]outcome{}
	for _, a := range atts {
		if a.Final {
			o := out[a.NotebookID]
			o.stop, o.restored = a.StopReason, a.StopReason == "restored"
			out[a.NotebookID] = o
		}
	}
	last := map[string]int32{}
	for _, r := range runs {
		if r.Agent != "" && r.Attempt >= last[r.NotebookID] {
			last[r.NotebookID] = r.Attempt
			o := out[r.NotebookID]
			o.status = r.Status
			out[r.NotebookID] = o
		}
	}
	return out, atts, runs
}

// TestSnapshotsSameVerdicts runs the loop with and without snapshots on
// both backends: the same final outcomes, fixes judged on snapshots are
// recorded as probes, and only the notebook the agent ends with has a run.
func TestSnapshotsSameVerdicts(t *testing.T) {
	for name, get := range drivers(t) {
		t.Run(name, func(t *testing.T) {
			d, inv := get(t)
			whole, _, _ := runLoop(t, d, inv, false, &replacer{pairs: snapshotPairs})
			snap, atts, runs := runLoop(t, d, inv, true, &replacer{pairs: snapshotPairs})
			if fmt.Sprint(whole) != fmt.Sprint(snap) {
				t.Fatalf("outcomes differ:\nwhole     %v\nsnapshots %v", whole, snap)
			}
			want := map[string]outcome{"two-fixes": {true, "ok", "restored"}, "one-fix": {true, "ok", "restored"},
				"gives-up": {false, "error", "gave-up"}, "threads": {true, "ok", "restored"}}
			if fmt.Sprint(snap) != fmt.Sprint(want) {
				t.Errorf("outcomes %v, want %v", snap, want)
			}
			probes := map[string][]int32{}
			for _, a := range atts {
				if a.Probe {
					if a.Final || a.Status != records.StatusError || a.FailureCategory == "" {
						t.Errorf("probe row %+v", a)
					}
					probes[a.NotebookID] = append(probes[a.NotebookID], a.Iteration)
				}
			}
			if fmt.Sprint(probes) != fmt.Sprint(map[string][]int32{"two-fixes": {1}, "gives-up": {1, 2}, "threads": {1}}) {
				t.Errorf("probe iterations %v", probes)
			}
			for _, r := range runs {
				for _, it := range probes[r.NotebookID] {
					if r.Agent != "" && r.Attempt == it {
						t.Errorf("a probe iteration has a run: %+v", r)
					}
				}
			}
		})
	}
}

// cancelling is a replacer that interrupts the loop (as a kill would) on
// its second fix of a notebook.
type cancelling struct {
	replacer
	cancel context.CancelFunc
}

func (c *cancelling) Fix(ctx context.Context, req agents.Request) (*agents.Response, error) {
	if req.Iteration == 2 && c.cancel != nil {
		c.cancel()
		c.cancel = nil
		return nil, ctx.Err()
	}
	return c.replacer.Fix(ctx, req)
}

// TestSnapshotsResume: interrupted after a fix judged on a snapshot, the
// loop resumes with that notebook's full run and finishes as it would
// have.
func TestSnapshotsResume(t *testing.T) {
	d, inv := backend(t)
	res := openResults(t)
	h := &harness.Harness{Driver: d, Results: res, Workers: 1, Timeout: time.Minute, Limits: harness.DefaultLimits}
	nb, _ := notebook.Parse("nb.py", []byte(snapshotNotebooks["two-fixes"]))
	items := []agents.Item{{Task: harness.Task{Study: "s", Dataset: "d", NotebookID: "nb", Competition: "c", Notebook: nb,
		Env: harness.Env{Name: "trixie-slim", Image: inv.Ref, Digest: inv.Digest}}}}
	ctx, cancel := context.WithCancel(t.Context())
	agent := &cancelling{replacer: replacer{pairs: snapshotPairs}, cancel: cancel}
	loop := &agents.Loop{Harness: h, Agent: agent, Mode: agents.CellLevel, Snapshots: true}
	if _, err := loop.Run(ctx, items); err == nil {
		t.Fatal("the interrupted loop said it finished")
	}
	sum, err := loop.Run(t.Context(), items)
	if err != nil || sum.Restored != 1 {
		t.Fatalf("%+v %v", sum, err)
	}
	atts := mustAttempts(t, res.Root)
	if len(atts) != 2 || !atts[0].Probe || atts[0].Iteration != 1 || !atts[1].Final || atts[1].StopReason != "restored" || atts[1].Iteration != 2 {
		t.Errorf("attempts %+v", atts)
	}
	// Asked for fix 1, then (after the resumed full run of fix 1) fix 2
	// for the .ix failure: nothing asked twice, nothing skipped.
	if len(agent.seen) != 2 || agent.seen[1].Iteration != 2 || agent.seen[1].Failure == nil || !strings.Contains(agent.seen[1].Failure.Traceback, ".ix[") {
		t.Errorf("requests %+v", agent.seen)
	}
}
