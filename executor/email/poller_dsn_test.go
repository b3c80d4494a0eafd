package email

import (
	"context"
	"strings"
	"testing"
)

// TestPollDeliveryReportsAreNoReplies: Exchange Online and Gmail thread their delivery
// reports under the email they report on (In-Reply-To and References name it) and may
// carry no Auto-Submitted header. A delay warning or a relay notice is then neither a
// bounce nor a reply: it must not stop the lead's sequence.
func TestPollDeliveryReportsAreNoReplies(t *testing.T) {
	t.Parallel()
	serverTLS, clientTLS := testTLS(t)
	srv := startIMAP(t, "ann@paceline.test", "pw", true, serverTLS)
	log := NewMemorySentLog()
	for _, s := range sentFixtures {
		_ = log.RecordSent(context.Background(), s)
	}
	p := newTestPollerTLS(t, "imaps", srv.port, "pw", log, PollerOptions{}, clientTLS)
	report := func(from, id, subject, action, status, rcpt, ours string) string {
		return "From: " + from + "\r\nTo: ann@paceline.test\r\nMessage-ID: <" + id + ">\r\n" +
			"Subject: " + subject + "\r\nIn-Reply-To: <" + ours + ">\r\nReferences: <" + ours + ">\r\n" +
			"Content-Type: multipart/report; report-type=delivery-status; boundary=\"R\"\r\n\r\n" +
			"--R\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nDelivery to the following recipients has been delayed: " + rcpt + "\r\n\r\n" +
			"--R\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.test\r\n\r\n" +
			"Final-Recipient: rfc822;" + rcpt + "\r\nAction: " + action + "\r\nStatus: " + status + "\r\n\r\n--R--\r\n"
	}
	srv.deliver(t, report("Microsoft Outlook <postmaster@outlook.test>", "d1@outlook.test", "Delivery delayed:Quick question",
		"delayed", "4.4.7", "ken@bell.test", "pl.ken@paceline.test"))
	srv.deliver(t, report("Mail Delivery Subsystem <mailer-daemon@googlemail.test>", "d2@google.test", "Delivery Status Notification (Delay)",
		"delayed", "4.4.1", "linus@kernel.test", "pl.linus@paceline.test"))
	srv.deliver(t, report("postmaster@relay.test", "d3@relay.test", "Relayed: Quick question",
		"relayed", "2.0.0", "dmr@bell.test", "pl.dmr@paceline.test"))
	// A classic (non-DSN) delay warning from a mail daemon, threaded the same way.
	srv.deliver(t, "From: MAILER-DAEMON@mx.clu.test\r\nTo: ann@paceline.test\r\nMessage-ID: <d4@clu.test>\r\n"+
		"Subject: Warning: message delayed 4 hours\r\nIn-Reply-To: <pl.barb@paceline.test>\r\n\r\nStill trying barbara@clu.test\r\n")

	res, err := p.Poll(context.Background(), Checkpoint{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Events) != 0 || res.Read != 4 {
		t.Errorf("read %d; events\n%s\nwant none", res.Read, strings.Join(eventLines(res.Events), "\n"))
	}
}
