package email

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/paceline/paceline"
)

// TestSendRecipientRefusalsThatAreNoBounce: a 5xx to RCPT TO is not always a bad
// address. A relay that refuses to relay (Postfix's 554 5.7.1 Relay access denied, a
// mailbox set up without its login) or a receiving server that blocks the sender's IP
// (Microsoft's 550 5.7.606, Spamhaus listings) refuses every recipient: marking each
// lead bounced would stop every sequence and brand good addresses as dead. Only
// address faults (5.1.x, 5.2.1, or an old server's plain 550 about the user) bounce.
func TestSendRecipientRefusalsThatAreNoBounce(t *testing.T) {
	t.Parallel()
	serverTLS, clientTLS := testTLS(t)
	tests := []struct {
		name    string
		refusal *smtp.SMTPError
		bounced bool
	}{
		{"relay denied", &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 7, 1}, Message: "<linus@kernel.test>: Relay access denied"}, false},
		{"relay denied, no enhanced code", &smtp.SMTPError{Code: 554, EnhancedCode: smtp.NoEnhancedCode, Message: "<linus@kernel.test>: Relay access denied"}, false},
		{"sending IP banned", &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 7, 606}, Message: "Access denied, banned sending IP [192.0.2.1]"}, false},
		{"blocklisted, no enhanced code", &smtp.SMTPError{Code: 554, EnhancedCode: smtp.NoEnhancedCode, Message: "Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org"}, false},
		{"sender domain refused", &smtp.SMTPError{Code: 553, EnhancedCode: smtp.EnhancedCode{5, 1, 8}, Message: "Sender address rejected: Domain not found"}, false},
		{"unknown user", &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}, true},
		{"Exchange recipient not found", &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 10}, Message: "RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup"}, true},
		{"mailbox disabled", &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 2, 1}, Message: "The email account that you tried to reach is disabled"}, true},
		{"old server, plain 550", &smtp.SMTPError{Code: 550, EnhancedCode: smtp.NoEnhancedCode, Message: "No such user here"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := &smtpServer{Rcpt: func(int, string) error { return tt.refusal }}
			port := srv.start(t, false, serverTLS)
			sl := &sleeps{}
			s, _ := newTestSender(t, senderSetup{scheme: "smtp", port: port, client: clientTLS, timeout: 2 * time.Second}, sl)
			out, err := s.Execute(context.Background(), emailAction("linus"))
			if out.Result != paceline.ResultFailed || err == nil || !strings.Contains(err.Error(), tt.refusal.Message) {
				t.Errorf("Execute = %+v, %v; want failed with the server's words", out, err)
			}
			if bounced := len(out.Events) == 1 && out.Events[0].Type == paceline.EventBounced; bounced != tt.bounced {
				t.Errorf("bounced %v, want %v (events %+v)", bounced, tt.bounced, out.Events)
			}
			if len(sl.got()) != 0 {
				t.Errorf("a permanent refusal was retried: %v", sl.got())
			}
		})
	}
}
