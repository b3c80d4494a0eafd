package main

import (
	"fmt"
	"strings"

	"github.com/paceline/paceline"
	"github.com/spf13/cobra"
)

// accountsSignCmd sets the first name an account's messages are signed with.
func (a *app) accountsSignCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "sign NAME FIRST_NAME",
		Short: "Set the first name an account's messages are signed with",
		Long: `Sign sets the first name that {{sender_first_name}} renders to in the account's
notes and messages; the built-in sequence signs its invite note and its messages with
it. An empty FIRST_NAME ("") removes it, and templates render their default again.`,
		Example: "  paceline accounts sign alice-free Alice",
		Args:    exactArgs(2, "the account's name and the first name to sign with"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			return a.withRuntimeDB(ctx, func(db *runtimeDB) error {
				rw, err := asRewriter(db.store)
				if err != nil {
					return err
				}
				// Only the name is set: a pause or an update stored meanwhile stays.
				acct, err := rewriteAccount(ctx, rw, args[0], func(acct *paceline.Account) (bool, error) {
					acct.SenderName = strings.TrimSpace(args[1])
					return true, nil
				})
				if err != nil {
					return err
				}
				if acct.SenderName == "" {
					_, err = fmt.Fprintf(a.stdout, "Account %s signs with no name now.\n", acct.Name)
					return err
				}
				_, err = fmt.Fprintf(a.stdout, "Account %s signs as %s from its next action.\n", acct.Name, acct.SenderName)
				return err
			})
		},
	}
}
