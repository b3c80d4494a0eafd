package main

import (
	"fmt"
	"path/filepath"

	"github.com/paceline/paceline/shellword"
)

// newDatabaseNotice is what serve or worker (command) says when it has just created the
// database it runs on: a SQLite file that was not there (existed is whether one was,
// before the open), or paceline's tables in a PostgreSQL database that held none (from
// 0). A mistyped --db, or serve started in another folder than the usual one, otherwise
// serves an empty dashboard without a word. "" when the database was there.
func (a *app) newDatabaseNotice(command string, existed bool, from int) string {
	if isPostgres(a.dbPath) {
		if from != 0 {
			return ""
		}
		return fmt.Sprintf("note: %s held no paceline database, so %s created one there, empty: if your accounts and campaigns are in another database or schema, stop and point --db at it",
			a.shownDB(), command)
	}
	if existed {
		return ""
	}
	path, err := filepath.Abs(a.dbPath)
	if err != nil {
		path = a.dbPath
	}
	return fmt.Sprintf("note: there was no database at %s, so %s created a new, empty one at %s: if your accounts and campaigns are in another file, stop and run paceline %s --db FILE",
		a.dbPath, command, shellword.Quote(path), command)
}
