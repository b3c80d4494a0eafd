package storetest

import (
	"context"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
)

// AnswerStopStore is a StopStore that also keeps the suppression list.
type AnswerStopStore interface {
	StopStore
	SuppressKeys(ctx context.Context, keys []lead.Key, reason string) error
}

// RunCampaignStopKeepsAnswers checks that a campaign stop leaves the reason of a lead
// whose answer is recorded but not applied yet (the account's tick had not run since):
// an opt-out by event or by the suppression list alone stops the enrollment as
// opted_out, a reply to another account as replied, and only the others as
// paceline.ReasonCampaignStopped; an event the sequence does not stop on changes
// nothing. QA: campaigns status showed "stopped by opt-out 1" before campaigns stop
// and 0 after, the lead's enrollment stopped as "campaign stopped".
func RunCampaignStopKeepsAnswers(t *testing.T, s AnswerStopStore) {
	t.Helper()
	ctx := context.Background()
	withAccounts(t, s, "alice", "bob")
	if err := s.CreateCampaign(ctx, &paceline.Campaign{Name: "acme-q4", Sequence: "name: x", Accounts: []string{"alice"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetCampaignState(ctx, "acme-q4", paceline.CampaignActive, ""); err != nil {
		t.Fatal(err)
	}
	leads := []string{"in:ada", "in:bea", "in:cy", "in:dan", "in:eve"}
	var recs []paceline.EnrollmentRecord
	for _, l := range leads {
		recs = append(recs, paceline.EnrollmentRecord{Lead: l, Account: "alice", LeadFacts: "{}", Started: Clock})
	}
	if n, err := s.AddEnrollments(ctx, "acme-q4", recs); err != nil || n != len(leads) {
		t.Fatalf("enroll: %d, %v", n, err)
	}
	event := func(account, ref string, typ paceline.EventKind) {
		t.Helper()
		e := paceline.Event{Key: account + "/" + ref + "/" + string(typ), At: Clock, Account: account, Lead: ref, Type: typ}
		if _, err := s.RecordEvent(ctx, &e); err != nil {
			t.Fatal(err)
		}
	}
	event("alice", "in:ada", paceline.EventOptedOut) // opted out by an event
	bea, err := lead.ParseRef("in:bea")              // by leads optout: the list alone
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SuppressKeys(ctx, []lead.Key{bea}, paceline.ReasonOptOut); err != nil {
		t.Fatal(err)
	}
	event("bob", "in:cy", paceline.EventReplied)     // answered another account
	event("alice", "in:dan", paceline.EventAccepted) // moves it on, stops nothing
	event("bob", "in:eve", paceline.EventDeclined)   // not a stop of this sequence

	got, err := s.StopCampaign(ctx, "acme-q4")
	if err != nil || got.Enrollments != len(leads) {
		t.Fatalf("stop acme-q4 = %+v, %v; want its %d enrollments stopped", got, err, len(leads))
	}
	reasons, err := s.StoppedReasons(ctx, "acme-q4")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{string(paceline.EventOptedOut): 2, string(paceline.EventReplied): 1, paceline.ReasonCampaignStopped: 2}
	if len(reasons) != len(want) {
		t.Fatalf("stopped reasons %v, want %v", reasons, want)
	}
	for r, n := range want {
		if reasons[r] != n {
			t.Fatalf("stopped reasons %v, want %v", reasons, want)
		}
	}
	states, _, err := s.CampaignCounts(ctx, "acme-q4")
	if err != nil || states[paceline.EnrollmentStopped] != len(leads) || len(states) != 1 {
		t.Fatalf("acme-q4's enrollments after the stop: %v, %v; want all stopped", states, err)
	}
}
