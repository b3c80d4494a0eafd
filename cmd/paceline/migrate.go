package main

import (
	"fmt"

	"github.com/paceline/paceline/runtime"
	"github.com/spf13/cobra"
)

// migrateCmd brings a database's schema up to date: paceline's tables and River's.
func (a *app) migrateCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "migrate",
		Short: "Create or upgrade the database schema (paceline's and the job queue's)",
		Long: `Migrate applies the migrations a database lacks: paceline's own tables and those of
River, the job queue serve and worker run on, and says what it applied. --db takes a
SQLite file (created when missing) or a postgres:// URL. Serve and worker migrate on
start too; run migrate ahead of a deploy to do it once, before several workers start.
On PostgreSQL no other command changes the schema: they refuse a database without
paceline's tables or at an older schema, saying to run migrate. A SQLite file is
upgraded by any command that writes it.`,
		Example: "  paceline migrate --db paceline.db\n  paceline migrate --db postgres://paceline@localhost:5432/paceline",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			db, err := a.openRuntimeDB(ctx)
			if err != nil {
				return err
			}
			defer db.Close()
			jobs, err := db.jobs(nil, runtime.Options{})
			if err != nil {
				return err
			}
			before, _, err := jobs.Version(ctx)
			if err != nil {
				return err
			}
			if err := jobs.Migrate(ctx); err != nil {
				return err
			}
			after, _, err := jobs.Version(ctx)
			if err != nil {
				return err
			}
			_, err = fmt.Fprint(a.stdout, migrateReport(db.name, db.from, db.to, before, after))
			return err
		},
	}
}

// migrateReport is what migrate prints: how many of paceline's migrations it applied
// and the schema versions (from, to), and River's versions when they changed, or that
// the database was up to date. River's versions are read before and after, so they say
// how the job queue's schema changed while migrate ran (another process may have done
// it); paceline's are counted under the migration lock, by this process.
func migrateReport(name string, from, to, riverFrom, riverTo int) string {
	if from == to && riverFrom == riverTo {
		return fmt.Sprintf("%s is up to date: schema %d.\n", name, to)
	}
	var out string
	if n := to - from; n > 0 {
		noun := "migrations"
		if n == 1 {
			noun = "migration"
		}
		out = fmt.Sprintf("%s: applied %d %s: schema %d -> %d.\n", name, n, noun, from, to)
	} else {
		out = fmt.Sprintf("%s: schema %d, up to date.\n", name, to)
	}
	if riverFrom != riverTo {
		out += fmt.Sprintf("%s: job queue (River) schema %d -> %d.\n", name, riverFrom, riverTo)
	}
	return out
}
