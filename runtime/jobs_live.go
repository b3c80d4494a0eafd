package runtime

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// liveCandidates bounds how many recent workers LiveWorker asks the presence about:
// each question takes a connection of its own for a moment.
const liveCandidates = 16

// LiveWorker returns the River client ID of a serve or worker that runs account ticks
// on the PostgreSQL database of pool now, "" when none is found. The processes that
// may be running are River's leader and the last takers of the tick jobs taken in the
// last ten minutes; one of them runs when its presence is held (Presence.Gone). A
// process found nowhere there (one that has just started and not yet been elected, or
// has taken no tick) is missed: the answer is for a refusal at start, not a guarantee.
//
// A process that is about to start calls it before its own job client starts, so that
// it does not find itself.
func LiveWorker(ctx context.Context, pool *pgxpool.Pool, presence Presence) (string, error) {
	rows, err := pool.Query(ctx, `SELECT id FROM (
			SELECT leader_id AS id, 0 AS rank, now() AS at FROM river_leader
			UNION ALL
			SELECT attempted_by[cardinality(attempted_by)], 1, max(attempted_at) FROM river_job
			WHERE kind = $1 AND cardinality(attempted_by) > 0 AND attempted_at > now() - interval '10 minutes'
			GROUP BY 1) AS c
		GROUP BY id ORDER BY min(rank), max(at) DESC LIMIT $2`, TickArgs{}.Kind(), liveCandidates)
	if err != nil {
		return "", fmt.Errorf("list the processes that may run ticks: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return "", fmt.Errorf("list the processes that may run ticks: %w", err)
	}
	for _, id := range ids {
		gone, err := presence.Gone(ctx, id)
		if err != nil {
			return "", fmt.Errorf("is worker %s alive: %w", id, err)
		}
		if !gone {
			return id, nil
		}
	}
	return "", nil
}
