package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// The demo's Resume says how many of its leads go on where they stopped, the engine's
// running enrollments: it used to say "none of its leads was still running: 0 leads
// enrolled now" while they ran. A start of the running campaign says they run already.
func TestDemoResumeSaysItsLeadsGoOn(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, clock, r, _ := testDemo(t, 400)
	clock.start = clock.start.Add(24 * time.Hour)
	if _, err := r.catchUp(ctx); err != nil {
		t.Fatal(err)
	}
	running := r.g.Running()
	if running == 0 {
		t.Fatal("no demo lead running after a day")
	}
	rep, err := r.start(ctx, demoCampaign)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Resumed || rep.GoingOn != running {
		t.Errorf("start of the running demo: resumed %v, going on %d; want false, %d", rep.Resumed, rep.GoingOn, running)
	}
	if err := (demoCampaigns{r.st, r}).SetCampaignState(ctx, demoCampaign, paceline.CampaignPaused, "paused by user"); err != nil {
		t.Fatal(err)
	}
	rep, err = r.start(ctx, demoCampaign)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Resumed || rep.GoingOn != running {
		t.Errorf("resume: resumed %v, going on %d; want true, %d", rep.Resumed, rep.GoingOn, running)
	}
	if h := rep.Headline(demoCampaign); strings.Contains(h, "none of its leads") || !strings.Contains(h, "on where") {
		t.Errorf("resume's headline %q; want its %d leads going on where they stopped", h, running)
	}
}
