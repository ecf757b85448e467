package main

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"

	"erosion/harness/envs/backport"
)

// EnvsBackportCmd assigns each notebook of a dataset its backported
// environment: the era environment nearest its date (offline), and, where a
// package index answers, the pins of the newest releases on that date.
type EnvsBackportCmd struct {
	DatasetFlag
	SpecsFlag
	Eras  string `type:"erastable" default:"eras" placeholder:"FILE|NAME" help:"Era table: the era environments and their dates; a file, or a built-in table (eras, eras-slim)."`
	Index string `placeholder:"URL" help:"Package index URL (PEP 691 simple index or a JSON API) (default: $PIP_INDEX_URL). Without one, only the era assignment is written."`
	Out   string `default:"out/backport" type:"path" placeholder:"DIR" help:"Folder to write assignment.csv and pinsets/ into."`
}

func (c *EnvsBackportCmd) Run(ctx context.Context) error {
	ds, err := c.load()
	if err != nil {
		return err
	}
	eras, err := c.eras(c.Eras)
	if err != nil {
		return err
	}
	ix, ixErr := backport.IndexFromEnv(c.Index)
	if ixErr != nil {
		slog.Info("no package index configured: writing the era assignment only", "why", ixErr)
	}
	nbs, err := backport.NotebooksOf(ds)
	if err != nil {
		return usage(err)
	}
	sets, err := backport.WriteAssignment(ctx, c.Out, nbs, eras.For, ix)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d notebooks assigned (%s); %d distinct pin sets in %s\n", len(ds.Notebooks), filepath.Join(c.Out, "assignment.csv"), sets, filepath.Join(c.Out, "pinsets"))
	return nil
}
