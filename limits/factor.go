package limits

import (
	"math"
	"time"
)

const week = int64(7 * 24 * time.Hour)

// backoffFactor replays the push-backs that concern kind k up to t (AIMD): each one
// multiplies the rate by Decrease (never below Floor), each clean week since the
// previous one adds Increase back (never above 1).
func (c *Config) backoffFactor(s *State, k int, t int64) float64 {
	f, last, seen := 1.0, int64(0), false
	for _, p := range s.pushbacks {
		if p.at > t {
			break
		}
		if !p.restricted && p.kind >= 0 && p.kind != k {
			continue
		}
		if seen {
			f = math.Min(1, f+c.Backoff.Increase*float64((p.at-last)/week))
		}
		f = math.Max(c.Backoff.Floor, f*c.Backoff.Decrease)
		last, seen = p.at, true
	}
	if seen {
		f = math.Min(1, f+c.Backoff.Increase*float64((t-last)/week))
	}
	return f
}

// nextLoosening returns the next instant after t at which warm-up or back-off raise the
// caps of kind k (a week boundary), or 0 when both are at full rate.
func (c *Config) nextLoosening(s *State, k int, t int64, warm, back float64) int64 {
	next := int64(0)
	if warm < 1 && c.Warmup.Step > 0 {
		opened := c.Opened.UnixNano()
		w := int64(0)
		if t >= opened {
			w = (t-opened)/week + 1
		}
		next = opened + w*week
	}
	if back < 1 && c.Backoff.Increase > 0 {
		last := int64(0)
		for _, p := range s.pushbacks {
			if p.at > t {
				break
			}
			if p.restricted || p.kind < 0 || p.kind == k {
				last = p.at
			}
		}
		b := last + ((t-last)/week+1)*week
		if next == 0 || b < next {
			next = b
		}
	}
	return next
}

// pauseUntil returns when the latest cooldown of kind k or restriction of the account
// that is still running at t ends, and whether it is a restriction.
func (c *Config) pauseUntil(s *State, k int, t int64) (until int64, restricted bool) {
	for _, p := range s.pushbacks {
		if p.at > t {
			break
		}
		var end int64
		switch {
		case p.restricted:
			end = p.until
			if end == 0 {
				end = p.at + int64(c.Backoff.Restriction)
			}
		case p.kind < 0 || p.kind == k:
			end = p.at + int64(c.Backoff.Cooldown)
		default:
			continue
		}
		if end > until || (end == until && p.restricted) {
			until, restricted = end, p.restricted
		}
	}
	if until <= t {
		return 0, false
	}
	return until, restricted
}

// inmailBalance returns the InMail credits available at t and the next renewal after
// t. The balance starts from the known one at InMailCreditsAt when there is one, else
// from the month's credits granted at the origin; the monthly credits are then added at
// the start of every later calendar month in the account's time zone, capped at the
// rollover cap; spends and refunds after the start apply in time order.
func (c *Config) inmailBalance(s *State, t int64) (balance int, renewal int64) {
	loc := c.Schedule.Location
	start, known := s.origin, !c.InMailCreditsAt.IsZero()
	balance = min(c.InMailMonthly, c.InMailRolloverCap)
	if known {
		start, balance = c.InMailCreditsAt.UnixNano(), c.InMailCredits
	}
	o := time.Unix(0, start).In(loc)
	y, m, _ := o.Date()
	next := time.Date(y, m+1, 1, 0, 0, 0, 0, loc).UnixNano()
	renew := func(until int64) {
		for until >= next {
			// balance+monthly, at most the cap, without the sum overflowing when the
			// credits are set as large as an int holds.
			balance = min(balance, c.InMailRolloverCap-c.InMailMonthly) + c.InMailMonthly
			m++
			next = time.Date(y, m+1, 1, 0, 0, 0, 0, loc).UnixNano()
		}
	}
	for _, op := range s.credits {
		if op.at > t {
			break
		}
		if known && op.at <= start {
			continue // in the known balance already
		}
		renew(op.at)
		if op.delta < 0 || balance < math.MaxInt {
			balance += op.delta
		}
	}
	renew(t)
	return balance, next
}

// monthStart returns the start of t's calendar month in the account's time zone, and
// the start of the next.
func (c *Config) monthStart(t int64) (int64, int64) {
	lt := time.Unix(0, t).In(c.Schedule.Location)
	y, m, _ := lt.Date()
	return time.Date(y, m, 1, 0, 0, 0, 0, c.Schedule.Location).UnixNano(),
		time.Date(y, m+1, 1, 0, 0, 0, 0, c.Schedule.Location).UnixNano()
}

// acceptanceRate returns the acceptance rate over the last AcceptanceWindow invite
// resolutions, the time of the latest one, and whether the window is full (the guard
// acts only on a full window).
func (c *Config) acceptanceRate(s *State) (rate float64, latest int64, full bool) {
	n := c.Guards.AcceptanceWindow
	resolved := s.recentResolved()
	if n <= 0 || len(resolved) < n {
		return 0, 0, false
	}
	first, last := &resolved[len(resolved)-n], &resolved[len(resolved)-1]
	acc := last.upTo - first.upTo // wraps around consistently past 2^32 answers
	if first.accepted {
		acc++
	}
	return float64(acc) / float64(n), last.at, true
}
