package storetest

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

func testAccountRoundTrip(t *testing.T, s Store) {
	ctx := context.Background()
	full := fullAccount("bob-salesnav")
	plain := plainAccount("alice-free")
	plain.CreatedAt = time.Date(2026, 1, 5, 10, 0, 0, 1001, time.FixedZone("X", 3600))
	for _, a := range []*paceline.Account{full, plain} {
		if err := s.CreateAccount(ctx, a); err != nil {
			t.Fatalf("create %s: %v", a.Name, err)
		}
		if a.ID == 0 {
			t.Fatalf("create %s: no ID set", a.Name)
		}
	}
	if full.ID == plain.ID {
		t.Fatalf("both accounts got ID %d", full.ID)
	}
	if at(full.CreatedAt) != at(Clock) || at(full.UpdatedAt) != at(Clock) {
		t.Errorf("created/updated %v/%v, want the store clock %v", full.CreatedAt, full.UpdatedAt, Clock)
	}
	if plain.State != paceline.AccountActive {
		t.Errorf("state of a new account %q, want active", plain.State)
	}
	if want := time.Date(2026, 1, 5, 9, 0, 0, 1000, time.UTC); at(plain.CreatedAt) != want || at(plain.UpdatedAt) != want {
		t.Errorf("given CreatedAt stored as %v (updated %v), want %v for both", plain.CreatedAt, plain.UpdatedAt, want)
	}
	// What comes back is what was written; an account without overrides has an empty
	// map of caps, not nil, so that callers can index it without a check.
	plain.Caps = map[paceline.ActionKind]int{}
	for _, want := range []*paceline.Account{full, plain} {
		got, err := s.Account(ctx, want.Name)
		if err != nil {
			t.Fatal(err)
		}
		if g, w := gotAccount(t, got), normAccount(want); !reflect.DeepEqual(g, w) {
			t.Errorf("Account(%s)\n got %+v\nwant %+v", want.Name, g, w)
		}
	}
	list, err := s.Accounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 {
		t.Fatalf("Accounts() returned %d accounts, want 2", len(list))
	}
	// Sorted by name: alice before bob, whatever the order of creation.
	for i, want := range []*paceline.Account{plain, full} {
		if g, w := gotAccount(t, list[i]), normAccount(want); !reflect.DeepEqual(g, w) {
			t.Errorf("Accounts()[%d]\n got %+v\nwant %+v", i, g, w)
		}
	}
}

func testAccountsEmpty(t *testing.T, s Store) {
	list, err := s.Accounts(context.Background())
	if err != nil || len(list) != 0 {
		t.Fatalf("Accounts() = %v, %v; want none", list, err)
	}
}

func testCreateAccountErrors(t *testing.T, s Store) {
	ctx := context.Background()
	taken := fullAccount("taken")
	if err := s.CreateAccount(ctx, taken); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		edit  func(a *paceline.Account)
		code  string
		field string
	}{
		{"duplicate name", func(a *paceline.Account) { a.Name = "taken"; a.Caps[paceline.KindMessage] = 5 }, paceline.ECONFLICT, "name"},
		{"empty name", func(a *paceline.Account) { a.Name = "" }, paceline.EINVALID, "name"},
		{"bad type", func(a *paceline.Account) { a.Type = "gold" }, paceline.EINVALID, "type"},
		{"bad zone", func(a *paceline.Account) { a.TimeZone = "Mars/Olympus" }, paceline.EINVALID, "time-zone"},
		{"negative cap", func(a *paceline.Account) { a.Caps[paceline.KindMessage] = -1 }, paceline.EINVALID, "cap"},
		{"unknown cap kind", func(a *paceline.Account) { a.Caps["poke"] = 1 }, paceline.EINVALID, "cap"},
		{"bad state", func(a *paceline.Account) { a.State = "asleep" }, paceline.EINVALID, "state"},
		{"bad executor", func(a *paceline.Account) { a.Executor = "robot" }, paceline.EINVALID, "executor"},
		{"bad safety", func(a *paceline.Account) { a.Safety = 0 }, paceline.EINVALID, "safety"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := fullAccount("fresh")
			tt.edit(a)
			err := s.CreateAccount(ctx, a)
			wantCode(t, err, tt.code)
			wantField(t, err, tt.field)
		})
	}
	// Nothing of the failed creates was written, and the first account is untouched.
	list, err := s.Accounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 {
		t.Fatalf("%d accounts after failed creates, want 1", len(list))
	}
	if g, w := gotAccount(t, list[0]), normAccount(taken); !reflect.DeepEqual(g, w) {
		t.Fatalf("after failed creates\n got %+v\nwant %+v", g, w)
	}
}

func testAccountNotFound(t *testing.T, s Store) {
	_, err := s.Account(context.Background(), "ghost")
	wantCode(t, err, paceline.ENOTFOUND)
	msg := paceline.ErrorMessage(err)
	if !strings.Contains(msg, `"ghost"`) || !strings.Contains(msg, "paceline accounts list") {
		t.Errorf("message %q should name the account and suggest paceline accounts list", msg)
	}
}

func testUpdateAccount(t *testing.T, s Store) {
	ctx := context.Background()
	created := Clock.Add(-48 * time.Hour)
	a := fullAccount("carol")
	a.CreatedAt = created
	withAccounts(t, s, "dave")
	if err := s.CreateAccount(ctx, a); err != nil {
		t.Fatal(err)
	}
	act := &paceline.Action{At: Clock, Account: "carol", Kind: paceline.KindVisit, Result: paceline.ResultDone}
	if err := s.RecordAction(ctx, act); err != nil {
		t.Fatal(err)
	}
	ev := &paceline.Event{At: Clock, Account: "carol", Type: paceline.EventWarning}
	if _, err := s.RecordEvent(ctx, ev); err != nil {
		t.Fatal(err)
	}

	a.Name = "carol-renamed"
	a.Type = paceline.TypePremiumCareer
	a.Executor = paceline.ExecutorAgent
	a.State = paceline.AccountActive
	a.TimeZone = "America/St_Johns"
	a.Hours = paceline.WorkingHours{Start: 0, End: 60}
	a.Days = 1 << time.Monday
	a.MinGap = 0
	a.Safety = 0.5
	a.Caps = map[paceline.ActionKind]int{paceline.KindMessage: 120}
	a.Opened = time.Time{}
	a.SenderName = "Carol-Ann"
	if err := s.UpdateAccount(ctx, a); err != nil {
		t.Fatal(err)
	}
	if at(a.UpdatedAt) != at(Clock) {
		t.Errorf("UpdatedAt set to %v, want the store clock %v", a.UpdatedAt, Clock)
	}
	got, err := s.Account(ctx, "carol-renamed")
	if err != nil {
		t.Fatal(err)
	}
	if at(got.CreatedAt) != at(created) || at(got.UpdatedAt) != at(Clock) {
		t.Errorf("created/updated %v/%v, want %v/%v", got.CreatedAt, got.UpdatedAt, created, Clock)
	}
	if g, w := gotAccount(t, got), normAccount(a); !reflect.DeepEqual(g, w) {
		t.Errorf("after update\n got %+v\nwant %+v", g, w)
	}
	if _, err := s.Account(ctx, "carol"); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Errorf("old name still found: %v", err)
	}
	// A rename carries the ledger and the events along: usage is counted by name.
	moved, err := s.Actions(ctx, "carol-renamed", Clock, Clock.Add(time.Second))
	if err != nil || len(moved) != 1 || moved[0].ID != act.ID {
		t.Errorf("ledger after rename = %+v, %v; want the action carried over", moved, err)
	}
	events, err := s.Events(ctx, "carol-renamed", Clock, Clock.Add(time.Second))
	if err != nil || len(events) != 1 || events[0].ID != ev.ID {
		t.Errorf("events after rename = %+v, %v; want the event carried over", events, err)
	}
	if old, err := s.Actions(ctx, "carol", Clock, Clock.Add(time.Second)); err != nil || len(old) != 0 {
		t.Errorf("ledger under the old name = %+v, %v; want none", old, err)
	}
}

func testUpdateAccountErrors(t *testing.T, s Store) {
	ctx := context.Background()
	withAccounts(t, s, "carol", "dave")
	before, err := s.Account(ctx, "carol")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		edit  func(a *paceline.Account)
		code  string
		field string
	}{
		{"name taken", func(a *paceline.Account) {
			a.Name = "dave"
			a.Caps = map[paceline.ActionKind]int{paceline.KindEmail: 9}
		}, paceline.ECONFLICT, "name"},
		{"no such id", func(a *paceline.Account) { a.ID += 9999 }, paceline.ENOTFOUND, ""},
		{"bad safety", func(a *paceline.Account) { a.Safety = 2 }, paceline.EINVALID, "safety"},
		{"bad state", func(a *paceline.Account) { a.State = "" }, paceline.EINVALID, "state"},
		{"empty name", func(a *paceline.Account) { a.Name = "" }, paceline.EINVALID, "name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := *before
			a.Caps = map[paceline.ActionKind]int{}
			tt.edit(&a)
			err := s.UpdateAccount(ctx, &a)
			wantCode(t, err, tt.code)
			if tt.field != "" {
				wantField(t, err, tt.field)
			}
		})
	}
	// A failed update changes nothing, neither the row nor its cap overrides.
	after, err := s.Account(ctx, "carol")
	if err != nil {
		t.Fatal(err)
	}
	if g, w := gotAccount(t, after), normAccount(before); !reflect.DeepEqual(g, w) {
		t.Fatalf("after failed updates\n got %+v\nwant %+v", g, w)
	}
}

// Accounts come sorted by name byte by byte, as Go's sort.Strings would sort them, so
// that listings do not depend on the database's collation.
func testAccountsSortedByName(t *testing.T, s Store) {
	withAccounts(t, s, "bob", "Zoe", "alice", "Émile", "bob-2", "al", "bob_1")
	list, err := s.Accounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, a := range list {
		names = append(names, a.Name)
	}
	if want := []string{"Zoe", "al", "alice", "bob", "bob-2", "bob_1", "Émile"}; !reflect.DeepEqual(names, want) {
		t.Fatalf("Accounts() in order %q, want %q", names, want)
	}
}
