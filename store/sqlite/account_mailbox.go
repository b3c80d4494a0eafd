package sqlite

import (
	"context"
	"fmt"

	"github.com/paceline/paceline"
)

// markMailboxes sets Mailbox on each account of byID that has mailbox settings.
func (s *Store) markMailboxes(ctx context.Context, byID map[int64]*paceline.Account) error {
	q, args := `SELECT account_id FROM mailboxes`, []any(nil)
	if len(byID) == 1 {
		for id := range byID {
			q, args = q+` WHERE account_id = ?`, []any{id}
		}
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("read which accounts have a mailbox: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return fmt.Errorf("read which accounts have a mailbox: %w", err)
		}
		if a := byID[id]; a != nil {
			a.Mailbox = true
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read which accounts have a mailbox: %w", err)
	}
	return nil
}
