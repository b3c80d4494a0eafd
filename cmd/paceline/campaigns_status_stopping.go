package main

import (
	"context"
	"fmt"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/sequence"
)

// stoppingRunning counts the active campaign's running enrollments that the runtime
// will stop before their next step, without a word from anyone: campaigns status
// counts them as stopped, as they will be, not as active. Status changes nothing; it
// reads what the account's next tick applies. That is a lead on the suppression list
// (optedOutRunning), and a lead whose answer the sequence stops on is recorded but not
// applied yet: a reply (which the dashboard's funnel, api.Funnels, and status count as
// replied at once), a bounce or an opt-out event, to any account since the enrollment
// started (the tick applies those of the other accounts, AnswersElsewhere, and those
// of its own that a pause of the campaign kept it from applying, missedAnswers); and
// any other event the sequence stops on (a decline) that its account recorded after
// its cursor, unless it predates the enrollment (runtime.Starts.Predates: the old
// reply of a lead enrolled with --include-replied; a plain start's lead whose reply
// was recorded late, dated before the start, is stopped). A paused account's tick applies
// nothing, so its leads showed "active" beside "replied 1" until the account
// resumed. A paused campaign's enrollments are
// not read (RunningEnrollments reads an active campaign's only, and the PostgreSQL
// store has no other way to list them): they count as they are stored. It returns how
// many, and of those how many a bounce and an opt-out (an event, or the suppression
// list) stop.
func stoppingRunning(ctx context.Context, st runtimeStore, c *paceline.Campaign) (int, stoppedCounts, error) {
	var by stoppedCounts
	if c.State != paceline.CampaignActive {
		return 0, by, nil
	}
	seq, err := sequence.Parse([]byte(c.Sequence))
	if err != nil {
		return 0, by, fmt.Errorf("campaign %s: read its sequence: %w", c.Name, err)
	}
	n := 0
	for _, acct := range c.Accounts {
		all, err := st.RunningEnrollments(ctx, acct)
		if err != nil {
			return 0, by, fmt.Errorf("read the running enrollments of %s: %w", acct, err)
		}
		var recs []paceline.EnrollmentRecord
		for _, rec := range all {
			if rec.Campaign == c.Name {
				recs = append(recs, rec)
			}
		}
		if len(recs) == 0 {
			continue
		}
		answered, err := pendingAnswers(ctx, st, seq, acct, recs)
		if err != nil {
			return 0, by, err
		}
		for _, rec := range recs {
			if kind, ok := answered[rec.Lead]; ok {
				n++
				by.add(string(kind), 1)
				continue
			}
			out, err := optedOutRunning(ctx, st, rec)
			if err != nil {
				return 0, by, err
			}
			if out {
				n++
				by.OptedOut++
			}
		}
	}
	return n, by, nil
}

// pendingAnswers returns the leads of recs (running enrollments of an active campaign
// on account acct) that an event the sequence stops on, recorded and not applied yet,
// stops at the account's next tick (stoppingRunning says which), each with the kind of
// the first such event read.
func pendingAnswers(ctx context.Context, st runtimeStore, seq *sequence.Sequence,
	acct string, recs []paceline.EnrollmentRecord) (map[string]paceline.EventKind, error) {
	started := make(map[string]time.Time, len(recs))
	since := recs[0].Started
	for _, rec := range recs {
		started[rec.Lead] = rec.Started
		if rec.Started.Before(since) {
			since = rec.Started
		}
	}
	answered := map[string]paceline.EventKind{}
	answer := func(ev paceline.Event) {
		if _, ok := answered[ev.Lead]; !ok {
			answered[ev.Lead] = ev.Type
		}
	}
	// An answer since the enrollment started, to this account or another one.
	own, err := st.Events(ctx, acct, since, eventsUntil)
	if err != nil {
		return nil, fmt.Errorf("read the events of %s: %w", acct, err)
	}
	elsewhere, err := st.AnswersElsewhere(ctx, acct)
	if err != nil {
		return nil, fmt.Errorf("read the answers to other accounts for %s: %w", acct, err)
	}
	for _, ev := range append(own, elsewhere...) {
		if at, ok := started[ev.Lead]; ok && isStopAnswer(ev.Type) && seq.Stops(ev.Type) && !ev.At.Before(at) {
			answer(ev)
		}
	}
	// Any event it stops on that the account's tick has not read yet.
	cursor, _, err := st.Cursor(ctx, acct)
	if err != nil {
		return nil, fmt.Errorf("read the event cursor of %s: %w", acct, err)
	}
	after, err := st.EventsAfter(ctx, acct, cursor)
	if err != nil {
		return nil, fmt.Errorf("read the events of %s not applied yet: %w", acct, err)
	}
	if len(after) == 0 {
		return answered, nil
	}
	// One that predates the enrollment (the old reply of a lead enrolled with
	// --include-replied; never one of a plain start's) the tick does not stop it on
	// either.
	actions, err := st.Actions(ctx, acct, since, eventsUntil)
	if err != nil {
		return nil, fmt.Errorf("read the actions of %s: %w", acct, err)
	}
	starts := runtime.NewStarts(recs, actions)
	for _, ev := range after {
		if _, ok := started[ev.Lead]; ok && seq.Stops(ev.Type) && !starts.Predates(ev) {
			answer(ev)
		}
	}
	return answered, nil
}

// isStopAnswer reports whether an event is a lead's answer that stops its sequence on
// any account (runtime's isAnswer): a reply, an opt-out, a bounce.
func isStopAnswer(t paceline.EventKind) bool {
	return t == paceline.EventReplied || t == paceline.EventOptedOut || t == paceline.EventBounced
}

// eventsUntil bounds a read of every event "until now", whatever clock recorded them
// (a demo's virtual clock runs ahead of the wall clock).
var eventsUntil = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
