package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/executor/assist"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/store/sqlite"
)

// mailClock is the runtime's clock in these tests, moved by hand.
type mailClock struct{ t time.Time }

func (c *mailClock) Now() time.Time                  { return c.t }
func (c *mailClock) Until(t time.Time) time.Duration { return max(0, t.Sub(c.t)) }

// deliverIMAP appends a message to the test user's INBOX, as a mail server would at
// the time at (its INTERNALDATE).
func (m *mailServers) deliverIMAP(t *testing.T, msg string, at time.Time) {
	t.Helper()
	c, err := imapclient.DialTLS("127.0.0.1:"+strconv.Itoa(m.imapPort), &imapclient.Options{TLSConfig: mailboxTLS})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(m.user, m.imPW).Wait(); err != nil {
		t.Fatal(err)
	}
	cmd := c.Append("INBOX", int64(len(msg)), &imap.AppendOptions{Time: at})
	if _, err := io.WriteString(cmd, msg); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
}

func (s *testSMTP) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.messages
}

// mailStderr is a buffer the pollers' goroutines and the test share.
type mailStderr struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *mailStderr) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *mailStderr) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServeRunsMailboxes goes the whole way through serve's wiring: a campaign's email
// step on an email account is mailed by a Runner tick (once, its Message-ID in the
// durable sent log), a reply in the IMAP inbox stops the lead's enrollment after a poll,
// the unsubscribe POST opts a lead out and stops theirs, and a mailbox whose login is
// refused is marked without holding the others back; on a SQLite file and on
// PostgreSQL (with PACELINE_TEST_POSTGRES), whose key is PACELINE_SECRET_KEY.
func TestServeRunsMailboxes(t *testing.T) {
	t.Parallel()
	onBothStoresWithKey(t, testServeRunsMailboxes)
}

// testServeRunsMailboxes is TestServeRunsMailboxes on the database dbPath, whose
// commands read the environment with getenv (nil: os.Getenv).
func testServeRunsMailboxes(t *testing.T, dbPath string, getenv func(string) string) {
	m := startMailServers(t)
	dir := t.TempDir()
	cli := func(args ...string) { runWith(t, getenv, dbPath, args...) }
	cli("migrate")
	cli(m.addArgs("ann-mail", passwordEnv(t, m.smtpPW), passwordEnv(t, m.imPW),
		"--footer-address", "1 Main St, Springfield", "--public-url", "https://pl.example.com")...)
	cli(m.addArgs("bad-mail", passwordEnv(t, m.smtpPW), passwordEnv(t, "wrong"),
		"--footer-address", "1 Main St, Springfield", "--public-url", "https://pl.example.com", "--skip-check")...)
	cli("leads", "import", writeFile(t, dir, "leads.csv", "email,first_name\njo@acme.test,Jo\nal@acme.test,Al\n"), "--list", "mail")
	seq := writeFile(t, dir, "seq.yaml", `name: mail
steps:
  - id: hello
    email: {subject: "Hello {{first_name}}", body: "Hi {{first_name}},\n\na question."}
  - id: bump
    delay: 3d
    email: {subject: "Again, {{first_name}}", body: "Hi {{first_name}}, any thoughts?"}
`)
	cli("campaigns", "create", "--name", "mail", "--list", "mail", "--accounts", "ann-mail", "--sequence", seq)
	cli("campaigns", "start", "mail")

	stderr := &mailStderr{}
	a := &app{dbPath: dbPath, stdout: io.Discard, stderr: stderr, getenv: getenv}
	ctx := t.Context()
	db, err := a.openRuntimeDB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// Next Monday 10:00 UTC, inside the default working hours.
	now := time.Now().UTC().Truncate(24 * time.Hour)
	for now.Weekday() != time.Monday || now.Before(time.Now()) {
		now = now.Add(24 * time.Hour)
	}
	clk := &mailClock{t: now.Add(10 * time.Hour)}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	mail, err := a.startMailboxes(ctx, db, clk.Now, logger)
	if err != nil || mail == nil {
		t.Fatalf("startMailboxes: %v, %v", mail, err)
	}
	var woken []string
	mail.WakeFunc = func(_ context.Context, account string) error { woken = append(woken, account); return nil }
	desk := &assist.Desk{Store: db.store, NowFunc: clk.Now}
	runner := &runtime.Runner{Store: db.store, Clock: clk, Seed: 1, Logger: logger,
		Executor: &mailRouter{accounts: db.store, mail: mail, other: &assist.Router{Accounts: db.store, Desk: desk}}}

	// Both leads get the first email, each once, as the Pacer spaces them.
	for ticks := 0; ; ticks++ {
		res, err := runner.Tick(ctx, "ann-mail")
		if err != nil {
			t.Fatal(err)
		}
		if m.smtp.count() >= 2 {
			break
		}
		if ticks > 200 || res.Wake.IsZero() {
			t.Fatalf("after %d ticks %d emails sent (wake %v)", ticks, m.smtp.count(), res.Wake)
		}
		clk.t = res.Wake.Truncate(time.Microsecond).Add(time.Microsecond)
	}
	if _, err := runner.Tick(ctx, "ann-mail"); err != nil || m.smtp.count() != 2 {
		t.Fatalf("another tick: %v, %d emails, want 2", err, m.smtp.count())
	}
	sent, err := db.store.SentTo(ctx, "jo@acme.test")
	if err != nil {
		t.Fatalf("the email to Jo is not in the sent log: %v", err)
	}
	if sent.Lead != "email:jo@acme.test" || sent.Account != "ann-mail" || sent.Campaign != "mail" || !strings.Contains(sent.MessageID, "@") {
		t.Fatalf("sent log: %+v", sent)
	}
	if out, ok, err := runner.Executor.Executed(ctx, sent.Key); err != nil || !ok || out.Result != paceline.ResultDone {
		t.Errorf("Executed(%s) = %+v %v %v, want done", sent.Key, out, ok, err)
	}
	running := func() map[string]bool {
		recs, err := db.store.RunningEnrollments(ctx, "ann-mail")
		if err != nil {
			t.Fatal(err)
		}
		leads := map[string]bool{}
		for _, r := range recs {
			leads[r.Lead] = true
		}
		return leads
	}
	if r := running(); !r["email:jo@acme.test"] || !r["email:al@acme.test"] {
		t.Fatalf("running before any answer: %v", r)
	}

	// The inbox also holds Al's mail from before the emails went out (the sent log
	// keeps the real time of sending, as the mail servers do): from years ago, which
	// the poll does not even fetch, and from three hours ago, which it reads but which
	// answers nothing. Neither stops Al's sequence.
	for _, at := range []time.Time{time.Date(2020, 1, 6, 9, 0, 0, 0, time.UTC), time.Now().UTC().Add(-3 * time.Hour)} {
		m.deliverIMAP(t, "From: Al <al@acme.test>\r\nTo: ann@paceline.test\r\nMessage-ID: <old"+at.Format("2006")+"@acme.test>\r\n"+
			"Subject: lunch?\r\nDate: "+at.Format(time.RFC1123Z)+"\r\n\r\nSee you.\r\n", at)
	}
	// Jo answers: one poll records the reply, and the next tick stops Jo's sequence.
	m.deliverIMAP(t, "From: Jo <jo@acme.test>\r\nTo: ann@paceline.test\r\nMessage-ID: <r1@acme.test>\r\n"+
		"In-Reply-To: <"+sent.MessageID+">\r\nSubject: Re: Hello Jo\r\nDate: "+time.Now().Format(time.RFC1123Z)+"\r\n\r\nTell me more.\r\n", time.Now())
	if err := mail.poll(ctx, "ann-mail", mail.pollers["ann-mail"]); err != nil {
		t.Fatalf("poll: %v", err)
	}
	if cp, err := db.store.MailCheckpoint(ctx, "ann-mail"); err != nil || cp.UID != 3 || cp.UIDValidity == 0 {
		t.Errorf("checkpoint after the poll = %+v, %v; want UID 3", cp, err)
	}
	if len(woken) != 1 || woken[0] != "ann-mail" {
		t.Errorf("woken %v, want ann-mail once", woken)
	}
	if _, err := runner.Tick(ctx, "ann-mail"); err != nil {
		t.Fatal(err)
	}
	if r := running(); r["email:jo@acme.test"] || !r["email:al@acme.test"] {
		t.Fatalf("running after Jo's reply: %v, want Al only", r)
	}
	// Polling again finds nothing new and records nothing twice.
	if err := mail.poll(ctx, "ann-mail", mail.pollers["ann-mail"]); err != nil || len(woken) != 1 {
		t.Errorf("second poll: %v, woken %v", err, woken)
	}

	// Al unsubscribes with the one-click link.
	h := mail.handler(nil, db.store)
	token := mail.tokens.Sign("email:al@acme.test", "mail")
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
	id, err := db.store.FindLeadID(ctx, lead.Key{Type: lead.KeyEmail, Value: "al@acme.test"})
	if err != nil {
		t.Fatal(err)
	}
	if at, err := db.store.LeadOptedOut(ctx, id); err != nil || at.IsZero() {
		t.Errorf("Al not opted out: %v %v", at, err)
	}
	if _, err := runner.Tick(ctx, "ann-mail"); err != nil {
		t.Fatal(err)
	}
	if r := running(); len(r) != 0 {
		t.Errorf("running after Al unsubscribed: %v, want none", r)
	}

	// The mailbox whose IMAP login is refused is marked; ann-mail still polls.
	err = mail.poll(ctx, "bad-mail", mail.pollers["bad-mail"])
	if paceline.ErrorCode(err) != paceline.EUNAUTHORIZED || mail.Status("bad-mail") == nil {
		t.Fatalf("poll of bad-mail: %v (status %v), want EUNAUTHORIZED", err, mail.Status("bad-mail"))
	}
	if !strings.Contains(stderr.String(), "mailbox bad-mail:") || !strings.Contains(stderr.String(), "password") {
		t.Errorf("stderr does not say what is wrong with bad-mail: %q", stderr.String())
	}
	if err := mail.poll(ctx, "ann-mail", mail.pollers["ann-mail"]); err != nil || mail.Status("ann-mail") != nil {
		t.Errorf("ann-mail after bad-mail failed: %v", err)
	}
}

// TestMailboxWithoutFooterDoesNotSend checks a mailbox without its postal address and
// public URL: serve keeps it, but it does not send, and its actions say why.
func TestMailboxWithoutFooterDoesNotSend(t *testing.T) {
	t.Parallel()
	m := startMailServers(t)
	dbPath := filepath.Join(t.TempDir(), "p.db")
	mustCLI(t, dbPath, m.addArgs("ann-mail", passwordEnv(t, m.smtpPW), passwordEnv(t, m.imPW), "--skip-check")...)
	a := &app{dbPath: dbPath, stdout: io.Discard, stderr: io.Discard}
	ctx := t.Context()
	db, err := a.openRuntimeDB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	mb, err := a.startMailboxes(ctx, db, time.Now, logger)
	if err != nil || mb == nil || mb.broken["ann-mail"] == nil {
		t.Fatalf("startMailboxes on SQLite: %v, %v", mb, err)
	}
	r := &mailRouter{accounts: db.store, mail: mb, other: &assist.Router{Accounts: db.store}}
	_, err = r.ExecuteText(ctx, paceline.Action{Key: "k", Account: "ann-mail", Lead: "email:x@y.test", Kind: paceline.KindEmail}, engine.Text{})
	if err == nil || !strings.Contains(paceline.ErrorMessage(err), "public-url") {
		t.Errorf("an email from a mailbox without a footer: %v", err)
	}
}

// TestServeMountsUnsubscribeAndPolls runs serve itself in this process: the unsubscribe
// link of an email account is served under /u/, and the inbox is read at start (its
// checkpoint saved); cancelling stops serve cleanly with its polls.
func TestServeMountsUnsubscribeAndPolls(t *testing.T) {
	t.Parallel()
	m := startMailServers(t)
	dbPath := filepath.Join(t.TempDir(), "p.db")
	mustCLI(t, dbPath, m.addArgs("ann-mail", passwordEnv(t, m.smtpPW), passwordEnv(t, m.imPW),
		"--footer-address", "1 Main St, Springfield", "--public-url", "https://pl.example.com")...)
	out := &mailStderr{}
	a := &app{dbPath: dbPath, stdout: out, stderr: out}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		done <- a.runService(ctx, serveFlags{addr: "127.0.0.1:0", workers: 1, seed: 1, lostAfter: 30 * time.Second}, true)
	}()
	deadline := time.Now().Add(15 * time.Second)
	for !servingOn.MatchString(out.String()) {
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("serve did not start: %s", out)
		}
		time.Sleep(20 * time.Millisecond)
	}
	base := servingOn.FindStringSubmatch(out.String())[1]
	resp, err := http.Get(base + unsubscribePath(t, a, "email:jo@acme.test", "mail"))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "<button") {
		t.Errorf("GET /u/TOKEN: %s %s", resp.Status, body)
	}
	st, err := sqlite.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for {
		cp, err := st.MailCheckpoint(ctx, "ann-mail")
		if err != nil {
			t.Fatal(err)
		}
		if cp.UIDValidity != 0 {
			break
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("the inbox was not read: %s", out)
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve: %v\n%s", err, out)
	}
	if s := out.String(); strings.Contains(s, "mailbox ann-mail:") {
		t.Errorf("serve reported a mailbox error: %s", s)
	}
}
