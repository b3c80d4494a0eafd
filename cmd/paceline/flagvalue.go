package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"

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

// checkName refuses a name that later commands could not be given back: one that
// starts with "-" reads as a flag (accounts show -x), a comma splits it in the
// comma-separated --accounts lists, and control characters do not survive a terminal.
// Names are checked when they are made, not when stored ones are read, so a database
// that already holds such a name keeps working.
func checkName(field, what, name string) error {
	switch {
	case strings.HasPrefix(name, "-"):
		return paceline.FieldErrorf(field, "%q starts with '-', which reads as a flag when the %s is named later (start it with a letter or digit, such as %s)", name, what, nameExample(what))
	case strings.Contains(name, ","):
		return paceline.FieldErrorf(field, "%q has a comma, which separates names in --accounts lists (use letters, digits, '-' or '_', such as %s)", name, nameExample(what))
	case strings.ContainsFunc(name, unicode.IsControl):
		return paceline.FieldErrorf(field, "%q has a control character (use letters, digits, '-' or '_', such as %s)", name, nameExample(what))
	}
	return nil
}

func nameExample(what string) string {
	if what == "campaign" {
		return "q1-founders"
	}
	return "alice-free"
}

// checkOutFile refuses, before any work is done, a file flag that cannot be written:
// a path that is a directory, or one whose directory does not exist. A long forecast
// used to run to its end and only then find that its chart had nowhere to go.
func checkOutFile(flag, path string) error {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return paceline.FieldErrorf(flag, "%s is a directory; give the path of a file to write", path)
	}
	dir := filepath.Dir(path)
	switch fi, err := os.Stat(dir); {
	case err == nil && !fi.IsDir():
		return paceline.FieldErrorf(flag, "cannot write %s: %s is a file, not a directory (give a path in a directory)", path, dir)
	case err != nil:
		return paceline.FieldErrorf(flag, "cannot write %s: the directory %s does not exist (create it first)", path, dir)
	}
	return nil
}

// checkOutDir refuses a directory flag that names an existing file: the directory
// could not be created there, which was found only after the whole run.
func checkOutDir(flag, dir string) error {
	if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
		return paceline.FieldErrorf(flag, "%s is a file, not a directory; give a directory to write into (it is created if missing)", dir)
	}
	return nil
}

// maxMinGap bounds --min-gap: the gap spaces the actions of a working day, and a gap of
// years (1000000h was taken) made the Pacer's plan break its own minimum gap.
const maxMinGap = paceline.MaxMinGap

// checkMinGap refuses a --min-gap longer than maxMinGap; the stored accounts are not
// checked, so one made before keeps working.
func checkMinGap(gap time.Duration) error {
	if gap > maxMinGap {
		return paceline.FieldErrorf("min-gap", "%s is longer than a day; the gap spaces the actions of a working day (90s, 2m, 1h): to act less often, lower the caps instead", gap)
	}
	return nil
}
