package main

import (
	"path/filepath"

	"github.com/paceline/paceline/shellword"
	"github.com/paceline/paceline/store/postgres"
)

// defaultDBPath is --db when it is not given.
const defaultDBPath = "paceline.db"

// dbFlag is " --db DB" for a follow-up command a message suggests, so that it can be
// pasted as it is: "" for the default database, which the command reads anyway; the
// SQLite path quoted for the shell; a PostgreSQL URL as migrateHint shows it, its
// password replaced by PASSWORD (postgres.ShownURL).
func (a *app) dbFlag() string {
	switch {
	case isPostgres(a.dbPath):
		return " --db " + postgres.ShownURL(a.dbPath)
	case filepath.Clean(a.dbPath) == defaultDBPath:
		return ""
	}
	return " --db " + shellword.Quote(a.dbPath)
}
