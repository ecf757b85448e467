// Command erosion measures and repairs environment erosion in machine-learning
// notebooks: it builds environments, runs datasets of notebooks in them and
// analyses the outcomes.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"syscall"

	"github.com/alecthomas/kong"

	"erosion/records"
)

// version is set at build time (-ldflags "-X main.version=..."); otherwise
// the VCS revision the binary was built from is used.
var version = ""

func erosionVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		rev, dirty := "", false
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if rev != "" {
			if dirty {
				rev += "-dirty"
			}
			return "0.1.0+" + rev
		}
	}
	return "0.1.0-dev"
}

// Globals are flags every command takes.
type Globals struct {
	Config   kong.ConfigFlag `short:"c" help:"YAML file of settings (keys are flag names); flags and EROSION_* variables override it." placeholder:"FILE"`
	LogLevel slog.Level      `default:"info" help:"Log level: debug, info, warn, error."`
	EnvsDir  string          `default:"configs/envs" type:"path" help:"Folder of environment specs (*.yaml)."`
	CacheDir string          `type:"path" help:"Where built environments are cached (default: $XDG_CACHE_HOME/erosion or ~/.cache/erosion)."`
}

// CLI is the command tree.
type CLI struct {
	Globals

	Envs      EnvsCmd      `cmd:"" help:"Build and list execution environments."`
	Run       RunCmd       `cmd:"" help:"Run a dataset's notebooks in one or more environments."`
	Dataset   DatasetCmd   `cmd:"" help:"Verify, describe, seal and measure datasets."`
	Modernize ModernizeCmd `cmd:"" help:"Run an agent on every notebook that does not reproduce in the current environment."`
	Mine      MineCmd      `cmd:"" help:"Build a dataset from Meta Kaggle, the Kaggle API or GitHub."`
	Bench     BenchCmd     `cmd:"" help:"Compare agents on the same non-reproducible notebooks: a leaderboard."`
	Analyze   AnalyzeCmd   `cmd:"" help:"Summarise the runs of a results folder (and write its tables)."`
	Figures   FiguresCmd   `cmd:"" help:"Draw the study's figures (PDF, SVG, PNG) from a results folder."`
	Report    ReportCmd    `cmd:"" help:"Write the study report (self-contained HTML and Markdown) with its tables and figures."`
	Results   ResultsCmd   `cmd:"" help:"Maintain results folders (compact part files, merge Slurm shards)."`
	Slurm     SlurmCmd     `cmd:"" help:"Follow and cancel runs submitted with --backend slurm."`
	Study     StudyCmd     `cmd:"" help:"Run the stages a config names, in order (envs, run, modernize, analyze, figures, report)."`
	Grade     GradeCmd     `cmd:"" help:"Grade submission files with their competition's grader (built-in metric or external grader); says which grader."`
	Version   VersionCmd   `cmd:"" help:"Print the erosion version."`
}

// exitError carries an exit code: 2 for usage and configuration errors, 1
// for failures.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func usage(err error) error {
	if err == nil {
		return nil
	}
	return &exitError{code: 2, err: err}
}

// Where commands print; tests replace them.
var (
	stdout io.Writer = os.Stdout
	stderr io.Writer = os.Stderr
)

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	var cli CLI
	parser, err := newParser(&cli)
	if err != nil {
		fmt.Fprintln(stderr, "erosion:", err)
		return 2
	}
	kctx, err := parser.Parse(args)
	if err != nil {
		fmt.Fprintln(stderr, "erosion:", err)
		return 2
	}
	slog.SetDefault(slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: cli.LogLevel})))
	records.Version = erosionVersion()
	if cli.CacheDir == "" {
		cli.CacheDir = defaultCacheDir()
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	kctx.BindTo(ctx, (*context.Context)(nil))
	err = kctx.Run(&cli.Globals)
	if err == nil {
		return 0
	}
	fmt.Fprintln(stderr, "erosion:", err)
	if errors.Is(err, context.Canceled) {
		return 130
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return 1
}

func newParser(cli *CLI) (*kong.Kong, error) {
	return kong.New(cli,
		kong.Name("erosion"),
		kong.Description("Measure and repair environment erosion in machine-learning notebooks."),
		kong.UsageOnError(),
		kong.Writers(stdout, stderr),
		kong.DefaultEnvars("EROSION"),
		kong.Configuration(loadYAMLConfig),
		kong.ConfigureHelp(kong.HelpOptions{Compact: true}),
	)
}

func defaultCacheDir() string {
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "erosion")
	}
	return filepath.Join(os.TempDir(), "erosion-cache")
}

// VersionCmd prints the version.
type VersionCmd struct{}

func (VersionCmd) Run() error {
	fmt.Fprintln(stdout, "erosion", erosionVersion())
	return nil
}
