package harness

import (
	"context"
	"fmt"
	"os"
	"time"

	"erosion/harness/envs"
)

// TakeInventory reads the environment's Python version and distributions by
// running envs.InventoryScript inside it, on the backend that will run the
// notebooks: what is recorded is what notebooks see.
func TakeInventory(ctx context.Context, d Driver, s *envs.Spec, ref string) (*envs.Inventory, error) {
	dir, err := os.MkdirTemp("", "erosion-inventory-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	lim := DefaultLimits
	lim.OutputCap = 4 << 20
	job := Job{ID: fmt.Sprintf("inventory-%s-%d", s.CacheKey(), time.Now().UnixNano()%1e9), Image: ref,
		Cells: []string{envs.InventoryScript}, Dir: dir, Timeout: 2 * time.Minute, Limits: lim}
	ex, err := Execute(ctx, d, job)
	if err != nil {
		return nil, err
	}
	if ex.Result == nil || len(ex.Result.Cells) != 1 || ex.Result.Cells[0].Error != nil {
		msg := ex.Log
		if ex.Result != nil && len(ex.Result.Cells) == 1 && ex.Result.Cells[0].Error != nil {
			msg = ex.Result.Cells[0].Error.Message
		}
		return nil, fmt.Errorf("environment %s: reading its inventory failed: %s", s.Name, msg)
	}
	inv, err := envs.ParseInventory(s, ex.Result.Cells[0].Stdout)
	if err != nil {
		return nil, err
	}
	inv.Ref = ref
	return inv, nil
}
