package main

import (
	"fmt"
	"strings"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/sequence"
	"github.com/paceline/paceline/shellword"
	"github.com/spf13/cobra"
)

// campaignsCmd groups the campaign subcommands.
func (a *app) campaignsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "campaigns",
		Short: "Create, start, pause, stop and follow campaigns",
		Long: `A campaign runs one sequence over a lead list from a set of accounts. It is created as a
draft, which edit changes and delete removes until it starts; validate checks a sequence
as create does without storing anything; start enrolls the list's leads (each lead in one running enrollment at a time,
across every campaign) and lets serve or worker send; pause holds every lead where it is;
stop ends a started campaign for good and frees its leads for another campaign.`,
	}
	cmd.AddCommand(a.campaignsCreateCmd(), a.campaignsValidateCmd(), a.campaignsEditCmd(), a.campaignsDeleteCmd(),
		a.campaignsStartCmd(), a.campaignsPauseCmd(), a.campaignsStopCmd(), a.campaignsStatusCmd(), a.campaignsListCmd(), a.campaignsVariantsCmd())
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
			c, err := f.campaign()
			if err != nil {
				return err
			}
			return a.withRuntimeDB(ctx, func(db *runtimeDB) error {
				// Every check is made before any problem is reported: the sequence's
				// rules, its notes against the smallest note limit of the accounts,
				// its steps against what they can carry out, its fields against the
				// stored leads. A file is fixed in one pass.
				check, err := checkCampaignSequence(ctx, db, f.label(), c)
				if err != nil {
					return err
				}
				if err := db.store.CreateCampaign(ctx, c); err != nil {
					return err
				}
				if _, err := fmt.Fprintf(a.stdout, "Created campaign %s (draft) on %s; start it with: paceline campaigns start %s%s\n",
					c.Name, strings.Join(c.Accounts, ", "), shellword.Quote(c.Name), a.dbFlag()); err != nil {
					return err
				}
				return a.warnCampaign(ctx, db, f.label(), c, check)
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

// campaign checks the flags, and that the sequence can be read, before anything
// touches the database; the sequence's other checks need the accounts and the stored
// leads (checkCampaignSequence).
func (f *campaignFlags) campaign() (*paceline.Campaign, error) {
	src, err := f.source()
	if err != nil {
		return nil, err
	}
	accounts := commaList(f.accounts)
	c := &paceline.Campaign{Name: strings.TrimSpace(f.name), List: strings.TrimSpace(f.list), Sequence: string(src),
		Priority: f.priority, Accounts: accounts, State: paceline.CampaignDraft}
	if c.Name == "" {
		return nil, paceline.FieldErrorf("name", "is empty (give the campaign a name with --name)")
	}
	if err := checkName("name", "campaign", c.Name); err != nil {
		return nil, err
	}
	if len(accounts) == 0 {
		return nil, paceline.FieldErrorf("accounts", "is empty (name the sending accounts with --accounts a,b)")
	}
	return c, nil
}

// source reads --sequence (the built-in sequence without it) and refuses a file whose
// YAML cannot be read as a sequence: those problems stop every other check.
func (f *campaignFlags) source() ([]byte, error) {
	src, err := f.read()
	if err != nil {
		return nil, err
	}
	if _, err := sequence.Decode(src); err != nil {
		return nil, sequenceProblems(f.label(), commaList(f.accounts), err)
	}
	return src, nil
}

// read reads --sequence, or gives the built-in sequence without it.
func (f *campaignFlags) read() ([]byte, error) {
	if f.sequence == "" {
		return sequence.DefaultYAML(), nil
	}
	return readFlagFile("sequence", f.sequence)
}

// label names the sequence in messages: its file, or (built-in).
func (f *campaignFlags) label() string { return cmpOr(f.sequence, "(built-in)") }

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
