package main

import (
	"context"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/runtime"
)

// On a database whose clock is ahead of the wall clock (a sped-up run's), the count
// accounts add --connections records is dated by that clock, as accounts connections
// dates it: an acceptance the ledger holds from before it is in the count and not
// added to it again, so 29,999 leaves room for one more invite. It was dated by the
// wall clock, before that acceptance, which then took the account to LinkedIn's cap.
func TestAccountAddConnectionsDatedByTheDatabaseClock(t *testing.T) {
	t.Parallel()
	onBothStores(t, testAccountAddConnectionsDatedByTheDatabaseClock)
}

func testAccountAddConnectionsDatedByTheDatabaseClock(t *testing.T, db string) {
	ctx := context.Background()
	st := openTestStore(t, db)
	reached := time.Now().Add(40 * 24 * time.Hour).UTC().Truncate(time.Second)
	if err := st.(runtime.Store).SetClock(ctx, 3000, reached, time.Now()); err != nil {
		t.Fatal(err)
	}
	mustCLI(t, db, "accounts", "add", "--name", "ann", "--type", "free", "--connections", "29999",
		"--working-hours", "00:00-24:00", "--working-days", "mon-sun")
	if _, err := st.RecordEvent(ctx, &paceline.Event{At: reached.Add(-time.Hour), Account: "ann", Lead: "friend", Type: paceline.EventAccepted}); err != nil {
		t.Fatal(err)
	}
	s := showConnections(t, db, "ann", reached)
	if s.Connections != 29999 || s.Kinds[0].Reason == "connection_cap" {
		t.Fatalf("at the database's time: %d connections, invite %s (%s); want 29999 (the acceptance before the count is in it) and invites allowed",
			s.Connections, s.Kinds[0].Reason, s.Kinds[0].Explain)
	}
}
