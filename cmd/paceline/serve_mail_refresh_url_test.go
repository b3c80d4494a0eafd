package main

import (
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A public URL stored before accounts add and update checked it: one with a path
// still sends (a proxy may strip the prefix) and serve warns how to fix it; one with a
// query does not send. Either way the inbox is still read, so replies, bounces and
// unsubscribes to what it sent before are not left unread.
func TestServeKeepsReadingInboxOfMailboxWithBadPublicURL(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		url   string
		sends bool
		say   string
	}{
		{"https://pl.example.com/paceline/", true, "to fix it, run: paceline accounts update ann-mail --public-url https://pl.example.com"},
		{"https://pl.example.com/p?y#z", false, "does not run: public-url:"},
	} {
		t.Run(tc.url, func(t *testing.T) {
			t.Parallel()
			m := startMailServers(t)
			dbPath := filepath.Join(t.TempDir(), "p.db")
			mustCLI(t, dbPath, m.addArgs("ann-mail", passwordEnv(t, m.smtpPW), passwordEnv(t, m.imPW),
				"--footer-address", "1 Main St, Springfield", "--public-url", "https://x", "--skip-check")...)
			var stderr strings.Builder
			a := &app{dbPath: dbPath, stdout: io.Discard, stderr: &stderr}
			ctx := t.Context()
			db, err := a.openRuntimeDB(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			settings, err := db.store.Mailbox(ctx, "ann-mail")
			if err != nil {
				t.Fatal(err)
			}
			settings.PublicURL = tc.url // as an older paceline stored it
			if err := db.store.SetMailbox(ctx, settings); err != nil {
				t.Fatal(err)
			}
			mb, err := a.startMailboxes(ctx, db, time.Now, slog.New(slog.NewTextHandler(io.Discard, nil)))
			if err != nil || mb == nil {
				t.Fatalf("startMailboxes: %v, %v", mb, err)
			}
			if mb.pollers["ann-mail"] == nil {
				t.Errorf("the inbox of a mailbox whose public URL is %s is not read", tc.url)
			}
			s, err := mb.sender("ann-mail")
			if got := s != nil && err == nil; got != tc.sends {
				t.Errorf("mailbox with public URL %s sends = %v (%v), want %v", tc.url, got, err, tc.sends)
			}
			if !strings.Contains(stderr.String(), tc.say) {
				t.Errorf("stderr %q does not say %q", stderr.String(), tc.say)
			}
		})
	}
}
