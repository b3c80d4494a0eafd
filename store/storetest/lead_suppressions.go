package storetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
)

// suppressionMover is what both stores offer to carry the suppression list from one
// database to another (paceline leads export and import).
type suppressionMover interface {
	ExportSuppressions(ctx context.Context, fn func(lead.Suppression) error) error
	RestoreSuppressions(ctx context.Context, entries []lead.Suppression) (int, error)
}

// exportSuppressions returns every entry of s's suppression list.
func exportSuppressions(t *testing.T, s suppressionMover) []lead.Suppression {
	t.Helper()
	var got []lead.Suppression
	if err := s.ExportSuppressions(context.Background(), func(e lead.Suppression) error {
		got = append(got, e)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return got
}

// mover returns the store of db as a suppressionMover.
func mover(t *testing.T, db LeadDB) suppressionMover {
	t.Helper()
	m, ok := db.LeadStore.(suppressionMover)
	if !ok {
		t.Fatalf("%T cannot export and restore its suppression list", db.LeadStore)
	}
	return m
}

// An erasure and an opt-out by key of someone never a lead are on the suppression
// list only: the list exports as hashes with reason and time, restores into another
// store once (again adds nothing), and keeps the person out of its imports there.
func testSuppressionsTravel(t *testing.T, open LeadOpenFunc) {
	ctx := context.Background()
	src, dst := open(t), open(t)
	ghost := lead.Key{Type: lead.KeyProfile, Value: "st-ghost"}
	if err := src.SuppressKeys(ctx, []lead.Key{ghost}, ""); err != nil {
		t.Fatal(err)
	}
	mustImport(t, src, "profileUrl,email\nhttps://www.linkedin.com/in/st-gone,gone@st.io\n", lead.ImportOptions{})
	id, err := src.FindLeadID(ctx, lead.Key{Type: lead.KeyProfile, Value: "st-gone"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := src.EraseLead(ctx, id); err != nil {
		t.Fatal(err)
	}
	entries := exportSuppressions(t, mover(t, src))
	if len(entries) != 3 || entries[0].KeyHash != ghost.Hash() || entries[0].Reason != paceline.ReasonOptOut ||
		entries[1].Reason != paceline.ReasonErased || entries[0].At.IsZero() || entries[0].At.Location() != time.UTC {
		t.Fatalf("exported %+v", entries)
	}
	for _, e := range entries {
		if strings.Contains(e.KeyHash, "gone") {
			t.Errorf("an entry holds the erased key in clear: %+v", e)
		}
	}

	to := mover(t, dst)
	if n, err := to.RestoreSuppressions(ctx, entries); err != nil || n != 3 {
		t.Fatalf("restore: %d added, %v", n, err)
	}
	if n, err := to.RestoreSuppressions(ctx, entries); err != nil || n != 0 {
		t.Errorf("restore again: %d added, %v; want 0", n, err)
	}
	back := exportSuppressions(t, to)
	if len(back) != 3 {
		t.Fatalf("restored %+v", back)
	}
	for i := range back {
		if back[i].KeyHash != entries[i].KeyHash || back[i].Reason != entries[i].Reason || !back[i].At.Equal(entries[i].At) {
			t.Errorf("entry %d: restored %+v, exported %+v", i, back[i], entries[i])
		}
	}
	rep := mustImport(t, dst, "profileUrl,email\nhttps://www.linkedin.com/in/st-ghost,\n,gone@st.io\n", lead.ImportOptions{})
	if rep.Imported != 0 || rep.Suppressed != 2 {
		t.Errorf("import of the suppressed people after the restore: %+v", rep)
	}

	// An entry a store must not keep is refused, and nothing of the call is added.
	bad := []lead.Suppression{{KeyHash: lead.Key{Type: lead.KeyEmail, Value: "new@st.io"}.Hash()}, {KeyHash: "gone@st.io"}}
	if _, err := to.RestoreSuppressions(ctx, bad); paceline.ErrorCode(err) != paceline.EINVALID {
		t.Errorf("restore of a clear key: %v; want EINVALID", err)
	}
	if ok, err := dst.IsSuppressed(ctx, lead.Key{Type: lead.KeyEmail, Value: "new@st.io"}); err != nil || ok {
		t.Errorf("a refused restore added an entry: %v %v", ok, err)
	}
}

// An export's own CSV carries the suppression list in rows of their own: the import
// puts them back inside its transaction (counting the new ones), they suppress the
// rows after them, and a second import of the file adds nothing.
func testImportRestoresSuppressions(t *testing.T, open LeadOpenFunc) {
	ctx := context.Background()
	db := open(t)
	ghost := lead.Key{Type: lead.KeyProfile, Value: "st-ghost"}
	header := "id,first_name,profile_url,profile_key,email,company_key,opted_out_at,created_at,updated_at," +
		"suppressed_key_hash,suppression_reason,suppressed_at\n"
	file := header +
		",,,,,,,,," + ghost.Hash() + ",erased,2026-01-02T03:04:05Z\n" +
		"1,Ann,https://www.linkedin.com/in/st-ann,st-ann,,,,,,,,\n" +
		"2,Gus,https://www.linkedin.com/in/st-ghost,st-ghost,,,,,,,,\n"
	rep := mustImport(t, db, file, lead.ImportOptions{})
	if rep.Suppressions != 1 || rep.SuppressionsAdded != 1 || rep.Imported != 1 || rep.Suppressed != 1 || rep.Rows != 3 {
		t.Errorf("import of an export with a suppression list: %+v", rep)
	}
	entries := exportSuppressions(t, mover(t, db))
	if len(entries) != 1 || entries[0].Reason != paceline.ReasonErased || !entries[0].At.Equal(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)) {
		t.Errorf("the list holds %+v", entries)
	}
	rep = mustImport(t, db, file, lead.ImportOptions{})
	if rep.Suppressions != 1 || rep.SuppressionsAdded != 0 || rep.Imported != 0 {
		t.Errorf("second import: %+v", rep)
	}
	if ok, err := db.IsSuppressed(ctx, ghost); err != nil || !ok {
		t.Errorf("ghost suppressed: %v %v", ok, err)
	}
}
