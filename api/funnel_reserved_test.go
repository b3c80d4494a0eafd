package api_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/executor/assist"
	"github.com/paceline/paceline/store/sqlite"
)

// The funnel counts what was carried out. An assisted account's invite is reserved in
// the ledger when it is handed to a person, but only sent when the person says so:
// counting the reservation made "invited" count invites nobody sent, and then drop
// when their working day ended unsent and the reservation was released.
func TestCampaignFunnelsCountOnlyHandOffsReportedSent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	mon := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	now := mon
	st.NowFunc = func() time.Time { return now }
	for _, a := range []*paceline.Account{
		{Name: "you", Type: paceline.TypeFree, Executor: paceline.ExecutorAssist, TimeZone: "UTC",
			Hours: paceline.WorkingHours{Start: 9 * 60, End: 17 * 60}, Days: paceline.DefaultWorkingDays, MinGap: paceline.DefaultMinGap, Safety: 1},
		{Name: "bot", Type: paceline.TypeFree, Executor: paceline.ExecutorSim, TimeZone: "UTC",
			Hours: paceline.WorkingHours{Start: 9 * 60, End: 17 * 60}, Days: paceline.DefaultWorkingDays, MinGap: paceline.DefaultMinGap, Safety: 1},
	} {
		if err := st.CreateAccount(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	desk := &assist.Desk{Store: st, NowFunc: func() time.Time { return now }}
	invite := func(account, lead string, at time.Time) paceline.Action {
		return paceline.Action{Key: "q1/" + lead + "/connect", At: at, Account: account, Kind: paceline.KindInvite,
			Lead: lead, Result: paceline.ResultDone, Campaign: "q1", Step: "connect"}
	}
	// The bot sends one invite; the person is handed three, each reserved in the ledger.
	bot := invite("bot", "b0", mon)
	if err := st.RecordAction(ctx, &bot); err != nil {
		t.Fatal(err)
	}
	var tasks []int64
	for i, lead := range []string{"p0", "p1", "p2"} {
		a := invite("you", lead, mon.Add(time.Duration(i)*2*time.Minute))
		if _, err := desk.Execute(ctx, a); err != nil {
			t.Fatal(err)
		}
		if err := st.RecordAction(ctx, &a); err != nil {
			t.Fatal(err)
		}
		task, err := st.TaskByKey(ctx, a.Key)
		if err != nil {
			t.Fatal(err)
		}
		tasks = append(tasks, task.ID)
	}
	invited := func(when string) int {
		t.Helper()
		fs, err := api.CampaignFunnels(ctx, st, st, now, 30)
		if err != nil {
			t.Fatal(err)
		}
		if len(fs) != 1 || fs[0].Campaign != "q1" {
			t.Fatalf("%s: funnels %+v, want q1's", when, fs)
		}
		return fs[0].Invited
	}
	if n := invited("handed off"); n != 1 {
		t.Fatalf("handed off: %d invited, want 1 (the bot's; the person has sent nothing yet)", n)
	}
	now = mon.Add(time.Hour)
	if _, err := desk.Finish(ctx, tasks[0], assist.Report{Outcome: assist.OutcomeSent}); err != nil {
		t.Fatal(err)
	}
	if _, err := desk.Finish(ctx, tasks[1], assist.Report{Outcome: assist.OutcomeSkipped}); err != nil {
		t.Fatal(err)
	}
	if n := invited("one sent, one skipped"); n != 2 {
		t.Fatalf("one sent, one skipped: %d invited, want 2", n)
	}
	// 17:00: the third one's day ends unsent, its reservation is released.
	now = mon.Add(7 * time.Hour)
	if res, err := desk.Sweep(ctx, "you"); err != nil || res.Expired != 1 {
		t.Fatalf("sweep at 17:00: %+v %v, want one expired", res, err)
	}
	if n := invited("after the sweep"); n != 2 {
		t.Fatalf("after the sweep: %d invited, want still 2", n)
	}
}
