package webhook_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/sim"
	"github.com/paceline/paceline/webhook"
)

// payload is a delivery's body as a receiver reads it.
type payload struct {
	Type      string         `json:"type"`
	Timestamp time.Time      `json:"timestamp"`
	Data      map[string]any `json:"data"`
}

// agency is an agency's database: accounts initech and globex (two clients), each with
// an active campaign of its own, initech-person-5 running in initech's, and an
// endpoint that wants every type, added at t0.
func agency(t *testing.T, st dbStore) *paceline.WebhookEndpoint {
	t.Helper()
	ctx := context.Background()
	for _, client := range []string{"initech", "globex"} {
		a := &paceline.Account{
			Name: client, Type: paceline.TypeSalesNavigator, Executor: paceline.ExecutorSim,
			State: paceline.AccountActive, TimeZone: "UTC", Hours: paceline.DefaultWorkingHours,
			Days: paceline.DefaultWorkingDays, MinGap: paceline.DefaultMinGap, Safety: 0.95, CreatedAt: t0.Add(-30 * 24 * time.Hour),
		}
		if err := st.CreateAccount(ctx, a); err != nil {
			t.Fatal(err)
		}
		c := &paceline.Campaign{Name: client + "-q1", Sequence: shortWait, Accounts: []string{client}, State: paceline.CampaignActive}
		if err := st.CreateCampaign(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	l := &paceline.Lead{ProfileKey: "initech-person-5", FirstName: "Ada"}
	if _, err := st.AddEnrollments(ctx, "initech-q1", []paceline.EnrollmentRecord{
		{Lead: l.ProfileKey, Account: "initech", LeadFacts: runtime.FactsOf(l), Started: t0.Add(-time.Hour)},
	}); err != nil {
		t.Fatal(err)
	}
	ep := &paceline.WebhookEndpoint{URL: "https://hooks.example.com/agency", Secret: "v1:sealed", Active: true}
	if err := st.CreateWebhookEndpoint(ctx, ep); err != nil {
		t.Fatal(err)
	}
	return ep
}

// shortWait gives up on an invite after 3 days, so its answers come within a test.
const shortWait = `
name: short
steps:
  - id: connect
    invite: {}
    wait_for: {event: accepted, timeout: 3d, on_timeout: withdraw}
  - id: hello
    if: connected
    message: "Thanks {{first_name}}"
`

// sent returns the payloads enqueued for the endpoint, by timestamp and key.
func sent(t *testing.T, st dbStore, ep int64) []payload {
	t.Helper()
	ds, err := st.RecentWebhookDeliveries(context.Background(), ep, 100)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]payload, len(ds))
	for i, d := range ds {
		if err := json.Unmarshal(d.Payload, &out[len(ds)-1-i]); err != nil {
			t.Fatalf("delivery %s: %v", d.ID, err)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Timestamp.Equal(out[j].Timestamp) {
			return out[i].Timestamp.Before(out[j].Timestamp)
		}
		return fmt.Sprint(out[i].Data["key"]) < fmt.Sprint(out[j].Data["key"])
	})
	return out
}

func record(t *testing.T, st dbStore, e paceline.Event) paceline.Event {
	t.Helper()
	if _, err := st.RecordEvent(context.Background(), &e); err != nil {
		t.Fatal(err)
	}
	return e
}

func sweep(t *testing.T, r *webhook.Relay) int {
	t.Helper()
	n, err := r.Sweep(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// A pause by paceline campaigns pause, the API or the dashboard (all through
// api.PauseCampaign, which calls SetCampaignState) is told once, with its reason;
// a campaign started and paused again is told again; a pause from before the
// endpoint was added is not.
func TestRelayTellsAManualPause(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, st dbStore, now *time.Time) {
		ctx := context.Background()
		*now = t0.Add(-time.Hour)
		if err := st.CreateAccount(ctx, &paceline.Account{
			Name: "old", Type: paceline.TypeSalesNavigator, Executor: paceline.ExecutorSim, State: paceline.AccountActive, TimeZone: "UTC",
			Hours: paceline.DefaultWorkingHours, Days: paceline.DefaultWorkingDays, MinGap: paceline.DefaultMinGap, Safety: 0.95, CreatedAt: *now,
		}); err != nil {
			t.Fatal(err)
		}
		if err := st.CreateCampaign(ctx, &paceline.Campaign{Name: "old-q1", Sequence: shortWait, Accounts: []string{"old"}, State: paceline.CampaignActive}); err != nil {
			t.Fatal(err)
		}
		if err := st.SetCampaignState(ctx, "old-q1", paceline.CampaignPaused, "before the endpoint"); err != nil {
			t.Fatal(err)
		}
		*now = t0
		ep := agency(t, st)
		relay := &webhook.Relay{Outbox: &webhook.Outbox{Store: st, Campaigns: st}, Store: st}
		if n := sweep(t, relay); n != 0 {
			t.Fatalf("first sweep enqueued %d, want 0: old-q1 was paused before the endpoint", n)
		}
		pause := func(at time.Time, state paceline.CampaignState, reason string) {
			*now = at
			if err := st.SetCampaignState(ctx, "globex-q1", state, reason); err != nil {
				t.Fatal(err)
			}
		}
		pause(t0.Add(time.Minute), paceline.CampaignPaused, "client on holiday")
		if n := sweep(t, relay); n != 1 {
			t.Fatalf("sweep after the pause enqueued %d, want 1", n)
		}
		if n := sweep(t, relay) + sweep(t, &webhook.Relay{Outbox: relay.Outbox, Store: st}); n != 0 {
			t.Fatalf("later sweeps enqueued %d, want 0", n)
		}
		pause(t0.Add(2*time.Minute), paceline.CampaignActive, "")
		pause(t0.Add(3*time.Minute), paceline.CampaignPaused, "")
		if n := sweep(t, relay); n != 1 {
			t.Fatalf("sweep after the second pause enqueued %d, want 1", n)
		}
		got := sent(t, st, ep.ID)
		if len(got) != 2 || got[0].Type != "campaign_paused" || got[0].Data["campaign"] != "globex-q1" ||
			got[0].Data["reason"] != "client on holiday" || !got[0].Timestamp.Equal(t0.Add(time.Minute)) ||
			got[1].Data["campaign"] != "globex-q1" || !got[1].Timestamp.Equal(t0.Add(3*time.Minute)) {
			t.Fatalf("payloads %+v", got)
		}
	})
}

// The engine's own pause of a campaign whose invites are not accepted (a tick,
// runtime's storePauses) reaches the endpoint with the engine's reason.
func TestRelayTellsTheEnginesPause(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, st dbStore, now *time.Time) {
		ctx := context.Background()
		ep := agency(t, st)
		var recs []paceline.EnrollmentRecord
		for i := range 60 {
			l := &paceline.Lead{ProfileKey: fmt.Sprintf("lead-%03d", i), FirstName: "Ada", Score: 30 + i%60}
			recs = append(recs, paceline.EnrollmentRecord{Lead: l.ProfileKey, Account: "globex", LeadFacts: runtime.FactsOf(l), Started: t0})
		}
		if _, err := st.AddEnrollments(ctx, "globex-q1", recs); err != nil {
			t.Fatal(err)
		}
		out := &webhook.Outbox{Store: st, Campaigns: st, NowFunc: func() time.Time { return *now }}
		relay := &webhook.Relay{Outbox: out, Store: st}
		sweep(t, relay)
		p := sim.DefaultParams()
		p.AcceptBase = 0.01
		pl := sim.NewPlatform(p, 1, st)
		r := &runtime.Runner{Store: st, Clock: clock{now}, Executor: pl, Events: pl, Seed: 1,
			OnEventFunc: func(ctx context.Context, e paceline.Event) error { _, err := out.Enqueue(ctx, e); return err }}
		c := &paceline.Campaign{State: paceline.CampaignActive}
		for end := t0.Add(14 * 24 * time.Hour); now.Before(end) && c.State == paceline.CampaignActive; {
			res, err := r.Tick(ctx, "globex")
			if err != nil {
				t.Fatal(err)
			}
			next := res.Wake
			if next.IsZero() || next.After(now.Add(time.Hour)) {
				next = now.Add(time.Hour)
			}
			*now = next
			if c, err = st.Campaign(ctx, "globex-q1"); err != nil {
				t.Fatal(err)
			}
		}
		if c.State != paceline.CampaignPaused {
			t.Fatalf("campaign %+v; want paused by the engine", c)
		}
		sweep(t, relay)
		var pauses []payload
		for _, p := range sent(t, st, ep.ID) {
			if p.Type == webhook.TypeCampaignPaused {
				pauses = append(pauses, p)
			}
		}
		if len(pauses) != 1 || pauses[0].Data["campaign"] != "globex-q1" || pauses[0].Data["reason"] != c.PausedReason ||
			!strings.Contains(c.PausedReason, "below the campaign's") {
			t.Fatalf("campaign_paused payloads %+v; campaign paused with %q", pauses, c.PausedReason)
		}
	})
}

// clock is a runtime clock reading *now.
type clock struct{ now *time.Time }

func (c clock) Now() time.Time                  { return *c.now }
func (c clock) Until(t time.Time) time.Duration { return max(0, t.Sub(*c.now)) }
