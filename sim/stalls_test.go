package sim

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/sequence"
)

// mustReport prepares and runs cfg, for its Report.
func mustReport(t *testing.T, cfg Config) *Report {
	t.Helper()
	p, err := Prepare(cfg)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := p.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// mustSequence parses a sequence for a test.
func mustSequence(t *testing.T, src string) *sequence.Sequence {
	t.Helper()
	seq, err := sequence.Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return seq
}

// QA's 2,000 interns paused in week 6 of 12 and the run said "98% of the allowance":
// the pause parks the waiting invites, so its weeks did not count as weeks with work
// waiting. Now they do, and the Report says when the invites stopped, after how many,
// and how many leads the pause holds back.
func TestPausedRunCountsItsWeeksAndSaysWhen(t *testing.T) {
	t.Parallel()
	low := DefaultParams()
	low.AcceptBase = 0.02
	leads := Leads(2000, rand.New(rand.NewPCG(5, 6)))
	rep := mustReport(t, Config{Accounts: mustSeats(t, "free:1"), Leads: leads, Weeks: 12, Seed: 5, Strategy: Paceline, Params: &low})
	if rep.PausedReason == "" {
		t.Fatal("the run did not pause; the test needs one that does")
	}
	var last time.Time
	invited := map[string]bool{}
	for _, a := range rep.Ledger.Actions {
		if a.Kind == paceline.KindInvite && a.Result == paceline.ResultDone {
			invited[a.Lead] = true
			if a.At.After(last) {
				last = a.At
			}
		}
	}
	if want := int(last.Sub(DefaultStart)/(24*time.Hour)) + 1; rep.PausedDay != want {
		t.Errorf("paused on day %d, the ledger's last invite is on day %d", rep.PausedDay, want)
	}
	if rep.PausedDay > 7*12-14 {
		t.Errorf("paused on day %d: want a pause with weeks of the run left after it", rep.PausedDay)
	}
	if rep.PausedInvites != rep.Actions["invite"] {
		t.Errorf("paused after %d invites, the run sent %d", rep.PausedInvites, rep.Actions["invite"])
	}
	if want := len(leads) - len(invited); rep.PausedLeads != want || want == 0 {
		t.Errorf("%d leads held back by the pause, want the %d never invited", rep.PausedLeads, want)
	}
	// The weeks after the pause had leads to invite and sent nothing: the allowance
	// used is about the share of the run before the pause, not all of it.
	share := float64(rep.PausedDay) / 84
	if u := rep.Utilization["invite"]; u > share+0.1 {
		t.Errorf("invite utilization %.3f with invites stopped on day %d of 84: the paused weeks must count as weeks with invites waiting", u, rep.PausedDay)
	}
}

// Held leads, note-quota waits and fallbacks are grouped by why, with the blank field
// or the note quota that caused them named.
func TestStallsSayWhy(t *testing.T) {
	t.Parallel()
	synthetic := Leads(200, rand.New(rand.NewPCG(1, 2)))
	blank := make([]*paceline.Lead, 30)
	for i := range blank {
		l := *synthetic[i]
		l.Company, l.CompanyKey = "", ""
		blank[i] = &l
	}
	note := func(fallback string) *sequence.Sequence {
		return mustSequence(t, "name: n\nsteps:\n  - id: connect\n    invite:\n      note: \"Hi {{first_name}}, glad to connect\"\n      fallback: "+fallback+"\n")
	}
	company := mustSequence(t, "name: c\nsteps:\n  - id: connect\n    invite:\n      note: \"Hi {{first_name}}, I saw {{company}}\"\n      fallback: wait\n")

	rep := mustReport(t, Config{Accounts: mustSeats(t, "sales-navigator:1"), Leads: blank, Sequence: company, Weeks: 2, Strategy: Paceline})
	if rep.Held != len(blank) || len(rep.HeldFor) != 1 || rep.HeldFor[0].Field != "company" || rep.HeldFor[0].Leads != len(blank) {
		t.Errorf("a {{company}} note with fallback: wait and no company: held %d, by why %+v; want all %d for the field company", rep.Held, rep.HeldFor, len(blank))
	}

	rep = mustReport(t, Config{Accounts: mustSeats(t, "free:1"), Leads: synthetic, Sequence: note("plain"), Weeks: 8, Strategy: Paceline})
	if len(rep.FallbackFor) != 1 || !rep.FallbackFor[0].NoteQuota || rep.FallbackFor[0].Leads != rep.TextFallbacks || rep.TextFallbacks < 150 {
		t.Errorf("free account, fallback: plain: %d fallbacks, by why %+v; want most invites, all for the note quota", rep.TextFallbacks, rep.FallbackFor)
	}
	if rep.NoteQuotas["free"] != 5 {
		t.Errorf("note quotas %v, want free: 5", rep.NoteQuotas)
	}

	rep = mustReport(t, Config{Accounts: mustSeats(t, "free:1"), Leads: synthetic, Sequence: note("wait"), Weeks: 8, Strategy: Paceline})
	if invited := rep.Actions["invite"]; rep.NoteQuotaLeads != len(synthetic)-invited || invited > 20 {
		t.Errorf("free account, fallback: wait: %d invites, %d leads waiting for the note quota; want the %d not invited", invited, rep.NoteQuotaLeads, len(synthetic)-invited)
	}

	rep = mustReport(t, Config{Accounts: mustSeats(t, "sales-navigator:1"), Leads: synthetic, Sequence: note("wait"), Weeks: 8, Strategy: Paceline})
	if rep.NoteQuotaLeads != 0 || rep.PausedLeads != 0 || rep.PausedDay != 0 || len(rep.HeldFor) != 0 {
		t.Errorf("no note quota, no pause, no hold: stalls %+v", rep.Stalls)
	}
}

// A forecast says how many runs paused and when; one that never pauses says none.
func TestForecastCountsPausedRuns(t *testing.T) {
	t.Parallel()
	low := DefaultParams()
	low.AcceptBase = 0.02
	leads := Leads(1500, rand.New(rand.NewPCG(3, 4)))
	cfg := Config{Accounts: mustSeats(t, "free:1"), Leads: leads, Weeks: 12, Seed: 3, Strategy: Paceline}
	f, err := RunForecast(context.Background(), ForecastConfig{Config: cfg, Runs: 4})
	if err != nil {
		t.Fatal(err)
	}
	if f.PausedRuns != 0 || f.PausedDay.P50 != nil {
		t.Errorf("default model: %d paused runs, P50 day %v; want none", f.PausedRuns, f.PausedDay.P50)
	}
	cfg.Params = &low
	f, err = RunForecast(context.Background(), ForecastConfig{Config: cfg, Runs: 4})
	if err != nil {
		t.Fatal(err)
	}
	if f.PausedRuns != 4 || f.PausedDay.P50 == nil || *f.PausedDay.P50 < 1 || *f.PausedDay.P50 > 84 {
		t.Errorf("very low acceptance: %d of 4 runs paused, P50 day %v; want all, on a day of the run", f.PausedRuns, f.PausedDay.P50)
	}
}
