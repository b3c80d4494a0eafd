package main

import (
	"context"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
)

// Each store knows a person the runtime's records name, by any of the references
// asked about: an enrollment, a ledger action or an event; and nobody else.
func TestStoresKnowTheLeadsTheirRecordsName(t *testing.T) {
	t.Parallel()
	onBothStores(t, testStoresKnowTheLeadsTheirRecordsName)
}

func testStoresKnowTheLeadsTheirRecordsName(t *testing.T, db string) {
	ctx := context.Background()
	mustCLI(t, db, "accounts", "add", "--name", "me", "--type", "free")
	mustCLI(t, db, "leads", "import", writeFile(t, t.TempDir(), "l.csv", "First Name,Last Name,URL\n"+
		"Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace\n"), "--list", "q")
	mustCLI(t, db, "campaigns", "create", "--name", "q", "--list", "q", "--accounts", "me")
	mustCLI(t, db, "campaigns", "start", "q")
	st := openTestStore(t, db)
	act := paceline.Action{Key: "hand-bob", At: time.Now().Add(-time.Hour), Account: "me", Kind: paceline.KindInvite,
		Lead: "bob-byte", Result: paceline.ResultDone}
	if err := st.RecordAction(ctx, &act); err != nil {
		t.Fatal(err)
	}
	ev := paceline.Event{Key: "cy-replied", At: time.Now().Add(-time.Hour), Account: "me", Lead: "email:cy@acme.example", Type: paceline.EventReplied}
	if _, err := st.RecordEvent(ctx, &ev); err != nil {
		t.Fatal(err)
	}
	finder, ok := st.(api.LeadRefFinder)
	if !ok {
		t.Fatalf("%T cannot tell which leads its records name", st)
	}
	for _, tt := range []struct {
		refs  []string
		known bool
	}{
		{[]string{"ada-lovelace"}, true},          // enrolled
		{[]string{"nobody", "bob-byte"}, true},    // in the ledger, by its second reference
		{[]string{"email:cy@acme.example"}, true}, // an event's
		{[]string{"nobody", "in:nobody"}, false},
		{nil, false},
	} {
		known, err := finder.LeadRefKnown(ctx, tt.refs)
		if err != nil || known != tt.known {
			t.Errorf("LeadRefKnown(%q) = %v, %v; want %v", tt.refs, known, err, tt.known)
		}
	}
}
