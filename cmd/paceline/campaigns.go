package main

import (
	"fmt"
	"strings"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/sequence"
	"github.com/paceline/paceline/shellword"
	"github.com/spf13/cobra"
)

// campaignsCmd groups the campaign subcommands.
func (a *app) campaignsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "campaigns",
		Short: "Create, start, pause and follow campaigns",
		Long: `A campaign runs one sequence over a lead list from a set of accounts. It is created as a
draft; start enrolls the list's leads (each lead in one running enrollment at a time,
across every campaign) and lets serve or worker send; pause holds every lead where it is.`,
	}
	cmd.AddCommand(a.campaignsCreateCmd(), a.campaignsStartCmd(), a.campaignsPauseCmd(),
		a.campaignsStatusCmd(), a.campaignsListCmd(), a.campaignsVariantsCmd())
	return cmd
}

type campaignFlags struct {
	name, list, accounts, sequence string
	priority                       int
}

func (a *app) campaignsCreateCmd() *cobra.Command {
	var f campaignFlags
	cmd := &cobra.Command{
		Use:   "create --name C --accounts a,b [--list L] [--sequence FILE] [--priority N]",
		Short: "Create a campaign (as a draft: start sends)",
		Example: `  paceline campaigns create --name q1 --list founders --accounts alice,bob
  paceline campaigns create --name q1 --list founders --accounts alice --sequence q1.yaml --priority 2`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			c, seq, err := f.campaign()
			if err != nil {
				return err
			}
			return a.withRuntimeDB(ctx, func(db *runtimeDB) error {
				// A note over the smallest note limit of the accounts would never be
				// sent from that account: its invites would go out as the fallback says.
				warnings, err := api.CheckNotes(ctx, seq, db.store, c.Accounts)
				if err != nil {
					return fmt.Errorf("sequence %s: %w", cmpOr(f.sequence, "(built-in)"), err)
				}
				// A step that none of the accounts can carry out is skipped by every
				// lead; one that only some can, by the leads assigned to the others.
				kindWarnings, err := api.CheckStepKinds(ctx, seq, db.store, c.Accounts)
				if err != nil {
					return fmt.Errorf("sequence %s: %w", cmpOr(f.sequence, "(built-in)"), err)
				}
				warnings = append(warnings, kindWarnings...)
				// A field that neither every lead nor some stored lead has is a typo.
				if err := api.CheckStoredFields(ctx, seq, db.store); err != nil {
					return fmt.Errorf("sequence %s: %w", cmpOr(f.sequence, "(built-in)"), err)
				}
				if err := db.store.CreateCampaign(ctx, c); err != nil {
					return err
				}
				if _, err := fmt.Fprintf(a.stdout, "Created campaign %s (draft) on %s; start it with: paceline campaigns start %s\n",
					c.Name, strings.Join(c.Accounts, ", "), shellword.Quote(c.Name)); err != nil {
					return err
				}
				for _, w := range warnings {
					fmt.Fprintf(a.stderr, "Warning: sequence %s: %v\n", cmpOr(f.sequence, "(built-in)"), w)
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
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&f.name, "name", "", "campaign name, such as q1-founders (required)")
	cmd.Flags().StringVar(&f.list, "list", "", "lead list to enroll (empty: every lead)")
	cmd.Flags().StringVar(&f.accounts, "accounts", "", "sending accounts, comma-separated (required; paceline accounts list shows them)")
	cmd.Flags().StringVar(&f.sequence, "sequence", "", "sequence YAML file (default: the built-in sequence)")
	cmd.Flags().IntVar(&f.priority, "priority", 0, "higher goes first when campaigns compete for an account")
	return cmd
}

// campaign checks the flags, and the sequence, before anything touches the database;
// the fields its templates use are checked against the stored leads later.
func (f *campaignFlags) campaign() (*paceline.Campaign, *sequence.Sequence, error) {
	src := sequence.DefaultYAML()
	if f.sequence != "" {
		b, err := readFlagFile("sequence", f.sequence)
		if err != nil {
			return nil, nil, err
		}
		src = b
	}
	seq, err := sequence.Parse(src)
	if err != nil {
		return nil, nil, fmt.Errorf("sequence %s: %w", cmpOr(f.sequence, "(built-in)"), err)
	}
	accounts := commaList(f.accounts)
	c := &paceline.Campaign{Name: strings.TrimSpace(f.name), List: strings.TrimSpace(f.list), Sequence: string(src),
		Priority: f.priority, Accounts: accounts, State: paceline.CampaignDraft}
	if c.Name == "" {
		return nil, nil, paceline.FieldErrorf("name", "is empty (give the campaign a name with --name)")
	}
	if err := checkName("name", "campaign", c.Name); err != nil {
		return nil, nil, err
	}
	if len(accounts) == 0 {
		return nil, nil, paceline.FieldErrorf("accounts", "is empty (name the sending accounts with --accounts a,b)")
	}
	return c, seq, nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
