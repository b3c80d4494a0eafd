package storetest

import (
	"context"
	"testing"

	"github.com/paceline/paceline"
)

// testMailbox checks the settings of email accounts: a round trip, replacement, the
// refusals (a missing account, a LinkedIn account, a password that is not sealed), and
// that a renamed account keeps its mailbox.
func testMailbox(t *testing.T, s Store) {
	ms, ok := s.(paceline.MailboxStore)
	if !ok {
		t.Fatalf("%T does not implement paceline.MailboxStore", s)
	}
	ctx := context.Background()
	withAccounts(t, s, "linkedin")
	mail := plainAccount("ann-mail")
	mail.Type, mail.Executor = paceline.TypeEmail, paceline.ExecutorEmail
	if err := s.CreateAccount(ctx, mail); err != nil {
		t.Fatalf("create email account: %v", err)
	}
	settings := func(account string) *paceline.MailboxSettings {
		return &paceline.MailboxSettings{
			Account: account, From: "Ann Exämple <ann@example.com>",
			SMTP: "smtps://ann%40example.com@smtp.example.com:465", IMAP: "imaps://ann@imap.example.com:993",
			SMTPPasswordSealed: "v1:1a2b3c4d:c210cA", IMAPPasswordSealed: "v1:1a2b3c4d:aW1hcA",
			Folder: "Replies", FooterAddress: "1 Main St, Springfield", PublicURL: "https://pl.example.com",
		}
	}

	if _, err := ms.Mailbox(ctx, "ann-mail"); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Fatalf("Mailbox before SetMailbox: %v, want ENOTFOUND", err)
	}
	m := settings("ann-mail")
	if err := ms.SetMailbox(ctx, m); err != nil {
		t.Fatalf("SetMailbox: %v", err)
	}
	if !m.CreatedAt.Truncate(Precision).Equal(Clock.Truncate(Precision)) {
		t.Errorf("CreatedAt = %v, want the store's clock %v", m.CreatedAt, Clock)
	}
	got, err := ms.Mailbox(ctx, "ann-mail")
	if err != nil {
		t.Fatalf("Mailbox: %v", err)
	}
	want := *settings("ann-mail")
	want.CreatedAt, want.UpdatedAt = got.CreatedAt, got.UpdatedAt
	if *got != want {
		t.Errorf("Mailbox = %+v\nwant %+v", *got, want)
	}
	if !got.CreatedAt.Truncate(Precision).Equal(Clock.Truncate(Precision)) {
		t.Errorf("stored CreatedAt = %v, want %v", got.CreatedAt, Clock)
	}

	again := settings("ann-mail")
	again.Folder, again.IMAP, again.IMAPPasswordSealed = "", "", ""
	if err := ms.SetMailbox(ctx, again); err != nil {
		t.Fatalf("SetMailbox again: %v", err)
	}
	if got, err := ms.Mailbox(ctx, "ann-mail"); err != nil || got.Folder != "" || got.IMAP != "" || got.IMAPPasswordSealed != "" || got.SMTP != again.SMTP {
		t.Fatalf("after replacing: %+v, %v", got, err)
	}

	mail.Name = "ann-renamed"
	if err := s.UpdateAccount(ctx, mail); err != nil {
		t.Fatalf("rename: %v", err)
	}
	if got, err := ms.Mailbox(ctx, "ann-renamed"); err != nil || got.SMTP != again.SMTP {
		t.Fatalf("mailbox after the rename: %+v, %v", got, err)
	}

	for _, tc := range []struct {
		name  string
		edit  func(m *paceline.MailboxSettings)
		code  string
		field string
	}{
		{"missing account", func(m *paceline.MailboxSettings) { m.Account = "nobody" }, paceline.ENOTFOUND, ""},
		{"LinkedIn account", func(m *paceline.MailboxSettings) { m.Account = "linkedin" }, paceline.EINVALID, "executor"},
		{"clear SMTP password", func(m *paceline.MailboxSettings) { m.SMTPPasswordSealed = "hunter2" }, paceline.EINVALID, "smtp-password"},
		{"clear IMAP password", func(m *paceline.MailboxSettings) { m.IMAPPasswordSealed = "hunter2" }, paceline.EINVALID, "imap-password"},
		{"no SMTP server", func(m *paceline.MailboxSettings) { m.SMTP = "" }, paceline.EINVALID, "smtp"},
		{"no sender", func(m *paceline.MailboxSettings) { m.From = "" }, paceline.EINVALID, "from"},
	} {
		m := settings("ann-renamed")
		tc.edit(m)
		err := ms.SetMailbox(ctx, m)
		if paceline.ErrorCode(err) != tc.code {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
			continue
		}
		if tc.field != "" {
			wantField(t, err, tc.field)
		}
	}
	if got, err := ms.Mailbox(ctx, "ann-renamed"); err != nil || got.SMTPPasswordSealed != again.SMTPPasswordSealed {
		t.Fatalf("a refused SetMailbox changed the stored settings: %+v, %v", got, err)
	}
	if _, err := ms.Mailbox(ctx, "linkedin"); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Errorf("Mailbox of a LinkedIn account: %v, want ENOTFOUND", err)
	}
}
