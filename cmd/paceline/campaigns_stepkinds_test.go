package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// QA's mailbox-only campaign: a mailbox (m0) accepted the built-in sequence, whose
// leads then sat on the invite for ever. campaigns create now refuses it, naming each
// LinkedIn step with its line, and stores nothing; with a LinkedIn account too it is
// created, with a warning for each step one of the accounts cannot carry out. A
// mailbox's caps are email ones only.
func TestCampaignsCreateChecksStepKindsAgainstAccounts(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	pw := passwordEnv(t, "pw")
	mailbox := []string{"accounts", "add", "--name", "m0", "--executor", "email", "--from", "A <a@example.com>",
		"--smtp", "smtps://a@smtp.example.com", "--imap", "imaps://a@imap.example.com",
		"--smtp-password-env", pw, "--imap-password-env", pw, "--skip-check", "--cap", "email=100", "--cap", "daily_email=20"}
	if out := mustCLI(t, db, mailbox...); !strings.Contains(out, "email=100,daily_email=20") {
		t.Errorf("mailbox with email caps:\n%s", out)
	}
	mustCLI(t, db, "accounts", "add", "--name", "al", "--type", "free")

	code, _, errOut := cli(t, db, "campaigns", "create", "--name", "m0c", "--accounts", "m0")
	if code != exitFailed {
		t.Fatalf("built-in sequence from a mailbox: exit %d, want %d; stderr %s", code, exitFailed, errOut)
	}
	for _, want := range []string{
		"line 11, step connect: no account of this campaign can carry out this invite step (m0 is a mailbox: it sends email steps only)",
		"line 17, step hello: no account of this campaign can carry out this message step",
		"line 23, step nudge: no account",
		"add a LinkedIn account",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("refusal does not say %q:\n%s", want, errOut)
		}
	}
	if out := mustCLI(t, db, "campaigns", "list"); strings.Contains(out, "m0c") {
		t.Errorf("a refused campaign was stored:\n%s", out)
	}

	code, out, errOut := cli(t, db, "campaigns", "create", "--name", "mix", "--accounts", "m0,al")
	if code != exitOK || !strings.Contains(out, "Created campaign mix") {
		t.Fatalf("built-in sequence from m0 and al: exit %d\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{
		"Warning: sequence (built-in): line 11, step connect: account m0 cannot carry out this invite step",
		"the leads assigned to it skip it and go on to the next step; only those of al get it",
		"step mail: account al cannot carry out this email step (al is a LinkedIn account (free) without a mailbox of its own): the leads assigned to it skip it and go on to the next step; only those of m0 get it; to send it, give each LinkedIn account a mailbox of its own (paceline accounts update NAME",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("warnings do not say %q:\n%s", want, errOut)
		}
	}
}
