package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/alecthomas/kong"
	"go.yaml.in/yaml/v3"
)

// yamlConfig resolves flags from a YAML file whose keys are flag names
// (dashes or underscores). Precedence is flags > EROSION_* variables > the
// file > defaults: kong applies environment variables as defaults, so a flag
// whose variable is set is left to it. Relative paths in the file are
// relative to the file's folder, wherever erosion runs.
type yamlConfig struct {
	path   string
	dir    string // the file's folder, absolute
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
	dir, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	return &yamlConfig{path: path, dir: dir, values: norm}, nil
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
	if p, ok := v.(string); ok {
		return c.relative(flag, p), nil
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

// relative makes a relative path the file gives for a path flag relative
// to the file's folder. An era table is a path when it looks like one or
// names a file there; otherwise it is a built-in table's name.
func (c *yamlConfig) relative(flag *kong.Flag, v string) string {
	if v == "" || filepath.IsAbs(v) || strings.HasPrefix(v, "~") {
		return v
	}
	joined := filepath.Join(c.dir, v)
	switch flag.Tag.Type {
	case "path", "existingfile", "existingdir":
		return joined
	case "erastable":
		if strings.ContainsRune(v, filepath.Separator) || strings.HasSuffix(v, ".yaml") || strings.HasSuffix(v, ".yml") {
			return joined
		}
		if st, err := os.Stat(joined); err == nil && !st.IsDir() {
			return joined
		}
	}
	return v
}
