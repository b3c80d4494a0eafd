package sim

import (
	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
)

// runMemory is what one run hands the next run of the same goroutine: the engine's
// per-lead tables and, once its reader is done with it, the ledger's room. A forecast
// runs the same campaign hundreds of times, one run after another on each worker;
// allocating these afresh each time was about half the bytes a run allocates (2.8 MB
// of 5.0 at 5 accounts × 3,000 leads), and those bytes brought on a collection about
// every run. A runMemory is used by one goroutine at a time.
type runMemory struct {
	engine  *engine.Memory
	actions []paceline.Action
}

// release hands the run's engine tables to mem. The run must not be used afterwards;
// its ledger stays with whoever holds the Result (takeLedger takes it back).
func (r *run) release(mem *runMemory) {
	if mem == nil {
		return
	}
	mem.engine = r.g.Release()
	r.g = nil
}

// takeLedger keeps the room of a ledger whose reader is done with it for the next run.
func (m *runMemory) takeLedger(actions []paceline.Action) {
	// Cleared so that the room held between runs keeps no key or name alive.
	clear(actions)
	m.actions = actions[:0]
}
