package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/executor/agent"
	"github.com/paceline/paceline/sim"
)

// Agent leases actions and carries them out against the simulated LinkedIn.
type Agent struct {
	Client   *agent.Client
	Account  string
	Platform *sim.Platform
	// LimitAfter makes the simulated LinkedIn answer "weekly limit reached" after this
	// many actions of one kind; 0 never does.
	LimitAfter int
	Log        io.Writer
	// NowFunc is the clock the simulation's answers are read at; time.Now when nil.
	NowFunc func() time.Time

	done     map[string]int
	reported map[string]bool
}

// Drain carries out every action due now and returns how many it did.
func (a *Agent) Drain(ctx context.Context) (int, error) {
	n := 0
	for {
		did, err := a.Once(ctx)
		if err != nil || !did {
			return n, err
		}
		n++
	}
}

// Once leases and carries out one action; false when nothing is due.
func (a *Agent) Once(ctx context.Context) (bool, error) {
	l, ok, err := a.Client.Lease(ctx, a.Account)
	if err != nil || !ok {
		return false, err
	}
	if a.done == nil {
		a.done, a.reported = map[string]int{}, map[string]bool{}
	}
	req := agent.OutcomeRequest{Lease: l.Lease, Result: "done"}
	if a.LimitAfter > 0 && a.done[l.Action.Kind] >= a.LimitAfter {
		req.Result = "refused"
		req.Events = []agent.EventReport{{Type: string(paceline.EventLimitHit)}}
	} else {
		out, err := a.Platform.Execute(ctx, paceline.Action{
			Key: l.Action.Key, At: a.now(), Account: l.Action.Account, Kind: paceline.ActionKind(l.Action.Kind),
			Lead: l.Action.Lead, WithNote: l.Action.WithNote, Campaign: l.Action.Campaign, Step: l.Action.Step,
		})
		if err != nil {
			req.Result = "failed"
		} else {
			req.Result = resultOf(out.Result)
			for _, ev := range out.Events {
				req.Events = append(req.Events, agent.EventReport{Type: string(ev.Type), Lead: ev.Lead, At: ev.At, Until: ev.Until})
			}
			a.done[l.Action.Kind]++
		}
	}
	seen, err := a.answers(ctx)
	if err != nil {
		return false, err
	}
	req.Events = append(req.Events, seen...)
	resp, err := a.Client.Report(ctx, l.Action.ID, req)
	if err != nil {
		return false, fmt.Errorf("report action %d: %w", l.Action.ID, err)
	}
	if a.Log != nil {
		fmt.Fprintf(a.Log, "%s %s %s: %s (%s)\n", l.Action.Account, l.Action.Kind, l.Action.Lead, req.Result, resp.State)
	}
	return true, nil
}

// answers returns the accepts and replies the simulation shows now that were not
// reported yet: the agent sees them on the platform and passes them on.
func (a *Agent) answers(ctx context.Context) ([]agent.EventReport, error) {
	now := a.now()
	evs, _, err := a.Platform.Events(ctx, a.Account, now.Add(-30*24*time.Hour), now)
	if err != nil {
		return nil, err
	}
	var out []agent.EventReport
	for _, ev := range evs {
		if a.reported[ev.Key] {
			continue
		}
		a.reported[ev.Key] = true
		out = append(out, agent.EventReport{Type: string(ev.Type), Lead: ev.Lead, At: ev.At})
	}
	return out, nil
}

func (a *Agent) now() time.Time {
	if a.NowFunc != nil {
		return a.NowFunc()
	}
	return time.Now().UTC()
}

func resultOf(r paceline.ActionResult) string {
	switch r {
	case paceline.ResultDone:
		return "done"
	case paceline.ResultRefused:
		return "refused"
	}
	return "failed"
}
