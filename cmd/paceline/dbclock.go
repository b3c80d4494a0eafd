package main

import (
	"context"
	"time"
)

// clockReader is a database that keeps the runtime's clock (runtime_clock): a SQLite
// file and PostgreSQL both do.
type clockReader interface {
	Clock(ctx context.Context) (speed float64, virtualAt, realAt, reached time.Time, ok bool, err error)
}

// databaseNow is the instant a command that reads a database's state evaluates it at:
// the wall clock, unless the database was run on a sped-up clock (paceline demo, serve
// --speed), whose ledger lives in that clock's time: then the instant the run's clock
// last reached, which is where a stopped run stands and, within a few seconds, where
// a running one does. virtual says which, for the command to say so.
func databaseNow(ctx context.Context, st any, wall time.Time) (now time.Time, virtual bool, err error) {
	c, ok := st.(clockReader)
	if !ok {
		return wall, false, nil
	}
	speed, _, _, reached, ok, err := c.Clock(ctx)
	if err != nil {
		return time.Time{}, false, err
	}
	if !ok || speed == 1 || reached.IsZero() {
		return wall, false, nil
	}
	return reached, true, nil
}
