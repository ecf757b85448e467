package cli

import (
	"fmt"
	"slices"

	"github.com/alecthomas/kong"

	"erosion/harness/slurm"
)

// CommandArgs spells command's current flag values (the global ones and
// its own) as a command line, command first, leaving out the flags skip
// names: what another process needs to run the same command, so flags
// added to it later reach that process too.
func CommandArgs(k *kong.Kong, command string, skip func(name string) bool) ([]string, error) {
	i := slices.IndexFunc(k.Model.Children, func(n *kong.Node) bool { return n.Name == command })
	if i < 0 {
		return nil, fmt.Errorf("%s has no %s command", k.Model.Name, command)
	}
	args := []string{command}
	for _, f := range append(slices.Clone(k.Model.Flags), k.Model.Children[i].Flags...) {
		if skip(f.Name) {
			continue
		}
		a, err := flagArgs(f)
		if err != nil {
			return nil, err
		}
		args = append(args, a...)
	}
	return args, nil
}

// flagArgs spells a flag's current value on a command line.
func flagArgs(f *kong.Flag) ([]string, error) {
	off := ""
	switch f.Tag.Negatable {
	case "":
	case "_":
		off = "--no-" + f.Name
	default:
		off = "--" + f.Tag.Negatable
	}
	return slurm.Arg(f.Name, f.Target.Interface(), off)
}
