package main

import (
	"context"
	"encoding"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/alecthomas/kong"
	"github.com/docker/go-units"

	"erosion/datasets"
	"erosion/harness"
	"erosion/harness/envs"
	"erosion/harness/slurm"
	"erosion/records"
)

// SlurmFlags are run's options for --backend slurm: the queue is split into
// shards and submitted as Slurm array jobs whose tasks run erosion on their
// nodes (see harness/slurm).
type SlurmFlags struct {
	Partition     string   `name:"slurm-partition" group:"Slurm" help:"Partition of the CPU shards (default: the cluster's default)."`
	GPUPartition  string   `name:"slurm-gpu-partition" group:"Slurm" help:"Partition of the shards whose notebooks need a GPU (default: --slurm-partition)."`
	Account       string   `name:"slurm-account" group:"Slurm" help:"Account the jobs are charged to (sbatch --account)."`
	Time          string   `name:"slurm-time" group:"Slurm" help:"Time limit per shard (sbatch --time, e.g. 4:00:00); a shard stopped by it keeps its finished runs, and --resume submits the rest."`
	CPUs          int      `name:"slurm-cpus" group:"Slurm" help:"CPUs per shard (default: --workers × --cpus)."`
	Mem           string   `name:"slurm-mem" group:"Slurm" help:"Memory per shard (default: --workers × --memory + 512MiB)."`
	Gres          string   `name:"slurm-gres" default:"gpu:1" group:"Slurm" help:"Generic resources of a GPU shard (sbatch --gres); none asks for nothing."`
	Shards        int      `name:"slurm-shards" group:"Slurm" help:"Shards per kind of node, CPU and GPU (default: one per 25 runs, at most 1000)."`
	MaxConcurrent int      `name:"slurm-max-concurrent" group:"Slurm" help:"Most shards running at once per array (sbatch --array=...%K; default: no cap)."`
	Sbatch        []string `name:"slurm-sbatch" sep:"none" group:"Slurm" placeholder:"OPTION" help:"Extra sbatch option for every job, e.g. --slurm-sbatch=--qos=long (repeatable)."`
	NodeBackend   string   `name:"slurm-node-backend" default:"auto" enum:"auto,docker,sandbox" group:"Slurm" help:"Backend the shards run notebooks with on their nodes."`
	Binary        string   `name:"slurm-binary" type:"path" group:"Slurm" help:"The erosion binary the nodes run, on storage they mount (default: this one)."`
	Wait          bool     `name:"slurm-wait" group:"Slurm" help:"Stay until the shards and the merge have ended, reporting their progress; fail when a shard failed."`

	ShardOf string `name:"shard-of" hidden:"" type:"path" help:"Run one shard of this Slurm plan (what an array task does)."`
	Shard   int    `name:"shard" hidden:"" default:"-1" help:"The shard to run, with --shard-of."`
}

// autoShardRuns is how many runs a shard gets when --slurm-shards is not
// given: enough to amortise a task's start, few enough to spread.
const autoShardRuns = 25

// runSlurm submits the plan to Slurm or, inside an array task, runs one
// shard of it. It is called from RunCmd.Run with the planned queue.
func (c *RunCmd) runSlurm(ctx context.Context, g *Globals, s *SlurmFlags, ds *datasets.Dataset, plan []planned, confirm int) error {
	if s.ShardOf != "" {
		return c.runShard(ctx, g, s, ds, plan, confirm)
	}
	return c.submitSlurm(ctx, g, s, ds, plan)
}

// runLabels are the plan's runs as the Slurm plan sees them.
func runLabels(plan []planned) []slurm.Run {
	out := make([]slurm.Run, len(plan))
	for i, p := range plan {
		t := p.task
		out[i] = slurm.Run{Label: slurm.Label(records.Run{NotebookID: t.NotebookID, Environment: t.Env.Name, Agent: t.Agent}), GPU: t.NeedsGPU}
	}
	return out
}

func (c *RunCmd) submitSlurm(ctx context.Context, g *Globals, s *SlurmFlags, ds *datasets.Dataset, plan []planned) error {
	if len(c.GPUs) > 0 {
		return usage(errors.New("--gpus names this machine's GPUs; with --backend slurm, Slurm hands them out: use --slurm-gres (default gpu:1) and --slurm-gpu-partition"))
	}
	if c.Workers < 1 {
		return usage(errors.New("--workers must be at least 1"))
	}
	res, err := c.slurmResources(s)
	if err != nil {
		return usage(err)
	}
	results, err := filepath.Abs(c.Results)
	if err != nil {
		return err
	}
	bin, err := slurmBinary(s.Binary)
	if err != nil {
		return usage(err)
	}
	if entries, _ := harness.ReadJournals(results); len(entries) > 0 {
		return usage(fmt.Errorf("results folder %s holds %d runs of a local erosion run: finish it locally (`erosion run --resume`) or give the Slurm run another --results", results, len(entries)))
	}
	old, err := slurm.LoadPlan(results)
	if err != nil {
		return err
	}
	if old != nil && !c.Resume {
		return usage(fmt.Errorf("results folder %s already holds a Slurm run: pass --resume to submit its unfinished shards, see it with `erosion slurm status --results %s`, or choose another --results", results, results))
	}
	runs := runLabels(plan)
	p := old
	if p == nil {
		n := s.Shards
		if n <= 0 {
			n = min(1000, (len(runs)+autoShardRuns-1)/autoShardRuns)
		}
		p = slurm.NewPlan(runs, n, n)
	} else if err := p.Check(runs); err != nil {
		return usage(fmt.Errorf("%s: %v: the dataset or the environments changed since it was submitted; submit the new queue into another --results folder", slurm.PlanPath(results), err))
	}
	p.Results, p.JobName, p.Binary, p.Tolerance = results, slurm.JobName(results), bin, ds.Tolerance
	if p.Args, err = c.workerArgs(g, s); err != nil {
		return err
	}
	cwd, err := os.Getwd()
	if err != nil {
		return err
	}
	for _, d := range []string{slurm.LogDir(results), filepath.Join(results, "artefacts")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	script := filepath.Join(slurm.Dir(results), "run.sbatch")
	mergeScript := filepath.Join(slurm.Dir(results), "merge.sbatch")
	if err := os.WriteFile(script, []byte(slurm.Script(p, cwd)), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(mergeScript, []byte(slurm.MergeScript(p, cwd)), 0o755); err != nil {
		return err
	}

	cpu, gpu := p.NonEmpty(false), p.NonEmpty(true)
	if old != nil {
		rep, err := slurm.Status(ctx, results)
		if err != nil {
			return err
		}
		if rep.Warn != "" {
			return fmt.Errorf("cannot tell which shards are still queued: %s", rep.Warn)
		}
		cpu, gpu = rep.Unfinished()
		if active := rep.Count(slurm.StatePending) + rep.Count(slurm.StateRunning); active > 0 {
			slog.Info("shards still queued or running are left alone", "count", active)
		}
		if len(cpu)+len(gpu) == 0 {
			fmt.Fprintf(stdout, "nothing to submit: %d shards done, %d queued or running\n", rep.Count(slurm.StateDone), rep.Count(slurm.StatePending)+rep.Count(slurm.StateRunning))
			if err := p.Save(); err != nil {
				return err
			}
			if s.Wait {
				return waitSlurm(ctx, results)
			}
			return nil
		}
	}

	// Every array is first checked with sbatch --test-only, so a request
	// the cluster cannot meet queues nothing at all.
	gpuRes := res
	gpuRes.Partition = orElse(s.GPUPartition, s.Partition)
	if s.Gres != "none" {
		gpuRes.Gres = s.Gres
	}
	type array struct {
		kind string
		ids  []int
		args []string
	}
	var arrays []array
	for _, a := range []struct {
		kind string
		ids  []int
		res  slurm.Resources
	}{{slurm.KindCPU, cpu, res}, {slurm.KindGPU, gpu, gpuRes}} {
		if len(a.ids) == 0 {
			continue
		}
		args := append([]string{"--array=" + slurm.ArraySpec(a.ids, s.MaxConcurrent)}, a.res.Args()...)
		args = append(args, script)
		if err := slurm.TestOnly(ctx, args); err != nil {
			if a.kind == slurm.KindGPU {
				return fmt.Errorf("Slurm refuses the GPU shards (%d runs of notebooks that need a GPU; %s): %v: name a partition whose nodes have GPUs with --slurm-gpu-partition, or adjust --slurm-gres", gpuRuns(p, a.ids), strings.Join(a.res.Args(), " "), err)
			}
			return fmt.Errorf("Slurm refuses the shards (%s): %v: check --slurm-partition, --slurm-account, --slurm-time, --slurm-cpus, --slurm-mem and --slurm-sbatch", strings.Join(a.res.Args(), " "), err)
		}
		arrays = append(arrays, array{a.kind, a.ids, args})
	}
	var deps []string
	for _, a := range arrays {
		id, err := slurm.Submit(ctx, a.args)
		if err != nil {
			return fmt.Errorf("submitting the %s shards: %w", a.kind, err)
		}
		p.Submissions = append(p.Submissions, slurm.Submission{Kind: a.kind, JobID: id, Shards: a.ids, Command: append([]string{"sbatch"}, a.args...), At: time.Now().UTC()})
		deps = append(deps, id)
		if err := p.Save(); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "submitted %d %s shards as array job %s (sbatch --array=%s)\n", len(a.ids), a.kind, id, slurm.ArraySpec(a.ids, s.MaxConcurrent))
	}
	// The merge job: compacts the shards' parts and writes the verdicts
	// once every task has ended, however it ended.
	merge := slurm.Resources{Partition: s.Partition, Account: s.Account, Time: s.Time, CPUs: 1, MemMB: 2048, Extra: s.Sbatch}
	margs := append([]string{"--dependency=afterany:" + strings.Join(deps, ":")}, merge.Args()...)
	margs = append(margs, mergeScript)
	mid, err := slurm.Submit(ctx, margs)
	if err != nil {
		return fmt.Errorf("submitting the merge job: %w (the shards are queued; `erosion results compact --results %s` merges them by hand)", err, results)
	}
	p.Submissions = append(p.Submissions, slurm.Submission{Kind: slurm.KindMerge, JobID: mid, Command: append([]string{"sbatch"}, margs...), At: time.Now().UTC()})
	if err := p.Save(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "merge job %s runs when they end; follow with `erosion slurm status --results %s`\n", mid, results)
	if s.Wait {
		return waitSlurm(ctx, results)
	}
	return nil
}

func orElse(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func gpuRuns(p *slurm.Plan, ids []int) int {
	n := 0
	for _, id := range ids {
		n += len(p.Shards[id].Runs)
	}
	return n
}

// slurmResources is what each shard asks for: by default the CPUs and
// memory its --workers runs may use, plus room for erosion itself.
func (c *RunCmd) slurmResources(s *SlurmFlags) (slurm.Resources, error) {
	r := slurm.Resources{Partition: s.Partition, Account: s.Account, Time: s.Time, CPUs: s.CPUs, Extra: s.Sbatch}
	if r.CPUs <= 0 {
		r.CPUs = max(1, int(math.Ceil(float64(c.Workers)*c.CPUs)))
	}
	if s.Mem != "" {
		b, err := units.RAMInBytes(s.Mem)
		if err != nil || b < 64<<20 {
			return r, fmt.Errorf("--slurm-mem %q: give a size of at least 64MiB, e.g. 16GiB", s.Mem)
		}
		r.MemMB = b >> 20
	} else {
		b, err := units.RAMInBytes(c.Memory)
		if err != nil || b < 64<<20 {
			return r, fmt.Errorf("--memory %q: give a size of at least 64MiB, e.g. 4GiB", c.Memory)
		}
		r.MemMB = int64(c.Workers)*(b>>20) + 512
	}
	return r, nil
}

// slurmBinary is the erosion the nodes run: --slurm-binary, else this
// process's own executable.
func slurmBinary(flag string) (string, error) {
	bin := flag
	if bin == "" {
		exe, err := os.Executable()
		if err != nil {
			return "", fmt.Errorf("cannot find this erosion binary (%v): give --slurm-binary", err)
		}
		bin = exe
	}
	bin, err := filepath.Abs(bin)
	if err != nil {
		return "", err
	}
	st, err := os.Stat(bin)
	if err != nil || st.IsDir() || st.Mode()&0o111 == 0 {
		return "", fmt.Errorf("--slurm-binary %s: not an executable file: give the erosion binary the nodes should run", bin)
	}
	return bin, nil
}

// workerArgs is the array tasks' command line: every flag of `erosion run`
// with this run's values (so flags added to run later reach the workers
// too), minus the Slurm ones, with the node backend and --resume.
func (c *RunCmd) workerArgs(g *Globals, s *SlurmFlags) ([]string, error) {
	cli := CLI{Globals: *g}
	cli.Run = *c
	k, err := newParser(&cli)
	if err != nil {
		return nil, err
	}
	var run *kong.Node
	for _, n := range k.Model.Children {
		if n.Name == "run" {
			run = n
		}
	}
	if run == nil {
		return nil, errors.New("erosion has no run command to give the Slurm tasks")
	}
	skip := []string{"help", "config", "backend", "resume", "gpus", "shard-of", "shard"}
	args := []string{"run"}
	for _, f := range append(slices.Clone(k.Model.Flags), run.Flags...) {
		if slices.Contains(skip, f.Name) || strings.HasPrefix(f.Name, "slurm-") {
			continue
		}
		a, err := flagArgs(f)
		if err != nil {
			return nil, err
		}
		args = append(args, a...)
	}
	return append(args, "--backend="+s.NodeBackend, "--resume"), nil
}

// flagArgs spells a flag's current value on a command line.
func flagArgs(f *kong.Flag) ([]string, error) {
	name := "--" + f.Name + "="
	switch v := f.Target.Interface().(type) {
	case bool:
		if f.Tag.Negatable != "" && !v {
			if f.Tag.Negatable == "_" {
				return []string{"--no-" + f.Name}, nil
			}
			return []string{"--" + f.Tag.Negatable}, nil
		}
		if v {
			return []string{"--" + f.Name}, nil
		}
		return nil, nil
	case string:
		if v == "" {
			return nil, nil
		}
		return []string{name + v}, nil
	case []string:
		var out []string
		for _, e := range v {
			out = append(out, name+e)
		}
		return out, nil
	case int:
		return []string{name + strconv.Itoa(v)}, nil
	case int64:
		return []string{name + strconv.FormatInt(v, 10)}, nil
	case float64:
		return []string{name + strconv.FormatFloat(v, 'g', -1, 64)}, nil
	case time.Duration:
		return []string{name + v.String()}, nil
	case encoding.TextMarshaler:
		t, err := v.MarshalText()
		if err != nil {
			return nil, err
		}
		return []string{name + string(t)}, nil
	}
	return nil, fmt.Errorf("flag --%s (%s) cannot be passed on to the Slurm tasks: teach cmd/erosion/slurm.go's flagArgs its type", f.Name, f.Target.Type())
}

// runShard is one array task: the shard's runs, with the node-local
// backend, in the shard's own results folder; its parts are then
// published to the shared tables.
func (c *RunCmd) runShard(ctx context.Context, g *Globals, s *SlurmFlags, ds *datasets.Dataset, plan []planned, confirm int) (err error) {
	results, err := filepath.Abs(c.Results)
	if err != nil {
		return err
	}
	if filepath.Clean(s.ShardOf) != slurm.PlanPath(results) {
		return usage(fmt.Errorf("--shard-of %s: a shard runs with the --results its plan belongs to (%s)", s.ShardOf, slurm.PlanPath(results)))
	}
	p, err := slurm.LoadPlan(results)
	if err != nil {
		return err
	}
	if p == nil {
		return usage(fmt.Errorf("--shard-of %s: no such plan", s.ShardOf))
	}
	if s.Shard < 0 || s.Shard >= len(p.Shards) {
		return usage(fmt.Errorf("--shard %d: the plan has shards 0 to %d", s.Shard, len(p.Shards)-1))
	}
	shard := p.Shards[s.Shard]
	node := nodeName()
	m := slurm.Marker{Shard: shard.ID, RawJob: os.Getenv("SLURM_JOB_ID"), Node: node, State: slurm.MarkRunning, Started: time.Now().UTC()}
	if a, t := os.Getenv("SLURM_ARRAY_JOB_ID"), os.Getenv("SLURM_ARRAY_TASK_ID"); a != "" {
		m.Job = a + "_" + t
	}
	root, err := slurm.PrepareShard(results, shard.ID)
	if err != nil {
		return err
	}
	unlock, err := slurm.LockShard(results, shard.ID)
	if err != nil {
		return err
	}
	defer unlock()
	if err := slurm.WriteMarker(results, m); err != nil {
		return err
	}
	defer func() {
		m.Finished, m.State = time.Now().UTC(), slurm.MarkDone
		if err != nil {
			m.State, m.Error = slurm.MarkFailed, err.Error()
			if ctx.Err() != nil { // SIGTERM from Slurm: scancel, time limit, preemption
				m.Error = "stopped by a signal (scancel, time limit or preemption); its finished runs are kept"
			}
		}
		m.Recorded, m.Confirmations, _ = slurm.CountRuns(results, shard)
		if werr := slurm.WriteMarker(results, m); werr != nil && err == nil {
			err = werr
		}
	}()

	var mine []planned
	var labels []string
	for _, pl := range plan {
		r := runLabels([]planned{pl})[0]
		if p.ShardFor(r) == shard.ID {
			mine = append(mine, pl)
			if !slices.Contains(labels, r.Label) {
				labels = append(labels, r.Label)
			}
		}
	}
	slices.Sort(labels)
	if !slices.Equal(labels, shard.Runs) {
		return fmt.Errorf("shard %d: the plan lists %d runs, the dataset now gives %d: the dataset or the flags changed since submission; submit again into a new --results folder", shard.ID, len(shard.Runs), len(labels))
	}
	var gpus []string
	if shard.GPU {
		if gpus, err = slurmGPUs(node, shard.ID); err != nil {
			return err
		}
	}
	if err := c.checkNodeEnvs(ctx, g, node, mine); err != nil {
		return err
	}
	slog.Info("running shard", "shard", shard.ID, "runs", len(mine), "node", node, "job", m.Job)
	w := *c
	w.Results = root
	w.GPUs = gpus
	err = w.execute(ctx, g, ds, mine, confirm)
	// Whatever finished is published, also when the shard was stopped.
	if perr := slurm.Publish(results, shard.ID); perr != nil && err == nil {
		err = perr
	}
	return err
}

func nodeName() string {
	if n := os.Getenv("SLURMD_NODENAME"); n != "" {
		return n
	}
	h, _ := os.Hostname()
	return h
}

// slurmGPUs are the GPUs Slurm gave this task, as device ids the backends
// expose. A GPU shard without any stops before running anything.
func slurmGPUs(node string, shard int) ([]string, error) {
	var list string
	for _, v := range []string{"SLURM_STEP_GPUS", "SLURM_JOB_GPUS", "CUDA_VISIBLE_DEVICES"} {
		if list = os.Getenv(v); list != "" {
			break
		}
	}
	if list == "" || list == "NoDevFiles" {
		return nil, fmt.Errorf("node %s: shard %d holds notebooks that need a GPU, but Slurm gave this task none (SLURM_JOB_GPUS and CUDA_VISIBLE_DEVICES are unset): ask for one with --slurm-gres gpu:1 on a partition whose nodes have GPUs (--slurm-gpu-partition)", node, shard)
	}
	ids := strings.Split(list, ",")
	for _, id := range ids {
		if _, err := os.Stat("/dev/nvidia" + id); err != nil {
			return nil, fmt.Errorf("node %s: Slurm gave shard %d GPU %s, but /dev/nvidia%s does not exist: the node's NVIDIA driver is not loaded; drain the node (scontrol update nodename=%s state=drain reason=no-gpu-driver) and --resume", node, shard, id, id, node)
		}
	}
	return ids, nil
}

// checkNodeEnvs fails early, naming the node, when it lacks an
// environment the shard runs in.
func (c *RunCmd) checkNodeEnvs(ctx context.Context, g *Globals, node string, plan []planned) error {
	be, release, err := c.open(ctx)
	if err != nil {
		return fmt.Errorf("node %s: %w", node, err)
	}
	defer release()
	seen := map[string]bool{}
	for _, p := range plan {
		sp := p.spec
		if seen[sp.Name] {
			continue
		}
		seen[sp.Name] = true
		ref, ok, err := be.Lookup(ctx, sp, g.CacheDir)
		if err != nil {
			return fmt.Errorf("node %s: %w", node, err)
		}
		if !ok {
			return missingEnv(node, be.Name(), sp, ref, g.CacheDir)
		}
	}
	return nil
}

func missingEnv(node, backend string, s *envs.Spec, ref, cacheDir string) error {
	if backend == "sandbox" {
		return fmt.Errorf("node %s has no rootfs of environment %s (%s): put erosion's cache (--cache-dir %s) on storage every node mounts and build it once (`erosion envs build --backend sandbox %s`), or build it on this node", node, s.Name, ref, cacheDir, s.Name)
	}
	return fmt.Errorf("node %s has no image %s of environment %s: copy it from a machine that has it (`docker save %s | gzip > env.tar.gz`, then `docker load -i env.tar.gz` on every node), build it there (`erosion envs build --backend docker %s`), or run with --slurm-node-backend sandbox and the cache on shared storage", node, ref, s.Name, ref, s.Name)
}

// waitSlurm follows a submitted run until its shards and merge have ended,
// logging each shard's changes, and fails when a shard failed.
func waitSlurm(ctx context.Context, results string) error {
	last := map[int]string{}
	recorded := -1
	poll := time.Second
	for {
		rep, err := slurm.Status(ctx, results)
		if err != nil {
			return err
		}
		changed, n := false, 0
		for _, s := range rep.Shards {
			n += s.Recorded + s.Confirmations
			if last[s.ID] != s.State {
				last[s.ID] = s.State
				changed = true
				slog.Info("shard", "id", s.ID, "state", s.State, "runs", fmt.Sprintf("%d/%d", s.Recorded, s.Planned), "job", s.Job, "node", s.Node, "note", s.Note)
			}
		}
		if !rep.Active() {
			rep.Write(stdout)
			if n := rep.Count(slurm.StateFailed) + rep.Count(slurm.StateUnknown); n > 0 {
				return fmt.Errorf("%d of %d shards did not finish (see the table above and their logs); `erosion run --backend slurm --resume` with the same flags submits them again", n, len(rep.Shards))
			}
			if rep.Merge != nil && rep.Merge.State != "COMPLETED" {
				return fmt.Errorf("the merge job %s ended %s: see %s/merge-%s.out; `erosion results compact --results %s` merges by hand", rep.Merge.ID, rep.Merge.State, slurm.LogDir(results), rep.Merge.ID, results)
			}
			return nil
		}
		// Poll often while things move, seldom while they do not.
		if changed || n != recorded {
			recorded, poll = n, time.Second
		} else {
			poll = min(10*time.Second, poll*3/2)
		}
		select {
		case <-ctx.Done():
			return &exitError{code: 130, err: fmt.Errorf("stopped waiting; the jobs go on (`erosion slurm status --results %s`, `erosion slurm cancel --results %s`)", results, results)}
		case <-time.After(poll):
		}
	}
}

// SlurmCmd follows and cancels Slurm runs. (They are not subcommands of
// run: kong runs a command's parents' Run methods too, and run's would
// start a run.)
type SlurmCmd struct {
	Status SlurmStatusCmd `cmd:"" help:"Show where a Slurm run's shards stand: pending, running, done, failed, and the runs recorded."`
	Cancel SlurmCancelCmd `cmd:"" help:"Cancel a Slurm run's shards; their finished runs stay recorded and are merged."`
}

// SlurmStatusCmd reports where a Slurm run stands.
type SlurmStatusCmd struct {
	Results string `default:"results" type:"path" help:"Results folder of the Slurm run."`
}

func (c *SlurmStatusCmd) Run(ctx context.Context) error {
	rep, err := slurm.Status(ctx, c.Results)
	if err != nil {
		return usage(err)
	}
	rep.Write(stdout)
	return nil
}

// SlurmCancelCmd cancels a Slurm run's shards. The runs they finished stay
// recorded; the merge job still runs once they have stopped.
type SlurmCancelCmd struct {
	Results string `default:"results" type:"path" help:"Results folder of the Slurm run."`
}

func (c *SlurmCancelCmd) Run(ctx context.Context) error {
	p, err := slurm.LoadPlan(c.Results)
	if err != nil {
		return err
	}
	if p == nil {
		return usage(fmt.Errorf("%s holds no Slurm run (no %s)", c.Results, slurm.PlanPath(c.Results)))
	}
	var ids []string
	for _, s := range p.Submissions {
		if s.Kind != slurm.KindMerge {
			ids = append(ids, s.JobID)
		}
	}
	if err := slurm.Cancel(ctx, ids); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "cancelled array jobs %s; the runs they finished stay recorded, the merge job merges them, and `erosion run --backend slurm --resume` submits the rest\n", strings.Join(ids, ", "))
	return nil
}

// ResultsCmd maintains results folders.
type ResultsCmd struct {
	Compact ResultsCompactCmd `cmd:"" help:"Merge a results folder's part files (and a Slurm run's shards) into one file per partition."`
}

// ResultsCompactCmd merges part files.
type ResultsCompactCmd struct {
	Results string `default:"results" type:"path" help:"Results folder."`
}

func (c *ResultsCompactCmd) Run() error {
	if _, err := os.Stat(c.Results); err != nil {
		return usage(fmt.Errorf("results folder %s does not exist", c.Results))
	}
	p, err := slurm.LoadPlan(c.Results)
	if err != nil {
		return err
	}
	err = slurm.Merge(c.Results, func() error {
		if p != nil { // the verdicts from every shard's runs
			return writeVerdicts(c.Results, p.Tolerance)
		}
		return records.Verdicts.Compact(c.Results, nil)
	})
	if err != nil {
		return err
	}
	runs, err := records.Runs.Read(c.Results)
	if err != nil {
		return err
	}
	parts, err := records.Runs.Parts(c.Results)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "compacted %s: %d runs in %d files\n", c.Results, len(runs), len(parts))
	return nil
}
