package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"erosion/cli"
	"erosion/httpretry"
	"erosion/mining/builder"
	ghmine "erosion/mining/github"
	"erosion/mining/kaggleapi"
	"erosion/mining/metakaggle"
)

// MineCmd groups the miners: each writes a dataset folder in erosion's
// format (dataset.yaml, notebooks/, competitions/, manifest.parquet,
// funnel.csv/json, checksums) that `erosion run` takes unchanged.
type MineCmd struct {
	MetaKaggle MineMetaKaggleCmd `cmd:"" name:"metakaggle" help:"Select notebooks from a Meta Kaggle dump and copy them from Meta Kaggle Code."`
	Kaggle     MineKaggleCmd     `cmd:"" help:"Fetch a competition's notebooks (and data) with the Kaggle API."`
	GitHub     MineGitHubCmd     `cmd:"" name:"github" help:"Search GitHub for a competition's notebooks and download them with their commit dates."`
}

// mineOutput are the flags every miner shares: where the dataset goes.
type mineOutput struct {
	Dataset   string        `required:"" type:"path" aliases:"out" placeholder:"DIR" help:"Dataset folder to write (new or empty, unless --resume); --out is an older name."`
	Name      string        `help:"Dataset name (default: the folder's name)."`
	Resume    bool          `help:"Continue an interrupted mine into --dataset; nothing is fetched twice."`
	Data      string        `type:"path" placeholder:"DIR" help:"Folder of prepared competitions (<slug>/data, <slug>/answers, <slug>/competition.yaml) copied into the dataset; a competition without competition.yaml is ungraded (executability only)."`
	Eras      string        `type:"erastable" placeholder:"FILE|NAME" help:"Era table (a file, or a built-in table: eras, eras-slim): record each notebook's era environment in the manifest (default: none recorded)."`
	TimeLimit time.Duration `default:"600s" help:"Per-run wall-clock limit written to dataset.yaml (the study's 600 s)."`
	SpecsFlag
	mlebenchFlags `embed:""`
}

// mine opens the dataset folder, fills it with fill (miner is its
// subcommand, named in how to continue an interrupted mine) and finishes it.
func (o *mineOutput) mine(miner, description string, fill func(*builder.Builder) (*builder.Funnel, error)) error {
	b, err := builder.Open(o.Dataset, o.Resume)
	if err != nil {
		return usage(err)
	}
	defer b.Close()
	f, err := fill(b)
	if errors.Is(err, context.Canceled) {
		return &cli.ExitError{Code: 130, Err: fmt.Errorf("interrupted: `erosion mine %s --resume` with the same flags continues; nothing is fetched twice", miner)}
	} else if err != nil {
		return err
	}
	return o.finish(b, description, f)
}

// finish writes the dataset, with the competitions of --data or
// --mlebench-data, and prints the funnel and where everything went.
func (o *mineOutput) finish(b *builder.Builder, description string, f *builder.Funnel) error {
	meta := builder.Meta{Name: o.Name, Description: description, TimeLimitS: int(o.TimeLimit.Seconds())}
	if o.Data != "" {
		meta.Competitions = builder.PreparedFolders(o.Data)
	}
	if src, err := o.source(); err != nil {
		return usage(err)
	} else if src != nil {
		if o.Data != "" {
			return usage(errors.New("--data and --mlebench-data both provide the competitions: give one"))
		}
		meta.Competitions = src
	}
	if o.Eras != "" {
		eras, err := o.eras(o.Eras)
		if err != nil {
			return err
		}
		meta.EraOf = eras.For
	}
	_, err := b.Publish(stdout, meta, f)
	return err
}

// MineMetaKaggleCmd mines a Meta Kaggle dump.
type MineMetaKaggleCmd struct {
	mineOutput   `embed:""`
	Meta         string        `required:"" type:"path" help:"Folder of the Meta Kaggle CSV files (Competitions.csv, KernelVersions.csv, ...)."`
	Code         string        `required:"" type:"path" help:"Root of Meta Kaggle Code (folders 0000/, 0001/, ...)."`
	Competitions string        `type:"path" placeholder:"FILE" help:"Competition slugs to keep, one a line, e.g. configs/competitions/mlebench.txt (default: every competition)."`
	RequireScore bool          `default:"true" negatable:"" help:"Keep versions that produced a submission with a non-zero private score (the target)."`
	MaxRuntime   time.Duration `default:"600s" help:"Keep versions that ran on Kaggle within this time (0 switches the filter off)."`
	NoExternal   bool          `name:"exclude-external-data" default:"true" negatable:"" help:"Drop versions that attach an external dataset."`
	NoInternet   bool          `name:"exclude-internet" default:"true" negatable:"" help:"Drop versions that ran with internet access (IsInternetEnabled, where the dump has it)."`
	LanguageIDs  []int64       `name:"language-ids" default:"2,8,9,14" help:"ScriptLanguageId values of Python kernels (the study's; only .ipynb files are mined)."`
	Before       string        `placeholder:"YYYY-MM-DD" help:"Keep versions created before this date (the study: 2025-05-31; default: no cutoff)."`
}

func (c *MineMetaKaggleCmd) Run(ctx context.Context) error {
	o := metakaggle.Options{MetaDir: c.Meta, CodeDir: c.Code, RequireScore: c.RequireScore, MaxRuntime: c.MaxRuntime,
		NoExternalData: c.NoExternal, NoInternet: c.NoInternet, LanguageIDs: c.LanguageIDs, Log: slog.Default()}
	if c.Competitions != "" {
		list, err := metakaggle.ReadList(c.Competitions)
		if err != nil {
			return usage(err)
		}
		o.Competitions = list
	}
	if c.Before != "" {
		t, err := time.Parse(time.DateOnly, c.Before)
		if err != nil {
			return usage(fmt.Errorf("--before %q: give a date as YYYY-MM-DD", c.Before))
		}
		o.Before = t
	}
	if st, err := os.Stat(c.Meta); err != nil || !st.IsDir() {
		return usage(fmt.Errorf("--meta %s is not a folder: pass the folder holding the Meta Kaggle CSV files", c.Meta))
	}
	desc := fmt.Sprintf("Mined from Meta Kaggle (%s) and Meta Kaggle Code: %s", filepath.Base(c.Meta), o.Describe(c.Competitions))
	return c.mine("metakaggle", desc, func(b *builder.Builder) (*builder.Funnel, error) {
		f, err := metakaggle.Mine(ctx, o, b)
		if metakaggle.IsInputError(err) {
			return f, usage(err)
		}
		return f, err
	})
}

// MineKaggleCmd mines with the Kaggle API.
type MineKaggleCmd struct {
	mineOutput   `embed:""`
	Competition  string `required:"" help:"Competition slug (e.g. titanic)."`
	Kernels      string `type:"path" placeholder:"FILE" help:"Pull these kernels instead of listing the competition's: one owner/slug[/VERSION] [TARGET-SCORE] a line."`
	MaxNotebooks int    `aliases:"max-kernels" default:"0" help:"Stop after this many notebooks (0: all); --max-kernels is an older name."`
	API          string `name:"api" default:"rpc" enum:"rpc,rest" help:"API form: rpc (kagglesdk, current) or rest (legacy /api/v1)."`
	Endpoint     string `env:"KAGGLE_API_ENDPOINT" placeholder:"URL" help:"Kaggle API host to talk to instead of the default (as KAGGLE_API_ENDPOINT does for the official client)."`
	DownloadData bool   `default:"true" negatable:"" help:"Download the competition's data (needs its rules accepted on Kaggle)."`
}

func (c *MineKaggleCmd) Run(ctx context.Context) error {
	client, err := kaggleapi.Connect(c.API, c.Endpoint, slog.Default())
	if err != nil {
		return usage(err)
	}
	o := kaggleapi.MineOptions{Competition: c.Competition, MaxKernels: c.MaxNotebooks, DownloadData: c.DownloadData, Log: slog.Default()}
	if c.Kernels != "" {
		if o.Kernels, err = kaggleapi.ReadRefs(c.Kernels); err != nil {
			return usage(err)
		}
	}
	desc := fmt.Sprintf("Mined with the Kaggle API (%s form) from competition %s", c.API, c.Competition)
	return c.mine("kaggle", desc, func(b *builder.Builder) (*builder.Funnel, error) {
		f, err := kaggleapi.Mine(ctx, client, b, o)
		if errors.Is(err, kaggleapi.ErrRulesNotAccepted) {
			return f, usage(err)
		}
		return f, err
	})
}

// MineGitHubCmd mines GitHub.
type MineGitHubCmd struct {
	mineOutput   `embed:""`
	Query        string        `required:"" help:"GitHub code search query, e.g. \"titanic kaggle\" (extension:ipynb is added unless the query names an extension)."`
	Competition  string        `required:"" help:"Competition slug the notebooks belong to."`
	MaxNotebooks int           `aliases:"max" default:"0" help:"Download at most this many notebooks (0: all the search returns, at most 1000); --max is an older name."`
	GitHubURL    string        `name:"github-url" env:"GITHUB_API_URL" default:"https://api.github.com/" placeholder:"URL" help:"GitHub REST API base URL."`
	MaxWait      time.Duration `default:"1h" help:"Longest rate-limit wait to sit out; longer ones stop the mine (resume later with --resume)."`
}

func (c *MineGitHubCmd) Run(ctx context.Context) error {
	token := os.Getenv("GITHUB_TOKEN")
	if token == "" {
		return usage(errors.New("GitHub code search needs a token: set GITHUB_TOKEN (a token with public read access)"))
	}
	client, err := ghmine.NewClient(token, c.GitHubURL, httpretry.Policy{MaxWait: c.MaxWait, Log: slog.Default()})
	if err != nil {
		return usage(err)
	}
	desc := fmt.Sprintf("Mined from GitHub code search %q for competition %s", ghmine.Query(c.Query), c.Competition)
	return c.mine("github", desc, func(b *builder.Builder) (*builder.Funnel, error) {
		return ghmine.Mine(ctx, client, b, ghmine.Options{Query: c.Query, Competition: c.Competition, Max: c.MaxNotebooks, Log: slog.Default()})
	})
}
