package schedule

import (
	"math"
	"regexp"
	"slices"
	"strings"

	"erosion/notebook"
)

// Where an estimate came from, best first.
const (
	FromHistory   = "history"            // runs of the notebook in the same environment
	FromOtherEnvs = "history-other-envs" // runs of the notebook in other environments
	FromKaggle    = "kaggle"             // the notebook's runtime on Kaggle (Meta Kaggle)
	FromSize      = "size"               // the size model of its source
)

// Notebook is what the Estimator needs to know of one queued run.
type Notebook struct {
	// Key is the notebook's identity across runs and studies, e.g. its
	// dataset and id, or its source hash (the same key as Observe's).
	Key string
	Env string
	// KaggleSeconds is its runtime on Kaggle (Meta Kaggle's
	// KernelVersions.RunningTimeInMilliseconds / 1000); 0 when unknown.
	KaggleSeconds float64
	Size          Size
}

// Size is what the size model reads of a notebook's source.
type Size struct {
	CodeCells int
	Lines     int      // non-blank code lines
	Imports   []string // top-level modules imported
	// Estimators counts mentions of costly model families (forests,
	// boosting, stacking, SVMs, MLPs...): on datasets/mini the best single
	// predictor of run time from source (Spearman 0.47; lines: 0.19).
	Estimators int
}

// estimatorRe matches the model families that dominate a tabular
// notebook's run time.
var estimatorRe = regexp.MustCompile(`RandomForest|ExtraTrees|GradientBoosting|XGB|xgb\.train|LGBM|lgb\.train|CatBoost|Stacking|Voting|MLP|SVC|SVR|KNeighbors`)

// SizeOf measures a parsed notebook.
func SizeOf(nb *notebook.Notebook) Size {
	s := Size{Imports: nb.Imports()}
	for _, c := range nb.CodeCells() {
		s.CodeCells++
		for l := range strings.SplitSeq(c.Source, "\n") {
			if strings.TrimSpace(l) != "" {
				s.Lines++
			}
		}
		s.Estimators += len(estimatorRe.FindAllStringIndex(c.Source, -1))
	}
	return s
}

// SizeModel estimates a run's seconds from its source: a base (start-up,
// reading the data), a cost per code line and per cell, and a surcharge
// per heavy library imported (its import time and the training it
// signals).
type SizeModel struct {
	Base, PerLine, PerCell, PerEstimator float64
	Heavy                                map[string]float64 // module -> seconds
}

// Seconds is the model's estimate for a notebook of size s.
func (m SizeModel) Seconds(s Size) float64 {
	t := m.Base + m.PerLine*float64(s.Lines) + m.PerCell*float64(s.CodeCells) + m.PerEstimator*float64(s.Estimators)
	for _, imp := range s.Imports {
		t += m.Heavy[imp]
	}
	return max(t, 0)
}

// Estimator gives each queued run its expected duration. The zero value
// works: it knows no history and uses DefaultModel.
type Estimator struct {
	// Limit is the run time limit: no estimate exceeds it (0: none).
	Limit float64
	// Model is the size model; nil Heavy and zero coefficients: DefaultModel.
	Model SizeModel
	// KaggleScale converts Kaggle runtimes to this machine's (0: 1).
	KaggleScale float64

	hist map[string]map[string]*runs // key -> env -> its runs
}

type runs struct{ all, complete []float64 }

// Observe records a finished run of notebook key in env (not runs the
// backend failed to start: they say nothing of the notebook). complete
// says whether every cell ran without raising (status ok): a run that
// raised stopped doing the notebook's work early, so in another
// environment it is only a lower bound.
func (e *Estimator) Observe(key, env string, seconds float64, complete bool) {
	if seconds <= 0 || math.IsNaN(seconds) || math.IsInf(seconds, 0) {
		return
	}
	if e.hist == nil {
		e.hist = map[string]map[string]*runs{}
	}
	if e.hist[key] == nil {
		e.hist[key] = map[string]*runs{}
	}
	h := e.hist[key][env]
	if h == nil {
		h = &runs{}
		e.hist[key][env] = h
	}
	h.all = append(h.all, seconds)
	if complete {
		h.complete = append(h.complete, seconds)
	}
}

// Estimate is nb's expected duration and where it came from:
//   - the median of its runs in the same environment (they will most
//     likely do the same again, failures included);
//   - else the longest of the medians of its complete runs in other
//     environments (a notebook that fails fast in one environment may run
//     long in another, and underestimating a long run is what
//     longest-first pays for);
//   - else its Kaggle runtime, else the size model, but never less than
//     its incomplete runs elsewhere took.
//
// Never above Limit.
func (e *Estimator) Estimate(nb Notebook) (float64, string) {
	sec, src := e.estimate(nb)
	if e.Limit > 0 {
		sec = min(sec, e.Limit)
	}
	return sec, src
}

func (e *Estimator) estimate(nb Notebook) (float64, string) {
	h := e.hist[nb.Key]
	if r := h[nb.Env]; r != nil && len(r.all) > 0 {
		return median(r.all), FromHistory
	}
	longest, floor := 0.0, 0.0
	for _, r := range h {
		if len(r.complete) > 0 {
			longest = max(longest, median(r.complete))
		}
		floor = max(floor, median(r.all))
	}
	if longest > 0 {
		return longest, FromOtherEnvs
	}
	if nb.KaggleSeconds > 0 {
		scale := e.KaggleScale
		if scale == 0 {
			scale = 1
		}
		return max(nb.KaggleSeconds*scale, floor), FromKaggle
	}
	m := e.Model
	if m.Heavy == nil && m.Base == 0 && m.PerLine == 0 && m.PerCell == 0 && m.PerEstimator == 0 {
		m = DefaultModel
	}
	return max(m.Seconds(nb.Size), floor), FromSize
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// DefaultModel is the size model used when none is given, calibrated on
// datasets/mini's run times (mini_test.go: a least-squares fit of the
// first-run time of each notebook that ran to the end in each environment,
// on a shared 2-core machine). Source size explains little of run time
// there (Spearman 0.44 for this model; lines alone 0.19): it is
// the last resort, used until a notebook has run once anywhere. The deep-
// learning surcharges are not calibrated (no notebook of mini imports
// those libraries): they stand for their import time and a short training.
var DefaultModel = SizeModel{Base: 8, PerLine: 0.02, PerEstimator: 0.8, Heavy: map[string]float64{
	"torch": 30, "tensorflow": 30, "keras": 30, "transformers": 60,
}}
