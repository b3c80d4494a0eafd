package main

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/plural"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/sequence"
	"github.com/paceline/paceline/shellword"
	"github.com/paceline/paceline/store/postgres"
	"github.com/paceline/paceline/store/sqlite"
)

// textStore replaces the sequence of a started campaign.
type textStore interface {
	// ReplaceStartedSequence replaces the sequence of an active or paused campaign
	// that still has the sequence was (ECONFLICT otherwise, ENOTFOUND).
	ReplaceStartedSequence(ctx context.Context, name, was, sequence string) error
}

var (
	_ textStore = (*sqlite.Store)(nil)
	_ textStore = (*postgres.Store)(nil)
)

// heldShown is how many held steps an edit of texts lists one by one.
const heldShown = 10

// editTexts gives the started campaign c (as stored) the sequence src, read from the
// file label, when it passes campaign creation's checks and differs from the one c
// runs in texts alone (sequence.TextsOnly). The tick renders a step's text from the
// stored sequence when the step comes due, so every step not rendered yet, a held
// step resumed included, goes out with the new text.
func (a *app) editTexts(ctx context.Context, db *runtimeDB, c *paceline.Campaign, src []byte, label string) error {
	ts, ok := db.store.(textStore)
	if !ok {
		return paceline.Errorf(paceline.EINTERNAL, "%s cannot edit the texts of a started campaign (%T)", db.name, db.store)
	}
	old, err := sequence.Decode([]byte(c.Sequence))
	if err != nil {
		return fmt.Errorf("read the sequence campaign %s runs: %w", c.Name, err)
	}
	was := c.Sequence
	edited := *c
	edited.Sequence = string(src)
	check, err := checkCampaignSequence(ctx, db, label, &edited)
	if err != nil {
		return err
	}
	changes, err := sequence.TextsOnly(old, check.Seq)
	if err != nil {
		// The message names the campaign and the command that stops it.
		msg := strings.ReplaceAll(err.Error(), "paceline campaigns stop NAME", "paceline campaigns stop "+shellword.Quote(c.Name)+a.dbFlag())
		return paceline.Errorf(paceline.ErrorCode(err), "campaign %s is %s; sequence %s: %s", c.Name, c.State, label, msg)
	}
	if len(changes) == 0 {
		_, err := fmt.Fprintf(a.stdout, "No text of campaign %s changes with %s: nothing was saved.\n", c.Name, label)
		return err
	}
	if err := ts.ReplaceStartedSequence(ctx, c.Name, was, string(src)); err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Edited the texts of campaign %s (%s), from %s:\n", c.Name, c.State, label)
	for _, ch := range changes {
		fmt.Fprintf(&b, "  step %s (line %d): %s\n", ch.Step, ch.Line, strings.Join(ch.Texts, ", "))
	}
	b.WriteString("Leads waiting on these steps get the new texts when the step is next rendered, without a restart of serve; " +
		"a text rendered already (a task handed to a person, a send under way) keeps its words.\n")
	if _, err := fmt.Fprint(a.stdout, b.String()); err != nil {
		return err
	}
	for _, w := range check.Warnings {
		fmt.Fprintf(a.stderr, "Warning: sequence %s: %v\n", label, w)
	}
	return a.reportHeld(ctx, db, c.Name, changes)
}

// reportHeld lists the campaign's steps held for review on a step whose texts
// changed, with what now lets each go out: a resume, which renders the step again
// with the new text, or the fields it still lacks.
func (a *app) reportHeld(ctx context.Context, db *runtimeDB, campaign string, changes []sequence.TextChange) error {
	all, err := heldSteps(db, nil).List(ctx)
	if err != nil {
		return fmt.Errorf("list the held steps of campaign %s: %w", campaign, err)
	}
	var held []runtime.HeldStep
	for _, h := range all {
		if h.Campaign == campaign && !h.Resuming && slices.ContainsFunc(changes, func(c sequence.TextChange) bool { return c.Step == h.Step }) {
			held = append(held, h)
		}
	}
	if len(held) == 0 {
		return nil
	}
	q := shellword.Quote(campaign)
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s held for review on these steps; resume them with paceline tasks resume --campaign %s --lead KEY%s, which renders the step again with the new text:\n",
		plural.Count(len(held), "lead"), plural.Verb(len(held), "is", "are"), q, a.dbFlag())
	for i, h := range held {
		if i == heldShown {
			fmt.Fprintf(&b, "  ... and %d more (paceline tasks held%s)\n", len(held)-heldShown, a.dbFlag())
			break
		}
		if len(h.Missing) == 0 {
			fmt.Fprintf(&b, "  %s, step %s: paceline tasks resume --campaign %s --lead %s%s\n", h.Lead, h.Step, q, shellword.Quote(h.Lead), a.dbFlag())
			continue
		}
		fmt.Fprintf(&b, "  %s, step %s: still held after a resume: %s\n", h.Lead, h.Step, h.Todo)
	}
	_, err = fmt.Fprint(a.stdout, b.String())
	return err
}
