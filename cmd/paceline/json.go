package main

import (
	"encoding/json"
	"io"
)

// writeJSON prints v for --json: indented by two spaces, with a newline after.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// jsonArray is s, or an empty slice when s is nil: --json prints a list as [] when it
// is empty, never as null, so that scripts can iterate over it without a check.
func jsonArray[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
