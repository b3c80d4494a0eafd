package main

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/paceline/paceline/lead"
)

// An agency's client file imported into another client's list: the import says which
// lists the leads it put on the list come from, and leads unlist takes them off again,
// by the same file, by list or by key, all or nothing, leaving their other lists and the
// list itself in place.
func TestLeadsUnlistUndoesAnImportIntoTheWrongList(t *testing.T) {
	t.Parallel()
	onBothStores(t, testLeadsUnlist)
}

func testLeadsUnlist(t *testing.T, db string) {
	dir := t.TempDir()
	globex := writeFile(t, dir, "globex-apollo.csv", "profileUrl,fullName,email\n"+
		"https://www.linkedin.com/in/ul-ada,Ada L,ada@globex.com\n"+
		"https://www.linkedin.com/in/ul-bob,Bob B,bob@globex.com\n")
	importLeadsJSON(t, db, globex, "--list", "globex")
	importLeadsJSON(t, db, writeFile(t, dir, "acme.csv", "profileUrl,fullName\nhttps://www.linkedin.com/in/ul-cy,Cy C\n"), "--list", "acme")

	out := mustCLI(t, db, "leads", "import", globex, "--list", "acme")
	if !strings.Contains(out, `2 of the stored leads put on list "acme" are also on list "globex"`) ||
		!strings.Contains(out, "paceline leads unlist --list acme --file "+globex) {
		t.Errorf("import into the wrong list:\n%s", out)
	}
	var rep struct {
		AlsoOnLists []lead.ListOverlap `json:"also_on_lists"`
	}
	if err := json.Unmarshal([]byte(mustCLI(t, db, "leads", "import", globex, "--list", "initech", "--json")), &rep); err != nil {
		t.Fatal(err)
	}
	if want := []lead.ListOverlap{{List: "acme", Leads: 2}, {List: "globex", Leads: 2}}; !slices.Equal(rep.AlsoOnLists, want) {
		t.Errorf("import --json: also_on_lists %+v, want %+v", rep.AlsoOnLists, want)
	}

	// A key no stored lead has stops the command before anything changes.
	code, _, stderr := cli(t, db, "leads", "unlist", "--list", "acme", "in:ul-ada", "in:ul-nobody")
	if code != exitFailed || !strings.Contains(stderr, "no stored lead is in:ul-nobody; no lead was taken off a list") {
		t.Errorf("an unknown key: exit %d, stderr %q", code, stderr)
	}
	if got := listMembers(t, db, "acme"); !slices.Equal(got, []string{"Ada L", "Bob B", "Cy C"}) {
		t.Fatalf("after a refused unlist, acme holds %q", got)
	}

	// The client's campaign started on its list with the other client's leads in it.
	mustCLI(t, db, "accounts", "add", "--name", "a1", "--type", "free")
	mustCLI(t, db, "campaigns", "create", "--name", "acme-q4", "--accounts", "a1", "--list", "acme")
	mustCLI(t, db, "campaigns", "start", "acme-q4")

	out = mustCLI(t, db, "leads", "unlist", "--list", "acme", "--file", globex)
	if !strings.Contains(out, `Took 2 leads off list "acme"`) ||
		!strings.Contains(out, `2 of them run in campaign acme-q4, started on list "acme": they go on (paceline campaigns stop acme-q4 ends the whole campaign)`) {
		t.Errorf("unlist --file:\n%s", out)
	}
	if got := listMembers(t, db, "acme"); !slices.Equal(got, []string{"Cy C"}) {
		t.Errorf("acme holds %q, want Cy C only", got)
	}
	var shown leadView
	if err := json.Unmarshal([]byte(mustCLI(t, db, "leads", "show", "in:ul-ada", "--json")), &shown); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(shown.Lists, []string{"globex", "initech"}) {
		t.Errorf("Ada is on %q, want globex and initech", shown.Lists)
	}

	var res unlistResult
	code, stdout, stderr := cli(t, db, "leads", "unlist", "--list", "initech", "--from-list", "globex", "in:ul-cy", "--json")
	if code != exitOK || json.Unmarshal([]byte(stdout), &res) != nil {
		t.Fatalf("unlist --from-list: exit %d, %s%s", code, stdout, stderr)
	}
	if want := (unlistResult{List: "initech", Named: 3, Removed: 2, NotOnList: 1}); !reflect.DeepEqual(res, want) {
		t.Errorf("unlist --from-list --json: %+v, want %+v", res, want)
	}
	// The emptied list stays, for the campaigns that name it.
	if code, _, stderr := cli(t, db, "leads", "list", "--list", "initech"); code != exitOK {
		t.Errorf("the emptied list is gone: exit %d, %s", code, stderr)
	}
}

// listMembers returns the names of the members of list, in name order.
func listMembers(t *testing.T, db, list string) []string {
	t.Helper()
	var got []leadView
	if err := json.Unmarshal([]byte(mustCLI(t, db, "leads", "list", "--list", list, "--json")), &got); err != nil {
		t.Fatal(err)
	}
	names := make([]string, len(got))
	for i, v := range got {
		names[i] = v.Name
	}
	slices.Sort(names)
	return names
}
