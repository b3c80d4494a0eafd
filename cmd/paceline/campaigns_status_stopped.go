package main

import (
	"context"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/postgres"
	"github.com/paceline/paceline/store/sqlite"
)

// stoppedCounts says how many of a campaign's stopped leads a bounce and an opt-out
// took out: the status counterpart of the reasons campaigns start gives for the leads
// it leaves out (api.StartCount's Bounced and OptedOut).
type stoppedCounts struct {
	// Bounced counts the leads whose email bounced (the mail server refused the
	// address, or a delivery report came back).
	Bounced int `json:"bounced"`
	// OptedOut counts the leads who opted out: by an unsubscribe link or an opt-out
	// event, or by leads optout, the API or the dashboard (the suppression list).
	OptedOut int `json:"opted_out"`
}

// add counts n leads stopped for reason (an event kind; others are not counted here).
func (c *stoppedCounts) add(reason string, n int) {
	switch paceline.EventKind(reason) {
	case paceline.EventBounced:
		c.Bounced += n
	case paceline.EventOptedOut:
		c.OptedOut += n
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

// storedStops counts the campaign's stopped enrollments that a bounce and an opt-out
// stopped, as the runtime stored them; stoppingRunning counts those it will stop.
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
