package main

import (
	"context"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/shellword"
	"github.com/paceline/paceline/store/sqlite"
)

// openExistingStore opens the database for commands that only read and need it to
// exist: a missing file is the user's mistake (a wrong --db or no account yet), reported
// as such, not a reason to create one.
func (a *app) openExistingStore(ctx context.Context) (*sqlite.Store, error) {
	st, ok, err := a.storeIfExists(ctx)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, a.noDatabase()
	}
	return st, nil
}

// noDatabase is the error of a command that needs the SQLite file at --db and finds
// none there.
func (a *app) noDatabase() error {
	return paceline.Errorf(paceline.ENOTFOUND,
		"no database at %s: add an account first (paceline accounts add --db %s ...) or point --db at your database", a.dbPath, shellword.Quote(a.dbPath))
}
