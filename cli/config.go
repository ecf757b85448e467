package cli

import (
	"io"
	"os"
	"reflect"

	"github.com/alecthomas/kong"

	"erosion/configs"
	"erosion/study"
)

// yamlConfig resolves flags from a --config file (study.ConfigFile).
// Precedence is flags > environment variables > the file > defaults: kong
// applies environment variables as defaults, so a flag whose variable is
// set is left to it.
type yamlConfig struct{ *study.ConfigFile }

// YAMLConfig is kong's loader of a --config file (kong.Configuration).
func YAMLConfig(r io.Reader) (kong.Resolver, error) {
	path := "config"
	if f, ok := r.(*os.File); ok {
		path = f.Name()
	}
	c, err := study.ReadConfigFile(r, path)
	return yamlConfig{c}, err
}

// Validate rejects keys that are no flag of any command.
func (c yamlConfig) Validate(app *kong.Application) error {
	var known []string
	var walk func(n *kong.Node)
	walk = func(n *kong.Node) {
		for _, f := range n.Flags {
			known = append(known, f.Name)
		}
		for _, ch := range n.Children {
			walk(ch)
		}
	}
	walk(app.Node)
	return c.Check(known)
}

func (c yamlConfig) Resolve(_ *kong.Context, _ *kong.Path, flag *kong.Flag) (any, error) {
	for _, env := range flag.Envs {
		if _, ok := os.LookupEnv(env); ok {
			return nil, nil
		}
	}
	kind := study.Plain
	switch flag.Tag.Type {
	case "path", "existingfile", "existingdir":
		kind = study.Path
	case "erastable":
		kind = study.EraTable
	}
	v, _ := c.Value(flag.Name, kind)
	return v, nil
}

// EraTable reads an era-table value (the "erastable" type): a file, made
// absolute as kong's path type does, or the name of a built-in table, kept
// as it is.
type EraTable struct{}

func (EraTable) Decode(ctx *kong.DecodeContext, target reflect.Value) error {
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
