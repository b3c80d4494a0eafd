package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paceline/paceline"
)

// racingStore is a store on which another command writes the account just after each
// of the first races reads of it: between the read and the write of the command under
// test.
type racingStore struct {
	accountRewriter
	races int
	other func()
}

func (r *racingStore) Account(ctx context.Context, name string) (*paceline.Account, error) {
	a, err := r.accountRewriter.Account(ctx, name)
	if r.races > 0 {
		r.races--
		r.other()
	}
	return a, err
}

// A review found accounts pause, resume, connections, sign and linkedin
// import-archive wrote the whole account row they had read: an accounts update stored
// between the read and the write was undone. Here an update of the safety lands just
// after the pause reads the account: the pause is stored and the new safety kept.
// Should the account keep changing under it, the pause says to run it again and
// writes nothing.
func TestAccountsPauseKeepsAConcurrentUpdate(t *testing.T) {
	t.Parallel()
	t.Run("SQLite", func(t *testing.T) {
		t.Parallel()
		testAccountsPauseKeepsAConcurrentUpdate(t, filepath.Join(t.TempDir(), "p.db"))
	})
	t.Run("PostgreSQL", func(t *testing.T) {
		t.Parallel()
		testAccountsPauseKeepsAConcurrentUpdate(t, postgresSchema(t))
	})
}

func testAccountsPauseKeepsAConcurrentUpdate(t *testing.T, db string) {
	mustCLI(t, db, "accounts", "add", "--name", "ann", "--type", "free")
	ctx := context.Background()
	rw, err := asRewriter(openTestStore(t, db))
	if err != nil {
		t.Fatal(err)
	}
	safeties := []string{"0.8", "0.7", "0.6", "0.5", "0.4"}
	updates := 0
	st := &racingStore{accountRewriter: rw, races: 1, other: func() {
		mustCLI(t, db, "accounts", "update", "ann", "--safety", safeties[updates])
		updates++
	}}
	if err := storeAccountState(ctx, st, "ann", paceline.AccountPaused); err != nil {
		t.Fatalf("pause during an update: %v", err)
	}
	a, err := rw.Account(ctx, "ann")
	if err != nil {
		t.Fatal(err)
	}
	if a.State != paceline.AccountPaused || a.Safety != 0.8 {
		t.Fatalf("after a pause during an update: %s, safety %v; want paused, safety 0.8 (the update's)", a.State, a.Safety)
	}

	// An update after every read: the pause (here a resume) gives up, writing nothing.
	st.races = rewriteTries
	err = storeAccountState(ctx, st, "ann", paceline.AccountActive)
	msg := paceline.ErrorMessage(err)
	if paceline.ErrorCode(err) != paceline.ECONFLICT || !strings.Contains(msg, "ann changed while it was being updated") || !strings.Contains(msg, "run the command again") {
		t.Fatalf("resume while the account keeps changing: %v; want the conflict saying to run it again", err)
	}
	if a, err = rw.Account(ctx, "ann"); err != nil {
		t.Fatal(err)
	}
	if a.State != paceline.AccountPaused || a.Safety != 0.5 {
		t.Fatalf("after the refused resume: %s, safety %v; want paused, safety 0.5", a.State, a.Safety)
	}

	// sign and connections keep an update alike.
	st.races = 1
	if _, err := rewriteAccount(ctx, st, "ann", func(a *paceline.Account) (bool, error) {
		a.SenderName = "Ann"
		return true, nil
	}); err != nil {
		t.Fatal(err)
	}
	if a, err = rw.Account(ctx, "ann"); err != nil {
		t.Fatal(err)
	}
	if a.SenderName != "Ann" || a.Safety != 0.4 || a.State != paceline.AccountPaused {
		t.Fatalf("after sign during an update: %q, safety %v, %s", a.SenderName, a.Safety, a.State)
	}
}

// The commands themselves: each changes its own field and keeps the others.
func TestAccountCommandsChangeOnlyTheirField(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	mustCLI(t, db, "accounts", "add", "--name", "ann", "--type", "free")
	mustCLI(t, db, "accounts", "update", "ann", "--safety", "0.8")
	mustCLI(t, db, "accounts", "pause", "ann")
	mustCLI(t, db, "accounts", "sign", "ann", "Ann")
	mustCLI(t, db, "accounts", "connections", "ann", "120")
	st := openTestStore(t, db)
	a, err := st.Account(context.Background(), "ann")
	if err != nil {
		t.Fatal(err)
	}
	if a.State != paceline.AccountPaused || a.Safety != 0.8 || a.SenderName != "Ann" || a.Connections != 120 {
		t.Fatalf("ann: %s, safety %v, signs %q, %d connections", a.State, a.Safety, a.SenderName, a.Connections)
	}
	mustCLI(t, db, "accounts", "resume", "ann")
	if a, err = st.Account(context.Background(), "ann"); err != nil || a.State != paceline.AccountActive {
		t.Fatalf("after resume: %+v, %v", a, err)
	}
}

// accounts resume on a PostgreSQL database without the job queue's tables is refused
// before the account is marked active: it stays paused.
func TestResumeWithoutJobQueueLeavesTheAccountPaused(t *testing.T) {
	t.Parallel()
	db, _ := postgresAt(t, latestSchema(t))
	mustCLI(t, db, "accounts", "add", "--name", "alice", "--type", "free")
	mustCLI(t, db, "accounts", "pause", "alice")
	code, _, errOut := runCLI("accounts", "resume", "alice", "--db", db)
	if code == exitOK || !strings.Contains(errOut, "holds none of the job queue's tables") {
		t.Fatalf("accounts resume without River's tables: exit %d, %q", code, errOut)
	}
	a, err := openTestStore(t, db).Account(context.Background(), "alice")
	if err != nil {
		t.Fatal(err)
	}
	if a.State != paceline.AccountPaused {
		t.Fatalf("after the refused resume alice is %s; want paused", a.State)
	}
	if code, _, errOut := runCLI("accounts", "resume", "nobody", "--db", db); code == exitOK || !strings.Contains(errOut, "nobody") {
		t.Fatalf("resume of an unknown account: exit %d, %q", code, errOut)
	}
}
