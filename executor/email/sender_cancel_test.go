package email

import (
	"context"
	"net/mail"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// ctxSentLog is a sent log that, like a database, refuses work on a cancelled context.
type ctxSentLog struct{ *MemorySentLog }

func (l ctxSentLog) RecordSent(ctx context.Context, s Sent) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return l.MemorySentLog.RecordSent(ctx, s)
}

// TestSendRecordsAnEmailSentAsServeStops: serve stopping (its context cancelled) while
// the server takes an email must not leave that email out of the sent log: the
// restart's reconciliation asks the log whether the step went out, and would send it a
// second time.
func TestSendRecordsAnEmailSentAsServeStops(t *testing.T) {
	t.Parallel()
	serverTLS, clientTLS := testTLS(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv := &smtpServer{Data: func(int) error { cancel(); return nil }}
	port := srv.start(t, true, serverTLS)
	log := ctxSentLog{NewMemorySentLog()}
	s, err := NewSender(Mailbox{
		Account: "ann-mail", From: mustFrom(t), Timeout: 5 * time.Second, TLSConfig: clientTLS,
		SMTP: Server{Scheme: "smtps", Host: "127.0.0.1", Port: port},
	}, SenderOptions{
		ComposeFunc: testCompose,
		Unsubscribe: &Unsubscribe{Tokens: testTokens(t), BaseURL: "https://paceline.example"},
		Footer:      Footer{Address: "Paceline Ltd\n1 Main Street\nSpringfield"},
		Sent:        log,
		NowFunc:     func() time.Time { return testNow },
		SleepFunc:   (&sleeps{}).sleep,
	})
	if err != nil {
		t.Fatal(err)
	}
	a := emailAction("ada")
	out, err := s.Execute(ctx, a)
	if len(srv.received()) != 1 {
		t.Fatalf("the server took %d emails, want 1 (Execute %+v, %v)", len(srv.received()), out, err)
	}
	if out.Result != paceline.ResultDone {
		t.Errorf("Execute = %+v, %v; want done: the email went out", out, err)
	}
	if _, done, err := s.Executed(context.Background(), a.Key); err != nil || !done {
		t.Errorf("after the stop, Executed(%s) = %v, %v; want the email found in the sent log", a.Key, done, err)
	}
}

func mustFrom(t *testing.T) mail.Address {
	t.Helper()
	f, err := ParseFrom("Ann Outreach <ann@paceline.test>")
	if err != nil {
		t.Fatal(err)
	}
	return f
}
