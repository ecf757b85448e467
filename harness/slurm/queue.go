package slurm

import (
	"context"
	"errors"
	"strings"
)

// Job is what Slurm says about one job or array task.
type Job struct {
	ID     string // 12 for a job, 12_3 for task 3 of array 12
	RawID  string // the task's own job id
	State  string // Slurm's: PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, TIMEOUT, ...
	Reason string // why it is pending or how it ended
	Node   string
}

// Active is true while the job is waiting or running.
func (j Job) Active() bool {
	switch j.State {
	case "PENDING", "CONFIGURING", "RUNNING", "COMPLETING", "SUSPENDED", "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED", "RESIZING", "SIGNALING", "STAGE_OUT":
		return true
	}
	return false
}

// Jobs indexes jobs by ID and by RawID.
type Jobs map[string]Job

func (m Jobs) add(j Job) {
	if j.ID != "" {
		m[j.ID] = j
	}
	if j.RawID != "" {
		m[j.RawID] = j
	}
}

// Squeue lists the jobs named name that the controller still holds:
// pending and running ones, and those ended within its MinJobAge (squeue
// --states=all), array tasks one by one.
func Squeue(ctx context.Context, name string) (Jobs, error) {
	out, err := command(ctx, "squeue", "--noheader", "--array", "--states=all", "--name="+name, "--format=%i|%A|%T|%r|%N")
	if err != nil {
		return nil, err
	}
	return parseSqueue(out), nil
}

func parseSqueue(out string) Jobs {
	jobs := Jobs{}
	for _, line := range strings.Split(out, "\n") {
		f := strings.Split(strings.TrimSpace(line), "|")
		if len(f) != 5 {
			continue
		}
		reason := f[3]
		if reason == "None" {
			reason = ""
		}
		jobs.add(Job{ID: f[0], RawID: f[1], State: f[2], Reason: reason, Node: f[4]})
	}
	return jobs
}

// Sacct asks the accounting for jobs the controller has forgotten. Where
// the cluster keeps no accounting database (a test node), it reads the
// job-completion log instead (sacct --completion), whose ids are the raw
// job ids. A cluster with neither answers nothing, without error.
func Sacct(ctx context.Context, ids []string) (Jobs, error) {
	jobs := Jobs{}
	if len(ids) == 0 {
		return jobs, nil
	}
	list := strings.Join(ids, ",")
	out, err := command(ctx, "sacct", "--noheader", "--parsable2", "--allocations", "--jobs="+list, "--format=JobID,JobIDRaw,State,ExitCode,NodeList")
	var ce *ClientError
	if errors.As(err, &ce) && strings.Contains(ce.Msg, "accounting storage is disabled") {
		out, err = command(ctx, "sacct", "--completion", "--noheader", "--parsable2", "--jobs="+list, "--format=JobID,State,ExitCode,NodeList")
		if err != nil {
			return jobs, nil // no job-completion log either
		}
		for _, line := range strings.Split(out, "\n") {
			if f := strings.Split(strings.TrimSpace(line), "|"); len(f) == 4 {
				jobs.add(Job{RawID: f[0], State: firstWord(f[1]), Reason: exitReason(f[1], f[2]), Node: f[3]})
			}
		}
		return jobs, nil
	}
	if err != nil {
		return nil, err
	}
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Split(strings.TrimSpace(line), "|"); len(f) == 5 {
			jobs.add(Job{ID: f[0], RawID: f[1], State: firstWord(f[2]), Reason: exitReason(f[2], f[3]), Node: f[4]})
		}
	}
	return jobs, nil
}

// firstWord turns "CANCELLED by 0" into CANCELLED.
func firstWord(s string) string {
	w, _, _ := strings.Cut(strings.TrimSpace(s), " ")
	return w
}

func exitReason(state, exit string) string {
	var parts []string
	if _, by, ok := strings.Cut(state, " "); ok {
		parts = append(parts, by)
	}
	// ExitCode is "code:signal".
	if code, sig, _ := strings.Cut(exit, ":"); sig != "" && sig != "0" {
		parts = append(parts, "killed by signal "+sig)
	} else if code != "" && code != "0" {
		parts = append(parts, "exit code "+code)
	}
	return strings.Join(parts, ", ")
}
