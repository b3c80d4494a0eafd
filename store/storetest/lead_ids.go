package storetest

import (
	"context"
	"testing"

	"github.com/paceline/paceline/lead"
)

// testLeadIDsAreNeverReused erases the newest lead, and merges away the newest of two
// that a later row shows to be one person: the leads imported afterwards get ids above
// both, so an id a script or a CRM kept for a person never names someone else.
func testLeadIDsAreNeverReused(t *testing.T, open LeadOpenFunc) {
	ctx := context.Background()
	db := open(t)
	s := db.LeadStore
	mustImport(t, s, "profileUrl,fullName,email\n"+
		"https://www.linkedin.com/in/ada-l,Ada L,\n"+
		"https://www.linkedin.com/in/bob-b,Bob B,\n"+
		"https://www.linkedin.com/in/cy-c,Cy C,\n", lead.ImportOptions{})
	cy := mustLeadByKey(t, s, "in", "cy-c")
	if _, err := s.EraseLead(ctx, cy.ID); err != nil {
		t.Fatal(err)
	}
	mustImport(t, s, "profileUrl,fullName,email\nhttps://www.linkedin.com/in/dee-d,Dee D,dee@acme.example\n", lead.ImportOptions{})
	dee := mustLeadByKey(t, s, "in", "dee-d")
	if dee.ID <= cy.ID {
		t.Fatalf("the lead imported after erasing #%d got #%d", cy.ID, dee.ID)
	}
	// Eve arrives by address alone, then a row shows Dee and Eve are one: the newer
	// lead is folded into the older and deleted.
	mustImport(t, s, "profileUrl,fullName,email\n,Eve E,eve@acme.example\n", lead.ImportOptions{})
	eve := mustLeadByKey(t, s, "email", "eve@acme.example")
	mustImport(t, s, "profileUrl,fullName,email\nhttps://www.linkedin.com/in/dee-d,Dee D,eve@acme.example\n", lead.ImportOptions{})
	if got := mustLeadByKey(t, s, "email", "eve@acme.example"); got.ID != dee.ID {
		t.Fatalf("after the merge eve's address names #%d, want dee's #%d", got.ID, dee.ID)
	}
	mustImport(t, s, "profileUrl,fullName,email\nhttps://www.linkedin.com/in/fay-f,Fay F,\n", lead.ImportOptions{})
	if fay := mustLeadByKey(t, s, "in", "fay-f"); fay.ID <= eve.ID {
		t.Fatalf("the lead imported after #%d was merged away got #%d", eve.ID, fay.ID)
	}
}
