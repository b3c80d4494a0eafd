package audit

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// invitesEvery returns n done invites of alice from start, one every gap.
func invitesEvery(start time.Time, n int, gap time.Duration) []paceline.Action {
	out := make([]paceline.Action, n)
	for i := range out {
		out[i] = paceline.Action{At: start.Add(time.Duration(i) * gap), Account: "alice", Kind: paceline.KindInvite,
			Lead: fmt.Sprint("lead-", start.Unix(), "-", i), Result: paceline.ResultDone}
	}
	return out
}

// QA's case in the small: 5 invites under a weekly cap of 5, the cap lowered to 3 the
// day after. The old invites are not violations; an invite after the change while the
// week still holds 5 is, one a week after the first ones is not.
func TestCheckPeriodsJudgesByTheSettingsOfTheTime(t *testing.T) {
	t.Parallel()
	before, after := alice(), alice()
	before.WeeklyCaps = map[paceline.ActionKind]int{paceline.KindInvite: 5}
	after.WeeklyCaps = map[paceline.ActionKind]int{paceline.KindInvite: 3}
	change := at(t, "2027-03-02T12:00:00Z")
	l := &Ledger{Actions: invitesEvery(at(t, "2027-03-01T10:00:00Z"), 5, time.Hour)}
	l.Actions = append(l.Actions, invitesEvery(at(t, "2027-03-03T10:00:00Z"), 1, 0)...) // 6 in the week: over 3
	l.Actions = append(l.Actions, invitesEvery(at(t, "2027-03-09T10:30:00Z"), 1, 0)...) // 2 in the week: the 03-03 one and itself
	periods := map[string][]Period{"alice": {{Since: at(t, "2027-02-01T00:00:00Z"), Account: before}, {Since: change, Account: after}}}

	r := CheckPeriods(l, periods)
	if r.Violations != 1 || r.Details[0].Rule != RuleWeeklyCap || !r.Details[0].At.Equal(at(t, "2027-03-03T10:00:00Z")) {
		t.Fatalf("violations %+v, want the weekly cap broken by the 03-03 invite only", r.Details)
	}
	// Today's settings alone, as audit --db judged before: the first week breaks them.
	if old := Check(&Ledger{Accounts: []Account{after}, Actions: l.Actions}); old.Violations != 3 {
		t.Errorf("judged by the new cap alone: %d violations, want 3 (%+v)", old.Violations, old.Details)
	}
}

// A cap lowered mid-week: the rolling window keeps every earlier action, so the
// account may act again only once the week holds fewer than the new cap.
func TestCheckPeriodsWindowRunsAcrossTheChange(t *testing.T) {
	t.Parallel()
	before, after := alice(), alice()
	before.Days = paceline.WorkingDays(1<<7 - 1)
	after.Days = paceline.WorkingDays(1<<7 - 1)
	before.WeeklyCaps = map[paceline.ActionKind]int{paceline.KindInvite: 9}
	after.WeeklyCaps = map[paceline.ActionKind]int{paceline.KindInvite: 3}
	// One invite a day at 10:00 from Monday; the cap drops to 3 on Thursday at 09:00.
	l := &Ledger{Actions: invitesEvery(at(t, "2027-03-01T10:00:00Z"), 10, 24*time.Hour)}
	periods := map[string][]Period{"alice": {{Account: before}, {Since: at(t, "2027-03-04T09:00:00Z"), Account: after}}}
	var got []string
	for _, v := range CheckPeriods(l, periods).Details {
		got = append(got, v.At.Format("01-02")+" "+v.Rule)
	}
	// Thursday to Sunday the week holds 4 to 7 invites; from the next Monday on, 7.
	want := []string{"03-04 weekly_cap", "03-05 weekly_cap", "03-06 weekly_cap", "03-07 weekly_cap",
		"03-08 weekly_cap", "03-09 weekly_cap", "03-10 weekly_cap"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("violations %v, want %v", got, want)
	}
}

// Working hours and the minimum gap of the time: an action is in working time by the
// zone in force, and its gap to the action before is measured whichever period that
// one fell in.
func TestCheckPeriodsScheduleAndGap(t *testing.T) {
	t.Parallel()
	before, after := alice(), alice()
	after.Location = zone(t, "Pacific/Kiritimati") // UTC+14: 10:00 UTC is 00:00 there
	after.MinGap = time.Hour
	change := at(t, "2027-03-02T00:00:00Z")
	l := &Ledger{Actions: []paceline.Action{
		{At: at(t, "2027-03-01T10:00:00Z"), Account: "alice", Kind: paceline.KindVisit, Result: paceline.ResultDone},
		{At: at(t, "2027-03-01T10:10:00Z"), Account: "alice", Kind: paceline.KindVisit, Result: paceline.ResultDone},
		{At: at(t, "2027-03-01T23:00:00Z"), Account: "alice", Kind: paceline.KindVisit, Result: paceline.ResultDone}, // 23:00 UTC: after hours then
		{At: at(t, "2027-03-02T00:30:00Z"), Account: "alice", Kind: paceline.KindVisit, Result: paceline.ResultDone}, // 14:30 Tuesday there, 90 min after
		{At: at(t, "2027-03-02T01:00:00Z"), Account: "alice", Kind: paceline.KindVisit, Result: paceline.ResultDone}, // 30 min after: under the new gap
		{At: at(t, "2027-03-02T10:00:00Z"), Account: "alice", Kind: paceline.KindVisit, Result: paceline.ResultDone}, // midnight there
	}}
	var got []string
	for _, v := range CheckPeriods(l, map[string][]Period{"alice": {{Account: before}, {Since: change, Account: after}}}).Details {
		got = append(got, v.At.Format("02T15:04")+" "+v.Rule)
	}
	want := []string{"01T23:00 working_hours", "02T01:00 min_gap", "02T10:00 working_hours"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("violations %v, want %v", got, want)
	}
}

// An account with one period is judged as Check judges it; the accounts without
// periods are checked as ever, and an action of an account neither lists is unknown.
func TestCheckPeriodsOnePeriodIsCheck(t *testing.T) {
	t.Parallel()
	bob := alice()
	bob.Name = "bob"
	acts := []act{
		{at: "2027-03-01T10:00:00Z", kind: paceline.KindInvite, result: paceline.ResultDone},
		{at: "2027-03-01T10:01:00Z", kind: paceline.KindInvite, result: paceline.ResultDone},
		{at: "2027-03-01T10:05:00Z", kind: paceline.KindInvite, result: paceline.ResultDone},
		{at: "2027-03-01T10:10:00Z", kind: paceline.KindInvite, result: paceline.ResultDone},
		{at: "2027-03-01T20:00:00Z", account: "bob", kind: paceline.KindInvite, result: paceline.ResultDone},
		{at: "2027-03-01T11:00:00Z", account: "carol", kind: paceline.KindInvite, result: paceline.ResultDone},
	}
	l := ledgerOf(t, []Account{alice(), bob}, acts)
	want := Check(l)
	got := CheckPeriods(l, map[string][]Period{"alice": {{Since: at(t, "2027-03-05T00:00:00Z"), Account: alice()}}})
	if !reflect.DeepEqual(got, want) {
		t.Errorf("CheckPeriods\n%+v\nwant Check's\n%+v", got, want)
	}
	if want.Violations != 4 {
		t.Errorf("Check found %d violations, want 4 (gap, cap, bob's hours, carol unknown): %+v", want.Violations, want.Details)
	}
}
