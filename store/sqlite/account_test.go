package sqlite

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// newAccount is a valid account with every field set away from its default.
func newAccount(name string) *paceline.Account {
	return &paceline.Account{
		Name:     name,
		Type:     paceline.TypeSalesNavigator,
		Executor: paceline.ExecutorAssist,
		State:    paceline.AccountPaused,
		TimeZone: "Europe/Paris",
		Hours:    paceline.WorkingHours{Start: 8*60 + 30, End: 24 * 60},
		Days:     1<<time.Saturday | 1<<time.Sunday | 1<<time.Wednesday,
		MinGap:   2*time.Minute + 7*time.Millisecond,
		Safety:   0.85,
		Caps:     map[paceline.ActionKind]int{paceline.KindInvite: 80, paceline.KindInMail: 0},
		Opened:   time.Date(2025, 11, 3, 0, 0, 0, 0, time.UTC),
	}
}

func TestAccountRoundTrip(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()

	full := newAccount("bob-salesnav")
	plain := &paceline.Account{
		Name: "alice-free", Type: paceline.TypeFree, Executor: paceline.ExecutorSim,
		TimeZone: "UTC", Hours: paceline.DefaultWorkingHours, Days: paceline.DefaultWorkingDays,
		MinGap: paceline.DefaultMinGap, Safety: 1,
		CreatedAt: time.Date(2026, 1, 5, 10, 0, 0, 1, time.FixedZone("X", 3600)),
	}
	for _, a := range []*paceline.Account{full, plain} {
		if err := s.CreateAccount(ctx, a); err != nil {
			t.Fatalf("create %s: %v", a.Name, err)
		}
		if a.ID == 0 {
			t.Fatalf("create %s: no ID set", a.Name)
		}
	}
	if full.CreatedAt != clock || full.UpdatedAt != clock {
		t.Errorf("created/updated %v/%v, want the store clock %v", full.CreatedAt, full.UpdatedAt, clock)
	}
	if plain.State != paceline.AccountActive {
		t.Errorf("state of a new account %q, want active", plain.State)
	}
	if want := time.Date(2026, 1, 5, 9, 0, 0, 1, time.UTC); plain.CreatedAt != want {
		t.Errorf("given CreatedAt stored as %v, want %v", plain.CreatedAt, want)
	}
	// Read back what was written: caps of a plain account are an empty map, not nil.
	plain.Caps = map[paceline.ActionKind]int{}

	for _, want := range []*paceline.Account{full, plain} {
		got, err := s.Account(ctx, want.Name)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Account(%s)\n got %+v\nwant %+v", want.Name, got, want)
		}
	}
	list, err := s.Accounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || !reflect.DeepEqual(list[0], plain) || !reflect.DeepEqual(list[1], full) {
		t.Errorf("Accounts() = %+v, want alice then bob as created", list)
	}
}

func TestAccountsEmpty(t *testing.T) {
	t.Parallel()
	list, err := openTest(t).Accounts(context.Background())
	if err != nil || len(list) != 0 {
		t.Fatalf("Accounts() = %v, %v; want none", list, err)
	}
}

func TestCreateAccountErrors(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	if err := s.CreateAccount(ctx, newAccount("taken")); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		edit  func(a *paceline.Account)
		code  string
		field string
	}{
		{"duplicate name", func(a *paceline.Account) { a.Name = "taken" }, paceline.ECONFLICT, "name"},
		{"empty name", func(a *paceline.Account) { a.Name = "" }, paceline.EINVALID, "name"},
		{"bad type", func(a *paceline.Account) { a.Type = "gold" }, paceline.EINVALID, "type"},
		{"bad zone", func(a *paceline.Account) { a.TimeZone = "Mars/Olympus" }, paceline.EINVALID, "time-zone"},
		{"negative cap", func(a *paceline.Account) { a.Caps[paceline.KindMessage] = -1 }, paceline.EINVALID, "cap"},
		{"bad state", func(a *paceline.Account) { a.State = "asleep" }, paceline.EINVALID, "state"},
		{"bad executor", func(a *paceline.Account) { a.Executor = "robot" }, paceline.EINVALID, "executor"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := newAccount("fresh")
			tt.edit(a)
			err := s.CreateAccount(ctx, a)
			wantCode(t, err, tt.code)
			if tt.field != "" && !strings.HasPrefix(paceline.ErrorMessage(err), tt.field+": ") {
				t.Errorf("message %q does not name the field %s", paceline.ErrorMessage(err), tt.field)
			}
		})
	}
	list, err := s.Accounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 {
		t.Fatalf("%d accounts after failed creates, want 1", len(list))
	}
	var caps int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM account_caps`).Scan(&caps); err != nil {
		t.Fatal(err)
	}
	if caps != 2 {
		t.Fatalf("%d cap rows after failed creates, want the 2 of the first account", caps)
	}
}

func TestAccountNotFound(t *testing.T) {
	t.Parallel()
	_, err := openTest(t).Account(context.Background(), "ghost")
	wantCode(t, err, paceline.ENOTFOUND)
	msg := paceline.ErrorMessage(err)
	if !strings.Contains(msg, `"ghost"`) || !strings.Contains(msg, "paceline accounts list") {
		t.Errorf("message %q should name the account and suggest paceline accounts list", msg)
	}
}

func TestUpdateAccount(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	a := newAccount("carol")
	other := newAccount("dave")
	for _, x := range []*paceline.Account{a, other} {
		if err := s.CreateAccount(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	act := &paceline.Action{At: clock, Account: "carol", Kind: paceline.KindVisit, Result: paceline.ResultDone}
	if err := s.RecordAction(ctx, act); err != nil {
		t.Fatal(err)
	}

	later := clock.Add(time.Hour)
	s.NowFunc = func() time.Time { return later }
	a.Name = "carol-renamed"
	a.State = paceline.AccountActive
	a.Safety = 0.5
	a.Caps = map[paceline.ActionKind]int{paceline.KindMessage: 120}
	a.Opened = time.Time{}
	if err := s.UpdateAccount(ctx, a); err != nil {
		t.Fatal(err)
	}
	got, err := s.Account(ctx, "carol-renamed")
	if err != nil {
		t.Fatal(err)
	}
	if got.UpdatedAt != later || got.CreatedAt != clock {
		t.Errorf("created/updated %v/%v, want %v/%v", got.CreatedAt, got.UpdatedAt, clock, later)
	}
	if !reflect.DeepEqual(got, a) {
		t.Errorf("after update\n got %+v\nwant %+v", got, a)
	}
	if _, err := s.Account(ctx, "carol"); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Errorf("old name still found: %v", err)
	}
	moved, err := s.Actions(ctx, "carol-renamed", clock, later)
	if err != nil || len(moved) != 1 || moved[0].ID != act.ID {
		t.Errorf("ledger after rename = %v, %v; want the action carried over", moved, err)
	}

	a.Name = "dave"
	wantCode(t, s.UpdateAccount(ctx, a), paceline.ECONFLICT)
	ghost := newAccount("ghost")
	ghost.ID = 9999
	wantCode(t, s.UpdateAccount(ctx, ghost), paceline.ENOTFOUND)
	a.Name = "carol-renamed"
	a.Safety = 2
	wantCode(t, s.UpdateAccount(ctx, a), paceline.EINVALID)
}
