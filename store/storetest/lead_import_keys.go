package storetest

import (
	"context"
	"testing"

	"github.com/paceline/paceline/lead"
)

// RunImportKeys runs, against the stores open returns, the tests of the keys an
// import gives one person however a file writes them: an email in NFC or NFD or with
// its domain in Unicode or punycode, a LinkedIn member-id URL beside a vanity URL or a
// Sales Navigator URL, two email columns. Each test fails when one person becomes two
// leads or slips past the suppression list.
func RunImportKeys(t *testing.T, open LeadOpenFunc) {
	tests := []struct {
		name string
		test func(t *testing.T, s LeadStore)
	}{
		{"EmailNFCThenNFDIsOneLead", testEmailNFCThenNFDIsOneLead},
		{"EmailUnicodeThenPunycodeDomainIsOneLead", testEmailUnicodeThenPunycodeDomainIsOneLead},
		{"OptedOutEmailInNFDIsSuppressed", testOptedOutEmailInNFDIsSuppressed},
		{"ErasedEmailInNFDIsSuppressed", testErasedEmailInNFDIsSuppressed},
		{"SuppressionOfAnOldEmailFormHolds", testSuppressionOfAnOldEmailFormHolds},
		{"MemberIDThenVanityIsOneLead", testMemberIDThenVanityIsOneLead},
		{"MemberIDInAndSalesIsOneLead", testMemberIDInAndSalesIsOneLead},
		{"OptedOutMemberIDWithVanityIsSuppressed", testOptedOutMemberIDWithVanityIsSuppressed},
		{"EmailJoinsVanityToMemberID", testEmailJoinsVanityToMemberID},
		{"EmailNeverJoinsTwoMemberIDs", testEmailNeverJoinsTwoMemberIDs},
		{"SecondEmailColumnIsAKey", testSecondEmailColumnIsAKey},
		{"OptOutCoversBothEmailColumns", testOptOutCoversBothEmailColumns},
		{"TwoEmailsNeverJoinTwoProfiles", testTwoEmailsNeverJoinTwoProfiles},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.test(t, open(t).LeadStore)
		})
	}
}

// The same address typed on macOS (NFD: e and a combining acute) and elsewhere (NFC:
// é) is one mailbox.
const (
	keysEmailNFC = "jos\u00e9@acme.com"
	keysEmailNFD = "jose\u0301@acme.com"
)

// keysMemberID is a Sales Navigator member id, which exports write both as
// linkedin.com/in/ID and as linkedin.com/sales/lead/ID,... (lead/testdata's
// sales_navigator.csv: defaultProfileUrl and profileUrl of one row).
const keysMemberID = "ACwAAAB1234567890abcdEFGH"

func wantLeads(t *testing.T, s LeadStore, want int, rep *lead.ImportReport) {
	t.Helper()
	n, err := s.CountLeads(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if n != want {
		t.Errorf("%d leads, want %d (last report %+v)", n, want, rep)
	}
}

func wantSuppressedRow(t *testing.T, rep *lead.ImportReport) {
	t.Helper()
	if rep.Suppressed != 1 || rep.Imported != 0 || rep.Duplicates != 0 {
		t.Errorf("report %+v, want the row suppressed", rep)
	}
}

func findLead(t *testing.T, s LeadStore, k lead.Key) int64 {
	t.Helper()
	id, err := s.FindLeadID(context.Background(), k)
	if err != nil {
		t.Fatalf("lead %s: %v", k, err)
	}
	return id
}

func testEmailNFCThenNFDIsOneLead(t *testing.T, s LeadStore) {
	mustImport(t, s, "first name,last name,email\nJosé,Diaz,"+keysEmailNFC+"\n", lead.ImportOptions{})
	rep := mustImport(t, s, "first name,last name,email\nJosé,Diaz,"+keysEmailNFD+"\n", lead.ImportOptions{})
	wantLeads(t, s, 1, rep)
}

func testEmailUnicodeThenPunycodeDomainIsOneLead(t *testing.T, s LeadStore) {
	mustImport(t, s, "email\nAnna@M\u00fcnchen.de\n", lead.ImportOptions{})
	rep := mustImport(t, s, "email\nanna@xn--mnchen-3ya.de\n", lead.ImportOptions{})
	wantLeads(t, s, 1, rep)
	if _, err := s.FindLeadID(context.Background(), lead.Key{Type: lead.KeyEmail, Value: "anna@xn--mnchen-3ya.de"}); err != nil {
		t.Errorf("the lead is not found by the punycode form of its address: %v", err)
	}
}

func testOptedOutEmailInNFDIsSuppressed(t *testing.T, s LeadStore) {
	ctx := context.Background()
	mustImport(t, s, "first name,last name,email\nJosé,Diaz,"+keysEmailNFC+"\n", lead.ImportOptions{})
	if err := s.OptOutLead(ctx, findLead(t, s, lead.Key{Type: lead.KeyEmail, Value: keysEmailNFC}), ""); err != nil {
		t.Fatal(err)
	}
	wantSuppressedRow(t, mustImport(t, s, "first name,last name,email\nJosé,Diaz,"+keysEmailNFD+"\n", lead.ImportOptions{}))
}

func testErasedEmailInNFDIsSuppressed(t *testing.T, s LeadStore) {
	ctx := context.Background()
	mustImport(t, s, "first name,last name,email\nJosé,Diaz,"+keysEmailNFC+"\n", lead.ImportOptions{})
	if _, err := s.EraseLead(ctx, findLead(t, s, lead.Key{Type: lead.KeyEmail, Value: keysEmailNFC})); err != nil {
		t.Fatal(err)
	}
	wantSuppressedRow(t, mustImport(t, s, "first name,last name,email\nJosé,Diaz,"+keysEmailNFD+"\n", lead.ImportOptions{}))
}

// testSuppressionOfAnOldEmailFormHolds: entries put on the suppression list before
// addresses were put in NFC and their domains in punycode hold the hash of the address
// as it was written, lower-cased (an NFD one from a Mac's file, a Unicode domain). The
// import still finds them.
func testSuppressionOfAnOldEmailFormHolds(t *testing.T, s LeadStore) {
	ctx := context.Background()
	old := []lead.Key{
		{Type: lead.KeyEmail, Value: keysEmailNFD},
		{Type: lead.KeyEmail, Value: "anna@m\u00fcnchen.de"},
		{Type: lead.KeyEmail, Value: "bo@m\u00fcnchen.de"},
	}
	if err := s.SuppressKeys(ctx, old, ""); err != nil {
		t.Fatal(err)
	}
	for _, e := range []string{keysEmailNFC, "anna@xn--mnchen-3ya.de", "Bo@Mu\u0308nchen.de"} {
		rep := mustImport(t, s, "email\n"+e+"\n", lead.ImportOptions{})
		if rep.Suppressed != 1 || rep.Imported != 0 {
			t.Errorf("%q: report %+v, want the row suppressed by the entry of its old form", e, rep)
		}
	}
	wantLeads(t, s, 0, nil)
}

// testMemberIDThenVanityIsOneLead: a Sales Navigator export wrote the person's profile
// as linkedin.com/in/<member id> with their email; a later export gives both the
// member-id URL and the vanity URL, with the same email.
func testMemberIDThenVanityIsOneLead(t *testing.T, s LeadStore) {
	mustImport(t, s, "profileUrl,fullName,email\n"+
		"https://www.linkedin.com/in/"+keysMemberID+",Jane Roe,jane@roe.io\n", lead.ImportOptions{})
	rep := mustImport(t, s, "profileUrl,linkedInProfileUrl,fullName,email\n"+
		"https://www.linkedin.com/in/"+keysMemberID+",https://www.linkedin.com/in/jane-roe,Jane Roe,jane@roe.io\n", lead.ImportOptions{})
	wantLeads(t, s, 1, rep)
	if rep.Warnings != 0 {
		t.Errorf("warnings %+v, want none: the email is this person's", rep.WarningLines)
	}
	id := findLead(t, s, lead.Key{Type: lead.KeyProfile, Value: "jane-roe"})
	if other := findLead(t, s, lead.Key{Type: lead.KeyProfile, Value: keysMemberID}); other != id {
		t.Errorf("in:jane-roe is lead %d, in:%s lead %d, want one lead", id, keysMemberID, other)
	}
}

func testMemberIDInAndSalesIsOneLead(t *testing.T, s LeadStore) {
	mustImport(t, s, "profileUrl,fullName\nhttps://www.linkedin.com/in/"+keysMemberID+",Jane Roe\n", lead.ImportOptions{})
	rep := mustImport(t, s, "profileUrl,fullName\n\"https://www.linkedin.com/sales/lead/"+keysMemberID+",NAME_SEARCH,abcd\",Jane Roe\n", lead.ImportOptions{})
	wantLeads(t, s, 1, rep)
}

// testOptedOutMemberIDWithVanityIsSuppressed: the person known by the member-id URL
// opted out; a later export gives that URL and the vanity URL on one row.
func testOptedOutMemberIDWithVanityIsSuppressed(t *testing.T, s LeadStore) {
	ctx := context.Background()
	mustImport(t, s, "profileUrl,fullName\nhttps://www.linkedin.com/in/"+keysMemberID+",Jane Roe\n", lead.ImportOptions{})
	if err := s.OptOutLead(ctx, findLead(t, s, lead.Key{Type: lead.KeyProfile, Value: keysMemberID}), ""); err != nil {
		t.Fatal(err)
	}
	wantSuppressedRow(t, mustImport(t, s, "profileUrl,linkedInProfileUrl,fullName\n"+
		"https://www.linkedin.com/in/"+keysMemberID+",https://www.linkedin.com/in/jane-roe,Jane Roe\n", lead.ImportOptions{}))
}

// testEmailJoinsVanityToMemberID: a member id and a vanity slug may be one person, and
// an email both rows carry says they are.
func testEmailJoinsVanityToMemberID(t *testing.T, s LeadStore) {
	mustImport(t, s, "profileUrl,fullName,email\n"+
		"https://www.linkedin.com/in/"+keysMemberID+",Jane Roe,jane@roe.io\n", lead.ImportOptions{})
	rep := mustImport(t, s, "profileUrl,fullName,email\nhttps://www.linkedin.com/in/jane-roe,Jane Roe,jane@roe.io\n", lead.ImportOptions{})
	wantLeads(t, s, 1, rep)
	if rep.Warnings != 0 {
		t.Errorf("warnings %+v, want none", rep.WarningLines)
	}
}

// testEmailNeverJoinsTwoMemberIDs: two member ids are two people, whatever email they
// share.
func testEmailNeverJoinsTwoMemberIDs(t *testing.T, s LeadStore) {
	mustImport(t, s, "profileUrl,fullName,email\n"+
		"https://www.linkedin.com/in/"+keysMemberID+",Jane Roe,info@roe.io\n", lead.ImportOptions{})
	rep := mustImport(t, s, "profileUrl,fullName,email\n"+
		"https://www.linkedin.com/sales/lead/ACwAAAB0000000000other,Joe Roe,info@roe.io\n", lead.ImportOptions{})
	wantLeads(t, s, 2, rep)
	if rep.Warnings != 1 {
		t.Errorf("warnings %+v, want the one saying the email stays with the first lead", rep.WarningLines)
	}
}

// testSecondEmailColumnIsAKey: a row with a work and a personal address says both are
// one person's; a later list holding the personal address alone is that person.
func testSecondEmailColumnIsAKey(t *testing.T, s LeadStore) {
	mustImport(t, s, "First Name,Last Name,Work Email,Personal Email\nJane,Roe,jane@acme.com,jane.roe@gmail.com\n", lead.ImportOptions{})
	rep := mustImport(t, s, "First Name,Last Name,Email\nJane,Roe,jane.roe@gmail.com\n", lead.ImportOptions{})
	wantLeads(t, s, 1, rep)
	l := mustLeadByKey(t, s, "email", "jane.roe@gmail.com")
	if l.Email != "jane@acme.com" {
		t.Errorf("lead's email %q, want the first column's, jane@acme.com", l.Email)
	}
}

// testOptOutCoversBothEmailColumns: the person opted out under their lead, which holds
// both addresses; a list with either address alone is suppressed.
func testOptOutCoversBothEmailColumns(t *testing.T, s LeadStore) {
	ctx := context.Background()
	mustImport(t, s, "First Name,Last Name,Work Email,Personal Email\nJane,Roe,jane@acme.com,jane.roe@gmail.com\n", lead.ImportOptions{})
	if err := s.OptOutLead(ctx, findLead(t, s, lead.Key{Type: lead.KeyEmail, Value: "jane@acme.com"}), ""); err != nil {
		t.Fatal(err)
	}
	wantSuppressedRow(t, mustImport(t, s, "First Name,Last Name,Email\nJane,Roe,jane.roe@gmail.com\n", lead.ImportOptions{}))
}

// testTwoEmailsNeverJoinTwoProfiles: a row's two addresses say they are one person's,
// but not when they belong to two LinkedIn profiles: a shared info@ on Amy's lead and
// Cid's own address on Cid's stay two leads, and the row is Cid's.
func testTwoEmailsNeverJoinTwoProfiles(t *testing.T, s LeadStore) {
	mustImport(t, s, "First Name,Email,LinkedIn URL\n"+
		"Amy,info@acme.com,https://www.linkedin.com/in/amy-a\n"+
		"Cid,cid@acme.com,https://www.linkedin.com/in/cid-c\n", lead.ImportOptions{})
	rep := mustImport(t, s, "First Name,Title,Work Email,Personal Email\nCid,CTO,cid@acme.com,info@acme.com\n", lead.ImportOptions{})
	wantLeads(t, s, 2, rep)
	if rep.Warnings != 1 {
		t.Errorf("warnings %+v, want the one saying info@acme.com stays with Amy's lead", rep.WarningLines)
	}
	if amy := mustLeadByKey(t, s, "email", "info@acme.com"); amy.ProfileKey != "amy-a" || amy.Title != "" {
		t.Errorf("info@acme.com is lead %d (%s, title %q), want Amy's lead untouched", amy.ID, amy.ProfileKey, amy.Title)
	}
	if cid := mustLeadByKey(t, s, "email", "cid@acme.com"); cid.Title != "CTO" {
		t.Errorf("Cid's title %q, want CTO", cid.Title)
	}
}
