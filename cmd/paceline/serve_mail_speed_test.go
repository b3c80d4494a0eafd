package main

import (
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A serve running at a sped-up clock does not start a mailbox added or changed while
// it runs (QA: one at 1000x picked up a real mailbox and sent from it): neither an
// email account's nor a LinkedIn seat's own. Its steps fail with how to fix it, its
// inbox is not read, and stderr says so once per account, naming a seat's mailbox as
// the seat's. At speed 1 a seat's mailbox added while serving is named as the seat's,
// not as an "email account".
func TestSpedUpServeStartsNoMailboxAddedWhileServing(t *testing.T) {
	t.Parallel()
	m := startMailServers(t)
	for _, speed := range []float64{1000, 1} {
		dir := t.TempDir()
		dbPath := filepath.Join(dir, "p.db")
		mustCLI(t, dbPath, "accounts", "add", "--name", "ann", "--type", "free")
		stderr := &mailStderr{}
		a := &app{dbPath: dbPath, stdout: io.Discard, stderr: stderr}
		ctx := t.Context()
		db, err := a.openRuntimeDB(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		mail, err := a.startMailboxesAt(ctx, db, time.Now, speed, slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err != nil {
			t.Fatal(err)
		}

		extra := []string{"--footer-address", "1 Main St, Springfield", "--public-url", "https://pl.example.com"}
		mustCLI(t, dbPath, m.addArgs("m6", passwordEnv(t, m.smtpPW), passwordEnv(t, m.imPW), extra...)...)
		mustCLI(t, dbPath, append([]string{"accounts", "update", "ann"}, m.addArgs("x", passwordEnv(t, m.smtpPW), passwordEnv(t, m.imPW), extra...)[6:]...)...)
		if _, err := mail.refresh(ctx); err != nil {
			t.Fatal(err)
		}
		if speed == 1 {
			if s := stderr.String(); !strings.Contains(s, "paceline: mailbox of LinkedIn account ann added while serving: it sends the account's email steps") ||
				!strings.Contains(s, "paceline: email account m6 added while serving") || strings.Contains(s, "email account ann") {
				t.Errorf("at speed 1, stderr:\n%s", s)
			}
			if s, err := mail.sender("ann"); s == nil || err != nil {
				t.Errorf("at speed 1 ann's mailbox does not send: %v", err)
			}
			continue
		}
		// Changed again, and refreshed again: still not started, and told once.
		mustCLI(t, dbPath, "accounts", "update", "m6", "--footer-address", "2 Main St, Springfield")
		time.Sleep(10 * time.Millisecond)
		if _, err := mail.refresh(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := mail.refresh(ctx); err != nil {
			t.Fatal(err)
		}
		s := stderr.String()
		for _, who := range []string{"email account m6", "mailbox of LinkedIn account ann"} {
			line := "paceline: " + who + " was added or changed while serving, but this serve runs its clock at 1000x"
			if n := strings.Count(s, line); n != 1 {
				t.Errorf("%q said %d times, want once:\n%s", line, n, s)
			}
		}
		if !strings.Contains(s, "start it again with --speed 1") || strings.Contains(s, "added while serving: it sends") {
			t.Errorf("stderr:\n%s", s)
		}
		for _, name := range []string{"m6", "ann"} {
			sender, err := mail.sender(name)
			if sender != nil || err == nil || !strings.Contains(err.Error(), "restart serve with --speed 1") {
				t.Errorf("%s at 1000x: sender %v, %v", name, sender, err)
			}
		}
		if len(mail.pollers) != 0 {
			t.Errorf("inboxes read at 1000x: %v", mail.pollers)
		}
	}
}

// A mailbox added after serve's start-up check (onlySimulated) but before its first
// build of the mailboxes is not started by that build at a sped-up clock: the speed is
// applied from the first build on, where before it was handed over just after it. The
// seat's mailbox neither sends nor is read, and stderr says so and how to send from it.
func TestSpedUpServeStartsNoMailboxAddedWhileStarting(t *testing.T) {
	t.Parallel()
	dbPath := filepath.Join(t.TempDir(), "p.db")
	mustCLI(t, dbPath, "accounts", "add", "--name", "ann", "--type", "free", "--executor", "sim")
	stderr := &mailStderr{}
	a := &app{dbPath: dbPath, stdout: io.Discard, stderr: stderr}
	ctx := t.Context()
	db, err := a.openRuntimeDB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := onlySimulated(ctx, db.store, 1000, dbPath, dbPath); err != nil {
		t.Fatalf("start-up check with no mailbox yet: %v", err)
	}
	// The seat's mailbox comes in between the check and the first build.
	mustCLI(t, dbPath, "accounts", "update", "ann", "--from", "Ann Example <ann@paceline.test>",
		"--smtp", "smtp://ann@127.0.0.1:1", "--imap", "imaps://ann@127.0.0.1:1",
		"--smtp-password-env", passwordEnv(t, "pw"), "--imap-password-env", passwordEnv(t, "pw"),
		"--footer-address", "1 Main St, Springfield", "--public-url", "https://pl.example.com", "--skip-check")
	mail, err := a.startMailboxesAt(ctx, db, time.Now, 1000, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	sender, err := mail.sender("ann")
	if sender != nil || err == nil || !strings.Contains(err.Error(), "restart serve with --speed 1") {
		t.Errorf("ann's mailbox at 1000x: sender %v, %v; want none, and how to send from it", sender, err)
	}
	if len(mail.pollers) != 0 {
		t.Errorf("inboxes read at 1000x: %v", mail.pollers)
	}
	if s := stderr.String(); !strings.Contains(s, "paceline: mailbox of LinkedIn account ann was added while serve was starting, but this serve runs its clock at 1000x") ||
		!strings.Contains(s, "start it again with --speed 1") {
		t.Errorf("stderr:\n%s", s)
	}
}
