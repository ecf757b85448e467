package synthdump

import (
	"encoding/json"
	"strings"
)

func mustJSON(v any) []byte {
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		panic(err)
	}
	return b
}

// splitKeep splits source into lines that keep their "\n", as notebooks
// store them.
func splitKeep(s string) []string {
	parts := strings.SplitAfter(s, "\n")
	if parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1]
	}
	return parts
}
