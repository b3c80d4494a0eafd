package main

import (
	"fmt"
	"io"

	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/plural"
	"github.com/paceline/paceline/sim"
)

// writePausedRuns says how many of the forecast's runs paused their invites for a low
// acceptance rate and what to do: a paused run invites nobody more, so a forecast whose
// runs pause is the forecast of a campaign that stops, not of a slow one.
func writePausedRuns(tw io.Writer, f *sim.Forecast) {
	if f.PausedRuns == 0 {
		fmt.Fprintf(tw, "Paused runs\t0 of %d\n", f.Runs)
		return
	}
	fmt.Fprintf(tw, "Paused runs\t%d of %d paused their invites for a low acceptance rate (under the campaign's floor, %.0f%% by default): %s invited nobody after the day above; review the targeting or the note\n",
		f.PausedRuns, f.Runs, engine.DefaultMinAcceptance*100, plural.Verb(f.PausedRuns, "it", "they"))
}
