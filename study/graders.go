package study

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"

	"erosion/datasets"
	"erosion/harness"
	"erosion/harness/backends"
	"erosion/harness/envs"
	"erosion/harness/grader"
)

// CompetitionGrading is how submissions of competition slug are graded:
// its built-in metric, or its external grader (competition.yaml's grader:
// block), against its hidden answers. nil when the competition has no
// competition.yaml (executability only). Target and tolerance are left to
// the caller.
func CompetitionGrading(ds *datasets.Dataset, slug string) (*harness.Grading, *datasets.Competition, error) {
	comp, err := ds.Competition(slug)
	if err != nil || comp == nil {
		return nil, comp, err
	}
	answers, err := filepath.Abs(ds.AnswersPath(slug))
	if err != nil {
		return nil, nil, err
	}
	g := &harness.Grading{Spec: comp.Spec(), Answers: answers, SubmissionFile: comp.SubmissionFile, Tolerance: ds.Tolerance}
	if comp.Grader != nil {
		id := slug
		if r := ds.Reference(slug); r != nil {
			id = r.ID // the grader knows it by its MLE-bench id
		}
		g.External = &harness.ExternalGrader{Spec: *comp.Grader, Competition: id}
	}
	return g, comp, nil
}

// GraderEnvs are the environments the external graders of the plan's
// tasks run in.
func (p *Plan) GraderEnvs() []string {
	var out []string
	for _, t := range p.Tasks {
		if g := t.Grading; g != nil && g.External != nil && !slices.Contains(out, g.External.Spec.Env) {
			out = append(out, g.External.Spec.Env)
		}
	}
	slices.Sort(out)
	return out
}

// resolveGraders finds the spec of every grading environment the plan
// needs, by name.
func (p *Plan) resolveGraders(specs func(string) (*envs.Spec, error)) error {
	names := p.GraderEnvs()
	if len(names) == 0 {
		return nil
	}
	if specs == nil {
		return fmt.Errorf("dataset %s has external graders (environments %v): Options.Specs is needed to find them", p.Dataset.Name, names)
	}
	p.Graders = map[string]*envs.Spec{}
	for _, n := range names {
		s, err := specs(n)
		if err != nil {
			return fmt.Errorf("an external grader of dataset %s runs in environment %s: %w", p.Dataset.Name, n, err)
		}
		p.Graders[n] = s
	}
	return nil
}

// prepareGraders checks that every grading environment is built on the
// backend (a grader cannot run otherwise: the plan stops before any
// notebook runs) and gives each external grading its sandbox.
func (x *Executor) prepareGraders(ctx context.Context, p *Plan) error {
	if len(p.Graders) == 0 {
		return nil
	}
	refs := map[string]string{}
	for name, s := range p.Graders {
		inv, err := backends.Ready(ctx, x.Backend, s, x.CacheDir)
		if err != nil {
			return fmt.Errorf("the external grader's environment: %w", err)
		}
		refs[name] = inv.Ref
	}
	sb := GraderSandbox(x.Backend, func(_ context.Context, env string) (string, error) {
		if ref, ok := refs[env]; ok {
			return ref, nil
		}
		return "", fmt.Errorf("grading environment %s was not prepared", env)
	})
	for _, t := range p.Tasks {
		if g := t.Grading; g != nil && g.External != nil {
			g.External.Sandbox = sb
		}
	}
	return nil
}

// GraderSandbox runs external graders on the backend's driver, in the
// environments image resolves.
func GraderSandbox(d harness.Driver, image func(context.Context, string) (string, error)) *grader.Sandbox {
	return &grader.Sandbox{Driver: d, Image: image}
}
