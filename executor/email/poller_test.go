package email

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/secret"
)

// sentFixtures are the emails the fixtures in testdata answer or bounce.
var sentFixtures = []Sent{
	{Key: "founders/ada/mail", MessageID: "pl.ada@paceline.test", Lead: "ada", To: "ada@analytical.test"},
	{Key: "founders/grace/mail", MessageID: "pl.grace@paceline.test", Lead: "grace", To: "grace@navy.test"},
	{Key: "founders/linus/mail", MessageID: "pl.linus@paceline.test", Lead: "linus", To: "linus@kernel.test"},
	{Key: "founders/dmr/mail", MessageID: "pl.dmr@paceline.test", Lead: "dmr", To: "dmr@bell.test"},
	{Key: "founders/ken/mail", MessageID: "pl.ken@paceline.test", Lead: "ken", To: "ken@bell.test"},
	{Key: "founders/barb/mail", MessageID: "pl.barb@paceline.test", Lead: "barb", To: "barbara@clu.test"},
}

func newTestPoller(t *testing.T, scheme string, port int, pass string, log SentLog, opt PollerOptions) *Poller {
	t.Helper()
	_, clientTLS := testTLS(t)
	return newTestPollerTLS(t, scheme, port, pass, log, opt, clientTLS)
}

func newTestPollerTLS(t *testing.T, scheme string, port int, pass string, log SentLog, opt PollerOptions, clientTLS any) *Poller {
	t.Helper()
	from, _ := ParseFrom("Ann Outreach <ann@paceline.test>")
	imapSrv, err := ParseServer("imap", portURL(scheme, "ann@paceline.test", port))
	if err != nil {
		t.Fatal(err)
	}
	imapSrv.Password = secret.Redact(pass)
	mb := Mailbox{
		Account: "ann-mail", From: from, IMAP: imapSrv, Timeout: 2 * time.Second,
		SMTP: Server{Scheme: "smtp", Host: "127.0.0.1", Port: 1},
	}
	mb.TLSConfig = tlsOf(clientTLS)
	opt.Sent = log
	opt.NowFunc = func() time.Time { return testNow }
	p, err := NewPoller(mb, opt)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func eventLines(evs []paceline.Event) []string {
	var out []string
	for _, e := range evs {
		out = append(out, fmt.Sprintf("%s %s %s", e.Type, e.Lead, e.Key))
	}
	slices.Sort(out)
	return out
}

func TestPollClassifiesTheInbox(t *testing.T) {
	t.Parallel()
	serverTLS, clientTLS := testTLS(t)
	for _, scheme := range []string{"imap", "imaps"} {
		t.Run(scheme, func(t *testing.T) {
			t.Parallel()
			srv := startIMAP(t, "ann@paceline.test", "pw", scheme == "imaps", serverTLS)
			log := NewMemorySentLog()
			for _, s := range sentFixtures {
				_ = log.RecordSent(context.Background(), s)
			}
			tk := testTokens(t)
			p := newTestPollerTLS(t, scheme, srv.port, "pw", log, PollerOptions{Tokens: tk}, clientTLS)
			for _, f := range []string{"newsletter.eml", "reply-threaded.eml", "dsn-bounce.eml", "ooo.eml", "ooo-exchange.eml", "dsn-delayed.eml", "reply-unthreaded.eml", "classic-bounce.eml"} {
				srv.deliver(t, string(readFixture(t, f)))
			}
			srv.deliver(t, "From: someone@else.test\r\nTo: ann@paceline.test\r\nMessage-ID: <u1@else.test>\r\nAuto-Submitted: auto-generated\r\nSubject: unsubscribe "+
				tk.Sign("ada", "founders")+"\r\n\r\n")
			srv.deliver(t, "From: someone@else.test\r\nTo: ann@paceline.test\r\nMessage-ID: <u2@else.test>\r\nSubject: unsubscribe "+
				testTokensOther(t).Sign("grace", "founders")+"\r\n\r\n")

			res, err := p.Poll(context.Background(), Checkpoint{})
			if err != nil {
				t.Fatal(err)
			}
			want := []string{
				"bounced barb email/bounced/pl.barb@paceline.test",
				"bounced grace email/bounced/pl.grace@paceline.test",
				"opted_out ada email/opted_out/u1@else.test",
				"replied ada email/replied/CAF+reply.1@mail.analytical.test",
				"replied ken email/replied/k1@bell.test",
			}
			if got := eventLines(res.Events); !slices.Equal(got, want) {
				t.Errorf("events\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			for _, e := range res.Events {
				if e.Account != "ann-mail" || e.Kind != paceline.KindEmail || !e.At.Equal(time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)) {
					t.Errorf("event %+v: wrong account, kind or time", e)
				}
			}
			if res.Read != 10 || res.Checkpoint.UID != 10 || res.Checkpoint.UIDValidity == 0 || res.More {
				t.Errorf("read %d, checkpoint %+v, more %v", res.Read, res.Checkpoint, res.More)
			}

			// Nothing new: nothing read, no events, the checkpoint stays.
			again, err := p.Poll(context.Background(), res.Checkpoint)
			if err != nil || len(again.Events) != 0 || again.Read != 0 || again.Checkpoint != res.Checkpoint {
				t.Errorf("second poll: %+v, %v", again, err)
			}

			// A new reply is read alone.
			srv.deliver(t, "From: dmr@bell.test\r\nTo: ann@paceline.test\r\nMessage-ID: <d2@bell.test>\r\nIn-Reply-To: <pl.dmr@paceline.test>\r\nSubject: Re: Quick question\r\n\r\nYes, let's talk.\r\n")
			third, err := p.Poll(context.Background(), again.Checkpoint)
			if err != nil || third.Read != 1 || !slices.Equal(eventLines(third.Events), []string{"replied dmr email/replied/d2@bell.test"}) {
				t.Errorf("third poll: %+v, %v", third, err)
			}

			// A rebuilt folder (new UIDVALIDITY) is read again from the start; the
			// events keep their keys, so the store drops them as duplicates.
			stale := third.Checkpoint
			stale.UIDValidity++
			fourth, err := p.Poll(context.Background(), stale)
			if err != nil || fourth.Read != 11 || fourth.Checkpoint.UIDValidity != third.Checkpoint.UIDValidity {
				t.Errorf("after UIDVALIDITY change: read %d, checkpoint %+v, %v", fourth.Read, fourth.Checkpoint, err)
			}
		})
	}
}

func TestPollBatches(t *testing.T) {
	t.Parallel()
	serverTLS, clientTLS := testTLS(t)
	srv := startIMAP(t, "ann@paceline.test", "pw", true, serverTLS)
	log := NewMemorySentLog()
	for _, s := range sentFixtures {
		_ = log.RecordSent(context.Background(), s)
	}
	for i := range 5 {
		srv.deliver(t, fmt.Sprintf("From: ken@bell.test\r\nMessage-ID: <b%d@bell.test>\r\nSubject: Re\r\n\r\nok\r\n", i))
	}
	p := newTestPollerTLS(t, "imaps", srv.port, "pw", log, PollerOptions{Batch: 2}, clientTLS)
	cp := Checkpoint{}
	var keys []string
	for range 4 {
		res, err := p.Poll(context.Background(), cp)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range res.Events {
			keys = append(keys, e.Key)
		}
		cp = res.Checkpoint
		if !res.More {
			break
		}
	}
	if len(keys) != 5 || keys[0] != "email/replied/b0@bell.test" || keys[4] != "email/replied/b4@bell.test" {
		t.Errorf("keys %v, want b0..b4 once each in order", keys)
	}
}

func TestPollLoginFailures(t *testing.T) {
	t.Parallel()
	serverTLS, clientTLS := testTLS(t)
	srv := startIMAP(t, "ann@paceline.test", "right", false, serverTLS)
	log := NewMemorySentLog()
	tests := []struct {
		name string
		port int
		pass string
		code string
		says string
	}{
		{"wrong password", srv.port, "wrong-password", paceline.EUNAUTHORIZED, "refused the login for ann@paceline.test"},
		{"nothing listening", closedPort(t), "right", paceline.EUNAVAILABLE, "connection refused"},
		{"server never answers", hangServer(t), "right", paceline.EUNAVAILABLE, "did not answer within 2s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := newTestPollerTLS(t, "imap", tt.port, tt.pass, log, PollerOptions{}, clientTLS)
			start := time.Now()
			res, err := p.Poll(context.Background(), Checkpoint{UIDValidity: 7, UID: 3})
			t.Logf("error: %v", err)
			if paceline.ErrorCode(err) != tt.code || !strings.Contains(err.Error(), tt.says) || !strings.Contains(err.Error(), "ann-mail") {
				t.Errorf("err %v (code %s), want %s saying %q", err, paceline.ErrorCode(err), tt.code, tt.says)
			}
			if err != nil && strings.Contains(err.Error(), tt.pass) {
				t.Errorf("error shows the password: %v", err)
			}
			if res.Checkpoint != (Checkpoint{UIDValidity: 7, UID: 3}) {
				t.Errorf("checkpoint moved to %+v on failure", res.Checkpoint)
			}
			if d := time.Since(start); d > 6*time.Second { // the mailbox timeout is 2s
				t.Errorf("took %s", d)
			}
		})
	}
}

// TestReplyToASentEmail goes the whole way: the Sender delivers over SMTP, the lead
// answers the delivered email, the answer lands in the IMAP inbox, and the Poller
// reports the reply for that lead.
func TestReplyToASentEmail(t *testing.T) {
	t.Parallel()
	serverTLS, clientTLS := testTLS(t)
	smtpSrv := &smtpServer{}
	s, log := newTestSender(t, senderSetup{scheme: "smtp", port: smtpSrv.start(t, false, serverTLS), client: clientTLS, timeout: 5 * time.Second}, &sleeps{})
	for _, lead := range []string{"ada", "grace"} {
		if out, err := s.Execute(context.Background(), emailAction(lead)); err != nil || out.Result != paceline.ResultDone {
			t.Fatalf("send to %s: %+v, %v", lead, out, err)
		}
	}
	delivered := smtpSrv.received()
	sentToGrace, err := Parse(delivered[1].Data)
	if err != nil {
		t.Fatal(err)
	}
	imapSrv := startIMAP(t, "ann@paceline.test", "pw", true, serverTLS)
	// Grace answers from another address (her phone), threading under our email.
	imapSrv.deliver(t, "From: Grace <g.hopper@mobile.test>\r\nTo: ann@paceline.test\r\nMessage-ID: <m1@mobile.test>\r\n"+
		"In-Reply-To: <"+sentToGrace.MessageID+">\r\nReferences: <"+sentToGrace.MessageID+">\r\nSubject: Re: Quick question\r\n\r\nCall me.\r\n")
	p := newTestPollerTLS(t, "imaps", imapSrv.port, "pw", log, PollerOptions{}, clientTLS)
	res, err := p.Poll(context.Background(), Checkpoint{})
	if err != nil {
		t.Fatal(err)
	}
	if got := eventLines(res.Events); !slices.Equal(got, []string{"replied grace email/replied/m1@mobile.test"}) {
		t.Errorf("events %v", got)
	}
}

// brokenLog is a sent log whose store goes down when asked about one Message-ID.
type brokenLog struct {
	*MemorySentLog
	brokenID string
}

func (b brokenLog) SentByMessageID(ctx context.Context, id string) (Sent, error) {
	if id == b.brokenID {
		return Sent{}, paceline.Errorf(paceline.EUNAVAILABLE, "the database is down")
	}
	return b.MemorySentLog.SentByMessageID(ctx, id)
}

func TestPollStopsAtAFailedLookup(t *testing.T) {
	t.Parallel()
	serverTLS, clientTLS := testTLS(t)
	srv := startIMAP(t, "ann@paceline.test", "pw", true, serverTLS)
	log := brokenLog{MemorySentLog: NewMemorySentLog(), brokenID: "pl.grace@paceline.test"}
	for _, s := range sentFixtures {
		_ = log.RecordSent(context.Background(), s)
	}
	for _, f := range []string{"reply-threaded.eml", "dsn-bounce.eml", "reply-unthreaded.eml"} {
		srv.deliver(t, string(readFixture(t, f)))
	}
	p := newTestPollerTLS(t, "imaps", srv.port, "pw", log, PollerOptions{}, clientTLS)
	res, err := p.Poll(context.Background(), Checkpoint{})
	if paceline.ErrorCode(err) != paceline.EUNAVAILABLE || !strings.Contains(err.Error(), "message 2") {
		t.Errorf("err %v, want the lookup failure on message 2", err)
	}
	if got := eventLines(res.Events); res.Checkpoint.UID != 1 || !slices.Equal(got, []string{"replied ada email/replied/CAF+reply.1@mail.analytical.test"}) {
		t.Errorf("checkpoint %+v, events %v; want the first message only", res.Checkpoint, got)
	}
}
