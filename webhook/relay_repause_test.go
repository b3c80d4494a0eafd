package webhook_test

import (
	"context"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/webhook"
)

// A paused campaign paused again (paceline campaigns pause --reason with another
// reason, or the engine's pause of a campaign a person paused while its tick ran; the
// store takes a pause without a reason too) stays in the same pause: its endpoints are told once, dated when it began and with the reason it began
// with, even by a relay that starts afresh; a start and a pause after it is a new pause.
func TestRelayTellsAPauseOnceWhenPausedAgain(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, st dbStore, now *time.Time) {
		ctx := context.Background()
		ep := agency(t, st)
		relay := &webhook.Relay{Outbox: &webhook.Outbox{Store: st, Campaigns: st}, Store: st}
		set := func(at time.Time, state paceline.CampaignState, reason string) {
			t.Helper()
			*now = at
			if err := st.SetCampaignState(ctx, "globex-q1", state, reason); err != nil {
				t.Fatal(err)
			}
		}
		set(t0.Add(time.Minute), paceline.CampaignPaused, "client on holiday")
		if n := sweep(t, relay); n != 1 {
			t.Fatalf("sweep after the pause enqueued %d, want 1", n)
		}
		set(t0.Add(2*time.Minute), paceline.CampaignPaused, "client on a longer holiday")
		if n := sweep(t, relay); n != 0 {
			t.Fatalf("sweep after pausing the paused campaign again with another reason enqueued %d, want 0", n)
		}
		set(t0.Add(3*time.Minute), paceline.CampaignPaused, "")
		if n := sweep(t, relay) + sweep(t, &webhook.Relay{Outbox: relay.Outbox, Store: st}); n != 0 {
			t.Fatalf("sweeps after a third pause of the paused campaign enqueued %d, want 0", n)
		}
		set(t0.Add(4*time.Minute), paceline.CampaignActive, "")
		set(t0.Add(5*time.Minute), paceline.CampaignPaused, "budget")
		if n := sweep(t, relay); n != 1 {
			t.Fatalf("sweep after a start and a new pause enqueued %d, want 1", n)
		}
		got := sent(t, st, ep.ID)
		if len(got) != 2 || got[0].Data["reason"] != "client on holiday" || !got[0].Timestamp.Equal(t0.Add(time.Minute)) ||
			got[1].Data["reason"] != "budget" || !got[1].Timestamp.Equal(t0.Add(5*time.Minute)) {
			t.Fatalf("payloads %+v; want the pause at +1m (client on holiday) and the one at +5m (budget)", got)
		}
	})
}
