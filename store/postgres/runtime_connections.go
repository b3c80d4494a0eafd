package postgres

import (
	"context"
	"time"
)

// Connections returns every lead who accepted an invite from the account, at any
// time, with when it first did. A tick tells its engine, so that a later campaign
// sends to a connection without inviting it again.
func (s *Store) Connections(ctx context.Context, account string) (map[string]time.Time, error) {
	rows, err := s.pool.Query(ctx, `SELECT lead, MIN(at) FROM events
		WHERE account = $1 AND type = 'accepted' AND lead <> '' GROUP BY lead`, account)
	if err != nil {
		return nil, s.fail("read connections of "+account, err)
	}
	defer rows.Close()
	connected := map[string]time.Time{}
	for rows.Next() {
		var lead string
		var at time.Time
		if err := rows.Scan(&lead, &at); err != nil {
			return nil, s.fail("read connections of "+account, err)
		}
		connected[lead] = at.UTC()
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail("read connections of "+account, err)
	}
	return connected, nil
}
