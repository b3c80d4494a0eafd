package paceline

import (
	"context"
	"strings"
	"time"
)

// MailboxSettings are the stored settings of an email account: where it sends and
// polls, and what its emails carry. Passwords are kept only sealed (package secret,
// "v1:KEYID:..."); the store never sees them in the clear.
type MailboxSettings struct {
	// Account is the name of the email account these settings belong to.
	Account string
	// From is the sender as "Name <addr>".
	From string
	// SMTP and IMAP are the server URLs without a password (smtps://user@host:465).
	// IMAP may be empty: the mailbox then sends but learns of no replies.
	SMTP string
	IMAP string
	// SMTPPasswordSealed and IMAPPasswordSealed are the sealed passwords, or empty when
	// the server takes no login.
	SMTPPasswordSealed string
	IMAPPasswordSealed string
	// Folder is the IMAP folder polled; empty means INBOX.
	Folder string
	// FooterAddress is the postal address printed in every email's footer (CAN-SPAM).
	FooterAddress string
	// PublicURL is paceline's public https URL, the base of the unsubscribe links.
	PublicURL string

	CreatedAt time.Time
	UpdatedAt time.Time
}

// sealedPrefix starts every value package secret seals.
const sealedPrefix = "v1:"

// Validate checks what a store can check without the secret key, so that a password in
// the clear is refused rather than written to disk.
func (m *MailboxSettings) Validate() error {
	switch {
	case m.Account == "":
		return FieldErrorf("account", "is empty (mailbox settings belong to one account)")
	case m.From == "":
		return FieldErrorf("from", "is empty (give --from 'Name <name@example.com>')")
	case m.SMTP == "":
		return FieldErrorf("smtp", "is empty (give --smtp smtps://user@host:465)")
	case m.SMTPPasswordSealed != "" && !strings.HasPrefix(m.SMTPPasswordSealed, sealedPrefix):
		return FieldErrorf("smtp-password", "is not a sealed value: seal it with the secret key before storing it")
	case m.IMAPPasswordSealed != "" && !strings.HasPrefix(m.IMAPPasswordSealed, sealedPrefix):
		return FieldErrorf("imap-password", "is not a sealed value: seal it with the secret key before storing it")
	}
	return nil
}

// MailboxStore keeps the settings of email accounts, one row per account.
//
// Errors: EINVALID for bad fields, ENOTFOUND when the account (or, for Mailbox, its
// settings) does not exist.
type MailboxStore interface {
	// CreateEmailAccount stores a new email account together with its mailbox settings:
	// both or, on any error, neither. Errors as CreateAccount and SetMailbox.
	CreateEmailAccount(ctx context.Context, a *Account, m *MailboxSettings) error
	// SetMailbox stores the settings of an existing account, replacing any before, and
	// sets CreatedAt and UpdatedAt. A new IMAP URL or folder drops the account's mail
	// checkpoint in the same write: another server's message numbers mean nothing.
	SetMailbox(ctx context.Context, m *MailboxSettings) error
	// Mailbox returns the settings of the named account.
	Mailbox(ctx context.Context, account string) (*MailboxSettings, error)
	// RemoveMailbox takes a LinkedIn account's own mailbox away, with its mail
	// checkpoint: it sends no more email and its inbox is no longer read. Errors:
	// ENOTFOUND (no such account, or no mailbox), EINVALID for a mailbox account.
	RemoveMailbox(ctx context.Context, account string) error
}
