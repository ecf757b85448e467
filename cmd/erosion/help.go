package main

import (
	"embed"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/alecthomas/kong"

	"erosion/agents/agentspec"
	"erosion/configs"
)

// helpPrinter is kong's help with the command's own flags first and the
// global ones after them (kong lists a parent's flags first).
func helpPrinter(o kong.HelpOptions, ctx *kong.Context) error {
	if sel := ctx.Selected(); sel != nil {
		root := ctx.Model.Node
		global, own := root.Flags, sel.Flags
		sel.Flags = append(slices.Clip(own), global...)
		root.Flags = nil
		defer func() { root.Flags, sel.Flags = global, own }()
	}
	return kong.DefaultHelpPrinter(o, ctx)
}

// helpValue is a flag's help with its default: every default is shown,
// the on/off default of a negatable switch too. The EROSION_* variable of
// each flag is said once, in the description; other variables (GITHUB_TOKEN
// style) are shown beside their flag.
func helpValue(v *kong.Value) string {
	help := v.Help
	var own []string
	for _, e := range v.Tag.Envs {
		if !strings.HasPrefix(e, "EROSION_") {
			own = append(own, "$"+e)
		}
	}
	if v.Flag != nil && !strings.Contains(strings.ToLower(v.OrigHelp), "(default") {
		switch {
		case v.IsBool() && v.Flag.Tag.Negatable != "":
			onOff := "off"
			if v.Default == "true" {
				onOff = "on"
			}
			help = addNote(help, "default: "+onOff)
		case v.IsBool() || v.Flag.Name == "help" || v.Flag.Name == "version":
		case v.HasDefault && v.Default != "":
			help = addNote(help, "default: "+v.Default)
		}
	}
	if len(own) > 0 {
		help = addNote(help, strings.Join(own, ", "))
	}
	return help
}

// addNote puts "(note)" at the end of help, before its final full stop.
func addNote(help, note string) string {
	if strings.HasSuffix(help, ".") {
		return help[:len(help)-1] + " (" + note + ")."
	}
	return strings.TrimSpace(help + " (" + note + ")")
}

// helpFiles are each command's help beyond its flags: help/<path>.txt,
// the path's words joined by dashes (help/dataset-verify.txt).
//
//go:embed help/*.txt
var helpFiles embed.FS

// helpLeads are the prose a command's help begins with that documents
// another package.
var helpLeads = map[string]string{"modernize": agentspec.Help, "bench": agentspec.Help}

// details gives every command its help text: its lead, then its file.
func details(k *kong.Kong) error {
	for _, n := range k.Model.Leaves(true) {
		path := n.Path()
		text, err := helpFiles.ReadFile("help/" + strings.ReplaceAll(path, " ", "-") + ".txt")
		if err != nil {
			return fmt.Errorf("the help of erosion %s: %w", path, err)
		}
		n.Detail = strings.TrimSuffix(string(text), "\n")
		if lead := helpLeads[path]; lead != "" {
			n.Detail = lead + "\n\n" + n.Detail
		}
	}
	return nil
}

// placeholders names the value of each flag that has a default and no
// placeholder of its own by its kind (N, DURATION, a|b|c), since kong
// would show the default there and help already says it.
func placeholders(k *kong.Kong) error {
	// --help is a global flag too.
	for _, f := range k.Model.Flags {
		if f.Name == "version" {
			for _, h := range k.Model.Flags {
				if h.Name == "help" {
					h.Group = f.Group
				}
			}
		}
	}
	return kong.Visit(k.Model, func(n kong.Visitable, next kong.Next) error {
		if f, ok := n.(*kong.Flag); ok && f.PlaceHolder == "" && !f.IsBool() {
			f.PlaceHolder = placeholder(f)
		}
		return next(nil)
	})
}

func placeholder(f *kong.Flag) string {
	t := f.Target.Type()
	if t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	switch {
	case f.Enum != "":
		if f.Value.IsSlice() {
			return strings.ToUpper(strings.TrimSuffix(f.Name, "s"))
		}
		return strings.ReplaceAll(f.Enum, ",", "|")
	case t == reflect.TypeFor[time.Duration]():
		return "DURATION"
	case t == reflect.TypeFor[slog.Level]():
		return "LEVEL"
	case t.Kind() == reflect.Int || t.Kind() == reflect.Int64 || t.Kind() == reflect.Float64:
		return "N"
	case f.Tag.Type == "path":
		return "DIR"
	case strings.Contains(f.Name, "mem") || strings.HasSuffix(f.Name, "-cap"):
		return "SIZE"
	}
	return strings.ToUpper(f.Name)
}

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
// and flags: the shell asks erosion itself (COMP_LINE), so completion
// follows the binary's commands.
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
	q := "'" + strings.ReplaceAll(bin, "'", `'\''`) + "'"
	switch c.Shell {
	case "bash":
		fmt.Fprintf(stdout, "complete -o default -C %s erosion\n", q)
	case "zsh":
		fmt.Fprintf(stdout, "autoload -U +X bashcompinit && bashcompinit\ncomplete -o default -C %s erosion\n", q)
	case "fish":
		fmt.Fprintf(stdout, `function __complete_erosion
    set -lx COMP_LINE (commandline -cp)
    test -z (commandline -ct)
    and set COMP_LINE "$COMP_LINE "
    %s
end
complete -c erosion -a "(__complete_erosion)"
`, q)
	}
	return nil
}

// erasTableMapper reads an --eras value: a file (made absolute, as kong's
// path type does) or the name of a built-in table, kept as it is.
type erasTableMapper struct{}

func (erasTableMapper) Decode(ctx *kong.DecodeContext, target reflect.Value) error {
	var v string
	if err := ctx.Scan.PopValueInto("table", &v); err != nil {
		return err
	}
	if configs.IsEraFile(v) {
		v = kong.ExpandPath(v)
	}
	target.SetString(v)
	return nil
}
