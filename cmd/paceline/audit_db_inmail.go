package main

import (
	"context"
	"fmt"
	"slices"
	"time"

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

// inmailRefundWindow is how long after an InMail an answer still returns its credit, as
// the Pacer counts it (limits' window of the same name).
const inmailRefundWindow = 90 * 24 * time.Hour

// eventReader reads an account's events with At in [since, until), oldest first: both
// stores do.
type eventReader interface {
	Events(ctx context.Context, account string, since, until time.Time) ([]paceline.Event, error)
}

// inmailRefunds sets l.InMailRefunds from the answers in st, so that audit --db counts
// the credits they gave back, as the Pacer does: an invite accepted or declined, or a
// reply, from a lead within 90 days of the latest done InMail to them returns that
// InMail's credit, once. It leaves l.InMailRefunds nil (refunds not counted, and the
// report says so) when st cannot read events. It reads the events of accounts that
// sent InMails only, over the span their InMails can be refunded in.
func inmailRefunds(ctx context.Context, st any, l *audit.Ledger) error {
	er, ok := st.(eventReader)
	if !ok {
		return nil
	}
	l.InMailRefunds = map[string][]time.Time{}
	sent := map[string][]*paceline.Action{}
	for i := range l.Actions {
		if a := &l.Actions[i]; a.Kind == paceline.KindInMail && a.Counts() {
			sent[a.Account] = append(sent[a.Account], a)
		}
	}
	for account, inmails := range sent {
		slices.SortStableFunc(inmails, func(a, b *paceline.Action) int { return a.At.Compare(b.At) })
		events, err := er.Events(ctx, account, inmails[0].At, inmails[len(inmails)-1].At.Add(inmailRefundWindow+time.Nanosecond))
		if err != nil {
			return fmt.Errorf("audit the InMail refunds of %s: %w", account, err)
		}
		if rs := refundsOf(inmails, events); len(rs) > 0 {
			l.InMailRefunds[account] = rs
		}
	}
	return nil
}

// refundsOf returns the instants the events gave back a credit of the InMails (both in
// time order), an InMail coming before an event at the same instant.
func refundsOf(inmails []*paceline.Action, events []paceline.Event) []time.Time {
	var out []time.Time
	to := map[string]time.Time{} // lead -> its latest InMail not yet refunded
	i := 0
	for _, e := range events {
		for ; i < len(inmails) && !inmails[i].At.After(e.At); i++ {
			if inmails[i].Lead != "" {
				to[inmails[i].Lead] = inmails[i].At
			}
		}
		switch e.Type {
		case paceline.EventAccepted, paceline.EventDeclined, paceline.EventReplied:
		default:
			continue
		}
		if !limits.AnswersInMail(e) {
			continue
		}
		at, ok := to[e.Lead]
		if e.Lead == "" || !ok || e.At.Sub(at) > inmailRefundWindow {
			continue
		}
		delete(to, e.Lead)
		out = append(out, e.At)
	}
	return out
}
