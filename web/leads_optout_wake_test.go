package web_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/api/apitest"
)

// The dashboard's Opt out button wakes the ticks of the accounts that run the lead's
// sequence (WakeFunc), as the API's opt-out does: the tick stops the sequence with
// reason opted_out at once, not when an account waiting on an invite next wakes, weeks
// away. A lead who runs nowhere wakes nothing; a failed wake leaves the lead opted out
// and says so on the lead's page, with how to retry.
func TestDashboardOptOutWakesTheAccountsRunningTheLead(t *testing.T) {
	t.Parallel()
	f := apitest.New(t)
	ctx := context.Background()
	var woken []string
	var fail error
	srv := serveFixture(t, f, func(d *api.Deps) {
		d.WakeFunc = func(_ context.Context, account string) error {
			woken = append(woken, account)
			return fail
		}
	})
	if err := f.Store.CreateCampaign(ctx, &paceline.Campaign{Name: "q9", Accounts: []string{"alice"},
		Sequence: "name: x\nsteps:\n  - id: a\n    invite: {}\n", State: paceline.CampaignActive}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Store.AddEnrollments(ctx, "q9", []paceline.EnrollmentRecord{
		{Lead: "grace-hopper", Account: "alice", LeadFacts: "{}", Started: apitest.Now},
		{Lead: "alan-turing", Account: "alice", LeadFacts: "{}", Started: apitest.Now},
	}); err != nil {
		t.Fatal(err)
	}
	c := client(t)
	_, csrf := login(t, c, srv.URL, apitest.Password)
	optOut := func(l *paceline.Lead) (*http.Response, string) {
		t.Helper()
		res, _ := postForm(t, c, srv.URL+"/leads/"+itoa(l.ID)+"/opt-out", url.Values{"csrf": {csrf}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("opt-out of lead %d: %d", l.ID, res.StatusCode)
		}
		_, body := get(t, c, srv.URL+res.Header.Get("Location"))
		return res, body
	}
	grace, linus, alan := f.Leads[1], f.Leads[4], f.Leads[3]
	if _, body := optOut(grace); !slices.Equal(woken, []string{"alice"}) || !strings.Contains(body, "never contacted again") {
		t.Fatalf("woke %v, want alice, whose tick runs grace's sequence; page:\n%s", woken, body)
	}
	if optOut(linus); len(woken) != 1 {
		t.Fatalf("the opt-out of a lead who runs nowhere woke %v", woken)
	}
	fail = errors.New("database is locked")
	_, body := optOut(alan)
	if !strings.Contains(body, "Opted out") || !strings.Contains(body, "alice") || !strings.Contains(body, "leads optout "+itoa(alan.ID)+" or POST") ||
		strings.Contains(body, "database is locked") {
		t.Fatalf("a failed wake: the page does not say the lead is opted out and how to retry:\n%s", body)
	}
	if at, err := f.Store.LeadOptedOut(ctx, alan.ID); err != nil || at.IsZero() {
		t.Fatalf("alan after the failed wake: opted out at %v (%v), want set", at, err)
	}
}
