package main

import (
	"context"
	"time"

	"github.com/paceline/paceline/store/postgres"
	"github.com/paceline/paceline/store/sqlite"
)

// stampWithDatabaseClock makes st date what it writes by the database's own clock (the
// instant a sped-up run such as the demo's has reached) instead of the wall clock, so
// that a settings change of accounts update starts where the account's ledger is: the
// auditor judges each action by the settings in force at its instant. A database whose
// clock runs with the wall clock keeps the wall clock.
func stampWithDatabaseClock(ctx context.Context, st any) error {
	now, src, err := databaseNow(ctx, st, time.Now())
	if err != nil || src == wallClock {
		return err
	}
	at := func() time.Time { return now }
	switch s := st.(type) {
	case *sqlite.Store:
		s.NowFunc = at
	case *postgres.Store:
		s.NowFunc = at
	}
	return nil
}
