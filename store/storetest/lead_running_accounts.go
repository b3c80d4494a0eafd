package storetest

import (
	"context"
	"slices"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
)

// RunningAccountsStore says which accounts run a sequence of a lead, as both stores
// do: an opt-out by the API wakes their ticks.
type RunningAccountsStore interface {
	LeadRunningAccounts(ctx context.Context, id int64) ([]string, error)
}

// RunLeadRunningAccounts checks LeadRunningAccounts: the accounts with a running
// enrollment of the lead under any of its references (its slug, in:slug, email:),
// once each, and none for a lead whose enrollments ended or who runs nowhere.
func RunLeadRunningAccounts(t *testing.T, open LeadOpenFunc) {
	ctx := context.Background()
	db, rs := openRuntime(t, open)
	s := db.LeadStore
	ra, ok := s.(RunningAccountsStore)
	if !ok {
		t.Fatalf("%T lacks LeadRunningAccounts", s)
	}
	mustImport(t, s, apolloCSV, lead.ImportOptions{List: "q1"})
	withAccounts(t, s, "alice", "bob")
	marie := mustLeadByKey(t, s, "in", "marie-curie")
	grace := mustLeadByKey(t, s, "email", "grace@navy.mil")
	for _, c := range []struct{ name, account string }{{"qa", "alice"}, {"qb", "bob"}} {
		if err := rs.CreateCampaign(ctx, &paceline.Campaign{Name: c.name, Accounts: []string{c.account},
			Sequence: "name: x\nsteps:\n  - id: a\n    invite: {}\n", State: paceline.CampaignActive}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := rs.AddEnrollments(ctx, "qa", []paceline.EnrollmentRecord{
		{Lead: "marie-curie", Account: "alice", LeadFacts: "{}", Started: Clock},
		{Lead: "in:gracehopper", Account: "alice", LeadFacts: "{}", Started: Clock},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := rs.AddEnrollments(ctx, "qb", []paceline.EnrollmentRecord{
		{Lead: "email:marie@radium.fr", Account: "bob", LeadFacts: "{}", Started: Clock},
	}); err != nil {
		t.Fatal(err)
	}
	running, err := rs.RunningEnrollments(ctx, "alice")
	if err != nil {
		t.Fatal(err)
	}
	for i := range running {
		if running[i].Lead == "in:gracehopper" {
			running[i].State, running[i].Reason, running[i].Ended = paceline.EnrollmentStopped, "replied", Clock
		}
	}
	if err := rs.SaveTick(ctx, "alice", running, 0, Clock); err != nil {
		t.Fatal(err)
	}
	if got, err := ra.LeadRunningAccounts(ctx, marie.ID); err != nil || !slices.Equal(got, []string{"alice", "bob"}) {
		t.Errorf("marie runs on %v (%v), want alice (by her slug) and bob (by her address)", got, err)
	}
	if got, err := ra.LeadRunningAccounts(ctx, grace.ID); err != nil || len(got) != 0 {
		t.Errorf("grace runs on %v (%v), want nowhere: her enrollment stopped", got, err)
	}
}
