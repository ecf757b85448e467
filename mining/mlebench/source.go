package mlebench

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"erosion/atomicfile"
	"erosion/datasets"
	"erosion/grading"
	"erosion/grading/external"
	graders "erosion/grading/mlebench"
	"erosion/mining/builder"
)

// DefaultGraderEnv is the environment the external graders run in unless
// told otherwise: an erosion environment with MLE-bench installed.
const DefaultGraderEnv = "mlebench"

// DefaultGradeCommand runs MLE-bench's own grader of one submission.
var DefaultGradeCommand = []string{"mlebench", "grade-sample"}

// Source provides a dataset's competitions from MLE-bench's data and
// registry folders (builder.CompetitionSource).
type Source struct {
	Data     string    // MLE-bench's data folder: <id>/prepared/{public,private}
	Registry *Registry // MLE-bench's registry
	// External lists the competitions graded by MLE-bench's grade-sample
	// even where a built-in metric exists; "all" (ExternalAll) for every
	// one. The others use the built-in metric erosion has for them
	// (grading/mlebench), and grade-sample where it has none.
	External []string
	// GraderEnv is the environment external graders run in (default
	// DefaultGraderEnv); GradeCommand is the grader up to its arguments
	// (default DefaultGradeCommand), which are MLE-bench's: SUBMISSION
	// COMPETITION_ID --data-dir DATA_DIR.
	GraderEnv    string
	GradeCommand []string
	Log          *slog.Logger
}

// ExternalAll in Source.External grades every competition with grade-sample.
const ExternalAll = "all"

// Open checks both folders and returns a source over them.
func Open(data, registry string) (*Source, error) {
	st, err := os.Stat(data)
	if err != nil || !st.IsDir() {
		return nil, fmt.Errorf("MLE-bench data folder %s is not a folder: pass the folder `mlebench prepare` wrote (holding <id>/prepared/public)", data)
	}
	abs, err := filepath.Abs(data)
	if err != nil {
		return nil, err
	}
	reg, err := OpenRegistry(registry)
	if err != nil {
		return nil, err
	}
	return &Source{Data: abs, Registry: reg}, nil
}

func (s *Source) String() string { return "MLE-bench data in " + s.Data }

func (s *Source) log() *slog.Logger {
	if s.Log != nil {
		return s.Log
	}
	return slog.Default()
}

// Provide writes competitions/<slug>/ of the dataset at dir: competition.yaml
// referencing <Data>/<slug>, and referenced-files.tsv.
// Copies of the data or answers an earlier source left there are removed:
// the reference replaces them. A competition the registry lacks or that is
// not prepared in the data folder wraps builder.ErrNoCompetition.
func (s *Source) Provide(dir, slug string) error {
	cfg, err := s.Registry.Config(slug)
	if errors.Is(err, ErrUnknown) {
		return fmt.Errorf("%w: %w", builder.ErrNoCompetition, err)
	} else if err != nil {
		return err
	}
	if st, err := os.Stat(filepath.Join(s.Data, slug, filepath.FromSlash(datasets.PublicDir))); err != nil || !st.IsDir() {
		return fmt.Errorf("%w: %s is not prepared in %s (run `mlebench prepare -c %s --data-dir %s`)", builder.ErrNoCompetition, slug, s.Data, slug, s.Data)
	}
	ref, err := datasets.NewDataRef(s.Data, slug, cfg.Dataset.Answers)
	if err != nil {
		return err
	}
	start := time.Now()
	files, err := datasets.ScanReference(ref)
	if err != nil {
		return err
	}
	var bytes int64
	for _, f := range files {
		bytes += f.Size
	}
	s.log().Info("MLE-bench competition referenced", "competition", slug, "files", len(files), "bytes", bytes, "hashed_in", time.Since(start).Round(time.Millisecond))

	comp := filepath.Join(dir, "competitions", slug)
	for _, stale := range []string{"data", "answers"} {
		if err := os.RemoveAll(filepath.Join(comp, stale)); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(comp, 0o755); err != nil {
		return err
	}
	doc, err := s.competitionYAML(cfg, ref)
	if err != nil {
		return err
	}
	if err := atomicfile.WriteFile(filepath.Join(comp, "competition.yaml"), doc, 0o644); err != nil {
		return err
	}
	return datasets.WriteReferences(comp, files)
}

// Grader says how a competition will be graded: the built-in metric's spec
// or the external grader's, and a note.
func (s *Source) Grader(cfg *Config) (*grading.Spec, *external.Spec, string) {
	g, known := graders.Lookup(cfg.ID)
	forced := slices.Contains(s.External, ExternalAll) || slices.Contains(s.External, cfg.ID)
	if known && g.Builtin() && !forced {
		note := ""
		if g.Name != cfg.Grader.Name {
			note = fmt.Sprintf("the registry names grader %s, erosion's table %s", cfg.Grader.Name, g.Name)
		}
		return g.Spec, nil, note
	}
	env := s.GraderEnv
	if env == "" {
		env = DefaultGraderEnv
	}
	cmd := s.GradeCommand
	if len(cmd) == 0 {
		cmd = DefaultGradeCommand
	}
	spec := &external.Spec{Kind: external.Kind, Env: env, Report: external.ReportMLEBench,
		Command: append(slices.Clone(cmd), external.PlaceholderSubmission, external.PlaceholderCompetition,
			"--data-dir", external.PlaceholderDataDir),
		// The grader sees the answers where MLE-bench's registry looks
		// for them: <data-dir>/<dataset.answers>.
		AnswersAt: cfg.Dataset.Answers,
		TimeoutS:  int(external.DefaultTimeout.Seconds()), MemoryMB: external.DefaultMemoryMB, CPUs: external.DefaultCPUs}
	why := "graded by MLE-bench's grade-sample as asked"
	if !forced {
		why = "erosion has no built-in metric for it"
		if known && g.Note != "" {
			why += " (" + g.Note + ")"
		}
	}
	return nil, spec, why
}

// competitionYAML is competition.yaml for one MLE-bench competition; keys
// with nothing to say are left out.
func (s *Source) competitionYAML(cfg *Config, ref *datasets.DataRef) ([]byte, error) {
	builtin, ext, note := s.Grader(cfg)
	// The description is what an agent is shown of the task: MLE-bench's
	// description.md when the registry has it.
	desc, err := s.Registry.DescriptionText(cfg)
	if err != nil {
		s.log().Warn("no description", "competition", cfg.ID, "err", err)
		desc = fmt.Sprintf("MLE-bench competition %s (%s; MLE-bench's grader: %s)", cfg.ID, cfg.CompetitionType, cfg.Grader.Name)
	}
	y := yamlCompetition{
		Slug:           cfg.ID,
		Title:          cfg.Name,
		Description:    strings.TrimSpace(desc),
		ModelledOn:     cfg.ID,
		SubmissionFile: "submission.csv",
		Grader:         ext,
		Data:           &yamlData{MLEBench: ref.MLEBench, ID: ref.ID, Answers: ref.Answers},
	}
	if g, ok := graders.Lookup(cfg.ID); ext != nil && ok && g.Builtin() {
		// Known even when grade-sample grades: for the agents' prompts.
		y.HigherIsBetter = g.Spec.HigherIsBetter
	}
	if b := builtin; b != nil {
		y.Metric, y.HigherIsBetter, y.IDColumn, y.TargetColumn, y.TargetColumns = b.Metric, b.HigherIsBetter, b.IDColumn, b.TargetColumn, b.TargetColumns
		y.AnswerColumn, y.K, y.Range, y.SumTolerance, y.RequiredColumns = b.AnswerColumn, b.K, b.Range, b.SumTolerance, b.RequiredColumns
		y.ExactColumns, y.ExtraIDs, y.Where, y.GroupColumn, y.HeightColumn, y.WidthColumn = b.ExactColumns, b.ExtraIDs, b.Where, b.GroupColumn, b.HeightColumn, b.WidthColumn
	}
	var out bytes.Buffer
	fmt.Fprintf(&out, "# MLE-bench competition %s, referenced by `erosion` from %s (not copied).\n", cfg.ID, s.Data)
	switch {
	case ext != nil:
		fmt.Fprintf(&out, "# Graded by an external grader in environment %s: %s.\n", ext.Env, note)
	default:
		fmt.Fprintf(&out, "# Graded by erosion's built-in %s, as MLE-bench's %s grader%s.\n", builtin.Metric, cfg.Grader.Name, suffix(note))
	}
	enc := yaml.NewEncoder(&out)
	enc.SetIndent(2)
	if err := enc.Encode(y); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

func suffix(note string) string {
	if note == "" {
		return ""
	}
	return " (" + note + ")"
}

// yamlCompetition mirrors datasets.Competition with omitempty.
type yamlCompetition struct {
	Slug            string         `yaml:"slug"`
	Title           string         `yaml:"title,omitempty"`
	Description     string         `yaml:"description,omitempty"`
	Metric          string         `yaml:"metric,omitempty"`
	HigherIsBetter  bool           `yaml:"higher_is_better,omitempty"`
	IDColumn        string         `yaml:"id_column,omitempty"`
	TargetColumn    string         `yaml:"target_column,omitempty"`
	TargetColumns   []string       `yaml:"target_columns,omitempty,flow"`
	AnswerColumn    string         `yaml:"answer_column,omitempty"`
	K               int            `yaml:"k,omitempty"`
	Range           []float64      `yaml:"range,omitempty,flow"`
	SumTolerance    float64        `yaml:"sum_tolerance,omitempty"`
	RequiredColumns []string       `yaml:"required_columns,omitempty,flow"`
	ExactColumns    bool           `yaml:"exact_columns,omitempty"`
	ExtraIDs        bool           `yaml:"extra_ids,omitempty"`
	Where           *grading.Where `yaml:"where,omitempty"`
	GroupColumn     string         `yaml:"group_column,omitempty"`
	HeightColumn    string         `yaml:"height_column,omitempty"`
	WidthColumn     string         `yaml:"width_column,omitempty"`
	SubmissionFile  string         `yaml:"submission_file,omitempty"`
	ModelledOn      string         `yaml:"modelled_on,omitempty"`
	Grader          *external.Spec `yaml:"grader,omitempty"`
	Data            *yamlData      `yaml:"data"`
}

type yamlData struct {
	MLEBench string `yaml:"mlebench"`
	ID       string `yaml:"id"`
	Answers  string `yaml:"answers"`
}

// LinkAll provides every competition of an existing dataset (of only,
// when given) from s and seals it again: what `erosion dataset mlebench`
// does to extend or re-point a dataset. It returns the dataset as sealed.
// Competitions s lacks are reported and left as they are; none provided is
// an error.
func LinkAll(ds *datasets.Dataset, s *Source, only []string) (sealed *datasets.Dataset, linked, missing []string, err error) {
	slugs := ds.CompetitionSlugs()
	if len(only) > 0 {
		for _, c := range only {
			if !slices.Contains(slugs, c) {
				return nil, nil, nil, fmt.Errorf("competition %q is not in dataset %s (it has %s)", c, ds.Name, strings.Join(slugs, ", "))
			}
		}
		slugs = only
	}
	for _, slug := range slugs {
		err := s.Provide(ds.Dir, slug)
		switch {
		case errors.Is(err, builder.ErrNoCompetition):
			s.log().Warn("competition not provided", "competition", slug, "err", err)
			missing = append(missing, slug)
		case err != nil:
			return nil, linked, missing, fmt.Errorf("competition %s: %w", slug, err)
		default:
			linked = append(linked, slug)
		}
	}
	if len(linked) == 0 {
		return nil, linked, missing, fmt.Errorf("none of the dataset's competitions is prepared in %s (missing: %s)", s.Data, strings.Join(missing, ", "))
	}
	if sealed, err = datasets.Load(ds.Dir); err != nil {
		return nil, linked, missing, err
	}
	return sealed, linked, missing, sealed.Seal()
}
