package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/paceline/paceline/lead"
)

// An entry a suppressed row spread ("spread from in": info@acme.com was the address
// of in:ghost, who opted out) put back from an export spares a stored lead of another
// LinkedIn profile holding the address, as the import spares such a row: restoring it
// opted out Amy (in:amy, info@acme.com) and put in:amy on the list. A lead with the
// address and no /in/ key, or whose own /in/ key is listed, is still opted out. Both
// the import and RestoreSuppressions.
func testRestoredSpreadEntrySparesOtherProfile(t *testing.T, open LeadOpenFunc) {
	ctx := context.Background()
	db := open(t)
	amy := lead.Key{Type: lead.KeyProfile, Value: "st-amy"}
	info := lead.Key{Type: lead.KeyEmail, Value: "info@st-acme.io"}
	cid := lead.Key{Type: lead.KeyEmail, Value: "desk@st-acme.io"}
	dee := lead.Key{Type: lead.KeyProfile, Value: "st-dee"}
	deeMail := lead.Key{Type: lead.KeyEmail, Value: "dee@st-acme.io"}
	eve := lead.Key{Type: lead.KeyProfile, Value: "st-eve"}
	eveMail := lead.Key{Type: lead.KeyEmail, Value: "eve@st-acme.io"}
	mustImport(t, db, "first_name,profile_url,email\n"+
		"Amy,https://www.linkedin.com/in/st-amy,info@st-acme.io\n"+
		"Cid,,desk@st-acme.io\n"+
		"Dee,https://www.linkedin.com/in/st-dee,dee@st-acme.io\n"+
		"Eve,https://www.linkedin.com/in/st-eve,eve@st-acme.io\n", lead.ImportOptions{})
	entry := func(k lead.Key, reason string) string {
		return ",,,,,,,,," + k.Hash() + "," + reason + ",2026-01-02T03:04:05Z\n"
	}
	file := "id,first_name,profile_url,profile_key,email,company_key,opted_out_at,created_at,updated_at," +
		"suppressed_key_hash,suppression_reason,suppressed_at\n" +
		entry(info, "spread from in") + // the ghost's address: Amy's /in/ key is another
		entry(cid, "spread from in") + // Cid has no /in/ key to tell her apart
		entry(deeMail, "spread from in") + entry(dee, "opted out") // Dee is the person
	rep := mustImport(t, db, file, lead.ImportOptions{})
	if rep.SuppressionsAdded != 4 {
		t.Fatalf("import: %+v", rep)
	}
	if at := optedOutAt(t, db, amy); !at.IsZero() {
		t.Errorf("Amy, another profile than the one info@ was spread from, opted out at %v", at)
	}
	if ok, err := db.IsSuppressed(ctx, amy); err != nil || ok {
		t.Errorf("Amy's /in/ key suppressed: %v %v", ok, err)
	}
	if ok, err := db.IsSuppressed(ctx, info); err != nil || !ok {
		t.Errorf("the spread address suppressed: %v %v", ok, err)
	}
	for _, e := range exportSuppressions(t, mover(t, db)) {
		if e.KeyHash == info.Hash() && e.Reason != "spread from in" {
			t.Errorf("the address's entry says %q", e.Reason)
		}
	}
	for _, k := range []lead.Key{cid, dee} {
		if at := optedOutAt(t, db, k); at.IsZero() {
			t.Errorf("the lead holding %s left contactable", k)
		}
	}
	if ok, err := db.IsSuppressed(ctx, deeMail); err != nil || !ok {
		t.Errorf("Dee's email suppressed: %v %v", ok, err)
	}

	at := time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC)
	n, err := mover(t, db).RestoreSuppressions(ctx, []lead.Suppression{{KeyHash: eveMail.Hash(), Reason: "spread from in", At: at}})
	if err != nil || n != 1 {
		t.Fatalf("restore: %d, %v", n, err)
	}
	if at := optedOutAt(t, db, eve); !at.IsZero() {
		t.Errorf("RestoreSuppressions opted out Eve, another profile than the one her address was spread from, at %v", at)
	}
	if ok, err := db.IsSuppressed(ctx, eve); err != nil || ok {
		t.Errorf("Eve's /in/ key suppressed: %v %v", ok, err)
	}
}
