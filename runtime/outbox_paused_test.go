package runtime_test

import (
	"context"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// campaignsHook runs after once, the first time a tick has read the account's
// campaigns: a pause committed between that read and the outbox's plan.
type campaignsHook struct {
	testStore
	account string
	after   func()
}

func (h *campaignsHook) AccountCampaigns(ctx context.Context, account string) ([]*paceline.Campaign, error) {
	camps, err := h.testStore.AccountCampaigns(ctx, account)
	if err == nil && account == h.account && h.after != nil {
		after := h.after
		h.after = nil
		after()
	}
	return camps, err
}

// A campaign paused while a tick holds its enrollments and campaigns, read before the
// pause committed, sends nothing more from that tick: the plan checks the campaign is
// still active in its own statement. Resumed, the step goes out once.
func TestPauseDuringTickHoldsTheStep(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, open func(testing.TB) testStore) {
		ctx := context.Background()
		st := open(t)
		names := mergeRepro(t, st)
		pauser, ok := st.(interface {
			SetCampaignState(ctx context.Context, name string, state paceline.CampaignState, reason string) error
		})
		if !ok {
			t.Skip("the store cannot pause a campaign")
		}
		v := &virtual{now: start}
		h := &campaignsHook{testStore: st, account: names[1]}
		r := newRunner(h, v)
		for _, name := range names {
			if _, err := r.Tick(ctx, name); err != nil {
				t.Fatal(err)
			}
		}
		v.now = start.Add(3 * time.Hour) // the invites are due
		paused := false
		h.after = func() {
			if err := pauser.SetCampaignState(ctx, "cb", paceline.CampaignPaused, "paused by hand"); err != nil {
				t.Error(err)
			}
			paused = true
		}
		if _, err := r.Tick(ctx, names[1]); err != nil {
			t.Fatal(err)
		}
		if !paused {
			t.Fatal("the tick of cb's seat never read its enrollments")
		}
		invites := func() int {
			t.Helper()
			acts, err := st.Actions(ctx, names[1], start.Add(-time.Hour), v.now.Add(time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, a := range acts {
				if a.Kind == paceline.KindInvite && a.Result == paceline.ResultDone {
					n++
				}
			}
			return n
		}
		if n := invites(); n != 0 {
			t.Fatalf("cb's seat sent %d invites after its campaign was paused, want 0", n)
		}
		if err := pauser.SetCampaignState(ctx, "cb", paceline.CampaignActive, ""); err != nil {
			t.Fatal(err)
		}
		v.now = v.now.Add(time.Hour)
		if _, err := r.Tick(ctx, names[1]); err != nil {
			t.Fatal(err)
		}
		if n := invites(); n != 1 {
			t.Errorf("cb's seat sent %d invites once resumed, want 1", n)
		}
	})
}
