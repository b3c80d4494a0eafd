package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

// migrateCmd brings a database's schema up to date: paceline's tables and River's.
func (a *app) migrateCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "migrate",
		Short: "Create or upgrade the database schema (paceline's and the job queue's)",
		Long: `Migrate applies the migrations a database lacks: paceline's own tables and those of
River, the job queue serve and worker run on. --db takes a SQLite file (created when
missing) or a postgres:// URL. Serve and worker migrate on start too; run migrate ahead
of a deploy to do it once, before several workers start.`,
		Example: "  paceline migrate --db paceline.db\n  paceline migrate --db postgres://paceline@localhost:5432/paceline",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			db, err := a.openRuntimeDB(ctx)
			if err != nil {
				return err
			}
			defer db.Close()
			if _, err := db.migratedJobs(ctx); err != nil {
				return err
			}
			_, err = fmt.Fprintf(a.stdout, "%s is up to date.\n", db.name)
			return err
		},
	}
}
