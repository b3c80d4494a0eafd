package sim

import (
	"context"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
)

// memLedger keeps a run's actions in memory, in the order they happened, and counts
// what the run's figures need as they come, so that summing a run up does not walk the
// ledger again. A forecast reads the counts only: its runs keep no actions (keep false),
// which spares copying each one (a bulk write barrier while the collector marks), the
// room, and the collector's walk over it.
type memLedger struct {
	actions []paceline.Action
	keep    bool
	n       int64 // actions recorded; the next one's ID is n+1
	// done counts done actions by kind number; doneOther those of kinds this build
	// does not number (nil until one comes).
	done      [paceline.NumActionKinds]int
	doneOther map[paceline.ActionKind]int
	refused   int
	// byWeek, when not nil, counts the done actions of cappedKinds[j] of each seat in
	// each week of the run, byWeek[seat][week][j], for utilization; seats and start
	// place an action.
	byWeek [][][2]int
	seats  seatFinder
	start  int64 // unix nanoseconds
}

var _ engine.Recorder = (*memLedger)(nil)

// newMemLedger returns a ledger that keeps the actions (in actions' room) and counts
// them by seat and week for utilization when keep is true, or counts them only.
func newMemLedger(cfg Config, keep bool, actions []paceline.Action) *memLedger {
	l := &memLedger{keep: keep}
	if keep {
		l.actions = actions
		l.byWeek = make([][][2]int, len(cfg.Accounts))
		for i := range l.byWeek {
			l.byWeek[i] = make([][2]int, cfg.Weeks)
		}
		l.seats, l.start = newSeatFinder(cfg.Accounts), cfg.Start.UnixNano()
	}
	return l
}

// cappedPlace[k] is the place in cappedKinds of the kind numbered k, or -1.
var cappedPlace = func() (p [paceline.NumActionKinds]int8) {
	for k := range p {
		p[k] = -1
	}
	for j, k := range cappedKinds {
		p[k.Index()] = int8(j)
	}
	return p
}()

func (l *memLedger) RecordAction(_ context.Context, a *paceline.Action) error {
	l.n++
	a.ID = l.n
	switch a.Result {
	case paceline.ResultDone:
		k := a.Kind.Index()
		if k < 0 {
			if l.doneOther == nil {
				l.doneOther = map[paceline.ActionKind]int{}
			}
			l.doneOther[a.Kind]++
			break
		}
		l.done[k]++
		if j := cappedPlace[k]; j >= 0 && l.byWeek != nil {
			// In unix nanoseconds rather than Time.Sub: a run spans at most ten years.
			s := l.seats.find(a.Account)
			if w := (a.At.UnixNano() - l.start) / int64(week); w >= 0 && w < int64(len(l.byWeek[s])) {
				l.byWeek[s][w][j]++
			}
		}
	case paceline.ResultRefused:
		l.refused++
	}
	if l.keep {
		l.actions = append(l.actions, *a)
	}
	return nil
}
