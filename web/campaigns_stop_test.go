package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/api/apitest"
	"github.com/paceline/paceline/sequence"
)

// The Stop button sits beside Pause and Resume on a started campaign, wants its box
// ticked, and ends the campaign for good as paceline campaigns stop does: its leads
// are freed, and the stopped campaign gets no button any more. A draft gets none.
func TestCampaignsStopPostEndsAStartedCampaign(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := apitest.New(t)
	for _, c := range []*paceline.Campaign{
		{Name: "c8", List: "founders", State: paceline.CampaignDraft},
		{Name: "q7", State: paceline.CampaignActive},
	} {
		c.Accounts, c.Sequence = []string{"alice"}, string(sequence.DefaultYAML())
		if err := f.Store.CreateCampaign(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Store.SetCampaignState(ctx, "q7", paceline.CampaignPaused, "typo"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Store.AddEnrollments(ctx, "q7", []paceline.EnrollmentRecord{{Lead: "in:ada", Account: "alice", LeadFacts: "{}", Started: apitest.Now}}); err != nil {
		t.Fatal(err)
	}
	srv := serveFixture(t, f, func(d *api.Deps) { d.Campaigns = f.Store })
	c := client(t)
	_, csrf := login(t, c, srv.URL, apitest.Password)

	_, page := get(t, c, srv.URL+"/campaigns")
	if n := strings.Count(page, `action="/campaigns/`); n != 1 || !strings.Contains(page, `action="/campaigns/q7/stop"`) {
		t.Fatalf("the page has %d campaign buttons, want Stop for q7 (and none for the draft):\n%s", n, page)
	}

	res, _ := postForm(t, c, srv.URL+"/campaigns/q7/stop", url.Values{"csrf": {csrf}})
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/campaigns?problem=") {
		t.Fatalf("stop without the box ticked: %d %s", res.StatusCode, loc)
	}
	if got, _ := f.Store.Campaign(ctx, "q7"); got.State != paceline.CampaignPaused {
		t.Fatalf("a stop without the box ticked made q7 %s", got.State)
	}

	res, _ = postForm(t, c, srv.URL+"/campaigns/q7/stop", url.Values{"csrf": {csrf}, "confirm": {"yes"}})
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/campaigns?done=") {
		t.Fatalf("stop: %d %s", res.StatusCode, loc)
	}
	_, page = get(t, c, srv.URL+res.Header.Get("Location"))
	if !strings.Contains(page, "Stopped q7 for good: 1 enrollment ended (its lead is free for another campaign&#39;s start)") {
		t.Errorf("after the stop the page says:\n%s", page)
	}
	if strings.Contains(page, `action="/campaigns/q7/`) || !strings.Contains(page, `<span class="tag warn">stopped</span>`) {
		t.Errorf("a stopped campaign still has a button, or its state is not shown:\n%s", page)
	}
	if got, _ := f.Store.Campaign(ctx, "q7"); got.State != paceline.CampaignStopped {
		t.Errorf("q7 after the stop: %s", got.State)
	}

	res, _ = postForm(t, c, srv.URL+"/campaigns/c8/stop", url.Values{"csrf": {csrf}, "confirm": {"yes"}})
	_, page = get(t, c, srv.URL+res.Header.Get("Location"))
	if !strings.Contains(page, "campaign c8 is a draft") || !strings.Contains(page, "paceline campaigns delete c8") {
		t.Errorf("stop of a draft:\n%s", page)
	}
}
