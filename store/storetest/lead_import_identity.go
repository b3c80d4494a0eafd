package storetest

import (
	"context"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
)

// testImportSpreadsASuppression is QA's case on a real store: in:ghost is opted out
// before any import, a lead holding old@x.com and a Sales Navigator id is stored, and
// a file ties g@x.com and old@x.com to in:ghost and brings g@x.com alone. In the
// import's transaction both addresses go on the suppression list, the stored lead is
// opted out with all its keys, and no row becomes a contactable lead. A lead the same
// file made first from a later-tied address is opted out too.
func testImportSpreadsASuppression(t *testing.T, open LeadOpenFunc) {
	ctx := context.Background()
	db := open(t)
	s := db.LeadStore
	ghost := lead.Key{Type: lead.KeyProfile, Value: "ghost"}
	if err := s.SuppressKeys(ctx, []lead.Key{ghost}, ""); err != nil {
		t.Fatal(err)
	}
	mustImport(t, s, "Email,LinkedIn URL\nold@x.com,https://www.linkedin.com/sales/lead/ACwAAAold0000000000000\n", lead.ImportOptions{})
	old := mustLeadByKey(t, s, "email", "old@x.com")
	rep := mustImport(t, s, "Email,LinkedIn URL\n"+
		"early@x.com,\n"+ // made a lead before the file says whose address it is
		"g@x.com,https://linkedin.com/in/ghost\n"+
		"g@x.com,\n"+
		"old@x.com,https://linkedin.com/in/ghost\n"+
		"early@x.com,https://linkedin.com/in/ghost\n", lead.ImportOptions{})
	if rep.Suppressed != 4 || rep.Imported != 1 || rep.Rows != 5 {
		t.Errorf("report %+v; want 4 rows suppressed and early@x.com's lead", rep)
	}
	for _, e := range []string{"g@x.com", "old@x.com", "early@x.com"} {
		if ok, err := s.IsSuppressed(ctx, lead.Key{Type: lead.KeyEmail, Value: e}); err != nil || !ok {
			t.Errorf("%s suppressed = %v (%v), want true", e, ok, err)
		}
	}
	if ok, err := s.IsSuppressed(ctx, lead.Key{Type: lead.KeySales, Value: "ACwAAAold0000000000000"}); err != nil || !ok {
		t.Errorf("the stored lead's other key suppressed = %v (%v), want true: it is opted out with all its keys", ok, err)
	}
	if at, err := s.LeadOptedOut(ctx, old.ID); err != nil || at.IsZero() {
		t.Errorf("stored lead opted out at %v (%v), want the import's time", at, err)
	}
	early := mustLeadByKey(t, s, "email", "early@x.com")
	if at, err := s.LeadOptedOut(ctx, early.ID); err != nil || at.IsZero() {
		t.Errorf("the file's own lead opted out at %v (%v), want the import's time", at, err)
	}
	if list, err := s.ListLeads(ctx, paceline.LeadFilter{}); err != nil || len(list) != 0 {
		t.Errorf("%d contactable leads (%v), want none", len(list), err)
	}
}

// testImportKeepsSharedEmailApart imports QA's leads sharing one address on a real
// store, across two files: two leads with their own titles, the address on the first,
// nothing merged, and erasing the second leaves the first.
func testImportKeepsSharedEmailApart(t *testing.T, open LeadOpenFunc) {
	ctx := context.Background()
	db := open(t)
	s := db.LeadStore
	mustImport(t, s, "First Name,Title,Email,Person Linkedin Url\n"+
		"Amy,CEO,info@acme.com,https://linkedin.com/in/amy-a\n"+
		"Ben,VP Sales,,https://linkedin.com/in/ben-b\n", lead.ImportOptions{})
	rep := mustImport(t, s, "First Name,Title,Email,Person Linkedin Url\n"+
		"Ben,Founder,info@acme.com,https://linkedin.com/in/ben-b\n"+
		"Cy,CTO,info@acme.com,https://linkedin.com/in/cy-c\n", lead.ImportOptions{})
	if rep.Merged != 0 || rep.Imported != 1 || rep.Duplicates != 1 || rep.Updated != 1 || len(rep.WarningLines) != 2 {
		t.Errorf("report %+v; want cy new, ben updated, both rows' email kept apart", rep)
	}
	amy, ben := mustLeadByKey(t, s, "in", "amy-a"), mustLeadByKey(t, s, "in", "ben-b")
	if amy.Email != "info@acme.com" || amy.Title != "CEO" || ben.Email != "" || ben.Title != "Founder" || amy.ID == ben.ID {
		t.Errorf("amy %d %q %q, ben %d %q %q", amy.ID, amy.Email, amy.Title, ben.ID, ben.Email, ben.Title)
	}
	if byEmail := mustLeadByKey(t, s, "email", "info@acme.com"); byEmail.ID != amy.ID {
		t.Errorf("info@acme.com leads to %d, want amy (%d)", byEmail.ID, amy.ID)
	}
	if _, err := s.EraseLead(ctx, ben.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Lead(ctx, amy.ID); err != nil {
		t.Errorf("erasing ben erased amy: %v", err)
	}
}
