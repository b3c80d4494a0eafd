package sqlite

import (
	"context"
	"fmt"
	"time"
)

// Connections returns every lead connected to the account, at any time, with when it
// first was: who accepted an invite from it, and who LinkedIn's archive shows connected
// without one (paceline.EventConnected, type 'connected': a connection from
// before paceline). A tick tells its engine, and campaign start keeps the lead with
// that account, so that a campaign sends to a connection without inviting it again.
func (s *Store) Connections(ctx context.Context, account string) (map[string]time.Time, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT lead, at FROM events
		WHERE account = ? AND type IN ('accepted', 'connected') AND lead <> '' ORDER BY at, id`, account)
	if err != nil {
		return nil, fmt.Errorf("read connections of %s: %w", account, err)
	}
	defer rows.Close()
	connected := map[string]time.Time{}
	for rows.Next() {
		var lead string
		var at time.Time
		if err := rows.Scan(&lead, &at); err != nil {
			return nil, fmt.Errorf("read connections of %s: %w", account, err)
		}
		if _, ok := connected[lead]; !ok {
			connected[lead] = at.UTC()
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read connections of %s: %w", account, err)
	}
	return connected, nil
}
