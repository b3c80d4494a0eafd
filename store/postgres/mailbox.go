package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/mailboxrow"
)

// The mailbox queries are plain pgx, like the task queries; they mirror
// store/sqlite/mailbox.go statement for statement.

var _ paceline.MailboxStore = (*Store)(nil)

// SetMailbox stores the settings of an email account; see the sqlite twin. A new IMAP
// URL or folder drops the account's mail checkpoint in the same statement, after the
// mailbox row is locked: a SetMailCheckpoint of the old settings holding it has
// committed by then, and the checkpoint it saved is seen and dropped.
func (s *Store) SetMailbox(ctx context.Context, m *paceline.MailboxSettings) error {
	if err := m.Validate(); err != nil {
		return err
	}
	id, err := s.mailboxAccount(ctx, m.Account)
	if err != nil {
		return err
	}
	now := dbTime(s.now())
	var created time.Time
	err = s.inTx(ctx, "store mailbox of "+m.Account, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT 1 FROM mailboxes WHERE account_id = $1 FOR UPDATE`, id); err != nil {
			return s.fail("store mailbox of "+m.Account, err)
		}
		return s.upsertMailbox(ctx, tx, id, m, now, &created)
	})
	if err != nil {
		return err
	}
	m.CreatedAt, m.UpdatedAt = created.UTC(), now
	return nil
}

// upsertMailbox writes the mailbox row of SetMailbox, dropping the checkpoint of an
// old IMAP URL or folder, and reads back its first CreatedAt.
func (s *Store) upsertMailbox(ctx context.Context, tx pgx.Tx, id int64, m *paceline.MailboxSettings, now time.Time, created *time.Time) error {
	err := tx.QueryRow(ctx, `WITH dropped AS (
		 DELETE FROM mailbox_checkpoints c USING mailboxes m
		 WHERE c.account_id = $1 AND m.account_id = $1 AND (m.imap_url <> $4 OR m.folder <> $7))
		INSERT INTO mailboxes
		(account_id, from_address, smtp_url, imap_url, smtp_password_sealed, imap_password_sealed,
		 folder, footer_address, public_url, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)
		ON CONFLICT (account_id) DO UPDATE SET
		 from_address = excluded.from_address, smtp_url = excluded.smtp_url,
		 imap_url = excluded.imap_url, smtp_password_sealed = excluded.smtp_password_sealed,
		 imap_password_sealed = excluded.imap_password_sealed, folder = excluded.folder,
		 footer_address = excluded.footer_address, public_url = excluded.public_url,
		 updated_at = excluded.updated_at
		RETURNING created_at`,
		id, m.From, m.SMTP, m.IMAP, m.SMTPPasswordSealed, m.IMAPPasswordSealed,
		m.Folder, m.FooterAddress, m.PublicURL, now,
	).Scan(created)
	if isForeignKey(err) {
		return missingAccount(m.Account)
	}
	if err != nil {
		return s.fail("store mailbox of "+m.Account, err)
	}
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
	_, err := s.pool.Exec(ctx, `DELETE FROM accounts WHERE id = $1`, id)
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
	err := s.pool.QueryRow(ctx, `SELECT id, executor, type FROM accounts WHERE name = $1`, name).Scan(&id, &executor, &typ)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, missingAccount(name)
	}
	if err != nil {
		return 0, s.fail("read account "+name, err)
	}
	if err := mailboxrow.CheckPair(name, executor, paceline.AccountType(typ)); err != nil {
		return 0, err
	}
	return id, nil
}

// Mailbox returns the settings of the named email account; see the sqlite twin.
func (s *Store) Mailbox(ctx context.Context, account string) (*paceline.MailboxSettings, error) {
	m, err := mailboxrow.Scan(s.pool.QueryRow(ctx, `SELECT `+mailboxrow.Columns+`
		FROM mailboxes m JOIN accounts a ON a.id = m.account_id WHERE a.name = $1`, account), account)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, mailboxrow.MissingSettings(account)
	}
	if err != nil {
		return nil, s.fail("read mailbox of "+account, err)
	}
	return m, nil
}
