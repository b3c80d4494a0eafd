package main

import (
	"context"
	"slices"
	"time"

	"github.com/paceline/paceline"
)

// replayPlatform puts a restarted demo's simulated LinkedIn back where the last run
// left it: it carries out again, in time order, every action the ledger says the
// simulated accounts sent or were refused, letting the platform's scheduled answers
// before each one happen. The platform draws each lead's answers from the seed and the
// lead alone, so it comes to the same connections, replies and restrictions the ledger
// and the stored events already hold; the answers it has scheduled from resume on
// (an accept to an invite sent before the stop) then come in as the demo runs, and a
// message to a lead connected in an earlier run reaches someone it knows. Answers
// before resume were stored by the earlier run and are not stored again.
func (r *demoRun) replayPlatform(ctx context.Context, sims []string, resume time.Time) error {
	var acts []paceline.Action
	for _, name := range sims {
		list, err := r.st.Actions(ctx, name, time.Time{}, resume)
		if err != nil {
			return err
		}
		for _, a := range list {
			if a.Result == paceline.ResultDone || a.Result == paceline.ResultRefused {
				acts = append(acts, a)
			}
		}
	}
	slices.SortStableFunc(acts, func(a, b paceline.Action) int { return a.At.Compare(b.At) })
	answerBefore := func(t time.Time) {
		for {
			at, ok := r.li.NextEvent()
			if !ok || !at.Before(t) {
				return
			}
			r.li.PopEvent()
		}
	}
	for _, a := range acts {
		answerBefore(a.At)
		if _, err := r.li.Execute(ctx, a); err != nil {
			return err
		}
	}
	answerBefore(resume)
	return nil
}
