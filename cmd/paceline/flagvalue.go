package main

import (
	"errors"
	"os"
	"strings"

	"github.com/paceline/paceline"
)

// readFlagFile reads the file that the flag named flag gives. A file that cannot be
// read is that flag's mistake, said with the file's path and the system's reason.
func readFlagFile(flag, path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, paceline.FieldErrorf(flag, "cannot read %s: %v", path, errors.Unwrap(err))
	}
	return data, nil
}

// commaList splits a comma-separated flag value, dropping blank items; nil when
// nothing is left.
func commaList(s string) []string {
	var list []string
	for _, item := range strings.Split(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			list = append(list, item)
		}
	}
	return list
}
