package main

import (
	"context"
	"errors"
	"io/fs"
	"os"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/sqlite"
)

// openExistingStore opens the database for commands that only read: a missing file is
// the user's mistake (a wrong --db or no account yet), not a reason to create one.
func (a *app) openExistingStore(ctx context.Context) (*sqlite.Store, error) {
	if _, err := os.Stat(a.dbPath); errors.Is(err, fs.ErrNotExist) {
		return nil, paceline.Errorf(paceline.ENOTFOUND,
			"no database at %s: add an account first (paceline accounts add --db %s ...) or point --db at your database", a.dbPath, a.dbPath)
	}
	return sqlite.Open(ctx, a.dbPath)
}
