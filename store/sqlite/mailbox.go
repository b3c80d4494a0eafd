package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/mailboxrow"
)

var _ paceline.MailboxStore = (*Store)(nil)

// SetMailbox stores the settings of an email account, replacing those before (the
// first CreatedAt is kept). A new IMAP URL or folder drops the account's mail
// checkpoint in the same transaction: it counts UIDs of the old folder, and a small
// UIDVALIDITY can match on another server or folder, so the new one's mail below the
// old UID would never be read. Errors: EINVALID for bad fields, a password that is not
// sealed, or an account whose executor is not email; ENOTFOUND for a missing account.
func (s *Store) SetMailbox(ctx context.Context, m *paceline.MailboxSettings) error {
	if err := m.Validate(); err != nil {
		return err
	}
	id, err := s.mailboxAccount(ctx, m.Account)
	if err != nil {
		return err
	}
	now := s.now()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store mailbox of %s: %w", m.Account, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM mailbox_checkpoints WHERE account_id = ?
		AND EXISTS (SELECT 1 FROM mailboxes WHERE account_id = ? AND (imap_url <> ? OR folder <> ?))`,
		id, id, m.IMAP, m.Folder); err != nil {
		return fmt.Errorf("store mailbox of %s: drop the mail checkpoint of its old folder: %w", m.Account, err)
	}
	var created time.Time
	err = tx.QueryRowContext(ctx, `INSERT INTO mailboxes
		(account_id, from_address, smtp_url, imap_url, smtp_password_sealed, imap_password_sealed,
		 folder, footer_address, public_url, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (account_id) DO UPDATE SET
		 from_address = excluded.from_address, smtp_url = excluded.smtp_url,
		 imap_url = excluded.imap_url, smtp_password_sealed = excluded.smtp_password_sealed,
		 imap_password_sealed = excluded.imap_password_sealed, folder = excluded.folder,
		 footer_address = excluded.footer_address, public_url = excluded.public_url,
		 updated_at = excluded.updated_at
		RETURNING created_at`,
		id, m.From, m.SMTP, m.IMAP, m.SMTPPasswordSealed, m.IMAPPasswordSealed,
		m.Folder, m.FooterAddress, m.PublicURL, now, now,
	).Scan(&created)
	if isForeignKey(err) {
		return missingAccount(m.Account)
	}
	if err != nil {
		return fmt.Errorf("store mailbox of %s: %w", m.Account, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store mailbox of %s: %w", m.Account, err)
	}
	m.CreatedAt, m.UpdatedAt = created.UTC(), now
	return nil
}

// CreateEmailAccount stores a new email account and its mailbox settings, both or
// neither: the settings are checked first, and should storing them still fail, the
// account just created (which has no history yet) is removed again.
func (s *Store) CreateEmailAccount(ctx context.Context, a *paceline.Account, m *paceline.MailboxSettings) error {
	return mailboxrow.CreateEmailAccount(ctx, s, s.removeAccount, a, m)
}

// removeAccount deletes an account that has no history yet.
func (s *Store) removeAccount(ctx context.Context, id int64) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM accounts WHERE id = ?`, id)
	return err
}

// mailboxAccount returns the id of the named account, refusing one whose executor and
// type do not go together (mailboxrow.CheckPair).
func (s *Store) mailboxAccount(ctx context.Context, name string) (int64, error) {
	var (
		id       int64
		executor string
		typ      string
	)
	err := s.db.QueryRowContext(ctx, `SELECT id, executor, type FROM accounts WHERE name = ?`, name).Scan(&id, &executor, &typ)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, missingAccount(name)
	}
	if err != nil {
		return 0, fmt.Errorf("read account %s: %w", name, err)
	}
	if err := mailboxrow.CheckPair(name, executor, paceline.AccountType(typ)); err != nil {
		return 0, err
	}
	return id, nil
}

// Mailbox returns the settings of the named email account. Errors: ENOTFOUND when the
// account does not exist or has no mailbox settings.
func (s *Store) Mailbox(ctx context.Context, account string) (*paceline.MailboxSettings, error) {
	m, err := mailboxrow.Scan(s.db.QueryRowContext(ctx, `SELECT `+mailboxrow.Columns+`
		FROM mailboxes m JOIN accounts a ON a.id = m.account_id WHERE a.name = ?`, account), account)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, mailboxrow.MissingSettings(account)
	}
	if err != nil {
		return nil, fmt.Errorf("read mailbox of %s: %w", account, err)
	}
	return m, nil
}
