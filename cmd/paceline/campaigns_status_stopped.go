package main

import (
	"context"
	"fmt"
	"io"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/postgres"
	"github.com/paceline/paceline/store/sqlite"
)

// stoppedCounts says how many of a campaign's stopped leads a bounce, an opt-out and a
// step that kept failing took out: the status counterpart of the reasons campaigns
// start gives for the leads it leaves out (api.StartCount's Bounced and OptedOut).
type stoppedCounts struct {
	// Bounced counts the leads whose email bounced (the mail server refused the
	// address, or a delivery report came back).
	Bounced int `json:"bounced"`
	// OptedOut counts the leads who opted out: by an unsubscribe link or an opt-out
	// event, or by leads optout, the API or the dashboard (the suppression list).
	OptedOut int `json:"opted_out"`
	// Failed counts the leads the runtime stopped because a step failed each time it
	// was tried (runtime's stoppedByFailures): a mailbox that cannot send (no postal
	// footer, no public URL, a refused login) stops every lead at its email step.
	Failed int `json:"failed"`
}

// add counts n leads stopped for reason (an event kind; others are not counted here).
func (c *stoppedCounts) add(reason string, n int) {
	switch paceline.EventKind(reason) {
	case paceline.EventBounced:
		c.Bounced += n
	case paceline.EventOptedOut:
		c.OptedOut += n
	case stoppedFailed:
		c.Failed += n
	}
}

// stoppedFailed is the reason the runtime stores with an enrollment it stopped because
// a step kept failing (runtime's stoppedByFailures, engine's "failed").
const stoppedFailed = "failed"

// capped caps the counts to n stopped leads, bounces first, then opt-outs, then
// failures: the reasons are parts of the stops counted, never more.
func (c stoppedCounts) capped(n int) stoppedCounts {
	n = max(n, 0)
	out := stoppedCounts{Bounced: min(c.Bounced, n)}
	out.OptedOut = min(c.OptedOut, n-out.Bounced)
	out.Failed = min(c.Failed, n-out.Bounced-out.OptedOut)
	return out
}

// writeStopped prints the stopped leads' reasons as rows of campaigns status's table;
// a step that failed only when some lead stopped so, with what to look at.
func writeStopped(w io.Writer, c stoppedCounts) {
	fmt.Fprintf(w, "stopped by bounce\t%d\nstopped by opt-out\t%d\n", c.Bounced, c.OptedOut)
	if c.Failed > 0 {
		fmt.Fprintf(w, "stopped: step failed\t%d (a step failed each time it was tried; see the account's failed actions, and for an email step its mailbox: paceline accounts show NAME)\n", c.Failed)
	}
}

// stoppedReasonStore counts a campaign's stopped enrollments by the reason stored with
// them; both stores have it.
type stoppedReasonStore interface {
	StoppedReasons(ctx context.Context, campaign string) (map[string]int, error)
}

var (
	_ stoppedReasonStore = (*sqlite.Store)(nil)
	_ stoppedReasonStore = (*postgres.Store)(nil)
)

// storedStops counts the campaign's stopped enrollments that a bounce, an opt-out and
// failures stopped, as the runtime stored them; stoppingRunning counts those it will stop.
func storedStops(ctx context.Context, st runtimeStore, campaign string) (stoppedCounts, error) {
	var by stoppedCounts
	rs, ok := st.(stoppedReasonStore)
	if !ok {
		return by, paceline.Errorf(paceline.EINTERNAL, "this store cannot count the stopped enrollments of %s by reason", campaign)
	}
	reasons, err := rs.StoppedReasons(ctx, campaign)
	if err != nil {
		return by, err
	}
	for reason, n := range reasons {
		by.add(reason, n)
	}
	return by, nil
}
