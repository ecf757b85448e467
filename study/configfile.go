package study

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"erosion/configs"
)

// ConfigFile is a YAML file of settings whose keys are flag names, with
// dashes or underscores (configs/demo.yaml). Relative paths in it are
// relative to the file's folder, wherever it is read from.
type ConfigFile struct {
	Path   string
	Dir    string         // the file's folder, absolute
	Values map[string]any // by key, with dashes
}

// ValueKind says how a setting's string is read.
type ValueKind int

const (
	Plain    ValueKind = iota // as it is
	Path                      // a path: relative to the file's folder
	EraTable                  // a path when it names a file (configs.IsEraFile, or a file in the folder), else a built-in table
)

// ReadConfigFile reads a config file from r; path names it in errors and
// its folder anchors relative paths.
func ReadConfigFile(r io.Reader, path string) (*ConfigFile, error) {
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
	return &ConfigFile{Path: path, Dir: dir, Values: norm}, nil
}

// Check refuses a key that is not one of known, so a typo is an error
// instead of a silently ignored setting; the error lists the known keys
// but help and config.
func (c *ConfigFile) Check(known []string) error {
	for k := range c.Values {
		if slices.Contains(known, k) {
			continue
		}
		var names []string
		for _, n := range known {
			if n != "help" && n != "config" && !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
		slices.Sort(names)
		return fmt.Errorf("config %s: unknown key %q; known keys: %s", c.Path, k, strings.Join(names, ", "))
	}
	return nil
}

// Value is the setting called name read as kind; ok is false when the
// file has none. Lists become their comma-separated form.
func (c *ConfigFile) Value(name string, kind ValueKind) (v any, ok bool) {
	v, ok = c.Values[name]
	if !ok {
		return nil, false
	}
	if p, isString := v.(string); isString {
		return c.relative(p, kind), true
	}
	if list, isList := v.([]any); isList {
		parts := make([]string, len(list))
		for i, x := range list {
			parts[i] = fmt.Sprint(x)
		}
		return strings.Join(parts, ","), true
	}
	return v, true
}

// relative makes a relative path the file gives relative to the file's
// folder. An era table is a path when it looks like one or names a file
// there; otherwise it is a built-in table's name.
func (c *ConfigFile) relative(v string, kind ValueKind) string {
	if v == "" || filepath.IsAbs(v) || strings.HasPrefix(v, "~") {
		return v
	}
	joined := filepath.Join(c.Dir, v)
	switch kind {
	case Path:
		return joined
	case EraTable:
		if configs.IsEraFile(v) {
			return joined
		}
		if st, err := os.Stat(joined); err == nil && !st.IsDir() {
			return joined
		}
	}
	return v
}
