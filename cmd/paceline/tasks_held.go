package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/runtime"
	"github.com/spf13/cobra"
)

// heldSteps lists and resumes the steps held for review in the database: a resumed
// lead is read again from the database's leads (a SQLite file and PostgreSQL both keep
// them), a lead who opted out since the hold is left out, and wake, when not nil,
// brings the account's tick forward.
func heldSteps(db *runtimeDB, wake func(ctx context.Context, account string) error) *runtime.HeldSteps {
	return &runtime.HeldSteps{Store: db.store, WakeFunc: wake, LeadFunc: leadByEngineKey(db.store), SuppressedFunc: db.store.IsSuppressed}
}

func (a *app) tasksHeldCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "held",
		Short: "List the steps held for review because a field their text needs is blank",
		Long: `A step whose template needs a field the lead lacks (such as {{company}}) is never sent
with an empty space or a raw {{company}}: the step is held and waits for a person. Fill
the field in (re-import the list with it, or run paceline leads enrich), or give the
template a default (paceline campaigns edit CAMPAIGN --sequence FILE changes a started
campaign's texts), then resume the step with paceline tasks resume. A lead who opted
out since the hold is not listed: the step will never be sent.`,
		Example: "  paceline tasks held\n  paceline tasks held --json",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			return a.withRuntimeDB(ctx, func(db *runtimeDB) error {
				list, err := heldSteps(db, nil).List(ctx)
				if err != nil {
					return err
				}
				if asJSON {
					return writeJSON(a.stdout, jsonArray(list))
				}
				if len(list) == 0 {
					fmt.Fprintln(a.stdout, "No step is held for review.")
					return nil
				}
				for _, s := range list {
					fmt.Fprintf(a.stdout, "%s  %s  step %s  (%s, held since %s)\n", s.Campaign, s.Lead, s.Step, s.Account, s.Since.UTC().Format("Mon 2 Jan 15:04 MST"))
					fmt.Fprintf(a.stdout, "    %s\n", s.Why)
					fmt.Fprintf(a.stdout, "    What to do: %s\n", s.Todo)
				}
				_, err = fmt.Fprintf(a.stdout, "\n%d held. Resume one with: paceline tasks resume --campaign C --lead KEY\n", len(list))
				return err
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the held steps as JSON")
	return cmd
}

func (a *app) tasksResumeCmd() *cobra.Command {
	var campaign, lead string
	cmd := &cobra.Command{
		Use:   "resume --campaign C --lead KEY",
		Short: "Resume a held step once its cause is fixed",
		Long: `The lead is read again from the leads store (so a field filled in by a re-import or by
leads enrich is used) and its account's next tick renders the step again: it goes out in
the next slot the Pacer grants, or is held again if it still cannot go out.`,
		Example: "  paceline tasks resume --campaign q1 --lead ada-lovelace",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if strings.TrimSpace(campaign) == "" || strings.TrimSpace(lead) == "" {
				return paceline.FieldErrorf("lead", "give the held step's --campaign and --lead (see paceline tasks held)")
			}
			ctx := cmd.Context()
			return a.withRuntimeDB(ctx, func(db *runtimeDB) error {
				jobs, err := db.migratedJobs(ctx)
				if err != nil {
					return err
				}
				h := heldSteps(db, func(ctx context.Context, account string) error { return jobs.Ensure(ctx, account, true) })
				before, err := h.List(ctx)
				if err != nil {
					return err
				}
				lead := engineLeadKey(ctx, db.store, strings.TrimSpace(lead))
				s, err := h.Resume(ctx, campaign, lead)
				if err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "Resumed step %s of %s in campaign %s: paceline serve renders it again in %s's next tick and sends it in the next slot the Pacer grants.\n",
					s.Step, s.Lead, s.Campaign, s.Account)
				for _, b := range before {
					if b.Campaign == campaign && b.Lead == lead && len(b.Missing) > 0 {
						fmt.Fprintf(a.stderr, "Warning: the step will be held again: %s.\n", b.Todo)
					}
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&campaign, "campaign", "", "the held step's campaign")
	cmd.Flags().StringVar(&lead, "lead", "", "the lead's key, as paceline tasks held shows it")
	return cmd
}
