package main

import (
	"context"
	"fmt"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/limits"
)

// printRestricted says what a restricted report did: the account's Pacer, replayed
// with the restriction just recorded, stops every kind until the restriction ends
// and resumes by itself after, so the person learns until when without a manual
// pause and resume. again is a report that repeats the one recorded: the restriction
// is the same one, not a new week.
func (a *app) printRestricted(ctx context.Context, st ledgerReader, t *paceline.Task, now time.Time, again bool) error {
	d, loc, err := restrictedDecision(ctx, st, t.Account, t.Kind, now)
	if err != nil {
		return fmt.Errorf("task #%d is recorded as restricted, but %s's pace could not be read: %w", t.ID, t.Account, err)
	}
	until := d.Until
	if d.Reason != limits.ReasonRestricted || until.IsZero() {
		// Another constraint outlasts the restriction (or the Pacer never allows the
		// kind): still say when the account may act again.
		until = d.At
	}
	const layout = "Mon 2 Jan 2006 15:04 MST"
	if again {
		fmt.Fprintf(a.stdout, "%s is still restricted from the first report: it does nothing until %s, then resumes by itself (no accounts resume needed).\n",
			t.Account, until.In(loc).Format(layout))
	} else {
		fmt.Fprintf(a.stdout, "Task #%d recorded as restricted: LinkedIn restricted %s, so it does nothing until %s, then resumes by itself (no accounts resume needed); the task comes back at a later slot.\n",
			t.ID, t.Account, until.In(loc).Format(layout))
	}
	if d.At.After(until) {
		fmt.Fprintf(a.stdout, "Its next %s slot: %s (%s).\n", t.Kind, d.At.In(loc).Format(layout), d.Explain())
	}
	return nil
}

// restrictedDecision replays account's ledger, with its events, at now and asks its
// Pacer about kind, with the account's time zone.
func restrictedDecision(ctx context.Context, st ledgerReader, account string, kind paceline.ActionKind, now time.Time) (limits.Decision, *time.Location, error) {
	acct, err := st.Account(ctx, account)
	if err != nil {
		return limits.Decision{}, nil, err
	}
	cfg, err := limits.ConfigFor(acct)
	if err != nil {
		return limits.Decision{}, nil, err
	}
	origin, since := limits.ReplayWindow(acct.CreatedAt, now)
	actions, err := st.Actions(ctx, account, since, now.Add(time.Nanosecond))
	if err != nil {
		return limits.Decision{}, nil, err
	}
	events, err := st.Events(ctx, account, since, now.Add(time.Nanosecond))
	if err != nil {
		return limits.Decision{}, nil, err
	}
	p, err := limits.Replay(cfg, origin, actions, events)
	if err != nil {
		return limits.Decision{}, nil, err
	}
	return p.Decide(now, limits.Request{Kind: kind}), cfg.Schedule.Location, nil
}
