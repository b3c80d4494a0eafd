package storetest

import (
	"strings"
	"testing"

	"github.com/paceline/paceline/lead"
)

// RunImportVanity runs, against the stores open returns, the tests of an import
// joining a LinkedIn member id (linkedin.com/in/ACwAA...) and a vanity slug
// (linkedin.com/in/jane-roe): an email joins them only when the names agree, and a
// member id joining two vanity slugs is warned about. Each test fails when another
// person's row takes over a lead, or joins it without a word.
func RunImportVanity(t *testing.T, open LeadOpenFunc) {
	tests := []struct {
		name string
		test func(t *testing.T, s LeadStore)
	}{
		{"SharedEmailKeepsAnotherVanityApart", testSharedEmailKeepsAnotherVanityApart},
		{"MemberIDWithAnotherVanityWarns", testMemberIDWithAnotherVanityWarns},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.test(t, open(t).LeadStore)
		})
	}
}

// testSharedEmailKeepsAnotherVanityApart: a shared info@ on Alice's member-id lead and
// on Bob's vanity row; Bob gets a lead of his own and Alice's keeps her profile.
func testSharedEmailKeepsAnotherVanityApart(t *testing.T, s LeadStore) {
	mustImport(t, s, "profileUrl,First Name,Last Name,email\n"+
		"https://www.linkedin.com/in/"+keysMemberID+",Alice,Ames,info@acme.com\n", lead.ImportOptions{})
	rep := mustImport(t, s, "profileUrl,First Name,Last Name,email\n"+
		"https://www.linkedin.com/in/bob-baker,Bob,Baker,info@acme.com\n", lead.ImportOptions{})
	wantLeads(t, s, 2, rep)
	alice := findLead(t, s, lead.Key{Type: lead.KeyProfile, Value: keysMemberID})
	if l := mustLead(t, s, alice); l.ProfileKey != keysMemberID || l.FirstName != "Alice" {
		t.Errorf("Alice's lead %d is %s %s with ProfileKey %q", alice, l.FirstName, l.LastName, l.ProfileKey)
	}
	bob := findLead(t, s, lead.Key{Type: lead.KeyProfile, Value: "bob-baker"})
	if l := mustLead(t, s, bob); bob == alice || l.FirstName != "Bob" || l.Email != "" {
		t.Errorf("Bob's lead %d (Alice's %d) is %s %s with email %q, want his own without Alice's address",
			bob, alice, l.FirstName, l.LastName, l.Email)
	}
	if rep.Warnings != 1 {
		t.Errorf("warnings %+v, want the one saying info@acme.com stays with Alice's lead", rep.WarningLines)
	}
}

// testMemberIDWithAnotherVanityWarns: one member id on rows of two vanity slugs joins
// them (a renamed URL) with a warning, and the lead keeps its first vanity slug.
func testMemberIDWithAnotherVanityWarns(t *testing.T, s LeadStore) {
	const head = "profileUrl,linkedInProfileUrl,First Name,Last Name,email\n"
	mustImport(t, s, head+"https://www.linkedin.com/in/"+keysMemberID+",https://www.linkedin.com/in/jane-roe,Jane,Roe,jane@roe.io\n",
		lead.ImportOptions{})
	rep := mustImport(t, s, head+"https://www.linkedin.com/in/"+keysMemberID+",https://www.linkedin.com/in/joe-poe,Joe,Poe,joe@poe.io\n",
		lead.ImportOptions{})
	wantLeads(t, s, 1, rep)
	id := findLead(t, s, lead.Key{Type: lead.KeyProfile, Value: "joe-poe"})
	if l := mustLead(t, s, id); l.ProfileKey != "jane-roe" {
		t.Errorf("lead %d has ProfileKey %q, want jane-roe kept", id, l.ProfileKey)
	}
	if rep.Warnings != 1 || len(rep.WarningLines) != 1 || !strings.Contains(rep.WarningLines[0].Reason, "in:joe-poe") {
		t.Errorf("warnings %+v, want one naming in:joe-poe", rep.WarningLines)
	}
}
