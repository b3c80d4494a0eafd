package main

import (
	"bytes"
	"strings"
	"testing"
)

// simulate and forecast check a --sequence's invite notes against the smallest note
// limit of their --accounts, as campaigns create does: QA's 272-character note was
// forecast on free:1 (200 characters) as if it were sent. Paid seats alone take it.
func TestSimulateChecksNotesAgainstSeats(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	long := writeFile(t, dir, "long.yaml", "name: long\nsteps:\n  - id: connect\n    invite:\n      note: \""+strings.Repeat("x", 272)+"\"\n")
	want := "line 5, step connect: the note has 272 characters before any field is filled in, over the 200-character limit of the free accounts of --accounts"
	for _, tc := range []struct {
		cmd, accounts string
		refused       bool
	}{
		{"simulate", "free:1", true},
		{"forecast", "free:1", true},
		{"forecast", "sales-navigator:2,free:1", true},
		{"simulate", "sales-navigator:1", false},
		{"forecast", "premium-business:1", false},
	} {
		var out, errb bytes.Buffer
		args := []string{tc.cmd, "--accounts", tc.accounts, "--sequence", long, "--leads", "5", "--weeks", "1"}
		if tc.cmd == "forecast" {
			args = append(args, "--runs", "2")
		}
		code := run(args, nil, &out, &errb)
		switch {
		case tc.refused && (code != exitFailed || !strings.Contains(errb.String(), want)):
			t.Errorf("%s --accounts %s: exit %d, stderr %q; want exit 1 saying %q", tc.cmd, tc.accounts, code, errb.String(), want)
		case !tc.refused && code != 0:
			t.Errorf("%s --accounts %s: exit %d, stderr %q; want it run", tc.cmd, tc.accounts, code, errb.String())
		}
	}
}
