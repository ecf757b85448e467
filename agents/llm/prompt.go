package llm

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"unicode/utf8"

	"erosion/agents"
	"erosion/notebook"
	"erosion/pydist"
)

// placeholder stands for a cell left out of the prompt to save space. In
// file-level mode the model copies it and the cell is restored.
const placeholder = "# (unchanged, not shown)"

// tolerancePct is the study's reproducibility band, quoted to the model.
const tolerancePct = 10

// coreLogicGapPct is the study's threshold above which score calibration may
// change the core logic.
const coreLogicGapPct = 30

// limits are how much of each part of the request a prompt shows. A
// negative number means all of it.
type limits struct {
	importedPackagesOnly bool
	dataFiles            int // paths listed
	plans                int // most recent plans listed
	taskChars            int
	tracebackHead        int // lines kept from the start of the traceback
	tracebackTail        int // and from its end (the raising frame)
	around               int // cells shown on each side of the failing cell
}

// levels are tried in order until the prompt fits the cap: first everything,
// then the package list cut to what the notebook imports and the traceback,
// task and lists truncated, then the notebook trimmed to the cells around
// the failure.
var levels = []limits{
	{false, -1, -1, -1, -1, -1, -1},
	{true, 40, 5, 6000, 20, 80, -1},
	{true, 15, 3, 3000, 10, 40, 2},
	{true, 5, 1, 1000, 5, 20, 1},
}

// prompt is a rendered request.
type prompt struct {
	msgs   []message
	tokens int   // estimated
	shown  []int // code cells in the prompt, by index; others are placeholders or absent
	level  int
}

// estimateTokens is the usual rough rule for English and code: four
// characters per token (plus a few per message for the chat framing).
func estimateTokens(msgs []message) int {
	n := 0
	for _, m := range msgs {
		n += utf8.RuneCountInString(m.Content)/4 + 4
	}
	return n
}

// buildPrompt renders req at the first level that fits maxTokens.
func buildPrompt(req agents.Request, mode string, maxTokens int) (prompt, error) {
	var p prompt
	for i, lim := range levels {
		p = render(req, mode, lim)
		p.level = i
		if p.tokens <= maxTokens {
			return p, nil
		}
	}
	return p, fmt.Errorf("llm agent: notebook %s: the prompt is ~%d tokens even after trimming the notebook, traceback and package list, over the cap of %d: raise %s or Config.MaxPromptTokens if the model's context allows",
		req.NotebookID, p.tokens, maxTokens, EnvMaxPromptTokens)
}

// failingCell is the index of the cell that raised, or -1.
func failingCell(req agents.Request) int {
	if req.Failure == nil || req.Failure.Cell < 0 || req.Failure.Cell >= len(req.Cells) {
		return -1
	}
	return req.Failure.Cell
}

func render(req agents.Request, mode string, lim limits) prompt {
	k := failingCell(req)
	// Which cells appear: in cell-level mode, as in the study, cells 1..k+1
	// (the failing cell, what led to it and the next one); in file-level mode
	// all. Trimming keeps the cells around the failure and replaces the rest
	// by placeholders, so the model still sees the notebook's shape.
	last := len(req.Cells) - 1
	if mode == agents.CellLevel && k >= 0 {
		last = min(k+1, last)
	}
	var shown []int
	var nb strings.Builder
	elided := false
	for i := 0; i <= last; i++ {
		fmt.Fprintf(&nb, "# %%%% cell %d\n", i+1)
		if lim.around >= 0 && k >= 0 && (i < k-lim.around || i > k+lim.around) {
			nb.WriteString(placeholder + "\n\n")
			elided = true
			continue
		}
		shown = append(shown, i)
		nb.WriteString(req.Cells[i])
		nb.WriteString("\n\n")
	}
	system := systemPrompt(req, mode, k, elided)
	header := fmt.Sprintf("%d code cells", len(req.Cells))
	if last < len(req.Cells)-1 {
		header += fmt.Sprintf("; cells after %d not shown", last+1)
	}
	user := userPrompt(req, lim, strings.TrimRight(nb.String(), "\n"), header, k)
	msgs := []message{{Role: "system", Content: system}, {Role: "user", Content: user}}
	return prompt{msgs: msgs, tokens: estimateTokens(msgs), shown: shown}
}

// systemPrompt is the role and rules for the fix kind, and the reply format.
func systemPrompt(req agents.Request, mode string, k int, elided bool) string {
	var b strings.Builder
	b.WriteString("You modernize Kaggle machine-learning notebooks. The notebook below was written for older versions " +
		"of Python and its libraries; it now runs in the current environment described below, where you cannot install " +
		"or downgrade packages. Keep the notebook's data paths, the name and location of its submission file, its random " +
		"seeds and its approach. Do not add pip installs.\n\n")
	switch req.Kind {
	case agents.RuntimeReduction:
		fmt.Fprintf(&b, "You are a performance engineer. The last run took %s and exceeded the time limit of %s. ",
			seconds(req.DurationS), seconds(req.TimeLimitS))
		b.WriteString("Make the notebook finish well within the limit while keeping its core logic: the same data, " +
			"features, models and hyper-parameters, so that it produces the same predictions. Do not sample or subset the " +
			"data, do not reduce numeric precision, do not cut training iterations, estimators or folds, and do not add " +
			"early stopping. Remove waste instead: repeated or unused computation, Python loops a vectorised library call " +
			"replaces, exploratory plots and printing the submission does not need, single-threaded work that can use all cores.")
	case agents.ScoreCalibration:
		b.WriteString("You are calibrating the notebook's score. It runs in the current environment, but its score is off " +
			"the score the original submission achieved. The aim is to reproduce the original result, not to improve it: ")
		fmt.Fprintf(&b, "move the score toward the target, not past it and not to the best possible score, until it is "+
			"within %d%% of the target. Look first for behaviour that changed between library versions (changed defaults "+
			"of estimators and solvers, handling of categorical or missing values, random-number semantics) and restore the "+
			"old behaviour explicitly. ", tolerancePct)
		if gap, ok := gapPct(req); ok && gap > coreLogicGapPct {
			fmt.Fprintf(&b, "The gap is %.0f%% of the target, over %d%%, so you may change the core logic (model, features) "+
				"if restoring old behaviour is not enough. ", gap, coreLogicGapPct)
		} else {
			fmt.Fprintf(&b, "Do not change the core logic (model family, features, preprocessing steps): that is allowed only "+
				"when the gap exceeds %d%% of the target. ", coreLogicGapPct)
		}
		b.WriteString("Never hard-code predictions, scores or values taken from the test set, and never use test labels " +
			"or any other leakage.")
	default: // error repair
		b.WriteString("You are a debugger. ")
		if req.Failure != nil {
			b.WriteString("A cell raised an exception in the current environment (traceback below). ")
		} else {
			b.WriteString("The last run raised no exception that was caught, but it produced no gradable submission. ")
		}
		b.WriteString("Find the cause, typically an API that a newer library version removed, renamed or changed, and " +
			"fix it so the notebook runs to the end and writes its submission as the original did. Change only what the " +
			"failure requires: keep the features, models and hyper-parameters.")
	}
	b.WriteString("\n\n")
	if mode == agents.CellLevel && k >= 0 {
		fmt.Fprintf(&b, "Reply with a plan of 3-5 sentences saying what you change and why, then the new source of cell %d "+
			"only, as one ```python code block without a `# %%%%` line. The other cells stay as they are.", k+1)
	} else {
		b.WriteString("Reply with a plan of 3-5 sentences saying what you change and why, then the complete notebook as " +
			"one ```python code block in which every code cell starts with its `# %% cell N` line, in order. Include " +
			"every cell, also those you do not change.")
		if elided {
			fmt.Fprintf(&b, " Cells shown only as a `# %%%% cell N` line followed by `%s` were left out to save space: "+
				"repeat those two lines exactly and the cell is kept as it was.", placeholder)
		}
	}
	return b.String()
}

func userPrompt(req agents.Request, lim limits, code, header string, k int) string {
	var b strings.Builder
	if t := strings.TrimSpace(req.Task); t != "" {
		b.WriteString("## Competition\n")
		if req.Competition != "" {
			b.WriteString(req.Competition + "\n\n")
		}
		b.WriteString(truncateChars(t, lim.taskChars, "\n[description truncated]") + "\n\n")
	} else if req.Competition != "" {
		fmt.Fprintf(&b, "## Competition\n%s\n\n", req.Competition)
	}

	b.WriteString("## Environment\n")
	if req.Python != "" {
		fmt.Fprintf(&b, "Python %s\n", req.Python)
	}
	if len(req.Packages) > 0 {
		pkgs, omitted := packages(req, lim.importedPackagesOnly)
		fmt.Fprintf(&b, "Installed packages: %s", strings.Join(pkgs, ", "))
		if omitted > 0 {
			fmt.Fprintf(&b, " (and %d more the notebook does not import)", omitted)
		}
		b.WriteString("\n")
	}
	if len(req.DataFiles) > 0 {
		files := req.DataFiles
		if lim.dataFiles >= 0 && len(files) > lim.dataFiles {
			files = files[:lim.dataFiles]
		}
		fmt.Fprintf(&b, "Data files (read-only):\n%s\n", strings.Join(files, "\n"))
		if n := len(req.DataFiles) - len(files); n > 0 {
			fmt.Fprintf(&b, "... and %d more files\n", n)
		}
	}
	b.WriteString("\n")

	if req.Metric != "" || req.Score != nil || req.Target != nil {
		b.WriteString("## Score\n")
		if req.Metric != "" {
			fmt.Fprintf(&b, "Metric: %s\n", req.Metric)
		}
		if req.HigherIsBetter {
			b.WriteString("Higher is better.\n")
		} else {
			b.WriteString("Lower is better.\n")
		}
		if req.Target != nil {
			fmt.Fprintf(&b, "Target score (the original submission's): %s\n", number(*req.Target))
		} else {
			b.WriteString("Target score: not shown\n")
		}
		if req.Score != nil {
			fmt.Fprintf(&b, "Current score: %s\n", number(*req.Score))
		} else {
			b.WriteString("Current score: none (no graded submission)\n")
		}
		b.WriteString("\n")
	}

	if len(req.Plans) > 0 {
		plans := req.Plans
		first := 0
		if lim.plans >= 0 && len(plans) > lim.plans {
			first = len(plans) - lim.plans
		}
		b.WriteString("## Previous fixes (they did not make the notebook reproduce)\n")
		for i := first; i < len(plans); i++ {
			fmt.Fprintf(&b, "Fix %d: %s\n", i+1, oneLine(plans[i]))
		}
		b.WriteString("\n")
	}

	fence := fenceFor(code)
	fmt.Fprintf(&b, "## Notebook (%s)\n%spython\n%s\n%s\n", header, fence, code, fence)

	if f := req.Failure; f != nil {
		b.WriteString("\n## Failure\n")
		where := "A cell"
		if k >= 0 {
			where = fmt.Sprintf("Cell %d", k+1)
		}
		fmt.Fprintf(&b, "%s raised %s: %s\n", where, f.ExceptionType, oneLine(clip(f.Message, 2000)))
		if tb := traceback(f.Traceback, lim.tracebackHead, lim.tracebackTail); tb != "" {
			tf := fenceFor(tb)
			fmt.Fprintf(&b, "%s\n%s\n%s\n", tf, tb, tf)
		}
	}
	return b.String()
}

// packages lists name==version, optionally only the distributions the
// notebook imports (those are the ones whose versions matter for a fix).
func packages(req agents.Request, importedOnly bool) (list []string, omitted int) {
	keep := map[string]bool{}
	if importedOnly {
		for _, d := range pydist.Distributions(notebook.Imports(strings.Join(req.Cells, "\n"))) {
			keep[pydist.Normalize(d)] = true
		}
	}
	for _, p := range req.Packages {
		if importedOnly && !keep[pydist.Normalize(p.Name)] {
			omitted++
			continue
		}
		list = append(list, p.Name+"=="+p.Version)
	}
	return list, omitted
}

var ansi = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]`)

// traceback strips terminal colours and keeps head and tail lines: the
// entry point and the raising frame are what a fix needs.
func traceback(tb string, head, tail int) string {
	tb = strings.TrimSpace(ansi.ReplaceAllString(tb, ""))
	if tb == "" || head < 0 || tail < 0 {
		return tb
	}
	lines := strings.Split(tb, "\n")
	if len(lines) <= head+tail {
		return tb
	}
	cut := len(lines) - head - tail
	out := append([]string{}, lines[:head]...)
	out = append(out, fmt.Sprintf("... (%d lines omitted) ...", cut))
	return strings.Join(append(out, lines[len(lines)-tail:]...), "\n")
}

// gapPct is |score - target| / |target| in percent.
func gapPct(req agents.Request) (float64, bool) {
	if req.Score == nil || req.Target == nil || *req.Target == 0 {
		return 0, false
	}
	return math.Abs(*req.Score-*req.Target) / math.Abs(*req.Target) * 100, true
}

func truncateChars(s string, n int, marker string) string {
	if n < 0 || utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + marker
}

// fenceFor returns a backtick fence longer than any run of backticks in s.
func fenceFor(s string) string {
	longest, run := 0, 0
	for _, c := range s {
		if c == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return strings.Repeat("`", max(3, longest+1))
}

func seconds(s float64) string {
	if s <= 0 {
		return "an unknown time"
	}
	return fmt.Sprintf("%.0f s", s)
}

func number(x float64) string {
	return fmt.Sprintf("%.6g", x)
}
