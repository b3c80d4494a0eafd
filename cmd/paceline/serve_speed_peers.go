package main

import (
	"context"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/store/postgres"
)

// sameSpeedAsRunning refuses a serve or worker (command) whose --speed differs from the
// speed of the processes already running on the PostgreSQL database: each process
// keeps its own clock from the speed it starts with (runtime.StartClock), so one at 1x
// beside others at 3000x ticks accounts hours of virtual time apart, and the
// simulation stalls. The running ones run at the speed stored with the database's
// clock, the one the last of them started with. speed 0 keeps that speed, and a SQLite
// file is run by one process at a time (lockFile): both pass.
func (a *app) sameSpeedAsRunning(ctx context.Context, db *runtimeDB, command string, speed float64) error {
	pg, ok := db.store.(*postgres.Store)
	if !ok || speed == 0 {
		return nil
	}
	stored, _, _, _, has, err := pg.Clock(ctx)
	if err != nil || !has || stored == speed {
		return err
	}
	id, err := runtime.LiveWorker(ctx, pg.Pool(), workerPresence{pg})
	if err != nil || id == "" {
		return err
	}
	return paceline.Errorf(paceline.ECONFLICT,
		"another paceline serve or worker (%s) runs on %s at %gx, the speed stored with the database's clock, and each process keeps its own clock from the speed it starts with: a %s at %gx beside it would put the accounts' ticks out of step and stall the run. Start it without --speed (it then runs at %gx too), or stop every serve and worker on this database first and start them all at --speed %g",
		id, db.name, stored, command, speed, stored, speed)
}
