package main

import (
	"context"
	"fmt"
	"io"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/executor/email"
	"github.com/paceline/paceline/secret"
)

// mailboxSettingFlags are the flags of accounts update that change a mailbox's stored
// settings. --skip-check only says how they are stored.
var mailboxSettingFlags = []string{"from", "smtp", "imap", "smtp-password-env", "imap-password-env", "folder", "footer-address", "public-url"}

// mailboxConnectionFlags change how the mailbox reaches its servers: only they are
// checked by logging in again (a new footer needs no server).
var mailboxConnectionFlags = []string{"smtp", "imap", "smtp-password-env", "imap-password-env", "folder"}

// mailboxUpdate is what accounts update does to a mailbox's settings.
type mailboxUpdate struct {
	after   *paceline.MailboxSettings
	changes []accountChange
	checked bool
}

// updatedMailbox applies the mailbox flags given to the stored settings of acc, the way
// accounts add reads them: the settings not given are kept, a password is read (from
// --smtp-password-env or the prompt) only when its server or its variable is given, and
// the kept ones are opened to log in again when a connection setting changed (unless
// --skip-check). It writes nothing; nil when no mailbox flag was given.
func (a *app) updatedMailbox(ctx context.Context, st paceline.MailboxStore, acc *paceline.Account, m *mailFlags, given func(string) bool) (*mailboxUpdate, error) {
	if !givenAny(given, mailboxSettingFlags) {
		return nil, nil
	}
	before, err := st.Mailbox(ctx, acc.Name)
	if paceline.ErrorCode(err) == paceline.ENOTFOUND {
		// An account stored without its settings, or a LinkedIn account getting a
		// mailbox of its own: the flags give them all.
		before, err = &paceline.MailboxSettings{Account: acc.Name}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("mailbox %s: %w", acc.Name, err)
	}
	merged := m.keeping(before, given)
	in, err := merged.parseSettings(acc.Name)
	if err != nil {
		return nil, err
	}
	after := &in.settings
	after.CreatedAt = before.CreatedAt
	newSMTP, newIMAP := given("smtp") || given("smtp-password-env"), given("imap") || given("imap-password-env")
	if newSMTP {
		if in.mb.SMTP.Password, err = a.mailPassword("smtp", m.smtpPasswordEnv, in.mb.SMTP); err != nil {
			return nil, err
		}
	}
	if newIMAP {
		if in.mb.IMAP.Password, err = a.mailPassword("imap", m.imapPasswordEnv, in.mb.IMAP); err != nil {
			return nil, err
		}
	}
	if err := in.mb.Validate(); err != nil {
		return nil, err
	}
	check := !m.skipCheck && givenAny(given, mailboxConnectionFlags)
	keptSMTP := !newSMTP && before.SMTPPasswordSealed != ""
	keptIMAP := !newIMAP && before.IMAPPasswordSealed != ""
	var key *secret.Key
	if (check && (keptSMTP || keptIMAP)) || in.mb.SMTP.Password.Reveal() != "" || in.mb.IMAP.Password.Reveal() != "" {
		// A key is created only to seal a new password, as accounts add does.
		if key, err = a.loadSecretKey(in.mb.SMTP.Password.Reveal() != "" || in.mb.IMAP.Password.Reveal() != ""); err != nil {
			return nil, err
		}
	}
	if check {
		if err := openKept(key, before, &in.mb, keptSMTP, keptIMAP); err != nil {
			return nil, err
		}
		if err := email.Check(ctx, in.mb); err != nil {
			return nil, err
		}
	}
	after.SMTPPasswordSealed, after.IMAPPasswordSealed = before.SMTPPasswordSealed, before.IMAPPasswordSealed
	if newSMTP {
		if after.SMTPPasswordSealed, err = sealIfSet(key, sealLabel(acc.Name, "smtp"), in.mb.SMTP.Password); err != nil {
			return nil, err
		}
	}
	if newIMAP {
		if after.IMAPPasswordSealed, err = sealIfSet(key, sealLabel(acc.Name, "imap"), in.mb.IMAP.Password); err != nil {
			return nil, err
		}
	}
	return &mailboxUpdate{after: after, changes: mailboxChanges(before, after, newSMTP, newIMAP), checked: check}, nil
}

// keeping is m with every mailbox flag not given taken from the stored settings, so that
// parseSettings checks the mailbox as a whole, as accounts add would.
func (m *mailFlags) keeping(stored *paceline.MailboxSettings, given func(string) bool) *mailFlags {
	out := *m
	keep := func(flag string, v *string, old string) {
		if !given(flag) {
			*v = old
		}
	}
	keep("from", &out.from, stored.From)
	keep("smtp", &out.smtp, stored.SMTP)
	keep("imap", &out.imap, stored.IMAP)
	keep("folder", &out.folder, stored.Folder)
	keep("footer-address", &out.footerAddress, stored.FooterAddress)
	keep("public-url", &out.publicURL, stored.PublicURL)
	return &out
}

// openKept opens the stored passwords the update keeps, for logging in with them again.
// The seal labels carry the account's name: a password stored under another name does
// not open, and the error says to give it again.
func openKept(key *secret.Key, stored *paceline.MailboxSettings, mb *email.Mailbox, smtp, imap bool) error {
	var err error
	if smtp {
		if mb.SMTP.Password, err = key.Open(sealLabel(mb.Account, "smtp"), stored.SMTPPasswordSealed); err != nil {
			return fmt.Errorf("open the stored SMTP password to check the servers (give it again with --smtp-password-env, or --skip-check): %w", err)
		}
	}
	if imap {
		if mb.IMAP.Password, err = key.Open(sealLabel(mb.Account, "imap"), stored.IMAPPasswordSealed); err != nil {
			return fmt.Errorf("open the stored IMAP password to check the servers (give it again with --imap-password-env, or --skip-check): %w", err)
		}
	}
	return nil
}

// mailboxChanges lists what differs between the stored settings and the updated ones,
// in the order accounts show prints them. A password read again is a change whatever
// it is (the old one is not opened to compare), and is shown only as sealed or none.
func mailboxChanges(before, after *paceline.MailboxSettings, newSMTP, newIMAP bool) []accountChange {
	b, n := viewMailbox(before), viewMailbox(after)
	var out []accountChange
	add := func(setting, old, new string) {
		if old != new {
			out = append(out, accountChange{setting, old, new})
		}
	}
	unset := func(s string) string { return cmpOr(s, "not set") }
	password := func(sealed string, read bool) string {
		if read && sealed != "" {
			return "new (sealed)"
		}
		return passwordState(sealed)
	}
	add("from", unset(b.From), unset(n.From))
	add("smtp", unset(b.SMTP), unset(n.SMTP))
	add("smtp password", b.SMTPPassword, password(after.SMTPPasswordSealed, newSMTP))
	add("imap", unset(b.IMAP), unset(n.IMAP))
	add("imap password", b.IMAPPassword, password(after.IMAPPasswordSealed, newIMAP))
	add("imap folder", b.Folder, n.Folder)
	add("postal footer", unset(b.FooterAddress), unset(n.FooterAddress))
	add("public url", unset(b.PublicURL), unset(n.PublicURL))
	return out
}

// writeMailboxNote says whether the new mailbox settings were tried and when they take
// effect: a running serve (and every worker) looks for changed settings every
// mailRefreshEvery and rebuilds the mailbox's sender and poller then, no restart.
func writeMailboxNote(w io.Writer, name string, checked, skipped bool) error {
	how := "Its servers were not logged in to: no server, password or folder changed."
	switch {
	case checked:
		how = "Its SMTP and IMAP logins were checked with the new settings."
	case skipped:
		how = fmt.Sprintf("Its servers were not logged in to (--skip-check): a running serve reports a refused login when it picks the change up (within %s).", mailRefreshEvery)
	}
	_, err := fmt.Fprintf(w, "%s\nA running serve (and every worker) picks %s's new settings up within %s: no restart is needed.\n", how, name, mailRefreshEvery)
	return err
}
