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

// The Pause button follows the CLI's rule: a draft is refused and stays a draft (it
// said "Paused c8", then offered Resume, which started it), and a campaign paused
// already keeps its reason and the page says nothing changed.
func TestCampaignsPausePostRefusesADraftAndKeepsAReason(t *testing.T) {
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
	if err := f.Store.SetCampaignState(ctx, "q7", paceline.CampaignPaused, "holiday"); err != nil {
		t.Fatal(err)
	}
	srv := serveFixture(t, f, func(d *api.Deps) { d.Campaigns = f.Store })
	c := client(t)
	_, csrf := login(t, c, srv.URL, apitest.Password)

	res, _ := postForm(t, c, srv.URL+"/campaigns/c8/pause", url.Values{"csrf": {csrf}})
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/campaigns?problem=") {
		t.Fatalf("pause of a draft: %d %s, want a redirect with a problem", res.StatusCode, loc)
	}
	_, page := get(t, c, srv.URL+res.Header.Get("Location"))
	for _, want := range []string{"campaign c8 is a draft", "nothing to pause", "paceline campaigns start c8"} {
		if !strings.Contains(page, want) {
			t.Errorf("after pausing a draft the page lacks %q:\n%s", want, page)
		}
	}
	if got, _ := f.Store.Campaign(ctx, "c8"); got.State != paceline.CampaignDraft {
		t.Errorf("a refused pause made the draft %s", got.State)
	}

	res, _ = postForm(t, c, srv.URL+"/campaigns/q7/pause", url.Values{"csrf": {csrf}})
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/campaigns?done=") {
		t.Fatalf("a second pause: %d %s", res.StatusCode, loc)
	}
	_, page = get(t, c, srv.URL+res.Header.Get("Location"))
	if !strings.Contains(page, "q7 is already paused (since ") || !strings.Contains(page, "holiday); nothing changed.") {
		t.Errorf("a second pause does not say nothing changed:\n%s", page)
	}
	if got, _ := f.Store.Campaign(ctx, "q7"); got.PausedReason != "holiday" {
		t.Errorf("a second pause replaced the reason with %q", got.PausedReason)
	}
}
