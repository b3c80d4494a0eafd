package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestLimitsPlanCreatedIsLocalMidnight plans a Paris account opened on the plan's first
// day: its warm-up weeks end at midnight in Paris, where they ended at 01:00 (the day
// was read as UTC midnight).
func TestLimitsPlanCreatedIsLocalMidnight(t *testing.T) {
	t.Parallel()
	out := mustCLI(t, filepath.Join(t.TempDir(), "p.db"), "limits", "plan", "--type", "free", "--time-zone", "Europe/Paris",
		"--start", "2027-03-01", "--created", "2027-03-01", "--count", "60")
	if !strings.Contains(out, "until Mon 8 Mar 00:00 Europe/Paris") || strings.Contains(out, "01:00 Europe/Paris") {
		t.Errorf("the first warm-up week does not end at Paris midnight:\n%s", out)
	}
	paris, _ := time.LoadLocation("Europe/Paris")
	got, err := planOpened("2027-03-01", paris, time.Date(2027, 3, 1, 0, 0, 0, 0, paris), true)
	if want := time.Date(2027, 3, 1, 0, 0, 0, 0, paris); err != nil || !got.Equal(want) {
		t.Errorf("planOpened = %v, %v; want %v", got, err, want)
	}
}

// TestLimitsPlanRefusesWhatAccountsAddRefuses gives limits plan a --created in the
// future, one before LinkedIn and a gap under the floor: each is refused in accounts
// add's words, and --beyond-safe-limits lets the gap through as on add.
func TestLimitsPlanRefusesWhatAccountsAddRefuses(t *testing.T) {
	t.Parallel()
	future := time.Now().AddDate(1, 0, 0).Format(time.DateOnly)
	for _, bad := range [][]string{{"--created", future}, {"--created", "1999-01-01"}, {"--created", "2026-1-1"}, {"--min-gap", "1s"}} {
		db := filepath.Join(t.TempDir(), "p.db")
		addCode, _, addErr := cli(t, db, append([]string{"accounts", "add", "--name", "a", "--type", "free"}, bad...)...)
		code, out, errOut := cli(t, db, append([]string{"limits", "plan", "--type", "free"}, bad...)...)
		if addCode != exitFailed || code != exitFailed || out != "" || errOut != addErr {
			t.Errorf("%v: plan exit %d, stderr %q; accounts add exit %d, stderr %q; want both to fail alike", bad, code, errOut, addCode, addErr)
		}
	}
	db := filepath.Join(t.TempDir(), "p.db")
	_, _, errOut := cli(t, db, "limits", "plan", "--type", "free", "--start", "2027-03-01", "--created", "2027-03-02")
	if !strings.Contains(errOut, "created: 2027-03-02 is after the plan's start") {
		t.Errorf("a --created after --start: %q", errOut)
	}
	mustCLI(t, db, "limits", "plan", "--type", "free", "--min-gap", "1s", "--beyond-safe-limits", "--count", "2")
	mustCLI(t, db, "limits", "plan", "--type", "free", "--start", "2027-03-01", "--created", "2027-02-01", "--count", "2")
}
