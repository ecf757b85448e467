package harness

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sync"

	"erosion/harness/runner"
)

var runnerDigest = sync.OnceValue(func() string {
	h := sha256.Sum256(runner.Source)
	return hex.EncodeToString(h[:])
})

// Hash is what determines a run of t by h: the runner, the environment's
// digest, the notebook's cells, the data and answers (by their sealed
// checksums), the grading, the limits and the attempt. Two runs with one
// hash are interchangeable, so a run cache may hand one out for the other.
// It is "" when t does not say what its data is (then nothing is reused).
func (h *Harness) Hash(t Task) string {
	if t.InputsDigest == "" || t.Env.Digest == "" || (t.Grading != nil && t.Grading.AnswersDigest == "") {
		return ""
	}
	s := sha256.New()
	fmt.Fprintf(s, "erosion-run/1\nrunner %s\nenv %s\ninputs %s\n", runnerDigest(), t.Env.Digest, t.InputsDigest)
	for _, c := range t.Notebook.CodeCells() {
		fmt.Fprintf(s, "cell %d\n%s\n", len(c.Source), c.Source)
	}
	if g := t.Grading; g != nil {
		spec, _ := json.Marshal(g.Spec)
		target := "none"
		if g.Target != nil {
			target = fmt.Sprint(*g.Target)
		}
		fmt.Fprintf(s, "grading %s\nanswers %s\nsubmission %s\ntarget %s\ntolerance %v\n", spec, g.AnswersDigest, g.SubmissionFile, target, g.Tolerance)
	}
	l := h.Limits
	fmt.Fprintf(s, "limits %v %d %d %v %d %d %d %d stop=%v gpu=%v\nattempt %d\n", h.Timeout, l.MemoryBytes, l.Pids, l.CPUs, l.OutputCap,
		l.WorkingCap, l.WorkingFiles, l.OpenFiles, h.StopOnError, t.NeedsGPU && len(h.GPUs) > 0, t.Attempt)
	return hex.EncodeToString(s.Sum(nil))
}
