package sim

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

var monday = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func newPlatform(t *testing.T, leads int) (*LinkedIn, []*paceline.Lead) {
	t.Helper()
	ls := Leads(leads, rand.New(rand.NewPCG(1, 1)))
	li, err := NewLinkedIn(DefaultParams(), 7, rand.New(rand.NewPCG(7, 7)), []Seat{{Name: "a", Type: paceline.TypeFree}}, ls)
	if err != nil {
		t.Fatal(err)
	}
	return li, ls
}

func do(t *testing.T, li *LinkedIn, at time.Time, k paceline.ActionKind, lead string) (paceline.ActionResult, []paceline.Event) {
	t.Helper()
	out, err := li.Execute(context.Background(), paceline.Action{At: at, Account: "a", Kind: k, Lead: lead})
	if err != nil {
		t.Fatal(err)
	}
	return out.Result, out.Events
}

func TestHiddenLimitNoticeAndRestriction(t *testing.T) {
	t.Parallel()
	li, leads := newPlatform(t, 400)
	limit := li.Limit("a", paceline.KindInvite)
	if limit < 95 || limit > 110 {
		t.Fatalf("hidden invite limit %d, want within 95..110 of a nominal 100", limit)
	}
	at := monday
	for i := range limit {
		if res, _ := do(t, li, at, paceline.KindInvite, leads[i].ProfileKey); res != paceline.ResultDone {
			t.Fatalf("invite %d: %s before the limit", i+1, res)
		}
		at = at.Add(10 * time.Minute)
	}
	// Over the limit: refused with a notice; pushing on restricts the account.
	var restricted bool
	for i := range 3 {
		res, evs := do(t, li, at, paceline.KindInvite, leads[limit+i].ProfileKey)
		if res != paceline.ResultRefused || len(evs) == 0 || evs[0].Type != paceline.EventLimitHit || evs[0].Kind != paceline.KindInvite {
			t.Fatalf("attempt %d over the limit: %s %v, want refused with a limit notice", i+1, res, evs)
		}
		for _, e := range evs {
			if e.Type == paceline.EventRestricted {
				restricted = true
				if want := at.Add(7 * 24 * time.Hour); !e.Until.Equal(want) {
					t.Errorf("restricted until %s, want %s", e.Until, want)
				}
			}
		}
		at = at.Add(24 * time.Hour)
	}
	if !restricted || li.Restrictions != 1 || li.Notices != 3 {
		t.Errorf("restricted %v, restrictions %d, notices %d; want a restriction at the third notice", restricted, li.Restrictions, li.Notices)
	}
	if res, _ := do(t, li, at, paceline.KindVisit, leads[0].ProfileKey); res != paceline.ResultRefused {
		t.Errorf("a visit while restricted: %s, want refused", res)
	}
	// The rolling window, not the calendar week: a week after the first invites, room
	// comes back one by one.
	after := li.Restricted("a")[0].Until.Add(time.Minute)
	if res, _ := do(t, li, after, paceline.KindInvite, leads[300].ProfileKey); res != paceline.ResultDone {
		t.Errorf("invite after the restriction and the window: %s, want done", res)
	}
}

func TestBurstRestricts(t *testing.T) {
	t.Parallel()
	li, leads := newPlatform(t, 100)
	var restricted bool
	for i := range 41 {
		_, evs := do(t, li, monday.Add(time.Duration(i)*time.Minute), paceline.KindInvite, leads[i].ProfileKey)
		for _, e := range evs {
			restricted = restricted || e.Type == paceline.EventRestricted
		}
	}
	if !restricted {
		t.Error("41 invites in 41 minutes did not restrict the account")
	}
}

func TestWithdrawCancelsTheAccept(t *testing.T) {
	t.Parallel()
	li, leads := newPlatform(t, 300)
	for i := range 60 {
		do(t, li, monday.Add(time.Duration(i)*2*time.Minute), paceline.KindInvite, leads[i].ProfileKey)
	}
	// Deliver the accepts that come before the withdrawal, as a run does.
	at := monday.Add(10 * time.Hour)
	before := 0
	for next, ok := li.NextEvent(); ok && next.Before(at); next, ok = li.NextEvent() {
		if _, valid := li.PopEvent(); valid {
			before++
		}
	}
	// Withdraw every invite still pending: no accept may follow.
	for i := range 60 {
		if res, _ := do(t, li, at, paceline.KindWithdraw, leads[i].ProfileKey); res != paceline.ResultDone {
			t.Fatalf("withdraw: %s", res)
		}
	}
	cancelled := 0
	for _, ok := li.NextEvent(); ok; _, ok = li.NextEvent() {
		ev, valid := li.PopEvent()
		if valid && ev.Type == paceline.EventAccepted {
			t.Fatalf("lead %s accepted at %s, after its invite was withdrawn", ev.Lead, ev.At)
		}
		cancelled++
	}
	if before == 0 || cancelled == 0 {
		t.Errorf("%d accepts before the withdrawal, %d cancelled; want some of each", before, cancelled)
	}
	// And a withdrawn lead cannot be invited again for three weeks.
	var pendingLead string
	for i := range 60 {
		if li.members[i].connected == 0 {
			pendingLead = leads[i].ProfileKey
			break
		}
	}
	if res, _ := do(t, li, at.Add(24*time.Hour), paceline.KindInvite, pendingLead); res != paceline.ResultFailed {
		t.Errorf("re-invite a day after the withdrawal: %s, want failed", res)
	}
	if res, _ := do(t, li, at.Add(22*24*time.Hour), paceline.KindInvite, pendingLead); res != paceline.ResultDone {
		t.Errorf("re-invite 22 days after the withdrawal: %s, want done", res)
	}
}

func TestAcceptanceDependsOnLeadAndNote(t *testing.T) {
	t.Parallel()
	li, leads := newPlatform(t, 20000)
	var plain, note, senior, junior, fit, unfit stats
	for i := range li.members {
		m, l := &li.members[i], leads[i] // members are in the leads' order
		plain.add(li.acceptance(m, false, 0))
		note.add(li.acceptance(m, true, 0))
		switch l.Seniority {
		case paceline.SeniorityCLevel:
			senior.add(li.acceptance(m, false, 0))
		case paceline.SeniorityEntry:
			junior.add(li.acceptance(m, false, 0))
		}
		switch {
		case l.Score >= 70:
			fit.add(li.acceptance(m, false, 0))
		case l.Score <= 40:
			unfit.add(li.acceptance(m, false, 0))
		}
	}
	if p := plain.mean(); p < 0.2 || p > 0.5 {
		t.Errorf("mean acceptance of plain invites %.2f, want within the 20-50%% vendors report", p)
	}
	if note.mean() <= plain.mean() || senior.mean() >= junior.mean() || fit.mean() <= unfit.mean() {
		t.Errorf("note %.3f vs plain %.3f, C-level %.3f vs entry %.3f, fit %.3f vs unfit %.3f",
			note.mean(), plain.mean(), senior.mean(), junior.mean(), fit.mean(), unfit.mean())
	}
}

func TestAcceptDelaysAreMostlyDays(t *testing.T) {
	t.Parallel()
	li, leads := newPlatform(t, 3000)
	for i, l := range leads {
		do(t, li, monday.Add(time.Duration(i)*time.Second), paceline.KindInvite, l.ProfileKey)
	}
	var n, within3d, after21d int
	for {
		if _, ok := li.NextEvent(); !ok {
			break
		}
		ev, ok := li.PopEvent()
		if !ok || ev.Type != paceline.EventAccepted {
			continue
		}
		n++
		d := ev.At.Sub(monday)
		if d <= 3*24*time.Hour+time.Hour {
			within3d++
		}
		if d > 21*24*time.Hour {
			after21d++
		}
	}
	if n == 0 || float64(within3d)/float64(n) < 0.6 || float64(after21d)/float64(n) > 0.03 {
		t.Errorf("%d accepts: %d within 3 days, %d after 21 days", n, within3d, after21d)
	}
}

func TestLeadsMix(t *testing.T) {
	t.Parallel()
	leads := Leads(10000, rand.New(rand.NewPCG(2, 2)))
	keys := map[string]bool{}
	var open, email, mutual, score int
	levels := map[paceline.Seniority]int{}
	for _, l := range leads {
		keys[l.ProfileKey] = true
		levels[l.Seniority]++
		score += l.Score
		if l.OpenProfile {
			open++
		}
		if l.Email != "" {
			email++
		}
		if l.MutualConnections > 0 {
			mutual++
		}
		if l.Score < 0 || l.Score > 100 || l.FirstName == "" || l.Title == "" {
			t.Fatalf("bad lead %+v", l)
		}
	}
	checks := []struct {
		name      string
		got       float64
		low, high float64
	}{
		{"unique keys", float64(len(keys)) / 10000, 1, 1},
		{"open profile", float64(open) / 10000, 0.10, 0.14},
		{"email", float64(email) / 10000, 0.42, 0.48},
		{"some mutual", float64(mutual) / 10000, 0.62, 0.68},
		{"managers", float64(levels[paceline.SeniorityManager]) / 10000, 0.20, 0.24},
		{"mean score", float64(score) / 10000, 53, 57},
	}
	for _, c := range checks {
		if c.got < c.low || c.got > c.high {
			t.Errorf("%s: %.3f, want within [%g, %g]", c.name, c.got, c.low, c.high)
		}
	}
}

type stats struct {
	sum float64
	n   int
}

func (s *stats) add(x float64) { s.sum += x; s.n++ }
func (s *stats) mean() float64 { return s.sum / float64(max(s.n, 1)) }
