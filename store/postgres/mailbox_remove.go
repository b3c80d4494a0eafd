package postgres

import (
	"context"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/mailboxrow"
)

// RemoveMailbox takes a LinkedIn account's own mailbox away; see the sqlite twin.
func (s *Store) RemoveMailbox(ctx context.Context, account string) error {
	_, _, err := s.removeMailbox(ctx, account, false)
	return err
}

// RemoveMailboxUnlessRunning is RemoveMailbox refused while the account has running
// leads (a paused campaign's count); see the sqlite twin. The account's row is locked
// FOR UPDATE before they are counted: a start's AddEnrollments holds it FOR KEY SHARE
// (the enrollments' foreign key) until it commits, so the count waits for a start that
// enrolls on the account and sees its leads, and a start that comes later waits for
// the removal.
func (s *Store) RemoveMailboxUnlessRunning(ctx context.Context, account string) (running, paused int, err error) {
	return s.removeMailbox(ctx, account, true)
}

// removeMailbox removes the mailbox of account, unless unlessRunning and it has
// running leads: it returns how many, and how many of them in paused campaigns,
// having removed nothing.
func (s *Store) removeMailbox(ctx context.Context, account string, unlessRunning bool) (running, paused int, err error) {
	id, err := s.mailboxAccount(ctx, account)
	if err != nil {
		return 0, 0, err
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return 0, 0, s.fail("remove the mailbox of "+account, err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	var executor, name string
	if err := tx.QueryRow(ctx, `SELECT executor, name FROM accounts WHERE id = $1 FOR UPDATE`, id).Scan(&executor, &name); err != nil {
		return 0, 0, s.fail("remove the mailbox of "+account, err)
	}
	if executor == paceline.ExecutorEmail {
		return 0, 0, mailboxrow.MailboxAccount(account)
	}
	if unlessRunning {
		if err := tx.QueryRow(ctx, `SELECT count(*), COALESCE(SUM(CASE WHEN c.state = 'paused' THEN 1 ELSE 0 END), 0)
			FROM enrollments e JOIN campaigns c ON c.id = e.campaign_id
			WHERE e.account = $1 AND e.state IN ('new', 'active', 'waiting') AND c.state IN ('active', 'paused', 'draft')`, name).Scan(&running, &paused); err != nil {
			return 0, 0, s.fail("remove the mailbox of "+account+": count its running leads", err)
		}
		if running > 0 {
			return running, paused, nil
		}
	}
	// The mailbox row first, locked as SetMailbox and the checkpoint save lock it.
	tag, err := tx.Exec(ctx, `DELETE FROM mailboxes WHERE account_id = $1`, id)
	if err != nil {
		return 0, 0, s.fail("remove the mailbox of "+account, err)
	}
	if tag.RowsAffected() == 0 {
		return 0, 0, mailboxrow.MissingSettings(account)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM mailbox_checkpoints WHERE account_id = $1`, id); err != nil {
		return 0, 0, s.fail("remove the mailbox of "+account+": drop its mail checkpoint", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return 0, 0, s.fail("remove the mailbox of "+account, err)
	}
	return 0, 0, nil
}
