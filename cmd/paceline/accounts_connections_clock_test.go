package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/runtime"
)

// On a database whose clock is ahead of the wall clock (a sped-up run's), the count
// accounts connections records is dated by that clock: the acceptances the ledger
// holds from before it are in the count and not added to it again, so 29,999 leaves
// room for one more invite.
func TestAccountConnectionsDatedByTheDatabaseClock(t *testing.T) {
	t.Parallel()
	onBothStores(t, testAccountConnectionsDatedByTheDatabaseClock)
}

func testAccountConnectionsDatedByTheDatabaseClock(t *testing.T, db string) {
	ctx := context.Background()
	mustCLI(t, db, "accounts", "add", "--name", "ann", "--type", "free",
		"--working-hours", "00:00-24:00", "--working-days", "mon-sun")
	st := openTestStore(t, db)
	reached := time.Date(2027, 1, 5, 9, 0, 0, 0, time.UTC)
	if err := st.(runtime.Store).SetClock(ctx, 3000, reached, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := st.RecordEvent(ctx, &paceline.Event{At: reached.Add(-time.Hour), Account: "ann", Lead: "friend", Type: paceline.EventAccepted}); err != nil {
		t.Fatal(err)
	}
	if out := mustCLI(t, db, "accounts", "connections", "ann", "29999"); !strings.Contains(out, "29999 connections") {
		t.Fatalf("accounts connections said %q", out)
	}
	s := showConnections(t, db, "ann", reached)
	if s.Connections != 29999 || s.Kinds[0].Reason == "connection_cap" {
		t.Fatalf("at the database's time: %d connections, invite %s (%s); want 29999 (the acceptance before the count is in it) and invites allowed",
			s.Connections, s.Kinds[0].Reason, s.Kinds[0].Explain)
	}
}
