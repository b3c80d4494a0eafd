package main

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/secret"
)

// The unsubscribe links of email already sent keep working after the mailbox that sent
// them is gone (a compliance matter: one-click unsubscribe must not break): a LinkedIn
// seat mailed a lead, its mailbox was taken away with --force, and serve starts with
// no mailbox at all. Before, the tokens were made only with a mailbox, and /u/TOKEN
// answered 404. POST /u/TOKEN opts the lead out; a token that does not verify is 403.
func TestUnsubscribeLinkWorksAfterItsMailboxIsGone(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "p.db")
	mustCLI(t, dbPath, "accounts", "add", "--name", "ann", "--type", "free", "--executor", "sim")
	mustCLI(t, dbPath, "accounts", "update", "ann", "--from", "Ann Example <ann@paceline.test>",
		"--smtp", "smtp://ann@127.0.0.1:1", "--imap", "imaps://ann@127.0.0.1:1",
		"--smtp-password-env", passwordEnv(t, "pw"), "--imap-password-env", passwordEnv(t, "pw"),
		"--footer-address", "1 Main St, Springfield", "--public-url", "https://pl.example.com", "--skip-check")
	mustCLI(t, dbPath, "leads", "import", writeFile(t, dir, "leads.csv", "email,first_name\njo@acme.test,Jo\n"), "--list", "mail")
	seq := writeFile(t, dir, "seq.yaml", "name: mail\nsteps:\n  - id: hello\n    email: {subject: \"Hello\", body: \"Hi {{first_name}}\"}\n")
	mustCLI(t, dbPath, "campaigns", "create", "--name", "mail", "--list", "mail", "--accounts", "ann", "--sequence", seq)
	mustCLI(t, dbPath, "campaigns", "start", "mail")

	a := &app{dbPath: dbPath, stdout: io.Discard, stderr: io.Discard}
	ctx := t.Context()
	db, err := a.openRuntimeDB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// What the seat's mailbox sent, with the link in it signed by the key beside the
	// database.
	const jo = "email:jo@acme.test"
	if err := db.store.RecordSent(ctx, paceline.SentMail{Key: "mail/hello/" + jo, MessageID: "m1@paceline.test",
		Account: "ann", Lead: jo, Campaign: "mail", To: "jo@acme.test", At: time.Now()}); err != nil {
		t.Fatal(err)
	}
	key, err := secret.LoadKey(secret.KeySource{File: filepath.Join(dir, keyFileName)})
	if err != nil {
		t.Fatal(err)
	}
	tokens, err := unsubscribeTokens(key)
	if err != nil {
		t.Fatal(err)
	}
	token := tokens.Sign(jo, "mail")
	mustCLI(t, dbPath, "accounts", "update", "ann", "--remove-mailbox", "--force")

	stderr := &mailStderr{}
	a.stderr = stderr
	mail, err := a.startMailboxes(ctx, db, time.Now, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if len(mail.senders)+len(mail.pollers) != 0 {
		t.Fatalf("a mailbox runs: %v %v", mail.senders, mail.pollers)
	}
	h := mail.handler(nil, db.store)
	for _, tc := range []struct {
		token string
		want  int
	}{{token[:len(token)-2] + "xx", http.StatusForbidden}, {token, http.StatusOK}} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("POST", "/u/"+tc.token, strings.NewReader("List-Unsubscribe=One-Click"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		h.ServeHTTP(rec, req)
		if rec.Code != tc.want {
			t.Fatalf("POST /u/…: %d, want %d: %s", rec.Code, tc.want, rec.Body)
		}
	}
	id, err := db.store.FindLeadID(ctx, lead.Key{Type: lead.KeyEmail, Value: "jo@acme.test"})
	if err != nil {
		t.Fatal(err)
	}
	if at, err := db.store.LeadOptedOut(ctx, id); err != nil || at.IsZero() {
		t.Errorf("Jo not opted out: %v %v", at, err)
	}
	if s := stderr.String(); s != "" {
		t.Errorf("stderr: %s", s)
	}
}

// A database with no secret key (no mailbox ever) starts no unsubscribe links, and
// says nothing about it.
func TestNoUnsubscribeLinksWithoutAKey(t *testing.T) {
	t.Parallel()
	dbPath := filepath.Join(t.TempDir(), "p.db")
	mustCLI(t, dbPath, "accounts", "add", "--name", "ann", "--type", "free", "--executor", "sim")
	stderr := &mailStderr{}
	a := &app{dbPath: dbPath, stdout: io.Discard, stderr: stderr}
	ctx := t.Context()
	db, err := a.openRuntimeDB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	mail, err := a.startMailboxes(ctx, db, time.Now, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	mail.handler(nil, db.store).ServeHTTP(rec, httptest.NewRequest("GET", "/u/x", nil))
	if rec.Code != http.StatusNotFound || mail.tokens != nil || stderr.String() != "" {
		t.Errorf("GET /u/x: %d, tokens %v, stderr %q; want 404, none, nothing said", rec.Code, mail.tokens, stderr.String())
	}
}
