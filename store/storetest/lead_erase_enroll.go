package storetest

import (
	"context"
	"strings"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
)

// testEraseBeforeTheEnrollmentsWin enrolls a list read before one of its leads was
// erased and another opted out, as campaigns start does when an erasure commits
// between its read of the leads and its write of the enrollments: neither is enrolled
// (the erased person's facts would be kept where nothing finds them again, and the
// opted-out one contacted), the others are, and a person the store holds no lead for
// is enrolled as before.
func testEraseBeforeTheEnrollmentsWin(t *testing.T, open LeadOpenFunc) {
	ctx := context.Background()
	db, rs := openRuntime(t, open)
	s := db.LeadStore
	mustImport(t, s, "profileUrl,fullName,email\n"+
		"https://www.linkedin.com/in/ada-l,Ada L,ada@acme.com\n"+
		"https://www.linkedin.com/in/bob-b,Bob B,bob@acme.com\n"+
		"https://www.linkedin.com/in/cy-c,Cy C,cy@acme.com\n"+
		",Di D,di@acme.com\n", lead.ImportOptions{})
	withAccounts(t, s, "alice")
	if err := rs.CreateCampaign(ctx, &paceline.Campaign{Name: "q1", Sequence: "x", Accounts: []string{"alice"}, State: paceline.CampaignActive}); err != nil {
		t.Fatal(err)
	}
	// The start's read: every lead, with the facts it keeps.
	at := Clock.Truncate(Precision)
	var recs []paceline.EnrollmentRecord
	for _, ref := range []string{"ada-l", "bob-b", "cy-c", "email:di@acme.com", "never-imported"} {
		recs = append(recs, paceline.EnrollmentRecord{Lead: ref, Account: "alice", LeadFacts: `{"full_name":"` + ref + `"}`, Started: at})
	}
	// Meanwhile: ada is erased, bob opts out, and so does di, by her email.
	if _, err := s.EraseLead(ctx, mustLeadByKey(t, s, "in", "ada-l").ID); err != nil {
		t.Fatal(err)
	}
	for _, k := range [][2]string{{"in", "bob-b"}, {"email", "di@acme.com"}} {
		if err := s.OptOutLead(ctx, mustLeadByKey(t, s, k[0], k[1]).ID, ""); err != nil {
			t.Fatal(err)
		}
	}
	n, err := rs.AddEnrollments(ctx, "q1", recs)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := db.Rows(`SELECT lead || ' ' || lead_facts FROM enrollments ORDER BY lead`)
	if err != nil {
		t.Fatal(err)
	}
	for i := range rows {
		rows[i] = strings.TrimSpace(rows[i])
	}
	want := []string{`cy-c {"full_name":"cy-c"}`, `never-imported {"full_name":"never-imported"}`}
	if n != len(want) || strings.Join(rows, "\n") != strings.Join(want, "\n") {
		t.Fatalf("enrolled %d after the erasure and the opt-outs:\n%s\nwant %d:\n%s", n, strings.Join(rows, "\n"), len(want), strings.Join(want, "\n"))
	}
}
