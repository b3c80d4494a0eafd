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
	_, _, err := s.removeMailbox(ctx, account, false)
	return err
}

// RemoveMailboxUnlessRunning is RemoveMailbox refused while the account has running
// leads: it returns how many (running) and how many of them are in paused campaigns
// (paused), having removed nothing. A reply to an email the account sent comes to
// that mailbox, whose inbox would no longer be read. A lead counts as running in an
// active campaign, in a paused one (its email steps go on when the campaign resumes,
// and replies to what it was sent still come to that inbox), and in a draft one too: a
// start enrolls the leads, then makes the campaign active, and a removal between the
// two would leave them running without the mailbox. The leads are counted in the
// transaction that removes it, under the writer's lock (_txlock=immediate) that a
// start's AddEnrollments takes too, so no start enrolls on the account between the
// count and the removal. Errors as RemoveMailbox.
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
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, 0, fmt.Errorf("remove the mailbox of %s: %w", account, err)
	}
	defer tx.Rollback()
	var executor, name string
	if err := tx.QueryRowContext(ctx, `SELECT executor, name FROM accounts WHERE id = ?`, id).Scan(&executor, &name); err != nil {
		return 0, 0, fmt.Errorf("remove the mailbox of %s: %w", account, err)
	}
	if executor == paceline.ExecutorEmail {
		return 0, 0, mailboxrow.MailboxAccount(account)
	}
	if unlessRunning {
		if err := tx.QueryRowContext(ctx, `SELECT count(*), COALESCE(SUM(CASE WHEN c.state = 'paused' THEN 1 ELSE 0 END), 0)
			FROM enrollments e JOIN campaigns c ON c.id = e.campaign_id
			WHERE e.account = ? AND e.state IN ('new', 'active', 'waiting') AND c.state IN ('active', 'paused', 'draft')`, name).Scan(&running, &paused); err != nil {
			return 0, 0, fmt.Errorf("remove the mailbox of %s: count its running leads: %w", account, err)
		}
		if running > 0 {
			return running, paused, nil
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM mailbox_checkpoints WHERE account_id = ?`, id); err != nil {
		return 0, 0, fmt.Errorf("remove the mailbox of %s: drop its mail checkpoint: %w", account, err)
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM mailboxes WHERE account_id = ?`, id)
	if err != nil {
		return 0, 0, fmt.Errorf("remove the mailbox of %s: %w", account, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return 0, 0, fmt.Errorf("remove the mailbox of %s: %w", account, err)
	} else if n == 0 {
		return 0, 0, mailboxrow.MissingSettings(account)
	}
	if err := tx.Commit(); err != nil {
		return 0, 0, fmt.Errorf("remove the mailbox of %s: %w", account, err)
	}
	return 0, 0, nil
}
