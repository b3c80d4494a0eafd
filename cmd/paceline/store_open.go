package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

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
		return nil, a.noDatabase(a.accountFirst())
	}
	return st, nil
}

// noDatabase is the error of a command that needs the SQLite file at --db and finds
// none there; first is the step that makes one for such a command ("add an account
// first (paceline accounts add ...)"). A user who just ran the demo expects the other
// commands to see its file: when the demo's database lies in the same folder, the
// error points to it.
func (a *app) noDatabase(first string) error {
	if demo := filepath.Join(filepath.Dir(a.dbPath), demoDB); filepath.Base(a.dbPath) != demoDB && fileExists(demo) {
		return paceline.Errorf(paceline.ENOTFOUND,
			"no database at %s, but the demo's is next to it: add --db %s to work on the demo's accounts, leads and campaigns, or %s",
			a.dbPath, shellword.Quote(demo), first)
	}
	return paceline.Errorf(paceline.ENOTFOUND, "no database at %s: %s or point --db at your database", a.dbPath, first)
}

// demoBesideNotice is what serve says when it is about to create the database at
// --db while the demo's lies in the same folder: a user who ran the demo and then
// serve expects the demo's accounts and campaign, and would otherwise face an empty
// dashboard without knowing why. "" when there is nothing to say.
func (a *app) demoBesideNotice() string {
	if isPostgres(a.dbPath) || fileExists(a.dbPath) || filepath.Base(a.dbPath) == demoDB {
		return ""
	}
	demo := filepath.Join(filepath.Dir(a.dbPath), demoDB)
	if !fileExists(demo) {
		return ""
	}
	return fmt.Sprintf("note: %s is a new, empty database; the demo's accounts, leads and campaign are in %s: to serve them, stop and run paceline serve --db %s",
		a.dbPath, demo, shellword.Quote(demo))
}

// accountFirst is the step that makes a database for most commands.
func (a *app) accountFirst() string {
	return fmt.Sprintf("add an account first (paceline accounts add --db %s ...)", shellword.Quote(a.dbPath))
}

// fileExists reports whether path names a file that can be stat'ed.
func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
