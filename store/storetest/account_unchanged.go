package storetest

import (
	"context"
	"strings"
	"testing"

	"github.com/paceline/paceline"
)

// unchangedStore writes an account only if it is still as it was read.
type unchangedStore interface {
	UpdateAccountUnchanged(ctx context.Context, a *paceline.Account) error
}

// RunUpdateAccountUnchanged checks UpdateAccountUnchanged. A review found accounts
// update read the account, spent seconds logging in to mail servers, and wrote the
// whole row back: an accounts pause or a connection count stored meanwhile was undone.
// Written only if unchanged, the stale copy is refused with ECONFLICT and the pause
// stays; a fresh copy is written. tick moves the store's clock on, as time passes
// between two commands.
func RunUpdateAccountUnchanged(t *testing.T, s Store, tick func()) {
	t.Helper()
	us, ok := s.(unchangedStore)
	if !ok {
		t.Fatalf("%T has no UpdateAccountUnchanged", s)
	}
	ctx := context.Background()
	a := plainAccount("alice")
	if err := s.CreateAccount(ctx, a); err != nil {
		t.Fatal(err)
	}
	read := func() *paceline.Account {
		t.Helper()
		got, err := s.Account(ctx, "alice")
		if err != nil {
			t.Fatal(err)
		}
		return got
	}

	// accounts update reads alice; accounts pause and a connection count land meanwhile.
	stale := read()
	tick()
	paused := read()
	paused.State, paused.Connections, paused.ConnectionsAt = paceline.AccountPaused, 812, paused.UpdatedAt
	if err := s.UpdateAccount(ctx, paused); err != nil {
		t.Fatal(err)
	}
	tick()
	stale.Safety, stale.SenderName = 0.8, "Alice"
	err := us.UpdateAccountUnchanged(ctx, stale)
	wantCode(t, err, paceline.ECONFLICT)
	if msg := paceline.ErrorMessage(err); !containsAll(msg, "alice", "changed", "run the command again") {
		t.Errorf("message %q should name the account, say it changed and to run the command again", msg)
	}
	if got := read(); got.State != paceline.AccountPaused || got.Connections != 812 || got.Safety != 1 || got.SenderName != "" {
		t.Errorf("after the refused update: state %s, %d connections, safety %v, sender %q; want paused, 812, 1, none",
			got.State, got.Connections, got.Safety, got.SenderName)
	}

	// Read again, the update is written and keeps the pause.
	fresh := read()
	fresh.Safety, fresh.SenderName = 0.8, "Alice"
	if err := us.UpdateAccountUnchanged(ctx, fresh); err != nil {
		t.Fatalf("UpdateAccountUnchanged of a fresh copy: %v", err)
	}
	if got := read(); got.State != paceline.AccountPaused || got.Connections != 812 || got.Safety != 0.8 || got.SenderName != "Alice" {
		t.Errorf("after the update: state %s, %d connections, safety %v, sender %q; want paused, 812, 0.8, Alice",
			got.State, got.Connections, got.Safety, got.SenderName)
	}
	// Its new UpdatedAt is the one to compare with next.
	tick()
	fresh.SenderName = "Al"
	if err := us.UpdateAccountUnchanged(ctx, fresh); err != nil {
		t.Fatalf("a second UpdateAccountUnchanged of the written copy: %v", err)
	}

	gone := read()
	gone.ID += 9999
	wantCode(t, us.UpdateAccountUnchanged(ctx, gone), paceline.ENOTFOUND)
	withAccounts(t, s, "bob")
	taken := read()
	taken.Name = "bob"
	wantCode(t, us.UpdateAccountUnchanged(ctx, taken), paceline.ECONFLICT)
	wantField(t, us.UpdateAccountUnchanged(ctx, taken), "name")
}

// containsAll reports whether s contains every one of subs.
func containsAll(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}
