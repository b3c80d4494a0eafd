package main

import (
	"testing"

	"github.com/paceline/paceline"
)

// A line that names the mailbox does not name it again (QA: "mailbox alice: mailbox
// alice: IMAP server ...").
func TestWithoutMailboxPrefix(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"mailbox alice: IMAP server x: refused":                "IMAP server x: refused",
		"mailbox alice: mailbox alice: public-url: has a path": "public-url: has a path",
		"mailbox bob: IMAP server x":                           "mailbox bob: IMAP server x",
		"mailbox alice has no IMAP server":                     "mailbox alice has no IMAP server",
	} {
		if got := withoutMailboxPrefix("alice", in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

// serve names a LinkedIn seat's own mailbox as the seat's, not as an email account
// (QA: "email account alice added while serving" for seat alice).
func TestMailboxLabel(t *testing.T) {
	t.Parallel()
	if got := mailboxLabel(&paceline.Account{Name: "alice", Executor: paceline.ExecutorSim, Mailbox: true}); got != "mailbox of LinkedIn account alice" {
		t.Errorf("seat: %q", got)
	}
	if got := mailboxLabel(&paceline.Account{Name: "m6", Executor: paceline.ExecutorEmail}); got != "email account m6" {
		t.Errorf("email account: %q", got)
	}
}
