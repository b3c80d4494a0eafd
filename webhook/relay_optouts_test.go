package webhook_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/sim"
	"github.com/paceline/paceline/webhook"
)

// An opt-out by paceline leads optout, the API or the dashboard records no event;
// the tick then stops the person's sequence with reason opted_out. That stop is told
// once as an opted_out message of the account and campaign. A stop for an opted_out
// event is not (the event is told), nor is a stop for another reason.
func TestRelayTellsAnOptOutWithoutEvent(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, st dbStore, now *time.Time) {
		ctx := context.Background()
		ep := agency(t, st)
		var recs []paceline.EnrollmentRecord
		for _, ref := range []string{"globex-person-1", "globex-person-2", "globex-person-3"} {
			l := &paceline.Lead{ProfileKey: ref, FirstName: "Ada"}
			recs = append(recs, paceline.EnrollmentRecord{Lead: ref, Account: "globex", LeadFacts: runtime.FactsOf(l), Started: t0})
		}
		if _, err := st.AddEnrollments(ctx, "globex-q1", recs); err != nil {
			t.Fatal(err)
		}
		relay := &webhook.Relay{Outbox: &webhook.Outbox{Store: st, Campaigns: st}, Store: st}
		if n := sweep(t, relay); n != 0 {
			t.Fatalf("first sweep enqueued %d, want 0", n)
		}
		// globex-person-2 opted out by an event (an unsubscribe link, the API).
		record(t, st, paceline.Event{Key: "email/unsubscribe/globex/globex-person-2", At: t0.Add(time.Minute), Account: "globex",
			Lead: "globex-person-2", Type: paceline.EventOptedOut})
		if recs, err := st.RunningEnrollments(ctx, "globex"); err != nil || len(recs) != 3 {
			t.Fatalf("RunningEnrollments: %+v, %v", recs, err)
		} else {
			for i, reason := range []string{"opted_out", "opted_out", "replied"} {
				recs[i].State, recs[i].Reason, recs[i].Ended = paceline.EnrollmentStopped, reason, t0.Add(2*time.Minute)
			}
			if err := st.SaveTick(ctx, "globex", recs, 0, t0.Add(2*time.Minute)); err != nil {
				t.Fatal(err)
			}
		}
		if n := sweep(t, relay); n != 2 {
			t.Fatalf("sweep after the stops enqueued %d, want 2 (the event and the stop without one)", n)
		}
		if n := sweep(t, relay) + sweep(t, &webhook.Relay{Outbox: relay.Outbox, Store: st}); n != 0 {
			t.Fatalf("later sweeps enqueued %d, want 0", n)
		}
		var got []payload
		for _, p := range sent(t, st, ep.ID) {
			if p.Type == "opted_out" {
				got = append(got, p)
			}
		}
		if len(got) != 2 || got[0].Data["lead"] != "in:globex-person-2" || got[0].Data["campaign"] != "globex-q1" ||
			got[1].Data["lead"] != "in:globex-person-1" || got[1].Data["account"] != "globex" || got[1].Data["campaign"] != "globex-q1" ||
			!got[1].Timestamp.Equal(t0.Add(2*time.Minute)) {
			t.Fatalf("opted_out payloads %+v", got)
		}
	})
}

// An opt-out recorded on another account (an unsubscribe reply to initech's mailbox, a
// CRM posting opted_out on initech) stops the lead's sequence on globex too
// (AnswersElsewhere), with reason opted_out. The event is told as initech's; the stop
// is told once as globex's, naming globex-q1, so that the client whose sequence it
// stopped hears of it: the event of another account does not stand for it.
func TestRelayTellsAnOptOutElsewhereToTheStoppedCampaign(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, st dbStore, now *time.Time) {
		ctx := context.Background()
		ep := agency(t, st)
		l := &paceline.Lead{ProfileKey: "globex-person-7", FirstName: "Bo"}
		if _, err := st.AddEnrollments(ctx, "globex-q1", []paceline.EnrollmentRecord{
			{Lead: l.ProfileKey, Account: "globex", LeadFacts: runtime.FactsOf(l), Started: t0}}); err != nil {
			t.Fatal(err)
		}
		out := &webhook.Outbox{Store: st, Campaigns: st, NowFunc: func() time.Time { return *now }}
		relay := &webhook.Relay{Outbox: out, Store: st}
		sweep(t, relay)
		record(t, st, paceline.Event{Key: "crm/optout/7", At: t0.Add(time.Minute), Account: "initech",
			Lead: "globex-person-7", Type: paceline.EventOptedOut})
		*now = t0.Add(2 * time.Minute)
		pl := sim.NewPlatform(sim.DefaultParams(), 1, st)
		r := &runtime.Runner{Store: st, Clock: clock{now}, Executor: pl, Events: pl, Seed: 1,
			OnEventFunc: func(ctx context.Context, e paceline.Event) error { _, err := out.Enqueue(ctx, e); return err }}
		if _, err := r.Tick(ctx, "globex"); err != nil {
			t.Fatal(err)
		}
		if recs, err := st.RunningEnrollments(ctx, "globex"); err != nil || len(recs) != 0 {
			t.Fatalf("globex still runs %+v (%v): the opt-out on initech should have stopped it", recs, err)
		}
		sweep(t, relay)
		if n := sweep(t, relay) + sweep(t, &webhook.Relay{Outbox: out, Store: st}); n != 0 {
			t.Fatalf("later sweeps enqueued %d, want 0", n)
		}
		told := map[string]int{}
		for _, p := range sent(t, st, ep.ID) {
			if p.Type == "opted_out" && p.Data["lead"] == "in:globex-person-7" {
				told[fmt.Sprint(p.Data["account"], "/", p.Data["campaign"])]++
			}
		}
		if told["globex/globex-q1"] != 1 || told["initech/<nil>"]+told["initech/"] != 1 || len(told) != 2 {
			t.Fatalf("opted_out messages of globex-person-7 by account/campaign: %v; want the event as initech's and the stop as globex/globex-q1's, once each", told)
		}
	})
}
