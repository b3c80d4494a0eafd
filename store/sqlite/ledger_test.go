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

// newAccount is a valid account for the tests that need one to hang actions on.
func newAccount(name string) *paceline.Account {
	return &paceline.Account{
		Name: name, Type: paceline.TypeFree, Executor: paceline.ExecutorSim,
		TimeZone: "UTC", Hours: paceline.DefaultWorkingHours, Days: paceline.DefaultWorkingDays,
		MinGap: paceline.DefaultMinGap, Safety: 1,
	}
}

// SQLite keeps more than the suite asks for: instants round-trip to the nanosecond and
// ranges are exact at that precision. The Pacer does not rely on it; this pins down
// that the text form sorts in time order even when fractions differ in length.
func TestInstantsKeepNanoseconds(t *testing.T) {
	t.Parallel()
	s := withAccounts(t, "alice")
	ctx := context.Background()
	for i, off := range []time.Duration{time.Nanosecond, 0, 10, 999999999, 100 * time.Millisecond} {
		a := &paceline.Action{At: clock.Add(off), Account: "alice", Kind: paceline.KindVisit, Result: paceline.ResultDone, Lead: fmt.Sprint(i)}
		if err := s.RecordAction(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Actions(ctx, "alice", clock.Add(time.Nanosecond), clock.Add(999999999))
	if err != nil {
		t.Fatal(err)
	}
	var leads []string
	for _, a := range got {
		leads = append(leads, a.Lead)
	}
	if want := []string{"0", "2", "4"}; !reflect.DeepEqual(leads, want) {
		t.Fatalf("leads %v, want %v", leads, want)
	}
	if !got[0].At.Equal(clock.Add(time.Nanosecond)) || got[0].At.Location() != time.UTC {
		t.Fatalf("At = %v, want %v in UTC", got[0].At, clock.Add(time.Nanosecond))
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
	i := 0
	for b.Loop() {
		i++
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
	rows := 0
	// b.Loop runs the set-up above once, not once per round of b.N.
	for b.Loop() {
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
