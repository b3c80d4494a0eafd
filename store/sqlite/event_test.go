package sqlite

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

func TestEventRoundTripAndDedupe(t *testing.T) {
	t.Parallel()
	s := withAccounts(t, "alice", "bob")
	ctx := context.Background()
	events := []paceline.Event{
		{Key: "accept-jane", At: clock, Account: "alice", Lead: "in/jane", Type: paceline.EventAccepted},
		{Key: "restrict-1", At: clock.Add(time.Minute), Account: "alice", Type: paceline.EventRestricted,
			Until: time.Date(2026, 3, 9, 9, 30, 0, 5, time.FixedZone("CET", 3600))},
		{At: clock.Add(2 * time.Minute), Account: "alice", Type: paceline.EventLimitHit, Kind: paceline.KindInvite},
		{At: clock.Add(2 * time.Minute), Account: "alice", Type: paceline.EventLimitHit, Kind: paceline.KindInvite},
		{Key: "reply-bob", At: clock, Account: "bob", Lead: "in/joe", Type: paceline.EventReplied},
	}
	for i := range events {
		recorded, err := s.RecordEvent(ctx, &events[i])
		if err != nil || !recorded || events[i].ID == 0 {
			t.Fatalf("event %d: recorded=%v id=%d err=%v", i, recorded, events[i].ID, err)
		}
	}
	// The same observation delivered again, even with other details, is not stored.
	again := paceline.Event{Key: "accept-jane", At: clock.Add(time.Hour), Account: "alice", Lead: "in/jane", Type: paceline.EventAccepted}
	recorded, err := s.RecordEvent(ctx, &again)
	if err != nil || recorded || again.ID != events[0].ID {
		t.Fatalf("duplicate: recorded=%v id=%d err=%v, want false with id %d", recorded, again.ID, err, events[0].ID)
	}

	got, err := s.Events(ctx, "alice", clock, clock.Add(time.Hour+time.Nanosecond))
	if err != nil {
		t.Fatal(err)
	}
	want := append([]paceline.Event(nil), events[:4]...)
	want[1].Until = want[1].Until.UTC()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Events()\n got %+v\nwant %+v", got, want)
	}
	got, err = s.Events(ctx, "alice", clock.Add(time.Minute), clock.Add(2*time.Minute))
	if err != nil || len(got) != 1 || got[0].Key != "restrict-1" {
		t.Fatalf("range [1m, 2m) = %+v, %v; want the restriction only", got, err)
	}
}

func TestRecordEventErrors(t *testing.T) {
	t.Parallel()
	s := withAccounts(t, "alice")
	ctx := context.Background()
	tests := []struct {
		name string
		e    paceline.Event
		code string
	}{
		{"unknown account", paceline.Event{At: clock, Account: "ghost", Type: paceline.EventReplied}, paceline.ENOTFOUND},
		{"no account", paceline.Event{At: clock, Type: paceline.EventReplied}, paceline.EINVALID},
		{"no time", paceline.Event{Account: "alice", Type: paceline.EventReplied}, paceline.EINVALID},
		{"no type", paceline.Event{At: clock, Account: "alice"}, paceline.EINVALID},
		{"bad kind", paceline.Event{At: clock, Account: "alice", Type: paceline.EventWarning, Kind: "poke"}, paceline.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			recorded, err := s.RecordEvent(ctx, &tt.e)
			if recorded {
				t.Error("recorded")
			}
			wantCode(t, err, tt.code)
		})
	}
}
