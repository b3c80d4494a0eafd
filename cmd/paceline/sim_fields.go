package main

import (
	"errors"
	"fmt"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/sequence"
	"github.com/paceline/paceline/sim"
)

// checkSimFields refuses, as campaigns create does, a --sequence whose templates use a
// field that is neither built in nor a column of the run's leads: a misspelt
// {{first_nme}} would be held at every simulated lead, and the run would count
// actions that a real campaign never sends.
func checkSimFields(cfg *sim.Config, f *simFlags) error {
	walk := func(yield func(l *paceline.Lead) error) error {
		for _, l := range cfg.Leads {
			if err := yield(l); err != nil {
				return err
			}
		}
		return nil
	}
	err := api.CheckSequenceFields(cfg.Sequence, walk)
	if err == nil {
		return nil
	}
	var verrs sequence.ValidationErrors
	if !errors.As(err, &verrs) {
		return err
	}
	where := "the leads of " + f.leadsFile
	if f.leadsFile == "" {
		where = "synthetic leads, which have no custom fields (give --leads-file a CSV with those columns)"
	}
	return &paceline.Error{Code: paceline.EINVALID, Field: "sequence",
		Message: fmt.Sprintf("%s uses fields unknown to %s:\n%v", cmpOr(f.seqFile, "the built-in sequence"), where, verrs)}
}
