package main

import (
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/paceline/paceline/executor/email"
)

// A review found the checkpoint a changed IMAP folder dropped could come back: the
// poller built from the old settings polls on until refresh sees the change (up to
// mailRefreshEvery), and saved the old folder's UIDs, which the new poller then took
// for its own. A poller whose settings changed saves no checkpoint.
func TestServeStalePollerSavesNoCheckpoint(t *testing.T) {
	t.Parallel()
	m := startMailServers(t)
	dbPath := filepath.Join(t.TempDir(), "p.db")
	mustCLI(t, dbPath, m.addArgs("ann-mail", passwordEnv(t, m.smtpPW), passwordEnv(t, m.imPW),
		"--footer-address", "1 Main St, Springfield", "--public-url", "https://pl.example.com")...)
	a := &app{dbPath: dbPath, stdout: io.Discard, stderr: io.Discard}
	ctx := t.Context()
	db, err := a.openRuntimeDB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	mail, err := a.startMailboxes(ctx, db, time.Now, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatalf("startMailboxes: %v", err)
	}
	m.deliverIMAP(t, "From: Jo <jo@acme.test>\r\nTo: ann@paceline.test\r\nMessage-ID: <s1@acme.test>\r\n"+
		"Subject: hi\r\nDate: "+time.Now().Format(time.RFC1123Z)+"\r\n\r\nHi.\r\n", time.Now())
	mail.boxMu.RLock()
	p := mail.pollers["ann-mail"]
	mail.boxMu.RUnlock()
	mustCLI(t, dbPath, "accounts", "update", "ann-mail", "--folder", "Archive", "--skip-check")
	if err := mail.poll(ctx, "ann-mail", p); err != nil {
		t.Fatalf("poll: %v", err)
	}
	if cp, err := db.store.(mailStore).MailCheckpoint(ctx, "ann-mail"); err != nil || cp != (email.Checkpoint{}) {
		t.Errorf("after the folder changed, the old poller saved the checkpoint %+v (%v); want none", cp, err)
	}
	// The poller refresh builds from the stored settings saves its checkpoint.
	mustCLI(t, dbPath, "accounts", "update", "ann-mail", "--folder", "INBOX", "--skip-check")
	if _, err := mail.refresh(ctx); err != nil {
		t.Fatal(err)
	}
	mail.boxMu.RLock()
	p = mail.pollers["ann-mail"]
	mail.boxMu.RUnlock()
	if err := mail.poll(ctx, "ann-mail", p); err != nil {
		t.Fatalf("poll with the new settings: %v", err)
	}
	if cp, err := db.store.(mailStore).MailCheckpoint(ctx, "ann-mail"); err != nil || cp.UIDValidity == 0 {
		t.Errorf("the poller built from the new settings saved no checkpoint: %+v (%v)", cp, err)
	}
}
