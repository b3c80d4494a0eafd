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

// A page shows the sentence a form's redirect carried only when it came from this
// session's redirect: a link with ?done=..., ?problem=..., ?review=... or ?held=...
// used to make the dashboard say anything in its own notice and alert boxes.
func TestPagesShowOnlyTheirOwnFlashes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := apitest.New(t)
	if err := f.Store.CreateCampaign(ctx, &paceline.Campaign{Name: "spring", Accounts: []string{"alice"},
		Sequence: string(sequence.DefaultYAML()), State: paceline.CampaignActive}); err != nil {
		t.Fatal(err)
	}
	srv := serveFixture(t, f, func(d *api.Deps) { d.Campaigns = f.Store })
	c := client(t)
	_, csrf := login(t, c, srv.URL, apitest.Password)
	const spoof = "Your password expired: log in again at evil.example"
	for _, p := range []string{"/campaigns?done=", "/campaigns?problem=", "/tasks?review=", "/tasks?held="} {
		for _, tag := range []string{"", "&tag=AAAAAAAAAAAAAAAAAAAAAA"} {
			if _, page := get(t, c, srv.URL+p+url.QueryEscape(spoof)+tag); strings.Contains(page, "evil.example") {
				t.Errorf("%s... shows the link's text: it must come from a redirect of this session", p)
			}
		}
	}
	res, _ := postForm(t, c, srv.URL+"/campaigns/spring/pause", url.Values{"csrf": {csrf}})
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("pause: %d %s", res.StatusCode, loc)
	}
	if _, page := get(t, c, srv.URL+loc); !strings.Contains(page, "Paused spring") {
		t.Errorf("the pause's own redirect does not show its sentence:\n%s", page)
	}
	// Another session's client cannot reuse the link either.
	other := client(t)
	login(t, other, srv.URL, apitest.Password)
	if _, page := get(t, other, srv.URL+loc); strings.Contains(page, "Paused spring") {
		t.Errorf("another session shows this session's flash")
	}
	// A refusal is said on the page too.
	res, _ = postForm(t, c, srv.URL+"/campaigns/gone/pause", url.Values{"csrf": {csrf}})
	if _, page := get(t, c, srv.URL+res.Header.Get("Location")); !strings.Contains(page, `no campaign named &#34;gone&#34;`) {
		t.Errorf("a pause of an unknown campaign does not say so:\n%s", page)
	}
}
