package webhook_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/webhook"
)

// An accepted event names the lead by the canonical key paceline leads show take
// (the engine's reference "initech-person-5" is rejected there), says it answers an
// invite, and names the campaign the lead runs in on that account, so that an agency
// routes it to the client; a lead with no enrollment on the account has no campaign.
func TestEventPayloadNamesLeadKeyKindAndCampaign(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, st dbStore, now *time.Time) {
		ctx := context.Background()
		ep := agency(t, st)
		out := &webhook.Outbox{Store: st, Campaigns: st}
		for _, e := range []paceline.Event{
			{Key: "sim/globex/1", At: t0, Account: "globex", Lead: "initech-person-5", Type: paceline.EventReplied},
			{Key: "sim/initech/1", At: t0, Account: "initech", Lead: "initech-person-5", Type: paceline.EventAccepted},
		} {
			e = record(t, st, e)
			if n, err := out.Enqueue(ctx, e); err != nil || n != 1 {
				t.Fatalf("Enqueue %s: %d, %v", e.Key, n, err)
			}
		}
		got := sent(t, st, ep.ID)
		want := []map[string]any{
			{"key": "sim/globex/1", "account": "globex", "lead": "in:initech-person-5"},
			{"key": "sim/initech/1", "account": "initech", "lead": "in:initech-person-5", "kind": "invite", "campaign": "initech-q1"},
		}
		if len(got) != len(want) {
			t.Fatalf("%d payloads, want %d: %+v", len(got), len(want), got)
		}
		for i := range want {
			if fmt.Sprint(got[i].Data) != fmt.Sprint(want[i]) {
				t.Errorf("payload %d data %v, want %v", i, got[i].Data, want[i])
			}
		}
	})
}

// A lead whose enrollment on the account ended is named with that campaign; once it
// runs in another campaign on the account, with that one.
func TestEventPayloadNamesTheEndedOrRunningCampaign(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, st dbStore, now *time.Time) {
		ctx := context.Background()
		ep := agency(t, st)
		out := &webhook.Outbox{Store: st, Campaigns: st}
		recs, err := st.RunningEnrollments(ctx, "initech")
		if err != nil || len(recs) != 1 {
			t.Fatalf("RunningEnrollments: %+v, %v", recs, err)
		}
		recs[0].State, recs[0].Reason, recs[0].Ended = paceline.EnrollmentStopped, "replied", t0
		if err := st.SaveTick(ctx, "initech", recs, 0, t0); err != nil {
			t.Fatal(err)
		}
		enqueue := func(key string) {
			e := record(t, st, paceline.Event{Key: key, At: t0, Account: "initech", Lead: "initech-person-5", Type: paceline.EventReplied})
			if n, err := out.Enqueue(ctx, e); err != nil || n != 1 {
				t.Fatalf("Enqueue %s: %d, %v", key, n, err)
			}
		}
		enqueue("a/ended")
		if err := st.CreateCampaign(ctx, &paceline.Campaign{Name: "initech-q2", Sequence: shortWait, Accounts: []string{"initech"}, State: paceline.CampaignActive}); err != nil {
			t.Fatal(err)
		}
		l := &paceline.Lead{ProfileKey: "initech-person-5", FirstName: "Ada"}
		if n, err := st.AddEnrollments(ctx, "initech-q2", []paceline.EnrollmentRecord{
			{Lead: l.ProfileKey, Account: "initech", LeadFacts: runtime.FactsOf(l), Started: t0},
		}); err != nil || n != 1 {
			t.Fatalf("AddEnrollments: %d, %v", n, err)
		}
		enqueue("b/running")
		got := sent(t, st, ep.ID)
		if len(got) != 2 || got[0].Data["campaign"] != "initech-q1" || got[1].Data["campaign"] != "initech-q2" {
			t.Fatalf("payloads %+v; want initech-q1 (ended), then initech-q2 (running)", got)
		}
	})
}
