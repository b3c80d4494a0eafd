package main

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/executor/assist"
	"github.com/paceline/paceline/executor/email"
	"github.com/paceline/paceline/runtime"
)

// TestServeRunsMailboxAddedWhileServing starts the mailboxes of a database with no
// email account yet, then adds one as `accounts add` would while serve runs: its first
// email goes out at its first tick (no failed attempt), its inbox is read, its
// unsubscribe links are served, and stderr says it started. Changing its settings
// builds it again.
func TestServeRunsMailboxAddedWhileServing(t *testing.T) {
	t.Parallel()
	m := startMailServers(t)
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "p.db")
	mustCLI(t, dbPath, "migrate")

	stderr := &mailStderr{}
	a := &app{dbPath: dbPath, stdout: io.Discard, stderr: stderr}
	ctx := t.Context()
	db, err := a.openRuntimeDB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	mail, err := a.startMailboxes(ctx, db, time.Now, logger)
	if err != nil || mail == nil {
		t.Fatalf("startMailboxes without email accounts: %v, %v", mail, err)
	}
	mail.refreshEvery = 20 * time.Millisecond
	pollCtx, stopPolls := context.WithCancel(ctx)
	wait := mail.run(pollCtx, time.Hour)
	defer func() { stopPolls(); wait() }()

	// Added while serving.
	mustCLI(t, dbPath, m.addArgs("m6", passwordEnv(t, m.smtpPW), passwordEnv(t, m.imPW),
		"--footer-address", "1 Main St, Springfield", "--public-url", "https://pl.example.com")...)
	mustCLI(t, dbPath, "leads", "import", writeFile(t, dir, "leads.csv", "email,first_name\njo@acme.test,Jo\n"), "--list", "mail")
	seq := writeFile(t, dir, "seq.yaml", "name: mail\nsteps:\n  - id: hello\n    email: {subject: \"Hello {{first_name}}\", body: \"Hi {{first_name}}.\"}\n")
	mustCLI(t, dbPath, "campaigns", "create", "--name", "mail", "--list", "mail", "--accounts", "m6", "--sequence", seq)
	mustCLI(t, dbPath, "campaigns", "start", "mail")

	// Next Monday 10:00 UTC, inside the default working hours.
	now := time.Now().UTC().Truncate(24 * time.Hour)
	for now.Weekday() != time.Monday || now.Before(time.Now()) {
		now = now.Add(24 * time.Hour)
	}
	clk := &mailClock{t: now.Add(10 * time.Hour)}
	runner := &runtime.Runner{Store: db.store, Clock: clk, Seed: 1, Logger: logger,
		Executor: &mailRouter{accounts: db.store, mail: mail, other: &assist.Router{Accounts: db.store, Desk: &assist.Desk{Store: db.store, NowFunc: clk.Now}}}}
	for ticks := 0; ; ticks++ {
		res, err := runner.Tick(ctx, "m6")
		if err != nil {
			t.Fatal(err)
		}
		if m.smtp.count() > 0 {
			break
		}
		if ticks > 200 || res.Wake.IsZero() {
			t.Fatalf("after %d ticks no email sent from the mailbox added while serving (wake %v); stderr: %s", ticks, res.Wake, stderr)
		}
		clk.t = res.Wake.Truncate(time.Microsecond).Add(time.Microsecond)
	}
	acts, err := db.store.Actions(ctx, "m6", time.Time{}, clk.t.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	for _, act := range acts {
		if act.Result != paceline.ResultDone {
			t.Errorf("action %s of the mailbox added while serving: %s, want done at the first try", act.Key, act.Result)
		}
	}

	// Its inbox is read without a restart.
	deadline := time.Now().Add(10 * time.Second)
	for {
		cp, err := db.store.MailCheckpoint(ctx, "m6")
		if err != nil {
			t.Fatal(err)
		}
		if cp.UIDValidity != 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the inbox of the mailbox added while serving was not read; stderr: %s", stderr)
		}
		time.Sleep(20 * time.Millisecond)
	}
	rec := httptest.NewRecorder()
	mail.handler(nil, db.store).ServeHTTP(rec, httptest.NewRequest("GET", unsubscribePath(t, a, "email:jo@acme.test", "mail"), nil))
	if rec.Code != 200 {
		t.Errorf("GET of its unsubscribe link: %d, want 200", rec.Code)
	}
	if s := stderr.String(); !strings.Contains(s, "email account m6 added while serving") {
		t.Errorf("stderr does not say the new mailbox runs: %q", s)
	}

	// New settings build it again.
	set, err := db.store.Mailbox(ctx, "m6")
	if err != nil {
		t.Fatal(err)
	}
	poller := func() *email.Poller {
		mail.boxMu.RLock()
		defer mail.boxMu.RUnlock()
		return mail.pollers["m6"]
	}
	old := poller()
	set.FooterAddress = "2 Main St, Springfield"
	time.Sleep(10 * time.Millisecond) // a later UpdatedAt
	if err := db.store.SetMailbox(ctx, set); err != nil {
		t.Fatal(err)
	}
	for poller() == old || !strings.Contains(stderr.String(), "email account m6 runs with its new mailbox settings") {
		if time.Now().After(deadline.Add(5 * time.Second)) {
			t.Fatalf("new settings did not build the mailbox again; stderr %q", stderr)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
