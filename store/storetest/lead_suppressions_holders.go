package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
)

// optedOutAt returns when the stored lead holding k opted out, zero when it did not.
func optedOutAt(t *testing.T, s LeadStore, k lead.Key) time.Time {
	t.Helper()
	id, err := s.FindLeadID(context.Background(), k)
	if err != nil {
		t.Fatalf("find %s: %v", k, err)
	}
	var at time.Time
	found := false
	err = s.EachLead(context.Background(), paceline.LeadFilter{WithOptedOut: true}, func(l *paceline.Lead, opted time.Time) error {
		if l.ID == id {
			at, found = opted, true
		}
		return nil
	})
	if err != nil || !found {
		t.Fatalf("lead %d of %s: found %v, %v", id, k, found, err)
	}
	return at
}

// An entry of a suppression list put back from an export opts out the stored lead
// holding its key, with all its keys suppressed, as leads optout does: in one database
// in:ghost was imported, in another erased, and the import of that one's export left
// the lead here contactable. Both the import and RestoreSuppressions do it.
func testRestoredSuppressionOptsOutHolder(t *testing.T, open LeadOpenFunc) {
	ctx := context.Background()
	db := open(t)
	ghost := lead.Key{Type: lead.KeyProfile, Value: "st-ghost"}
	other := lead.Key{Type: lead.KeyProfile, Value: "st-ghost2"}
	mustImport(t, db, "first_name,profile_url,email\n"+
		"Gus,https://www.linkedin.com/in/st-ghost,gus@st.io\n"+
		"Ann,https://www.linkedin.com/in/st-ann,ann@st.io\n"+
		"Otto,https://www.linkedin.com/in/st-ghost2,otto@st.io\n", lead.ImportOptions{})
	erased := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	file := "id,first_name,profile_url,profile_key,email,company_key,opted_out_at,created_at,updated_at," +
		"suppressed_key_hash,suppression_reason,suppressed_at\n" +
		",,,,,,,,," + ghost.Hash() + ",erased,2026-01-02T03:04:05Z\n" +
		"9,Bo,https://www.linkedin.com/in/st-bo,st-bo,,,,,,,,\n"
	rep := mustImport(t, db, file, lead.ImportOptions{})
	if rep.SuppressionsAdded != 1 || rep.Imported != 1 {
		t.Fatalf("import: %+v", rep)
	}
	if at := optedOutAt(t, db, ghost); !at.Equal(erased) {
		t.Errorf("the stored lead the entry names opted out at %v, want %v", at, erased)
	}
	if ok, err := db.IsSuppressed(ctx, lead.Key{Type: lead.KeyEmail, Value: "gus@st.io"}); err != nil || !ok {
		t.Errorf("the opted-out lead's email suppressed: %v %v", ok, err)
	}
	if at := optedOutAt(t, db, lead.Key{Type: lead.KeyProfile, Value: "st-ann"}); !at.IsZero() {
		t.Errorf("a lead no entry names opted out at %v", at)
	}
	if n, err := mover(t, db).RestoreSuppressions(ctx, []lead.Suppression{{KeyHash: other.Hash()}}); err != nil || n != 1 {
		t.Fatalf("restore: %d, %v", n, err)
	}
	if at := optedOutAt(t, db, other); at.IsZero() {
		t.Error("RestoreSuppressions left the lead its entry names contactable")
	}
}
