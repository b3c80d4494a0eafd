package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// limits show of a paused account says it is paused before its NEXT column says "now"
// for every kind: a paused account acts on no slot until it is resumed.
func TestLimitsShowSaysTheAccountIsPaused(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	mustCLI(t, db, "accounts", "add", "--name", "alice", "--type", "free")
	const paused = "paused: it does nothing until paceline accounts resume alice"
	if out := mustCLI(t, db, "limits", "show", "alice"); strings.Contains(out, paused) {
		t.Errorf("limits show of an active account says it is paused:\n%s", out)
	}
	mustCLI(t, db, "accounts", "pause", "alice")
	if out := mustCLI(t, db, "limits", "show", "alice"); !strings.Contains(out, paused) {
		t.Errorf("limits show of a paused account lacks %q:\n%s", paused, out)
	}
}
