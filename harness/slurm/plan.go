// Package slurm runs erosion studies on a Slurm cluster. Slurm is the
// scheduler: the run queue is split into shards, a batch script is written,
// and one array job per kind of node (CPU, GPU) is submitted whose tasks are
// ordinary erosion workers, one shard each. This package plans the shards,
// writes the script, wraps sbatch/squeue/sacct/scancel, merges what the
// shards wrote into the results folder and reports where each shard stands.
//
// Layout under a results folder:
//
//	slurm/plan.json          the shards and every submission (this file)
//	slurm/run.sbatch         the array tasks' batch script
//	slurm/merge.sbatch       the job that merges the shards when they end
//	slurm/logs/%A_%a.out     each task's output
//	slurm/shards/NNNN/       a shard's own results folder: its journal, its
//	                         Parquet parts and state.json; artefacts go to
//	                         the shared <results>/artefacts
//
// A shard keeps its own journal and tables so that shards never race: each
// is the only writer of its folder, and its Parquet parts are hard-linked
// into the shared tables (see Publish), so the shared folder reads as one
// dataset while the shards run.
package slurm

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"erosion/atomicfile"
	"erosion/records"
	"erosion/schedule"
)

// Dir is where a results folder keeps its Slurm bookkeeping.
func Dir(resultsDir string) string { return filepath.Join(resultsDir, "slurm") }

// PlanPath is the plan file of a results folder.
func PlanPath(resultsDir string) string { return filepath.Join(Dir(resultsDir), "plan.json") }

// LogDir holds the array tasks' output files.
func LogDir(resultsDir string) string { return filepath.Join(Dir(resultsDir), "logs") }

// ShardRoot is shard id's own results folder.
func ShardRoot(resultsDir string, id int) string {
	return filepath.Join(Dir(resultsDir), "shards", fmt.Sprintf("%04d", id))
}

// Run is one planned run as the plan sees it: its label (see Label),
// whether it needs a GPU node, and its expected duration.
type Run struct {
	Label   string
	GPU     bool
	Seconds float64
}

// Label names a run within one study and dataset: notebook@environment,
// with ~agent for a modernized one. Confirmation attempts share their first
// run's label, so they stay in its shard.
func Label(r records.Run) string { return LabelOf(r.NotebookID, r.Environment, r.Agent) }

// LabelOf is the label of notebook's runs in env by agent ("" = original).
func LabelOf(notebook, env, agent string) string {
	l := notebook + "@" + env
	if agent != "" {
		l += "~" + agent
	}
	return l
}

// Plan is how a queue was split into shards, and what was submitted.
type Plan struct {
	Version int `json:"version"`
	// Results is the absolute results folder the plan belongs to.
	Results string `json:"results"`
	// JobName names every Slurm job of this results folder.
	JobName string `json:"job_name"`
	// Binary and Args are the workers' command line (without --shard).
	Binary string   `json:"binary"`
	Args   []string `json:"args"`
	// Tolerance is the dataset's, and Confirm the confirmation cap (0: the
	// fixed rule), for the verdicts written at the merge.
	Tolerance float64 `json:"tolerance"`
	Confirm   int     `json:"confirm,omitempty"`
	// CPUShards are shards 0..CPUShards-1; GPU shards follow them.
	CPUShards   int      `json:"cpu_shards"`
	GPUShards   int      `json:"gpu_shards"`
	Shards      []Shard  `json:"shards"`
	Submissions []Queued `json:"submissions"`
}

// Shard is one array task's share of the queue.
type Shard struct {
	ID   int      `json:"id"`
	GPU  bool     `json:"gpu"`
	Runs []string `json:"runs"` // labels, sorted
}

// Queued is one sbatch call: an array of shards ("cpu", "gpu") or the
// merge job ("merge").
type Queued struct {
	Kind    string    `json:"kind"`
	JobID   string    `json:"job_id"`
	Shards  []int     `json:"shards,omitempty"`
	Command []string  `json:"command"`
	At      time.Time `json:"at"`
}

// PlanVersion is the plan file format this erosion writes.
const PlanVersion = 1

// NewPlan splits runs into cpuShards shards for the CPU runs and gpuShards
// for the GPU runs (each at least 1 when there are such runs, at most one
// per run), balanced by expected time rather than by count: a label's runs
// (its confirmations too) go together, longest first, each to the shard
// with the least expected time so far. The split is kept in the plan, so a
// resumed submission uses the same shards whatever the estimates say then.
func NewPlan(runs []Run, cpuShards, gpuShards int) *Plan {
	// An unknown duration counts as one second, so equal runs spread by count.
	var cpu, gpu []schedule.Item
	var cpuLabels, gpuLabels []string
	for _, r := range runs {
		if r.GPU {
			gpu, gpuLabels = append(gpu, schedule.Item{Group: r.Label, Seconds: max(r.Seconds, 1)}), append(gpuLabels, r.Label)
		} else {
			cpu, cpuLabels = append(cpu, schedule.Item{Group: r.Label, Seconds: max(r.Seconds, 1)}), append(cpuLabels, r.Label)
		}
	}
	p := &Plan{Version: PlanVersion, CPUShards: clamp(cpuShards, len(unique(cpuLabels))), GPUShards: clamp(gpuShards, len(unique(gpuLabels)))}
	p.Shards = make([]Shard, p.CPUShards+p.GPUShards)
	for i := range p.Shards {
		p.Shards[i] = Shard{ID: i, GPU: i >= p.CPUShards}
	}
	place := func(items []schedule.Item, labels []string, n, first int) {
		if n == 0 {
			return
		}
		for i, s := range schedule.Partition(items, n) {
			sh := &p.Shards[first+s]
			if !slices.Contains(sh.Runs, labels[i]) {
				sh.Runs = append(sh.Runs, labels[i])
			}
		}
	}
	place(cpu, cpuLabels, p.CPUShards, 0)
	place(gpu, gpuLabels, p.GPUShards, p.CPUShards)
	for i := range p.Shards {
		slices.Sort(p.Shards[i].Runs)
	}
	return p
}

func unique(labels []string) []string {
	s := slices.Clone(labels)
	slices.Sort(s)
	return slices.Compact(s)
}

func clamp(n, runs int) int {
	if runs == 0 {
		return 0
	}
	return max(1, min(n, runs))
}

// ShardFor is the shard a run belongs to (-1: none, the run is not in the
// plan).
func (p *Plan) ShardFor(r Run) int {
	for _, s := range p.Shards {
		if _, ok := slices.BinarySearch(s.Runs, r.Label); ok {
			return s.ID
		}
	}
	return -1
}

// Check verifies that the runs are the ones the plan was made of: the
// queue planned now is the queue that was submitted (same dataset, same
// environments).
func (p *Plan) Check(runs []Run) error {
	var planned []string
	for _, s := range p.Shards {
		planned = append(planned, s.Runs...)
	}
	var now []string
	for _, r := range runs {
		now = append(now, r.Label)
		if id := p.ShardFor(r); id >= 0 && p.Shards[id].GPU != r.GPU {
			return fmt.Errorf("run %s was planned on a %s node and now needs a %s one", r.Label, KindOf(p.Shards[id].GPU), KindOf(r.GPU))
		}
	}
	planned, now = unique(planned), unique(now)
	if !slices.Equal(planned, now) {
		return fmt.Errorf("the plan held %d runs when submitted and the queue holds %d now (e.g. %s)", len(planned), len(now), firstDiff(planned, now))
	}
	return nil
}

func firstDiff(a, b []string) string {
	for _, x := range a {
		if !slices.Contains(b, x) {
			return x + " is gone"
		}
	}
	for _, x := range b {
		if !slices.Contains(a, x) {
			return x + " is new"
		}
	}
	return "the same runs"
}

// NonEmpty lists the ids of the shards that hold runs, CPU or GPU.
func (p *Plan) NonEmpty(gpu bool) []int {
	var out []int
	for _, s := range p.Shards {
		if s.GPU == gpu && len(s.Runs) > 0 {
			out = append(out, s.ID)
		}
	}
	return out
}

// Latest is the newest submission of kind that holds shard id (any shard
// for the merge job, id < 0); nil when there is none.
func (p *Plan) Latest(kind string, id int) *Queued {
	for i := len(p.Submissions) - 1; i >= 0; i-- {
		s := &p.Submissions[i]
		if s.Kind == kind && (id < 0 || slices.Contains(s.Shards, id)) {
			return s
		}
	}
	return nil
}

// LoadPlan reads a results folder's plan; nil, nil when there is none.
func LoadPlan(resultsDir string) (*Plan, error) {
	data, err := os.ReadFile(PlanPath(resultsDir))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var p Plan
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, fmt.Errorf("%s: %v: the file is damaged; submit into a new --results folder", PlanPath(resultsDir), err)
	}
	if p.Version != PlanVersion {
		return nil, fmt.Errorf("%s: plan version %d, this erosion reads %d: use the erosion that submitted it", PlanPath(resultsDir), p.Version, PlanVersion)
	}
	return &p, nil
}

// Save writes the plan atomically.
func (p *Plan) Save() error {
	data, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(PlanPath(p.Results), append(data, '\n'), 0o644)
}

// ArraySpec is sbatch's --array value for shard ids: ranges where ids are
// consecutive, and %max when at most max tasks may run at once (0: no cap).
func ArraySpec(ids []int, maxRunning int) string {
	ids = slices.Clone(ids)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	var parts []string
	for i := 0; i < len(ids); {
		j := i
		for j+1 < len(ids) && ids[j+1] == ids[j]+1 {
			j++
		}
		if j == i {
			parts = append(parts, strconv.Itoa(ids[i]))
		} else {
			parts = append(parts, strconv.Itoa(ids[i])+"-"+strconv.Itoa(ids[j]))
		}
		i = j + 1
	}
	spec := strings.Join(parts, ",")
	if maxRunning > 0 {
		spec += "%" + strconv.Itoa(maxRunning)
	}
	return spec
}

// Originals are the notebooks the plan runs (unmodernized: runs of an
// agent are not notebooks of their own) and the environments it runs them
// in, in plan order.
func (p *Plan) Originals() (notebooks, envs []string) {
	for _, sh := range p.Shards {
		for _, label := range sh.Runs {
			// notebook@environment[~agent]
			if i := strings.LastIndex(label, "@"); i > 0 && !strings.Contains(label[i:], "~") {
				notebooks = append(notebooks, label[:i])
				if env := label[i+1:]; !slices.Contains(envs, env) {
					envs = append(envs, env)
				}
			}
		}
	}
	return notebooks, envs
}
