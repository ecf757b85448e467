package results

import (
	"slices"
	"strings"

	"erosion/records"
)

// exportRuns writes the entries whose runs are not in the tables yet.
// Cells go first, each skipped when already there: an export killed between
// the two writes is completed by the next, without duplicates.
func exportRuns(root string, entries []Entry) error {
	have, err := records.Runs.Read(root)
	if err != nil {
		return err
	}
	runDone := map[Key]bool{}
	for _, r := range have {
		runDone[KeyOf(r)] = true
	}
	haveCells, err := records.Cells.Read(root)
	if err != nil {
		return err
	}
	cellsDone := map[Key]bool{}
	for _, c := range haveCells {
		cellsDone[CellKey(c)] = true
	}
	slices.SortFunc(entries, func(a, b Entry) int { return strings.Compare(a.Key().String(), b.Key().String()) })
	var runs []records.Run
	var cells []records.Cell
	for _, e := range entries {
		k := e.Key()
		if e.Run.Status == records.StatusInfra || runDone[k] {
			continue
		}
		runDone[k] = true
		runs = append(runs, e.Run)
		if !cellsDone[k] {
			cells = append(cells, e.Cells...)
		}
	}
	if _, err := records.Cells.Write(root, cells); err != nil {
		return err
	}
	_, err = records.Runs.Write(root, runs)
	return err
}

// Export exports the journals of a folder this process does not hold open
// (a Slurm shard whose worker died). The caller holds the folder's lock.
func Export(root string) error {
	done, err := Finished(root)
	if err != nil {
		return err
	}
	entries := make([]Entry, 0, len(done))
	for _, e := range done {
		entries = append(entries, e)
	}
	if err := exportRuns(root, entries); err != nil {
		return err
	}
	return ExportAttempts(root)
}

// ExportAttempts rewrites the attempts table from the journals: one row
// per notebook, environment, agent and iteration, the last journalled wins.
func ExportAttempts(root string) error {
	all, err := ReadAttempts(root)
	if err != nil || len(all) == 0 {
		return err
	}
	type key struct {
		study, nb, env, agent string
		it                    int32
	}
	byKey := map[key]int{}
	var rows []records.Attempt
	for _, a := range all {
		k := key{a.Study, a.NotebookID, a.Environment, a.Agent, a.Iteration}
		if i, ok := byKey[k]; ok {
			rows[i] = a
			continue
		}
		byKey[k] = len(rows)
		rows = append(rows, a)
	}
	return records.Attempts.Replace(root, rows)
}

// Compact merges each table's part files into one per partition, in a
// stable row order. The caller holds the folder's lock.
func Compact(root string) error {
	if err := records.Runs.Compact(root, func(a, b records.Run) int { return strings.Compare(KeyOf(a).String(), KeyOf(b).String()) }); err != nil {
		return err
	}
	if err := records.Cells.Compact(root, func(a, b records.Cell) int {
		if c := strings.Compare(CellKey(a).String(), CellKey(b).String()); c != 0 {
			return c
		}
		return int(a.Index - b.Index)
	}); err != nil {
		return err
	}
	return records.Packages.Compact(root, func(a, b records.Package) int { return strings.Compare(a.Name, b.Name) })
}
