package main

import (
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/executor/assist"
	"github.com/paceline/paceline/runtime"
)

// TestServeHoldsAMailboxItsServerRefuses: while the SMTP server refuses the mailbox's
// login, serve fails no lead for it: the leads whose email comes due stay running, the
// mailbox is tried once per hold (5 minutes, doubling to an hour) rather than at every
// slot, and once the server takes the login again every lead gets its email, once.
// Before, each lead due during the outage failed three times and was stopped.
func TestServeHoldsAMailboxItsServerRefuses(t *testing.T) {
	t.Parallel()
	onBothStoresWithKey(t, testServeHoldsAMailbox)
}

func testServeHoldsAMailbox(t *testing.T, dbPath string, getenv func(string) string) {
	m := startMailServers(t)
	dir := t.TempDir()
	cli := func(args ...string) { runWith(t, getenv, dbPath, args...) }
	cli("migrate")
	cli(m.addArgs("ann-mail", passwordEnv(t, m.smtpPW), passwordEnv(t, m.imPW),
		"--footer-address", "1 Main St, Springfield", "--public-url", "https://pl.example.com")...)
	cli("leads", "import", writeFile(t, dir, "leads.csv", "email,first_name\njo@acme.test,Jo\nal@acme.test,Al\nbo@acme.test,Bo\n"), "--list", "mail")
	seq := writeFile(t, dir, "seq.yaml", `name: mail
steps:
  - id: hello
    email: {subject: "Hello {{first_name}}", body: "Hi {{first_name}},\n\na question."}
`)
	cli("campaigns", "create", "--name", "mail", "--list", "mail", "--accounts", "ann-mail", "--sequence", seq)
	cli("campaigns", "start", "mail")

	a := &app{dbPath: dbPath, stdout: io.Discard, stderr: io.Discard, getenv: getenv}
	ctx := t.Context()
	db, err := a.openRuntimeDB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Now().UTC().Truncate(24 * time.Hour)
	for now.Weekday() != time.Monday || now.Before(time.Now()) {
		now = now.Add(24 * time.Hour)
	}
	start := now.Add(9 * time.Hour)
	clk := &mailClock{t: start}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	mail, err := a.startMailboxes(ctx, db, clk.Now, logger)
	if err != nil || mail == nil {
		t.Fatalf("startMailboxes: %v, %v", mail, err)
	}
	runner := &runtime.Runner{Store: db.store, Clock: clk, Seed: 1, Logger: logger,
		Executor: &mailRouter{accounts: db.store, mail: mail, other: &assist.Router{Accounts: db.store}}, HeldFunc: mail.held}
	tickUntil := func(end time.Time, stop func() bool) {
		t.Helper()
		for ticks := 0; ; ticks++ {
			res, err := runner.Tick(ctx, "ann-mail")
			if err != nil {
				t.Fatal(err)
			}
			if stop() {
				return
			}
			if ticks > 500 || res.Wake.IsZero() {
				t.Fatalf("after %d ticks: %d emails (wake %v)", ticks, m.smtp.count(), res.Wake)
			}
			next := res.Wake.Truncate(time.Microsecond).Add(time.Microsecond)
			if next.After(end) {
				return
			}
			clk.t = next
		}
	}
	attempts := func() (done, failed int) {
		acts, err := db.store.Actions(ctx, "ann-mail", start.Add(-time.Hour), clk.t.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range acts {
			switch a.Result {
			case paceline.ResultDone:
				done++
			case paceline.ResultFailed:
				failed++
			}
		}
		return done, failed
	}

	// The provider revokes the password for three hours of the working day.
	m.smtp.setPass("revoked")
	tickUntil(start.Add(3*time.Hour), func() bool { return false })
	recs, err := db.store.RunningEnrollments(ctx, "ann-mail")
	if err != nil {
		t.Fatal(err)
	}
	done, failed := attempts()
	if len(recs) != 3 || done != 0 {
		t.Fatalf("after three hours of refused logins: %d leads running, %d emails out; want all 3 running, none out", len(recs), done)
	}
	// Holds of 5, 10, 20, 40 and 60 minutes: the 6th try comes at 11:15.
	if failed < 2 || failed > 6 {
		t.Errorf("%d failed tries in three hours, want one per hold (5-6), not one per slot", failed)
	}

	m.smtp.setPass(m.smtpPW)
	tickUntil(start.Add(12*time.Hour), func() bool { return m.smtp.count() >= 3 })
	if done, _ := attempts(); m.smtp.count() != 3 || done != 3 {
		t.Fatalf("after the password came back: %d emails sent, %d done in the ledger; want 3", m.smtp.count(), done)
	}
}
