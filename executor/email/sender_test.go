package email

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/secret"
)

var testNow = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

func testTokens(t testing.TB) *Tokens {
	t.Helper()
	tk, err := NewTokens(bytes.Repeat([]byte("k"), 32))
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

// leadAddrs maps test lead keys to their addresses.
var leadAddrs = map[string]string{
	"ada":   "Ada Lovelace <ada@analytical.test>",
	"grace": "grace@navy.test",
	"linus": "linus@kernel.test",
	"ken":   "ken@bell.test",
	"dmr":   "dmr@bell.test",
	"barb":  "barbara@clu.test",
	// the engine's key for a lead known by email only
	"email:ada@analytical.test": "ada@analytical.test",
}

func testCompose(_ context.Context, a paceline.Action) (Draft, error) {
	to, ok := leadAddrs[a.Lead]
	if !ok {
		return Draft{}, paceline.Errorf(paceline.ENOTFOUND, "lead %s has no email", a.Lead)
	}
	return Draft{
		To:      to,
		Subject: "Quick question about your engines",
		Text:    "Hi there,\n\nsaw your talk on engines. Worth a chat?\n\nAnn",
		HTML:    "<html><body><p>Hi there,</p><p>saw your talk on engines. Worth a chat?</p><p>Ann</p></body></html>",
	}, nil
}

// sleeps records the back-off pauses instead of waiting.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(_ context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.d = append(s.d, d)
	return nil
}

func (s *sleeps) got() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.d...)
}

type senderSetup struct {
	scheme  string
	port    int
	user    string
	pass    string
	timeout time.Duration
	client  *tls.Config
	compose ComposeFunc // nil means testCompose
	thread  bool
	// recipient, when set, replaces compose: the sender sends the engine's text.
	recipient func(ctx context.Context, lead string) (string, error)
}

func newTestSender(t *testing.T, su senderSetup, sl *sleeps) (*Sender, *MemorySentLog) {
	t.Helper()
	from, err := ParseFrom("Ann Outreach <ann@paceline.test>")
	if err != nil {
		t.Fatal(err)
	}
	srv, err := ParseServer("smtp", portURL(su.scheme, su.user, su.port))
	if err != nil {
		t.Fatal(err)
	}
	srv.Password = secret.Redact(su.pass)
	log := NewMemorySentLog()
	compose := su.compose
	if compose == nil && su.recipient == nil {
		compose = testCompose
	}
	s, err := NewSender(Mailbox{
		Account: "ann-mail", From: from, SMTP: srv, Timeout: su.timeout, TLSConfig: su.client,
	}, SenderOptions{
		ComposeFunc:   compose,
		RecipientFunc: su.recipient,
		Unsubscribe:   &Unsubscribe{Tokens: testTokens(t), BaseURL: "https://paceline.example"},
		Footer:        Footer{Address: "Paceline Ltd\n1 Main Street\nSpringfield"},
		Sent:          log,
		Retry:         Retry{Attempts: 3, First: time.Second},
		NowFunc:       func() time.Time { return testNow },
		SleepFunc:     sl.sleep,
		Thread:        su.thread,
	})
	if err != nil {
		t.Fatal(err)
	}
	return s, log
}

func emailAction(lead string) paceline.Action {
	return paceline.Action{
		Key: "founders/" + lead + "/mail", At: testNow, Account: "ann-mail",
		Kind: paceline.KindEmail, Lead: lead, Campaign: "founders", Step: "mail",
	}
}

func TestSendDeliversAProperMessage(t *testing.T) {
	t.Parallel()
	serverTLS, clientTLS := testTLS(t)
	for _, scheme := range []string{"smtp", "smtps"} {
		t.Run(scheme, func(t *testing.T) {
			t.Parallel()
			srv := &smtpServer{User: "ann@paceline.test", Pass: "s3cret"}
			port := srv.start(t, scheme == "smtps", serverTLS)
			sl := &sleeps{}
			s, log := newTestSender(t, senderSetup{scheme: scheme, port: port, user: "ann@paceline.test", pass: "s3cret", client: clientTLS, timeout: 5 * time.Second}, sl)
			a := emailAction("ada")
			out, err := s.Execute(context.Background(), a)
			if err != nil || out.Result != paceline.ResultDone {
				t.Fatalf("Execute = %+v, %v", out, err)
			}
			got := srv.received()
			if len(got) != 1 {
				t.Fatalf("server received %d messages, want 1", len(got))
			}
			if got[0].From != "ann@paceline.test" || len(got[0].To) != 1 || got[0].To[0] != "ada@analytical.test" {
				t.Errorf("envelope %s -> %v", got[0].From, got[0].To)
			}
			checkMessage(t, got[0].Data, a)
			if sent, err := log.SentByKey(context.Background(), a.Key); err != nil || sent.MessageID != MessageID(a.Key, "paceline.test") || sent.To != "ada@analytical.test" {
				t.Errorf("sent log %+v, %v", sent, err)
			}

			// Reconciliation after a crash learns that the email went out.
			if out, done, err := s.Executed(context.Background(), a.Key); err != nil || !done || out.Result != paceline.ResultDone {
				t.Errorf("Executed(%s) = %+v, %v, %v", a.Key, out, done, err)
			}
			if _, done, err := s.Executed(context.Background(), "founders/ada/other"); err != nil || done {
				t.Errorf("Executed(unsent) = %v, %v", done, err)
			}
			// The same action again (a restart reconciling an in-flight action) is
			// reported done without a second email.
			out, err = s.Execute(context.Background(), a)
			if err != nil || out.Result != paceline.ResultDone || len(srv.received()) != 1 {
				t.Errorf("repeat: %+v, %v, %d messages", out, err, len(srv.received()))
			}
			if len(sl.got()) != 0 {
				t.Errorf("slept %v on a clean send", sl.got())
			}
		})
	}
}

// checkMessage reads the delivered bytes as a mail client would.
func checkMessage(t *testing.T, data []byte, a paceline.Action) {
	t.Helper()
	m, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("delivered message does not parse: %v", err)
	}
	h := m.Header
	wantID := "<" + MessageID(a.Key, "paceline.test") + ">"
	if got := h.Get("Message-Id"); got != wantID {
		t.Errorf("Message-ID %q, want %q", got, wantID)
	}
	if !strings.HasSuffix(wantID, "@paceline.test>") || strings.Contains(wantID, a.Lead) {
		t.Errorf("Message-ID %s is not on the sender's domain or shows the lead", wantID)
	}
	from, _ := mail.ParseAddress(h.Get("From"))
	to, _ := mail.ParseAddress(h.Get("To"))
	if from == nil || from.Name != "Ann Outreach" || from.Address != "ann@paceline.test" {
		t.Errorf("From %q", h.Get("From"))
	}
	if to == nil || to.Name != "Ada Lovelace" || to.Address != "ada@analytical.test" {
		t.Errorf("To %q", h.Get("To"))
	}
	if h.Get("Subject") != "Quick question about your engines" {
		t.Errorf("Subject %q", h.Get("Subject"))
	}
	if d, err := h.Date(); err != nil || !d.Equal(testNow) {
		t.Errorf("Date %q (%v)", h.Get("Date"), err)
	}
	token := testTokens(t).Sign(a.Lead, a.Campaign)
	link := "https://paceline.example/u/" + token
	lu := h.Get("List-Unsubscribe")
	if !strings.HasPrefix(lu, "<"+link+">, <mailto:ann@paceline.test?subject=unsubscribe%20"+token+">") {
		t.Errorf("List-Unsubscribe %q", lu)
	}
	if h.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
		t.Errorf("List-Unsubscribe-Post %q", h.Get("List-Unsubscribe-Post"))
	}
	ct, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil || ct != "multipart/alternative" {
		t.Fatalf("Content-Type %q, want multipart/alternative", h.Get("Content-Type"))
	}
	mr := multipart.NewReader(m.Body, params["boundary"])
	var types []string
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("part: %v", err)
		}
		pct, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		types = append(types, pct)
		body, _ := io.ReadAll(p) // NextPart decodes quoted-printable
		text := string(body)
		for _, want := range []string{"Paceline Ltd", "1 Main Street", link, "Unsubscribe", "Worth a chat?"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s part lacks %q:\n%s", pct, want, text)
			}
		}
		if pct == "text/html" && !strings.Contains(text, `<a href="`+link+`">`) {
			t.Errorf("html footer has no link:\n%s", text)
		}
		if pct == "text/html" && strings.Index(text, "Paceline Ltd") > strings.Index(text, "</body>") {
			t.Errorf("html footer is outside <body>:\n%s", text)
		}
	}
	if strings.Join(types, ",") != "text/plain,text/html" {
		t.Errorf("parts %v, want text/plain then text/html", types)
	}
}

func TestSendRetriesTemporaryRefusal(t *testing.T) {
	t.Parallel()
	serverTLS, clientTLS := testTLS(t)
	srv := &smtpServer{Rcpt: func(n int, _ string) error {
		if n == 1 {
			return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 7, 1}, Message: "Greylisted, please try again later"}
		}
		return nil
	}}
	port := srv.start(t, false, serverTLS)
	sl := &sleeps{}
	s, _ := newTestSender(t, senderSetup{scheme: "smtp", port: port, client: clientTLS, timeout: 5 * time.Second}, sl)
	out, err := s.Execute(context.Background(), emailAction("grace"))
	if err != nil || out.Result != paceline.ResultDone {
		t.Fatalf("Execute = %+v, %v", out, err)
	}
	if n := len(srv.received()); n != 1 {
		t.Errorf("delivered %d, want 1", n)
	}
	if got := sl.got(); len(got) != 1 || got[0] != time.Second {
		t.Errorf("back-off %v, want [1s]", got)
	}
}

func TestSendFailures(t *testing.T) {
	t.Parallel()
	serverTLS, clientTLS := testTLS(t)
	tests := []struct {
		name   string
		server func(t *testing.T) (port int, user, pass string)
		// want
		code    string
		words   string
		sleeps  []time.Duration
		bounced bool
		// held: every recipient would meet the failure, so it holds the mailbox
		// (engine.SenderDown) rather than failing the lead.
		held bool
	}{{
		name: "5xx on RCPT bounces the address at once",
		server: func(t *testing.T) (int, string, string) {
			srv := &smtpServer{Rcpt: func(int, string) error {
				return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "mailbox unavailable: no such user"}
			}}
			return srv.start(t, false, serverTLS), "", ""
		},
		code: paceline.EINVALID, words: "550 5.1.1 mailbox unavailable: no such user", bounced: true,
	}, {
		name: "5xx on DATA fails without a bounce",
		server: func(t *testing.T) (int, string, string) {
			srv := &smtpServer{Data: func(int) error {
				return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 7, 1}, Message: "Message rejected as spam"}
			}}
			return srv.start(t, false, serverTLS), "", ""
		},
		code: paceline.EUNAVAILABLE, words: "554 5.7.1 Message rejected as spam",
	}, {
		name: "4xx every time: retried with back-off, then failed with the server's words",
		server: func(t *testing.T) (int, string, string) {
			srv := &smtpServer{Rcpt: func(int, string) error {
				return &smtp.SMTPError{Code: 452, EnhancedCode: smtp.EnhancedCode{4, 2, 2}, Message: "Mailbox full, try later"}
			}}
			return srv.start(t, false, serverTLS), "", ""
		},
		code: paceline.EUNAVAILABLE, words: "452 4.2.2 Mailbox full, try later", sleeps: []time.Duration{time.Second, 2 * time.Second},
	}, {
		name: "server hangs: timeouts retried, then failed",
		server: func(t *testing.T) (int, string, string) {
			return hangServer(t), "", ""
		},
		code: paceline.EUNAVAILABLE, words: "timeout", sleeps: []time.Duration{time.Second, 2 * time.Second}, held: true,
	}, {
		name: "connection refused: retried, then failed",
		server: func(t *testing.T) (int, string, string) {
			return closedPort(t), "", ""
		},
		code: paceline.EUNAVAILABLE, words: "connection refused", sleeps: []time.Duration{time.Second, 2 * time.Second}, held: true,
	}, {
		name: "5xx on RCPT about the sender: the mailbox is held, the address is not bounced",
		server: func(t *testing.T) (int, string, string) {
			srv := &smtpServer{Rcpt: func(int, string) error {
				return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 7, 1}, Message: "Relaying denied from your IP"}
			}}
			return srv.start(t, false, serverTLS), "", ""
		},
		code: paceline.EUNAVAILABLE, words: "550 5.7.1 Relaying denied from your IP", held: true,
	}, {
		name: "wrong password: not retried",
		server: func(t *testing.T) (int, string, string) {
			srv := &smtpServer{User: "ann@paceline.test", Pass: "right"}
			return srv.start(t, false, serverTLS), "ann@paceline.test", "wrong"
		},
		code: paceline.EUNAUTHORIZED, words: "Authentication credentials invalid", held: true,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			port, user, pass := tt.server(t)
			sl := &sleeps{}
			s, log := newTestSender(t, senderSetup{scheme: "smtp", port: port, user: user, pass: pass, client: clientTLS, timeout: 300 * time.Millisecond}, sl)
			a := emailAction("linus")
			out, err := s.Execute(context.Background(), a)
			t.Logf("error: %v", err)
			if out.Result != paceline.ResultFailed {
				t.Errorf("result %q, want failed", out.Result)
			}
			if paceline.ErrorCode(err) != tt.code || !strings.Contains(err.Error(), tt.words) {
				t.Errorf("error %v (code %s), want code %s with %q", err, paceline.ErrorCode(err), tt.code, tt.words)
			}
			if pass != "" && strings.Contains(err.Error(), pass) {
				t.Errorf("error shows the password: %v", err)
			}
			if got := sl.got(); len(got) != len(tt.sleeps) || (len(got) > 0 && got[len(got)-1] != tt.sleeps[len(tt.sleeps)-1]) {
				t.Errorf("back-off %v, want %v", got, tt.sleeps)
			}
			if tt.bounced {
				if len(out.Events) != 1 || out.Events[0].Type != paceline.EventBounced || out.Events[0].Lead != "linus" ||
					out.Events[0].Key != "email/bounced/"+MessageID(a.Key, "paceline.test") {
					t.Errorf("events %+v, want one bounce for linus", out.Events)
				}
			} else if len(out.Events) != 0 {
				t.Errorf("events %+v, want none", out.Events)
			}
			if _, err := log.SentByKey(context.Background(), a.Key); paceline.ErrorCode(err) != paceline.ENOTFOUND {
				t.Errorf("a failed email is in the sent log (%v)", err)
			}
			var down *engine.SenderDown
			if held := errors.As(err, &down); held != tt.held {
				t.Errorf("held the mailbox: %v, want %v", held, tt.held)
			} else if held && !down.Until.Equal(testNow.Add(holdFirst)) {
				t.Errorf("held until %s, want %s", down.Until, testNow.Add(holdFirst))
			}
		})
	}
}

func TestSendRefusesBadInput(t *testing.T) {
	t.Parallel()
	_, clientTLS := testTLS(t)
	s, _ := newTestSender(t, senderSetup{scheme: "smtp", port: closedPort(t), client: clientTLS}, &sleeps{})
	tests := []struct {
		name string
		a    paceline.Action
		code string
	}{
		{"not an email action", paceline.Action{Key: "k", Kind: paceline.KindInvite, Lead: "ada"}, paceline.EINVALID},
		{"lead without email", paceline.Action{Key: "k2", Kind: paceline.KindEmail, Lead: "nobody"}, paceline.ENOTFOUND},
	}
	for _, tt := range tests {
		out, err := s.Execute(context.Background(), tt.a)
		if out.Result != paceline.ResultFailed || paceline.ErrorCode(err) != tt.code {
			t.Errorf("%s: %+v, %v; want failed with %s", tt.name, out, err, tt.code)
		}
	}
}

func TestNewSenderChecksSettings(t *testing.T) {
	t.Parallel()
	from, _ := ParseFrom("ann@paceline.test")
	mb := Mailbox{Account: "a", From: from, SMTP: Server{Scheme: "smtp", Host: "h", Port: 587}}
	ok := SenderOptions{ComposeFunc: testCompose, Unsubscribe: &Unsubscribe{Tokens: testTokens(t), BaseURL: "https://x.test"}, Footer: Footer{Address: "1 Main St"}}
	if _, err := NewSender(mb, ok); err != nil {
		t.Fatalf("valid settings refused: %v", err)
	}
	tests := []struct {
		name  string
		edit  func(*Mailbox, *SenderOptions)
		field string
	}{
		{"no footer address", func(_ *Mailbox, o *SenderOptions) { o.Footer.Address = " " }, "footer-address"},
		{"opt-out without link", func(_ *Mailbox, o *SenderOptions) { o.Footer.OptOut = "Reply STOP" }, "footer-opt-out"},
		{"http unsubscribe URL", func(_ *Mailbox, o *SenderOptions) {
			o.Unsubscribe = &Unsubscribe{Tokens: testTokens(t), BaseURL: "http://x.test"}
		}, "public-url"},
		{"no unsubscribe", func(_ *Mailbox, o *SenderOptions) { o.Unsubscribe = nil }, "unsubscribe"},
		{"no smtp", func(m *Mailbox, _ *SenderOptions) { m.SMTP = Server{} }, "smtp"},
		{"no from", func(m *Mailbox, _ *SenderOptions) { m.From = mail.Address{} }, "from"},
	}
	for _, tt := range tests {
		m, o := mb, ok
		tt.edit(&m, &o)
		_, err := NewSender(m, o)
		var pe *paceline.Error
		if err == nil || !asError(err, &pe) || pe.Field != tt.field {
			t.Errorf("%s: got %v, want an error on %s", tt.name, err, tt.field)
		}
	}
}

// TestSendTextOnlyFollowUp sends a follow-up with no HTML: a single text/plain body
// that still carries the footer, threaded under the first email.
func TestSendTextOnlyFollowUp(t *testing.T) {
	t.Parallel()
	serverTLS, clientTLS := testTLS(t)
	srv := &smtpServer{}
	first := MessageID("founders/ken/mail", "paceline.test")
	compose := func(_ context.Context, a paceline.Action) (Draft, error) {
		return Draft{To: "ken@bell.test", Subject: "Re: Quick question", Text: "Bumping this, Ken.", InReplyTo: "<" + first + ">"}, nil
	}
	s, _ := newTestSender(t, senderSetup{scheme: "smtp", port: srv.start(t, false, serverTLS), client: clientTLS, timeout: 5 * time.Second, compose: compose}, &sleeps{})
	a := emailAction("ken")
	a.Key, a.Step = "founders/ken/nudge", "nudge"
	if out, err := s.Execute(context.Background(), a); err != nil || out.Result != paceline.ResultDone {
		t.Fatalf("Execute = %+v, %v", out, err)
	}
	m, err := mail.ReadMessage(bytes.NewReader(srv.received()[0].Data))
	if err != nil {
		t.Fatal(err)
	}
	if ct, _, _ := mime.ParseMediaType(m.Header.Get("Content-Type")); ct != "text/plain" {
		t.Errorf("Content-Type %q, want text/plain", m.Header.Get("Content-Type"))
	}
	for _, h := range []string{"In-Reply-To", "References"} {
		if got := m.Header.Get(h); got != "<"+first+">" {
			t.Errorf("%s %q, want <%s>", h, got, first)
		}
	}
	if m.Header.Get("User-Agent") != "" || m.Header.Get("X-Mailer") != "" {
		t.Errorf("library names itself: %q %q", m.Header.Get("User-Agent"), m.Header.Get("X-Mailer"))
	}
	in, err := Parse(srv.received()[0].Data)
	if err != nil || !strings.Contains(in.Body, "1 Main Street") || !strings.Contains(in.Body, "Bumping this") {
		t.Errorf("body %q, %v", in.Body, err)
	}
}

func TestSendThreadsFollowUps(t *testing.T) {
	t.Parallel()
	serverTLS, clientTLS := testTLS(t)
	srv := &smtpServer{}
	s, _ := newTestSender(t, senderSetup{scheme: "smtp", port: srv.start(t, false, serverTLS), client: clientTLS, timeout: 5 * time.Second, thread: true}, &sleeps{})
	first, nudge, other := emailAction("ada"), emailAction("ada"), emailAction("ada")
	nudge.Key, nudge.Step = "founders/ada/nudge", "nudge"
	other.Key, other.Campaign = "q2/ada/mail", "q2"
	for _, a := range []paceline.Action{first, nudge, other} {
		if out, err := s.Execute(context.Background(), a); err != nil || out.Result != paceline.ResultDone {
			t.Fatalf("%s: %+v, %v", a.Key, out, err)
		}
	}
	got := srv.received()
	refs := make([]string, len(got))
	for i, r := range got {
		m, _ := mail.ReadMessage(bytes.NewReader(r.Data))
		refs[i] = m.Header.Get("In-Reply-To")
	}
	want := []string{"", "<" + MessageID(first.Key, "paceline.test") + ">", ""}
	if strings.Join(refs, "|") != strings.Join(want, "|") {
		t.Errorf("In-Reply-To %q, want %q (a follow-up threads; another campaign starts afresh)", refs, want)
	}
}
