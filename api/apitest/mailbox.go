package apitest

import (
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/sqlite"
)

// SealedPassword is the sealed SMTP and IMAP password AddMailbox stores: a page or a
// response that shows it has leaked it.
const SealedPassword = "v1:testkey:c2VjcmV0LXNtdHAtcGFzc3dvcmQ"

// AddMailbox stores account name with mailbox settings sending as
// "Name <name@agency.example>": a mailbox account for paceline.TypeEmail, else a
// LinkedIn seat of that type with a mailbox of its own. An empty footer or url leaves
// the mailbox unable to send.
func AddMailbox(t testing.TB, st *sqlite.Store, name string, typ paceline.AccountType, footer, url string) {
	t.Helper()
	a := NewAccount(name, typ, Now.Add(-60*24*time.Hour))
	if typ == paceline.TypeEmail {
		a.Executor = paceline.ExecutorEmail
	} else {
		a.Mailbox = true
	}
	m := &paceline.MailboxSettings{Account: name, From: name + " <" + name + "@agency.example>",
		SMTP: "smtps://" + name + "@smtp.agency.example:465", IMAP: "imaps://" + name + "@imap.agency.example:993",
		SMTPPasswordSealed: SealedPassword, IMAPPasswordSealed: SealedPassword,
		FooterAddress: footer, PublicURL: url}
	if err := st.CreateEmailAccount(t.Context(), a, m); err != nil {
		t.Fatal(err)
	}
}
