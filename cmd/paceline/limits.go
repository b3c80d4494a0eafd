package main

import "github.com/spf13/cobra"

// limitsCmd is a placeholder that the limits work replaces.
func (a *app) limitsCmd() *cobra.Command {
	return &cobra.Command{Use: "limits", Short: "Presets, usage and the Pacer's plan"}
}
