package main

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// Ada is on acme before a globex file holding her and Bob is imported into acme by
// mistake. The import says it put one stored lead (Bob) on acme, and the undo it
// advises must take off that one only: it took Ada off acme too ("Took 2 leads off
// list acme"), which held nobody after.
func TestLeadsImportAdvisesAnUndoThatKeepsTheMembersFromBefore(t *testing.T) {
	t.Parallel()
	onBothStores(t, testImportUndoKeepsTheMembersFromBefore)
}

func testImportUndoKeepsTheMembersFromBefore(t *testing.T, db string) {
	dir := t.TempDir()
	mustCLI(t, db, "leads", "import", writeFile(t, dir, "acme.csv", "profileUrl,fullName\nhttps://www.linkedin.com/in/ul-ada,Ada L\n"), "--list", "acme")
	globex := writeFile(t, dir, "globex.csv", "profileUrl,fullName\n"+
		"https://www.linkedin.com/in/ul-ada,Ada L\n"+
		"https://www.linkedin.com/in/ul-bob,Bob B\n")
	mustCLI(t, db, "leads", "import", globex, "--list", "globex")
	out := mustCLI(t, db, "leads", "import", globex, "--list", "acme")
	if !strings.Contains(out, `1 of the stored leads put on list "acme" is also on list "globex"`) {
		t.Errorf("import into acme:\n%s", out)
	}
	i := strings.Index(out, "paceline leads unlist")
	if i < 0 {
		t.Fatalf("the import advises no undo:\n%s", out)
	}
	advice := strings.Fields(strings.SplitN(out[i:], "\n", 2)[0])
	out = mustCLI(t, db, advice[1:]...)
	if !strings.Contains(out, `Took 1 lead off list "acme"`) {
		t.Errorf("the advised undo %q:\n%s", advice, out)
	}
	if got := listMembers(t, db, "acme"); !slices.Equal(got, []string{"Ada L"}) {
		t.Errorf("after the advised undo acme holds %q, want Ada L, on it before the import", got)
	}
	if got := listMembers(t, db, "globex"); !slices.Equal(got, []string{"Ada L", "Bob B"}) {
		t.Errorf("after the advised undo globex holds %q, want Ada L and Bob B", got)
	}
}

// The campaign started on acme runs Ada, who stays on acme through the advised undo:
// the summary counts the running leads among those taken off, not those named.
func TestLeadsUnlistCountsRunningLeadsAmongThoseTakenOff(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	dir := t.TempDir()
	mustCLI(t, db, "leads", "import", writeFile(t, dir, "acme.csv", "profileUrl,fullName\nhttps://www.linkedin.com/in/ul-ada,Ada L\n"), "--list", "acme")
	mustCLI(t, db, "accounts", "add", "--name", "a1", "--type", "free")
	mustCLI(t, db, "campaigns", "create", "--name", "acme-q4", "--accounts", "a1", "--list", "acme")
	mustCLI(t, db, "campaigns", "start", "acme-q4")
	globex := writeFile(t, dir, "globex.csv", "profileUrl,fullName\n"+
		"https://www.linkedin.com/in/ul-ada,Ada L\n"+
		"https://www.linkedin.com/in/ul-bob,Bob B\n")
	mustCLI(t, db, "leads", "import", globex, "--list", "globex")
	began := time.Now()
	mustCLI(t, db, "leads", "import", globex, "--list", "acme")

	out := mustCLI(t, db, "leads", "unlist", "--list", "acme", "--file", globex, "--added-since", addedSince(began))
	if !strings.Contains(out, `Took 1 lead off list "acme"`) || !strings.Contains(out, "1 of the 2 leads named was on it before") ||
		strings.Contains(out, "acme-q4") {
		t.Errorf("unlist --added-since, Ada running in acme-q4 and staying on acme:\n%s", out)
	}
	if got := listMembers(t, db, "acme"); !slices.Equal(got, []string{"Ada L"}) {
		t.Errorf("acme holds %q, want Ada L", got)
	}
}
