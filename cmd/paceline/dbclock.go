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

// clockSource says where the instant databaseNow gives comes from, for a command to
// say so when it is not the wall clock.
type clockSource int

const (
	// wallClock: the database keeps no clock, or one that runs with the wall clock.
	wallClock clockSource = iota
	// spedUpClock: the database's clock is sped up (paceline demo, serve --speed); the
	// instant is the one its run last reached.
	spedUpClock
	// aheadClock: the database's clock runs in real time but a sped-up run took it
	// ahead of the wall clock (serve --speed 1 after serve --speed X); time never runs
	// back for a ledger, so it runs on from there.
	aheadClock
)

// databaseNow is the instant a command that reads a database's state evaluates it at:
// the one the runtime's clock stands at on that database, so that the CLI, the API
// and the runtime agree (storedClockNow).
func databaseNow(ctx context.Context, st any, wall time.Time) (time.Time, clockSource, error) {
	c, ok := st.(clockReader)
	if !ok {
		return wall, wallClock, nil
	}
	speed, virtualAt, realAt, reached, ok, err := c.Clock(ctx)
	if err != nil {
		return time.Time{}, wallClock, err
	}
	if !ok {
		return wall, wallClock, nil
	}
	now, src := storedClockNow(speed, virtualAt, realAt, reached, wall)
	return now, src, nil
}

// storedClockNow is the instant a stored runtime clock stands at at the wall instant
// wall, as runtime.StartClock and Clock.Now work it out:
//
//   - at speed 1 the clock runs with the wall clock, stopped or not, from where it was
//     set (virtualAt at realAt), and never stands before what a tick reached or before
//     the wall clock. After a sped-up run that got ahead of the wall clock it stays
//     ahead: time never runs back for a ledger.
//   - a sped-up clock does not run while no process runs it: it stands where its run
//     last reached, which is where a restart continues from and, within a few ticks,
//     where a running one is.
func storedClockNow(speed float64, virtualAt, realAt, reached, wall time.Time) (time.Time, clockSource) {
	if speed != 1 {
		if reached.IsZero() {
			return wall, wallClock
		}
		return reached, spedUpClock
	}
	now := virtualAt.Add(wall.Sub(realAt))
	if now.Before(reached) {
		now = reached
	}
	// Under a second ahead is the rounding of stored times, not a clock ahead.
	if now.Sub(wall) < time.Second {
		return wall, wallClock
	}
	return now, aheadClock
}
