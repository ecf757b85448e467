package study

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"erosion/harness"
	"erosion/harness/backends"
	"erosion/harness/envs"
	"erosion/records"
	"erosion/results"
	"erosion/schedule"
	"erosion/verdict"
)

// DefaultTimeout is the study's limit per run when neither the executor nor
// the dataset sets one.
const DefaultTimeout = 600 * time.Second

// Executor runs plans on a backend into a results folder.
type Executor struct {
	Backend  backends.Backend
	Results  *results.Folder
	CacheDir string // where built environments and their inventories are cached
	Workers  int
	GPUs     []string
	Timeout  time.Duration // 0: the dataset's time_limit_s, else DefaultTimeout
	Limits   harness.Limits
	Retries  int
	// StopOnError stops each notebook at its first failing cell.
	StopOnError bool
	NoExecuted  bool
	Version     string
	// Cache, when set, reuses finished runs of other results folders that
	// have the same run hash instead of executing them (see results.Cache).
	Cache *results.Cache
	// Progress, when set, gives each pass of runs (stage "runs",
	// "confirmations") a progress sink; Done is called when it ends.
	Progress func(stage string) (p harness.Progress, done func())
	Log      *slog.Logger

	installed map[string]harness.Installed // per environment, from its inventory
}

// Summary counts what Run did.
type Summary struct {
	Ran, Skipped, Infra, Reused, Confirmations int
	ByStatus                                   map[string]int
	Took                                       time.Duration
}

// Run makes a plan's runs: environments checked and inventoried (their
// packages recorded), leftovers of killed runs reaped, first runs made,
// reproduced notebooks confirmed, verdicts written. It resumes: finished
// runs are skipped. Infrastructure failures are not an error of Run (see
// Summary.Infra); an unrecoverable backend error is.
func (x *Executor) Run(ctx context.Context, p *Plan) (Summary, error) {
	start := time.Now()
	sum := Summary{ByStatus: map[string]int{}}
	if err := x.prepare(ctx, p); err != nil {
		return sum, err
	}
	h, err := x.harness(ctx, p)
	if err != nil {
		return sum, err
	}
	if p.Dataset != nil {
		if err := RecordTargets(x.Results.Root, p.Dataset); err != nil {
			return sum, err
		}
	}
	tasks := x.longestFirst(p, h.Timeout)
	err = x.pass(ctx, h, "runs", tasks, &sum)
	if err == nil && p.Confirm > 1 {
		err = x.confirm(ctx, h, p, tasks, &sum)
	}
	sum.Took = time.Since(start)
	if err != nil {
		return sum, err
	}
	return sum, x.WriteVerdicts(p)
}

// longestFirst orders the plan's tasks by expected duration, longest first
// (LPT), so that the makespan on N workers is not set by a long notebook
// started last.
func (x *Executor) longestFirst(p *Plan, limit time.Duration) []harness.Task {
	secs := p.Expected(x.Results.Runs(), limit)
	idx := make([]int, len(p.Tasks))
	for i := range idx {
		idx[i] = i
	}
	schedule.Sort(idx, func(i int) float64 { return secs[i] })
	out := make([]harness.Task, len(idx))
	for i, j := range idx {
		out[i] = p.Tasks[j].Task
	}
	return out
}

// confirm re-runs the notebooks whose first run reproduced, in rounds: each
// round asks the adaptive rule (verdict.Rule) how many more runs each
// undecided notebook needs and runs them together; a notebook stops as soon
// as more runs cannot (or almost surely will not) change its verdict, and
// at most at the plan's cap. With FixedConfirm every reproduced notebook
// gets all its runs, as the study did.
func (x *Executor) confirm(ctx context.Context, h *harness.Harness, p *Plan, tasks []harness.Task, sum *Summary) error {
	for round := 1; ; round++ {
		var batch []harness.Task
		for _, t := range tasks {
			if t.Grading == nil || t.Grading.Target == nil {
				continue
			}
			var runs []records.Run
			for a := 0; a < p.Confirm; a++ {
				k := t.Key()
				k.Attempt = a
				if e, ok := x.Results.Finished(k); ok {
					runs = append(runs, e.Run)
				}
			}
			scores := verdict.Scores(runs)
			if len(scores) == 0 {
				continue
			}
			need := p.Confirm - len(scores)
			if !p.FixedConfirm {
				d := p.rule(t).Decide(scores)
				if d.Decided {
					continue
				}
				need = min(max(d.Need, 1), need)
			} else if !verdict.Reproducible(runs[0].OutcomeClass) {
				continue
			}
			for a := len(scores); a < len(scores)+need; a++ {
				c := t
				c.Attempt = a
				batch = append(batch, c)
			}
		}
		if len(batch) == 0 {
			return nil
		}
		sum.Confirmations += len(batch)
		if err := x.pass(ctx, h, fmt.Sprintf("confirmations (round %d)", round), batch, sum); err != nil {
			return err
		}
		if round > p.Confirm { // every round adds a run: this cannot happen
			return fmt.Errorf("confirmation did not converge after %d rounds", round)
		}
	}
}

// harness is the harness the executor's settings describe.
func (x *Executor) harness(ctx context.Context, p *Plan) (*harness.Harness, error) {
	timeout := x.Timeout
	if timeout == 0 && p.Dataset != nil && p.Dataset.TimeLimitS > 0 {
		timeout = time.Duration(p.Dataset.TimeLimitS) * time.Second
	}
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	lim := x.Limits
	if lim == (harness.Limits{}) {
		lim = harness.DefaultLimits
	}
	h := &harness.Harness{Driver: x.Backend, Results: x.Results, Workers: max(1, x.Workers), GPUs: x.GPUs, Timeout: timeout,
		Limits: lim, Version: x.Version, Retries: x.Retries, StopOnError: x.StopOnError, NoExecuted: x.NoExecuted, Log: x.Log, Cache: x.Cache}
	h.Installed = x.installed
	return h, h.Validate()
}

// prepare resolves every environment the plan runs in (it must be built),
// records its inventory in the results folder, fills in each task's image
// and digest, and removes what killed harnesses left behind.
func (x *Executor) prepare(ctx context.Context, p *Plan) error {
	if n, err := x.Backend.Reap(ctx); err != nil {
		x.log().Warn("could not reap leftovers of killed runs", "err", err)
	} else if n > 0 {
		x.log().Info("removed what a killed erosion left behind", "count", n)
	}
	invs := map[string]*envs.Inventory{}
	var all []*envs.Inventory
	x.installed = map[string]harness.Installed{}
	for _, s := range p.Specs() {
		inv, err := backends.Ready(ctx, x.Backend, s, x.CacheDir)
		if err != nil {
			return err
		}
		invs[s.Name] = inv
		all = append(all, inv)
		names := make([]string, len(inv.Packages))
		for i, p := range inv.Packages {
			names[i] = p.Name
		}
		x.installed[s.Name] = harness.InstalledSet(names)
	}
	for i := range p.Tasks {
		inv := invs[p.Tasks[i].Spec.Name]
		p.Tasks[i].Env.Image, p.Tasks[i].Env.Digest, p.Tasks[i].Env.Spec = inv.Ref, inv.Digest, inv.Env
	}
	if err := x.prepareGraders(ctx, p); err != nil {
		return err
	}
	return RecordPackages(x.Results.Root, all)
}

// pass runs tasks as one progress stage.
func (x *Executor) pass(ctx context.Context, h *harness.Harness, stage string, tasks []harness.Task, sum *Summary) error {
	if len(tasks) == 0 {
		return nil
	}
	h.Progress = nil
	if x.Progress != nil {
		p, done := x.Progress(stage)
		h.Progress = p
		defer done()
	}
	s, err := h.Run(ctx, tasks)
	sum.Ran += s.Ran
	sum.Skipped += s.Skipped
	sum.Infra += s.Infra
	sum.Reused += s.Reused
	for k, v := range s.ByStatus {
		sum.ByStatus[k] += v
	}
	return err
}

// WriteVerdicts rederives the verdicts table from every finished run in the
// folder, replaying the plan's confirmation rule.
func (x *Executor) WriteVerdicts(p *Plan) error {
	return records.Verdicts.Replace(x.Results.Root, verdict.Judge(x.Results.Runs(), p.JudgeOptions()))
}

// RecordPackages adds inventories to a results folder's packages table,
// each environment digest once.
func RecordPackages(root string, invs []*envs.Inventory) error {
	have, err := records.Packages.Read(root)
	if err != nil {
		return err
	}
	there := map[[2]string]bool{}
	for _, p := range have {
		there[[2]string{p.Environment, p.EnvDigest}] = true
	}
	var rows []records.Package
	for _, inv := range invs {
		if there[[2]string{inv.Env, inv.Digest}] {
			continue
		}
		there[[2]string{inv.Env, inv.Digest}] = true
		for _, p := range inv.Packages {
			rows = append(rows, records.Package{Environment: inv.Env, EnvDigest: inv.Digest, Kind: inv.Kind, Python: inv.Python, Name: p.Name, Version: p.Version})
		}
	}
	_, err = records.Packages.Write(root, rows)
	return err
}

func (x *Executor) log() *slog.Logger {
	if x.Log != nil {
		return x.Log
	}
	return slog.Default()
}
