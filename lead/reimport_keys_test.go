package lead

import (
	"fmt"
	"strings"
	"testing"

	"github.com/paceline/paceline"
)

// writeCountingSink is a memSink that counts the leads it was asked to rewrite.
type writeCountingSink struct {
	*memSink
	updates int
}

func (s *writeCountingSink) Update(l *paceline.Lead, keys []Key) error {
	s.updates++
	return s.memSink.Update(l, keys)
}

// everyKeyCSV writes n Sales Navigator style rows, each giving its person's member-id
// /in/ URL, vanity /in/ URL, work email and personal email (five keys: the member id is
// the Sales Navigator id too), each row times times.
func everyKeyCSV(n, times int) string {
	var b strings.Builder
	b.WriteString("profileUrl,linkedInProfileUrl,Work Email,Personal Email,First Name\n")
	for i := range n {
		for range times {
			fmt.Fprintf(&b, "https://www.linkedin.com/in/ACwAAAB%018d,https://www.linkedin.com/in/person-%d,p%d@acme.com,p%d@gmail.com,Person%d\n",
				i, i, i, i, i)
		}
	}
	return b.String()
}

// A re-import of rows with two emails and both URL forms, all of whose keys the leads
// hold, rewrites no lead: each row is a plain duplicate. So is a second copy of such a
// row in the file that inserted its lead. Before, a row with a second email or a
// member id beside the vanity slug was never "nothing new": a re-import wrote every
// lead again.
func TestReimportOfRowsWithEveryKeyWritesNothing(t *testing.T) {
	t.Parallel()
	const n = 20
	if keys := readAll(t, strings.NewReader(everyKeyCSV(1, 1)), Options{}).keys[2]; len(keys) != 5 {
		t.Fatalf("a row's keys %v, want five: the test needs rows with every form", keys)
	}
	sink := &writeCountingSink{memSink: newMemSink()}
	rep, err := runImport(t, sink, everyKeyCSV(n, 2), ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Imported != n || rep.Duplicates != n || sink.updates != 0 {
		t.Errorf("first import: report %+v and %d leads rewritten; want %d imported, %d duplicates, none rewritten",
			rep, sink.updates, n, n)
	}
	if len(sink.leads) != n || len(sink.keys) != 5*n {
		t.Fatalf("%d leads holding %d keys, want %d holding %d", len(sink.leads), len(sink.keys), n, 5*n)
	}
	rep, err = runImport(t, sink, everyKeyCSV(n, 1), ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Imported != 0 || rep.Updated != 0 || rep.Duplicates != n || sink.updates != 0 {
		t.Errorf("re-import: report %+v and %d leads rewritten; want %d duplicates, none updated or rewritten",
			rep, sink.updates, n)
	}
	// A row bringing a key the lead does not hold yet is still written.
	sink.updates = 0
	rep, err = runImport(t, sink, "profileUrl,Work Email,Personal Email\n"+
		"https://www.linkedin.com/in/person-3,p3@acme.com,person3@home.net\n", ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Updated != 1 || sink.updates != 1 || sink.keys[Key{KeyEmail, "person3@home.net"}] != sink.keys[Key{KeyProfile, "person-3"}] {
		t.Errorf("report %+v, %d leads rewritten; want person-3's lead updated with the new address", rep, sink.updates)
	}
}

// A lead stored under its member-id URL takes the vanity slug a later row giving both
// URLs brings as its ProfileKey, and keeps the member id as a key; a vanity slug joined
// to a member-id lead by an email (of the same name) is kept as a key but does not
// rename it. The next re-import of those rows is a plain duplicate.
func TestImportGivesAMemberIDLeadTheVanity(t *testing.T) {
	t.Parallel()
	const (
		acw = "ACwAAAB1234567890abcdEFGH"
		aco = "ACoAABcDeFgHiJkLmNoPqRsTuV"
	)
	sink := &writeCountingSink{memSink: newMemSink()}
	if _, err := runImport(t, sink, "profileUrl,First Name,email\n"+
		"https://www.linkedin.com/in/"+acw+",Jane,\n"+
		"https://www.linkedin.com/in/"+aco+",Joe,joe@roe.io\n", ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	jane, joe := sink.keys[Key{KeyProfile, acw}], sink.keys[Key{KeyProfile, aco}]
	if sink.leads[jane].ProfileKey != acw || sink.leads[joe].ProfileKey != aco {
		t.Fatalf("profile keys %q and %q, want the member ids", sink.leads[jane].ProfileKey, sink.leads[joe].ProfileKey)
	}
	// Jane's row gives both URLs; Joe's the vanity URL and his email.
	again := "profileUrl,linkedInProfileUrl,First Name,email\n" +
		"https://www.linkedin.com/in/" + acw + ",https://www.linkedin.com/in/jane-roe,Jane,\n" +
		",https://www.linkedin.com/in/joe-roe,Joe,joe@roe.io\n"
	rep, err := runImport(t, sink, again, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Duplicates != 2 || rep.Updated != 2 || len(sink.leads) != 2 {
		t.Errorf("report %+v with %d leads, want both rows duplicates updating their leads", rep, len(sink.leads))
	}
	for id, want := range map[int64]string{jane: "jane-roe", joe: aco} {
		if got := sink.leads[id].ProfileKey; got != want {
			t.Errorf("lead %d: profile key %q, want %q", id, got, want)
		}
	}
	for k, want := range map[Key]int64{{KeyProfile, acw}: jane, {KeySales, acw}: jane, {KeyProfile, "jane-roe"}: jane,
		{KeyProfile, aco}: joe, {KeyProfile, "joe-roe"}: joe} {
		if got, ok := sink.keys[k]; !ok || got != want {
			t.Errorf("key %v held by lead %d, want %d", k, got, want)
		}
	}
	sink.updates = 0
	rep, err = runImport(t, sink, again, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Duplicates != 2 || rep.Updated != 0 || sink.updates != 0 {
		t.Errorf("re-import: report %+v and %d leads rewritten; want 2 plain duplicates", rep, sink.updates)
	}
}

// A row giving both URLs of a lead stored under its member id and of one stored under
// its vanity slug folds them into the older, which takes the vanity slug as its
// ProfileKey. (A fold an email causes renames nothing: TestImportEmailFoldKeepsTheMemberID.)
func TestImportFoldGivesAMemberIDLeadTheVanity(t *testing.T) {
	t.Parallel()
	sink, acw := janeTwice(t)
	rep, err := runImport(t, sink, "profileUrl,linkedInProfileUrl,First Name,email\n"+
		"https://www.linkedin.com/in/"+acw+",https://www.linkedin.com/in/jane-roe,Jane,jane@roe.io\n", ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Merged != 1 || len(sink.leads) != 1 {
		t.Fatalf("report %+v with %d leads, want the two leads folded into one", rep, len(sink.leads))
	}
	for id, l := range sink.leads {
		if l.ProfileKey != "jane-roe" || sink.keys[Key{KeyProfile, acw}] != id {
			t.Errorf("lead %d: profile key %q, member id held by %d; want jane-roe, and the member id kept",
				id, l.ProfileKey, sink.keys[Key{KeyProfile, acw}])
		}
	}
}

// janeTwice stores Jane twice: a lead under her member id (returned), without an email,
// and one under her vanity slug jane-roe with jane@roe.io.
func janeTwice(t *testing.T) (*memSink, string) {
	t.Helper()
	const acw = "ACwAAAB1234567890abcdEFGH"
	sink := newMemSink()
	if _, err := runImport(t, sink, "profileUrl,First Name,email\n"+
		"https://www.linkedin.com/in/"+acw+",Jane,\n"+
		"https://www.linkedin.com/in/jane-roe,Jane,jane@roe.io\n", ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	return sink, acw
}
