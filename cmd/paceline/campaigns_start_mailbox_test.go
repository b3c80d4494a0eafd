package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// campaigns start warns of an account whose mailbox cannot send yet, as create does:
// QA's seat with a mailbox without its footer stopped every lead at the email step.
func TestCampaignsStartWarnsOfAMailboxThatCannotSend(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	env := passwordEnv(t, "pw")
	mustCLI(t, db, append([]string{"accounts", "add", "--name", "ann", "--type", "premium-business"},
		mailboxArgs(env, "Ann <ann@agency.example>", "--public-url", "https://pl.agency.example")...)...)
	mustCLI(t, db, "accounts", "add", "--name", "bob", "--type", "free")
	mustCLI(t, db, "leads", "import", writeFile(t, t.TempDir(), "l.csv", "First Name,Last Name,URL,Email\n"+
		"Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace,ada@x.example\n"), "--list", "q")
	_, _, createErr := cli(t, db, "campaigns", "create", "--name", "q", "--list", "q", "--accounts", "ann,bob")
	if !strings.Contains(createErr, "the mailbox of account ann cannot send yet: no postal footer address (--footer-address);") {
		t.Errorf("create does not warn of ann's mailbox:\n%s", createErr)
	}
	var errOut strings.Builder
	a := &app{dbPath: db, stderr: &errOut}
	st := openTestStore(t, db)
	c, err := st.Campaign(context.Background(), "q")
	if err != nil {
		t.Fatal(err)
	}
	a.warnStartMailboxes(context.Background(), st, c)
	got := errOut.String()
	if strings.Count(got, "Warning: ") != 1 || !strings.Contains(got, "step mail: the mailbox of account ann cannot send yet") ||
		!strings.Contains(got, "paceline accounts update ann --footer-address 'STREET, CITY'") {
		t.Errorf("start's warning:\n%s", got)
	}
	mustCLI(t, db, "accounts", "update", "ann", "--footer-address", "1 Main St")
	errOut.Reset()
	a.warnStartMailboxes(context.Background(), st, c)
	if errOut.Len() > 0 {
		t.Errorf("a mailbox that can send warned:\n%s", errOut.String())
	}
}
