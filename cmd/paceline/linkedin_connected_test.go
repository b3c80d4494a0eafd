package main

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/runtime/runtimetest"
)

// connectedSequence invites with a note, then thanks a connection: what QA ran.
const connectedSequence = `name: warm
steps:
  - id: connect
    invite:
      note: "Hi {{first_name}}, glad to connect."
      fallback: plain
    wait_for: {event: accepted, timeout: 21d}
  - id: hello
    if: connected
    message:
      body: "Thanks {{first_name}}"
`

// A lead LinkedIn's archive shows connected to the account without an invite of ours
// (QA: a Connections.csv export, every row "connected before") is recorded as
// connected: campaign start keeps it with that account, serve's ticks send it no
// invite but the `if: connected` message, and nothing counts it as an accept of ours.
// Before, the import recorded nothing and each such lead was invited, a free account's
// whole note quota spent on people already connected.
func TestImportArchiveConnectedBeforeIsMessagedNotInvited(t *testing.T) {
	t.Parallel()
	onBothStores(t, testImportArchiveConnectedBeforeIsMessagedNotInvited)
}

func testImportArchiveConnectedBeforeIsMessagedNotInvited(t *testing.T, db string) {
	ctx := context.Background()
	dir := t.TempDir()
	for _, name := range []string{"other", "me"} {
		mustCLI(t, db, "accounts", "add", "--name", name, "--type", "free", "--time-zone", "Europe/London",
			"--working-hours", "00:00-24:00", "--working-days", "mon,tue,wed,thu,fri,sat,sun")
	}
	mustCLI(t, db, "leads", "import", writeFile(t, dir, "leads.csv", "First Name,Last Name,URL\n"+
		"Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace\n"+
		"Bob,Byte,https://www.linkedin.com/in/bob-byte\n"+
		"Cy,Cole,https://www.linkedin.com/in/cy-cole\n"+
		"Dee,Dale,https://www.linkedin.com/in/dee-dale\n"), "--list", "q")
	// me's export: Ada and Bob, connected long before paceline; no Invitations.csv.
	conns := writeFile(t, dir, "Connections.csv", "Notes:\n\"When exporting your connection data, you may notice ...\"\n\n"+
		"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"+
		"Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace/,,Engines,CEO,12 Mar 2024\n"+
		"Bob,Byte,https://uk.linkedin.com/in/Bob-Byte,,Bits,CTO,05 Jan 2026\n")
	var rep archiveReport
	if err := json.Unmarshal([]byte(mustCLI(t, db, "linkedin", "import-archive", conns, "--account", "me", "--json")), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Connected != 2 || rep.Accepted != 0 || len(rep.Unmatched) != 0 {
		t.Fatalf("import = %+v; want 2 connected, no accept, no row unmatched", rep)
	}
	if err := json.Unmarshal([]byte(mustCLI(t, db, "linkedin", "import-archive", conns, "--account", "me", "--json")), &rep); err != nil || rep.Connected != 0 {
		t.Fatalf("re-import = %+v, %v; want nothing new", rep, err)
	}

	mustCLI(t, db, "campaigns", "create", "--name", "q", "--list", "q", "--accounts", "other,me",
		"--sequence", writeFile(t, dir, "s.yaml", connectedSequence))
	mustCLI(t, db, "campaigns", "start", "q")
	rdb, err := (&app{dbPath: db}).openRuntimeDB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	on := map[string]string{}
	for _, acct := range []string{"me", "other"} {
		recs, err := rdb.store.RunningEnrollments(ctx, acct)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			on[r.Lead] = acct
		}
	}
	// Rotation alone would give the first lead, Ada, to other: a second invite.
	if on["ada-lovelace"] != "me" || on["bob-byte"] != "me" || len(on) != 4 {
		t.Fatalf("enrolled %v; want ada and bob on me, the account they are connected to", on)
	}

	start := time.Now().UTC().Truncate(time.Microsecond).Add(time.Minute)
	bodies := &runtimetest.Bodies{}
	for _, acct := range []string{"me", "other"} {
		clock := &mailClock{t: start}
		runtimetest.TickFor(t, &runtime.Runner{Store: rdb.store, Clock: clock, Executor: bodies, Seed: 1}, acct, &clock.t, 3*24*time.Hour)
	}

	sent := map[string][]paceline.ActionKind{} // lead -> what went to it, from either account
	far := start.Add(30 * 24 * time.Hour)
	for _, acct := range []string{"me", "other"} {
		acts, err := rdb.store.Actions(ctx, acct, time.Time{}, far)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range acts {
			if a.Result == paceline.ResultDone {
				sent[a.Lead] = append(sent[a.Lead], a.Kind)
			}
		}
	}
	for _, lead := range []string{"ada-lovelace", "bob-byte"} {
		if !slices.Equal(sent[lead], []paceline.ActionKind{paceline.KindMessage}) {
			t.Errorf("%s, connected before, got %v; want the message alone, no invite", lead, sent[lead])
		}
	}
	if got := bodies.Of("ada-lovelace"); !slices.Equal(got, []string{"Thanks Ada"}) {
		t.Errorf("ada was sent %q, want the if: connected message", got)
	}
	for _, lead := range []string{"cy-cole", "dee-dale"} {
		if !slices.Equal(sent[lead], []paceline.ActionKind{paceline.KindInvite}) {
			t.Errorf("%s, not connected, got %v; want an invite", lead, sent[lead])
		}
	}

	// A connection from before is no accept of ours: the Pacer has no pending invite
	// to it, and neither the campaign's accepts nor any accepted event counts it.
	for _, acct := range []string{"me", "other"} {
		pending, err := runtime.PendingInvites(ctx, rdb.store, acct, far)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := pending["ada-lovelace"]; ok {
			t.Errorf("%s has an invite to ada pending: %v", acct, pending)
		}
		evs, err := rdb.store.Events(ctx, acct, time.Time{}, far)
		if err != nil {
			t.Fatal(err)
		}
		for _, ev := range evs {
			if ev.Type == paceline.EventAccepted {
				t.Errorf("%s holds an accepted event: %+v", acct, ev)
			}
		}
	}
	var s campaignStatus
	if err := json.Unmarshal([]byte(mustCLI(t, db, "campaigns", "status", "q", "--json")), &s); err != nil {
		t.Fatal(err)
	}
	if s.Accepted != 0 || s.Actions["invite"] != 2 || s.Actions["message"] != 2 {
		t.Errorf("status: %d accepted, actions %v; want none accepted, 2 invites and 2 messages", s.Accepted, s.Actions)
	}
}
