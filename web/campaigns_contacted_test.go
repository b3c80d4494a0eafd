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

// The Start button of a campaign whose leads another account contacted in the last
// 100 days gets the start's refusal (api.ContactedRefusal) before anything is
// enrolled: the Campaigns page says it and offers the two ways on, a form that starts
// it again leaving those leads out (the days, 100 by default) or enrolling them. The
// choice reaches the start as its options; a bad number of days starts nothing.
func TestCampaignStartRefusedForContactedLeadsOffersTheChoice(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := apitest.New(t)
	if err := f.Store.CreateCampaign(ctx, &paceline.Campaign{Name: "acme q4", Accounts: []string{"alice"},
		Sequence: string(sequence.DefaultYAML()), State: paceline.CampaignDraft}); err != nil {
		t.Fatal(err)
	}
	var chosen []api.StartOptions
	srv := serveFixture(t, f, func(d *api.Deps) {
		d.Campaigns = f.Store
		d.StartCampaignFunc = func(ctx context.Context, name string, opt api.StartOptions) (api.StartReport, error) {
			chosen = append(chosen, opt)
			if !opt.IncludeContacted && opt.SkipContactedDays == 0 {
				return api.StartReport{}, &api.ContactedRefusal{Campaign: name, State: paceline.CampaignDraft,
					ByAccount: map[string]int{"globex-seat": 2, "initech-seat": 1}}
			}
			n := api.StartCount{Listed: 4, Enrolled: 4}
			if opt.SkipContactedDays > 0 {
				n.Enrolled, n.SkippedContacted = 1, 3
			}
			return n.Report(paceline.CampaignDraft, 0), nil
		}
	})
	c := client(t)
	_, csrf := login(t, c, srv.URL, apitest.Password)

	res, _ := postForm(t, c, srv.URL+"/campaigns/acme%20q4/start", url.Values{"csrf": {csrf}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("a refused start: %d", res.StatusCode)
	}
	_, page := get(t, c, srv.URL+res.Header.Get("Location"))
	for _, want := range []string{
		"Not started: campaign acme q4 would enroll 3 leads that accounts not of this campaign contacted in the last 100 days (2 by account globex-seat, 1 by account initech-seat): they would hear from a second LinkedIn account. Nothing was enrolled and the campaign stays draft.",
		`<form method="post" action="/campaigns/acme%20q4/start">`, `name="csrf" value="` + csrf + `"`,
		`<input name="skip_contacted_days" type="number" min="1" max="36500" value="100">`,
		`<button type="submit" name="contacted" value="skip">Start acme q4 without them</button>`,
		`<button type="submit" name="contacted" value="include" class="secondary">Start acme q4 with them too</button>`} {
		if !strings.Contains(page, want) {
			t.Errorf("after a refused start the page lacks %q:\n%s", want, page)
		}
	}
	if strings.Contains(page, `{"include_contacted"`) || strings.Contains(page, "--include-contacted") {
		t.Errorf("the dashboard names the API's fields or the command's flags:\n%s", page)
	}

	res, _ = postForm(t, c, srv.URL+"/campaigns/acme%20q4/start", url.Values{"csrf": {csrf}, "contacted": {"skip"}, "skip_contacted_days": {"30"}})
	_, page = get(t, c, srv.URL+res.Header.Get("Location"))
	if !strings.Contains(page, "1 lead enrolled now") || !strings.Contains(page, "3 contacted by an account within the days --skip-contacted gave") {
		t.Errorf("start leaving them out:\n%s", page)
	}
	res, _ = postForm(t, c, srv.URL+"/campaigns/acme%20q4/start", url.Values{"csrf": {csrf}, "contacted": {"include"}, "skip_contacted_days": {"100"}})
	_, page = get(t, c, srv.URL+res.Header.Get("Location"))
	if !strings.Contains(page, "4 leads enrolled now") {
		t.Errorf("start including them:\n%s", page)
	}
	res, _ = postForm(t, c, srv.URL+"/campaigns/acme%20q4/start", url.Values{"csrf": {csrf}, "contacted": {"skip"}, "skip_contacted_days": {"0"}})
	_, page = get(t, c, srv.URL+res.Header.Get("Location"))
	if !strings.Contains(page, "Not started: the days to leave out the leads contacted in must be a whole number from 1 to 36500") {
		t.Errorf("start with 0 days:\n%s", page)
	}
	want := []api.StartOptions{{}, {SkipContactedDays: 30}, {IncludeContacted: true}}
	if len(chosen) != len(want) {
		t.Fatalf("the starts were given %+v; want %+v", chosen, want)
	}
	for i := range want {
		if chosen[i] != want[i] {
			t.Errorf("start %d was given %+v; want %+v", i, chosen[i], want[i])
		}
	}
}
