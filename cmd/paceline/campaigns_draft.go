package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/shellword"
	"github.com/paceline/paceline/store/postgres"
	"github.com/paceline/paceline/store/sqlite"
	"github.com/spf13/cobra"
)

// draftStore deletes and changes campaigns that never started.
type draftStore interface {
	// DeleteDraftCampaign deletes a campaign that never started (ECONFLICT for one
	// that did, ENOTFOUND).
	DeleteDraftCampaign(ctx context.Context, name string) error
	// ReplaceDraftCampaign replaces the list, sequence, priority and accounts of a
	// campaign that never started (ECONFLICT for one that did, ENOTFOUND).
	ReplaceDraftCampaign(ctx context.Context, c *paceline.Campaign) error
}

var (
	_ draftStore = (*sqlite.Store)(nil)
	_ draftStore = (*postgres.Store)(nil)
)

// drafts returns the database's draftStore.
func (d *runtimeDB) drafts() (draftStore, error) {
	ds, ok := d.store.(draftStore)
	if !ok {
		return nil, paceline.Errorf(paceline.EINTERNAL, "%s cannot delete or change campaigns (%T)", d.name, d.store)
	}
	return ds, nil
}

func (a *app) campaignsDeleteCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "delete NAME",
		Short: "Delete a draft campaign (one that never started)",
		Long: `Delete removes a campaign that was created and never started, such as a try with the wrong
sequence or list. A campaign that ever started is refused: its enrollments and what it sent
are its history, which the audit and the funnels read from the ledger; pause it instead
(paceline campaigns pause NAME).`,
		Example: "  paceline campaigns delete q1-try",
		Args:    exactArgs(1, "the campaign's name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			return a.withRuntimeDB(ctx, func(db *runtimeDB) error {
				ds, err := db.drafts()
				if err != nil {
					return err
				}
				if err := ds.DeleteDraftCampaign(ctx, args[0]); err != nil {
					return err
				}
				_, err = fmt.Fprintf(a.stdout, "Deleted draft campaign %s.\n", args[0])
				return err
			})
		},
	}
}

func (a *app) campaignsEditCmd() *cobra.Command {
	var f campaignFlags
	cmd := &cobra.Command{
		Use:   "edit NAME [--sequence FILE] [--accounts a,b] [--list L] [--priority N]",
		Short: "Change a draft campaign, or the texts of a started one",
		Long: `Edit changes a campaign that was created and never started: each flag given replaces what
was stored, the others stay. The sequence is checked as campaigns create checks it, every
problem reported at once, and nothing changes while one is left.

A started campaign (active or paused) takes --sequence alone, and only a sequence that
changes its texts: invite notes, subjects and bodies, and each variant's texts, such as
a default for a field some leads lack ({{company | default: "your team"}}). Its steps,
their order, ids, kinds, timing, branches, variants' names and every other setting must
stay as they are, since its leads are enrolled on them; edit prints each step whose texts
changed. A lead waiting on such a step gets the new text when the step is next rendered,
without a restart of serve; a step held for review renders it once resumed (paceline
tasks resume). Any other change to a started campaign is refused: create a new campaign
and stop this one (paceline campaigns stop NAME).`,
		Example: `  paceline campaigns edit q1 --sequence q1.yaml
  paceline campaigns edit q1 --accounts ann,bob --list growth`,
		Args: exactArgs(1, "the campaign's name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			changed := func(name string) bool { return cmd.Flags().Changed(name) }
			if !changed("sequence") && !changed("accounts") && !changed("list") && !changed("priority") {
				return usageError{fmt.Errorf("nothing to change: give --sequence, --accounts, --list or --priority")}
			}
			var src []byte
			if changed("sequence") {
				if strings.TrimSpace(f.sequence) == "" {
					return paceline.FieldErrorf("sequence", "is empty (give the sequence YAML file)")
				}
				var err error
				if src, err = f.source(); err != nil {
					return err
				}
			}
			return a.withRuntimeDB(ctx, func(db *runtimeDB) error {
				ds, err := db.drafts()
				if err != nil {
					return err
				}
				c, err := db.store.Campaign(ctx, args[0])
				if err != nil {
					return err
				}
				if c.State != paceline.CampaignDraft {
					if c.State != paceline.CampaignStopped && changed("sequence") &&
						!changed("accounts") && !changed("list") && !changed("priority") {
						return a.editTexts(ctx, db, c, src, f.label())
					}
					// The store refuses it, saying why, before the new sequence is
					// checked: its problems would not matter.
					return ds.ReplaceDraftCampaign(ctx, c)
				}
				label := "of campaign " + c.Name
				if changed("sequence") {
					c.Sequence, label = string(src), f.label()
				}
				if changed("accounts") {
					if c.Accounts = commaList(f.accounts); len(c.Accounts) == 0 {
						return paceline.FieldErrorf("accounts", "is empty (name the sending accounts with --accounts a,b)")
					}
				}
				if changed("list") {
					c.List = strings.TrimSpace(f.list)
				}
				if changed("priority") {
					c.Priority = f.priority
				}
				check, err := checkCampaignSequence(ctx, db, label, c)
				if err != nil {
					return err
				}
				if err := ds.ReplaceDraftCampaign(ctx, c); err != nil {
					return err
				}
				list := c.List
				if list == "" {
					list = "every lead"
				}
				if _, err := fmt.Fprintf(a.stdout, "Changed campaign %s (draft): list %s, accounts %s, priority %d; start it with: paceline campaigns start %s%s\n",
					c.Name, list, strings.Join(c.Accounts, ", "), c.Priority, shellword.Quote(c.Name), a.dbFlag()); err != nil {
					return err
				}
				return a.warnCampaign(ctx, db, label, c, check)
			})
		},
	}
	cmd.Flags().StringVar(&f.sequence, "sequence", "", "new sequence YAML file")
	cmd.Flags().StringVar(&f.accounts, "accounts", "", "new sending accounts, comma-separated (they replace the stored ones)")
	cmd.Flags().StringVar(&f.list, "list", "", "new lead list (\"\": every lead)")
	cmd.Flags().IntVar(&f.priority, "priority", 0, "new priority: higher goes first when campaigns compete for an account")
	return cmd
}
