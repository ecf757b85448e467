package slurm

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
)

// Resources is what each array task asks Slurm for.
type Resources struct {
	Partition string
	Account   string
	Time      string // sbatch --time, e.g. 4:00:00; "" = the partition's default
	CPUs      int    // --cpus-per-task
	MemMB     int64  // --mem, in MiB
	Gres      string // e.g. gpu:1; "" = none
	Extra     []string
}

// Args are the sbatch options for r.
func (r Resources) Args() []string {
	var a []string
	if r.Partition != "" {
		a = append(a, "--partition="+r.Partition)
	}
	if r.Account != "" {
		a = append(a, "--account="+r.Account)
	}
	if r.Time != "" {
		a = append(a, "--time="+r.Time)
	}
	if r.CPUs > 0 {
		a = append(a, "--cpus-per-task="+strconv.Itoa(r.CPUs))
	}
	if r.MemMB > 0 {
		a = append(a, "--mem="+strconv.FormatInt(r.MemMB, 10)+"M")
	}
	if r.Gres != "" {
		a = append(a, "--gres="+r.Gres)
	}
	return append(a, r.Extra...)
}

// JobName is the name every job of a results folder carries, so squeue and
// scancel can find them: erosion- and a hash of the folder's path.
func JobName(resultsDir string) string {
	h := sha256.Sum256([]byte(resultsDir))
	return "erosion-" + hex.EncodeToString(h[:4])
}

// Script is the array tasks' batch script: the worker, on the shard
// Slurm's array index names. exec makes erosion the job's main process, so
// Slurm's SIGTERM (scancel, time limit, preemption) reaches it and it stops
// its runs cleanly, keeping every finished one.
func Script(p *Plan, chdir string) string {
	var b strings.Builder
	b.WriteString("#!/bin/bash\n")
	b.WriteString("# Written by erosion: one task of this array = one shard of " + PlanPath(p.Results) + ".\n")
	b.WriteString("# Resubmit the unfinished shards with `erosion run --backend slurm --resume` and the same flags.\n")
	fmt.Fprintf(&b, "#SBATCH --job-name=%s\n", p.JobName)
	fmt.Fprintf(&b, "#SBATCH --output=%s/%%A_%%a.out\n", LogDir(p.Results))
	fmt.Fprintf(&b, "#SBATCH --chdir=%s\n", chdir)
	b.WriteString("set -eu\n")
	b.WriteString("exec " + shellQuote(p.Binary))
	for _, a := range p.Args {
		b.WriteString(" \\\n  " + shellQuote(a))
	}
	b.WriteString(" \\\n  --shard-of " + shellQuote(PlanPath(p.Results)) + " --shard \"$SLURM_ARRAY_TASK_ID\"\n")
	return b.String()
}

// MergeScript is the job that merges the shards once they have ended.
func MergeScript(p *Plan, chdir string) string {
	var b strings.Builder
	b.WriteString("#!/bin/bash\n")
	b.WriteString("# Written by erosion: merges the shards' results once the array tasks have ended.\n")
	fmt.Fprintf(&b, "#SBATCH --job-name=%s\n", p.JobName)
	fmt.Fprintf(&b, "#SBATCH --output=%s/merge-%%j.out\n", LogDir(p.Results))
	fmt.Fprintf(&b, "#SBATCH --chdir=%s\n", chdir)
	b.WriteString("set -eu\n")
	fmt.Fprintf(&b, "exec %s results compact --results %s\n", shellQuote(p.Binary), shellQuote(p.Results))
	return b.String()
}

func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./=:,+@%", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// Sbatch runs `sbatch --parsable args...` and returns the job id.
func Sbatch(ctx context.Context, args []string) (string, error) {
	out, err := command(ctx, "sbatch", append([]string{"--parsable"}, args...)...)
	if err != nil {
		return "", err
	}
	id, _, _ := strings.Cut(strings.TrimSpace(out), ";") // "id;cluster" on federations
	if _, err := strconv.Atoi(id); err != nil {
		return "", fmt.Errorf("sbatch answered %q, not a job id", strings.TrimSpace(out))
	}
	return id, nil
}

// TestOnly asks Slurm whether it would accept the job (`sbatch
// --test-only`), without submitting it: a request the cluster cannot meet
// (a GPU on a cluster without GPUs, an unknown partition) is refused here,
// before anything is queued.
func TestOnly(ctx context.Context, args []string) error {
	_, err := command(ctx, "sbatch", append([]string{"--test-only"}, args...)...)
	return err
}

// Cancel cancels jobs (whole arrays, or single tasks as id_index); ids that
// have already ended are ignored.
func Cancel(ctx context.Context, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	_, err := command(ctx, "scancel", ids...)
	return err
}

// command runs a Slurm client and returns its stdout; its error is one line
// with the client's own message.
func command(ctx context.Context, name string, args ...string) (string, error) {
	if _, err := exec.LookPath(name); err != nil {
		return "", fmt.Errorf("%s is not installed: run erosion's Slurm commands on a host of the cluster (Debian: apt-get install slurm-client)", name)
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return stdout.String(), &ClientError{Command: name, Msg: clientMessage(stderr.String())}
		}
		return stdout.String(), fmt.Errorf("%s: %w", name, err)
	}
	return stdout.String(), nil
}

// ClientError is a Slurm client's refusal, with its message.
type ClientError struct {
	Command string
	Msg     string
}

func (e *ClientError) Error() string { return e.Command + ": " + e.Msg }

// clientMessage is the useful line of a Slurm client's stderr: the last
// "error:" line without its prefixes.
func clientMessage(stderr string) string {
	var msg string
	for _, l := range strings.Split(strings.TrimSpace(stderr), "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		if i := strings.Index(l, "error: "); i >= 0 {
			msg = l[i+len("error: "):]
		} else if msg == "" {
			msg = l
		}
	}
	msg = strings.TrimPrefix(msg, "Batch job submission failed: ")
	if msg == "" {
		msg = "failed without a message"
	}
	return msg
}
