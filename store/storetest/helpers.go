package storetest

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// fullAccount is a valid account with every field set away from its default, so a
// field the store forgets to write or read shows.
func fullAccount(name string) *paceline.Account {
	return &paceline.Account{
		Name:     name,
		Type:     paceline.TypeSalesNavigator,
		Executor: paceline.ExecutorAssist,
		State:    paceline.AccountPaused,
		TimeZone: "Europe/Paris",
		Hours:    paceline.WorkingHours{Start: 8*60 + 30, End: 24 * 60},
		Days:     1<<time.Saturday | 1<<time.Sunday | 1<<time.Wednesday,
		MinGap:   2*time.Minute + 7*time.Millisecond + 3,
		Safety:   0.85,
		// A zero cap (the kind is off) and the largest cap (no limit in practice) must
		// both come back as written.
		Caps: map[paceline.ActionKind]int{paceline.KindInvite: 80, paceline.KindInMail: 0, paceline.KindVisit: math.MaxInt},
		// The other preset numbers are overridable too, and share the caps table.
		Limits:     map[string]int{paceline.LimitInMailMonthly: 20, paceline.LimitNoteQuotaMonthly: 0, "daily_invite": 25},
		Opened:     time.Date(2025, 11, 3, 7, 45, 1, 250000, time.UTC),
		SenderName: "Zoë",
	}
}

// plainAccount is a valid account with the defaults a user gets from accounts add.
func plainAccount(name string) *paceline.Account {
	return &paceline.Account{
		Name: name, Type: paceline.TypeFree, Executor: paceline.ExecutorSim,
		TimeZone: "UTC", Hours: paceline.DefaultWorkingHours, Days: paceline.DefaultWorkingDays,
		MinGap: paceline.DefaultMinGap, Safety: 1,
	}
}

// withAccounts creates the named accounts in s and returns s.
func withAccounts(t *testing.T, s Store, names ...string) Store {
	t.Helper()
	for _, n := range names {
		if err := s.CreateAccount(context.Background(), fullAccount(n)); err != nil {
			t.Fatalf("create account %s: %v", n, err)
		}
	}
	return s
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := paceline.ErrorCode(err); got != code {
		t.Fatalf("error %v: code %q, want %q", err, got, code)
	}
}

// wantField checks that err is a *paceline.Error naming field, both in its Field and at
// the start of its sentence (a form or a flag is pointed at by it).
func wantField(t *testing.T, err error, field string) {
	t.Helper()
	if msg := paceline.ErrorMessage(err); !strings.HasPrefix(msg, field+": ") {
		t.Errorf("message %q does not name the field %s", msg, field)
	}
}

// at truncates an instant to the domain's precision and puts it in UTC, the form in
// which the suite compares what a store returns with what it was given.
func at(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.Truncate(Precision).UTC()
}

// wantUTC fails when a non-zero instant a store returned is not in UTC: every store
// hands out UTC, so that output and comparisons never depend on the server's zone.
func wantUTC(t *testing.T, what string, ts time.Time) {
	t.Helper()
	if !ts.IsZero() && ts.Location() != time.UTC {
		t.Errorf("%s = %v is in %s, want UTC", what, ts, ts.Location())
	}
}

// normAccount returns a copy of a with its instants at the domain's precision, in UTC.
func normAccount(a *paceline.Account) *paceline.Account {
	c := *a
	c.Opened, c.CreatedAt, c.UpdatedAt = at(a.Opened), at(a.CreatedAt), at(a.UpdatedAt)
	return &c
}

// gotAccount is normAccount for an account a store returned, after checking that the
// store handed its instants out in UTC.
func gotAccount(t *testing.T, a *paceline.Account) *paceline.Account {
	t.Helper()
	wantUTC(t, a.Name+" Opened", a.Opened)
	wantUTC(t, a.Name+" CreatedAt", a.CreatedAt)
	wantUTC(t, a.Name+" UpdatedAt", a.UpdatedAt)
	return normAccount(a)
}

// normActions is normAccount for ledger rows.
func normActions(list []paceline.Action) []paceline.Action {
	out := make([]paceline.Action, len(list))
	for i, a := range list {
		a.At = at(a.At)
		out[i] = a
	}
	return out
}

// gotActions is gotAccount for ledger rows.
func gotActions(t *testing.T, list []paceline.Action) []paceline.Action {
	t.Helper()
	for _, a := range list {
		wantUTC(t, "action At", a.At)
	}
	return normActions(list)
}

// normEvents is normAccount for events.
func normEvents(list []paceline.Event) []paceline.Event {
	out := make([]paceline.Event, len(list))
	for i, e := range list {
		e.At, e.Until = at(e.At), at(e.Until)
		out[i] = e
	}
	return out
}

// gotEvents is gotAccount for events.
func gotEvents(t *testing.T, list []paceline.Event) []paceline.Event {
	t.Helper()
	for _, e := range list {
		wantUTC(t, "event At", e.At)
		wantUTC(t, "event Until", e.Until)
	}
	return normEvents(list)
}
