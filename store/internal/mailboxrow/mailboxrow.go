// Package mailboxrow is how both stores keep the mailbox settings of accounts (a
// mailbox account's, or a LinkedIn account's own mailbox)
// (migration 0007 of each store holds the same columns): which accounts may have
// them, the errors the stores answer with, creating an account together with its
// settings, and the decoding of a row. The SQL stays in each store; what it selects
// is Columns, in the order Scan reads.
package mailboxrow

import (
	"context"
	"fmt"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/row"
)

// Columns a select of mailbox settings names from mailboxes (as m), in the order Scan
// reads them.
const Columns = `m.from_address, m.smtp_url, m.imap_url,
		m.smtp_password_sealed, m.imap_password_sealed, m.folder, m.footer_address, m.public_url,
		m.created_at, m.updated_at`

// CheckPair refuses mailbox settings for an account whose executor and type do not
// go together: a mailbox account (executor email) has the type email, and a LinkedIn
// account (any other executor) a LinkedIn type. Both may have mailbox settings: a
// LinkedIn account's mailbox sends its own leads' email steps.
func CheckPair(account, executor string, typ paceline.AccountType) error {
	if (executor == paceline.ExecutorEmail) != (typ == paceline.TypeEmail) {
		if typ == paceline.TypeEmail {
			return paceline.FieldErrorf("executor", "account %s has the type email but uses the %s executor; a mailbox account uses the email executor", account, executor)
		}
		return paceline.FieldErrorf("type", "%q is a LinkedIn type; an email account's type is email", typ)
	}
	return nil
}

// MissingSettings is the error for an account without mailbox settings.
func MissingSettings(account string) error {
	return paceline.Errorf(paceline.ENOTFOUND,
		"account %q has no mailbox settings (give it a mailbox with paceline accounts update %s --from ADDRESS --smtp URL --imap URL)", account, account)
}

// MailboxAccount is the error for taking the mailbox of a mailbox account away: its
// settings are what the account is.
func MailboxAccount(account string) error {
	return paceline.FieldErrorf("remove-mailbox",
		"%s is a mailbox account: its mailbox is the account; pause it (paceline accounts pause %s) to stop it sending", account, account)
}

// Scan reads a row of Columns into the settings of account. Its error is the driver's
// as it is: the caller tells a missing row apart (row.Missing) and says what it was
// doing.
func Scan(r row.Scanner, account string) (*paceline.MailboxSettings, error) {
	m := paceline.MailboxSettings{Account: account}
	err := r.Scan(&m.From, &m.SMTP, &m.IMAP, &m.SMTPPasswordSealed, &m.IMAPPasswordSealed, &m.Folder,
		&m.FooterAddress, &m.PublicURL, &m.CreatedAt, &m.UpdatedAt)
	if err != nil {
		return nil, err
	}
	m.CreatedAt, m.UpdatedAt = m.CreatedAt.UTC(), m.UpdatedAt.UTC()
	return &m, nil
}

// Accounts is the part of a store that creating an email account goes through.
type Accounts interface {
	CreateAccount(context.Context, *paceline.Account) error
	SetMailbox(context.Context, *paceline.MailboxSettings) error
}

// CreateEmailAccount stores a new account and its mailbox settings in st, both
// or neither: the settings are checked first, and should storing them still fail, the
// account just created (which has no history yet) is removed again with remove, whose
// error is the driver's.
func CreateEmailAccount(ctx context.Context, st Accounts, remove func(context.Context, int64) error,
	a *paceline.Account, m *paceline.MailboxSettings) error {
	if err := CheckPair(a.Name, a.Executor, a.Type); err != nil {
		return err
	}
	m.Account = a.Name
	if err := m.Validate(); err != nil {
		return err
	}
	if err := st.CreateAccount(ctx, a); err != nil {
		return err
	}
	if err := st.SetMailbox(ctx, m); err != nil {
		if derr := remove(context.WithoutCancel(ctx), a.ID); derr != nil {
			return fmt.Errorf("create account %s: its mailbox settings were not stored (%v), and removing the account failed: %w", a.Name, err, derr)
		}
		return err
	}
	return nil
}
