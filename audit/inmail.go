package audit

import (
	"time"

	"github.com/paceline/paceline"
)

// credits is the InMail balance of one account as its sweep reaches each done InMail.
// A ledger seldom holds the balance the seat came with, so the balance starts full, at
// the rollover cap, at the first InMail, and the monthly grants add to it: the check
// errs towards the seat. Where the ledger knows the balance at an instant
// (Ledger.InMailKnown), the first InMail after it starts the balance again from
// there. The refunds the ledger lists (Ledger.InMailRefunds) give a credit back; a
// ledger that lists none holds no answers, and a credit an answer returned is not
// seen (Report.Unchecked says so).
type credits struct {
	held    *held
	started bool
	// fromKnown says the balance was started again from the known one (held.known).
	fromKnown bool
	month     int // year*12 + month-1 of the latest grant, local
	balance   int
	// refunded counts the refunds of held.refunds given back so far.
	refunded int
}

// spend takes one credit for a done InMail at the local time lt and reports whether
// there was one, after giving back the credits refunded up to lt (held.refunds). An
// InMail without a credit leaves the balance at zero: LinkedIn would have refused it,
// so it spends nothing later InMails could have had.
func (c *credits) spend(lt time.Time) bool {
	for refunds := c.held.refunds; c.refunded < len(refunds) && !refunds[c.refunded].After(lt); c.refunded++ {
		// A refund is of an InMail sent before it, so the balance has started,
		// unless the refund is given without its InMail: then there is none to add to.
		if c.reach(refunds[c.refunded].In(lt.Location()), false) {
			c.balance++
		}
	}
	c.reach(lt, true)
	if c.balance <= 0 {
		return false
	}
	c.balance--
	return true
}

// reach brings the balance to the local time lt: started again from the known balance
// when lt is the first instant after it, else the monthly grants of the months since
// the last one. A balance not yet started starts full, at the rollover cap, when start
// is set; reach reports whether the balance has started.
func (c *credits) reach(lt time.Time, start bool) bool {
	cr := c.held.credits
	y, m, _ := lt.Date()
	month := y*12 + int(m) - 1
	if k := c.held.known; k != nil && !c.fromKnown && lt.After(k.At) {
		// The known balance holds every InMail up to its instant; a type without
		// credits has none whatever it was told.
		ky, km, _ := k.At.In(lt.Location()).Date()
		c.started, c.fromKnown, c.month, c.balance = true, true, ky*12+int(km)-1, max(k.Credits, 0)
		if cr.Monthly <= 0 && cr.RolloverCap <= 0 {
			c.balance = 0
		}
	}
	switch {
	case !c.started:
		if start {
			c.started, c.month, c.balance = true, month, max(cr.RolloverCap, 0)
		}
	case month > c.month:
		// A month's grant, never above the rollover cap; months need not come in
		// order where a zone's clock steps back across midnight at a month's start,
		// and an earlier one grants nothing again.
		c.balance = grant(c.balance, month-c.month, cr)
		c.month = month
	}
	return c.started
}

// grant returns balance after the grants of n months, without the sum overflowing
// when the credits are as large as an int holds.
func grant(balance, n int, cr *Credits) int {
	limit := max(cr.RolloverCap, 0)
	if cr.Monthly <= 0 || balance >= limit {
		return min(balance, limit)
	}
	if (limit-balance)/cr.Monthly < n {
		return limit
	}
	return min(balance+n*cr.Monthly, limit)
}

// violation describes an InMail that had no credit.
func (c *credits) violation(a *paceline.Action, loc *time.Location) Violation {
	cr, acc := c.held.credits, c.held.acc
	if cr.Monthly <= 0 && cr.RolloverCap <= 0 {
		// A type without credits has none whoever gives the figures: a free account.
		if lim, ok := LinkedIn(acc.Type); ok && (c.held.from != "the ledger's" || lim.InMail.Monthly <= 0 && lim.InMail.RolloverCap <= 0) {
			return violation(RuleInMailCredits, a, "a %s account has no InMail credits", acc.Type)
		}
		return violation(RuleInMailCredits, a, "the account has no InMail credits (%s: 0 a month)", c.held.from)
	}
	refunds := " (refunds by answers are not in the ledger)"
	if c.held.refundsListed {
		refunds = ", with the refunds of answers"
	}
	if c.fromKnown {
		k := c.held.known
		return violation(RuleInMailCredits, a,
			"no InMail credit left in %s (%s): from the balance of %d known at %s, %s credits are %d a month, rolling over up to %d%s",
			a.At.In(loc).Format("2006-01"), loc, k.Credits, k.At.UTC().Format(time.RFC3339), c.held.from, cr.Monthly, cr.RolloverCap, refunds)
	}
	return violation(RuleInMailCredits, a,
		"no InMail credit left in %s (%s): %s credits are %d a month, rolling over up to %d%s",
		a.At.In(loc).Format("2006-01"), loc, c.held.from, cr.Monthly, cr.RolloverCap, refunds)
}
