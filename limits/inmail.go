package limits

import "github.com/paceline/paceline"

// StartingInMailCredits is the InMail balance a seat has on the day it takes up a's
// type (with a's overrides): the month's credits LinkedIn grants on an upgrade, at most
// the rollover cap. It is not the rollover cap a seat that always had the plan may have
// banked, which is what replaying the ledger with today's type alone assumed: a free
// account made Sales Navigator showed 150 credits at once, where LinkedIn grants 50.
// A downgrade to a type without InMail leaves none.
func StartingInMailCredits(a *paceline.Account) (int, error) {
	c, err := ConfigFor(a)
	if err != nil {
		return 0, err
	}
	return min(c.InMailMonthly, c.InMailRolloverCap, paceline.MaxInMailCredits), nil
}
