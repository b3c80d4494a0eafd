package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/sentrow"
)

// The store is the durable sent log of the mailboxes (migration 0008): what a Sender
// mailed survives a restart, so an action is never mailed twice and a reply to an old
// email still finds its lead.
var _ paceline.SentMailLog = (*Store)(nil)

// RecordSent remembers an email a mailbox sent. Recording the same action key again
// keeps the first record (the Sender records once per delivery; a replay must not
// fail). Errors: EINVALID for a record without key, Message-ID or address, ENOTFOUND
// for an unknown account, ECONFLICT when the Message-ID belongs to another action.
func (s *Store) RecordSent(ctx context.Context, m paceline.SentMail) error {
	if err := sentrow.Check(m); err != nil {
		return err
	}
	var id int64
	err := s.db.QueryRowContext(ctx, `SELECT id FROM accounts WHERE name = ?`, m.Account).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return missingAccount(m.Account)
	}
	if err != nil {
		return fmt.Errorf("record email %s: read account %s: %w", m.Key, m.Account, err)
	}
	_, err = s.db.ExecContext(ctx, `INSERT INTO sent_mail
		(action_key, account_id, campaign, lead, recipient, message_id, sent_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (action_key) DO NOTHING`,
		m.Key, id, m.Campaign, m.Lead, strings.ToLower(m.To), sentrow.MessageID(m.MessageID), m.At.UTC())
	if isUnique(err) {
		return sentrow.MessageIDTaken(m.MessageID)
	}
	if err != nil {
		return fmt.Errorf("record email %s: %w", m.Key, err)
	}
	return nil
}

// ForgetSent removes the record of the action key's email, recorded before its server
// refused it; a key with no record is no error.
func (s *Store) ForgetSent(ctx context.Context, key string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM sent_mail WHERE action_key = ?`, key); err != nil {
		return fmt.Errorf("forget email %s: %w", key, err)
	}
	return nil
}

// SentByKey finds the email sent for an action key. Errors: ENOTFOUND.
func (s *Store) SentByKey(ctx context.Context, key string) (paceline.SentMail, error) {
	return s.sentWhere(ctx, `m.action_key = ?`, key)
}

// SentByMessageID finds the email with a Message-ID, with or without angle brackets.
// Errors: ENOTFOUND.
func (s *Store) SentByMessageID(ctx context.Context, id string) (paceline.SentMail, error) {
	return s.sentWhere(ctx, `m.message_id = ?`, sentrow.MessageID(id))
}

// SentTo finds the latest email sent to an address, in any case. Errors: ENOTFOUND.
func (s *Store) SentTo(ctx context.Context, addr string) (paceline.SentMail, error) {
	return s.sentWhere(ctx, `m.recipient = ?`, sentrow.Recipient(addr))
}

// SentToBy finds the latest email sent to an address, in any case, at or before t.
// Errors: ENOTFOUND.
func (s *Store) SentToBy(ctx context.Context, addr string, t time.Time) (paceline.SentMail, error) {
	return s.sentWhere(ctx, `m.recipient = ? AND m.sent_at <= ?`, sentrow.Recipient(addr), t.UTC())
}

// sentWhere reads the latest email the condition selects; the first argument names
// what was looked for in the error.
func (s *Store) sentWhere(ctx context.Context, where string, arg string, more ...any) (paceline.SentMail, error) {
	m, err := sentrow.Scan(s.db.QueryRowContext(ctx, `SELECT `+sentrow.Columns+`
		FROM sent_mail m JOIN accounts a ON a.id = m.account_id
		WHERE `+where+` ORDER BY m.sent_at DESC, m.id DESC LIMIT 1`, append([]any{arg}, more...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return paceline.SentMail{}, sentrow.Missing(arg)
	}
	if err != nil {
		return paceline.SentMail{}, fmt.Errorf("read sent email %q: %w", arg, err)
	}
	return m, nil
}

// MailCheckpoint returns how far the email account's IMAP folder has been read; the zero
// checkpoint when it never was. Errors: ENOTFOUND for an unknown account.
func (s *Store) MailCheckpoint(ctx context.Context, account string) (paceline.MailCheckpoint, error) {
	var (
		cp       paceline.MailCheckpoint
		validity sql.NullInt64
		uid      sql.NullInt64
	)
	err := s.db.QueryRowContext(ctx, `SELECT c.uidvalidity, c.last_uid
		FROM accounts a LEFT JOIN mailbox_checkpoints c ON c.account_id = a.id
		WHERE a.name = ?`, account).Scan(&validity, &uid)
	if errors.Is(err, sql.ErrNoRows) {
		return cp, missingAccount(account)
	}
	if err != nil {
		return cp, fmt.Errorf("read the mail checkpoint of %s: %w", account, err)
	}
	return paceline.MailCheckpoint{UIDValidity: uint32(validity.Int64), UID: uint32(uid.Int64)}, nil
}

// SetMailCheckpoint saves how far the email account's IMAP folder has been read, if
// its mailbox settings are still those of settingsAt (their UpdatedAt when the poller
// that read the folder was built), in one statement: a new IMAP URL or folder stored
// meanwhile dropped the checkpoint (SetMailbox), and the old folder's UIDs must not
// come back over it, or the new folder's mail below them would never be read. It
// reports whether it saved. Errors: ENOTFOUND for an unknown account.
func (s *Store) SetMailCheckpoint(ctx context.Context, account string, cp paceline.MailCheckpoint, settingsAt time.Time) (bool, error) {
	res, err := s.db.ExecContext(ctx, `INSERT INTO mailbox_checkpoints (account_id, uidvalidity, last_uid, updated_at)
		SELECT a.id, ?, ?, ? FROM accounts a JOIN mailboxes m ON m.account_id = a.id
		WHERE a.name = ? AND m.updated_at = ?
		ON CONFLICT (account_id) DO UPDATE SET uidvalidity = excluded.uidvalidity,
		 last_uid = excluded.last_uid, updated_at = excluded.updated_at`,
		int64(cp.UIDValidity), int64(cp.UID), s.now(), account, settingsAt.UTC())
	if err != nil {
		return false, fmt.Errorf("save the mail checkpoint of %s: %w", account, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("save the mail checkpoint of %s: %w", account, err)
	}
	if n > 0 {
		return true, nil
	}
	// Nothing saved: an unknown account is an error, changed settings are not.
	if _, err := s.MailCheckpoint(ctx, account); err != nil {
		return false, err
	}
	return false, nil
}
