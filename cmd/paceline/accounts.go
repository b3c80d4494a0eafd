package main

import "github.com/spf13/cobra"

// accountsCmd is a placeholder that the accounts work replaces.
func (a *app) accountsCmd() *cobra.Command {
	return &cobra.Command{Use: "accounts", Short: "Manage sending accounts"}
}
