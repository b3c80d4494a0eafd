package main

import (
	"github.com/paceline/paceline"
	"github.com/spf13/cobra"
)

// workerCmd runs account ticks without HTTP: the scale-out process of which several
// share one PostgreSQL database.
func (a *app) workerCmd() *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "worker --db postgres://...",
		Short: "Run account ticks from a shared PostgreSQL database (no HTTP)",
		Long: `Worker runs the same account ticks as serve, without the HTTP endpoints. Start several
on one PostgreSQL database to share the accounts between them: each account is ticked by
one worker at a time. Every serve and worker on one database runs at one --speed: one
whose --speed differs from the speed the running ones started with is refused (leave
--speed out to take theirs). SIGINT or SIGTERM stops it cleanly, exit 0.`,
		Example: "  paceline worker --db postgres://paceline@db:5432/paceline --workers 8",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !isPostgres(a.dbPath) {
				return paceline.FieldErrorf("db", "worker needs a postgres:// URL (on a SQLite file, run paceline serve)")
			}
			return a.runService(cmd.Context(), f, false)
		},
	}
	a.addServeFlags(cmd, &f)
	return cmd
}
