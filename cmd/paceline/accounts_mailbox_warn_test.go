package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// mailboxArgs are accounts add (or update) flags giving account name a mailbox sending
// from from, stored without logging in; extra flags follow.
func mailboxArgs(env, from string, extra ...string) []string {
	return append([]string{"--from", from, "--smtp", "smtps://ann@smtp.agency.example:465",
		"--imap", "imaps://ann@imap.agency.example:993", "--smtp-password-env", env, "--imap-password-env", env,
		"--skip-check"}, extra...)
}

// updateWarned runs accounts update with warnMailboxAfterUpdate around it, as accounts
// wires it, and returns its stderr.
func updateWarned(t *testing.T, db string, args ...string) string {
	t.Helper()
	var out, errOut strings.Builder
	a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut}
	root := a.rootCmd()
	update, _, err := root.Find([]string{"accounts", "update"})
	if err != nil {
		t.Fatal(err)
	}
	a.warnMailboxAfterUpdate(update)
	root.SetArgs(append(append([]string{"accounts", "update"}, args...), "--db", db))
	root.SetOut(&out)
	root.SetErr(&errOut)
	if err := root.Execute(); err != nil {
		t.Fatalf("accounts update %v: %v\n%s", args, err, errOut.String())
	}
	return errOut.String()
}

// accounts add and update warn of what QA found they let through silently: a second
// account sending from an address another already sends from (twice the mail from one
// address, two pollers on one inbox), email caps above a mailbox's preset (a domain's
// reputation), and a seat given a mailbox by update without the postal footer and
// public URL it needs to send. Each is a warning: the account is stored.
func TestAccountsWarnOfMailboxesThatCannotSendWell(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	env := passwordEnv(t, "pw")
	wants := func(what, got string, want ...string) {
		t.Helper()
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: stderr does not say %q:\n%s", what, w, got)
			}
		}
	}
	add := func(args ...string) string {
		t.Helper()
		code, _, errOut := cli(t, db, append([]string{"accounts", "add"}, args...)...)
		if code != exitOK {
			t.Fatalf("accounts add %v: exit %d\n%s", args, code, errOut)
		}
		return errOut
	}

	// A mailbox with its footer and URL, its caps preset: nothing to warn of.
	ready := []string{"--footer-address", "1 Main St, Springfield", "--public-url", "https://pl.agency.example"}
	if got := add(append([]string{"--name", "ann-mail", "--executor", "email"}, mailboxArgs(env, "Ann <ann@agency.example>", ready...)...)...); got != "" {
		t.Errorf("a mailbox of its own address warned:\n%s", got)
	}
	// The seat given the same address, in other letters.
	got := add(append([]string{"--name", "ann", "--type", "premium-business"}, mailboxArgs(env, "Ann Example <ANN@Agency.example>", ready...)...)...)
	wants("same sender", got, "Warning: ann sends from ANN@Agency.example, as ann-mail already does", "paceline accounts update ann --from")
	// Caps above the preset.
	got = add(append([]string{"--name", "bulk", "--executor", "email", "--cap", "email=1000", "--cap", "daily_email=500"},
		mailboxArgs(env, "Bulk <bulk@agency.example>", ready...)...)...)
	wants("caps", got, "bulk's email=1000 (a rolling week; the preset is 250), daily_email=500 (the preset paces 50 a working day) are above a mailbox's preset",
		"reputation", "--cap email=preset")
	if got := add(append([]string{"--name", "calm", "--executor", "email", "--cap", "email=200", "--cap", "daily_email=40"},
		mailboxArgs(env, "Calm <calm@agency.example>", ready...)...)...); got != "" {
		t.Errorf("caps under the preset warned:\n%s", got)
	}

	// A seat given a mailbox by update, without its footer and URL; then a cap.
	add("--name", "bob", "--type", "sales-navigator")
	got = updateWarned(t, db, append([]string{"bob"}, mailboxArgs(env, "Bob <bob@agency.example>")...)...)
	wants("seat given a mailbox", got, "bob's mailbox does not send yet: no postal footer address (--footer-address), no public URL",
		"Give them with paceline accounts update bob --footer-address 'STREET, CITY' --public-url https://HOST")
	got = updateWarned(t, db, "bob", "--cap", "email=900")
	wants("update's cap", got, "bob's email=900 (a rolling week; the preset is 250) is above a mailbox's preset")
	if strings.Contains(got, "does not send yet") {
		t.Errorf("a cap alone warned of the mailbox's settings again:\n%s", got)
	}
	got = updateWarned(t, db, "bob", "--footer-address", "2 High St", "--public-url", "https://pl.agency.example", "--from", "Bob <ann@agency.example>")
	wants("update's sender", got, "bob sends from ann@agency.example, as ann, ann-mail already does")
	if strings.Contains(got, "does not send yet") {
		t.Errorf("a mailbox given what it lacked still warned:\n%s", got)
	}
	if got := updateWarned(t, db, "bob", "--safety", "0.8"); got != "" {
		t.Errorf("an update of neither mailbox nor caps warned:\n%s", got)
	}
}
