package main

import (
	"context"
	"fmt"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/sequence"
)

// warnStartMailboxes warns, as campaigns start starts campaign c, of each of its
// accounts whose mailbox cannot send yet (api.CheckMailboxes: no postal footer or no
// public URL): every lead that reaches an email step would fail it and be stopped.
// create and validate said so before; a mailbox may have lost them since, or the
// warning scrolled by. Only a warning: a failure to check is said as such.
func (a *app) warnStartMailboxes(ctx context.Context, st paceline.AccountStore, c *paceline.Campaign) {
	seq, err := sequence.Parse([]byte(c.Sequence))
	if err != nil {
		return // stored checked; campaigns status reports a sequence that no longer parses
	}
	warnings, err := api.CheckMailboxes(ctx, seq, st, c.Accounts)
	if err != nil {
		fmt.Fprintf(a.stderr, "Warning: could not check the mailboxes of campaign %s: %v.\n", c.Name, err)
		return
	}
	for _, w := range warnings {
		fmt.Fprintf(a.stderr, "Warning: %v\n", w)
	}
}
