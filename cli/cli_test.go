package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/alecthomas/kong"

	"erosion/study"
)

// A small command tree in erosion's style: global flags, a command with
// flags of every kind CommandArgs spells.
type testTree struct {
	Verbose bool   `help:"Say more."`
	Config  string `help:"Settings file."`
	Run     struct {
		Workers int           `default:"1" help:"Runs at a time."`
		Timeout time.Duration `help:"Limit per run."`
		Env     []string      `default:"trixie-slim" help:"Environments."`
		Exec    bool          `default:"true" negatable:"" help:"Keep the executed notebook."`
		Mode    string        `default:"auto" enum:"auto,docker,sandbox" help:"Backend"`
		Skip    string        `help:"Left out."`
	} `cmd:"" help:"Run."`
	Other struct{} `cmd:"" help:"Other."`
}

func parse(t *testing.T, args ...string) *kong.Kong {
	t.Helper()
	var tree testTree
	var out bytes.Buffer
	k, err := kong.New(&tree, kong.Name("prog"), kong.Writers(&out, &out), kong.Exit(func(int) { t.Fatal("exit") }),
		kong.ValueFormatter(HelpValue), kong.PostBuild(Placeholders),
		kong.PostBuild(Details(fstest.MapFS{
			"help/run.txt":   {Data: []byte("Runs things.\n")},
			"help/other.txt": {Data: []byte("Other things.\n")},
		}, map[string]string{"run": "Lead."})))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := k.Parse(args); err != nil {
		t.Fatal(err)
	}
	return k
}

func TestCommandArgsSpellsTheCurrentValues(t *testing.T) {
	k := parse(t, "--verbose", "run", "--workers=3", "--timeout=90s", "--env=a,b", "--no-exec", "--mode=docker", "--skip=x")
	got, err := CommandArgs(k, "run", func(name string) bool { return name == "skip" || name == "help" })
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"run", "--verbose", "--workers=3", "--timeout=1m30s", "--env=a", "--env=b", "--no-exec", "--mode=docker"}
	if !slices.Equal(got, want) {
		t.Errorf("CommandArgs = %q\nwant %q", got, want)
	}
	// What it spells parses back to the same values.
	again, err := CommandArgs(parse(t, got...), "run", func(name string) bool { return name == "skip" || name == "help" })
	if err != nil || !slices.Equal(again, want) {
		t.Errorf("round trip: %q, %v", again, err)
	}
	if _, err := CommandArgs(k, "nope", func(string) bool { return false }); err == nil || !strings.Contains(err.Error(), "prog has no nope command") {
		t.Errorf("unknown command: %v", err)
	}
}

func TestHelpShowsDefaultsPlaceholdersAndDetails(t *testing.T) {
	k := parse(t, "run")
	var run *kong.Node
	for _, n := range k.Model.Children {
		if n.Name == "run" {
			run = n
		}
	}
	if run.Detail != "Lead.\n\nRuns things." {
		t.Errorf("detail %q", run.Detail)
	}
	flags := map[string]*kong.Flag{}
	for _, f := range run.Flags {
		flags[f.Name] = f
	}
	for name, want := range map[string]string{"workers": "N", "timeout": "DURATION", "mode": "auto|docker|sandbox", "skip": "SKIP"} {
		if got := flags[name].PlaceHolder; got != want {
			t.Errorf("--%s placeholder %q, want %q", name, got, want)
		}
	}
	for name, want := range map[string]string{"workers": "Runs at a time (default: 1).", "exec": "Keep the executed notebook (default: on).",
		"mode": "Backend (default: auto)", "skip": "Left out."} {
		if got := HelpValue(flags[name].Value); got != want {
			t.Errorf("--%s help %q, want %q", name, got, want)
		}
	}
	var tree testTree
	_, err := kong.New(&tree, kong.PostBuild(Details(fstest.MapFS{"help/run.txt": {Data: []byte("x")}}, nil)))
	if err == nil || !strings.Contains(err.Error(), "the help of") || !strings.Contains(err.Error(), "other") {
		t.Errorf("a command without its help file: %v", err)
	}
}

func TestCompletion(t *testing.T) {
	for shell, want := range map[string]string{
		"bash": "complete -o default -C '/opt/it'\\''s/erosion' erosion\n",
		"zsh":  "autoload -U +X bashcompinit && bashcompinit\ncomplete -o default -C '/opt/it'\\''s/erosion' erosion\n",
		"fish": "complete -c erosion -a \"(__complete_erosion)\"\n",
	} {
		got, err := Completion(shell, "erosion", "/opt/it's/erosion")
		if err != nil || !strings.HasSuffix(got, want) {
			t.Errorf("%s: %q, %v; want it to end with %q", shell, got, err, want)
		}
	}
	if _, err := Completion("tcsh", "erosion", "/bin/erosion"); err == nil {
		t.Error("tcsh: no error")
	}
}

func TestExitCodes(t *testing.T) {
	if Usage(nil) != nil {
		t.Error("Usage(nil) is not nil")
	}
	cases := []struct {
		err  error
		code int
		says string
	}{
		{Usage(errors.New("bad flag")), 2, "bad flag"},
		{fmt.Errorf("wrapped: %w", Usage(errors.New("bad"))), 2, "wrapped: bad"},
		{errors.New("boom"), 1, "boom"},
		{fmt.Errorf("stopping: %w", context.Canceled), 130, "`prog run` stopped before it finished"},
		{Interrupted(&study.InterruptedError{Recorded: 7}, "`prog run --resume`"), 130, "7 runs recorded; `prog run --resume` finishes the rest"},
	}
	for _, c := range cases {
		e := ExitErrorOf(c.err, "prog", "run")
		if e.Code != c.code || !strings.Contains(e.Error(), c.says) {
			t.Errorf("%v: exit %d %q, want %d and %q", c.err, e.Code, e.Error(), c.code, c.says)
		}
	}
	if err := errors.New("other"); Interrupted(err, "x") != err {
		t.Error("Interrupted changed an error that is no interruption")
	}
}
