package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/audit"
)

// QA's repro through the commands: Carl imported by profile into list A and by Sales
// Navigator id into list B runs in campaign ca on alice and cb on bob; a third file
// names both URLs and merges the leads. The import stops cb's enrollment (ca started
// first). And where both invites had gone out (as they did before the merge stopped
// one), audit --db finds the person contacted twice under two references.
func TestMergedLeadIsStoppedAndAuditFindsTwoContacts(t *testing.T) {
	t.Parallel()
	onBothStores(t, testMergedLeadIsStoppedAndAuditFindsTwoContacts)
}

func testMergedLeadIsStoppedAndAuditFindsTwoContacts(t *testing.T, db string) {
	ctx := context.Background()
	dir := t.TempDir()
	for _, name := range []string{"alice", "bob"} {
		mustCLI(t, db, "accounts", "add", "--name", name, "--type", "sales-navigator")
	}
	mustCLI(t, db, "leads", "import", writeFile(t, dir, "fa.csv", "first_name,last_name,profile_url\nCarl,Nu,https://www.linkedin.com/in/carl-nu\n"), "--list", "A")
	mustCLI(t, db, "leads", "import", writeFile(t, dir, "fb.csv", "first_name,last_name,profile_url\nCarl,Nu,https://www.linkedin.com/sales/lead/ACwAAAzzz111\n"), "--list", "B")
	seq := writeFile(t, dir, "seq.yaml", "name: wait-then-invite\nsteps:\n  - id: connect\n    delay: 2h\n    invite: {}\n")
	mustCLI(t, db, "campaigns", "create", "--name", "ca", "--list", "A", "--accounts", "alice", "--sequence", seq)
	mustCLI(t, db, "campaigns", "create", "--name", "cb", "--list", "B", "--accounts", "bob", "--sequence", seq)
	mustCLI(t, db, "campaigns", "start", "ca")
	mustCLI(t, db, "campaigns", "start", "cb")
	out := mustCLI(t, db, "leads", "import", writeFile(t, dir, "fm.csv", "first_name,last_name,profile_url,sales_navigator_url\n"+
		"Carl,Nu,https://www.linkedin.com/in/carl-nu,https://www.linkedin.com/sales/lead/ACwAAAzzz111\n"))
	if !strings.Contains(out, "merged") {
		t.Fatalf("the third import merged nothing:\n%s", out)
	}
	rdb, err := (&app{dbPath: db}).openRuntimeDB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	for acct, want := range map[string]int{"alice": 1, "bob": 0} {
		recs, err := rdb.store.RunningEnrollments(ctx, acct)
		if err != nil || len(recs) != want {
			t.Errorf("%s runs %+v (%v), want %d enrollment(s): the merge leaves Carl in ca only", acct, recs, err, want)
		}
	}

	// The ledger as serve wrote it before the merge stopped one: an invite from each,
	// at a fixed instant inside the accounts' working hours (mon-fri 09:00-18:00 UTC,
	// the defaults), so that the only finding is the lead contacted twice whenever the
	// test runs: stamped at the wall clock, it also found working_hours violations
	// outside those hours (a Friday evening, a weekend).
	st := openTestStore(t, db)
	at := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC) // a Tuesday
	for i, a := range []struct{ account, ref, campaign string }{{"alice", "carl-nu", "ca"}, {"bob", "sales:ACwAAAzzz111", "cb"}} {
		if err := st.RecordAction(ctx, &paceline.Action{Key: a.campaign + "/" + a.ref + "/connect", At: at.Add(time.Duration(i) * time.Minute),
			Account: a.account, Lead: a.ref, Kind: paceline.KindInvite, Result: paceline.ResultDone, Campaign: a.campaign, Step: "connect"}); err != nil {
			t.Fatal(err)
		}
	}
	_, js, errOut := cli(t, db, "audit", "--json")
	var r dbAudit
	if err := json.Unmarshal([]byte(js), &r); err != nil {
		t.Fatalf("audit --json: %v\n%s%s", err, js, errOut)
	}
	found := 0
	for _, v := range r.Details {
		if v.Rule == audit.RuleContactedTwice {
			found++
			if v.Account != "bob" || !strings.Contains(v.Message, "sales:ACwAAAzzz111") || !strings.Contains(v.Message, "carl-nu") {
				t.Errorf("finding %+v, want bob's invite after alice's", v)
			}
		}
	}
	if r.Violations != 1 {
		t.Errorf("audit found %d violations, want only the lead contacted twice:\n%s", r.Violations, js)
	}
	if r.ContactedTwice != 1 || found != 1 {
		t.Errorf("audit found %d contacts twice (%d in details), want 1:\n%s", r.ContactedTwice, found, js)
	}
	// Violations are a result, not a failure (exit 0): the summary names the finding.
	text := mustCLI(t, db, "audit")
	if !strings.Contains(text, "1 violation") || !strings.Contains(text, audit.RuleContactedTwice) || !strings.Contains(text, "Leads contacted twice") {
		t.Errorf("audit does not report the lead contacted twice:\n%s", text)
	}
}
