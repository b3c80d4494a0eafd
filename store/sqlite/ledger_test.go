package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// withAccounts opens a store holding the named accounts.
func withAccounts(t testing.TB, names ...string) *Store {
	t.Helper()
	s := openTest(t)
	for _, n := range names {
		a := newAccount(n)
		if err := s.CreateAccount(context.Background(), a); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func TestActionRoundTrip(t *testing.T) {
	t.Parallel()
	s := withAccounts(t, "alice")
	ctx := context.Background()
	paris := time.FixedZone("CET", 3600)
	in := paceline.Action{
		Key: "enr-7/step-connect", At: time.Date(2026, 3, 2, 10, 0, 0, 987654321, paris),
		Account: "alice", Kind: paceline.KindInvite, Lead: "linkedin:in/jane-doe",
		Result: paceline.ResultRefused, WithNote: true, Campaign: "founders-q1", Step: "connect",
	}
	rec := in
	if err := s.RecordAction(ctx, &rec); err != nil {
		t.Fatal(err)
	}
	if rec.ID == 0 {
		t.Fatal("no ID set")
	}
	got, err := s.Actions(ctx, "alice", in.At, in.At.Add(time.Nanosecond))
	if err != nil {
		t.Fatal(err)
	}
	want := in
	want.ID = rec.ID
	want.At = in.At.UTC() // same instant, in UTC, to the nanosecond
	if len(got) != 1 || !reflect.DeepEqual(got[0], want) {
		t.Fatalf("Actions() = %+v, want [%+v]", got, want)
	}
}

func TestActionsOrderAndRange(t *testing.T) {
	t.Parallel()
	s := withAccounts(t, "alice", "bob")
	ctx := context.Background()
	base := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	// Offsets chosen so that the text form has fractions of every length: a store that
	// compared them as plain strings in the wrong format would misorder them.
	offsets := []time.Duration{
		500 * time.Millisecond, 0, 123 * time.Millisecond, time.Nanosecond, 7 * 24 * time.Hour,
		time.Second, 120 * time.Millisecond, 123 * time.Millisecond, -time.Hour, 999999999,
	}
	for i, off := range offsets {
		// Record some in another zone: the instant, not the wall clock, must decide.
		at := base.Add(off)
		if i%2 == 1 {
			at = at.In(time.FixedZone("EST", -5*3600))
		}
		for _, acc := range []string{"alice", "bob"} {
			a := &paceline.Action{At: at, Account: acc, Kind: paceline.KindVisit, Result: paceline.ResultDone, Lead: fmt.Sprint(i)}
			if err := s.RecordAction(ctx, a); err != nil {
				t.Fatal(err)
			}
		}
	}
	tests := []struct {
		name         string
		since, until time.Time
		want         []string // leads, in order
	}{
		{"all", base.Add(-24 * time.Hour), base.Add(30 * 24 * time.Hour), []string{"8", "1", "3", "6", "2", "7", "0", "9", "5", "4"}},
		{"since is inclusive", base.Add(123 * time.Millisecond), base.Add(time.Second), []string{"2", "7", "0", "9"}},
		{"until is exclusive", base, base.Add(123 * time.Millisecond), []string{"1", "3", "6"}},
		{"one nanosecond", base.Add(time.Nanosecond), base.Add(2 * time.Nanosecond), []string{"3"}},
		{"rolling week", base.Add(time.Second), base.Add(time.Second + 7*24*time.Hour), []string{"5", "4"}},
		{"empty", base.Add(2 * time.Second), base.Add(time.Hour), nil},
		{"reversed", base.Add(time.Hour), base, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := s.Actions(ctx, "alice", tt.since, tt.until)
			if err != nil {
				t.Fatal(err)
			}
			var leads []string
			for i, a := range got {
				leads = append(leads, a.Lead)
				if a.Account != "alice" {
					t.Errorf("row %d belongs to %s", i, a.Account)
				}
				if i > 0 && (a.At.Before(got[i-1].At) || a.At.Equal(got[i-1].At) && a.ID < got[i-1].ID) {
					t.Errorf("row %d out of order", i)
				}
			}
			if !reflect.DeepEqual(leads, tt.want) {
				t.Errorf("leads %v, want %v", leads, tt.want)
			}
		})
	}
}

func TestRecordActionErrors(t *testing.T) {
	t.Parallel()
	s := withAccounts(t, "alice")
	ctx := context.Background()
	ok := func() *paceline.Action {
		return &paceline.Action{Key: "k1", At: clock, Account: "alice", Kind: paceline.KindMessage, Result: paceline.ResultDone}
	}
	if err := s.RecordAction(ctx, ok()); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		edit func(a *paceline.Action)
		code string
	}{
		{"same key", func(a *paceline.Action) {}, paceline.ECONFLICT},
		{"same key other account", func(a *paceline.Action) { a.Account = "ghost" }, paceline.ENOTFOUND},
		{"unknown account", func(a *paceline.Action) { a.Key = "k2"; a.Account = "ghost" }, paceline.ENOTFOUND},
		{"no account", func(a *paceline.Action) { a.Key = "k3"; a.Account = "" }, paceline.EINVALID},
		{"no time", func(a *paceline.Action) { a.Key = "k4"; a.At = time.Time{} }, paceline.EINVALID},
		{"bad kind", func(a *paceline.Action) { a.Key = "k5"; a.Kind = "poke" }, paceline.EINVALID},
		{"bad result", func(a *paceline.Action) { a.Key = "k6"; a.Result = "maybe" }, paceline.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := ok()
			tt.edit(a)
			err := s.RecordAction(ctx, a)
			if tt.name == "same key other account" {
				// Either answer is right as long as nothing is written.
				if c := paceline.ErrorCode(err); c != paceline.ENOTFOUND && c != paceline.ECONFLICT {
					t.Fatalf("code %q", c)
				}
				return
			}
			wantCode(t, err, tt.code)
		})
	}
	// Actions without a key are never in conflict with each other.
	for i := 0; i < 2; i++ {
		a := ok()
		a.Key = ""
		if err := s.RecordAction(ctx, a); err != nil {
			t.Fatalf("keyless action #%d: %v", i+1, err)
		}
	}
	all, err := s.Actions(ctx, "alice", clock, clock.Add(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 3 || all[0].Key != "k1" || all[1].Key != "" || all[2].Key != "" {
		t.Fatalf("ledger holds %+v, want k1 and two keyless actions", all)
	}
}

func TestLedgerSurvivesReopen(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "p.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateAccount(ctx, newAccount("alice")); err != nil {
		t.Fatal(err)
	}
	a := &paceline.Action{Key: "k", At: clock, Account: "alice", Kind: paceline.KindInvite, Result: paceline.ResultDone}
	if err := s.RecordAction(ctx, a); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.Actions(ctx, "alice", clock.Add(-time.Hour), clock.Add(time.Hour))
	if err != nil || len(got) != 1 || got[0].ID != a.ID || !got[0].At.Equal(clock) {
		t.Fatalf("after reopen: %+v, %v", got, err)
	}
	wantCode(t, s.RecordAction(ctx, a), paceline.ECONFLICT)
}

func BenchmarkRecordAction(b *testing.B) {
	s := withAccounts(b, "alice")
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		a := &paceline.Action{
			Key: fmt.Sprintf("bench-%d", i), At: clock.Add(time.Duration(i) * time.Second),
			Account: "alice", Kind: paceline.KindInvite, Lead: "linkedin:in/lead", Result: paceline.ResultDone,
		}
		if err := s.RecordAction(ctx, a); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "actions/s")
}

// BenchmarkActionsWeek reads one account's rolling week out of a ledger holding a month
// of several accounts, as the Pacer does before each decision.
func BenchmarkActionsWeek(b *testing.B) {
	s := withAccounts(b, "alice", "bob", "carol")
	ctx := context.Background()
	const perDay = 200
	for day := 0; day < 30; day++ {
		for i := 0; i < perDay; i++ {
			for _, acc := range []string{"alice", "bob", "carol"} {
				a := &paceline.Action{
					At:      clock.Add(time.Duration(day)*24*time.Hour + time.Duration(i)*2*time.Minute),
					Account: acc, Kind: paceline.KindVisit, Result: paceline.ResultDone,
				}
				if err := s.RecordAction(ctx, a); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	until := clock.Add(30 * 24 * time.Hour)
	b.ResetTimer()
	rows := 0
	for i := 0; i < b.N; i++ {
		got, err := s.Actions(ctx, "alice", until.Add(-7*24*time.Hour), until)
		if err != nil {
			b.Fatal(err)
		}
		rows = len(got)
	}
	if rows != 7*perDay {
		b.Fatalf("read %d rows, want %d", rows, 7*perDay)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "weeks/s")
}
