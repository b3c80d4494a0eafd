package main

import (
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/paceline/paceline"
)

// removeMailboxFixture makes ann, a simulated LinkedIn seat with a mailbox of its
// own, and a draft campaign mail over a list of one lead, sent by ann.
func removeMailboxFixture(t *testing.T, db string, getenv func(string) string) {
	t.Helper()
	dir := t.TempDir()
	for _, args := range [][]string{
		{"accounts", "add", "--name", "ann", "--type", "free", "--executor", "sim"},
		{"accounts", "update", "ann", "--from", "Ann Example <ann@paceline.test>",
			"--smtp", "smtp://ann@127.0.0.1:1", "--imap", "imaps://ann@127.0.0.1:1",
			"--smtp-password-env", passwordEnv(t, "pw"), "--imap-password-env", passwordEnv(t, "pw"),
			"--footer-address", "1 Main St, Springfield", "--public-url", "https://pl.example.com", "--skip-check"},
		{"leads", "import", writeFile(t, dir, "leads.csv", "email,first_name\njo@acme.test,Jo\n"), "--list", "mail"},
		{"campaigns", "create", "--name", "mail", "--list", "mail", "--accounts", "ann",
			"--sequence", writeFile(t, dir, "seq.yaml", "name: mail\nsteps:\n  - id: hello\n    email: {subject: \"Hello\", body: \"Hi {{first_name}}\"}\n")},
	} {
		if _, err := runMailUpdate(getenv, db, args...); err != nil {
			t.Fatalf("paceline %s: %s", strings.Join(args, " "), paceline.ErrorMessage(err))
		}
	}
}

// checkMailboxKept checks that --remove-mailbox was refused for ann's running lead and
// left the mailbox where it was.
func checkMailboxKept(t *testing.T, db string, err error) {
	t.Helper()
	checkMailboxKeptFor(t, db, err, "ann has 1 running lead: it has sent no email yet, but its email steps would be skipped from now on")
}

// checkMailboxKeptFor checks that --remove-mailbox was refused with a message that
// holds want and left ann's mailbox where it was.
func checkMailboxKeptFor(t *testing.T, db string, err error, want string) {
	t.Helper()
	if err == nil || !strings.Contains(paceline.ErrorMessage(err), want) {
		t.Errorf("--remove-mailbox of ann: %v; want the refusal %q", err, want)
	}
	acct, err := openTestStore(t, db).Account(t.Context(), "ann")
	if err != nil || !acct.Mailbox {
		t.Errorf("ann after the refused --remove-mailbox: %+v, %v; want its mailbox kept", acct, err)
	}
}

// A campaign start enrolls its leads, then makes the campaign active. accounts update
// --remove-mailbox between the two counted only the leads of active campaigns, found
// none, and took the mailbox of a seat whose leads then ran without it. The removal
// counts the leads of a draft campaign too, in the transaction that removes it.
func TestRemoveMailboxDuringAStartIsRefused(t *testing.T) {
	t.Parallel()
	onBothStoresWithKey(t, func(t *testing.T, db string, getenv func(string) string) {
		removeMailboxFixture(t, db, getenv)
		st := openTestStore(t, db).(serviceStore)
		// The start's first half: the lead enrolled, the campaign still a draft.
		if n, err := st.AddEnrollments(t.Context(), "mail", []paceline.EnrollmentRecord{
			{Lead: "email:jo@acme.test", Account: "ann", LeadFacts: "{}", Started: time.Now()}}); err != nil || n != 1 {
			t.Fatalf("AddEnrollments: %d, %v", n, err)
		}
		_, err := runMailUpdate(getenv, db, "accounts", "update", "ann", "--remove-mailbox")
		checkMailboxKept(t, db, err)
	})
}

// A paused campaign's leads are running leads for --remove-mailbox: when it resumes
// their email steps find no mailbox, and replies to what they were sent come to an
// inbox no longer read. The removal counted only active and draft campaigns and took
// ann's mailbox under a paused campaign's lead. The refusal says the lead is in a
// paused campaign, and how such leads end; --force still takes the mailbox.
func TestRemoveMailboxWithAPausedCampaignIsRefused(t *testing.T) {
	t.Parallel()
	onBothStoresWithKey(t, func(t *testing.T, db string, getenv func(string) string) {
		removeMailboxFixture(t, db, getenv)
		ctx := t.Context()
		st := openTestStore(t, db).(serviceStore)
		if n, err := st.AddEnrollments(ctx, "mail", []paceline.EnrollmentRecord{
			{Lead: "email:jo@acme.test", Account: "ann", LeadFacts: "{}", Started: time.Now()}}); err != nil || n != 1 {
			t.Fatalf("AddEnrollments: %d, %v", n, err)
		}
		if err := st.SetCampaignState(ctx, "mail", paceline.CampaignActive, ""); err != nil {
			t.Fatal(err)
		}
		if err := st.SetCampaignState(ctx, "mail", paceline.CampaignPaused, "a pause for the test"); err != nil {
			t.Fatal(err)
		}
		_, err := runMailUpdate(getenv, db, "accounts", "update", "ann", "--remove-mailbox")
		checkMailboxKeptFor(t, db, err, "ann has 1 running lead, in a paused campaign, which runs it on when resumed: it has sent no email yet, but its email steps would be skipped from now on")
		if err != nil && !strings.Contains(paceline.ErrorMessage(err), "(a paused campaign's leads end when it is stopped: paceline campaigns stop NAME)") {
			t.Errorf("the refusal does not say how a paused campaign's leads end: %s", paceline.ErrorMessage(err))
		}
		if _, err := runMailUpdate(getenv, db, "accounts", "update", "ann", "--remove-mailbox", "--force"); err != nil {
			t.Fatalf("--remove-mailbox --force: %s", paceline.ErrorMessage(err))
		}
		if acct, err := openTestStore(t, db).Account(ctx, "ann"); err != nil || acct.Mailbox {
			t.Errorf("ann after --remove-mailbox --force: %+v, %v; want no mailbox", acct, err)
		}
	})
}

// On PostgreSQL a start that enrolls on ann while --remove-mailbox runs: the count of
// ann's running leads, read before the start committed, found none, and the removal
// then waited for the start's lock on ann's row and took the mailbox all the same. The
// count is now taken after the removal has locked the row: it waits for the start and
// sees its lead. The test holds the start's transaction open (its enrollment inserted,
// so ann's row held FOR KEY SHARE by the foreign key) until the removal is seen
// waiting for it (pg_blocking_pids), then commits.
func TestRemoveMailboxWaitsForAStartOnPostgres(t *testing.T) {
	t.Parallel()
	db := postgresSchema(t)
	getenv := keyEnv(t)
	removeMailboxFixture(t, db, getenv)
	ctx := t.Context()
	st := openTestStore(t, db).(serviceStore)
	if err := st.SetCampaignState(ctx, "mail", paceline.CampaignActive, ""); err != nil {
		t.Fatal(err)
	}
	start, err := pgx.Connect(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer start.Close(ctx)
	watch, err := pgx.Connect(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer watch.Close(ctx)
	tx, err := start.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	var pid int
	if err := tx.QueryRow(ctx, `SELECT pg_backend_pid()`).Scan(&pid); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO enrollments
		(campaign_id, lead, account, step, state, due, reason, lead_facts, snapshot, held, started_at, updated_at, include_replied)
		SELECT id, 'email:jo@acme.test', 'ann', 0, 'new', now(), '', '{}', '', FALSE, now(), now(), FALSE
		FROM campaigns WHERE name = 'mail'`); err != nil {
		t.Fatal(err)
	}

	done := make(chan error, 1)
	go func() {
		_, err := runMailUpdate(getenv, db, "accounts", "update", "ann", "--remove-mailbox")
		done <- err
	}()
	// The barrier: the removal is waiting for the start's transaction.
	for waiting := 0; waiting == 0; {
		select {
		case err := <-done:
			t.Fatalf("--remove-mailbox ended without waiting for the start's lock on ann: %v", err)
		default:
		}
		if err := watch.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))`, pid).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	checkMailboxKept(t, db, <-done)
}
