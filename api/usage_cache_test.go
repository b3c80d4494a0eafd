package api_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/api/apitest"
)

// The cache must answer what a full replay answers, after new actions and events, one
// of them recorded late with an earlier instant (inside the overlap).
func TestUsageCacheMatchesReplay(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := apitest.New(t)
	c := api.NewUsageCache(f.Store)
	acct, err := f.Store.Account(ctx, "alice")
	if err != nil {
		t.Fatal(err)
	}
	same := func(now time.Time) {
		t.Helper()
		got, err := c.Usage(ctx, acct, now)
		if err != nil {
			t.Fatal(err)
		}
		want, err := api.Usage(ctx, f.Store, acct, now)
		if err != nil {
			t.Fatal(err)
		}
		g, _ := json.Marshal(got)
		w, _ := json.Marshal(want)
		if string(g) != string(w) {
			t.Fatalf("at %s the cache says\n%s\nwant\n%s", now, g, w)
		}
	}
	now := apitest.Now
	same(now)
	steps := []struct {
		action *paceline.Action
		event  *paceline.Event
	}{
		{action: &paceline.Action{Key: "n1", At: now.Add(10 * time.Minute), Account: "alice", Kind: paceline.KindInvite, Lead: "linus-t", Result: paceline.ResultDone, WithNote: true}},
		{event: &paceline.Event{Key: "n2", At: now.Add(20 * time.Minute), Account: "alice", Lead: "script-x", Type: paceline.EventAccepted}},
		// Recorded after the cache read up to +30 min, but dated +25 min.
		{action: &paceline.Action{Key: "n3", At: now.Add(25 * time.Minute), Account: "alice", Kind: paceline.KindMessage, Lead: "grace-hopper", Result: paceline.ResultDone}},
		{event: &paceline.Event{Key: "n4", At: now.Add(26 * time.Minute), Account: "alice", Type: paceline.EventWarning, Kind: paceline.KindInvite}},
	}
	for i, st := range steps {
		if st.action != nil {
			if err := f.Store.RecordAction(ctx, st.action); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.Store.RecordEvent(ctx, st.event); err != nil {
			t.Fatal(err)
		}
		same(now.Add(time.Duration(30+i) * time.Minute))
	}
	same(now.Add(8 * 24 * time.Hour)) // a week on: the old invites leave the window
}
