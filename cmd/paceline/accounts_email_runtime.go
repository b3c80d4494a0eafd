package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/executor/email"
	"github.com/paceline/paceline/secret"
)

// mailboxDeps are what the executor and the poller of a mailbox need from the runtime
// besides the stored settings.
type mailboxDeps struct {
	// Sent records what the mailbox sent; the poller matches replies and bounces
	// against it, so both get the same log. nil means a memory log, which forgets what
	// was sent at a restart: give the durable one.
	Sent email.SentLog
	// Recipient finds a lead's address for Sender.ExecuteText (required).
	Recipient func(ctx context.Context, lead string) (string, error)
	// LeadByAddress finds a known lead by address, and since when paceline knows it,
	// for replies to LinkedIn messages that come by mail; nil skips that fallback.
	LeadByAddress func(ctx context.Context, addr string) (lead string, since time.Time, err error)
	// Log receives what a poll cannot return, such as an unsubscribe request that opted
	// nobody out and must be handled by hand: serve passes its own logger so the
	// warning lands with its other logs. nil means slog.Default.
	Log *slog.Logger
}

// unsubscribeTokens makes the unsubscribe links' tokens from paceline's secret key; the
// handler serve mounts must use the same.
func unsubscribeTokens(key *secret.Key) (*email.Tokens, error) {
	return email.NewTokens(key.Derive("unsubscribe"))
}

// mailboxFor builds the executor and the poller of an email account from its stored
// settings, opening its sealed passwords with key. Errors: ENOTFOUND when the account
// has no mailbox settings, EUNAUTHORIZED when a password does not open with this key,
// EINVALID (naming footer-address or public-url) when the mailbox may not send yet.
func mailboxFor(ctx context.Context, st paceline.MailboxStore, key *secret.Key, acc *paceline.Account, deps mailboxDeps) (*email.Sender, *email.Poller, error) {
	set, err := st.Mailbox(ctx, acc.Name)
	if err != nil {
		return nil, nil, err
	}
	mb, err := mailboxOf(set, key, acc.Name)
	if err != nil {
		return nil, nil, err
	}
	tokens, err := unsubscribeTokens(key)
	if err != nil {
		return nil, nil, err
	}
	if deps.Sent == nil {
		deps.Sent = email.NewMemorySentLog()
	}
	sender, err := email.NewSender(mb, email.SenderOptions{
		RecipientFunc: deps.Recipient,
		Unsubscribe:   &email.Unsubscribe{Tokens: tokens, BaseURL: set.PublicURL},
		Footer:        email.Footer{Address: set.FooterAddress},
		Sent:          deps.Sent,
		Thread:        true,
	})
	if err != nil {
		return nil, nil, err
	}
	poller, err := email.NewPoller(mb, email.PollerOptions{
		Sent: deps.Sent, LeadByAddressFunc: deps.LeadByAddress, Tokens: tokens, Since: acc.CreatedAt,
		Log: deps.Log,
	})
	if err != nil {
		return nil, nil, err
	}
	return sender, poller, nil
}

// mailboxOf turns stored settings back into a mailbox, passwords opened. The seal labels
// carry the name the account had when its passwords were stored: a renamed account
// needs them given again (accounts update NAME --smtp-password-env VAR ...).
func mailboxOf(set *paceline.MailboxSettings, key *secret.Key, account string) (email.Mailbox, error) {
	from, err := email.ParseFrom(set.From)
	if err != nil {
		return email.Mailbox{}, err
	}
	mb := email.Mailbox{Account: account, From: from, Folder: set.Folder, TLSConfig: mailboxTLS}
	if mb.SMTP, err = email.ParseServer("smtp", set.SMTP); err != nil {
		return email.Mailbox{}, err
	}
	if set.IMAP != "" {
		if mb.IMAP, err = email.ParseServer("imap", set.IMAP); err != nil {
			return email.Mailbox{}, err
		}
	}
	if set.SMTPPasswordSealed != "" {
		if mb.SMTP.Password, err = key.Open(sealLabel(account, "smtp"), set.SMTPPasswordSealed); err != nil {
			return email.Mailbox{}, err
		}
	}
	if set.IMAPPasswordSealed != "" {
		if mb.IMAP.Password, err = key.Open(sealLabel(account, "imap"), set.IMAPPasswordSealed); err != nil {
			return email.Mailbox{}, err
		}
	}
	return mb, mb.Validate()
}
