package main

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/paceline/paceline/executor/email"
)

// folderChanger runs a command just before the checkpoint is saved: the folder
// changes between the poll and the save.
type folderChanger struct {
	mailStore
	before func()
}

func (f *folderChanger) SetMailCheckpoint(ctx context.Context, account string, cp email.Checkpoint, settingsAt time.Time) (bool, error) {
	if f.before != nil {
		f.before()
		f.before = nil
	}
	return f.mailStore.SetMailCheckpoint(ctx, account, cp, settingsAt)
}

// A review found the stale check and the checkpoint's save were two statements: an
// accounts update --folder committed between them, and the old INBOX's UIDs were saved
// over the checkpoint the new folder had dropped, so the new folder's mail below them
// was never read. The save checks the settings itself: the checkpoint stays dropped.
func TestFolderChangedBeforeTheSaveKeepsTheCheckpointDropped(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		db     func(t *testing.T) string
		getenv func(t *testing.T) func(string) string
	}{
		{"sqlite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "p.db") },
			func(*testing.T) func(string) string { return os.Getenv }},
		{"postgres", func(t *testing.T) string {
			db := postgresSchema(t)
			mustCLI(t, db, "migrate")
			return db
		}, keyEnv},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			db, getenv := tc.db(t), tc.getenv(t)
			m := startMailServers(t)
			runWith(t, getenv, db, m.addArgs("ann-mail", passwordEnv(t, m.smtpPW), passwordEnv(t, m.imPW),
				"--footer-address", "1 Main St, Springfield", "--public-url", "https://pl.example.com")...)
			a := &app{dbPath: db, stdout: io.Discard, stderr: io.Discard, getenv: getenv}
			ctx := t.Context()
			rdb, err := a.openRuntimeDB(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer rdb.Close()
			mail, err := a.startMailboxes(ctx, rdb, time.Now, slog.New(slog.NewTextHandler(io.Discard, nil)))
			if err != nil {
				t.Fatalf("startMailboxes: %v", err)
			}
			m.deliverIMAP(t, "From: Jo <jo@acme.test>\r\nTo: ann@paceline.test\r\nMessage-ID: <f1@acme.test>\r\n"+
				"Subject: hi\r\nDate: "+time.Now().Format(time.RFC1123Z)+"\r\n\r\nHi.\r\n", time.Now())
			mail.boxMu.RLock()
			p := mail.pollers["ann-mail"]
			mail.boxMu.RUnlock()
			changed := false
			mail.store = &folderChanger{mailStore: mail.store, before: func() {
				runWith(t, getenv, db, "accounts", "update", "ann-mail", "--folder", "Archive", "--skip-check")
				changed = true
			}}
			if err := mail.poll(ctx, "ann-mail", p); err != nil {
				t.Fatalf("poll: %v", err)
			}
			if !changed {
				t.Fatal("the poll saved no checkpoint: the folder never changed before a save")
			}
			if cp, err := mail.store.MailCheckpoint(ctx, "ann-mail"); err != nil || cp != (email.Checkpoint{}) {
				t.Errorf("the folder changed before the save, and the old folder's checkpoint %+v (%v) was saved; want none", cp, err)
			}
		})
	}
}
