package lead

import (
	"strings"
	"testing"
)

// A shared work address (info@) on a lead stored under Alice's member-id URL and on a
// row of Bob's vanity URL must not make Bob's row Alice's lead, let alone rename
// Alice's lead to Bob's profile: the address stays Alice's, with a warning, and Bob
// gets a lead of his own. The same holds the other way round (Bob stored first).
func TestImportSharedEmailKeepsAnotherVanityApart(t *testing.T) {
	t.Parallel()
	const alice = "ACwAAAB1234567890abcdEFGH"
	const head = "profileUrl,First Name,Last Name,email\n"
	aliceRow := "https://www.linkedin.com/in/" + alice + ",Alice,Ames,info@acme.com\n"
	bobRow := "https://www.linkedin.com/in/bob-baker,Bob,Baker,info@acme.com\n"
	for _, tc := range []struct{ name, first, second string }{
		{"MemberIDStored", aliceRow, bobRow},
		{"VanityStored", bobRow, aliceRow},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sink := newMemSink()
			if _, err := runImport(t, sink, head+tc.first, ImportOptions{}); err != nil {
				t.Fatal(err)
			}
			rep, err := runImport(t, sink, head+tc.second, ImportOptions{})
			if err != nil {
				t.Fatal(err)
			}
			a, b := sink.keys[Key{KeyProfile, alice}], sink.keys[Key{KeyProfile, "bob-baker"}]
			if len(sink.leads) != 2 || a == b {
				t.Fatalf("%d leads, Alice's %d, Bob's %d; want two; report %+v", len(sink.leads), a, b, rep)
			}
			if l := sink.leads[a]; l.ProfileKey != alice || l.FirstName != "Alice" {
				t.Errorf("Alice's lead %d is %s %s with ProfileKey %q", a, l.FirstName, l.LastName, l.ProfileKey)
			}
			if l := sink.leads[b]; l.ProfileKey != "bob-baker" || l.FirstName != "Bob" {
				t.Errorf("Bob's lead %d is %s %s with ProfileKey %q", b, l.FirstName, l.LastName, l.ProfileKey)
			}
			if rep.Warnings != 1 || len(rep.WarningLines) != 1 ||
				!strings.Contains(rep.WarningLines[0].Reason, "another LinkedIn profile") {
				t.Errorf("warnings %+v, want the one saying info@acme.com stays with the first lead", rep.WarningLines)
			}
		})
	}
}

// An email joins a member-id lead to a row of a vanity slug when the names agree (case
// and accents aside) or one side has none; the lead keeps its member id as ProfileKey,
// as the vanity slug came with an address, not with the member id.
func TestImportSharedEmailJoinsVanityOfTheSameName(t *testing.T) {
	t.Parallel()
	const alice = "ACwAAAB1234567890abcdEFGH"
	const head = "profileUrl,First Name,Last Name,email\n"
	for _, tc := range []struct{ name, stored, row string }{
		{"SameName", "Alice,Ames", "ALICE,Amés"},
		{"StoredWithoutName", ",", "Alice,Ames"},
		{"RowWithoutName", "Alice,Ames", ","},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sink := newMemSink()
			if _, err := runImport(t, sink, head+"https://www.linkedin.com/in/"+alice+","+tc.stored+",alice@acme.com\n", ImportOptions{}); err != nil {
				t.Fatal(err)
			}
			rep, err := runImport(t, sink, head+"https://www.linkedin.com/in/alice-ames,"+tc.row+",alice@acme.com\n", ImportOptions{})
			if err != nil {
				t.Fatal(err)
			}
			a := sink.keys[Key{KeyProfile, alice}]
			if b, ok := sink.keys[Key{KeyProfile, "alice-ames"}]; len(sink.leads) != 1 || !ok || b != a || rep.Warnings != 0 {
				t.Fatalf("%d leads, vanity held by %d (member id's %d), warnings %+v; want one lead, no warning",
					len(sink.leads), b, a, rep.WarningLines)
			}
			if got := sink.leads[a].ProfileKey; got != alice {
				t.Errorf("ProfileKey %q, want the member id kept", got)
			}
		})
	}
}

// Two rows of one member id and two vanity slugs are one lead (a person may rename
// their URL), but not silently: the second row is warned about, and the lead keeps the
// vanity slug it had.
func TestImportMemberIDWithAnotherVanityWarns(t *testing.T) {
	t.Parallel()
	const acw = "ACwAAAB1234567890abcdEFGH"
	sink := newMemSink()
	rep, err := runImport(t, sink, "profileUrl,linkedInProfileUrl,First Name,Last Name,email\n"+
		"https://www.linkedin.com/in/"+acw+",https://www.linkedin.com/in/jane-roe,Jane,Roe,jane@roe.io\n"+
		"https://www.linkedin.com/in/"+acw+",https://www.linkedin.com/in/joe-poe,Joe,Poe,joe@poe.io\n", ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	j, o := sink.keys[Key{KeyProfile, "jane-roe"}], sink.keys[Key{KeyProfile, "joe-poe"}]
	if len(sink.leads) != 1 || j != o {
		t.Fatalf("%d leads, jane-roe's %d, joe-poe's %d; want the member id to join them", len(sink.leads), j, o)
	}
	if got := sink.leads[j].ProfileKey; got != "jane-roe" {
		t.Errorf("ProfileKey %q, want jane-roe kept", got)
	}
	if rep.Warnings != 1 || len(rep.WarningLines) != 1 || rep.WarningLines[0].Line != 3 ||
		!strings.Contains(rep.WarningLines[0].Reason, "in:joe-poe") || !strings.Contains(rep.WarningLines[0].Reason, "in:jane-roe") {
		t.Errorf("warnings %+v, want one on line 3 naming both vanity slugs", rep.WarningLines)
	}
}

// A row of a member id and an email folds the member id's lead with the lead holding
// the email, known by a vanity slug, when the names agree; the fold, caused by the
// email, renames nothing: the older lead keeps its member id as ProfileKey.
func TestImportEmailFoldKeepsTheMemberID(t *testing.T) {
	t.Parallel()
	sink, acw := janeTwice(t)
	rep, err := runImport(t, sink, "profileUrl,First Name,email\n"+
		"https://www.linkedin.com/in/"+acw+",Jane,jane@roe.io\n", ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Merged != 1 || len(sink.leads) != 1 {
		t.Fatalf("report %+v with %d leads, want the two leads folded into one", rep, len(sink.leads))
	}
	for id, l := range sink.leads {
		if l.ProfileKey != acw || sink.keys[Key{KeyProfile, "jane-roe"}] != id {
			t.Errorf("lead %d: profile key %q, jane-roe held by %d; want the member id kept, and the vanity slug a key",
				id, l.ProfileKey, sink.keys[Key{KeyProfile, "jane-roe"}])
		}
	}
}
