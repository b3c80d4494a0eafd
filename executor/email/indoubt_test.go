package email

import (
	"context"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/paceline/paceline"
)

// TestAnEmailInDoubtIsNeverSentTwice: the server has the whole message but its answer
// never comes in time (here it answers after the client gave up; a crash or a stop of
// serve at that moment is the same). The email is in doubt: it counts as sent, it is
// in the sent log (so the restart's reconciliation and a second Execute of the key find
// it), and it is not tried again; the server saw it once. Before, the sender retried
// it, and a crash left it out of the log, so it went out twice.
func TestAnEmailInDoubtIsNeverSentTwice(t *testing.T) {
	t.Parallel()
	serverTLS, clientTLS := testTLS(t)
	srv := &smtpServer{Data: func(int) error { time.Sleep(1500 * time.Millisecond); return nil }}
	port := srv.start(t, false, serverTLS)
	s, log := newTestSender(t, senderSetup{scheme: "smtp", port: port, client: clientTLS, timeout: 500 * time.Millisecond}, &sleeps{})
	a := emailAction("linus")
	out, err := s.Execute(context.Background(), a)
	if err != nil || out.Result != paceline.ResultDone {
		t.Fatalf("in doubt: %+v, %v; want done", out, err)
	}
	if _, err := log.SentByKey(context.Background(), a.Key); err != nil {
		t.Fatalf("the email in doubt is not in the sent log: %v", err)
	}
	// A restart: a new Sender on the same log is asked again (reconciliation, or the
	// engine's retry of the same key) and sends nothing.
	again, _ := newTestSender(t, senderSetup{scheme: "smtp", port: port, client: clientTLS, timeout: 500 * time.Millisecond}, &sleeps{})
	again.opt.Sent = log
	if out, ok, err := again.Executed(context.Background(), a.Key); err != nil || !ok || out.Result != paceline.ResultDone {
		t.Errorf("Executed after a restart: %+v %v %v; want done", out, ok, err)
	}
	if out, err := again.Execute(context.Background(), a); err != nil || out.Result != paceline.ResultDone {
		t.Errorf("Execute again: %+v, %v", out, err)
	}
	time.Sleep(1200 * time.Millisecond) // let the server finish the first session
	srv.mu.Lock()
	seen := srv.dataSeen
	srv.mu.Unlock()
	if seen != 1 {
		t.Errorf("the server was handed the message %d times, want once", seen)
	}
}

// While the sender waits to try again after a temporary refusal (here a 451 at RCPT
// TO), the sent log holds no record of the email: a crash then must not leave it
// counted as sent, since the server never got it (review C). After the last try the
// record is gone too.
func TestNoRecordOfAnEmailDuringTheBackOff(t *testing.T) {
	t.Parallel()
	serverTLS, clientTLS := testTLS(t)
	srv := &smtpServer{Rcpt: func(int, string) error {
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 7, 1}, Message: "Greylisted, try again later"}
	}}
	port := srv.start(t, false, serverTLS)
	s, log := newTestSender(t, senderSetup{scheme: "smtp", port: port, client: clientTLS, timeout: time.Second}, &sleeps{})
	a := emailAction("linus")
	waited := 0
	s.opt.SleepFunc = func(ctx context.Context, _ time.Duration) error {
		waited++
		if _, err := log.SentByKey(ctx, a.Key); paceline.ErrorCode(err) != paceline.ENOTFOUND {
			t.Errorf("during back-off %d the email is recorded as sent (%v): a crash now would count it sent", waited, err)
		}
		return nil
	}
	if out, err := s.Execute(context.Background(), a); err == nil || out.Result != paceline.ResultFailed {
		t.Fatalf("refused every time: %+v, %v; want failed", out, err)
	}
	if waited == 0 {
		t.Fatal("the sender never waited to try again")
	}
	if _, err := log.SentByKey(context.Background(), a.Key); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Errorf("after the last try the email is recorded as sent (%v)", err)
	}
}
