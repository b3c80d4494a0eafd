package storetest

import (
	"context"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
)

// testOptedOutEventSuppresses records opted_out events, whoever reports them (an
// integration through the API, a reply by mail, the agent): a stored lead named by
// any of its references is opted out with every key suppressed, a person never
// imported has the key suppressed, and a later import brings neither in. Other event
// types opt no one out.
func testOptedOutEventSuppresses(t *testing.T, open LeadOpenFunc) {
	ctx := context.Background()
	db, rs := openRuntime(t, open)
	s := db.LeadStore
	mustImport(t, s, apolloCSV, lead.ImportOptions{List: "q1"})
	withAccounts(t, s, "alice")
	grace := mustLeadByKey(t, s, "email", "grace@navy.mil")
	marie := mustLeadByKey(t, s, "in", "marie-curie")
	record := func(key, ref string, typ paceline.EventKind) {
		t.Helper()
		e := &paceline.Event{Key: key, At: Clock, Account: "alice", Lead: ref, Type: typ}
		if _, err := rs.RecordEvent(ctx, e); err != nil {
			t.Fatalf("record %s of %s: %v", typ, ref, err)
		}
	}
	record("reply-marie", "marie-curie", paceline.EventReplied)
	if at, err := s.LeadOptedOut(ctx, marie.ID); err != nil || !at.IsZero() {
		t.Fatalf("a reply opted marie out: %v, %v", at, err)
	}
	// Grace by her address (the mailbox's reference), though her runtime key is her slug.
	record("optout-grace", "email:grace@navy.mil", paceline.EventOptedOut)
	record("optout-grace", "email:grace@navy.mil", paceline.EventOptedOut) // reported twice
	record("optout-stranger", "email:someone@else.example", paceline.EventOptedOut)
	if at, err := s.LeadOptedOut(ctx, grace.ID); err != nil || at.IsZero() {
		t.Fatalf("grace after her opted_out event: opted out at %v (%v), want set", at, err)
	}
	for _, k := range []lead.Key{
		{Type: lead.KeyProfile, Value: "gracehopper"}, {Type: lead.KeyEmail, Value: "grace@navy.mil"},
		{Type: lead.KeyEmail, Value: "someone@else.example"},
	} {
		if ok, err := s.IsSuppressed(ctx, k); err != nil || !ok {
			t.Errorf("%v suppressed = %v (%v), want true", k, ok, err)
		}
	}
	rep := mustImport(t, s, "profileUrl,fullName,email\n"+
		"https://www.linkedin.com/in/GraceHopper,Grace Hopper,\n"+
		"https://www.linkedin.com/in/some-one,Some One,someone@else.example\n", lead.ImportOptions{})
	if rep.Suppressed != 2 || rep.Imported != 0 {
		t.Errorf("import after the opt-outs: %+v, want both rows suppressed", rep)
	}
}
