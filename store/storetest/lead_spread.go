package storetest

import (
	"context"
	"testing"

	"github.com/paceline/paceline/lead"
)

// A suppressed row spreads its email to the list with a reason naming the LinkedIn
// keys its person had, so that a row of another profile with the address is imported
// without it, in the same import and in a later one, while the address alone stays
// suppressed: `leads optout in:ghost`, then Ghost and Amy sharing info@ made Amy no
// lead, and Ben after her.
func testImportSpreadSparesOtherProfiles(t *testing.T, open LeadOpenFunc) {
	ctx := context.Background()
	db := open(t)
	info := lead.Key{Type: lead.KeyEmail, Value: "info@st-acme.io"}
	if err := db.SuppressKeys(ctx, []lead.Key{{Type: lead.KeyProfile, Value: "st-ghost"}}, ""); err != nil {
		t.Fatal(err)
	}
	const header = "First Name,Email,LinkedIn URL\n"
	rep := mustImport(t, db, header+
		"Ghost,info@st-acme.io,https://www.linkedin.com/in/st-ghost\n"+
		"Amy,info@st-acme.io,https://www.linkedin.com/in/st-amy\n", lead.ImportOptions{})
	if rep.Suppressed != 1 || rep.Imported != 1 || rep.Warnings != 1 {
		t.Fatalf("first import: %+v", rep)
	}
	rep = mustImport(t, db, header+
		"Ben,info@st-acme.io,https://www.linkedin.com/in/st-ben\n"+
		"Cid,info@st-acme.io,\n", lead.ImportOptions{})
	if rep.Imported != 1 || rep.Suppressed != 1 || rep.Warnings != 1 {
		t.Fatalf("second import: %+v", rep)
	}
	for _, who := range []string{"st-amy", "st-ben"} {
		id, err := db.FindLeadID(ctx, lead.Key{Type: lead.KeyProfile, Value: who})
		if err != nil {
			t.Fatalf("%s is no lead: %v", who, err)
		}
		if l := mustLead(t, db, id); l.Email != "" {
			t.Errorf("%s holds the ghost's address %q", who, l.Email)
		}
	}
	if ok, err := db.IsSuppressed(ctx, info); err != nil || !ok {
		t.Errorf("the ghost's address suppressed: %v %v", ok, err)
	}
	for _, e := range exportSuppressions(t, mover(t, db)) {
		if e.KeyHash == info.Hash() && e.Reason != "spread from in" {
			t.Errorf("the address's entry says %q", e.Reason)
		}
	}
}
