package main

import (
	"context"
	"testing"
	"time"

	"github.com/paceline/paceline/runtime"
)

// After serve --speed X then --speed 1 the database's clock runs in real time ahead of
// the wall clock: a start dates its enrollments by that clock, at the instant the
// runtime's ticks read (databaseNow), as every other command does. It took the
// clock's last set instant, which at speed 1 falls behind as real time passes (two
// hours here), so the runtime saw leads enrolled in its past.
func TestCampaignStartDatedByTheDatabaseClock(t *testing.T) {
	t.Parallel()
	onBothStores(t, testCampaignStartDatedByTheDatabaseClock)
}

func testCampaignStartDatedByTheDatabaseClock(t *testing.T, db string) {
	ctx := context.Background()
	mustCLI(t, db, "accounts", "add", "--name", "ann", "--type", "free")
	mustCLI(t, db, "leads", "import", writeFile(t, t.TempDir(), "l.csv", "First Name,Last Name,URL\n"+
		"Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace\n"), "--list", "L")
	mustCLI(t, db, "campaigns", "create", "--name", "c", "--list", "L", "--accounts", "ann")
	st := openTestStore(t, db)
	wall := time.Now()
	setAt, realAt := wall.Add(30*24*time.Hour).UTC().Truncate(time.Second), wall.Add(-2*time.Hour)
	if err := st.(runtime.Store).SetClock(ctx, 1, setAt, realAt); err != nil {
		t.Fatal(err)
	}
	mustCLI(t, db, "campaigns", "start", "c")
	recs, err := st.(runtime.Store).RunningEnrollments(ctx, "ann")
	if err != nil {
		t.Fatal(err)
	}
	want := setAt.Add(wall.Sub(realAt)) // where the runtime's clock stands now
	if len(recs) != 1 || recs[0].Started.Before(want.Add(-time.Minute)) || recs[0].Started.After(want.Add(time.Minute)) {
		t.Fatalf("enrollments %+v, want one started at the database's now, %s", recs, want)
	}
}
