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

func testEventRoundTripAndDedupe(t *testing.T, s Store) {
	withAccounts(t, s, "alice", "bob")
	ctx := context.Background()
	events := []paceline.Event{
		{Key: "accept-jane", At: Clock, Account: "alice", Lead: "in/jane", Type: paceline.EventAccepted},
		{Key: "restrict-1", At: Clock.Add(time.Minute), Account: "alice", Type: paceline.EventRestricted,
			Until: time.Date(2026, 3, 9, 9, 30, 0, 5000, time.FixedZone("CET", 3600))},
		{At: Clock.Add(2 * time.Minute), Account: "alice", Type: paceline.EventLimitHit, Kind: paceline.KindInvite},
		// Keyless events are never deduplicated: the same notice twice is two notices.
		{At: Clock.Add(2 * time.Minute), Account: "alice", Type: paceline.EventLimitHit, Kind: paceline.KindInvite},
		{Key: "reply-bob", At: Clock, Account: "bob", Lead: "in/joe", Type: paceline.EventReplied},
	}
	for i := range events {
		recorded, err := s.RecordEvent(ctx, &events[i])
		if err != nil || !recorded || events[i].ID == 0 {
			t.Fatalf("event %d: recorded=%v id=%d err=%v", i, recorded, events[i].ID, err)
		}
	}
	// The same observation delivered again, even with other details, is not stored,
	// and the caller learns the ID of the stored one.
	again := paceline.Event{Key: "accept-jane", At: Clock.Add(time.Hour), Account: "alice", Lead: "in/jane", Type: paceline.EventReplied}
	recorded, err := s.RecordEvent(ctx, &again)
	if err != nil || recorded || again.ID != events[0].ID {
		t.Fatalf("duplicate: recorded=%v id=%d err=%v, want false with id %d", recorded, again.ID, err, events[0].ID)
	}

	got, err := s.Events(ctx, "alice", at(Clock), Clock.Add(time.Hour+time.Second))
	if err != nil {
		t.Fatal(err)
	}
	want := normEvents(append([]paceline.Event(nil), events[:4]...))
	if got := gotEvents(t, got); !reflect.DeepEqual(got, want) {
		t.Fatalf("Events()\n got %+v\nwant %+v", got, want)
	}
	got, err = s.Events(ctx, "alice", Clock.Add(time.Minute), Clock.Add(2*time.Minute))
	if err != nil || len(got) != 1 || got[0].Key != "restrict-1" {
		t.Fatalf("range [1m, 2m) = %+v, %v; want the restriction only", got, err)
	}
	got, err = s.Events(ctx, "bob", at(Clock), Clock.Add(time.Hour))
	if err != nil || len(got) != 1 || got[0].Key != "reply-bob" {
		t.Fatalf("bob's events = %+v, %v; want his reply only", got, err)
	}
}

func testEventsSameInstantAndRange(t *testing.T, s Store) {
	withAccounts(t, s, "alice")
	ctx := context.Background()
	base := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	offsets := []time.Duration{time.Second, 0, 0, time.Microsecond, 0, -time.Microsecond, time.Second}
	for i, off := range offsets {
		e := &paceline.Event{At: base.Add(off).In(time.FixedZone("Z", i*900)), Account: "alice", Lead: fmt.Sprint(i), Type: paceline.EventAccepted}
		if _, err := s.RecordEvent(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name         string
		since, until time.Time
		want         []string
	}{
		{"all", base.Add(-time.Hour), base.Add(time.Hour), []string{"5", "1", "2", "4", "3", "0", "6"}},
		{"since is inclusive", base, base.Add(time.Second), []string{"1", "2", "4", "3"}},
		{"until is exclusive", base.Add(-time.Microsecond), base, []string{"5"}},
		{"one microsecond", base.Add(time.Microsecond), base.Add(2 * time.Microsecond), []string{"3"}},
		{"empty", base.Add(2 * time.Second), base.Add(time.Hour), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := s.Events(ctx, "alice", tt.since, tt.until)
			if err != nil {
				t.Fatal(err)
			}
			var leads []string
			for _, e := range got {
				leads = append(leads, e.Lead)
			}
			if !reflect.DeepEqual(leads, tt.want) {
				t.Errorf("leads %v, want %v", leads, tt.want)
			}
		})
	}
}

func testRecordEventErrors(t *testing.T, s Store) {
	withAccounts(t, s, "alice")
	ctx := context.Background()
	tests := []struct {
		name  string
		e     paceline.Event
		code  string
		field string
	}{
		{"unknown account", paceline.Event{At: Clock, Account: "ghost", Type: paceline.EventReplied}, paceline.ENOTFOUND, ""},
		{"unknown account with key", paceline.Event{Key: "k", At: Clock, Account: "ghost", Type: paceline.EventReplied}, paceline.ENOTFOUND, ""},
		{"no account", paceline.Event{At: Clock, Type: paceline.EventReplied}, paceline.EINVALID, "account"},
		{"no time", paceline.Event{Account: "alice", Type: paceline.EventReplied}, paceline.EINVALID, "at"},
		{"no type", paceline.Event{At: Clock, Account: "alice"}, paceline.EINVALID, "type"},
		{"bad kind", paceline.Event{At: Clock, Account: "alice", Type: paceline.EventWarning, Kind: "poke"}, paceline.EINVALID, "kind"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recorded, err := s.RecordEvent(ctx, &tt.e)
			if recorded {
				t.Error("recorded")
			}
			wantCode(t, err, tt.code)
			if tt.field != "" {
				wantField(t, err, tt.field)
			}
		})
	}
	got, err := s.Events(ctx, "alice", Clock.Add(-time.Hour), Clock.Add(time.Hour))
	if err != nil || len(got) != 0 {
		t.Fatalf("events after failed records = %+v, %v; want none", got, err)
	}
}

// The same event delivered at once by several sources (an executor's report, a webhook,
// an archive import) is stored once; every caller learns the one stored ID.
func testRecordEventKeyRace(t *testing.T, s Store) {
	withAccounts(t, s, "alice")
	ctx := context.Background()
	const sources, keys = 4, 20
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		recorded = map[string]int{}
		ids      = map[string]map[int64]bool{}
	)
	for w := 0; w < sources; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < keys; i++ {
				key := fmt.Sprintf("accept-%d", i)
				e := &paceline.Event{Key: key, At: Clock.Add(time.Duration(i) * time.Second), Account: "alice", Lead: key, Type: paceline.EventAccepted}
				ok, err := s.RecordEvent(ctx, e)
				mu.Lock()
				if err != nil {
					t.Errorf("source %d, %s: %v", w, key, err)
				}
				if ok {
					recorded[key]++
				}
				if ids[key] == nil {
					ids[key] = map[int64]bool{}
				}
				ids[key][e.ID] = true
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	for i := 0; i < keys; i++ {
		key := fmt.Sprintf("accept-%d", i)
		if recorded[key] != 1 || len(ids[key]) != 1 || ids[key][0] {
			t.Errorf("%s: recorded %d times with ids %v; want once, one non-zero id", key, recorded[key], ids[key])
		}
	}
	got, err := s.Events(ctx, "alice", at(Clock), Clock.Add(time.Hour))
	if err != nil || len(got) != keys {
		t.Fatalf("%d events stored (%v), want %d", len(got), err, keys)
	}
}
