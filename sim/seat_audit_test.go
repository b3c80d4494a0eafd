package sim

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/audit"
	"github.com/paceline/paceline/limits"
)

// aucklandSeat is a seat as `paceline forecast --db` builds one from a stored account
// (limits.ConfigFor): one that works Monday to Thursday, 07:00-12:00 in Auckland, 13
// hours ahead of UTC in January, so that its working time hardly meets the default
// Monday-Friday 09:00-18:00 in UTC.
func aucklandSeat(t *testing.T) Seat {
	t.Helper()
	acct := &paceline.Account{Name: "auckland", Type: paceline.TypeFree, Executor: paceline.ExecutorSim, State: paceline.AccountActive, TimeZone: "Pacific/Auckland",
		Hours:  paceline.WorkingHours{Start: 7 * 60, End: 12 * 60},
		Days:   1<<time.Monday | 1<<time.Tuesday | 1<<time.Wednesday | 1<<time.Thursday,
		MinGap: paceline.DefaultMinGap, Safety: limits.DefaultSafety}
	cfg, err := limits.ConfigFor(acct)
	if err != nil {
		t.Fatal(err)
	}
	return Seat{Name: acct.Name, Type: acct.Type, NoMailbox: true, Limits: &cfg}
}

// TestSeatScheduleAudited: the audit of a run checks a seat with a schedule of its own
// (a stored account's zone, days and hours) against that schedule, as its Pacer keeps
// it, not against the default working time in the run's zone. Checked against the
// default, the Auckland seat's every action was a working_hours violation.
func TestSeatScheduleAudited(t *testing.T) {
	t.Parallel()
	seat := aucklandSeat(t)
	res := mustRun(t, Config{Accounts: []Seat{seat}, Leads: Leads(300, rand.New(rand.NewPCG(5, 6))), Weeks: 3, Seed: 2, Strategy: Paceline})
	if len(res.Ledger.Actions) == 0 {
		t.Fatal("the seat did nothing")
	}
	if res.Violations != 0 {
		r := audit.Check(res.Ledger)
		t.Fatalf("the run of a seat paced by its own schedule audits with %d violations, want none; the first: %s %s",
			res.Violations, r.Details[0].Rule, r.Details[0].Message)
	}
}

// TestSeatScheduleViolationCaught: against the accounts a run audits its Auckland seat
// by, an action outside the seat's own working time is a working_hours violation even
// when it lies inside the default working time in UTC, and one inside the seat's own
// working time (but outside the default) is none.
func TestSeatScheduleViolationCaught(t *testing.T) {
	t.Parallel()
	seat := aucklandSeat(t)
	res := mustRun(t, Config{Accounts: []Seat{seat}, Leads: Leads(50, rand.New(rand.NewPCG(5, 6))), Weeks: 1, Seed: 2, Strategy: Paceline})
	action := func(at time.Time, lead string) paceline.Action {
		return paceline.Action{Account: seat.Name, Kind: paceline.KindInvite, Lead: lead, At: at, Result: paceline.ResultDone}
	}
	// Tuesday 12:00 UTC is Wednesday 01:00 in Auckland; Wednesday 20:00 UTC is
	// Thursday 09:00 there.
	outside := time.Date(2026, 1, 6, 12, 0, 0, 0, time.UTC)
	inside := time.Date(2026, 1, 7, 20, 0, 0, 0, time.UTC)
	l := &audit.Ledger{Accounts: res.Ledger.Accounts, Actions: []paceline.Action{action(outside, "a"), action(inside, "b")}}
	r := audit.Check(l)
	if r.Violations != 1 || r.Details[0].Rule != audit.RuleWorkingHours || !r.Details[0].At.Equal(outside) {
		t.Fatalf("want one working_hours violation at %s (01:00 Wednesday in Auckland), got %d: %+v", outside, r.Violations, r.Details)
	}
}

// TestSeatOverridesAudited: a seat with limits of its own above the preset's (an
// account with --limit note_quota_monthly=N) is audited against them, as its Pacer
// works to them, not against the preset's.
func TestSeatOverridesAudited(t *testing.T) {
	t.Parallel()
	const quota = 200
	seats := mustSeats(t, "free:1")
	seats[0].Overrides = &Overrides{Limits: map[string]int{paceline.LimitNoteQuotaMonthly: quota}}
	res := mustRun(t, Config{Accounts: seats, Leads: Leads(1500, rand.New(rand.NewPCG(7, 8))), Weeks: 3, Seed: 3, Strategy: Paceline})
	preset, err := limits.SharedPreset(paceline.TypeFree)
	if err != nil {
		t.Fatal(err)
	}
	notes := 0
	for _, a := range res.Ledger.Actions {
		if a.Kind == paceline.KindInvite && a.WithNote && a.Counts() {
			notes++
		}
	}
	if notes <= *preset.NoteQuotaMonthly {
		t.Fatalf("the seat sent %d invites with a note in January, no more than the preset's quota of %d: the test shows nothing", notes, *preset.NoteQuotaMonthly)
	}
	if res.Violations != 0 {
		r := audit.Check(res.Ledger)
		t.Fatalf("the run of a seat paced by its own note quota audits with %d violations, want none; the first: %s %s",
			res.Violations, r.Details[0].Rule, r.Details[0].Message)
	}
	if got := res.Ledger.Accounts[0].NoteQuotaMonthly; got != quota {
		t.Errorf("the seat is audited against a note quota of %d, want its own %d", got, quota)
	}
}

// TestSeatCapsInUtilization: the allowance a seat with a weekly cap of its own used is
// measured against that cap, not the preset's: a free seat held to 40 invites a week
// that sends all it may reads as using nearly all of it, not under half.
func TestSeatCapsInUtilization(t *testing.T) {
	t.Parallel()
	seats := mustSeats(t, "free:1")
	seats[0].Overrides = &Overrides{Caps: map[paceline.ActionKind]int{paceline.KindInvite: 40}}
	res := mustRun(t, Config{Accounts: seats, Leads: Leads(1500, rand.New(rand.NewPCG(7, 8))), Weeks: 4, Seed: 3, Strategy: Paceline})
	if got := res.Utilization[string(paceline.KindInvite)]; got < 0.8 || got > 1 {
		t.Errorf("invite utilization %.3f of a seat held to 40 a week, want it measured against its own cap (0.8-1)", got)
	}
	seats[0].Overrides = &Overrides{Caps: map[paceline.ActionKind]int{paceline.KindInvite: limits.Uncapped}}
	res = mustRun(t, Config{Accounts: seats, Leads: Leads(1500, rand.New(rand.NewPCG(7, 8))), Weeks: 2, Seed: 3, Strategy: Paceline})
	if got, ok := res.Utilization[string(paceline.KindInvite)]; ok {
		t.Errorf("invite utilization %.3f of a seat without an invite cap, want none", got)
	}
}
