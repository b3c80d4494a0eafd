package email

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
)

// TestSenderHoldsItsMailboxWhileTheServerRefusesIt: once the server refuses the sender,
// the emails asked for before the hold ends fail at once with the same hold, without a
// connection; after it the Sender tries again, and a second refusal holds twice as
// long; an email that goes out ends the holds.
func TestSenderHoldsItsMailboxWhileTheServerRefusesIt(t *testing.T) {
	t.Parallel()
	serverTLS, clientTLS := testTLS(t)
	var denied atomic.Bool
	denied.Store(true)
	srv := &smtpServer{Rcpt: func(_ int, to string) error {
		if denied.Load() {
			return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 7, 1}, Message: "Service unavailable; client host blocked (" + to + ")"}
		}
		return nil
	}}
	port := srv.start(t, false, serverTLS)
	s, log := newTestSender(t, senderSetup{scheme: "smtp", port: port, client: clientTLS, timeout: time.Second}, &sleeps{})
	now := testNow
	s.opt.NowFunc = func() time.Time { return now }
	send := func(lead string) (*engine.SenderDown, error) {
		t.Helper()
		a := emailAction(lead)
		a.At = now
		out, err := s.Execute(context.Background(), a)
		if err == nil {
			if out.Result != paceline.ResultDone {
				t.Fatalf("%s: result %q without an error", lead, out.Result)
			}
			return nil, nil
		}
		var d *engine.SenderDown
		if !errors.As(err, &d) {
			t.Fatalf("%s: %v, want the mailbox held", lead, err)
		}
		return d, err
	}
	d, _ := send("linus")
	if !d.Until.Equal(now.Add(holdFirst)) {
		t.Fatalf("first refusal held until %s, want %s", d.Until, now.Add(holdFirst))
	}
	rcpts := func() int {
		srv.mu.Lock()
		defer srv.mu.Unlock()
		return srv.rcptSeen
	}
	seen := rcpts()
	now = now.Add(time.Minute)
	d, err := send("ken")
	if !d.Until.Equal(testNow.Add(holdFirst)) || paceline.ErrorCode(err) != paceline.EUNAVAILABLE {
		t.Errorf("during the hold: until %s (%v), want the same hold and its error", d.Until, err)
	}
	if rcpts() != seen {
		t.Errorf("the server was asked during the hold")
	}
	// The hold answers ken's email without linus's address, which the server echoed.
	if strings.Contains(err.Error(), "linus@kernel.test") || !strings.Contains(err.Error(), "client host blocked") {
		t.Errorf("during the hold ken's email failed with %q: want the server's words without another lead's address", err)
	}
	if _, why := s.Held(now); strings.Contains(why, "linus@kernel.test") {
		t.Errorf("Held says %q: another lead's address", why)
	}
	now = testNow.Add(holdFirst)
	if d, _ = send("dmr"); !d.Until.Equal(now.Add(2 * holdFirst)) {
		t.Errorf("second refusal held until %s, want %s (twice as long)", d.Until, now.Add(2*holdFirst))
	}
	denied.Store(false)
	now = now.Add(2 * holdFirst)
	if d, _ := send("barb"); d != nil {
		t.Fatalf("after the hold with the server taking mail: %v", d)
	}
	if _, err := log.SentByKey(context.Background(), emailAction("barb").Key); err != nil {
		t.Errorf("barb's email is not in the sent log: %v", err)
	}
	if s.hold.downs != 0 || s.hold.active(now) != nil {
		t.Errorf("an email that went out left the hold on (%d failures in a row)", s.hold.downs)
	}
}
