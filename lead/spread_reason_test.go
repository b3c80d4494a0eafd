package lead

import (
	"strings"
	"testing"
	"time"
)

// restoringSink is an optOutSink that puts a file's suppression list back.
type restoringSink struct{ *optOutSink }

func (m restoringSink) RestoreSuppressions(entries []Suppression) (int, error) {
	n := 0
	for _, e := range entries {
		if _, ok := m.suppressed[e.KeyHash]; ok {
			continue
		}
		m.suppressed[e.KeyHash] = struct{}{}
		if m.reasons == nil {
			m.reasons = map[string]string{}
		}
		m.reasons[e.KeyHash] = e.Reason
		n++
	}
	return n, nil
}

// QA's case: in:ghost opted out, then a file ties info@acme.com to in:ghost and
// gives it to in:amy too. The address is spread to the list from in:ghost, but Amy is
// another LinkedIn profile: her row is imported without the address, with a warning,
// in this import and in a later one (Ben), while a row with the address alone stays
// suppressed. Spreading used to suppress Amy and, the address being a plain opt-out
// then, Ben after her.
func TestImportSpreadEmailSparesOtherProfiles(t *testing.T) {
	t.Parallel()
	sink := &optOutSink{memSink: newMemSink(), optedOut: map[int64]time.Time{}}
	sink.suppressed[Key{KeyProfile, "ghost"}.Hash()] = struct{}{}
	info := Key{KeyEmail, "info@acme.com"}
	rep, err := runImport(t, sink, "First Name,Email,LinkedIn URL\n"+
		"Ghost,info@acme.com,https://linkedin.com/in/ghost\n"+
		"Amy,info@acme.com,https://linkedin.com/in/amy\n", ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Suppressed != 1 || rep.Imported != 1 || rep.Warnings != 1 || len(rep.WarningLines) != 1 ||
		rep.WarningLines[0].Line != 3 || rep.WarningLines[0].Field != "Email" || !strings.Contains(rep.WarningLines[0].Reason, "another LinkedIn profile") {
		t.Fatalf("first file: %+v %+v", rep, rep.WarningLines)
	}
	if l := sink.leadOf(Key{KeyProfile, "amy"}); l == nil || l.Email != "" || l.FirstName != "Amy" {
		t.Fatalf("amy: %+v; want a lead without the address", l)
	}
	if r := sink.reasons[info.Hash()]; r != "spread from in" {
		t.Errorf("the address's entry says %q", r)
	}
	rep, err = runImport(t, sink, "First Name,Email,LinkedIn URL\n"+
		"Ben,info@acme.com,https://linkedin.com/in/ben\n"+
		"Cid,info@acme.com,\n"+
		"Gus,info@acme.com,https://linkedin.com/in/ghost\n", ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Imported != 1 || rep.Suppressed != 2 || rep.Warnings != 1 || rep.WarningLines[0].Line != 2 {
		t.Fatalf("second file: %+v %+v", rep, rep.WarningLines)
	}
	if l := sink.leadOf(Key{KeyProfile, "ben"}); l == nil || l.Email != "" {
		t.Fatalf("ben: %+v; want a lead without the address", l)
	}
	if l := sink.leadOf(info); l != nil {
		t.Errorf("the ghost's address is lead %+v's", l)
	}
}

// An export carries a spread entry with its reason: in the database it is imported
// into, a row of another profile with the address is told apart from it too.
func TestImportRestoredSpreadEntrySparesOtherProfiles(t *testing.T) {
	t.Parallel()
	sink := restoringSink{&optOutSink{memSink: newMemSink(), optedOut: map[int64]time.Time{}}}
	h := Key{KeyEmail, "info@acme.com"}.Hash()
	file := `{"suppressions": [{"suppressed_key_hash": "` + h + `", "reason": "spread from in"}],
"leads": [{"first_name": "Dan", "profile_url": "https://www.linkedin.com/in/dan", "email": "info@acme.com"},
 {"first_name": "Eve", "email": "info@acme.com"}]}`
	rep, err := runImport(t, sink, file, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Imported != 1 || rep.Suppressed != 1 || rep.Warnings != 1 || rep.SuppressionsAdded != 1 {
		t.Fatalf("report %+v", rep)
	}
	if l := sink.leadOf(Key{KeyProfile, "dan"}); l == nil || l.Email != "" {
		t.Fatalf("dan: %+v", l)
	}
}

func TestSpreadReasonReadsBack(t *testing.T) {
	t.Parallel()
	for _, from := range []linkedIn{{profile: "a"}, {sales: "S"}, {profile: "a", sales: "S"}} {
		got := spreadFrom(spreadReason(from))
		if got != (spreadKinds{profile: from.profile != "", sales: from.sales != ""}) {
			t.Errorf("%v: %+v", from, got)
		}
	}
	if spreadReason(linkedIn{}) != "" || spreadFrom("opted out") != (spreadKinds{}) {
		t.Error("a row without LinkedIn keys spreads a plain opt-out")
	}
}

// A row with two addresses whose second is spread from another profile keeps its
// first: only the address left out is taken off the lead, and the warning does not
// name the first address's column for it.
func TestImportSpreadSecondEmailKeepsTheFirst(t *testing.T) {
	t.Parallel()
	sink := &optOutSink{memSink: newMemSink(), optedOut: map[int64]time.Time{}}
	sink.suppressed[Key{KeyProfile, "ghost"}.Hash()] = struct{}{}
	rep, err := runImport(t, sink, "First Name,Work Email,Personal Email,LinkedIn URL\n"+
		"Ghost,,info@acme.com,https://linkedin.com/in/ghost\n"+
		"Amy,amy@acme.com,info@acme.com,https://linkedin.com/in/amy\n", ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Imported != 1 || rep.Warnings != 1 || rep.WarningLines[0].Line != 3 || rep.WarningLines[0].Field == "Work Email" {
		t.Fatalf("%+v %+v", rep, rep.WarningLines)
	}
	l := sink.leadOf(Key{KeyProfile, "amy"})
	if l == nil || l.Email != "amy@acme.com" {
		t.Fatalf("amy: %+v; want her own address kept", l)
	}
	if o := sink.leadOf(Key{KeyEmail, "amy@acme.com"}); o == nil || o.ID != l.ID {
		t.Errorf("amy@acme.com is not a key of her lead: %+v", o)
	}
}

// The same with the address spread by an earlier import: the row is told apart when
// it is read (readRows), and keeps its own address there too.
func TestImportStoredSpreadSecondEmailKeepsTheFirst(t *testing.T) {
	t.Parallel()
	sink := &optOutSink{memSink: newMemSink(), optedOut: map[int64]time.Time{}}
	sink.suppressed[Key{KeyProfile, "ghost"}.Hash()] = struct{}{}
	if _, err := runImport(t, sink, "First Name,Email,LinkedIn URL\nGhost,info@acme.com,https://linkedin.com/in/ghost\n", ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	rep, err := runImport(t, sink, "First Name,Work Email,Personal Email,LinkedIn URL\n"+
		"Amy,amy@acme.com,info@acme.com,https://linkedin.com/in/amy\n", ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Imported != 1 || rep.Warnings != 1 || rep.WarningLines[0].Field == "Work Email" {
		t.Fatalf("%+v %+v", rep, rep.WarningLines)
	}
	if l := sink.leadOf(Key{KeyProfile, "amy"}); l == nil || l.Email != "amy@acme.com" {
		t.Fatalf("amy: %+v; want her own address kept", l)
	}
}
