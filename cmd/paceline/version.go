package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"runtime/debug"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/shellword"
	"github.com/paceline/paceline/store/postgres"
	"github.com/paceline/paceline/store/sqlite"
	"github.com/spf13/cobra"
)

// versionCmd says which paceline this is and, with --db, whether a database's schema
// is the one it expects: what an operator checks before upgrading the serves and
// workers on a shared database, and what a bug report needs.
func (a *app) versionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print paceline's version and, with --db, the database's schema version",
		Long: `Version prints this paceline's version: the module version it was built as, or the
commit it was built from (with ", modified" when the checkout had changes), or devel.

With --db it also prints the database's schema version and whether it is the one this
paceline uses, older (run paceline migrate) or newer (upgrade paceline). It only reads
the database: nothing is migrated or created.`,
		Example: `  paceline version
  paceline version --db paceline.db
  paceline version --db postgres://paceline@db:5432/paceline`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			info, ok := debug.ReadBuildInfo()
			if _, err := fmt.Fprintf(a.stdout, "paceline %s (%s)\n", buildVersion(info, ok), runtime.Version()); err != nil {
				return err
			}
			if f := cmd.Flag("db"); f == nil || !f.Changed {
				return nil
			}
			return a.writeSchemaVersion(cmd.Context())
		},
	}
}

// buildVersion is the version a build carries: its module version when built as a
// module (go install ...@v1.2.0), else the VCS revision it was built from, else devel.
func buildVersion(info *debug.BuildInfo, ok bool) string {
	if !ok || info == nil {
		return "devel"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = ", modified"
			}
		}
	}
	if rev == "" {
		return "devel"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	return "devel (commit " + rev + modified + ")"
}

// writeSchemaVersion says the schema version of --db against this paceline's,
// reading the database only (sqlite.SchemaOf, postgres.SchemaOf).
func (a *app) writeSchemaVersion(ctx context.Context) error {
	var current, latest int
	var err error
	if isPostgres(a.dbPath) {
		current, latest, err = postgres.SchemaOf(ctx, a.dbPath)
	} else {
		if err := checkSQLitePath(a.dbPath); err != nil {
			return err
		}
		if _, serr := os.Stat(a.dbPath); errors.Is(serr, fs.ErrNotExist) {
			return paceline.Errorf(paceline.ENOTFOUND, "no database at %s: give the path of paceline's database file with --db", a.dbPath)
		}
		current, latest, err = sqlite.SchemaOf(ctx, a.dbPath)
	}
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(a.stdout, "database %s: %s\n", a.shownDB(), schemaState(current, latest, a.migrateHint()))
	return err
}

// migrateHint is the migrate command for --db, as a message may show it.
func (a *app) migrateHint() string {
	if isPostgres(a.dbPath) {
		return "paceline migrate --db " + postgres.ShownURL(a.dbPath)
	}
	return "paceline migrate --db " + shellword.Quote(a.dbPath)
}

// schemaState says how a database's schema version current stands against latest,
// this paceline's.
func schemaState(current, latest int, migrate string) string {
	switch {
	case current == 0:
		return fmt.Sprintf("no paceline tables (this paceline's schema is version %d): run %s to create them", latest, migrate)
	case current < latest:
		return fmt.Sprintf("schema version %d, older than this paceline's %d: run %s to upgrade it", current, latest, migrate)
	case current > latest:
		return fmt.Sprintf("schema version %d, newer than this paceline's %d: upgrade paceline to use it", current, latest)
	}
	return fmt.Sprintf("schema version %d, current", current)
}
