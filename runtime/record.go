package runtime

import (
	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
)

// StoredRecord returns rec brought up to date with the engine's enrollment e and its
// encoded snapshot, as a tick saves it. Everything that stores enrollments (serve's
// ticks, the demo) writes them through it, so they read back the same.
func StoredRecord(rec paceline.EnrollmentRecord, e *engine.Enrollment, snapshot []byte) paceline.EnrollmentRecord {
	rec.Step, rec.State, rec.Due, rec.Reason, rec.Ended = e.Step, stateOf(e.State), e.Due, e.Reason, e.Ended
	rec.Held = e.State == engine.Held
	rec.Snapshot = string(snapshot)
	return rec
}

// stateOf is the stored state of an engine state.
func stateOf(s engine.State) paceline.EnrollmentState {
	switch s {
	case engine.Waiting, engine.Held:
		// A held enrollment still holds its lead: stored as waiting, its snapshot
		// says it waits for a person.
		return paceline.EnrollmentWaiting
	case engine.Finished:
		return paceline.EnrollmentFinished
	case engine.Stopped:
		return paceline.EnrollmentStopped
	}
	return paceline.EnrollmentActive
}
