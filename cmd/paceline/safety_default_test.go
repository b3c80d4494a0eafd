package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paceline/paceline/limits"
	"github.com/paceline/paceline/sim"
)

// TestSafetyDefaultIsTheSimulators checks that a new account paces at the share of its
// caps the simulator assumes (the hidden limit can be 5% under the published one), that
// --safety 1 is still taken, and that simulate and forecast take --safety as accounts
// add does.
func TestSafetyDefaultIsTheSimulators(t *testing.T) {
	t.Parallel()
	if sim.DefaultSafety != limits.DefaultSafety || limits.DefaultSafety != 0.95 {
		t.Fatalf("sim.DefaultSafety %g, limits.DefaultSafety %g: want both 0.95", sim.DefaultSafety, limits.DefaultSafety)
	}
	db := filepath.Join(t.TempDir(), "p.db")
	mustCLI(t, db, "accounts", "add", "--name", "dflt", "--type", "free")
	mustCLI(t, db, "accounts", "add", "--name", "whole", "--type", "free", "--safety", "1")
	for name, want := range map[string]float64{"dflt": limits.DefaultSafety, "whole": 1} {
		var v accountView
		if err := json.Unmarshal([]byte(mustCLI(t, db, "accounts", "show", name, "--json")), &v); err != nil {
			t.Fatal(err)
		}
		if v.Safety != want {
			t.Errorf("%s: safety %g, want %g", name, v.Safety, want)
		}
	}
	if help := mustCLI(t, db, "accounts", "add", "--help"); !strings.Contains(help, `(default "0.95")`) {
		t.Errorf("accounts add --help does not show the default 0.95:\n%s", help)
	}
}

// TestSimulateSafety runs one free seat over two weeks with more leads than invites: at
// the default 0.95 it sends 95 invites a week and is never told off, at --safety 0.9 it
// sends 90, and at --safety 1 it runs into a hidden limit under the published one.
func TestSimulateSafety(t *testing.T) {
	t.Parallel()
	type result struct {
		Actions      map[string]int `json:"actions"`
		LimitNotices int            `json:"limit_notices"`
	}
	simulate := func(extra ...string) result {
		t.Helper()
		var out, errb bytes.Buffer
		args := append([]string{"simulate", "--accounts", "free:1", "--leads", "400", "--weeks", "2", "--json"}, extra...)
		if code := run(args, nil, &out, &errb); code != exitOK {
			t.Fatalf("simulate %v: exit %d: %s", extra, code, errb.String())
		}
		var r result
		if err := json.Unmarshal(out.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		return r
	}
	if r := simulate(); r.Actions["invite"] != 190 || r.LimitNotices != 0 {
		t.Errorf("default: %d invites, %d limit notices; want 190 and none", r.Actions["invite"], r.LimitNotices)
	}
	if r := simulate("--safety", "0.9"); r.Actions["invite"] != 180 {
		t.Errorf("--safety 0.9: %d invites, want 180", r.Actions["invite"])
	}
	if r := simulate("--safety", "1"); r.LimitNotices == 0 {
		t.Errorf("--safety 1: no limit notice; want the hidden limit under the published one to push back")
	}
}

func TestSimulateAndForecastRefuseABadSafety(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"simulate", "--safety", "1.5"}, "safety: 1.5 is outside (0, 1]"},
		{[]string{"simulate", "--safety", "0"}, "safety: 0 is outside (0, 1]"},
		{[]string{"simulate", "--safety", "most"}, `safety: "most" is not a number`},
		{[]string{"forecast", "--runs", "1", "--safety", "-0.5"}, "safety: -0.5 is outside (0, 1]"},
		{[]string{"forecast", "--db", "x.db", "--safety", "0.9"}, "--safety cannot be given with it"},
	}
	for _, tt := range tests {
		var out, errb bytes.Buffer
		if code := run(tt.args, nil, &out, &errb); code == exitOK || !strings.Contains(errb.String(), tt.want) {
			t.Errorf("paceline %s: exit %d, stderr %q; want a failure mentioning %q", strings.Join(tt.args, " "), code, errb.String(), tt.want)
		}
	}
}
