package main

import (
	"context"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/store/sqlite"
)

// demoHeld are the held steps the demo's dashboard and API show: the demo runs a
// campaign, so its held steps are listed from the enrollments it stores, as a serve's
// are. A resume is refused: the demo's engine keeps each enrollment in memory and
// writes it back over the stored one, so a resume written to the store would be lost.
type demoHeld struct {
	steps *runtime.HeldSteps
}

func newDemoHeld(st *sqlite.Store) demoHeld {
	return demoHeld{&runtime.HeldSteps{Store: st, LeadFunc: leadByEngineKey(st), SuppressedFunc: st.IsSuppressed}}
}

func (d demoHeld) List(ctx context.Context) ([]runtime.HeldStep, error) {
	return d.steps.List(ctx)
}

func (d demoHeld) Resume(context.Context, string, string) (runtime.HeldStep, error) {
	return runtime.HeldStep{}, paceline.Errorf(paceline.EUNAVAILABLE,
		"the demo lists held steps but does not resume them: resume held steps on a database of your own run by paceline serve")
}
