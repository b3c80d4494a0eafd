package main

import (
	"fmt"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/audit"
	"github.com/paceline/paceline/limits"
)

// inmailCredits is the InMail credits audit --db holds acct to, as the Pacer has them:
// its type's, with its overrides (inmail_monthly, inmail_rollover_cap).
func inmailCredits(acct *paceline.Account) (audit.Credits, error) {
	cfg, err := limits.ConfigFor(acct)
	if err != nil {
		return audit.Credits{}, fmt.Errorf("audit account %s: %w", acct.Name, err)
	}
	return audit.Credits{Monthly: cfg.InMailMonthly, RolloverCap: cfg.InMailRolloverCap}, nil
}

// holdToLinkedIn sets l to hold acct to LinkedIn's limits with its InMail credits and,
// when one is stored, the InMail balance LinkedIn last showed it (accounts update
// --inmail-credits, or the credits a type change started it at), where the check of
// its credits starts rather than at a full rollover bank.
func holdToLinkedIn(l *audit.Ledger, acct *paceline.Account) error {
	cr, err := inmailCredits(acct)
	if err != nil {
		return err
	}
	l.HoldToLinkedIn = true
	if l.InMail == nil {
		l.InMail = map[string]audit.Credits{}
	}
	l.InMail[acct.Name] = cr
	if !acct.InMailCreditsAt.IsZero() {
		if l.InMailKnown == nil {
			l.InMailKnown = map[string]audit.Balance{}
		}
		l.InMailKnown[acct.Name] = audit.Balance{Credits: acct.InMailCredits, At: acct.InMailCreditsAt}
	}
	return nil
}
