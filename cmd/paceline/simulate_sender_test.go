package main

import (
	"strings"
	"testing"
)

// simulate --sender-name signs every seat's texts, and the advice for leads held for
// the sender's name names that flag.
func TestSimulateSenderName(t *testing.T) {
	t.Parallel()
	seq := writeFile(t, t.TempDir(), "seq.yaml", signedSequence)
	args := []string{"simulate", "--accounts", "free:1", "--leads", "60", "--weeks", "4", "--sequence", seq}
	out := simulateOut(t, args...)
	if !strings.Contains(out, "Held") || !strings.Contains(out, "give --sender-name FIRST_NAME") {
		t.Errorf("simulate without --sender-name: want held leads and the flag that fills the name\n%s", out)
	}
	out = simulateOut(t, append(args, "--sender-name", "Ann")...)
	if strings.Contains(out, "Held") {
		t.Errorf("simulate --sender-name Ann still holds leads\n%s", out)
	}
}
