package limits

import (
	"maps"
	"slices"
	"time"

	"github.com/paceline/paceline"
)

// Slot is one action the Pacer would grant in a plan, with the decision that explains
// why it is not earlier.
type Slot struct {
	At   time.Time           `json:"at"`
	Kind paceline.ActionKind `json:"kind"`
	// Why is the binding constraint at the previous slot (or at the plan's start).
	Why     Reason `json:"why"`
	Explain string `json:"explain"`
}

// Plan returns the next n slots the Pacer would grant from `from` if every slot were
// used for one of the requested kinds (the earliest first), without changing p: it
// works on a copy of the state. It stops early when no kind can act any more.
func (p *Pacer) Plan(from time.Time, reqs []Request, n int) []Slot {
	q := &Pacer{cfg: p.cfg, st: p.st.clone(), cal: &calendar{sched: p.cfg.Schedule}}
	var slots []Slot
	now := from
	for len(slots) < n {
		var best Decision
		for _, r := range reqs {
			d := q.Decide(now, r)
			if d.At.IsZero() {
				continue
			}
			if best.At.IsZero() || d.At.Before(best.At) {
				best = d
			}
		}
		if best.At.IsZero() {
			break
		}
		slots = append(slots, Slot{At: best.At, Kind: best.Kind, Why: best.Reason, Explain: best.Explain()})
		now = best.At
		note := false
		for _, r := range reqs {
			if r.Kind == best.Kind {
				note = r.Note && !best.NoteQuotaExhausted
			}
		}
		q.Record(paceline.Action{At: now, Kind: best.Kind, Result: paceline.ResultDone, WithNote: note})
	}
	return slots
}

// clone returns a deep copy, so a plan can record hypothetical actions.
func (s *State) clone() *State {
	c := *s
	for k := range s.done {
		c.done[k] = slices.Clone(s.done[k])
	}
	c.notes = slices.Clone(s.notes)
	c.credits = slices.Clone(s.credits)
	c.pushbacks = slices.Clone(s.pushbacks)
	c.resolved = slices.Clone(s.resolved)
	c.inmailTo = maps.Clone(s.inmailTo)
	c.pending = s.pending.clone()
	return &c
}
