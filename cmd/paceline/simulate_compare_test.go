package main

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// TestSimulateAllStrategiesSideBySide checks that --strategy all runs every strategy on
// the same campaign, each result the one its own --strategy gives, as a JSON array and
// as one table with a column a strategy.
func TestSimulateAllStrategiesSideBySide(t *testing.T) {
	t.Parallel()
	base := []string{"simulate", "--accounts", "free:3,sales-navigator:2", "--leads", "600", "--weeks", "4", "--seed", "3"}
	var all []map[string]any
	if err := json.Unmarshal([]byte(simulateOut(t, slices.Concat(base, []string{"--strategy", "all", "--json"})...)), &all); err != nil {
		t.Fatalf("--strategy all --json is not a JSON array: %v", err)
	}
	want := []string{"paceline", "calendar", "daily"}
	if len(all) != len(want) {
		t.Fatalf("%d results, want %d", len(all), len(want))
	}
	for i, name := range want {
		var one map[string]any
		if err := json.Unmarshal([]byte(simulateOut(t, slices.Concat(base, []string{"--strategy", name, "--json"})...)), &one); err != nil {
			t.Fatal(err)
		}
		delete(one, "wall_seconds")
		delete(all[i], "wall_seconds")
		a, _ := json.Marshal(all[i])
		b, _ := json.Marshal(one)
		if !bytes.Equal(a, b) {
			t.Errorf("result %d of --strategy all:\n%s\nwant --strategy %s's:\n%s", i, a, name, b)
		}
	}
	text := simulateOut(t, slices.Concat(base, []string{"--strategy", "daily,paceline"})...)
	lines := strings.Split(text, "\n")
	if len(lines) < 2 || strings.Join(strings.Fields(lines[1]), " ") != "Strategy daily paceline" {
		t.Errorf("want a header row naming daily then paceline:\n%s", text)
	}
	for _, row := range []string{"Restrictions", "Audit violations", "Completed in", "allowance used*"} {
		if !strings.Contains(text, row) {
			t.Errorf("no %q row:\n%s", row, text)
		}
	}
}

func TestSimulateStrategyListRefusals(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ args, want string }{
		{"--strategy paceline,paceline", "paceline is listed twice"},
		{"--strategy calendar,weekly", `unknown strategy "weekly"`},
		{"--strategy all --ledger " + t.TempDir(), "give a single --strategy with --ledger"},
	} {
		var out, errb bytes.Buffer
		code := run(append([]string{"simulate", "--leads", "10"}, strings.Fields(tc.args)...), nil, &out, &errb)
		if code == 0 || !strings.Contains(errb.String(), tc.want) {
			t.Errorf("%s: exit %d, stderr %q; want an error saying %q", tc.args, code, errb.String(), tc.want)
		}
	}
}

// TestSimulateUtilizationSaysRestrictedWeeksAreLeftOut checks that a run the platform
// restricted does not read as using all of its allowance without saying that the
// restricted weeks are not counted (QA: calendar, 8 restrictions, "100% of the allowance").
func TestSimulateUtilizationSaysRestrictedWeeksAreLeftOut(t *testing.T) {
	t.Parallel()
	text := simulateOut(t, "simulate", "--accounts", "free:3,sales-navigator:2", "--leads", "3000", "--strategy", "calendar")
	if strings.Contains(text, "Restrictions   0") {
		t.Fatalf("the run was never restricted; the test needs one that is:\n%s", text)
	}
	if !strings.Contains(text, "while invites were waiting, weeks under a restriction left out") {
		t.Errorf("the utilization does not say restricted weeks are left out:\n%s", text)
	}
	clean := simulateOut(t, "simulate", "--accounts", "free:3,sales-navigator:2", "--leads", "3000")
	if strings.Contains(clean, "restriction left out") {
		t.Errorf("a run never restricted speaks of restricted weeks:\n%s", clean)
	}
}
