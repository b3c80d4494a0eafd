package main

import (
	"context"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/store/postgres"
)

// clockedStore is a runtime store with a sped-up clock stored and the given accounts.
type clockedStore struct {
	runtimeStore
	speed    float64
	accounts []*paceline.Account
}

func (s clockedStore) Clock(context.Context) (float64, time.Time, time.Time, time.Time, bool, error) {
	now := time.Now()
	return s.speed, now, now, now, true, nil
}

func (s clockedStore) Accounts(context.Context) ([]*paceline.Account, error) { return s.accounts, nil }

// The refusal of a stored sped-up clock suggests paceline demo only on a SQLite file
// the demo would run on (its accounts and no other), quoted for the shell: demo
// refuses a database of one's own (QA: it was suggested for one, and then put the
// user's seats in its campaign) and PostgreSQL. On PostgreSQL it names the server
// without the URL's password.
func TestSpedUpRefusalHint(t *testing.T) {
	t.Parallel()
	demo := clockedStore{speed: 3360, accounts: []*paceline.Account{
		{Name: "demo-free", Executor: paceline.ExecutorSim}, {Name: "demo-you", Executor: paceline.ExecutorAssist}}}
	ctx := context.Background()

	file := filepath.Join("my dir", "demo.db")
	err := onlySimulated(ctx, demo, 0, file, file)
	msg := paceline.ErrorMessage(err)
	if !strings.Contains(msg, "account demo-you uses the assist executor") || !strings.Contains(msg, "add --speed 1") ||
		!strings.HasSuffix(msg, "or go on with paceline demo --db 'my dir/demo.db'") {
		t.Errorf("the demo's file: %v", msg)
	}

	st := clockedStore{speed: 3360, accounts: []*paceline.Account{
		{Name: "bot", Executor: paceline.ExecutorSim}, {Name: "ann", Executor: paceline.ExecutorAssist}}}
	err = onlySimulated(ctx, st, 0, "paceline.db", "paceline.db")
	msg = paceline.ErrorMessage(err)
	if !strings.Contains(msg, "account ann uses the assist executor") || !strings.Contains(msg, "add --speed 1") ||
		strings.Contains(msg, "demo --db") {
		t.Errorf("a file of one's own: %v", msg)
	}

	pg := "postgres://paceline:s3cret@db.example:5432/paceline?sslmode=disable"
	err = onlySimulated(ctx, st, 0, pg, "PostgreSQL at db.example:5432")
	msg = paceline.ErrorMessage(err)
	if !strings.Contains(msg, "the clock stored in PostgreSQL at db.example:5432 runs 3360x") ||
		!strings.Contains(msg, "add --speed 1") || strings.Contains(msg, "demo --db") || strings.Contains(msg, "s3cret") {
		t.Errorf("PostgreSQL: %v", msg)
	}

	// --speed given: without it the stored speed is kept, refused too, so --speed 1.
	if err := onlySimulated(ctx, st, 1000, pg, "PostgreSQL"); !strings.Contains(paceline.ErrorMessage(err), "give --speed 1 instead") {
		t.Errorf("--speed 1000: %v", err)
	}
	if err := onlySimulated(ctx, st, 1, pg, "PostgreSQL"); err != nil {
		t.Errorf("--speed 1: %v", err)
	}
}

// serve on a PostgreSQL database whose stored clock is sped up, with an assisted
// account, is refused with a hint that works there: no paceline demo (which refuses
// PostgreSQL), and never the password of --db.
func TestSpedUpRefusalOnPostgres(t *testing.T) {
	t.Parallel()
	db := postgresSchema(t)
	u, err := url.Parse(db)
	if err != nil {
		t.Fatal(err)
	}
	if _, has := u.User.Password(); !has {
		// A password the test server ignores (trust), to see that it is never printed.
		u.User = url.UserPassword(u.User.Username(), "pw-never-shown")
	}
	pass, _ := u.User.Password()
	db = u.String()
	mustCLI(t, db, "accounts", "add", "--name", "ann", "--type", "free", "--executor", "assist")
	ctx := context.Background()
	st, err := postgres.Open(ctx, db)
	if err != nil {
		t.Skipf("the server does not take the URL with a password: %v", err)
	}
	if _, err := runtime.StartClock(ctx, st, 3360); err != nil {
		t.Fatal(err)
	}
	st.Close()
	code, out, errOut := cli(t, db, "serve", "--addr", "127.0.0.1:0")
	all := out + errOut
	if code == exitOK || !strings.Contains(all, "runs 3360x") || !strings.Contains(all, "add --speed 1") ||
		strings.Contains(all, "demo --db") || strings.Contains(all, pass) {
		t.Errorf("serve of a sped-up PostgreSQL database: exit %d\n%s", code, all)
	}
	// The hint works: --speed 1 passes the check (serve would then run until
	// stopped, so the check is run alone).
	st, err = postgres.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := onlySimulated(ctx, st, 1, db, "PostgreSQL"); err != nil {
		t.Errorf("--speed 1: %v", err)
	}
}

// A simulated seat with a mailbox of its own sends real email: serve refuses a
// sped-up clock for it, as for a real executor, or a week's email allowance would go
// to real people in minutes. A simulated seat without one is served sped up.
func TestSpedUpRefusedForASimulatedSeatsMailbox(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	plain := clockedStore{speed: 2000, accounts: []*paceline.Account{{Name: "bot", Executor: paceline.ExecutorSim}}}
	if err := onlySimulated(ctx, plain, 2000, "p.db", "p.db"); err != nil {
		t.Fatalf("a simulated seat without a mailbox, sped up: %v", err)
	}
	mailing := clockedStore{speed: 2000, accounts: []*paceline.Account{{Name: "sb", Executor: paceline.ExecutorSim, Mailbox: true}}}
	err := onlySimulated(ctx, mailing, 2000, "p.db", "p.db")
	if msg := paceline.ErrorMessage(err); !strings.Contains(msg, "sb has a mailbox of its own, which acts in real time: give --speed 1 instead") {
		t.Errorf("--speed 2000 with a simulated seat's mailbox: %v", err)
	}
	err = onlySimulated(ctx, mailing, 0, "p.db", "p.db")
	if msg := paceline.ErrorMessage(err); !strings.Contains(msg, "account sb has a mailbox of its own, which acts in real time: add --speed 1") {
		t.Errorf("stored sped-up clock with a simulated seat's mailbox: %v", err)
	}
}
