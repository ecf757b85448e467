// Package configs is the environment specs (envs/*.yaml) and era tables
// (eras*.yaml) erosion ships, built into the binary so that it works outside
// its checkout, and how a folder of specs on disk is laid over them.
package configs

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"erosion/harness/envs"
)

//go:embed envs/*.yaml eras*.yaml
var files embed.FS

// Builtin is how messages and Spec.Path name the built-in copies.
const Builtin = "built-in"

// Specs is every environment spec: the built-in ones, and those of dir when
// dir is not empty; a spec in dir replaces the built-in spec of the same
// name. Sorted by name.
func Specs(dir string) ([]*envs.Spec, error) {
	specs, err := envs.LoadDirFS(files, "envs", Builtin+" configs/envs")
	if err != nil {
		return nil, err
	}
	if dir == "" {
		return specs, nil
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("--envs-dir %s is not a folder: give the folder of your environment specs (*.yaml), or leave it out to use the built-in ones", dir)
	}
	own, err := envs.LoadDir(dir)
	if err != nil {
		return nil, err
	}
	for _, s := range own {
		specs = slices.DeleteFunc(specs, func(b *envs.Spec) bool { return b.Name == s.Name })
	}
	specs = append(specs, own...)
	slices.SortFunc(specs, func(a, b *envs.Spec) int { return strings.Compare(a.Name, b.Name) })
	return specs, nil
}

// Find is the spec called name among specs.
func Find(specs []*envs.Spec, name, dir string) (*envs.Spec, error) {
	var names []string
	for _, s := range specs {
		if s.Name == name {
			return s, nil
		}
		names = append(names, s.Name)
	}
	where := "the built-in specs"
	if dir != "" {
		where += " or " + dir
	}
	return nil, fmt.Errorf("no environment named %q in %s (have: %s)", name, where, strings.Join(names, ", "))
}

// IsEraFile reports whether an era table's name table is a file's: it has
// a path separator or a .yaml/.yml suffix; otherwise it may be a built-in
// table's name.
func IsEraFile(table string) bool {
	return strings.ContainsRune(table, filepath.Separator) || strings.HasSuffix(table, ".yaml") || strings.HasSuffix(table, ".yml")
}

// EraTables are the names of the built-in era tables.
func EraTables() []string {
	m, _ := fs.Glob(files, "eras*.yaml")
	for i := range m {
		m[i] = strings.TrimSuffix(m[i], ".yaml")
	}
	slices.Sort(m)
	return m
}

// Eras reads the era table table names: a file, or else one of the
// built-in tables by name (eras, eras-slim). Every environment it names
// must be among specs.
func Eras(table string, specs []*envs.Spec, dir string) (*envs.Eras, error) {
	where := Builtin + " specs"
	if dir != "" {
		where += " and " + dir
	}
	if st, err := os.Stat(table); err == nil && !st.IsDir() {
		data, err := os.ReadFile(table)
		if err != nil {
			return nil, fmt.Errorf("era table %s: %w", table, err)
		}
		return envs.ParseEras(data, table, specs, where)
	}
	name := strings.TrimSuffix(table, ".yaml")
	if slices.Contains(EraTables(), name) && !strings.ContainsRune(table, filepath.Separator) {
		data, err := fs.ReadFile(files, name+".yaml")
		if err != nil {
			return nil, err
		}
		return envs.ParseEras(data, Builtin+" configs/"+name+".yaml", specs, where)
	}
	return nil, fmt.Errorf("era table %s: no such file, nor a built-in table (%s): give an era table file or one of those names", table, strings.Join(EraTables(), ", "))
}
