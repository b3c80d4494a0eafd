package runtime_test

import (
	"context"
	"slices"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/store/postgres"
	"github.com/paceline/paceline/store/sqlite"
)

// The review list judges a text by its enrollment through runtime.ReviewStore, which
// serve and the CLI pass as AIText.Campaigns: a store without it would list texts
// that will never be sent.
var (
	_ runtime.ReviewStore = (*sqlite.Store)(nil)
	_ runtime.ReviewStore = (*postgres.Store)(nil)
)

// A paused campaign's held texts will still go out when it resumes: they stay on the
// review list and can be approved, rather than being called stopped.
func TestAIReviewKeepsAPausedCampaignsTexts(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, open func(testing.TB) testStore) {
		ctx := context.Background()
		g := newAIRig(t, open, true, nil, "ada", "gus")
		g.run(t)
		if err := g.st.SetCampaignState(ctx, "ai", paceline.CampaignPaused, "paused by hand"); err != nil {
			t.Fatal(err)
		}
		if got := pendingLeads(t, g); !slices.Equal(got, []string{"ada", "gus"}) {
			t.Fatalf("Pending while paused = %v, want ada and gus", got)
		}
		if _, err := g.x.Approve(ctx, reviewKey("ada"), ""); err != nil {
			t.Fatalf("approving ada's text while the campaign is paused: %v", err)
		}
		if err := g.st.SetCampaignState(ctx, "ai", paceline.CampaignActive, ""); err != nil {
			t.Fatal(err)
		}
		g.run(t)
		if got := g.rec.notes("ada"); len(got) != 1 || got[0] == "Hi Ada, glad to connect." {
			t.Errorf("ada was sent %q after the campaign resumed, want the approved AI text", got)
		}
	})
}
