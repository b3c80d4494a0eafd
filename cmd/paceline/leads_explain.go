package main

import (
	"context"
	"fmt"
	"io"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/score"
)

// explainRules returns the rules whose sentences explain the stored scores (the store
// keeps rule names and points only): the rules in force. Kept rules that this paceline
// no longer parses explain with the built-in rules instead, with a warning on warn
// saying what to do, since showing and exporting leads must not fail for them;
// imports and rescoring refuse them.
func explainRules(ctx context.Context, st icpStore, warn io.Writer) (*score.Rules, error) {
	stored, kept, err := st.ICPRules(ctx)
	if err != nil || !kept {
		return score.Default(), err
	}
	r, err := stored.Rules()
	if err != nil {
		fmt.Fprintf(warn, "warning: %s; the explanations' sentences are the built-in rules'\n", paceline.ErrorMessage(err))
		return score.Default(), nil
	}
	return r, nil
}
