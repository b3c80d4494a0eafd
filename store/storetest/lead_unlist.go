package storetest

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
)

// Unlister is a lead store that takes leads off a list: both stores are.
type Unlister interface {
	LeadStore
	UnlistLeads(ctx context.Context, name string, ids []int64, since time.Time) (removed []int64, before int, err error)
}

// RunUnlist checks that a store takes leads off one list and leaves the rest: their
// other lists, the list itself (empty or not), leads named twice or not on it; that an
// unknown list is ENOTFOUND; that a since takes off only the leads that joined the
// list at or after it (an import's instant, Clock here); and that an import into a list reports the stored leads it
// put there from other lists (lead.ImportReport.AlsoOnLists), which the store's Load
// makes possible by reading each lead's lists.
func RunUnlist(t *testing.T, open LeadOpenFunc) {
	ctx := context.Background()
	db := open(t)
	s, ok := db.LeadStore.(Unlister)
	if !ok {
		t.Fatalf("%T cannot take leads off a list", db.LeadStore)
	}
	globex := "profileUrl,fullName\n" +
		"https://www.linkedin.com/in/un-ada,Ada L\n" +
		"https://www.linkedin.com/in/un-bob,Bob B\n"
	mustImport(t, s, globex, lead.ImportOptions{List: "globex"})
	mustImport(t, s, "profileUrl,fullName\nhttps://www.linkedin.com/in/un-cy,Cy C\n", lead.ImportOptions{List: "acme"})
	rep := mustImport(t, s, globex, lead.ImportOptions{List: "acme"})
	if want := []lead.ListOverlap{{List: "globex", Leads: 2}}; !slices.Equal(rep.AlsoOnLists, want) {
		t.Errorf("import into acme: also on lists %+v, want %+v", rep.AlsoOnLists, want)
	}
	ada := mustLeadByKey(t, s, "in", "un-ada")
	bob := mustLeadByKey(t, s, "in", "un-bob")
	cy := mustLeadByKey(t, s, "in", "un-cy")

	if _, _, err := s.UnlistLeads(ctx, "nolist", []int64{ada.ID}, time.Time{}); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Errorf("an unknown list: %v, want ENOTFOUND", err)
	}
	// Ada twice, Cy who is on acme, a lead not on it and an id no lead has.
	got, before, err := s.UnlistLeads(ctx, "globex", []int64{ada.ID, ada.ID, cy.ID, 9999}, time.Time{})
	if err != nil || !slices.Equal(got, []int64{ada.ID}) || before != 0 {
		t.Fatalf("unlist from globex: %v, %d before, %v; want Ada (%d)", got, before, err, ada.ID)
	}
	// Every member joined acme at Clock: none of them since a later instant, all of
	// them since Clock.
	got, before, err = s.UnlistLeads(ctx, "acme", []int64{ada.ID, bob.ID, bob.ID, cy.ID, 9999}, Clock.Add(Precision))
	if err != nil || len(got) != 0 || before != 3 {
		t.Fatalf("unlist from acme those joined after the imports: %v, %d before, %v; want none, 3 before", got, before, err)
	}
	got, before, err = s.UnlistLeads(ctx, "acme", []int64{cy.ID, ada.ID, bob.ID}, Clock.Truncate(Precision))
	if err != nil || !slices.Equal(got, []int64{cy.ID, ada.ID, bob.ID}) || before != 0 {
		t.Fatalf("unlist from acme since the imports: %v, %d before, %v; want Cy, Ada, Bob", got, before, err)
	}
	want := map[int64][]string{ada.ID: nil, bob.ID: {"globex"}, cy.ID: nil}
	for id, lists := range want {
		got, err := s.LeadLists(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, lists) { // nil and empty alike
			t.Errorf("lead %d is on %q, want %q", id, got, lists)
		}
	}
	if l := mustLead(t, s, ada.ID); !l.UpdatedAt.Truncate(Precision).Equal(Clock.Truncate(Precision)) {
		t.Errorf("unlisted lead updated at %v, want %v", l.UpdatedAt, Clock)
	}
	// The emptied list is still there: nothing is left to take off it, and no error.
	if got, _, err := s.UnlistLeads(ctx, "acme", []int64{cy.ID}, time.Time{}); err != nil || len(got) != 0 {
		t.Errorf("unlist from the emptied list: %v, %v", got, err)
	}
	if got, _, err := s.UnlistLeads(ctx, "acme", nil, time.Time{}); err != nil || len(got) != 0 {
		t.Errorf("unlist nobody: %v, %v", got, err)
	}
	var members int
	err = s.EachLead(ctx, paceline.LeadFilter{List: "acme", WithOptedOut: true}, func(*paceline.Lead, time.Time) error {
		members++
		return nil
	})
	if err != nil || members != 0 {
		t.Errorf("acme has %d members (%v)", members, err)
	}
}
