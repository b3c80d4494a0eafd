package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/plural"
	"github.com/paceline/paceline/sequence"
	"github.com/paceline/paceline/shellword"
)

// checkCampaignSequence makes every check of campaign c's sequence against its
// accounts and the stored leads (api.CheckCampaignSequence, as POST /api/v1/campaigns
// makes them) and refuses it with every problem at once. label names the sequence.
func checkCampaignSequence(ctx context.Context, db *runtimeDB, label string, c *paceline.Campaign) (api.SequenceCheck, error) {
	check, err := api.CheckCampaignSequence(ctx, []byte(c.Sequence), db.store, db.store, c.Accounts)
	if err != nil {
		return api.SequenceCheck{}, fmt.Errorf("check sequence %s: %w", label, err)
	}
	if len(check.Problems) > 0 {
		return check, sequenceProblems(label, c.Accounts, check.Problems)
	}
	return check, nil
}

// sequenceProblems is the error for a sequence with problems (err, a
// sequence.ValidationErrors): every one on its own line with its line and step, and
// the command that checks the file again, against the accounts, without storing
// anything.
func sequenceProblems(label string, accounts []string, err error) error {
	var verrs sequence.ValidationErrors
	if !errors.As(err, &verrs) || len(verrs) < 2 {
		// One problem reads as it always has: "sequence: line 5, step connect: ...".
		return fmt.Errorf("sequence %s: %w", label, err)
	}
	lines := make([]string, len(verrs))
	for i, e := range verrs {
		lines[i] = "  " + e.Error()
	}
	again := "paceline campaigns validate"
	if label != "(built-in)" {
		again += " --sequence " + shellword.Quote(label)
	}
	if len(accounts) > 0 {
		again += " --accounts " + shellword.Quote(strings.Join(accounts, ","))
	}
	return paceline.FieldErrorf("sequence", "%s has %s; fix them all, then check the file again with %s:\n%s",
		label, plural.Count(len(verrs), "problem"), again, strings.Join(lines, "\n"))
}

// warnCampaign prints, after campaign c was stored, what may keep it from doing what
// its author meant: the sequence's warnings (check), invites that would wait for a
// small note quota, a list with no lead, and no list in a database of lists
// (warnEveryLead).
func (a *app) warnCampaign(ctx context.Context, db *runtimeDB, label string, c *paceline.Campaign, check api.SequenceCheck) error {
	quota, err := campaignNoteQuotaWarnings(ctx, db, c, check.Seq)
	if err != nil {
		return err
	}
	for _, w := range append(check.Warnings, quota...) {
		fmt.Fprintf(a.stderr, "Warning: sequence %s: %v\n", label, w)
	}
	// A misspelt list is found here, not only when start has nothing to enroll.
	if c.List != "" {
		some, err := db.store.ListLeads(ctx, paceline.LeadFilter{List: c.List, Limit: 1})
		if err != nil {
			return err
		}
		if len(some) == 0 {
			fmt.Fprintf(a.stderr, "Warning: list %q has no lead yet: check its name (paceline leads list --list NAME) or import leads into it before start (paceline leads import FILE --list %s).\n",
				c.List, shellword.Quote(c.List))
		}
	}
	return warnEveryLead(ctx, a.stderr, db.store, c)
}
