package sqlite

import (
	"context"
	"fmt"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/mailboxrow"
)

// RemoveMailbox takes a LinkedIn account's own mailbox away, with its mail checkpoint:
// the account sends no more email and its inbox is no longer read. What it sent stays
// in the sent log. Errors: ENOTFOUND for a missing account or one without a mailbox,
// EINVALID for a mailbox account (its settings are what it is).
func (s *Store) RemoveMailbox(ctx context.Context, account string) error {
	id, err := s.mailboxAccount(ctx, account)
	if err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("remove the mailbox of %s: %w", account, err)
	}
	defer tx.Rollback()
	var executor string
	if err := tx.QueryRowContext(ctx, `SELECT executor FROM accounts WHERE id = ?`, id).Scan(&executor); err != nil {
		return fmt.Errorf("remove the mailbox of %s: %w", account, err)
	}
	if executor == paceline.ExecutorEmail {
		return mailboxrow.MailboxAccount(account)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM mailbox_checkpoints WHERE account_id = ?`, id); err != nil {
		return fmt.Errorf("remove the mailbox of %s: drop its mail checkpoint: %w", account, err)
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM mailboxes WHERE account_id = ?`, id)
	if err != nil {
		return fmt.Errorf("remove the mailbox of %s: %w", account, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("remove the mailbox of %s: %w", account, err)
	} else if n == 0 {
		return mailboxrow.MissingSettings(account)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("remove the mailbox of %s: %w", account, err)
	}
	return nil
}
