package limits

import (
	"math"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// TestHugeCapIsNoTighterThanASmallOne gives an account caps as large as an int holds,
// the way a user writes "no limit" (--cap invite=9223372036854775807). Scaling such a
// cap by the safety margin overflowed the conversion back to an int and left one
// invite a week; the day's budget, rounded up by adding first, overflowed to a
// negative number, and the spacing divided by budget+1. Such an account must act at
// least as freely as one with an ordinary cap, and its snapshot must show the cap.
func TestHugeCapIsNoTighterThanASmallOne(t *testing.T) {
	t.Parallel()
	for _, days := range []paceline.WorkingDays{paceline.DefaultWorkingDays, 1 << time.Tuesday} {
		for _, safety := range []float64{1, 0.95} {
			p := newPacer(t, paceline.TypeFree, func(c *Config) {
				c.Weekly[paceline.KindInvite.Index()] = math.MaxInt
				c.Schedule.Days = days
				c.Safety = safety
			})
			now := at(2, 9, 0)
			n := 0
			for end := at(2, 18, 0); n < 1000; n++ {
				d := p.Decide(now, Request{Kind: paceline.KindInvite})
				if !d.Allowed {
					if d.At.IsZero() || !d.At.Before(end) {
						break
					}
					now = d.At
					continue
				}
				done(p, paceline.KindInvite, now)
			}
			if n < 100 {
				t.Errorf("days %s, safety %g: %d invites on Tuesday under a cap of %d", days, safety, n, math.MaxInt)
			}
			if got := scaled(math.MaxInt, safety); got < math.MaxInt/2 {
				t.Errorf("scaled(MaxInt, %g) = %d", safety, got)
			}
		}
	}
	for _, tt := range []struct {
		limit  int
		factor float64
		want   int
	}{{100, 1, 100}, {100, 0.95, 95}, {4, 0.5, 2}, {1, 0.2, 1}, {0, 1, 0}, {-1, 1, -1}, {math.MaxInt, 1, math.MaxInt}} {
		if got := scaled(tt.limit, tt.factor); got != tt.want {
			t.Errorf("scaled(%d, %g) = %d, want %d", tt.limit, tt.factor, got, tt.want)
		}
	}
}

// TestHugeInMailCreditsRenew sets the monthly InMail credits and their rollover cap as
// large as an int holds. Each renewal added the month's credits before capping, which
// overflowed to a negative balance, and the account had no credits from its second
// month on; a refund on a full balance overflowed the same way.
func TestHugeInMailCreditsRenew(t *testing.T) {
	t.Parallel()
	p := newPacer(t, paceline.TypeSalesNavigator, func(c *Config) {
		c.InMailMonthly, c.InMailRolloverCap = math.MaxInt, math.MaxInt
	})
	c := p.Config()
	p.Record(paceline.Action{At: at(2, 10, 0), Kind: paceline.KindInMail, Result: paceline.ResultDone, Lead: "ann"})
	// The answer comes after April renewed the balance to the full cap.
	p.Observe(paceline.Event{At: time.Date(2027, 4, 5, 10, 0, 0, 0, paris), Type: paceline.EventReplied, Lead: "ann"})
	for _, when := range []time.Time{at(2, 11, 0), time.Date(2027, 4, 6, 0, 0, 0, 0, paris), time.Date(2027, 5, 3, 0, 0, 0, 0, paris)} {
		if bal, _ := c.inmailBalance(p.State(), when.UnixNano()); bal < math.MaxInt-1 {
			t.Errorf("balance at %v = %d, want about %d", when, bal, math.MaxInt)
		}
	}
	if d := p.Decide(time.Date(2027, 5, 4, 10, 0, 0, 0, paris), Request{Kind: paceline.KindInMail}); !d.Allowed {
		t.Errorf("InMail not allowed with credits as large as an int holds: %s", d.Explain())
	}
	// Ordinary numbers renew as before: 5 a month up to 15.
	q := newPacer(t, paceline.TypePremiumCareer, nil)
	if bal, _ := q.Config().inmailBalance(q.State(), time.Date(2027, 5, 2, 0, 0, 0, 0, paris).UnixNano()); bal != 15 {
		t.Errorf("premium-career balance after three renewals = %d, want 15", bal)
	}
}
