package lead

import (
	"slices"
	"testing"
)

// A file of one client's leads imported into another client's list says which lists
// its stored leads were on already, once per lead however many rows name it; new leads,
// leads on the list already and an import without a list count nothing.
func TestImportSaysWhichOtherListsItsLeadsAreOn(t *testing.T) {
	t.Parallel()
	sink := newMemSink()
	first := "profile_url\n" +
		"https://www.linkedin.com/in/ann\n" +
		"https://www.linkedin.com/in/bob\n" +
		"https://www.linkedin.com/in/cyd\n"
	if _, err := runImport(t, sink, first, ImportOptions{List: "globex"}); err != nil {
		t.Fatal(err)
	}
	if _, err := runImport(t, sink, "profile_url\nhttps://www.linkedin.com/in/cyd\n", ImportOptions{List: "initech"}); err != nil {
		t.Fatal(err)
	}
	if _, err := runImport(t, sink, "profile_url\nhttps://www.linkedin.com/in/bob\n", ImportOptions{List: "acme"}); err != nil {
		t.Fatal(err)
	}
	wrong := "profile_url\n" +
		"https://www.linkedin.com/in/ann\n" +
		"https://www.linkedin.com/in/bob\n" + // on acme already
		"https://www.linkedin.com/in/cyd\n" +
		"https://www.linkedin.com/in/ann\n" + // a second row of the same person
		"https://www.linkedin.com/in/dan\n" // new
	rep, err := runImport(t, sink, wrong, ImportOptions{List: "acme"})
	if err != nil {
		t.Fatal(err)
	}
	want := []ListOverlap{{List: "globex", Leads: 2}, {List: "initech", Leads: 1}}
	if !slices.Equal(rep.AlsoOnLists, want) {
		t.Errorf("also on lists %+v; want %+v", rep.AlsoOnLists, want)
	}
	rep, err = runImport(t, sink, wrong, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.AlsoOnLists != nil {
		t.Errorf("an import without a list reports %+v", rep.AlsoOnLists)
	}
}
