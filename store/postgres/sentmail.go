package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/sentrow"
)

// The sent-log queries are plain pgx, like the mailbox queries; they mirror
// store/sqlite/sentmail.go statement for statement.

var _ paceline.SentMailLog = (*Store)(nil)

// RecordSent remembers an email a mailbox sent; see the sqlite twin.
func (s *Store) RecordSent(ctx context.Context, m paceline.SentMail) error {
	if err := sentrow.Check(m); err != nil {
		return err
	}
	var id int64
	err := s.pool.QueryRow(ctx, `SELECT id FROM accounts WHERE name = $1`, m.Account).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return missingAccount(m.Account)
	}
	if err != nil {
		return s.fail("record email "+m.Key, err)
	}
	_, err = s.pool.Exec(ctx, `INSERT INTO sent_mail
		(action_key, account_id, campaign, lead, recipient, message_id, sent_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (action_key) DO NOTHING`,
		m.Key, id, m.Campaign, m.Lead, strings.ToLower(m.To), sentrow.MessageID(m.MessageID), dbTime(m.At))
	if isUnique(err, "sent_mail_message_id_key") {
		return sentrow.MessageIDTaken(m.MessageID)
	}
	if err != nil {
		return s.fail("record email "+m.Key, err)
	}
	return nil
}

// ForgetSent removes the record of the action key's email; see the sqlite twin.
func (s *Store) ForgetSent(ctx context.Context, key string) error {
	if _, err := s.pool.Exec(ctx, `DELETE FROM sent_mail WHERE action_key = $1`, key); err != nil {
		return s.fail("forget email "+key, err)
	}
	return nil
}

// SentByKey finds the email sent for an action key. Errors: ENOTFOUND.
func (s *Store) SentByKey(ctx context.Context, key string) (paceline.SentMail, error) {
	return s.sentWhere(ctx, `m.action_key = $1`, key)
}

// SentByMessageID finds the email with a Message-ID. Errors: ENOTFOUND.
func (s *Store) SentByMessageID(ctx context.Context, id string) (paceline.SentMail, error) {
	return s.sentWhere(ctx, `m.message_id = $1`, sentrow.MessageID(id))
}

// SentTo finds the latest email sent to an address. Errors: ENOTFOUND.
func (s *Store) SentTo(ctx context.Context, addr string) (paceline.SentMail, error) {
	return s.sentWhere(ctx, `m.recipient = $1`, sentrow.Recipient(addr))
}

// SentToBy finds the latest email sent to an address at or before t. Errors: ENOTFOUND.
func (s *Store) SentToBy(ctx context.Context, addr string, t time.Time) (paceline.SentMail, error) {
	return s.sentWhere(ctx, `m.recipient = $1 AND m.sent_at <= $2`, sentrow.Recipient(addr), t.UTC())
}

// sentWhere reads the latest email the condition selects; the first argument names
// what was looked for in the error.
func (s *Store) sentWhere(ctx context.Context, where string, arg string, more ...any) (paceline.SentMail, error) {
	m, err := sentrow.Scan(s.pool.QueryRow(ctx, `SELECT `+sentrow.Columns+`
		FROM sent_mail m JOIN accounts a ON a.id = m.account_id
		WHERE `+where+` ORDER BY m.sent_at DESC, m.id DESC LIMIT 1`, append([]any{arg}, more...)...))
	if errors.Is(err, pgx.ErrNoRows) {
		return paceline.SentMail{}, sentrow.Missing(arg)
	}
	if err != nil {
		return paceline.SentMail{}, s.fail(fmt.Sprintf("read sent email %q", arg), err)
	}
	return m, nil
}

// MailCheckpoint returns how far the email account's IMAP folder has been read; see the
// sqlite twin.
func (s *Store) MailCheckpoint(ctx context.Context, account string) (paceline.MailCheckpoint, error) {
	var validity, uid *int64
	err := s.pool.QueryRow(ctx, `SELECT c.uidvalidity, c.last_uid
		FROM accounts a LEFT JOIN mailbox_checkpoints c ON c.account_id = a.id
		WHERE a.name = $1`, account).Scan(&validity, &uid)
	if errors.Is(err, pgx.ErrNoRows) {
		return paceline.MailCheckpoint{}, missingAccount(account)
	}
	if err != nil {
		return paceline.MailCheckpoint{}, s.fail("read the mail checkpoint of "+account, err)
	}
	var cp paceline.MailCheckpoint
	if validity != nil && uid != nil {
		cp = paceline.MailCheckpoint{UIDValidity: uint32(*validity), UID: uint32(*uid)}
	}
	return cp, nil
}

// SetMailCheckpoint saves how far the email account's IMAP folder has been read, if
// its mailbox settings are still those of settingsAt; see the sqlite twin. The mailbox
// row is locked FOR SHARE: a SetMailbox committing meanwhile is waited for and its
// new updated_at seen, one waiting for this statement drops what it saved.
func (s *Store) SetMailCheckpoint(ctx context.Context, account string, cp paceline.MailCheckpoint, settingsAt time.Time) (bool, error) {
	tag, err := s.pool.Exec(ctx, `INSERT INTO mailbox_checkpoints (account_id, uidvalidity, last_uid, updated_at)
		SELECT a.id, $1, $2, $3 FROM accounts a JOIN mailboxes m ON m.account_id = a.id
		WHERE a.name = $4 AND m.updated_at = $5
		FOR SHARE OF m
		ON CONFLICT (account_id) DO UPDATE SET uidvalidity = excluded.uidvalidity,
		 last_uid = excluded.last_uid, updated_at = excluded.updated_at`,
		int64(cp.UIDValidity), int64(cp.UID), dbTime(s.now()), account, dbTime(settingsAt))
	if err != nil {
		return false, s.fail("save the mail checkpoint of "+account, err)
	}
	if tag.RowsAffected() > 0 {
		return true, nil
	}
	// Nothing saved: an unknown account is an error, changed settings are not.
	if _, err := s.MailCheckpoint(ctx, account); err != nil {
		return false, err
	}
	return false, nil
}
