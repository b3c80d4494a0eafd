package main

import (
	"strings"
	"testing"
)

// A campaign created without --list in a database whose leads are on lists (an
// agency's, one list per client) says at create how many leads "every lead" is and
// that start will refuse them unless --all-leads, and at a start --all-leads enrolls
// every one of them and says so again; with --list, or in a database without lists,
// nothing is said. TestStartWithoutListRefusedOnSeveralLists has the refusal.
func TestCampaignWithoutListWarnsOfEveryLead(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := dir + "/p.db"
	importLeadsJSON(t, db, writeFile(t, dir, "globex.csv", "profileUrl,fullName\n"+
		"https://www.linkedin.com/in/el-ada,Ada L\nhttps://www.linkedin.com/in/el-bob,Bob B\n"), "--list", "globex")
	importLeadsJSON(t, db, writeFile(t, dir, "acme.csv", "profileUrl,fullName\nhttps://www.linkedin.com/in/el-cy,Cy C\n"), "--list", "acme")
	mustCLI(t, db, "accounts", "add", "--name", "a1", "--type", "free")

	code, _, stderr := cli(t, db, "campaigns", "create", "--name", "q4", "--accounts", "a1")
	if code != exitOK || !strings.Contains(stderr, `Warning: campaign q4 has no list, so start will refuse to enroll every lead in the database (3 leads, from all the lists "acme", "globex" at once) unless given --all-leads; give it one before start with paceline campaigns edit q4 --list NAME.`) {
		t.Errorf("create without --list: exit %d, stderr:\n%s", code, stderr)
	}
	code, stdout, stderr := cli(t, db, "campaigns", "start", "q4", "--all-leads")
	if code != exitOK || !strings.Contains(stdout, "3 leads enrolled") ||
		!strings.Contains(stderr, `Warning: campaign q4 has no list, so its start took its leads from every lead in the database (3 leads, on any list or none)`) {
		t.Errorf("start without a list: exit %d, stdout %q, stderr:\n%s", code, stdout, stderr)
	}
	if _, _, stderr := cli(t, db, "campaigns", "create", "--name", "acme-q4", "--accounts", "a1", "--list", "acme"); strings.Contains(stderr, "has no list") {
		t.Errorf("create with --list warned:\n%s", stderr)
	}

	// A database without lists: every lead is what the user has, nothing to say.
	plain := dir + "/plain.db"
	importLeadsJSON(t, plain, writeFile(t, dir, "all.csv", "profileUrl,fullName\nhttps://www.linkedin.com/in/el-dan,Dan D\n"))
	mustCLI(t, plain, "accounts", "add", "--name", "a1", "--type", "free")
	for _, args := range [][]string{{"create", "--name", "all", "--accounts", "a1"}, {"start", "all"}} {
		if code, _, stderr := cli(t, plain, append([]string{"campaigns"}, args...)...); code != exitOK || strings.Contains(stderr, "has no list") {
			t.Errorf("campaigns %v without lists: exit %d, stderr:\n%s", args, code, stderr)
		}
	}
}
