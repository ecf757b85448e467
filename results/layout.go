package results

import (
	"fmt"
	"path/filepath"
	"strings"
)

// Folders of a results folder.
func JournalDir(root string) string        { return filepath.Join(root, "journal") }
func AttemptJournalDir(root string) string { return filepath.Join(root, "journal-attempts") }
func ArtefactsDir(root string) string      { return filepath.Join(root, "artefacts") }
func ModernizedDir(root, agent string) string {
	return filepath.Join(root, "modernized", SafeName(agent))
}
func SlurmDir(root string) string { return filepath.Join(root, "slurm") }

// ArtefactDir is where one run's files are kept: runner.log, executed.ipynb
// and working/ (what the notebook wrote to /kaggle/working).
func ArtefactDir(root string, k Key) string {
	agent := k.Agent
	if agent == "" {
		agent = "original"
	}
	return filepath.Join(ArtefactsDir(root), SafeName(k.Environment), SafeName(agent), SafeName(k.NotebookID), fmt.Sprintf("attempt-%d", k.Attempt))
}

// NotebookDir is where an agent keeps one notebook under modernized/.
func NotebookDir(root, agent, notebookID string) string {
	return filepath.Join(ModernizedDir(root, agent), SafeName(notebookID))
}

// SafeName maps s to a string usable in file and container names: letters,
// digits, '-', '_' and '.'; anything else becomes '_', and a name made of
// dots only cannot climb out of its folder.
func SafeName(s string) string {
	out := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' {
			return r
		}
		return '_'
	}, s)
	if strings.Trim(out, ".") == "" {
		out = strings.Repeat("_", max(1, len(out)))
	}
	return out
}
