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
	"slices"
	"syscall"

	"github.com/alecthomas/kong"
	"github.com/willabides/kongplete"

	"erosion/agents/agentspec"
	"erosion/buildinfo"
	"erosion/cli"
)

// erosionVersion is erosion's version (buildinfo.Version).
func erosionVersion() string { return buildinfo.Version() }

// Globals are flags every command takes.
type Globals struct {
	Config   kong.ConfigFlag `short:"c" group:"global" placeholder:"FILE" help:"YAML file of settings whose keys are flag names (e.g. configs/demo.yaml); relative paths in it are relative to its folder. Flags and EROSION_* variables override it."`
	LogLevel slog.Level      `default:"info" group:"global" placeholder:"LEVEL" help:"Log level: debug, info, warn or error."`
	Version  versionFlag     `group:"global" help:"Print the version and the commit it was built from."`
}

// versionFlag prints versionText and exits.
type versionFlag bool

func (versionFlag) BeforeReset(app *kong.Kong) error {
	fmt.Fprint(app.Stdout, buildinfo.Text())
	app.Exit(0)
	return nil
}

// CLI is the command tree.
type CLI struct {
	Globals

	Envs       EnvsCmd       `cmd:"" help:"Build, list, inspect and prune execution environments; backport a dataset."`
	Dataset    DatasetCmd    `cmd:"" help:"Verify, describe, seal and measure datasets."`
	Run        RunCmd        `cmd:"" help:"Run a dataset's notebooks in one or more environments."`
	Modernize  ModernizeCmd  `cmd:"" help:"Run an agent on every notebook that does not reproduce in the current environment."`
	Bench      BenchCmd      `cmd:"" help:"Compare agents on the same non-reproducible notebooks: a leaderboard."`
	Analyze    AnalyzeCmd    `cmd:"" help:"Summarise the runs of a results folder (and write its tables)."`
	Figures    FiguresCmd    `cmd:"" help:"Draw the study's figures (PDF, SVG, PNG) from a results folder."`
	Report     ReportCmd     `cmd:"" help:"Write the study report (self-contained HTML and Markdown) with its tables and figures."`
	Study      StudyCmd      `cmd:"" help:"Run the stages a config names, in order (envs, run, modernize, analyze, figures, report)."`
	Grade      GradeCmd      `cmd:"" help:"Grade submission files with their competition's grader (built-in metric or external grader); says which grader."`
	Mine       MineCmd       `cmd:"" help:"Build a dataset from Meta Kaggle, the Kaggle API or GitHub."`
	Results    ResultsCmd    `cmd:"" help:"Maintain results folders (compact part files, merge Slurm shards)."`
	Slurm      SlurmCmd      `cmd:"" help:"Follow and cancel runs submitted with --backend slurm."`
	Version    VersionCmd    `cmd:"" help:"Print the version and the commit it was built from."`
	Help       HelpCmd       `cmd:"" help:"Show the help of erosion or of a command (erosion help run); erosion help agents: the agents, their settings and the command-agent protocol."`
	Completion CompletionCmd `cmd:"" help:"Print a shell completion script (bash, zsh or fish)."`
}

// usage marks err as a usage or configuration error (exit code 2).
var usage = cli.Usage

// Where commands print and read; tests replace them.
var (
	stdout io.Writer = os.Stdout
	stderr io.Writer = os.Stderr
	stdin  io.Reader = os.Stdin
)

func main() {
	os.Exit(run(os.Args[1:]))
}

// exitCode is how kong's Exit (after --help, --version, a completion)
// reaches run without ending the process: tests call run in-process.
type exitCode int

func run(args []string) (code int) {
	defer func() {
		if r := recover(); r != nil {
			c, ok := r.(exitCode)
			if !ok {
				panic(r)
			}
			code = int(c)
		}
	}()
	var tree CLI
	parser, err := newParser(&tree)
	if err != nil {
		fmt.Fprintln(stderr, "erosion:", err)
		return 2
	}
	if os.Getenv("COMP_LINE") != "" {
		kongplete.Complete(parser)
	}
	// `erosion` alone and `erosion help [command]` print the usage.
	switch {
	case len(args) == 0:
		args = []string{"--help"}
	case len(args) == 2 && args[0] == "help" && args[1] == "agents":
		fmt.Fprintln(stdout, agentspec.Topic())
		return 0
	case args[0] == "help" && !slices.Contains([]string{"-h", "--help"}, args[len(args)-1]):
		args = append(args[1:len(args):len(args)], "--help")
	}
	kctx, err := parser.Parse(args)
	if err != nil {
		fmt.Fprintln(stderr, "erosion:", err)
		var pe *kong.ParseError
		if errors.As(err, &pe) && pe.Context != nil {
			if sel := pe.Context.Selected(); sel != nil {
				fmt.Fprintf(stderr, "(see `erosion %s --help`)\n", sel.Path())
			} else {
				fmt.Fprintln(stderr, "(see `erosion --help`)")
			}
		}
		return 2
	}
	slog.SetDefault(slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: tree.LogLevel})))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	kctx.BindTo(ctx, (*context.Context)(nil))
	err = kctx.Run(&tree.Globals)
	if err == nil {
		return 0
	}
	e := cli.ExitErrorOf(err, "erosion", kctx.Command())
	fmt.Fprintln(stderr, "erosion:", e)
	return e.Code
}

func newParser(tree *CLI) (*kong.Kong, error) {
	return kong.New(tree,
		kong.Name("erosion"),
		kong.Description(description),
		kong.Writers(stdout, stderr),
		kong.Exit(func(code int) { panic(exitCode(code)) }),
		kong.DefaultEnvars("EROSION"),
		kong.Configuration(cli.YAMLConfig),
		kong.NamedMapper("erastable", cli.EraTable{}),
		kong.ConfigureHelp(kong.HelpOptions{Compact: true, WrapUpperBound: 100}),
		kong.Help(cli.HelpPrinter),
		kong.ValueFormatter(cli.HelpValue),
		kong.ExplicitGroups([]kong.Group{
			{Key: "slurm", Title: "Slurm flags (with --slurm or --backend slurm):"},
			{Key: "global", Title: "Global flags:"},
		}),
		kong.PostBuild(cli.Placeholders),
		kong.PostBuild(cli.Details(helpFiles, helpLeads)),
	)
}

const description = `Measure and repair environment erosion in machine-learning notebooks.

Every flag can also be set with an EROSION_<FLAG> variable (EROSION_WORKERS=4) or as a key of a
--config file; flags win over variables, variables over the file. Exit codes: 0 ok, 1 failure,
2 usage or configuration error, 130 interrupted (resume with the same command).`

// VersionCmd prints the version.
type VersionCmd struct{}

func (VersionCmd) Run() error {
	fmt.Fprint(stdout, buildinfo.Text())
	return nil
}
