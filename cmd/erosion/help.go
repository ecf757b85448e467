package main

import (
	"embed"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/alecthomas/kong"

	"erosion/agents/agentspec"
	"erosion/cli"
)

// helpFiles are each command's help beyond its flags: help/<path>.txt,
// the path's words joined by dashes (help/dataset-verify.txt).
//
//go:embed help/*.txt
var helpFiles embed.FS

// helpLeads are the prose a command's help begins with that documents
// another package.
var helpLeads = map[string]string{"modernize": agentspec.Help, "bench": agentspec.Help}

// HelpCmd is `erosion help [command]`; run turns it into --help before
// parsing, so this only documents it.
type HelpCmd struct {
	Command []string `arg:"" optional:"" help:"The command, e.g. run or dataset verify."`
}

func (c *HelpCmd) Run(kctx *kong.Context) error {
	_, err := kctx.Kong.Parse(append(slices.Clone(c.Command), "--help"))
	return usage(err)
}

// CompletionCmd prints the shell code that completes erosion's commands
// and flags.
type CompletionCmd struct {
	Shell string `arg:"" enum:"bash,zsh,fish" help:"bash, zsh or fish."`
}

func (c *CompletionCmd) Run() error {
	bin, err := os.Executable()
	if err != nil {
		return fmt.Errorf("cannot find this erosion binary: %w", err)
	}
	if abs, err := filepath.EvalSymlinks(bin); err == nil {
		bin = abs
	}
	script, err := cli.Completion(c.Shell, "erosion", bin)
	if err != nil {
		return usage(err)
	}
	fmt.Fprint(stdout, script)
	return nil
}
