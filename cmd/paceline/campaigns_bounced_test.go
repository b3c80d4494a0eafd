package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// A lead whose email bounced before (the sender records the bounce under the lead's
// runtime key, a delivery report may name the address) is not enrolled by the start of
// a campaign whose sequence emails, which says how many it left out and why;
// --include-bounced enrolls them. A list of nothing but such leads is refused naming
// the flag. A sequence without an email step enrolls them: a dead address says
// nothing of a LinkedIn profile.
func TestCampaignStartLeavesOutLeadsWhoseEmailBounced(t *testing.T) {
	t.Parallel()
	onBothStores(t, testCampaignStartLeavesOutLeadsWhoseEmailBounced)
}

func testCampaignStartLeavesOutLeadsWhoseEmailBounced(t *testing.T, db string) {
	ctx := context.Background()
	mustCLI(t, db, "accounts", "add", "--name", "me", "--type", "free", "--time-zone", "Europe/London")
	dir := t.TempDir()
	mustCLI(t, db, "leads", "import", writeFile(t, dir, "q.csv", "First Name,Last Name,URL,Email Address\n"+
		"Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace,ada@acme.example\n"+
		"Bob,Byte,https://www.linkedin.com/in/bob-byte/,\n"+
		"Cy,Clay,https://www.linkedin.com/in/cy-clay,cy@acme.example\n"), "--list", "q")
	mustCLI(t, db, "leads", "import", writeFile(t, dir, "ada.csv", "First Name,Last Name,URL,Email Address\n"+
		"Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace,ada@acme.example\n"), "--list", "ada")
	mustCLI(t, db, "leads", "import", writeFile(t, dir, "dee.csv", "First Name,Last Name,URL,Email Address\n"+
		"Dee,Dot,https://www.linkedin.com/in/dee-dot,dee@acme.example\n"), "--list", "dee")
	st := openTestStore(t, db)
	for _, ev := range []paceline.Event{
		{Key: "email/bounced/1", Account: "me", Lead: "ada-lovelace"},
		{Key: "email/bounced/2", Account: "me", Lead: "email:dee@acme.example"},
	} {
		ev.At, ev.Type, ev.Kind = time.Now().Add(-24*time.Hour), paceline.EventBounced, paceline.KindEmail
		if _, err := st.RecordEvent(ctx, &ev); err != nil {
			t.Fatal(err)
		}
	}
	running := func() map[string]bool {
		t.Helper()
		rdb, err := (&app{dbPath: db}).openRuntimeDB(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer rdb.Close()
		recs, err := rdb.store.RunningEnrollments(ctx, "me")
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]bool{}
		for _, r := range recs {
			m[r.Lead] = true
		}
		return m
	}

	// The built-in sequence ends with an email.
	mustCLI(t, db, "campaigns", "create", "--name", "only-ada", "--list", "ada", "--accounts", "me")
	code, _, stderr := cli(t, db, "campaigns", "start", "only-ada")
	if code != 1 || !strings.Contains(stderr, "1 lead's email address bounced before") || !strings.Contains(stderr, "--include-bounced") {
		t.Fatalf("start over a list of leads whose email bounced: exit %d, %q; want 1 and a message naming --include-bounced", code, stderr)
	}
	if out := mustCLI(t, db, "campaigns", "status", "only-ada"); !strings.Contains(out, "(draft)") {
		t.Errorf("a refused start left the campaign active:\n%s", out)
	}

	mustCLI(t, db, "campaigns", "create", "--name", "q", "--list", "q", "--accounts", "me")
	out := mustCLI(t, db, "campaigns", "start", "q")
	if !strings.Contains(out, ": 2 leads enrolled now") ||
		!strings.Contains(out, "  1 lead's email address bounced before (not emailed again at a dead address") ||
		!strings.Contains(out, "--include-bounced enrolls it") {
		t.Errorf("start q said:\n%s\nwant two enrolled and one left out for her bounce", out)
	}
	if got := running(); !got["bob-byte"] || !got["cy-clay"] || got["ada-lovelace"] {
		t.Errorf("running after start: %v; want bob and cy", got)
	}
	mustCLI(t, db, "campaigns", "pause", "q")
	mustCLI(t, db, "campaigns", "start", "q", "--include-bounced")
	if got := running(); !got["ada-lovelace"] {
		t.Errorf("running after start --include-bounced: %v; want ada too", got)
	}

	// A sequence that never emails: her bounced address is no reason to leave dee out.
	seq := writeFile(t, dir, "li.yaml", "name: li\nsteps:\n  - id: look\n    visit: {}\n  - id: connect\n    invite: {}\n")
	mustCLI(t, db, "campaigns", "create", "--name", "li", "--list", "dee", "--accounts", "me", "--sequence", seq)
	if out := mustCLI(t, db, "campaigns", "start", "li"); !strings.Contains(out, ": 1 lead enrolled now") || strings.Contains(out, "bounced") {
		t.Errorf("start li (no email step) said:\n%s\nwant dee enrolled", out)
	}
}
