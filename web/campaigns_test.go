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

// The Campaigns page shows each stored campaign's state, with a Pause button while it
// is active and a Resume button once paused; both need the session's CSRF token, and
// a campaign gone meanwhile is said on the page.
func TestCampaignsPagePauseAndResume(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := apitest.New(t)
	// q1 is in the fixture's ledger; a stored campaign of that name gets its funnel.
	for _, name := range []string{"q1", "spring push"} {
		if err := f.Store.CreateCampaign(ctx, &paceline.Campaign{Name: name, Accounts: []string{"alice"},
			Sequence: string(sequence.DefaultYAML()), State: paceline.CampaignDraft}); err != nil {
			t.Fatal(err)
		}
		if err := f.Store.SetCampaignState(ctx, name, paceline.CampaignActive, ""); err != nil {
			t.Fatal(err)
		}
	}
	var started []string
	srv := serveFixture(t, f, func(d *api.Deps) {
		d.Campaigns = f.Store
		d.StartCampaignFunc = func(ctx context.Context, name string, _ api.StartOptions) (api.StartReport, error) {
			started = append(started, name)
			n := api.StartCount{Listed: 6, Enrolled: 3, Replied: 1}
			n.Named("q1", name)
			n.Named("q1", name)
			return n.Report(paceline.CampaignPaused, 2), f.Store.SetCampaignState(ctx, name, paceline.CampaignActive, "")
		}
	})
	c := client(t)
	_, csrf := login(t, c, srv.URL, apitest.Password)
	_, page := get(t, c, srv.URL+"/campaigns")
	for _, want := range []string{`<h2>spring push <span class="tag">active</span></h2>`, `action="/campaigns/spring%20push/pause"`,
		`action="/campaigns/q1/pause"`, `<svg class="funnel"`, "Nothing sent yet."} {
		if !strings.Contains(page, want) {
			t.Fatalf("campaigns page lacks %q:\n%s", want, page)
		}
	}

	if res, _ := postForm(t, c, srv.URL+"/campaigns/spring%20push/pause", url.Values{}); res.StatusCode != http.StatusForbidden {
		t.Errorf("a pause without CSRF: %d", res.StatusCode)
	}
	res, _ := postForm(t, c, srv.URL+"/campaigns/spring%20push/pause", url.Values{"csrf": {csrf}})
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/campaigns?done=") {
		t.Fatalf("pause: %d %s", res.StatusCode, loc)
	}
	if got, _ := f.Store.Campaign(ctx, "spring push"); got.State != paceline.CampaignPaused || got.PausedReason != "paused by user" {
		t.Fatalf("after Pause the campaign is %s (%q)", got.State, got.PausedReason)
	}
	_, page = get(t, c, srv.URL+res.Header.Get("Location"))
	for _, want := range []string{"Paused spring push: its accounts send none of its steps until you resume it.",
		`<span class="tag warn">paused</span>`, "Paused: paused by user", `action="/campaigns/spring%20push/start"`, ">Resume</button>"} {
		if !strings.Contains(page, want) {
			t.Fatalf("after Pause the page lacks %q:\n%s", want, page)
		}
	}

	res, _ = postForm(t, c, srv.URL+"/campaigns/spring%20push/start", url.Values{"csrf": {csrf}})
	_, page = get(t, c, srv.URL+res.Header.Get("Location"))
	if got, _ := f.Store.Campaign(ctx, "spring push"); got.State != paceline.CampaignActive || len(started) != 1 || started[0] != "spring push" {
		t.Fatalf("after Resume the campaign is %s, started %q", got.State, started)
	}
	// What paceline campaigns start prints, a line each: the dashboard used to say
	// only "Running spring push: 3 leads enrolled.", nothing of the leads left out.
	if want := `<p class="notice" role="status">Campaign spring push resumed (2 leads go on where they stopped): 3 leads enrolled now.<br>` +
		`3 of the 6 leads were not enrolled:<br>` +
		`2 already running in campaign q1 (a lead runs in one campaign at a time: paceline campaigns start &#39;spring push&#39; again enrolls them once they have ended there; paceline campaigns stop q1 ends that campaign)<br>` +
		`1 lead who replied before was not enrolled (paceline campaigns start &#39;spring push&#39; --include-replied enrolls it)</p>`; !strings.Contains(page, want) {
		t.Errorf("after Resume the page lacks the notice %s:\n%s", want, page)
	}

	res, _ = postForm(t, c, srv.URL+"/campaigns/gone/pause", url.Values{"csrf": {csrf}})
	_, page = get(t, c, srv.URL+res.Header.Get("Location"))
	if !strings.Contains(page, `no campaign named &#34;gone&#34;`) {
		t.Errorf("pausing a missing campaign does not say so on the page:\n%s", page)
	}
}

// A server that keeps no campaigns (the funnels come from the ledger alone) offers no
// buttons, and a forged pause is refused.
func TestCampaignsPageWithoutStore(t *testing.T) {
	t.Parallel()
	srv, _ := newServer(t)
	c := client(t)
	_, csrf := login(t, c, srv.URL, apitest.Password)
	_, page := get(t, c, srv.URL+"/campaigns")
	if !strings.Contains(page, `id="campaign-q1"`) || strings.Contains(page, "/pause") || strings.Contains(page, "/start") {
		t.Fatalf("campaigns page without a store:\n%s", page)
	}
	if res, _ := postForm(t, c, srv.URL+"/campaigns/q1/pause", url.Values{"csrf": {csrf}}); res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("pause without a store: %d", res.StatusCode)
	}
}
