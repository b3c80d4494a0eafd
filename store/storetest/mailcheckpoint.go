package storetest

import (
	"context"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/executor/email"
)

// RunMailCheckpoint checks the IMAP checkpoints: zero before the first save, replaced
// after, unknown accounts refused, and saved only while the mailbox settings are those
// the folder was read with. A review found a poller could save the old folder's UIDs
// over the checkpoint a new folder had just dropped (the settings were checked, then
// the checkpoint saved, in two statements), and the new folder's mail below them was
// never read. tick moves the store's clock on, as time passes between two commands.
func RunMailCheckpoint(t *testing.T, s Store, tick func()) {
	t.Helper()
	ms, ok := s.(mailStore)
	if !ok {
		t.Fatalf("%T does not implement the mail checkpoints", s)
	}
	mbs, ok := s.(paceline.MailboxStore)
	if !ok {
		t.Fatalf("%T does not implement paceline.MailboxStore", s)
	}
	ctx := context.Background()
	for _, name := range []string{"ann-mail", "bare-mail"} {
		a := plainAccount(name)
		a.Type, a.Executor = paceline.TypeEmail, paceline.ExecutorEmail
		if err := s.CreateAccount(ctx, a); err != nil {
			t.Fatalf("create email account %s: %v", name, err)
		}
	}
	settings := &paceline.MailboxSettings{
		Account: "ann-mail", From: "Ann <ann@example.com>",
		SMTP: "smtps://ann%40example.com@smtp.example.com:465", IMAP: "imaps://ann@imap.example.com:993",
		SMTPPasswordSealed: "v1:1a2b3c4d:c210cA", IMAPPasswordSealed: "v1:1a2b3c4d:aW1hcA",
		Folder: "INBOX", FooterAddress: "1 Main St, Springfield", PublicURL: "https://pl.example.com",
	}
	if err := mbs.SetMailbox(ctx, settings); err != nil {
		t.Fatalf("SetMailbox: %v", err)
	}
	built := func() *paceline.MailboxSettings {
		t.Helper()
		m, err := mbs.Mailbox(ctx, "ann-mail")
		if err != nil {
			t.Fatalf("Mailbox: %v", err)
		}
		return m
	}
	checkpoint := func(want email.Checkpoint, when string) {
		t.Helper()
		if got, err := ms.MailCheckpoint(ctx, "ann-mail"); err != nil || got != want {
			t.Errorf("%s: MailCheckpoint = %+v, %v; want %+v", when, got, err, want)
		}
	}
	save := func(cp email.Checkpoint, at *paceline.MailboxSettings, want bool) {
		t.Helper()
		saved, err := ms.SetMailCheckpoint(ctx, "ann-mail", cp, at.UpdatedAt)
		if err != nil || saved != want {
			t.Fatalf("SetMailCheckpoint(%+v, settings of %v) = %v, %v; want %v", cp, at.UpdatedAt, saved, err, want)
		}
	}

	inbox := built()
	checkpoint(email.Checkpoint{}, "before any save")
	for _, cp := range []email.Checkpoint{{UIDValidity: 7, UID: 3}, {UIDValidity: 4294967295, UID: 4294967290}} {
		save(cp, inbox, true)
		checkpoint(cp, "after a save")
	}
	if _, err := ms.SetMailCheckpoint(ctx, "nobody", email.Checkpoint{UID: 1}, inbox.UpdatedAt); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Errorf("SetMailCheckpoint for an unknown account: %v, want ENOTFOUND", err)
	}
	if saved, err := ms.SetMailCheckpoint(ctx, "bare-mail", email.Checkpoint{UID: 1}, inbox.UpdatedAt); err != nil || saved {
		t.Errorf("SetMailCheckpoint for an account without mailbox settings = %v, %v; want false, nil", saved, err)
	}

	// The folder changes between the poll of INBOX and its save: the checkpoint the
	// change dropped stays dropped.
	save(email.Checkpoint{UIDValidity: 7, UID: 50}, inbox, true)
	tick()
	archive := *settings
	archive.Folder = "Archive"
	if err := mbs.SetMailbox(ctx, &archive); err != nil {
		t.Fatalf("SetMailbox to another folder: %v", err)
	}
	checkpoint(email.Checkpoint{}, "after the folder changed")
	save(email.Checkpoint{UIDValidity: 7, UID: 60}, inbox, false)
	checkpoint(email.Checkpoint{}, "after a save of the old folder's poll")

	// The poller built from the new settings saves its own.
	moved := built()
	save(email.Checkpoint{UIDValidity: 9, UID: 2}, moved, true)
	checkpoint(email.Checkpoint{UIDValidity: 9, UID: 2}, "after a save of the new folder's poll")

	// Any change of the settings refuses an older poller's save; the checkpoint of
	// the same folder stays.
	tick()
	footer := archive
	footer.FooterAddress = "2 Main St, Springfield"
	if err := mbs.SetMailbox(ctx, &footer); err != nil {
		t.Fatalf("SetMailbox with a new footer: %v", err)
	}
	save(email.Checkpoint{UIDValidity: 9, UID: 5}, moved, false)
	checkpoint(email.Checkpoint{UIDValidity: 9, UID: 2}, "after a new footer")
	save(email.Checkpoint{UIDValidity: 9, UID: 5}, built(), true)
	checkpoint(email.Checkpoint{UIDValidity: 9, UID: 5}, "after a save with the new footer")
}
