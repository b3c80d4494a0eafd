package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline/store/sqlite"
)

// A database whose stored clock is sped up (the demo's: 3360x) is not served at that
// speed when an account is not simulated, as --speed is not: serve without --speed
// refuses and says how to go on.
func TestServeStoredSpeedNeedsSimulatedAccounts(t *testing.T) {
	t.Parallel()
	db := t.TempDir() + "/p.db"
	mustCLI(t, db, "accounts", "add", "--name", "desk", "--type", "free", "--executor", "assist")
	ctx := context.Background()
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetClock(ctx, demoSpeed, time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC), time.Now()); err != nil {
		t.Fatal(err)
	}
	st.Close()
	code, _, errOut := cli(t, db, "serve", "--addr", "127.0.0.1:0")
	for _, want := range []string{"3360x", "desk", "--speed 1", "paceline demo"} {
		if code != exitFailed || !strings.Contains(errOut, want) {
			t.Errorf("exit %d: %q; want it to say %s", code, errOut, want)
		}
	}
}
