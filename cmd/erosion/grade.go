package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
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
	"erosion/study"
)

// GradeCmd grades submission files the way a run's submission is graded:
// the competition's built-in metric, or its external grader in a fresh
// sandbox of its grading environment.
type GradeCmd struct {
	DatasetFlag
	BackendFlag
	SpecsFlag
	CacheFlag
	Competition string   `help:"Competition the submissions are for (a slug of the dataset); not needed with --submissions."`
	Files       []string `arg:"" optional:"" type:"path" help:"Submission files, or folders whose *.csv files are graded."`
	Submissions string   `type:"path" placeholder:"FILE" help:"JSON Lines of submissions, as MLE-bench's grade takes: {\"competition_id\": ..., \"submission_path\": ...} a line ('#' lines skipped)."`
	JSON        bool     `name:"json" help:"Print one JSON object per submission instead of a table."`
}

// graded is one graded submission.
type graded struct {
	Submission  string           `json:"submission"`
	Competition string           `json:"competition"`
	Score       *float64         `json:"score"`
	Valid       bool             `json:"valid"`
	Reason      string           `json:"reason,omitempty"` // why invalid (grading.Reason*), or the grader's failure
	Detail      string           `json:"detail,omitempty"`
	Grader      string           `json:"grader"` // what graded it
	Report      *external.Report `json:"report,omitempty"`
}

// graderFailed is the Reason of a submission whose grader failed.
const graderFailed = "grader-failed"

func (c *GradeCmd) Help() string {
	return `Grades as a run would, on the host: the submission is read without following links, bounded,
and checked (columns, ids, values) before the competition's metric or external grader scores it.

Examples:

    erosion grade --dataset datasets/mini --competition titanic submission.csv
    erosion grade --dataset datasets/mlebench --submissions submissions.jsonl --json`
}

func (c *GradeCmd) Run(ctx context.Context) error {
	ds, err := c.load()
	if err != nil {
		return err
	}
	jobs, err := c.jobs(ds)
	if err != nil {
		return usage(err)
	}
	var be backends.Backend
	defer func() {
		if be != nil {
			backends.Close(be)
		}
	}()
	gradings := map[string]*harness.Grading{}
	var out []graded
	for _, j := range jobs {
		gr, ok := gradings[j.comp]
		if !ok {
			var comp *datasets.Competition
			gr, comp, err = study.CompetitionGrading(ds, j.comp)
			if err != nil {
				return usage(err)
			}
			if comp == nil {
				return usage(fmt.Errorf("competition %s of dataset %s has no competition.yaml: it is not graded", j.comp, ds.Dir))
			}
			if gr.External != nil {
				if be == nil {
					if be, err = backends.Open(ctx, c.Backend); err != nil {
						return err
					}
				}
				if gr.External.Sandbox, err = graderSandbox(ctx, c.SpecsFlag, c.cacheDir(), be, gr.External.Spec.Env); err != nil {
					return err
				}
			}
			gradings[j.comp] = gr
		}
		out = append(out, gradeOne(ctx, gr, j))
	}
	return printGraded(out, c.JSON)
}

type gradeJob struct{ comp, path string }

// jobs are the submissions the flags name.
func (c *GradeCmd) jobs(ds *datasets.Dataset) ([]gradeJob, error) {
	var jobs []gradeJob
	slugs := ds.CompetitionSlugs()
	if c.Submissions != "" {
		if c.Competition != "" || len(c.Files) > 0 {
			return nil, errors.New("--submissions lists the competition of every submission: give no --competition or files with it")
		}
		f, err := os.Open(c.Submissions)
		if err != nil {
			return nil, err
		}
		defer f.Close()
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
				return nil, fmt.Errorf("%s:%d: want {\"competition_id\": ..., \"submission_path\": ...}", c.Submissions, n)
			}
			if !slices.Contains(slugs, s.Competition) {
				return nil, fmt.Errorf("%s:%d: competition %q is not in dataset %s", c.Submissions, n, s.Competition, ds.Dir)
			}
			p := s.Path
			if !filepath.IsAbs(p) {
				p = filepath.Join(filepath.Dir(c.Submissions), p)
			}
			jobs = append(jobs, gradeJob{s.Competition, p})
		}
		return jobs, sc.Err()
	}
	if c.Competition == "" || len(c.Files) == 0 {
		return nil, errors.New("name the competition (--competition SLUG) and the submission files, or give --submissions FILE.jsonl")
	}
	if !slices.Contains(slugs, c.Competition) {
		return nil, fmt.Errorf("--competition %s is not in dataset %s (it has %s)", c.Competition, ds.Dir, strings.Join(slugs, ", "))
	}
	for _, p := range c.Files {
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			m, _ := filepath.Glob(filepath.Join(p, "*.csv"))
			if len(m) == 0 {
				return nil, fmt.Errorf("folder %s holds no *.csv file", p)
			}
			for _, f := range m {
				jobs = append(jobs, gradeJob{c.Competition, f})
			}
			continue
		}
		jobs = append(jobs, gradeJob{c.Competition, p})
	}
	return jobs, nil
}

// gradeOne reads a submission as the harness does (no links, bounded) and
// grades it.
func gradeOne(ctx context.Context, g *harness.Grading, j gradeJob) graded {
	r := graded{Submission: j.path, Competition: j.comp, Grader: describeGrader(g)}
	data, err := safefile.Read(ctx, filepath.Dir(j.path), filepath.Base(j.path), harness.MaxSubmissionBytes)
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
		r.Reason, r.Detail = graderFailed, err.Error()
	default:
		r.Reason, r.Detail = "error", err.Error()
	}
	return r
}

// describeGrader says in one line what grades a competition.
func describeGrader(g *harness.Grading) string {
	if x := g.External; x != nil {
		return fmt.Sprintf("external: %s in environment %s (%s report)", strings.Join(x.Spec.Command, " "), x.Spec.Env, reportKind(x.Spec))
	}
	return "builtin: " + mlebench.Describe(g.Spec)
}

func reportKind(s external.Spec) string {
	if s.Report == "" {
		return external.ReportMLEBench
	}
	return s.Report
}

// graderSandbox runs a competition's external grader on the backend; its
// environment must be built there.
func graderSandbox(ctx context.Context, sf SpecsFlag, cacheDir string, be backends.Backend, env string) (external.Sandbox, error) {
	spec, err := sf.find(env)
	if err != nil {
		return nil, usage(fmt.Errorf("the competition's external grader runs in environment %s: %w", env, err))
	}
	inv, err := backends.Ready(ctx, be, spec, cacheDir)
	if err != nil {
		return nil, err
	}
	return study.GraderSandbox(be, func(context.Context, string) (string, error) { return inv.Ref, nil }), nil
}

func printGraded(out []graded, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(stdout)
		for _, r := range out {
			if err := enc.Encode(r); err != nil {
				return err
			}
		}
	} else {
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
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
			fmt.Fprintf(tw, "%s\t%s\t%s\t%t\t%s\t%s\n", r.Submission, r.Competition, score, r.Valid, oneLineText(reason, 160), r.Grader)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	for _, r := range out {
		if r.Reason == graderFailed {
			return fmt.Errorf("the grader of %s failed on %s: %s", r.Competition, r.Submission, r.Detail)
		}
	}
	return nil
}

func oneLineText(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > n {
		s = s[:n] + "…"
	}
	return s
}

// DatasetGradersCmd prints, per competition, the grader that grades it.
type DatasetGradersCmd struct {
	datasetArg `embed:""`
	JSON       bool `name:"json" help:"Print JSON Lines."`
}

func (c *DatasetGradersCmd) Help() string {
	return `Examples:

    erosion dataset graders --dataset datasets/mini
    erosion dataset graders --dataset datasets/mlebench --json`
}

func (c *DatasetGradersCmd) Run(context.Context) error {
	ds, err := c.load()
	if err != nil {
		return err
	}
	type row struct {
		Competition string `json:"competition"`
		Grader      string `json:"grader"`
		Kind        string `json:"kind"` // builtin, external or none
		Data        string `json:"data"` // where notebooks' data come from
		MLEBench    string `json:"mlebench_grader,omitempty"`
	}
	var rows []row
	for _, slug := range ds.CompetitionSlugs() {
		r := row{Competition: slug, Data: ds.DataDir(slug), Kind: "none", Grader: "not graded (no competition.yaml): executability only"}
		if ref := ds.Reference(slug); ref != nil {
			r.Data = "MLE-bench " + ref.Public()
		}
		if mg, ok := mlebench.Lookup(slug); ok {
			r.MLEBench = mg.Name
		}
		gr, comp, err := study.CompetitionGrading(ds, slug)
		if err != nil {
			return usage(err)
		}
		if comp != nil {
			r.Grader, r.Kind = describeGrader(gr), "builtin"
			if gr.External != nil {
				r.Kind = "external"
			}
		}
		rows = append(rows, r)
	}
	if c.JSON {
		enc := json.NewEncoder(stdout)
		for _, r := range rows {
			if err := enc.Encode(r); err != nil {
				return err
			}
		}
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "COMPETITION\tKIND\tGRADER\tMLE-BENCH GRADER\tDATA")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.Competition, r.Kind, r.Grader, dash(r.MLEBench), r.Data)
	}
	return tw.Flush()
}
