package sim

import (
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/audit"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/limits"
)

// runMemory is what one run hands the next run of the same goroutine: the engine's
// per-lead tables, the simulated platform (its members, windows and answer queue), the
// Pacers with their states, the audit's arrays, the weekly samples, and, once its
// reader is done with them, the ledger's room and the reply times. A forecast runs the
// same campaign hundreds of times, one run after another on each worker; allocating
// the parts besides the engine's afresh each time was 1.1 MB of the 1.4 MB a run
// allocated at 5 accounts × 3,000 leads, and those bytes brought the collector on about
// every fourth run, with its write barriers (now about every fourteenth). Each part is
// emptied when the next run takes it (and most when the run gives it back), so no run
// sees another's data. A runMemory is used by one goroutine at a time.
type runMemory struct {
	engine  *engine.Memory
	actions []paceline.Action
	li      *LinkedIn
	pacers  []*limits.Pacer
	audit   audit.Checker
	// wait and waiting are the room of run.waiting: the rows, and the flags they cut.
	wait      [][][2]bool
	waiting   [][2]bool
	repliedAt []time.Time
}

// release hands what the run used to mem. The run must not be used afterwards; its
// ledger and reply times stay with whoever holds the Result (takeLedger and
// takeReplies take them back).
func (r *run) release(mem *runMemory) {
	if mem == nil {
		return
	}
	mem.engine = r.g.Release()
	r.g = nil
	mem.li = r.li.release()
	r.li = nil
	// The Pacers this run made or took, and any spares it left (another strategy's
	// run makes none): r.pacers shares its array with r.spare while it fits in it.
	pacers := r.pacers
	if len(pacers) < len(r.spare) {
		pacers = r.spare
	}
	for _, p := range pacers {
		p.State().Reset(r.start) // the leads' keys go now, not when the next run takes it
	}
	mem.pacers, r.pacers, r.spare = pacers, nil, nil
	mem.wait, mem.waiting = r.waiting[:0], r.waitingRoom
	r.waiting, r.waitingRoom = nil, nil
}

// takeLedger keeps the room of a ledger whose reader is done with it for the next run.
func (m *runMemory) takeLedger(actions []paceline.Action) {
	// Cleared so that the room held between runs keeps no key or name alive.
	clear(actions)
	m.actions = actions[:0]
}

// takeReplies keeps the room of a Result's reply times once its reader is done with
// them (a forecast's summary has counted them by day).
func (m *runMemory) takeReplies(at []time.Time) {
	clear(at) // a Time holds its Location
	m.repliedAt = at[:0]
}

// check audits the run's ledger: in the room of earlier runs' audits when the run has
// a runMemory.
func (r *run) check(l *audit.Ledger) audit.Report {
	if r.checker != nil {
		return r.checker.Check(l)
	}
	return audit.Check(l)
}
