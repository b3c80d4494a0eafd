package postgres

import (
	"context"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/mailboxrow"
)

// RemoveMailbox takes a LinkedIn account's own mailbox away; see the sqlite twin.
func (s *Store) RemoveMailbox(ctx context.Context, account string) error {
	id, err := s.mailboxAccount(ctx, account)
	if err != nil {
		return err
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return s.fail("remove the mailbox of "+account, err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	var executor string
	if err := tx.QueryRow(ctx, `SELECT executor FROM accounts WHERE id = $1 FOR UPDATE`, id).Scan(&executor); err != nil {
		return s.fail("remove the mailbox of "+account, err)
	}
	if executor == paceline.ExecutorEmail {
		return mailboxrow.MailboxAccount(account)
	}
	// The mailbox row first, locked as SetMailbox and the checkpoint save lock it.
	tag, err := tx.Exec(ctx, `DELETE FROM mailboxes WHERE account_id = $1`, id)
	if err != nil {
		return s.fail("remove the mailbox of "+account, err)
	}
	if tag.RowsAffected() == 0 {
		return mailboxrow.MissingSettings(account)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM mailbox_checkpoints WHERE account_id = $1`, id); err != nil {
		return s.fail("remove the mailbox of "+account+": drop its mail checkpoint", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return s.fail("remove the mailbox of "+account, err)
	}
	return nil
}
