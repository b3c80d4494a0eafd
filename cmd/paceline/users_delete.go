package main

import (
	"fmt"

	"github.com/paceline/paceline/plural"
	"github.com/spf13/cobra"
)

func (a *app) usersDeleteCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "delete NAME",
		Short: "Remove a dashboard user: its sessions end at once and its API tokens are revoked",
		Long: `Remove a dashboard user. Every session of the user ends at once (its next page
goes to the login) and its API tokens are revoked. The only user cannot be removed,
since nobody could log in after: add another first.`,
		Example: "  paceline users delete bob",
		Args:    exactArgs(1, "the user's name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			return a.withAppStore(ctx, true, func(st appStore) error {
				revoked, err := st.DeleteUser(ctx, args[0])
				if err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "deleted user %s: its sessions have ended", args[0])
				if revoked > 0 {
					fmt.Fprintf(a.stdout, " and its %s revoked", plural.Count(revoked, "API token"))
				}
				fmt.Fprintln(a.stdout)
				return nil
			})
		},
	}
}
