package email

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/limits"
	"github.com/paceline/paceline/sequence"
)

// openPacer lets a mailbox send whenever asked: pacing is not under test here.
type openPacer struct{}

func (openPacer) Decide(now time.Time, req limits.Request) limits.Decision {
	return limits.Decision{Kind: req.Kind, Allowed: true, At: now}
}
func (openPacer) Record(paceline.Action) {}
func (openPacer) Observe(paceline.Event) {}

type memLedger struct{ actions []paceline.Action }

func (l *memLedger) RecordAction(_ context.Context, a *paceline.Action) error {
	a.ID = int64(len(l.actions) + 1)
	l.actions = append(l.actions, *a)
	return nil
}

// TestAnswersStopTheSequence drives the real engine with the email executor: the
// first email goes out over SMTP, then a reply (or a bounce, or an unsubscribe through
// the link) lands in the IMAP inbox, the poll turns it into an event, and the follow-up
// email two days later is never sent.
func TestAnswersStopTheSequence(t *testing.T) {
	t.Parallel()
	serverTLS, clientTLS := testTLS(t)
	seq, err := sequence.Parse([]byte(`name: mail-only
steps:
  - id: first
    email: {subject: "Quick question", body: "Hi {{first_name}}"}
  - id: nudge
    delay: 2d
    email: {subject: "Re: Quick question", body: "Bumping this"}
stop_on: [replied, opted_out, bounced]
`))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		answer func(t *testing.T, first *Incoming, imap *imapServer, tk *Tokens, lead string) []paceline.Event
		reason string
	}{{
		name: "a reply", reason: "replied",
		answer: func(t *testing.T, first *Incoming, imap *imapServer, _ *Tokens, _ string) []paceline.Event {
			imap.deliver(t, "From: ada@analytical.test\r\nMessage-ID: <r1@analytical.test>\r\nIn-Reply-To: <"+first.MessageID+
				">\r\nSubject: Re: Quick question\r\n\r\nYes!\r\n")
			return nil
		},
	}, {
		name: "a bounce", reason: "bounced",
		answer: func(t *testing.T, first *Incoming, imap *imapServer, _ *Tokens, _ string) []paceline.Event {
			imap.deliver(t, "From: MAILER-DAEMON@mx.test\r\nMessage-ID: <b1@mx.test>\r\nSubject: Undelivered Mail Returned to Sender\r\n"+
				"Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n--b\r\nContent-Type: message/delivery-status\r\n\r\n"+
				"Reporting-MTA: dns; mx.test\r\n\r\nFinal-Recipient: rfc822; ada@analytical.test\r\nAction: failed\r\nStatus: 5.1.1\r\n--b--\r\n")
			return nil
		},
	}, {
		name: "the one-click link", reason: "opted_out",
		answer: func(t *testing.T, _ *Incoming, _ *imapServer, tk *Tokens, lead string) []paceline.Event {
			var got []paceline.Event
			h := UnsubscribeHandler(tk, func(_ context.Context, l string) error {
				got = append(got, paceline.Event{Key: "unsubscribe/" + l, At: testNow.Add(time.Hour), Account: "ann-mail", Lead: l, Type: paceline.EventOptedOut})
				return nil
			})
			postOneClick(t, h, "/u/"+tk.Sign(lead, "mail-only"))
			return got
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			smtpSrv := &smtpServer{}
			sender, log := newTestSender(t, senderSetup{scheme: "smtp", port: smtpSrv.start(t, false, serverTLS), client: clientTLS, timeout: 5 * time.Second}, &sleeps{})
			lead := &paceline.Lead{FirstName: "Ada", Email: "ada@analytical.test"}
			key := engine.LeadKey(lead)
			g, err := engine.New(engine.Options{Executor: sender, Ledger: &memLedger{}})
			if err != nil {
				t.Fatal(err)
			}
			sched := paceline.Schedule{Location: time.UTC, Hours: paceline.WorkingHours{Start: 0, End: 24 * 60}, Days: 1<<7 - 1}
			if err := g.AddAccount(engine.Account{Name: "ann-mail", Pacer: openPacer{}, Schedule: sched}); err != nil {
				t.Fatal(err)
			}
			if err := g.AddCampaign(engine.Campaign{Name: "mail-only", Sequence: seq, Accounts: []string{"ann-mail"}}); err != nil {
				t.Fatal(err)
			}
			if _, err := g.Enroll("mail-only", lead, testNow); err != nil {
				t.Fatal(err)
			}
			runUntil(t, g, testNow, testNow.Add(time.Hour))
			if n := len(smtpSrv.received()); n != 1 {
				t.Fatalf("%d emails after the first step, want 1", n)
			}
			first, _ := Parse(smtpSrv.received()[0].Data)

			imapSrv := startIMAP(t, "ann@paceline.test", "pw", true, serverTLS)
			events := tt.answer(t, first, imapSrv, testTokens(t), key)
			p := newTestPollerTLS(t, "imaps", imapSrv.port, "pw", log, PollerOptions{}, clientTLS)
			res, err := p.Poll(context.Background(), Checkpoint{})
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range append(events, res.Events...) {
				e.At = testNow.Add(time.Hour)
				g.Observe(e)
			}
			runUntil(t, g, testNow.Add(time.Hour), testNow.Add(5*24*time.Hour))
			if n := len(smtpSrv.received()); n != 1 {
				t.Errorf("%d emails sent, want only the first: %s did not stop the sequence", n, tt.name)
			}
			e := g.Enrollments()[0]
			if e.State != engine.Stopped || e.Reason != tt.reason {
				t.Errorf("enrollment %s (%s), want stopped by %s", e.State, e.Reason, tt.reason)
			}
		})
	}
}

// runUntil steps the engine through its wake-ups from now up to end.
func runUntil(t *testing.T, g *engine.Engine, now, end time.Time) {
	t.Helper()
	for i := 0; i < 1000; i++ {
		if err := g.Step(context.Background(), now); err != nil {
			t.Fatal(err)
		}
		next := g.NextWake()
		if next.IsZero() || next.After(end) {
			_ = g.Step(context.Background(), end)
			return
		}
		if next.After(now) {
			now = next
		} else {
			now = now.Add(time.Minute)
		}
	}
}

func postOneClick(t *testing.T, h interface {
	ServeHTTP(w http.ResponseWriter, r *http.Request)
}, path string) {
	t.Helper()
	req := httptest.NewRequest("POST", path, strings.NewReader("List-Unsubscribe=One-Click"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 200 {
		t.Fatalf("one-click POST: %d %s", rec.Code, rec.Body.String())
	}
}
