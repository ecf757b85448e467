package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"

	"erosion/cli"
	"erosion/harness/slurm"
	"erosion/study"
)

// SlurmFlags are run's options for --backend slurm: the queue is split into
// shards and submitted as Slurm array jobs whose tasks run erosion on their
// nodes (see harness/slurm).
type SlurmFlags struct {
	Partition     string   `name:"slurm-partition" group:"slurm" placeholder:"NAME" help:"Partition of the CPU shards (default: the cluster's default)."`
	GPUPartition  string   `name:"slurm-gpu-partition" group:"slurm" placeholder:"NAME" help:"Partition of the shards whose notebooks need a GPU (default: --slurm-partition)."`
	Account       string   `name:"slurm-account" group:"slurm" placeholder:"ACCOUNT" help:"Account the jobs are charged to (sbatch --account)."`
	Time          string   `name:"slurm-time" group:"slurm" placeholder:"TIME" help:"Time limit per shard (sbatch --time, e.g. 4:00:00); a shard stopped by it keeps its finished runs, and --resume submits the rest."`
	CPUs          int      `name:"slurm-cpus" group:"slurm" help:"CPUs per shard (default: --workers × --cpus)."`
	Mem           string   `name:"slurm-mem" group:"slurm" help:"Memory per shard (default: --workers × --memory + 512MiB)."`
	Gres          string   `name:"slurm-gres" default:"gpu:1" group:"slurm" placeholder:"GRES" help:"Generic resources of a GPU shard (sbatch --gres); none asks for nothing."`
	Shards        int      `name:"slurm-shards" group:"slurm" help:"Shards per kind of node, CPU and GPU (default: one per 25 runs, at most 1000)."`
	MaxConcurrent int      `name:"slurm-max-concurrent" group:"slurm" help:"Most shards running at once per array (sbatch --array=...%K; default: no cap)."`
	Sbatch        []string `name:"slurm-sbatch" sep:"none" group:"slurm" placeholder:"OPTION" help:"Extra sbatch option for every job, e.g. --slurm-sbatch=--qos=long (repeatable)."`
	NodeBackend   string   `name:"slurm-node-backend" default:"auto" enum:"auto,docker,sandbox" group:"slurm" help:"Backend the shards run notebooks with on their nodes."`
	Binary        string   `name:"slurm-binary" type:"path" group:"slurm" placeholder:"FILE" help:"The erosion binary the nodes run, on storage they mount (default: this one)."`
	Wait          bool     `name:"slurm-wait" group:"slurm" help:"Stay until the shards and the merge have ended, reporting their progress; fail when a shard failed."`
	Slurm         bool     `name:"slurm" group:"slurm" help:"Hand the runs to a Slurm cluster (--backend slurm says the same); the other --slurm-* flags shape the jobs."`

	ShardOf string `name:"shard-of" hidden:"" type:"path" help:"Run one shard of this Slurm plan (what an array task does)."`
	Shard   int    `name:"shard" hidden:"" default:"-1" help:"The shard to run, with --shard-of."`
}

// options is the Slurm submission the flags describe; the array tasks run
// run's command line.
func (s SlurmFlags) options(g *Globals, run *RunCmd) (study.SlurmOptions, error) {
	args, err := run.workerArgs(g)
	if err != nil {
		return study.SlurmOptions{}, err
	}
	return study.SlurmOptions{Shards: s.Shards, MaxActive: s.MaxConcurrent, Mem: s.Mem, GPUPartition: s.GPUPartition, Gres: s.Gres,
		CPU:    slurm.Resources{Partition: s.Partition, Account: s.Account, Time: s.Time, CPUs: s.CPUs, Extra: s.Sbatch},
		Binary: s.Binary, Args: args, Wait: s.Wait}, nil
}

// workerArgs is the array tasks' command line: every flag of `erosion run`
// with this run's values, minus the Slurm ones, with the node backend and
// --resume.
func (c *RunCmd) workerArgs(g *Globals) ([]string, error) {
	tree := CLI{Globals: *g}
	tree.Run = *c
	k, err := newParser(&tree)
	if err != nil {
		return nil, err
	}
	skip := []string{"help", "config", "version", "backend", "resume", "gpus", "shard-of", "shard", "slurm", "dry-run"}
	args, err := cli.CommandArgs(k, "run", func(name string) bool {
		return slices.Contains(skip, name) || strings.HasPrefix(name, "slurm-")
	})
	if err != nil {
		return nil, err
	}
	return append(args, "--backend="+c.NodeBackend, "--resume"), nil
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
	Results string `default:"out" type:"path" placeholder:"DIR" help:"Results folder of the Slurm run."`
	JSON    bool   `name:"json" help:"Print the status as JSON (fields in the README's \"JSON output\")."`
}

func (c *SlurmStatusCmd) Run(ctx context.Context) error {
	rep, err := slurm.Status(ctx, c.Results)
	if err != nil {
		return usage(err)
	}
	if !c.JSON {
		rep.Write(stdout)
		return nil
	}
	return writeJSON(rep.JSON(c.Results))
}

// SlurmCancelCmd cancels a Slurm run's shards.
type SlurmCancelCmd struct {
	Results string `default:"out" type:"path" placeholder:"DIR" help:"Results folder of the Slurm run."`
}

func (c *SlurmCancelCmd) Run(ctx context.Context) error {
	ids, err := slurm.CancelRun(ctx, c.Results)
	if err != nil {
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
	Results string `default:"out" type:"path" placeholder:"DIR" help:"Results folder."`
}

func (c *ResultsCompactCmd) Run() error {
	if _, err := os.Stat(c.Results); err != nil {
		return usage(fmt.Errorf("results folder %s does not exist", c.Results))
	}
	runs, files, err := slurm.Compact(c.Results)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "compacted %s: %d runs in %d files\n", c.Results, runs, files)
	return nil
}
