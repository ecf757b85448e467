package envs

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Inventory is what an environment really holds, read inside it: the Python
// version and every installed distribution.
type Inventory struct {
	Env        string    `json:"env"`
	Kind       string    `json:"kind"`
	SpecDigest string    `json:"spec_digest"`
	Digest     string    `json:"digest"` // spec + resolved versions
	Ref        string    `json:"ref"`    // image or rootfs it was read from
	Python     string    `json:"python"`
	Packages   []Package `json:"packages"`
	SizeBytes  int64     `json:"size_bytes"`
	BuiltAt    time.Time `json:"built_at"`
}

// Package is one installed distribution.
type Package struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// InventoryScript prints the inventory as JSON. It runs on Python 3.6+:
// importlib.metadata where it exists (3.8+), pkg_resources before.
const InventoryScript = `import json, platform
try:
    from importlib import metadata
    dists = [(d.metadata["Name"], d.version) for d in metadata.distributions()]
except ImportError:
    import pkg_resources
    dists = [(d.project_name, d.version) for d in pkg_resources.working_set]
print(json.dumps({"python": platform.python_version(), "packages": sorted(set((n, v) for n, v in dists if n))}))
`

// ParseInventory reads InventoryScript's output and completes the inventory
// of spec s.
func ParseInventory(s *Spec, out string) (*Inventory, error) {
	var raw struct {
		Python   string      `json:"python"`
		Packages [][2]string `json:"packages"`
	}
	if err := json.Unmarshal([]byte(strings.TrimSpace(out)), &raw); err != nil || raw.Python == "" {
		return nil, fmt.Errorf("environment %s: could not read its package inventory (%v): %.200q", s.Name, err, out)
	}
	inv := &Inventory{Env: s.Name, Kind: s.Kind(), SpecDigest: s.Digest(), Python: raw.Python, BuiltAt: time.Now().UTC()}
	seen := map[string]bool{}
	for _, p := range raw.Packages {
		key := strings.ToLower(p[0])
		if seen[key] {
			continue
		}
		seen[key] = true
		inv.Packages = append(inv.Packages, Package{Name: p[0], Version: p[1]})
	}
	slices.SortFunc(inv.Packages, func(a, b Package) int { return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) })
	inv.Digest = inv.contentDigest()
	return inv, nil
}

// contentDigest hashes the spec digest with the resolved versions: two
// builds of the same spec on different days differ when Debian moved on.
func (inv *Inventory) contentDigest() string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\npython %s\n", inv.SpecDigest, inv.Python)
	for _, p := range inv.Packages {
		fmt.Fprintf(h, "%s==%s\n", strings.ToLower(p.Name), p.Version)
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// Version returns the installed version of a distribution ("" when absent).
func (inv *Inventory) Version(name string) string {
	for _, p := range inv.Packages {
		if strings.EqualFold(p.Name, name) {
			return p.Version
		}
	}
	return ""
}

// InventoryPath is where a built environment's inventory is kept.
func InventoryPath(cacheDir string, s *Spec) string {
	return filepath.Join(cacheDir, "envs", s.CacheKey(), "inventory.json")
}

// SaveInventory writes the inventory atomically.
func SaveInventory(cacheDir string, s *Spec, inv *Inventory) error {
	path := InventoryPath(cacheDir, s)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	data, err := json.MarshalIndent(inv, "", "  ")
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// LoadInventory reads a saved inventory; nil when there is none.
func LoadInventory(cacheDir string, s *Spec) (*Inventory, error) {
	data, err := os.ReadFile(InventoryPath(cacheDir, s))
	if os.IsNotExist(err) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	var inv Inventory
	if err := json.Unmarshal(data, &inv); err != nil {
		return nil, fmt.Errorf("inventory of %s: %w", s.Name, err)
	}
	return &inv, nil
}

// Store keeps the built environments of one execution backend: Docker
// images, or root filesystems for the sandbox.
type Store interface {
	// Ensure builds s unless it is built (or force), returning its
	// reference (image name or rootfs folder).
	Ensure(ctx context.Context, s *Spec, cacheDir string, force bool) (string, error)
	// Lookup returns s's reference and whether it is built.
	Lookup(ctx context.Context, s *Spec, cacheDir string) (string, bool, error)
	// Size is a built environment's size in bytes.
	Size(ctx context.Context, ref string) int64
}
