package limits_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/audit"
	"github.com/paceline/paceline/limits"
)

// busy drives one account that always has invites and messages waiting, acting at every
// slot the Pacer grants, from start for the given days.
func busy(t *testing.T, name string, cfg limits.Config, start time.Time, days int) []paceline.Action {
	t.Helper()
	p, err := limits.New(cfg, start)
	if err != nil {
		t.Fatal(err)
	}
	end := start.AddDate(0, 0, days)
	now := start
	var out []paceline.Action
	for i := 0; ; i++ {
		var best limits.Decision
		for _, k := range []paceline.ActionKind{paceline.KindInvite, paceline.KindMessage} {
			if d := p.Decide(now, limits.Request{Kind: k}); !d.At.IsZero() && (best.At.IsZero() || d.At.Before(best.At)) {
				best = d
			}
		}
		if best.At.IsZero() || !best.At.Before(end) {
			return out
		}
		now = best.At
		a := paceline.Action{At: now, Account: name, Kind: best.Kind, Lead: fmt.Sprint(name, i), Result: paceline.ResultDone}
		p.Record(a)
		out = append(out, a)
	}
}

func TestDSTNothingOutsideHoursNothingLost(t *testing.T) {
	t.Parallel()
	changes := []struct {
		zone string
		day  time.Time // the local date of a 2027 change
	}{
		{"America/New_York", time.Date(2027, 3, 14, 0, 0, 0, 0, time.UTC)},
		{"America/New_York", time.Date(2027, 11, 7, 0, 0, 0, 0, time.UTC)},
		{"Europe/Berlin", time.Date(2027, 3, 28, 0, 0, 0, 0, time.UTC)},
		{"Europe/Berlin", time.Date(2027, 10, 31, 0, 0, 0, 0, time.UTC)},
	}
	for _, ch := range changes {
		t.Run(ch.zone+" "+ch.day.Format("2006-01-02"), func(t *testing.T) {
			t.Parallel()
			loc, err := time.LoadLocation(ch.zone)
			if err != nil {
				t.Fatal(err)
			}
			cfg, err := limits.NewConfig(paceline.TypeFree, loc)
			if err != nil {
				t.Fatal(err)
			}
			// Two weeks before the change to two weeks after, and a week of warm-up
			// for the rolling window before the days we count.
			start := time.Date(ch.day.Year(), ch.day.Month(), ch.day.Day()-21, 0, 0, 0, 0, loc)
			actions := busy(t, "a", cfg, start, 35)
			rep := audit.Check(&audit.Ledger{
				Accounts: []audit.Account{{Name: "a", Location: loc, Hours: cfg.Schedule.Hours, Days: cfg.Schedule.Days,
					MinGap: cfg.MinGap, WeeklyCaps: map[paceline.ActionKind]int{paceline.KindInvite: 100, paceline.KindMessage: 100}, NoteQuotaMonthly: -1}},
				Actions: actions,
			})
			if rep.Violations != 0 {
				t.Fatalf("%d violations, first: %+v", rep.Violations, rep.Details[0])
			}
			perDay := map[string]map[paceline.ActionKind]int{}
			for _, a := range actions {
				lt := a.At.In(loc)
				if h := lt.Hour(); h < 9 || h >= 18 {
					t.Fatalf("action at %v local", lt)
				}
				key := lt.Format("2006-01-02")
				if perDay[key] == nil {
					perDay[key] = map[paceline.ActionKind]int{}
				}
				perDay[key][a.Kind]++
			}
			// Every working day from a week after the start gets its whole budget of
			// 20 invites and 20 messages, the days around the change included, with one
			// exception that is physics, not a bug: LinkedIn's window is 7×24 absolute
			// hours, so in the week after clocks spring forward the window still holds
			// last week's actions of the hour that local time skipped. There a day may
			// fall short by a few (never a whole day), and the week by at most 5.
			springWeek := ch.day.Month() == time.March
			for d := start.AddDate(0, 0, 7); d.Before(start.AddDate(0, 0, 35)); d = d.AddDate(0, 0, 1) {
				if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
					continue
				}
				key := d.Format("2006-01-02")
				afterChange := d.After(start.AddDate(0, 0, 21)) && d.Before(start.AddDate(0, 0, 28))
				for _, k := range []paceline.ActionKind{paceline.KindInvite, paceline.KindMessage} {
					got := perDay[key][k]
					if got > 20 || (got < 20 && !(springWeek && afterChange && got >= 17)) {
						t.Errorf("%s: %d %s, want the whole budget of 20", key, got, k)
					}
				}
			}
			for _, k := range []paceline.ActionKind{paceline.KindInvite, paceline.KindMessage} {
				week := 0
				for _, a := range actions {
					if a.Kind == k && a.At.After(start.AddDate(0, 0, 21)) && a.At.Before(start.AddDate(0, 0, 28)) {
						week++
					}
				}
				if week < 95 {
					t.Errorf("week after the change: %d %s, want at least 95 of 100", week, k)
				}
				t.Logf("week after the change: %d %s", week, k)
			}
		})
	}
}

func TestWeeklyAllowanceUsed(t *testing.T) {
	t.Parallel()
	// An account with work always waiting uses its whole rolling allowance: over weeks
	// 2 to 8 every 7-day window holds (almost) the effective cap.
	for _, typ := range paceline.AccountTypes {
		t.Run(string(typ), func(t *testing.T) {
			t.Parallel()
			loc := time.UTC
			cfg, _ := limits.NewConfig(typ, loc)
			cfg.Guards.MaxPending = 0 // nobody answers here: keep the pending guard out of it
			start := time.Date(2027, 1, 4, 0, 0, 0, 0, loc)
			actions := busy(t, "a", cfg, start, 56)
			for _, k := range []paceline.ActionKind{paceline.KindInvite, paceline.KindMessage} {
				n := 0
				for _, a := range actions {
					if a.Kind == k && !a.At.Before(start.AddDate(0, 0, 7)) {
						n++
					}
				}
				want := cfg.WeeklyCap(k) * 7
				if u := float64(n) / float64(want); u < 0.98 || n > want {
					t.Errorf("%s: %d of %d over 7 weeks: utilization %.3f", k, n, want, u)
				}
			}
		})
	}
}
