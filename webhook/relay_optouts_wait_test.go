package webhook_test

import (
	"context"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/runtime/runtimetest"
	"github.com/paceline/paceline/webhook"
)

// A person who opts out by paceline leads optout, the API or the dashboard (the
// suppression list, no event) while their sequence waits on an invite with only an
// `if: connected` step after it is told once as an opted_out of the account and
// campaign, however many relays sweep: the tick stops the sequence with reason
// opted_out. It used to run on to its end, the invite withdrawn at the timeout and the
// step skipped, and end finished with no opted_out ever sent.
func TestRelayTellsAnOptOutOfAWaitingLead(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, st dbStore, now *time.Time) {
		ctx := context.Background()
		ep := agency(t, st)
		l := &paceline.Lead{ProfileKey: "globex-person-9", FirstName: "Cy"}
		if _, err := st.AddEnrollments(ctx, "globex-q1", []paceline.EnrollmentRecord{
			{Lead: l.ProfileKey, Account: "globex", LeadFacts: runtime.FactsOf(l), Started: t0}}); err != nil {
			t.Fatal(err)
		}
		out := &webhook.Outbox{Store: st, Campaigns: st, NowFunc: func() time.Time { return *now }}
		relay := &webhook.Relay{Outbox: out, Store: st}
		sweep(t, relay)
		r := &runtime.Runner{Store: st, Clock: clock{now}, Executor: &runtimetest.Bodies{}, Seed: 1}
		runtimetest.TickFor(t, r, "globex", now, 24*time.Hour)
		if recs, err := st.RunningEnrollments(ctx, "globex"); err != nil || len(recs) != 1 || recs[0].State != paceline.EnrollmentWaiting {
			t.Fatalf("before the opt-out: %+v %v, want globex-person-9 waiting on the invite", recs, err)
		}
		if err := st.(interface {
			SuppressKeys(ctx context.Context, keys []lead.Key, reason string) error
		}).SuppressKeys(ctx, []lead.Key{{Type: lead.KeyProfile, Value: "globex-person-9"}}, "api"); err != nil {
			t.Fatal(err)
		}
		runtimetest.TickFor(t, r, "globex", now, 5*24*time.Hour) // past the invite's timeout
		sweep(t, relay)
		if n := sweep(t, relay) + sweep(t, &webhook.Relay{Outbox: out, Store: st}); n != 0 {
			t.Fatalf("later sweeps enqueued %d, want 0", n)
		}
		var told []payload
		for _, p := range sent(t, st, ep.ID) {
			if p.Type == "opted_out" && p.Data["lead"] == "in:globex-person-9" {
				told = append(told, p)
			}
		}
		if len(told) != 1 || told[0].Data["account"] != "globex" || told[0].Data["campaign"] != "globex-q1" {
			t.Fatalf("opted_out messages of globex-person-9: %+v; want one, of globex and globex-q1", told)
		}
	})
}
