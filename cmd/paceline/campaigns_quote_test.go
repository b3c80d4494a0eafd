package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// The command a message hands the user to paste names the campaign quoted when its
// name holds a space: "paceline campaigns start spring push" would start "spring".
func TestCampaignCommandsQuoteTheName(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	mustCLI(t, db, "accounts", "add", "--name", "alice", "--type", "free")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"campaigns", "create", "--name", "spring push", "--accounts", "alice"}, "start it with: paceline campaigns start 'spring push' --db "},
	} {
		if out := mustCLI(t, db, tc.args...); !strings.Contains(out, tc.want) {
			t.Errorf("%v: %q, want %q", tc.args, out, tc.want)
		}
	}
	// Pausing the draft is refused with the start to run once it has leads.
	if _, _, errOut := cli(t, db, "campaigns", "pause", "spring push"); !strings.Contains(errOut, "then: paceline campaigns start 'spring push'\n") {
		t.Errorf("pause of the draft: %q, want the start command quoted", errOut)
	}
}

// Creating a campaign on a list with no lead (a misspelt name) warns at once, not only
// when start finds nothing to enroll; a list with leads gets no warning about the list
// (the built-in sequence's email step, which no account of alice's sends, still gets
// one: CheckStepKinds).
func TestCampaignCreateWarnsOfAnEmptyList(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	mustCLI(t, db, "accounts", "add", "--name", "alice", "--type", "free")
	mustCLI(t, db, "leads", "import", writeFile(t, dir, "l.csv", heldCSV), "--list", "founders")
	code, _, errOut := cli(t, db, "campaigns", "create", "--name", "q1", "--list", "fonders", "--accounts", "alice")
	if code != exitOK || !strings.Contains(errOut, `Warning: list "fonders" has no lead yet: check its name`) {
		t.Errorf("create on an empty list: exit %d, stderr %q", code, errOut)
	}
	if code, _, errOut := cli(t, db, "campaigns", "create", "--name", "q2", "--list", "founders", "--accounts", "alice"); code != exitOK || strings.Contains(errOut, "Warning: list") {
		t.Errorf("create on a list with leads: exit %d, stderr %q", code, errOut)
	}
}

// campaigns create's usage shows --list as optional (empty enrolls every lead) and its
// flags say which ones are required, as the other commands' do.
func TestCampaignCreateHelpSaysWhatIsRequired(t *testing.T) {
	t.Parallel()
	_, out, _ := cli(t, "", "campaigns", "create", "--help")
	for _, want := range []string{"create --name C --accounts a,b [--list L]", "campaign name, such as q1-founders (required)", "comma-separated (required;"} {
		if !strings.Contains(out, want) {
			t.Errorf("campaigns create --help lacks %q:\n%s", want, out)
		}
	}
}

// A database path with a space is quoted in the command a "no database" error hands the
// user, as names are.
func TestNoDatabaseErrorQuotesThePath(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "my db.sqlite")
	for _, args := range [][]string{{"campaigns", "list"}, {"leads", "list"}} {
		code, _, errOut := cli(t, db, args...)
		if code != exitFailed || !strings.Contains(errOut, "--db '"+db+"'") {
			t.Errorf("%v on %q: exit %d, %q; want the path quoted", args, db, code, errOut)
		}
	}
}
