package storetest

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

func testActionRoundTrip(t *testing.T, s Store) {
	withAccounts(t, s, "alice")
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
	got, err := s.Actions(ctx, "alice", at(in.At), at(in.At).Add(Precision))
	if err != nil {
		t.Fatal(err)
	}
	want := in
	want.ID = rec.ID
	want.At = at(in.At)
	if len(got) != 1 || !reflect.DeepEqual(gotActions(t, got)[0], want) {
		t.Fatalf("Actions() = %+v, want [%+v]", got, want)
	}
}

func testActionsOrderAndRange(t *testing.T, s Store) {
	withAccounts(t, s, "alice", "bob")
	ctx := context.Background()
	base := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	// Offsets with fractions of every length: a store that compared instants as text in
	// the wrong format would misorder them.
	offsets := []time.Duration{
		500 * time.Millisecond, 0, 123 * time.Millisecond, time.Microsecond, 7 * 24 * time.Hour,
		time.Second, 120 * time.Millisecond, 123 * time.Millisecond, -time.Hour, 999999 * time.Microsecond,
	}
	for i, off := range offsets {
		// Record some in another zone: the instant, not the wall clock, must decide.
		when := base.Add(off)
		if i%2 == 1 {
			when = when.In(time.FixedZone("EST", -5*3600))
		}
		for _, acc := range []string{"alice", "bob"} {
			a := &paceline.Action{At: when, Account: acc, Kind: paceline.KindVisit, Result: paceline.ResultDone, Lead: fmt.Sprint(i)}
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
		{"one microsecond", base.Add(time.Microsecond), base.Add(2 * time.Microsecond), []string{"3"}},
		{"rolling week", base.Add(time.Second), base.Add(time.Second + 7*24*time.Hour), []string{"5", "4"}},
		{"bounds in another zone", base.Add(time.Second).In(time.FixedZone("JST", 9*3600)), base.Add(2 * time.Second), []string{"5"}},
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
			}
			if !reflect.DeepEqual(leads, tt.want) {
				t.Errorf("leads %v, want %v", leads, tt.want)
			}
		})
	}
	if got, err := s.Actions(ctx, "ghost", base.Add(-time.Hour), base.Add(time.Hour)); err != nil || len(got) != 0 {
		t.Errorf("Actions of an unknown account = %v, %v; want none and no error", got, err)
	}
}

// Several actions at one instant (a batch stamped by one clock reading, or a coarse
// clock) come back in the order they were recorded, so that replaying the ledger is
// deterministic.
func testActionsSameInstant(t *testing.T, s Store) {
	withAccounts(t, s, "alice", "bob")
	ctx := context.Background()
	zones := []*time.Location{time.UTC, time.FixedZone("A", 3600), time.FixedZone("B", -7*3600)}
	later := Clock.Add(time.Minute)
	var ids []int64
	for i := 0; i < 9; i++ {
		when := Clock.In(zones[i%len(zones)])
		if i == 4 {
			when = later // recorded in the middle, sorts last
		}
		for _, acc := range []string{"bob", "alice"} {
			a := &paceline.Action{At: when, Account: acc, Kind: paceline.KindMessage, Result: paceline.ResultDone, Lead: fmt.Sprint(i)}
			if err := s.RecordAction(ctx, a); err != nil {
				t.Fatal(err)
			}
			if acc == "alice" {
				ids = append(ids, a.ID)
			}
		}
	}
	got, err := s.Actions(ctx, "alice", at(Clock), later.Add(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	var leads []string
	for i, a := range got {
		leads = append(leads, a.Lead)
		if i > 0 && a.At.Equal(got[i-1].At) && a.ID <= got[i-1].ID {
			t.Errorf("rows %d and %d at one instant: ids %d then %d", i-1, i, got[i-1].ID, a.ID)
		}
	}
	if want := []string{"0", "1", "2", "3", "5", "6", "7", "8", "4"}; !reflect.DeepEqual(leads, want) {
		t.Fatalf("leads %v, want %v (record order, then the later one)", leads, want)
	}
	for i := 1; i < len(ids); i++ {
		if ids[i] <= ids[i-1] {
			t.Fatalf("ids %v do not grow in record order", ids)
		}
	}
}

func testRecordActionErrors(t *testing.T, s Store) {
	withAccounts(t, s, "alice")
	ctx := context.Background()
	ok := func() *paceline.Action {
		return &paceline.Action{Key: "k1", At: Clock, Account: "alice", Kind: paceline.KindMessage, Result: paceline.ResultDone}
	}
	if err := s.RecordAction(ctx, ok()); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		edit  func(a *paceline.Action)
		code  string
		field string
	}{
		{"same key", func(a *paceline.Action) {}, paceline.ECONFLICT, "key"},
		{"same key other details", func(a *paceline.Action) { a.At = Clock.Add(time.Hour); a.Kind = paceline.KindVisit }, paceline.ECONFLICT, "key"},
		{"unknown account", func(a *paceline.Action) { a.Key = "k2"; a.Account = "ghost" }, paceline.ENOTFOUND, ""},
		{"no account", func(a *paceline.Action) { a.Key = "k3"; a.Account = "" }, paceline.EINVALID, "account"},
		{"no time", func(a *paceline.Action) { a.Key = "k4"; a.At = time.Time{} }, paceline.EINVALID, "at"},
		{"bad kind", func(a *paceline.Action) { a.Key = "k5"; a.Kind = "poke" }, paceline.EINVALID, "kind"},
		{"bad result", func(a *paceline.Action) { a.Key = "k6"; a.Result = "maybe" }, paceline.EINVALID, "result"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := ok()
			tt.edit(a)
			err := s.RecordAction(ctx, a)
			wantCode(t, err, tt.code)
			if tt.field != "" {
				wantField(t, err, tt.field)
			}
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
	all, err := s.Actions(ctx, "alice", Clock.Add(-time.Hour), Clock.Add(2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 3 || all[0].Key != "k1" || all[0].Kind != paceline.KindMessage || all[1].Key != "" || all[2].Key != "" {
		t.Fatalf("ledger holds %+v, want k1 and two keyless actions", all)
	}
}

// Goroutines racing for the same keys stand for two workers that picked up the same
// step: each key must be recorded exactly once, and the loser must get ECONFLICT,
// never another error.
func testRecordActionKeyRace(t *testing.T, s Store) {
	withAccounts(t, s, "alice")
	ctx := context.Background()
	const workers, perWorker = 4, 25
	var (
		wg        sync.WaitGroup
		mu        sync.Mutex
		conflicts int
		errs      []error
	)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < perWorker; i++ {
				a := &paceline.Action{
					Key: fmt.Sprintf("w%d-%d", w/2, i), At: Clock.Add(time.Duration(i) * time.Millisecond),
					Account: "alice", Kind: paceline.KindVisit, Result: paceline.ResultDone,
				}
				err := s.RecordAction(ctx, a)
				mu.Lock()
				switch paceline.ErrorCode(err) {
				case "":
				case paceline.ECONFLICT:
					conflicts++
				default:
					errs = append(errs, err)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		t.Error(err)
	}
	got, err := s.Actions(ctx, "alice", Clock.Add(-time.Second), Clock.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	for _, a := range got {
		if keys[a.Key] {
			t.Errorf("key %s recorded twice", a.Key)
		}
		keys[a.Key] = true
	}
	if want := workers / 2 * perWorker; len(got) != want || conflicts != want {
		t.Fatalf("%d actions stored and %d conflicts, want %d of each", len(got), conflicts, want)
	}
}
