package sim

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

func mustSeats(t testing.TB, s string) []Seat {
	t.Helper()
	seats, err := ParseSeats(s)
	if err != nil {
		t.Fatal(err)
	}
	return seats
}

func mustRun(t testing.TB, cfg Config) *Result {
	t.Helper()
	res, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestPacelineUsesTheAllowanceWithoutViolations is the headline: with more leads than
// the accounts can invite in the run, paceline uses at least 95% of the invite
// allowance it works to, is never told off by the platform, and its ledger passes the
// independent audit.
func TestPacelineUsesTheAllowanceWithoutViolations(t *testing.T) {
	t.Parallel()
	seats := mustSeats(t, "free:3,sales-navigator:2")
	leads := Leads(8000, rand.New(rand.NewPCG(11, 12)))
	res := mustRun(t, Config{Accounts: seats, Leads: leads, Weeks: 8, Seed: 11, Strategy: Paceline})
	if u := res.Utilization["invite"]; u < 0.95 {
		t.Errorf("invite utilization %.3f, want at least 0.95", u)
	}
	if res.Violations != 0 || res.LimitNotices != 0 || res.Restrictions != 0 {
		t.Errorf("violations %d, notices %d, restrictions %d; want none", res.Violations, res.LimitNotices, res.Restrictions)
	}
	// 3 free accounts at 95 and 2 Sales Navigator accounts at 190 invites a week.
	if want := 8 * (3*95 + 2*190); res.Actions["invite"] > want || res.Actions["invite"] < want*95/100 {
		t.Errorf("%d invites in 8 weeks, want close to %d", res.Actions["invite"], want)
	}
	if res.CompletionDays != nil {
		t.Errorf("completed in %.1f days with more leads than 8 weeks of invites", *res.CompletionDays)
	}
}

// TestPacelineAgainstCalendar runs the same accounts, leads and seed under paceline,
// under calendar-day/calendar-week counters and under a fixed daily cap, and shows what
// the counters do under rolling enforcement: the calendar tool works to the nominal
// cap while an account's hidden limit may be lower, starts a fresh week at Monday 00:00
// whatever the last seven days held, and after a notice simply tries again the next
// day, so it draws notices and then restrictions, which delay its leads; the daily cap
// does the same seven days a week. Paceline draws none.
func TestPacelineAgainstCalendar(t *testing.T) {
	t.Parallel()
	seats := mustSeats(t, "free:3,sales-navigator:2")
	leads := Leads(3000, rand.New(rand.NewPCG(5, 6)))
	results := map[Strategy]*Result{}
	for _, st := range Strategies {
		results[st] = mustRun(t, Config{Accounts: seats, Leads: leads, Weeks: 12, Seed: 5, Strategy: st})
		b, _ := json.Marshal(results[st])
		t.Logf("%s", b)
	}
	p, c, d := results[Paceline], results[Calendar], results[Daily]
	if p.LimitNotices != 0 || p.Restrictions != 0 || p.Violations != 0 {
		t.Errorf("paceline: notices %d, restrictions %d, violations %d; want none", p.LimitNotices, p.Restrictions, p.Violations)
	}
	for _, r := range []*Result{c, d} {
		if r.LimitNotices == 0 || r.Restrictions == 0 || r.Violations == 0 {
			t.Errorf("%s: notices %d, restrictions %d, violations %d; the counter should break the rolling week",
				r.Strategy, r.LimitNotices, r.Restrictions, r.Violations)
		}
	}
	// Where in the week the calendar tool is refused.
	byDay := map[string]int{}
	for _, a := range c.Ledger.Actions {
		if a.Result == paceline.ResultRefused {
			byDay[a.At.Weekday().String()]++
		}
	}
	t.Logf("calendar refusals by weekday: %v", byDay)
	if p.CompletionDays == nil {
		t.Fatalf("paceline did not finish 3000 leads in 12 weeks")
	}
	if c.CompletionDays != nil && *c.CompletionDays < *p.CompletionDays {
		t.Errorf("calendar finished in %.1f days, before paceline's %.1f", *c.CompletionDays, *p.CompletionDays)
	}
	// Replies come from the same leads answering the same way: a strategy can only lose
	// them by not reaching the leads in time.
	if p.Replied < c.Replied*95/100 {
		t.Errorf("paceline %d replies, calendar %d", p.Replied, c.Replied)
	}
}

func TestRunIsDeterministic(t *testing.T) {
	t.Parallel()
	seats := mustSeats(t, "free:2,premium-business:1")
	leads := Leads(600, rand.New(rand.NewPCG(3, 4)))
	for _, st := range Strategies {
		t.Run(string(st), func(t *testing.T) {
			t.Parallel()
			cfg := Config{Accounts: seats, Leads: leads, Weeks: 6, Seed: 42, Strategy: st}
			a, b := mustRun(t, cfg), mustRun(t, cfg)
			a.WallSeconds, b.WallSeconds = 0, 0
			if !reflect.DeepEqual(a, b) {
				t.Errorf("two runs with seed 42 differ:\n%+v\n%+v", a, b)
			}
			cfg.Seed = 43
			c := mustRun(t, cfg)
			if reflect.DeepEqual(a.Ledger.Actions, c.Ledger.Actions) {
				t.Error("seeds 42 and 43 gave the same ledger")
			}
		})
	}
}

func TestRunRejectsBadConfig(t *testing.T) {
	t.Parallel()
	seats := mustSeats(t, "free:1")
	tests := []struct {
		name  string
		cfg   Config
		field string
	}{
		{"no accounts", Config{Weeks: 1, Strategy: Paceline}, "accounts"},
		{"no weeks", Config{Accounts: seats, Strategy: Paceline}, "weeks"},
		{"bad strategy", Config{Accounts: seats, Weeks: 1, Strategy: "yolo"}, "strategy"},
		{"bad zone", Config{Accounts: seats, Weeks: 1, Strategy: Paceline, TimeZone: "Mars/Base"}, "time-zone"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Run(context.Background(), tc.cfg)
			var pe *paceline.Error
			if !asError(err, &pe) || pe.Code != paceline.EINVALID || pe.Field != tc.field {
				t.Errorf("got %v, want an invalid %s error", err, tc.field)
			}
		})
	}
}

func TestParseSeats(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in    string
		names []string
		bad   bool
	}{
		{"free:2,sales-navigator", []string{"free-1", "free-2", "sales-navigator-1"}, false},
		{" Free:1 , recruiter-lite:1 ", []string{"free-1", "recruiter-lite-1"}, false},
		{"free:0", nil, true},
		{"", nil, true},
		{"gold:1", nil, true},
		{"free:x", nil, true},
		{"free:1,free:2", nil, true},
	}
	for _, tc := range tests {
		seats, err := ParseSeats(tc.in)
		if tc.bad {
			if paceline.ErrorCode(err) != paceline.EINVALID {
				t.Errorf("ParseSeats(%q): %v, want an invalid error", tc.in, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseSeats(%q): %v", tc.in, err)
			continue
		}
		var names []string
		for _, s := range seats {
			names = append(names, s.Name)
		}
		if !reflect.DeepEqual(names, tc.names) {
			t.Errorf("ParseSeats(%q) = %v, want %v", tc.in, names, tc.names)
		}
	}
}

// TestPacelineAcrossDST runs accounts in Paris and New York over the spring clock
// change: the audit, which reads working hours in each zone itself, finds nothing.
func TestPacelineAcrossDST(t *testing.T) {
	t.Parallel()
	for _, tz := range []string{"Europe/Paris", "America/New_York"} {
		t.Run(tz, func(t *testing.T) {
			t.Parallel()
			res := mustRun(t, Config{
				Accounts: mustSeats(t, "free:1,premium-business:1"), Leads: Leads(1500, rand.New(rand.NewPCG(8, 9))),
				Weeks: 4, Seed: 8, Strategy: Paceline, TimeZone: tz,
				Start: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC),
			})
			if res.Violations != 0 || res.LimitNotices != 0 {
				t.Errorf("violations %d, notices %d across the DST change; want none", res.Violations, res.LimitNotices)
			}
			if res.Actions["invite"] < 4*(95+95)*95/100 {
				t.Errorf("only %d invites in 4 weeks", res.Actions["invite"])
			}
		})
	}
}
