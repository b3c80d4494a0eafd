package main

import (
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

func TestCheckPublicURL(t *testing.T) {
	t.Parallel()
	for _, ok := range []string{"https://pl.example.com", "https://pl.example.com/", "https://pl.example.com:8443"} {
		if err := checkPublicURL(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for _, tc := range []struct{ url, want, never string }{
		{"https://x/p?y#z", "has a query (?y)", ""},
		{"https://x/p?", "has a query", ""},
		{"https://x/p#z", "has a fragment (#z)", ""},
		{"https://x/p#", "has a fragment", ""},
		{"https://me:s3cret@x/p", "has user info", "s3cret"},
		{"http://x/p", "is not an https URL", ""},
		{"pl.example.com", "is not an https URL", ""},
		{"https:x", "is not an https URL", ""},
		// QA: serve mounts /u/ at the root, so links under /paceline/u/ found nothing.
		{"https://pl.example.com/paceline", `has a path (/paceline), but paceline serve answers the links at /u/ on the root of its host, not under /paceline: give the root, https://pl.example.com (`, ""},
		{"https://pl.example.com:8443/a/b/", "give the root, https://pl.example.com:8443 (", ""},
	} {
		err := checkPublicURL(tc.url)
		msg := paceline.ErrorMessage(err)
		if paceline.ErrorCode(err) != paceline.EINVALID || !strings.Contains(msg, tc.want) ||
			!strings.HasPrefix(msg, "public-url: ") || !strings.Contains(msg, "unsubscribe links") || !strings.Contains(msg, "https://HOST") {
			t.Errorf("%s: %v, want EINVALID on public-url saying %q, what it is for and its form", tc.url, err, tc.want)
		}
		if tc.never != "" && strings.Contains(msg, tc.never) {
			t.Errorf("%s: the message shows the password: %s", tc.url, msg)
		}
	}
}

// A mailbox stored with a public URL that has a query and a fragment does not run
// under serve (every unsubscribe link made from it would be broken), and serve says why.
func TestServeRefusesPublicURLWithQuery(t *testing.T) {
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
	// accounts add refuses such a URL now: the database was written before it did.
	settings, err := db.store.Mailbox(ctx, "ann-mail")
	if err != nil {
		t.Fatal(err)
	}
	settings.PublicURL = "https://x/p?y#z"
	if err := db.store.SetMailbox(ctx, settings); err != nil {
		t.Fatal(err)
	}
	mb, err := a.startMailboxes(ctx, db, time.Now, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil || mb == nil {
		t.Fatalf("startMailboxes: %v, %v", mb, err)
	}
	if err := mb.broken["ann-mail"]; err == nil || !strings.Contains(paceline.ErrorMessage(err), "has a query") {
		t.Errorf("a mailbox whose public URL has a query runs: %v", err)
	}
	if _, ok := mb.senders["ann-mail"]; ok {
		t.Errorf("the mailbox has a sender")
	}
	if !strings.Contains(stderr.String(), "email account ann-mail does not run: public-url:") {
		t.Errorf("serve does not say why the mailbox does not run: %q", stderr.String())
	}
}
