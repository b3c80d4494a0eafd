package api_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/api/apitest"
)

// An opt-out through the API wakes the ticks of the accounts that run the person's
// sequence (WakeFunc), which stop it with reason opted_out: it records no event, and
// a tick waiting on an invite would otherwise sleep until the wait's timeout. A lead
// who runs nowhere wakes nothing; a wake that fails is an unavailable answer saying
// the lead is opted out and how to retry.
func TestOptOutWakesTheAccountsRunningTheLead(t *testing.T) {
	t.Parallel()
	f := apitest.New(t)
	ctx := context.Background()
	var woken []string
	var fail error
	a := api.New(api.Deps{Accounts: f.Store, History: f.Store, Events: f.Store, Leads: f.Store, Users: f.Users,
		Campaigns: f.Store, NowFunc: func() time.Time { return apitest.Now },
		WakeFunc: func(_ context.Context, account string) error {
			woken = append(woken, account)
			return fail
		}})
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
	grace, linus, alan := itoa(f.Leads[1].ID), itoa(f.Leads[4].ID), itoa(f.Leads[3].ID)
	if code, out := call(t, a, "POST", "/api/v1/leads/"+grace+"/opt-out", ""); code != 200 {
		t.Fatalf("opt-out: %d %s", code, out)
	}
	if !slices.Equal(woken, []string{"alice"}) {
		t.Fatalf("woke %v, want alice, whose tick runs grace's sequence", woken)
	}
	if code, out := call(t, a, "POST", "/api/v1/leads/"+linus+"/opt-out", ""); code != 200 || len(woken) != 1 {
		t.Fatalf("opt-out of a lead who runs nowhere: %d %s, woke %v", code, out, woken)
	}
	fail = errors.New("database is locked")
	code, out := call(t, a, "POST", "/api/v1/leads/"+alan+"/opt-out", "")
	if code != 503 || errorCode(t, out) != paceline.EUNAVAILABLE || !strings.Contains(out, "is opted out") || !strings.Contains(out, "again") ||
		strings.Contains(out, "database is locked") {
		t.Fatalf("a failed wake: %d %s, want 503 saying the lead is opted out and to retry", code, out)
	}
	if at, err := f.Store.LeadOptedOut(ctx, f.Leads[3].ID); err != nil || at.IsZero() {
		t.Fatalf("alan after the failed wake: opted out at %v (%v), want set", at, err)
	}
}
