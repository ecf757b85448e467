package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/alecthomas/kong"
	"go.yaml.in/yaml/v3"
)

// yamlConfig resolves flags from a YAML file whose keys are flag names
// (dashes or underscores). Precedence is flags > EROSION_* variables > the
// file > defaults: kong applies environment variables as defaults, so a flag
// whose variable is set is left to it.
type yamlConfig struct {
	path   string
	values map[string]any
}

func loadYAMLConfig(r io.Reader) (kong.Resolver, error) {
	path := "config"
	if f, ok := r.(*os.File); ok {
		path = f.Name()
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	values := map[string]any{}
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&values); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("config %s: not valid YAML: %s", path, strings.ReplaceAll(err.Error(), "\n", "; "))
	}
	norm := map[string]any{}
	for k, v := range values {
		norm[strings.ReplaceAll(k, "_", "-")] = v
	}
	return &yamlConfig{path: path, values: norm}, nil
}

// Validate rejects keys that are no flag of any command, so a typo is an
// error instead of a silently ignored setting.
func (c *yamlConfig) Validate(app *kong.Application) error {
	known := map[string]bool{}
	var walk func(n *kong.Node)
	walk = func(n *kong.Node) {
		for _, f := range n.Flags {
			known[f.Name] = true
		}
		for _, ch := range n.Children {
			walk(ch)
		}
	}
	walk(app.Node)
	for k := range c.values {
		if !known[k] {
			names := make([]string, 0, len(known))
			for n := range known {
				if n != "help" && n != "config" {
					names = append(names, n)
				}
			}
			slices.Sort(names)
			return fmt.Errorf("config %s: unknown key %q; known keys: %s", c.path, k, strings.Join(names, ", "))
		}
	}
	return nil
}

func (c *yamlConfig) Resolve(_ *kong.Context, _ *kong.Path, flag *kong.Flag) (any, error) {
	for _, env := range flag.Envs {
		if _, ok := os.LookupEnv(env); ok {
			return nil, nil
		}
	}
	v, ok := c.values[flag.Name]
	if !ok {
		return nil, nil
	}
	// Lists in YAML become the comma-separated form kong parses.
	if list, ok := v.([]any); ok {
		parts := make([]string, len(list))
		for i, x := range list {
			parts[i] = fmt.Sprint(x)
		}
		return strings.Join(parts, ","), nil
	}
	return v, nil
}
