package main

import (
	"fmt"
	"strings"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/plural"
	"github.com/paceline/paceline/sequence"
	"github.com/spf13/cobra"
)

func (a *app) campaignsValidateCmd() *cobra.Command {
	var f campaignFlags
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "validate [--sequence FILE] [--accounts a,b] [--list L] [--json]",
		Short: "Check a sequence as campaigns create does, storing nothing",
		Long: `Validate makes every check campaigns create makes of a sequence and reports every problem
at once, each with its line and step: the YAML, the sequence's rules, the template fields
against the stored leads' columns and, with --accounts, the notes against the smallest
note limit of those accounts and the steps against what they can carry out. It stores
nothing. A valid sequence exits 0 and prints its warnings; one with problems exits 1. It
is POST /api/v1/sequences/validate on the command line (--json prints that answer).`,
		Example: `  paceline campaigns validate --sequence q1.yaml
  paceline campaigns validate --sequence q1.yaml --accounts ann,bob --list growth`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			src, err := f.read()
			if err != nil {
				return err
			}
			if _, err := sequence.Decode(src); err != nil {
				// YAML that cannot be read stops every other check, and needs no
				// database to be told.
				if asJSON {
					check, cerr := api.CheckCampaignSequence(ctx, src, nil, nil, nil)
					if cerr != nil {
						return cerr
					}
					if err := writeJSON(a.stdout, validation(check)); err != nil {
						return err
					}
				}
				return sequenceProblems(f.label(), commaList(f.accounts), err)
			}
			c := &paceline.Campaign{List: strings.TrimSpace(f.list), Accounts: commaList(f.accounts), Sequence: string(src)}
			return a.withReadableRuntimeDB(ctx, func(db *runtimeDB) error {
				// Accounts that do not exist are refused here, as create refuses them.
				for _, name := range c.Accounts {
					if _, err := db.store.Account(ctx, name); err != nil {
						return err
					}
				}
				check, err := api.CheckCampaignSequence(ctx, src, db.store, db.store, c.Accounts)
				if err != nil {
					return fmt.Errorf("check sequence %s: %w", f.label(), err)
				}
				if asJSON {
					if err := writeJSON(a.stdout, validation(check)); err != nil {
						return err
					}
				}
				if len(check.Problems) > 0 {
					return sequenceProblems(f.label(), c.Accounts, check.Problems)
				}
				if !asJSON {
					var steps []string
					for _, st := range check.Seq.Steps {
						steps = append(steps, fmt.Sprintf("%s (%s)", st.ID, st.Kind))
					}
					against := "; no account named, so notes were checked against LinkedIn's own limit only (give --accounts to check them, and the step kinds, against the campaign's accounts)"
					if len(c.Accounts) > 0 {
						against = " for " + strings.Join(c.Accounts, ", ")
					}
					if _, err := fmt.Fprintf(a.stdout, "Sequence %s (%s) is valid%s: %s: %s.\n", check.Seq.Name, f.label(), against,
						plural.Count(len(steps), "step"), strings.Join(steps, ", ")); err != nil {
						return err
					}
				}
				return a.warnCampaign(ctx, db, f.label(), c, check)
			})
		},
	}
	cmd.Flags().StringVar(&f.sequence, "sequence", "", "sequence YAML file (default: the built-in sequence)")
	cmd.Flags().StringVar(&f.accounts, "accounts", "", "the campaign's sending accounts, comma-separated: notes and step kinds are checked against them")
	cmd.Flags().StringVar(&f.list, "list", "", "the campaign's lead list, to warn as create would (empty: every lead)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the check as POST /api/v1/sequences/validate answers it")
	return cmd
}

// validation is the check as POST /api/v1/sequences/validate answers it.
func validation(c api.SequenceCheck) api.Validation {
	v := api.Validation{Valid: len(c.Problems) == 0, Errors: c.Problems, Warnings: c.Warnings}
	if v.Errors == nil {
		v.Errors = []*sequence.ValidationError{}
	}
	if v.Warnings == nil {
		v.Warnings = []*sequence.ValidationError{}
	}
	if c.Seq != nil && v.Valid {
		v.Name = c.Seq.Name
		for _, st := range c.Seq.Steps {
			v.Steps = append(v.Steps, api.StepSummary{ID: st.ID, Kind: string(st.Kind)})
		}
	}
	return v
}
