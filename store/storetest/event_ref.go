package storetest

import (
	"context"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
)

// testEventReachesTheEnrollmentsReference enrolls a Sales Navigator lead as sales:ID,
// then gives it a profile URL by import: an event that names the person by the new
// slug (or by in:SLUG) is stored under the enrollment's reference, so it stops or
// advances that enrollment. An event naming the enrollment's own reference, or a
// person not stored, is stored as it came.
func testEventReachesTheEnrollmentsReference(t *testing.T, open LeadOpenFunc) {
	ctx := context.Background()
	db, rs := openRuntime(t, open)
	s := db.LeadStore
	mustImport(t, s, "profileUrl,fullName\n\"https://www.linkedin.com/sales/lead/ACwAAAB1,NAME_SEARCH,x\",Ada L\n", lead.ImportOptions{})
	withAccounts(t, s, "alice")
	if err := rs.CreateCampaign(ctx, &paceline.Campaign{Name: "q1", Sequence: "x", Accounts: []string{"alice"}, State: paceline.CampaignActive}); err != nil {
		t.Fatal(err)
	}
	if _, err := rs.AddEnrollments(ctx, "q1", []paceline.EnrollmentRecord{{Lead: "sales:ACwAAAB1", Account: "alice", LeadFacts: "{}", Started: Clock}}); err != nil {
		t.Fatal(err)
	}
	mustImport(t, s, "profileUrl,fullName,linkedInProfileUrl\n"+
		"\"https://www.linkedin.com/sales/lead/ACwAAAB1,NAME_SEARCH,x\",Ada L,https://www.linkedin.com/in/ada-l\n", lead.ImportOptions{})
	for key, want := range map[string]string{
		"ada-l":             "sales:ACwAAAB1",
		"in:ada-l":          "sales:ACwAAAB1",
		"sales:ACwAAAB1":    "sales:ACwAAAB1",
		"stranger-x":        "stranger-x",
		"email:a@b.example": "email:a@b.example",
	} {
		e := &paceline.Event{Key: "ev-" + key, At: Clock, Account: "alice", Lead: key, Type: paceline.EventReplied}
		if _, err := rs.RecordEvent(ctx, e); err != nil {
			t.Fatal(err)
		}
		evs, err := rs.EventsAfter(ctx, "alice", e.ID-1)
		if err != nil || len(evs) == 0 {
			t.Fatalf("read back %s: %v, %v", key, evs, err)
		}
		if evs[0].Lead != want || e.Lead != want {
			t.Errorf("an event naming %q is stored under %q (the caller sees %q), want %q", key, evs[0].Lead, e.Lead, want)
		}
	}
}
