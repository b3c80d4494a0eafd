package storetest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/score"
)

func testImportMergesAcrossFiles(t *testing.T, open LeadOpenFunc) {
	ctx := context.Background()
	db := open(t)
	s := db.LeadStore
	rules := score.Default()
	rep := mustImport(t, s, connectionsCSV, lead.ImportOptions{List: "connections", ScoreFunc: rules.Apply})
	if rep.Rows != 3 || rep.Imported != 2 || rep.Rejected != 1 || rep.Duplicates != 0 || rep.Updated != 0 {
		t.Fatalf("first import: %+v", rep)
	}
	if len(rep.Errors) != 1 || rep.Errors[0].Line != 6 {
		t.Errorf("rejected rows %+v, want line 6 (the preamble counts)", rep.Errors)
	}
	ada := mustLeadByKey(t, s, "in", "ada-lovelace")
	if !ada.CreatedAt.Truncate(Precision).Equal(Clock.Truncate(Precision)) || !ada.UpdatedAt.Equal(ada.CreatedAt) {
		t.Errorf("imported lead stamped %v / %v, want the clock %v", ada.CreatedAt, ada.UpdatedAt, Clock)
	}

	rep = mustImport(t, s, apolloCSV, lead.ImportOptions{List: "apollo", ScoreFunc: rules.Apply})
	if rep.Rows != 2 || rep.Imported != 1 || rep.Duplicates != 1 || rep.Updated != 1 {
		t.Fatalf("second import: %+v", rep)
	}
	marie := mustLeadByKey(t, s, "in", "marie-curie")
	// Filled from the second file, never blanked: the email arrives, the newer title
	// wins, the custom field of the first file stays.
	if marie.Email != "marie@radium.fr" || marie.Title != "Director of Research" || marie.Custom["connected_on"] != "12 Jan 2026" ||
		marie.EmployeesMin != 51 || marie.TimeZone != "Europe/Paris" || marie.LastName != "Curie" {
		t.Errorf("merged lead %+v", marie)
	}
	if !slices.Equal(marie.Lists, []string{"connections", "apollo"}) {
		t.Errorf("lists %v, want both", marie.Lists)
	}
	if lists, err := s.LeadLists(ctx, marie.ID); err != nil || !slices.Equal(lists, marie.Lists) {
		t.Errorf("LeadLists = %v (%v), want %v", lists, err, marie.Lists)
	}
	if byEmail, err := s.LeadByKey(ctx, "email", "marie@radium.fr"); err != nil || byEmail.ID != marie.ID {
		t.Errorf("the new email key does not lead to the same lead: %v %v", byEmail, err)
	}
	if want, _ := rules.Score(marie); marie.Score != want || len(marie.Explanation) == 0 {
		t.Errorf("stored score %d with %d explanation lines, rescoring gives %d", marie.Score, len(marie.Explanation), want)
	}

	// The same file again changes nothing and says so.
	before := dumpLeads(t, db)
	rep = mustImport(t, s, apolloCSV, lead.ImportOptions{List: "apollo", ScoreFunc: rules.Apply})
	if rep.Imported != 0 || rep.Duplicates != 2 || rep.Updated != 0 {
		t.Errorf("re-import: %+v", rep)
	}
	if after := dumpLeads(t, db); after != before {
		t.Errorf("a re-import of the same file changed the database:\n%s\n%s", before, after)
	}
	if n, _ := s.CountLeads(ctx); n != 3 {
		t.Errorf("%d leads, want 3", n)
	}
}

func testImportCollapsesURLVariants(t *testing.T, open LeadOpenFunc) {
	ctx := context.Background()
	s := open(t).LeadStore
	csv := "profileUrl,fullName,title\n" +
		"https://www.linkedin.com/in/jean-dupont,Jean Dupont,CEO\n" +
		"http://fr.linkedin.com/in/Jean-Dupont/?trk=abc#x,Jean Dupont,CEO\n" +
		"linkedin.com/in/JEAN-DUPONT/,Jean Dupont,Founder & CEO\n" +
		"https://www.linkedin.com/in/jean%2Ddupont,Jean Dupont,CEO\n"
	rep := mustImport(t, s, csv, lead.ImportOptions{})
	if rep.Imported != 1 || rep.Duplicates != 3 {
		t.Fatalf("report %+v, want 1 lead and 3 duplicates", rep)
	}
	if n, _ := s.CountLeads(ctx); n != 1 {
		t.Fatalf("%d leads stored, want 1", n)
	}
}

func testImportFoldsOnePersonSeenAsTwo(t *testing.T, open LeadOpenFunc) {
	ctx := context.Background()
	s := open(t).LeadStore
	apart := "profileUrl,fullName,title\n" +
		"https://www.linkedin.com/in/li-wei,Li Wei,CTO\n" +
		"https://www.linkedin.com/sales/lead/ACwAAB12345,Li Wei,\n"
	mustImport(t, s, apart, lead.ImportOptions{List: "a"})
	if n, _ := s.CountLeads(ctx); n != 2 {
		t.Fatalf("%d leads, want 2 before the bridging row", n)
	}
	both := "profileUrl,salesNavigatorUrl,fullName,email\n" +
		"https://www.linkedin.com/in/li-wei,https://www.linkedin.com/sales/lead/ACwAAB12345,Li Wei,li@wei.cn\n"
	rep := mustImport(t, s, both, lead.ImportOptions{List: "b"})
	if rep.Merged != 1 || rep.Duplicates != 1 {
		t.Errorf("report %+v, want one merge", rep)
	}
	if n, _ := s.CountLeads(ctx); n != 1 {
		t.Fatalf("%d leads, want 1 after the bridging row", n)
	}
	l := mustLeadByKey(t, s, "sales", "ACwAAB12345")
	if l.ProfileKey != "li-wei" || l.SalesKey != "ACwAAB12345" || l.Email != "li@wei.cn" || l.Title != "CTO" {
		t.Errorf("merged lead %+v", l)
	}
	if !slices.Equal(l.Lists, []string{"a", "b"}) {
		t.Errorf("lists %v", l.Lists)
	}
	for _, k := range []lead.Key{{Type: lead.KeyProfile, Value: "li-wei"}, {Type: lead.KeySales, Value: "ACwAAB12345"}, {Type: lead.KeyEmail, Value: "li@wei.cn"}} {
		if id, err := s.FindLeadID(ctx, k); err != nil || id != l.ID {
			t.Errorf("key %s leads to %d (%v), want the merged lead %d", k, id, err, l.ID)
		}
	}
}

func testImportAllOrNothing(t *testing.T, open LeadOpenFunc) {
	ctx := context.Background()
	base := "profileUrl,fullName,title\nhttps://www.linkedin.com/in/base-one,Base One,CEO\n"
	huge := "profileUrl,fullName,title\n" +
		"https://www.linkedin.com/in/new-one,New One,CEO\n" +
		"https://www.linkedin.com/in/base-one,Base One,CTO\n" +
		"https://www.linkedin.com/in/new-two,\"" + strings.Repeat("x", 200_000) + "\",CEO\n"
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	tests := []struct {
		name  string
		ctx   context.Context
		csv   string
		first bool // into an empty database
	}{
		{"record over the size bound", ctx, huge, false},
		{"first import, record over the size bound", ctx, huge, true},
		{"cancelled", cancelled, "profileUrl,fullName,title\n" + strings.Repeat("https://www.linkedin.com/in/x,X,CEO\n", 3), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			db := open(t)
			if !tt.first {
				mustImport(t, db, base, lead.ImportOptions{List: "base"})
			}
			before := dumpLeads(t, db)
			if _, err := ImportCSV(tt.ctx, db, tt.csv, lead.ImportOptions{List: "new"}); err == nil {
				t.Fatal("the import succeeded")
			}
			if after := dumpLeads(t, db); after != before {
				t.Errorf("a failed import changed the database:\n%s\n%s", before, after)
			}
			// The store still imports afterwards.
			rep, err := ImportCSV(ctx, db, "profileUrl\nhttps://linkedin.com/in/after-fail\n", lead.ImportOptions{})
			if err != nil || rep.Imported != 1 {
				t.Errorf("import after a failed one: %+v %v", rep, err)
			}
		})
	}
}

func testImportKeepsErrorsBounded(t *testing.T, open LeadOpenFunc) {
	s := open(t).LeadStore
	csv := "profileUrl,fullName\n" + strings.Repeat("not a url,X\n", 30)
	rep := mustImport(t, s, csv, lead.ImportOptions{MaxErrors: 10})
	if rep.Rejected != 30 || len(rep.Errors) != 10 || rep.ErrorsOmitted != 20 {
		t.Errorf("rejected %d, listed %d, omitted %d", rep.Rejected, len(rep.Errors), rep.ErrorsOmitted)
	}
}

// testImportManyInBatches imports more leads than a store writes in one batch, with
// duplicates of leads already written out in an earlier batch, so that both the
// buffer's lookups and the table's are exercised.
func testImportManyInBatches(t *testing.T, open LeadOpenFunc) {
	ctx := context.Background()
	s := open(t).LeadStore
	const n = 12_000
	var b strings.Builder
	b.WriteString("profileUrl,fullName,email,title\n")
	for i := range n {
		fmt.Fprintf(&b, "https://www.linkedin.com/in/p-%05d,P %d,p%d@example.com,CEO\n", i, i, i)
	}
	// The first, a middle and the last lead again, by email only and with a new title:
	// written out already, or still in the buffer, whatever a store's batch size.
	for _, i := range []int{0, n / 2, n - 1} {
		fmt.Fprintf(&b, ",P %d,p%d@example.com,Founder\n", i, i)
	}
	rep := mustImport(t, s, b.String(), lead.ImportOptions{List: "big"})
	if rep.Imported != n || rep.Duplicates != 3 {
		t.Fatalf("report %+v, want %d imported and 3 duplicates", rep, n)
	}
	if c, _ := s.CountLeads(ctx); c != n {
		t.Errorf("%d leads, want %d", c, n)
	}
	for _, i := range []int{0, n / 2, n - 1} {
		l := mustLeadByKey(t, s, "email", fmt.Sprintf("p%d@example.com", i))
		if l.ID != int64(i+1) || l.ProfileKey != fmt.Sprintf("p-%05d", i) || l.Title != "Founder" || !slices.Equal(l.Lists, []string{"big"}) {
			t.Errorf("lead %d: %+v", i, l)
		}
	}
	members, err := s.ListLeads(ctx, paceline.LeadFilter{List: "big"})
	if err != nil || len(members) != n {
		t.Errorf("list big holds %d leads (%v), want %d", len(members), err, n)
	}
	// A second import continues the ids.
	rep = mustImport(t, s, "profileUrl\nhttps://linkedin.com/in/one-more\n", lead.ImportOptions{})
	if l := mustLeadByKey(t, s, "in", "one-more"); rep.Imported != 1 || l.ID != n+1 {
		t.Errorf("next import: %+v, id %d, want %d", rep, l.ID, n+1)
	}
}

// testImportUpdatesAStoredLeadTwice sends one stored person twice in a file, each row
// bringing something new, then by the key the first row added: each row must see what
// the one before it wrote, whether or not a store has written it out yet.
func testImportUpdatesAStoredLeadTwice(t *testing.T, open LeadOpenFunc) {
	ctx := context.Background()
	s := open(t).LeadStore
	mustImport(t, s, "profileUrl,fullName\nhttps://www.linkedin.com/in/twice,Tw Ice\n", lead.ImportOptions{List: "a"})
	csv := "profileUrl,fullName,title,email,location\n" +
		"https://www.linkedin.com/in/twice,Tw Ice,CTO,,\n" +
		"https://www.linkedin.com/in/twice,Tw Ice,,tw@ice.io,\n" +
		",Tw Ice,,tw@ice.io,Paris\n"
	rep := mustImport(t, s, csv, lead.ImportOptions{List: "b"})
	if rep.Imported != 0 || rep.Duplicates != 3 || rep.Updated != 1 {
		t.Errorf("report %+v, want 3 duplicates of one updated lead", rep)
	}
	l := mustLeadByKey(t, s, "email", "tw@ice.io")
	if l.ID != 1 || l.Title != "CTO" || l.Location != "Paris" || !slices.Equal(l.Lists, []string{"a", "b"}) {
		t.Errorf("lead after the import: %+v", l)
	}
	if n, _ := s.CountLeads(ctx); n != 1 {
		t.Errorf("%d leads, want 1", n)
	}
}
