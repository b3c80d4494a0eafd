package storetest

import (
	"context"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
)

func testLedgerOutcomes(t *testing.T, open LeadOpenFunc) {
	ctx := context.Background()
	s := open(t).LeadStore
	withAccounts(t, s, "alice")
	csv := "profileUrl,fullName,email\n" +
		"https://www.linkedin.com/in/ann-lee,Ann Lee,\n" +
		"https://www.linkedin.com/in/bob-roy,Bob Roy,bob@roy.io\n" +
		"https://www.linkedin.com/in/cy-dee,Cy Dee,\n" +
		"https://www.linkedin.com/in/eve-ng,Eve Ng,\n"
	mustImport(t, s, csv, lead.ImportOptions{})
	act := func(lead string, kind paceline.ActionKind, result paceline.ActionResult) {
		t.Helper()
		a := &paceline.Action{At: Clock, Account: "alice", Kind: kind, Result: result, Lead: lead}
		if err := s.RecordAction(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	event := func(lead string, typ paceline.EventKind) {
		t.Helper()
		if _, err := s.RecordEvent(ctx, &paceline.Event{At: Clock, Account: "alice", Lead: lead, Type: typ}); err != nil {
			t.Fatal(err)
		}
	}
	act("ann-lee", paceline.KindInvite, paceline.ResultDone)
	event("ann-lee", paceline.EventAccepted)
	act("bob-roy", paceline.KindInvite, paceline.ResultDone)
	act("email:bob@roy.io", paceline.KindEmail, paceline.ResultDone) // the same lead by its email
	event("email:bob@roy.io", paceline.EventReplied)
	act("cy-dee", paceline.KindInvite, paceline.ResultRefused) // never reached
	event("cy-dee", paceline.EventAccepted)
	act("eve-ng", paceline.KindVisit, paceline.ResultDone) // a visit asks nothing
	act("eve-ng", paceline.KindMessage, paceline.ResultDone)
	event("eve-ng", paceline.EventDeclined)
	act("zed-gone", paceline.KindInvite, paceline.ResultDone) // not in the leads table

	got, unknown, err := s.LedgerOutcomes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if unknown != 1 {
		t.Errorf("unknown = %d, want 1 (zed-gone)", unknown)
	}
	type o struct {
		name              string
		accepted, replied bool
	}
	want := []o{{"Ann Lee", true, false}, {"Bob Roy", false, true}, {"Eve Ng", false, false}}
	var have []o
	for _, g := range got {
		have = append(have, o{g.Lead.Name(), g.Accepted, g.Replied})
	}
	if len(have) != len(want) {
		t.Fatalf("outcomes %+v, want %+v", have, want)
	}
	for i := range want {
		if have[i] != want[i] {
			t.Errorf("outcome %d = %+v, want %+v", i, have[i], want[i])
		}
	}
}
