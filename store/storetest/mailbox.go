package storetest

import (
	"context"
	"testing"

	"github.com/paceline/paceline"
)

// testMailbox checks the settings of mailboxes: a round trip, replacement, the
// refusals (a missing account, a password that is not sealed), that a renamed account
// keeps its mailbox, and a LinkedIn account's own mailbox.
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
	testLinkedInMailbox(t, s, ms, settings("linkedin"))
	testCreateEmailAccount(t, s, ms)
}

// testCreateEmailAccount checks that an email account and its settings are stored
// together or not at all.
func testCreateEmailAccount(t *testing.T, s Store, ms paceline.MailboxStore) {
	ctx := context.Background()
	account := func(name string) *paceline.Account {
		a := plainAccount(name)
		a.Type, a.Executor = paceline.TypeEmail, paceline.ExecutorEmail
		return a
	}
	settings := func() *paceline.MailboxSettings {
		return &paceline.MailboxSettings{From: "bob@example.com", SMTP: "smtps://bob@smtp.example.com:465",
			SMTPPasswordSealed: "v1:1a2b3c4d:Ym9i"}
	}
	bob := account("bob-mail")
	if err := ms.CreateEmailAccount(ctx, bob, settings()); err != nil {
		t.Fatalf("CreateEmailAccount: %v", err)
	}
	if bob.ID == 0 {
		t.Error("CreateEmailAccount did not set the account's ID")
	}
	if got, err := ms.Mailbox(ctx, "bob-mail"); err != nil || got.Account != "bob-mail" || got.SMTPPasswordSealed != "v1:1a2b3c4d:Ym9i" {
		t.Fatalf("Mailbox after CreateEmailAccount: %+v, %v", got, err)
	}
	clear := settings()
	clear.SMTPPasswordSealed = "hunter2"
	carol := account("carol")
	carol.Type, carol.Executor = paceline.TypeFree, paceline.ExecutorAssist
	if err := ms.CreateEmailAccount(ctx, carol, settings()); err != nil {
		t.Fatalf("CreateEmailAccount of a LinkedIn account with its own mailbox: %v", err)
	}
	if got, err := s.Account(ctx, "carol"); err != nil || !got.Mailbox || got.Type != paceline.TypeFree {
		t.Fatalf("LinkedIn account created with a mailbox: %+v, %v; want type free and Mailbox", got, err)
	}
	mismatch := account("gil")
	mismatch.Executor = paceline.ExecutorSim
	for _, tc := range []struct {
		name string
		a    *paceline.Account
		m    *paceline.MailboxSettings
		code string
	}{
		{"clear password", account("dan-mail"), clear, paceline.EINVALID},
		{"LinkedIn type with the email executor", func() *paceline.Account { a := account("fay-mail"); a.Type = paceline.TypeFree; return a }(), settings(), paceline.EINVALID},
		{"email type with a LinkedIn executor", mismatch, settings(), paceline.EINVALID},
		{"bad account", func() *paceline.Account { a := account("eve-mail"); a.Safety = 2; return a }(), settings(), paceline.EINVALID},
		{"name taken", account("bob-mail"), &paceline.MailboxSettings{From: "x@example.com", SMTP: "smtps://x@h:465"}, paceline.ECONFLICT},
	} {
		if err := ms.CreateEmailAccount(ctx, tc.a, tc.m); paceline.ErrorCode(err) != tc.code {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
		}
		if tc.code != paceline.ECONFLICT {
			if _, err := s.Account(ctx, tc.a.Name); paceline.ErrorCode(err) != paceline.ENOTFOUND {
				t.Errorf("%s: a refused CreateEmailAccount left the account behind (%v)", tc.name, err)
			}
		}
	}
	if got, err := ms.Mailbox(ctx, "bob-mail"); err != nil || got.From != "bob@example.com" {
		t.Errorf("a refused duplicate changed the first account's mailbox: %+v, %v", got, err)
	}
}

// testLinkedInMailbox checks that a LinkedIn account takes mailbox settings of its own
// and reads back with Mailbox set, alone and in the list, while one without reads back
// without.
func testLinkedInMailbox(t *testing.T, s Store, ms paceline.MailboxStore, m *paceline.MailboxSettings) {
	t.Helper()
	ctx := context.Background()
	if a, err := s.Account(ctx, m.Account); err != nil || a.Mailbox {
		t.Fatalf("LinkedIn account %s before SetMailbox: %+v, %v; want no mailbox", m.Account, a, err)
	}
	if _, err := ms.Mailbox(ctx, m.Account); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Fatalf("Mailbox of a LinkedIn account without one: %v, want ENOTFOUND", err)
	}
	if err := ms.SetMailbox(ctx, m); err != nil {
		t.Fatalf("SetMailbox on LinkedIn account %s: %v", m.Account, err)
	}
	if a, err := s.Account(ctx, m.Account); err != nil || !a.Mailbox || a.Type == paceline.TypeEmail {
		t.Fatalf("LinkedIn account %s after SetMailbox: %+v, %v; want its LinkedIn type and Mailbox", m.Account, a, err)
	}
	list, err := s.Accounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range list {
		if a.Name == m.Account && !a.Mailbox {
			t.Errorf("Accounts lists %s without its mailbox", a.Name)
		}
		if a.Name == "ann-renamed" && !a.Mailbox {
			t.Errorf("Accounts lists the mailbox account %s without Mailbox", a.Name)
		}
	}

	// Taken away again: the account reads back without it, and a second removal, or
	// one of a mailbox account's settings, is refused.
	if err := ms.RemoveMailbox(ctx, m.Account); err != nil {
		t.Fatalf("RemoveMailbox of %s: %v", m.Account, err)
	}
	if a, err := s.Account(ctx, m.Account); err != nil || a.Mailbox {
		t.Fatalf("LinkedIn account %s after RemoveMailbox: %+v, %v; want no mailbox", m.Account, a, err)
	}
	if _, err := ms.Mailbox(ctx, m.Account); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Errorf("Mailbox after RemoveMailbox: %v, want ENOTFOUND", err)
	}
	if err := ms.RemoveMailbox(ctx, m.Account); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Errorf("RemoveMailbox twice: %v, want ENOTFOUND", err)
	}
	if err := ms.RemoveMailbox(ctx, "ann-renamed"); paceline.ErrorCode(err) != paceline.EINVALID {
		t.Errorf("RemoveMailbox of a mailbox account: %v, want EINVALID", err)
	}
	if _, err := ms.Mailbox(ctx, "ann-renamed"); err != nil {
		t.Errorf("a refused RemoveMailbox took the mailbox account's settings: %v", err)
	}
}
