package sqlite

import (
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// Event reads back the event stored under a key, not what a later report of the same
// key says: RecordEvent reports only the stored event's ID, and the API answers a
// duplicate with this.
func TestEventReadsTheStoredEvent(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := t.Context()
	for _, name := range []string{"alice", "bob"} {
		if err := s.CreateAccount(ctx, &paceline.Account{Name: name, Type: paceline.TypeFree, Executor: paceline.ExecutorSim,
			TimeZone: "UTC", Hours: paceline.DefaultWorkingHours, Days: paceline.DefaultWorkingDays,
			MinGap: paceline.DefaultMinGap, Safety: 1}); err != nil {
			t.Fatal(err)
		}
	}
	at := clock.Truncate(time.Second) // PostgreSQL keeps microseconds
	first := paceline.Event{Key: "msg-1", At: at.Add(-time.Hour), Account: "alice", Lead: "ada",
		Type: paceline.EventLimitHit, Kind: paceline.KindInvite, Until: at.Add(24 * time.Hour)}
	if recorded, err := s.RecordEvent(ctx, &first); err != nil || !recorded {
		t.Fatalf("first report: %v %v", recorded, err)
	}
	again := paceline.Event{Key: "msg-1", At: at, Account: "bob", Lead: "grace", Type: paceline.EventReplied}
	if recorded, err := s.RecordEvent(ctx, &again); err != nil || recorded {
		t.Fatalf("second report of the key: %v %v", recorded, err)
	}
	got, err := s.Event(ctx, again.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got != first {
		t.Errorf("Event(%d) = %+v, want the first report %+v", again.ID, got, first)
	}
	_, err = s.Event(ctx, first.ID+100)
	wantCode(t, err, paceline.ENOTFOUND)
}
