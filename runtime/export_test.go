package runtime

import (
	"time"

	"github.com/jackc/pgx/v5"
)

// SetGoneClock replaces the clock that times how long a worker has been gone, on a
// Jobs that NewPostgresJobs made with a Runner and a Presence.
func SetGoneClock(j Jobs, now func() time.Time) { j.(*jobs[pgx.Tx]).gone.now = now }
