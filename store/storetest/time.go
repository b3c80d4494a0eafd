package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// Instants come back as the same instant, at the domain's precision, in UTC, whatever
// zone they were given in and however far from today they are.
func testTimeRoundTrip(t *testing.T, s Store) {
	ctx := context.Background()
	zone := func(name string) *time.Location {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		return loc
	}
	instants := []time.Time{
		Clock,
		time.Date(2026, 3, 29, 1, 0, 0, 999999999, time.UTC),                    // Europe springs forward
		time.Date(2026, 10, 25, 2, 30, 0, 1, zone("Europe/Paris")),              // the hour Europe repeats
		time.Date(2026, 7, 1, 12, 0, 0, 500, zone("Asia/Kathmandu")),            // +05:45
		time.Date(2026, 1, 1, 0, 0, 0, 0, zone("America/St_Johns")),             // -03:30
		time.Date(2028, 2, 29, 23, 59, 59, 999999000, time.FixedZone("W", -60)), // leap day, odd offset
		time.Date(1969, 12, 31, 23, 59, 59, 999999500, time.UTC),                // before the Unix epoch
		time.Date(2199, 12, 31, 23, 59, 59, 123457000, time.UTC),                // far future
	}
	for i, when := range instants {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			name := fmt.Sprintf("acc-%d", i)
			a := plainAccount(name)
			a.Opened, a.CreatedAt = when, when
			if err := s.CreateAccount(ctx, a); err != nil {
				t.Fatal(err)
			}
			got, err := s.Account(ctx, name)
			if err != nil {
				t.Fatal(err)
			}
			for what, ts := range map[string]time.Time{"Opened": got.Opened, "CreatedAt": got.CreatedAt, "UpdatedAt": got.UpdatedAt} {
				wantUTC(t, what, ts)
				if at(ts) != at(when) {
					t.Errorf("account %s = %v, want %v", what, ts, at(when))
				}
			}

			act := &paceline.Action{At: when, Account: name, Kind: paceline.KindVisit, Result: paceline.ResultDone}
			if err := s.RecordAction(ctx, act); err != nil {
				t.Fatal(err)
			}
			ev := &paceline.Event{At: when, Until: when, Account: name, Type: paceline.EventRestricted}
			if _, err := s.RecordEvent(ctx, ev); err != nil {
				t.Fatal(err)
			}
			// The one-microsecond window that holds the instant finds it.
			since, until := at(when), at(when).Add(Precision)
			acts, err := s.Actions(ctx, name, since, until)
			if err != nil || len(acts) != 1 {
				t.Fatalf("Actions in [%v, %v) = %+v, %v; want the one action", since, until, acts, err)
			}
			wantUTC(t, "action At", acts[0].At)
			if at(acts[0].At) != at(when) {
				t.Errorf("action At = %v, want %v", acts[0].At, at(when))
			}
			events, err := s.Events(ctx, name, since, until)
			if err != nil || len(events) != 1 {
				t.Fatalf("Events in [%v, %v) = %+v, %v; want the one event", since, until, events, err)
			}
			e := events[0]
			wantUTC(t, "event At", e.At)
			wantUTC(t, "event Until", e.Until)
			if at(e.At) != at(when) || at(e.Until) != at(when) {
				t.Errorf("event At, Until = %v, %v; want %v", e.At, e.Until, at(when))
			}
			// The windows just before and just after are empty.
			for _, w := range [][2]time.Time{{since.Add(-Precision), since}, {until, until.Add(Precision)}} {
				if acts, err := s.Actions(ctx, name, w[0], w[1]); err != nil || len(acts) != 0 {
					t.Errorf("Actions in [%v, %v) = %+v, %v; want none", w[0], w[1], acts, err)
				}
			}
		})
	}
}
