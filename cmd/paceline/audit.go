package main

import "github.com/spf13/cobra"

// auditCmd is a placeholder that the audit work replaces.
func (a *app) auditCmd() *cobra.Command {
	return &cobra.Command{Use: "audit", Short: "Check a ledger against the pacing contract"}
}
