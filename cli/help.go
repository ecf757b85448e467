package cli

import (
	"fmt"
	"io/fs"
	"log/slog"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/alecthomas/kong"
)

// HelpPrinter is kong's help with the command's own flags first and the
// global ones after them (kong lists a parent's flags first).
func HelpPrinter(o kong.HelpOptions, ctx *kong.Context) error {
	if sel := ctx.Selected(); sel != nil {
		root := ctx.Model.Node
		global, own := root.Flags, sel.Flags
		sel.Flags = append(slices.Clip(own), global...)
		root.Flags = nil
		defer func() { root.Flags, sel.Flags = global, own }()
	}
	return kong.DefaultHelpPrinter(o, ctx)
}

// HelpValue is a flag's help with its default: every default is shown, the
// on/off default of a negatable switch too. The EROSION_* variable of each
// flag is said once, in the description; other variables (GITHUB_TOKEN
// style) are shown beside their flag.
func HelpValue(v *kong.Value) string {
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

// Details gives every command its help text beyond its flags: the file
// help/<path>.txt of files (the command's words joined by dashes, e.g.
// help/dataset-verify.txt), after the lead of leads[path] if any (prose
// another package documents). A command without its file is an error.
func Details(files fs.FS, leads map[string]string) func(*kong.Kong) error {
	return func(k *kong.Kong) error {
		for _, n := range k.Model.Leaves(true) {
			path := n.Path()
			text, err := fs.ReadFile(files, "help/"+strings.ReplaceAll(path, " ", "-")+".txt")
			if err != nil {
				return fmt.Errorf("the help of %s %s: %w", k.Model.Name, path, err)
			}
			n.Detail = strings.TrimSuffix(string(text), "\n")
			if lead := leads[path]; lead != "" {
				n.Detail = lead + "\n\n" + n.Detail
			}
		}
		return nil
	}
}

// Placeholders names the value of each flag that has a default and no
// placeholder of its own by its kind (N, DURATION, a|b|c), since kong would
// show the default there and help already says it. --help joins the group
// of --version (the global flags).
func Placeholders(k *kong.Kong) error {
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

// Completion is the shell code (bash, zsh or fish) that completes the
// commands and flags of the program bin, called name: the shell asks the
// binary itself (COMP_LINE), so completion follows its commands.
func Completion(shell, name, bin string) (string, error) {
	q := "'" + strings.ReplaceAll(bin, "'", `'\''`) + "'"
	switch shell {
	case "bash":
		return fmt.Sprintf("complete -o default -C %s %s\n", q, name), nil
	case "zsh":
		return fmt.Sprintf("autoload -U +X bashcompinit && bashcompinit\ncomplete -o default -C %s %s\n", q, name), nil
	case "fish":
		return fmt.Sprintf(`function __complete_%[2]s
    set -lx COMP_LINE (commandline -cp)
    test -z (commandline -ct)
    and set COMP_LINE "$COMP_LINE "
    %[1]s
end
complete -c %[2]s -a "(__complete_%[2]s)"
`, q, name), nil
	}
	return "", fmt.Errorf("no completion for shell %q: use bash, zsh or fish", shell)
}
