package study

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"erosion/datasets"
	"erosion/grading"
	"erosion/grading/external"
	"erosion/grading/mlebench"
	"erosion/harness"
	"erosion/harness/backends"
	"erosion/safefile"
)

// Submission is a submission file to grade on the host, and the
// competition it is for.
type Submission struct{ Competition, Path string }

// Graded is one graded submission; its JSON (erosion grade --json) is
// stable.
type Graded struct {
	Submission  string           `json:"submission"`
	Competition string           `json:"competition"`
	Score       *float64         `json:"score"`
	Valid       bool             `json:"valid"`
	Reason      string           `json:"reason,omitempty"` // why invalid (grading.Reason*), or the grader's failure
	Detail      string           `json:"detail,omitempty"`
	Grader      string           `json:"grader"` // what graded it
	Report      *external.Report `json:"report,omitempty"`
}

// GraderFailed is the Reason of a submission whose grader failed.
const GraderFailed = "grader-failed"

// ReadSubmissions reads a JSON Lines list of submissions as MLE-bench's
// grade takes it ({"competition_id": ..., "submission_path": ...} a line,
// '#' lines skipped); relative paths are relative to the list's folder.
func ReadSubmissions(path string, ds *datasets.Dataset) ([]Submission, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	slugs := ds.CompetitionSlugs()
	var subs []Submission
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var s struct {
			Competition string `json:"competition_id"`
			Path        string `json:"submission_path"`
		}
		if err := json.Unmarshal([]byte(line), &s); err != nil || s.Competition == "" || s.Path == "" {
			return nil, fmt.Errorf("%s:%d: want {\"competition_id\": ..., \"submission_path\": ...}", path, n)
		}
		if !slices.Contains(slugs, s.Competition) {
			return nil, fmt.Errorf("%s:%d: competition %q is not in dataset %s", path, n, s.Competition, ds.Dir)
		}
		p := s.Path
		if !filepath.IsAbs(p) {
			p = filepath.Join(filepath.Dir(path), p)
		}
		subs = append(subs, Submission{s.Competition, p})
	}
	return subs, sc.Err()
}

// SubmissionFiles are the submissions of competition comp of ds among
// paths: a file is one, a folder gives its *.csv files. A competition ds
// lacks is refused, naming those it has.
func SubmissionFiles(ds *datasets.Dataset, comp string, paths []string) ([]Submission, error) {
	if slugs := ds.CompetitionSlugs(); !slices.Contains(slugs, comp) {
		return nil, fmt.Errorf("--competition %s is not in dataset %s (it has %s)", comp, ds.Dir, strings.Join(slugs, ", "))
	}
	var subs []Submission
	for _, p := range paths {
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			m, _ := filepath.Glob(filepath.Join(p, "*.csv"))
			if len(m) == 0 {
				return nil, fmt.Errorf("folder %s holds no *.csv file", p)
			}
			for _, f := range m {
				subs = append(subs, Submission{comp, f})
			}
			continue
		}
		subs = append(subs, Submission{comp, p})
	}
	return subs, nil
}

// Grader grades submissions to a dataset's competitions, making each
// competition's grading once.
type Grader struct {
	Dataset *datasets.Dataset
	// Sandbox readies the sandbox an external grader runs in, in
	// environment env.
	Sandbox  func(ctx context.Context, env string) (external.Sandbox, error)
	gradings map[string]*harness.Grading
}

// Grade grades submission s. A competition that cannot be graded (no or a
// broken competition.yaml) is a *datasets.CompetitionError; a sandbox
// that cannot be readied fails with Sandbox's error.
func (g *Grader) Grade(ctx context.Context, s Submission) (Graded, error) {
	gr, ok := g.gradings[s.Competition]
	if !ok {
		var comp *datasets.Competition
		var err error
		gr, comp, err = CompetitionGrading(g.Dataset, s.Competition)
		if err != nil {
			return Graded{}, &datasets.CompetitionError{Err: err}
		}
		if comp == nil {
			return Graded{}, &datasets.CompetitionError{Err: fmt.Errorf("competition %s of dataset %s has no competition.yaml: it is not graded", s.Competition, g.Dataset.Dir)}
		}
		if gr.External != nil {
			if gr.External.Sandbox, err = g.Sandbox(ctx, gr.External.Spec.Env); err != nil {
				return Graded{}, err
			}
		}
		if g.gradings == nil {
			g.gradings = map[string]*harness.Grading{}
		}
		g.gradings[s.Competition] = gr
	}
	return GradeFile(ctx, gr, s), nil
}

// GradeFile reads a submission as the harness does (no links, bounded) and
// grades it.
func GradeFile(ctx context.Context, g *harness.Grading, s Submission) Graded {
	r := Graded{Submission: s.Path, Competition: s.Competition, Grader: DescribeGrader(g)}
	data, err := safefile.Read(ctx, filepath.Dir(s.Path), filepath.Base(s.Path), harness.MaxSubmissionBytes)
	if err != nil {
		reason := grading.ReasonUnreadable
		var p *safefile.Problem
		if errors.As(err, &p) && p.Reason == "missing" {
			reason = grading.ReasonMissing
		}
		r.Reason, r.Detail = reason, err.Error()
		return r
	}
	score, rep, err := g.Score(ctx, data, "")
	r.Report = rep
	var inv *grading.Invalid
	switch {
	case err == nil:
		r.Score, r.Valid = &score, true
	case errors.As(err, &inv):
		r.Reason, r.Detail = inv.Reason, inv.Detail
	case errors.Is(err, external.ErrGrader):
		r.Reason, r.Detail = GraderFailed, err.Error()
	default:
		r.Reason, r.Detail = "error", err.Error()
	}
	return r
}

// DescribeGrader says in one line what grades a competition.
func DescribeGrader(g *harness.Grading) string {
	if x := g.External; x != nil {
		kind := cmpOr(x.Spec.Report, external.ReportMLEBench)
		return fmt.Sprintf("external: %s in environment %s (%s report)", strings.Join(x.Spec.Command, " "), x.Spec.Env, kind)
	}
	return "builtin: " + mlebench.Describe(g.Spec)
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// WriteGraded writes graded submissions as JSON Lines or a table; it fails
// when a grader failed, since that submission's verdict is unknown.
func WriteGraded(w io.Writer, out []Graded, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(w)
		for _, r := range out {
			if err := enc.Encode(r); err != nil {
				return err
			}
		}
	} else {
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "SUBMISSION\tCOMPETITION\tSCORE\tVALID\tREASON\tGRADER")
		for _, r := range out {
			score := "-"
			if r.Score != nil {
				score = fmt.Sprintf("%.6g", *r.Score)
			}
			reason := r.Reason
			if r.Detail != "" {
				reason += ": " + r.Detail
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%t\t%s\t%s\n", r.Submission, r.Competition, score, r.Valid, oneLine(reason, 160), r.Grader)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	for _, r := range out {
		if r.Reason == GraderFailed {
			return fmt.Errorf("the grader of %s failed on %s: %s", r.Competition, r.Submission, r.Detail)
		}
	}
	return nil
}

// oneLine is s on one line, cut after n bytes.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > n {
		s = s[:n] + "…"
	}
	return s
}

// GraderRow says what grades one competition of a dataset; its JSON
// (erosion dataset graders --json) is stable.
type GraderRow struct {
	Competition string `json:"competition"`
	Grader      string `json:"grader"`
	Kind        string `json:"kind"` // builtin, external or none
	Data        string `json:"data"` // where notebooks' data come from
	MLEBench    string `json:"mlebench_grader,omitempty"`
}

// DescribeGraders is, per competition of ds, the grader that grades it and
// where its data come from.
func DescribeGraders(ds *datasets.Dataset) ([]GraderRow, error) {
	var rows []GraderRow
	for _, slug := range ds.CompetitionSlugs() {
		r := GraderRow{Competition: slug, Data: ds.DataDir(slug), Kind: "none", Grader: "not graded (no competition.yaml): executability only"}
		if ref := ds.Reference(slug); ref != nil {
			r.Data = "MLE-bench " + ref.Public()
		}
		if mg, ok := mlebench.Lookup(slug); ok {
			r.MLEBench = mg.Name
		}
		gr, comp, err := CompetitionGrading(ds, slug)
		if err != nil {
			return nil, err
		}
		if comp != nil {
			r.Grader, r.Kind = DescribeGrader(gr), "builtin"
			if gr.External != nil {
				r.Kind = "external"
			}
		}
		rows = append(rows, r)
	}
	return rows, nil
}

// WriteGraders writes DescribeGraders' rows as JSON Lines or a table.
func WriteGraders(w io.Writer, rows []GraderRow, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(w)
		for _, r := range rows {
			if err := enc.Encode(r); err != nil {
				return err
			}
		}
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "COMPETITION\tKIND\tGRADER\tMLE-BENCH GRADER\tDATA")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.Competition, r.Kind, r.Grader, cmpOr(r.MLEBench, "-"), r.Data)
	}
	return tw.Flush()
}

// GradeOptions say where external graders run: on Backend (auto, docker or
// sandbox; opened only when a competition has an external grader), in
// their environment found among the specs of EnvsDir and the built-in ones
// and built in CacheDir (default: DefaultCacheDir).
type GradeOptions struct {
	Backend  string
	EnvsDir  string
	CacheDir string
}

// GradeAll grades submissions to ds's competitions as runs are graded, in
// order. A competition that cannot be graded, or whose grader environment
// is no known spec, is a UsageError.
func GradeAll(ctx context.Context, ds *datasets.Dataset, subs []Submission, o GradeOptions) ([]Graded, error) {
	var be backends.Backend
	defer func() {
		if be != nil {
			backends.Close(be)
		}
	}()
	g := &Grader{Dataset: ds, Sandbox: func(ctx context.Context, env string) (external.Sandbox, error) {
		spec, err := Config{EnvsDir: o.EnvsDir}.Find(env)
		if err != nil {
			return nil, usage(fmt.Errorf("the competition's external grader runs in environment %s: %w", env, err))
		}
		if be == nil {
			if be, err = backends.Open(ctx, cmp.Or(o.Backend, "auto")); err != nil {
				return nil, err
			}
		}
		inv, err := backends.Ready(ctx, be, spec, cmp.Or(o.CacheDir, DefaultCacheDir()))
		if err != nil {
			return nil, err
		}
		return GraderSandbox(be, func(context.Context, string) (string, error) { return inv.Ref, nil }), nil
	}}
	var out []Graded
	for _, s := range subs {
		r, err := g.Grade(ctx, s)
		var ce *datasets.CompetitionError
		if errors.As(err, &ce) {
			return out, usage(err)
		} else if err != nil {
			return out, err
		}
		out = append(out, r)
	}
	return out, nil
}
