package main

import (
	"github.com/spf13/cobra"
)

func (a *app) limitsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "limits",
		Short: "Presets, usage and the Pacer's plan",
		Long: `The limits commands show what each account type may do (presets), how much of its
allowance an account has used and when it may act next (show), and the slots the Pacer
would grant a new account (plan).`,
	}
	cmd.AddCommand(a.limitsPresetsCmd(), a.limitsPlanCmd(), a.limitsShowCmd())
	return cmd
}
