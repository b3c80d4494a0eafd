package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// testConnections checks Connections: every lead who accepted the account's invite,
// however long ago, at its first accept, and every lead LinkedIn's archive shows
// connected without one (a "connected" event, paceline.EventConnected), at the
// earlier of the two; not a lead who declined or replied only, not another account's
// connection, not an account-wide event without a lead.
func testConnections(t *testing.T, s Store) {
	cs, ok := s.(interface {
		Connections(ctx context.Context, account string) (map[string]time.Time, error)
	})
	if !ok {
		t.Fatalf("%T cannot list an account's connections", s)
	}
	ctx := context.Background()
	withAccounts(t, s, "alice", "bob")
	const connected = paceline.EventConnected // a connection from before paceline
	long := Clock.Add(-400 * 24 * time.Hour)  // older than any window a tick replays
	for _, e := range []paceline.Event{
		{Key: "a1", At: Clock, Account: "alice", Lead: "ada", Type: paceline.EventAccepted},
		{Key: "a2", At: long, Account: "alice", Lead: "ada", Type: paceline.EventAccepted},
		{Key: "a3", At: Clock.Add(time.Hour), Account: "alice", Lead: "gus", Type: paceline.EventAccepted},
		{Key: "d1", At: Clock, Account: "alice", Lead: "hal", Type: paceline.EventDeclined},
		{Key: "r1", At: Clock, Account: "alice", Lead: "ivy", Type: paceline.EventReplied},
		{Key: "b1", At: Clock, Account: "bob", Lead: "joe", Type: paceline.EventAccepted},
		{Key: "c1", At: long.Add(-time.Hour), Account: "alice", Lead: "kim", Type: connected},
		{Key: "c2", At: Clock.Add(-time.Hour), Account: "alice", Lead: "gus", Type: connected},
		{Key: "c3", At: long, Account: "bob", Lead: "lou", Type: connected},
		{At: Clock, Account: "alice", Type: paceline.EventLimitHit, Kind: paceline.KindInvite},
	} {
		if _, err := s.RecordEvent(ctx, &e); err != nil {
			t.Fatal(err)
		}
	}
	got, err := cs.Connections(ctx, "alice")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]time.Time{"ada": long.Truncate(time.Microsecond), "gus": Clock.Add(-time.Hour).Truncate(time.Microsecond),
		"kim": long.Add(-time.Hour).Truncate(time.Microsecond)}
	for k, v := range got {
		got[k] = v.Truncate(time.Microsecond) // both databases keep microseconds
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("alice's connections = %v, want %v", got, want)
	}
	if got, err := cs.Connections(ctx, "nobody"); err != nil || len(got) != 0 {
		t.Errorf("an unknown account's connections = %v, %v; want none", got, err)
	}
}
