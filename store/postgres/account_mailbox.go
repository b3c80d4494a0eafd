package postgres

import (
	"context"

	"github.com/paceline/paceline"
)

// markMailboxes sets Mailbox on each account of byID that has mailbox settings.
func (s *Store) markMailboxes(ctx context.Context, byID map[int64]*paceline.Account) error {
	q, args := `SELECT account_id FROM mailboxes`, []any(nil)
	if len(byID) == 1 {
		for id := range byID {
			q, args = q+` WHERE account_id = $1`, []any{id}
		}
	}
	rows, err := s.pool.Query(ctx, q, args...)
	if err != nil {
		return s.fail("read which accounts have a mailbox", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return s.fail("read which accounts have a mailbox", err)
		}
		if a := byID[id]; a != nil {
			a.Mailbox = true
		}
	}
	if err := rows.Err(); err != nil {
		return s.fail("read which accounts have a mailbox", err)
	}
	return nil
}
