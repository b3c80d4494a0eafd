package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/executor/assist"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/runtime/runtimetest"
	"github.com/paceline/paceline/store/sqlite"
)

// acceptSequence invites and waits three weeks for the accept, then thanks the lead a
// day after it.
const acceptSequence = `name: wake
steps:
  - id: connect
    invite: {}
    wait_for: {event: accepted, timeout: 21d, on_timeout: withdraw}
  - id: hello
    delay: 1d
    if: connected
    message: "Thanks for connecting, {{first_name}}"
`

// acceptWaiting is a campaign on account a1 whose one lead, Ada, was invited and now
// waits for her accept: the account's tick sleeps until the wait's timeout, as a tick
// job snoozed to its wake-up does.
type acceptWaiting struct {
	db     *runtimeDB
	clock  *mailClock
	runner *runtime.Runner
	sent   *runtimetest.Bodies
	// timeout is the tick's wake-up after the invite: the end of the wait.
	timeout time.Time
}

func newAcceptWaiting(t *testing.T) *acceptWaiting {
	t.Helper()
	ctx := t.Context()
	dir := t.TempDir()
	path := filepath.Join(dir, "p.db")
	mustCLI(t, path, "accounts", "add", "--name", "a1", "--type", "sales-navigator", "--time-zone", "UTC",
		"--working-hours", "00:00-24:00", "--working-days", "mon-sun", "--min-gap", "0s", "--beyond-safe-limits")
	mustCLI(t, path, "leads", "import", writeFile(t, dir, "leads.csv", "First Name,Last Name,URL\n"+
		"Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace\n"), "--list", "q")
	mustCLI(t, path, "campaigns", "create", "--name", "q", "--list", "q", "--accounts", "a1",
		"--sequence", writeFile(t, dir, "s.yaml", acceptSequence))
	mustCLI(t, path, "campaigns", "start", "q")
	db, err := (&app{dbPath: path, stdout: io.Discard, stderr: io.Discard}).openRuntimeDB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	w := &acceptWaiting{db: db, clock: &mailClock{t: time.Now().UTC().Truncate(time.Microsecond).Add(time.Minute)}, sent: &runtimetest.Bodies{}}
	w.runner = &runtime.Runner{Store: db.store, Clock: w.clock, Executor: w.sent, Seed: 1}
	for range 100 {
		res, err := w.runner.Tick(ctx, "a1")
		if err != nil {
			t.Fatal(err)
		}
		if w.invited(t) {
			w.timeout = res.Wake
			break
		}
		if res.Wake.After(w.clock.t) {
			w.clock.t = res.Wake
		}
	}
	if !w.invited(t) || w.timeout.Before(w.clock.t.Add(20*24*time.Hour)) {
		t.Fatalf("invited %v, tick asleep until %s (now %s): want ada invited and the tick asleep for the 21-day wait", w.invited(t), w.timeout, w.clock.t)
	}
	w.sleep(t)
	return w
}

// invited reports whether a1 has sent Ada's invite.
func (w *acceptWaiting) invited(t *testing.T) bool {
	t.Helper()
	acts, err := w.db.store.Actions(t.Context(), "a1", time.Time{}, w.clock.t.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	return slices.ContainsFunc(acts, func(a paceline.Action) bool {
		return a.Kind == paceline.KindInvite && a.Result == paceline.ResultDone
	})
}

// sleep puts a1's tick job to sleep until the wait's timeout, as River keeps a tick
// that snoozed until its wake-up.
func (w *acceptWaiting) sleep(t *testing.T) {
	t.Helper()
	w.jobSQL(t, `UPDATE river_job SET state = 'scheduled', scheduled_at = ? WHERE kind = ?`, w.timeout, runtime.TickArgs{}.Kind())
	if due := w.tickDue(t); due {
		t.Fatal("the tick job is due right after it was put to sleep")
	}
}

// tickDue reports whether a1's tick job is ready to run now: available, and scheduled
// at the latest now.
func (w *acceptWaiting) tickDue(t *testing.T) bool {
	t.Helper()
	var n int
	w.jobSQL(t, `SELECT count(*) FROM river_job WHERE kind = ? AND state = 'available' AND scheduled_at <= ?`,
		runtime.TickArgs{}.Kind(), time.Now().UTC().Add(time.Second), &n)
	return n == 1
}

// jobSQL runs a statement on the job queue's tables; a last *int argument is scanned
// from a query's one row instead.
func (w *acceptWaiting) jobSQL(t *testing.T, q string, args ...any) {
	t.Helper()
	ctx := t.Context()
	st, ok := w.db.store.(*sqlite.Store)
	if !ok {
		t.Fatalf("the store is a %T, not a SQLite file's", w.db.store)
	}
	jdb, err := st.JobDB()
	if err != nil {
		t.Fatal(err)
	}
	defer jdb.Close()
	if n, ok := args[len(args)-1].(*int); ok {
		if err := jdb.QueryRowContext(ctx, q, args[:len(args)-1]...).Scan(n); err != nil {
			t.Fatal(err)
		}
		return
	}
	if _, err := jdb.ExecContext(ctx, q, args...); err != nil {
		t.Fatal(err)
	}
}

// followUp ticks a1 for two virtual days from now and checks that Ada was thanked
// well before the wait's timeout.
func (w *acceptWaiting) followUp(t *testing.T) {
	t.Helper()
	recs, err := w.db.store.RunningEnrollments(t.Context(), "a1")
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 {
		t.Fatalf("running enrollments %+v, want ada's", recs)
	}
	runtimetest.TickFor(t, w.runner, "a1", &w.clock.t, 2*24*time.Hour)
	if got := w.sent.Of("ada-lovelace"); !slices.Contains(got, "Thanks for connecting, Ada") {
		t.Fatalf("ada was sent %q by %s (the wait ends %s), want the thanks a day after her accept", got, w.clock.t, w.timeout)
	}
}

// QA: an accept posted to the API was counted by campaigns status at once, but the
// account's tick slept on until the wait's timeout, weeks later, with the enrollment
// still waiting for it. The API now wakes the tick, as a campaign start does: its job
// is due at once, and the thanks goes out a day after the accept.
func TestPostedAcceptWakesTheTick(t *testing.T) {
	t.Parallel()
	w := newAcceptWaiting(t)
	ctx := t.Context()
	jobs, err := w.db.migratedJobs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wake := func(ctx context.Context, account string) error { return jobs.Ensure(ctx, account, true) }
	a := &app{dbPath: w.db.name, stdout: io.Discard, stderr: io.Discard}
	desk := &assist.Desk{Store: w.db.store, NowFunc: w.clock.Now}
	h, err := a.appHandler(ctx, w.db, desk, nil, wake, w.clock.Now, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	const token = "plt_wake-test-token-0123456789abcdefghijkl"
	if _, err := w.db.store.CreateToken(ctx, "admin", "test", token[:8], paceline.HashSecret(token)); err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest("POST", "/api/v1/events", strings.NewReader(
		`{"account": "a1", "lead": "https://www.linkedin.com/in/ada-lovelace", "type": "accepted", "key": "qa-accept"}`))
	req.Header.Set("Authorization", "Bearer "+token)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusCreated {
		t.Fatalf("POST /api/v1/events: %d %s", rec.Code, rec.Body.String())
	}
	if !w.tickDue(t) {
		t.Fatalf("after the accept was posted, a1's tick still sleeps until %s", w.timeout)
	}
	w.followUp(t)
}

// The same accept, from LinkedIn's archive: linkedin import-archive wakes the tick too.
func TestImportedAcceptWakesTheTick(t *testing.T) {
	t.Parallel()
	w := newAcceptWaiting(t)
	// Ada accepted the invite the day it was sent: she is a connection now.
	conns := writeFile(t, t.TempDir(), "Connections.csv", "Notes:\n\"When exporting your connection data, you may notice ...\"\n\n"+
		"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"+
		"Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace/,,Engines,CEO,"+w.clock.t.Format("02 Jan 2006")+"\n")
	out := mustCLI(t, w.db.name, "linkedin", "import-archive", conns, "--account", "a1")
	if !strings.Contains(out, "1 accepted") {
		t.Fatalf("import-archive recorded no accept:\n%s", out)
	}
	if !w.tickDue(t) {
		t.Fatalf("after the archive's accept was imported, a1's tick still sleeps until %s", w.timeout)
	}
	w.followUp(t)
}
