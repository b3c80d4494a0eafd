package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// connectionsShown is the part of limits show --json these tests read.
type connectionsShown struct {
	Connections int `json:"connections"`
	Kinds       []struct {
		Kind    string `json:"kind"`
		Reason  string `json:"reason"`
		Explain string `json:"explain"`
	} `json:"kinds"`
}

func showConnections(t *testing.T, db, account string, at time.Time) connectionsShown {
	t.Helper()
	var s connectionsShown
	out := mustCLI(t, db, "limits", "show", account, "--at", at.UTC().Format(time.RFC3339), "--json")
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(s.Kinds) == 0 || s.Kinds[0].Kind != "invite" {
		t.Fatalf("limits show lists no invite first:\n%s", out)
	}
	return s
}

// An account that came with 29,999 connections has room for one more: an acceptance
// after its count was given takes it to LinkedIn's cap, and invites stop with that
// reason; an acceptance from before the count is in it already.
func TestAccountConnectionsReachTheCap(t *testing.T) {
	t.Parallel()
	onBothStores(t, testAccountConnectionsReachTheCap)
}

func testAccountConnectionsReachTheCap(t *testing.T, db string) {
	before := time.Now().Add(-time.Hour)
	out := mustCLI(t, db, "accounts", "add", "--name", "ann", "--type", "free", "--connections", "29999",
		"--working-hours", "00:00-24:00", "--working-days", "mon-sun")
	if !strings.Contains(out, "29999 as of") {
		t.Errorf("add does not show the connections:\n%s", out)
	}
	after := time.Now().Add(time.Hour)
	st := openTestStore(t, db)
	for lead, at := range map[string]time.Time{"old-friend": before, "new-friend": after} {
		if _, err := st.RecordEvent(t.Context(), &paceline.Event{At: at, Account: "ann", Lead: lead, Type: paceline.EventAccepted}); err != nil {
			t.Fatal(err)
		}
	}

	s := showConnections(t, db, "ann", after.Add(-2*time.Minute))
	if s.Connections != 29999 || s.Kinds[0].Reason == "connection_cap" {
		t.Fatalf("before the new acceptance: %d connections, invite %s (%s); want 29999 and invites allowed",
			s.Connections, s.Kinds[0].Reason, s.Kinds[0].Explain)
	}
	s = showConnections(t, db, "ann", after.Add(time.Minute))
	if s.Connections != 30000 || s.Kinds[0].Reason != "connection_cap" || !strings.Contains(s.Kinds[0].Explain, "30000 connections: LinkedIn's cap") {
		t.Fatalf("after it: %d connections, invite %s (%s); want 30000 and blocked by the cap",
			s.Connections, s.Kinds[0].Reason, s.Kinds[0].Explain)
	}
	human := mustCLI(t, db, "limits", "show", "ann", "--at", after.Add(time.Minute).UTC().Format(time.RFC3339))
	if !strings.Contains(human, "Connections: 30000") || !strings.Contains(human, "LinkedIn's cap") {
		t.Errorf("limits show at the cap:\n%s", human)
	}

	// A count given later starts again from it.
	if out := mustCLI(t, db, "accounts", "connections", "ann", "120"); !strings.Contains(out, "120 connections") {
		t.Errorf("accounts connections said %q", out)
	}
	if s := showConnections(t, db, "ann", after.Add(time.Minute)); s.Connections != 121 {
		t.Errorf("after accounts connections 120 and one acceptance since: %d connections, want 121", s.Connections)
	}
}

// A count no LinkedIn account can have is refused, with the flag or argument named
// and nothing changed.
func TestAccountConnectionsRefused(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	for _, bad := range []string{"-1", "30001", "lots"} {
		code, _, stderr := cli(t, db, "accounts", "add", "--name", "ann", "--type", "free", "--connections", bad)
		if code != 1 || !strings.Contains(stderr, "connections") {
			t.Errorf("add --connections %s: exit %d, %q; want 1 naming connections", bad, code, stderr)
		}
	}
	if code, _, stderr := cli(t, db, "accounts", "add", "--name", "box", "--executor", "email", "--connections", "5"); code != 1 || !strings.Contains(stderr, "mailbox has no connections") {
		t.Errorf("add of a mailbox with --connections: exit %d, %q", code, stderr)
	}
	mustCLI(t, db, "accounts", "add", "--name", "ann", "--type", "free", "--connections", "30000")
	for _, bad := range []string{"-5", "40000", "1e3"} {
		// "--" lets a negative number through as an argument; --db goes before it.
		var out, errOut bytes.Buffer
		code := run([]string{"accounts", "connections", "--db", db, "ann", "--", bad}, strings.NewReader(""), &out, &errOut)
		stderr := errOut.String()
		if code != 1 || !strings.Contains(stderr, "connections") {
			t.Errorf("connections ann %s: exit %d, %q; want 1 naming connections", bad, code, stderr)
		}
	}
	var v accountView
	if err := json.Unmarshal([]byte(mustCLI(t, db, "accounts", "show", "ann", "--json")), &v); err != nil {
		t.Fatal(err)
	}
	if v.Connections != 30000 || v.ConnectionsAt == nil {
		t.Errorf("after refused updates: %d connections at %v, want 30000", v.Connections, v.ConnectionsAt)
	}
	if code, _, stderr := cli(t, db, "accounts", "connections", "ghost", "5"); code != 1 || !strings.Contains(stderr, "ghost") {
		t.Errorf("connections of an unknown account: exit %d, %q", code, stderr)
	}
}

// The archive's Connections.csv sets the count, every row of it, as of the end of its
// newest Connected On day, so its own acceptance (Ada's) is not counted twice; a newer
// count the account already knows is kept.
func TestImportArchiveSetsConnections(t *testing.T) {
	t.Parallel()
	onBothStores(t, testImportArchiveSetsConnections)
}

func testImportArchiveSetsConnections(t *testing.T, db string) {
	archiveDB(t, db)
	dir := writeArchive(t, 2)
	out := mustCLI(t, db, "linkedin", "import-archive", dir, "--account", "me")
	if !strings.Contains(out, "me now has 3 connections as of 13 Jan 2026 00:00 UTC") {
		t.Fatalf("import does not say it set the count:\n%s", out)
	}
	if s := showConnections(t, db, "me", time.Date(2026, 1, 20, 10, 0, 0, 0, time.UTC)); s.Connections != 3 {
		t.Errorf("limits show after the import: %d connections, want 3 (the archive's rows; Ada's acceptance is one of them)", s.Connections)
	}

	mustCLI(t, db, "accounts", "connections", "me", "10")
	rep := importArchiveJSON(t, db, dir)
	if c := rep.Connections; c == nil || c.Recorded || c.Count != 3 || c.Known != 10 {
		t.Fatalf("re-import after a newer count: %+v, want the count 10 kept", c)
	}
	out = mustCLI(t, db, "linkedin", "import-archive", dir, "--account", "me")
	if !strings.Contains(out, "Kept the count me already had, 10 connections") {
		t.Errorf("re-import does not say it kept the newer count:\n%s", out)
	}
}

// A negative count typed without "--" reaches the count's own check, which says the
// count must be 0 or more: the flag parser answered "unknown shorthand flag: '5' in -5"
// (exit 2). Other unknown short flags are still usage errors.
func TestAccountConnectionsNegativeWithoutDashes(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	mustCLI(t, db, "accounts", "add", "--name", "ann", "--type", "free", "--connections", "300")
	for _, tc := range []struct{ arg, want string }{
		{"-5", "connections: -5 is negative: the number of connections must be 0 or more"},
		{"-1.5", `connections: "-1.5" is not a whole number`},
		{"-0", `connections: "-0" has a sign`},
	} {
		code, _, stderr := cli(t, db, "accounts", "connections", "ann", tc.arg)
		if code != exitFailed || !strings.Contains(stderr, tc.want) || strings.Contains(stderr, "shorthand") {
			t.Errorf("connections ann %s: exit %d, %q; want exit %d and %q", tc.arg, code, stderr, exitFailed, tc.want)
		}
	}
	if code, _, stderr := cli(t, db, "accounts", "connections", "ann", "-x"); code != exitUsage || !strings.Contains(stderr, "unknown shorthand flag") {
		t.Errorf("connections ann -x: exit %d, %q; want a usage error", code, stderr)
	}
	var v accountView
	if err := json.Unmarshal([]byte(mustCLI(t, db, "accounts", "show", "ann", "--json")), &v); err != nil {
		t.Fatal(err)
	}
	if v.Connections != 300 {
		t.Errorf("after refused updates: %d connections, want 300", v.Connections)
	}
}
