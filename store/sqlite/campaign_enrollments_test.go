package sqlite

import (
	"context"
	"slices"
	"testing"

	"github.com/paceline/paceline"
)

// CampaignEnrollments lists the campaign's running enrollments on every account, also
// while the campaign is paused, and neither ended ones nor another campaign's.
func TestCampaignEnrollmentsOfAPausedCampaign(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openTest(t)
	for _, name := range []string{"alice", "bob"} {
		if err := s.CreateAccount(ctx, &paceline.Account{Name: name, Type: paceline.TypeFree, Executor: paceline.ExecutorSim,
			TimeZone: "UTC", Hours: paceline.DefaultWorkingHours, Days: paceline.DefaultWorkingDays,
			MinGap: paceline.DefaultMinGap, Safety: 1}); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []string{"demo", "other"} {
		if err := s.CreateCampaign(ctx, &paceline.Campaign{Name: c, Sequence: "x", Accounts: []string{"alice", "bob"}, State: paceline.CampaignActive}); err != nil {
			t.Fatal(err)
		}
	}
	add := func(campaign, account, lead string) {
		t.Helper()
		if _, err := s.AddEnrollments(ctx, campaign, []paceline.EnrollmentRecord{{Lead: lead, Account: account, LeadFacts: "{}", Started: clock}}); err != nil {
			t.Fatal(err)
		}
	}
	add("demo", "alice", "ada")
	add("demo", "bob", "bea")
	add("demo", "alice", "cy")
	add("other", "alice", "dee")
	running, err := s.RunningEnrollments(ctx, "alice")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range running {
		if r.Lead == "cy" { // cy's sequence finished
			r.State, r.Step, r.Ended = paceline.EnrollmentFinished, -1, clock
			if err := s.SaveTick(ctx, "alice", []paceline.EnrollmentRecord{r}, 0, clock); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := s.SetCampaignState(ctx, "demo", paceline.CampaignPaused, "paused by hand"); err != nil {
		t.Fatal(err)
	}
	got, err := s.CampaignEnrollments(ctx, "demo")
	if err != nil {
		t.Fatal(err)
	}
	var leads []string
	for _, r := range got {
		if r.Campaign != "demo" {
			t.Errorf("%s listed under campaign %q", r.Lead, r.Campaign)
		}
		leads = append(leads, r.Lead+"@"+r.Account)
	}
	if want := []string{"ada@alice", "bea@bob"}; !slices.Equal(leads, want) {
		t.Errorf("CampaignEnrollments(demo) = %v; want %v", leads, want)
	}
}
