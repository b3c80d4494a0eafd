package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// testEventReadsTheStoredEvent: Event reads back the event stored under a key, not
// what a later report of the same key says. RecordEvent reports only the stored
// event's ID, and the API answers a duplicate with this.
func testEventReadsTheStoredEvent(t *testing.T, s Store) {
	ctx := context.Background()
	es, ok := s.(interface {
		Event(ctx context.Context, id int64) (paceline.Event, error)
	})
	if !ok {
		t.Fatalf("%T cannot read an event by its id", s)
	}
	withAccounts(t, s, "alice", "bob")
	at := Clock.Truncate(time.Second)
	first := paceline.Event{Key: "msg-1", At: at.Add(-time.Hour), Account: "alice", Lead: "ada",
		Type: paceline.EventLimitHit, Kind: paceline.KindInvite, Until: at.Add(24 * time.Hour)}
	if recorded, err := s.RecordEvent(ctx, &first); err != nil || !recorded {
		t.Fatalf("first report: %v %v", recorded, err)
	}
	again := paceline.Event{Key: "msg-1", At: at, Account: "bob", Lead: "grace", Type: paceline.EventReplied}
	if recorded, err := s.RecordEvent(ctx, &again); err != nil || recorded {
		t.Fatalf("second report of the key: %v %v", recorded, err)
	}
	got, err := es.Event(ctx, again.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got != first {
		t.Errorf("Event(%d) = %+v, want the first report %+v", again.ID, got, first)
	}
	_, err = es.Event(ctx, first.ID+100)
	wantCode(t, err, paceline.ENOTFOUND)
}
