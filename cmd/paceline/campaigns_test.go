package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCampaignsLifecycle(t *testing.T) {
	t.Parallel()
	db, names := crashFixture(t, 2, 10) // started campaign "crash" over 10 leads
	var s campaignStatus
	if err := json.Unmarshal([]byte(mustCLI(t, db, "campaigns", "status", "crash", "--json")), &s); err != nil {
		t.Fatal(err)
	}
	if s.State != "active" || s.Enrolled != 10 || s.Active != 10 || s.Actions == nil || s.PausedReason != "" {
		t.Fatalf("status after start: %+v", s)
	}
	// Starting again enrolls nobody twice.
	if out := mustCLI(t, db, "campaigns", "start", "crash"); !strings.Contains(out, "0 leads enrolled") {
		t.Fatalf("second start: %s", out)
	}
	// A second campaign over the same list finds every lead running in the first: the
	// start enrolls nobody, so it is refused saying where they run, and the campaign
	// stays a draft.
	mustCLI(t, db, "campaigns", "create", "--name", "other", "--list", "crash", "--accounts", names[0], "--priority", "3")
	if code, out, errOut := cli(t, db, "campaigns", "start", "other"); code != 1 || !strings.Contains(errOut, "10 already running in campaign crash") {
		t.Fatalf("start over leads running in another campaign: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	mustCLI(t, db, "campaigns", "pause", "crash", "--reason", "holiday")
	raw := mustCLI(t, db, "campaigns", "status", "crash", "--json")
	for _, key := range []string{`"state": "paused"`, `"paused_reason": "holiday"`, `"enrolled": 10`, `"finished": 0`, `"stopped": 0`, `"accepted": 0`, `"replied": 0`, `"actions": {}`} {
		if !strings.Contains(raw, key) {
			t.Errorf("status JSON lacks %s:\n%s", key, raw)
		}
	}
	if out := mustCLI(t, db, "campaigns", "status", "crash"); !strings.Contains(out, "holiday") {
		t.Errorf("human status does not say why it is paused:\n%s", out)
	}
	if out := mustCLI(t, db, "campaigns", "list"); !strings.Contains(out, "other") || !strings.Contains(out, "paused") {
		t.Errorf("list:\n%s", out)
	}
	var listed []campaignListing
	if err := json.Unmarshal([]byte(mustCLI(t, db, "campaigns", "list", "--json")), &listed); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"crash": "paused", "other": "draft"}
	if len(listed) != len(want) {
		t.Fatalf("list --json: %+v", listed)
	}
	for _, c := range listed {
		if want[c.Name] != c.State || len(c.Accounts) == 0 || c.CreatedAt.IsZero() {
			t.Errorf("list --json: %+v", c)
		}
		if c.Name == "crash" && c.PausedReason != "holiday" || c.Name == "other" && c.Priority != 3 {
			t.Errorf("list --json: %+v", c)
		}
	}
}

func TestCampaignsBadInput(t *testing.T) {
	t.Parallel()
	db, names := crashFixture(t, 1, 2)
	mustCLI(t, db, "campaigns", "create", "--name", "empty", "--list", "nolist", "--accounts", names[0])
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(bad, []byte("name: x\nsteps:\n  - id: a\n    message: hi\n"), 0o644)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no name", []string{"campaigns", "create", "--accounts", names[0]}, "name"},
		{"no accounts", []string{"campaigns", "create", "--name", "x"}, "accounts"},
		{"name like a flag", []string{"campaigns", "create", "--name", "-x", "--accounts", names[0]}, `name: "-x" starts with '-'`},
		{"unknown account", []string{"campaigns", "create", "--name", "x", "--accounts", "nobody"}, `no account named "nobody"`},
		{"taken name", []string{"campaigns", "create", "--name", "crash", "--accounts", names[0]}, "already exists"},
		{"bad sequence", []string{"campaigns", "create", "--name", "x", "--accounts", names[0], "--sequence", bad}, "connected"},
		{"missing sequence", []string{"campaigns", "create", "--name", "x", "--accounts", names[0], "--sequence", bad + ".nope"}, "cannot read " + bad + ".nope: no such file"},
		{"unknown campaign", []string{"campaigns", "start", "nope"}, `no campaign named "nope"`},
		{"status unknown", []string{"campaigns", "status", "nope"}, `no campaign named "nope"`},
		{"pause unknown account", []string{"accounts", "pause", "nobody"}, `no account named "nobody"`},
		{"empty list", []string{"campaigns", "start", "empty"}, `list "nolist" has no lead to enroll`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := cli(t, db, tt.args...)
			if code != exitFailed || !strings.Contains(errOut, tt.want) {
				t.Fatalf("exit %d, stderr %q; want exit 1 saying %q", code, errOut, tt.want)
			}
		})
	}
	if out := mustCLI(t, db, "campaigns", "status", "empty"); !strings.Contains(out, "draft") {
		t.Fatalf("a start that enrolled nobody made the campaign active:\n%s", out)
	}
	if out := mustCLI(t, db, "campaigns", "list"); strings.Contains(out, "\nx ") {
		t.Fatalf("a failed create left campaign x:\n%s", out)
	}
}

// Commands that name an account or a campaign refuse a --db with no file behind it,
// and leave none behind: a mistyped path used to become a new, empty database.
func TestRuntimeCommandsCreateNoDatabase(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"accounts", "pause", "alice"},
		{"accounts", "resume", "alice"},
		{"campaigns", "create", "--name", "q1", "--accounts", "alice"},
		{"campaigns", "list"},
		{"campaigns", "start", "q1"},
		{"campaigns", "pause", "q1"},
		{"campaigns", "status", "q1"},
		{"campaigns", "variants", "q1"},
		{"tasks", "held"},
		{"tasks", "resume", "--campaign", "q1", "--lead", "in:ada"},
		{"audit"}, // given --db, audit reads the database's ledger
	} {
		db := filepath.Join(t.TempDir(), "typo.db")
		code, _, errOut := cli(t, db, args...)
		if code != exitFailed || !strings.Contains(errOut, "no database at") {
			t.Errorf("paceline %s on a missing database: exit %d, stderr %q", strings.Join(args, " "), code, errOut)
		}
		if _, err := os.Stat(db); !os.IsNotExist(err) {
			t.Errorf("paceline %s created the database (stat: %v)", strings.Join(args, " "), err)
		}
	}
	db := filepath.Join(t.TempDir(), "new.db")
	mustCLI(t, db, "migrate")
	if _, err := os.Stat(db); err != nil {
		t.Errorf("migrate did not create the database: %v", err)
	}
}

// Starting a campaign whose account is paused says that its leads wait.
func TestCampaignStartWarnsOfPausedAccount(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	mustCLI(t, db, "accounts", "add", "--name", "alice", "--type", "free")
	mustCLI(t, db, "accounts", "add", "--name", "bob", "--type", "free")
	mustCLI(t, db, "leads", "import", writeFile(t, dir, "sn.csv", salesNavCSV), "--list", "q1")
	mustCLI(t, db, "campaigns", "create", "--name", "q1", "--list", "q1", "--accounts", "alice,bob")
	mustCLI(t, db, "accounts", "pause", "bob")
	code, out, errOut := cli(t, db, "campaigns", "start", "q1")
	if code != exitOK || !strings.Contains(out, "Campaign q1 is active") {
		t.Fatalf("start: exit %d\n%s%s", code, out, errOut)
	}
	if want := "Warning: account bob is paused: its leads wait until paceline accounts resume bob --db "; !strings.Contains(errOut, want) || strings.Contains(errOut, "alice") {
		t.Errorf("start with bob paused: stderr %q, want only %q", errOut, want)
	}
}
