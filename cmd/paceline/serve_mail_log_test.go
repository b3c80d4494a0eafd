package main

import (
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A review found serve never gave its pollers its logger: an unsubscribe request that
// opted nobody out ("opt the sender out by hand") was logged to slog.Default, not
// with serve's other logs, so whoever reads those never saw it.
func TestServePollerLogsToServesLogger(t *testing.T) {
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
	var logs lockedBuffer
	mail, err := a.startMailboxes(ctx, db, time.Now, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatalf("startMailboxes: %v", err)
	}
	m.deliverIMAP(t, "From: Stranger <stranger@elsewhere.test>\r\nTo: ann@paceline.test\r\nMessage-ID: <u1@elsewhere.test>\r\n"+
		"Subject: unsubscribe not-a-token\r\nDate: "+time.Now().Format(time.RFC1123Z)+"\r\n\r\n\r\n", time.Now())
	mail.boxMu.RLock()
	p := mail.pollers["ann-mail"]
	mail.boxMu.RUnlock()
	if p == nil {
		t.Fatal("no poller for ann-mail")
	}
	if err := mail.poll(ctx, "ann-mail", p); err != nil {
		t.Fatalf("poll: %v", err)
	}
	if s := logs.String(); !strings.Contains(s, "nobody opted out") || !strings.Contains(s, "stranger@elsewhere.test") {
		t.Errorf("serve's logger lacks the warning about the unsubscribe request that opted nobody out:\n%s", s)
	}
}
