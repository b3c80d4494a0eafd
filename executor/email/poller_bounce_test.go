package email

import (
	"context"
	"slices"
	"strings"
	"testing"
)

// postfixAliasDSN is a Postfix bounce for an address the lead's server rewrote (a
// virtual alias): Final-Recipient is the internal address, Original-Recipient the one
// we sent to. headers, when set, is the returned message's headers part.
func postfixAliasDSN(id, final, original, headers string) string {
	raw := "From: MAILER-DAEMON@mx.lead.test (Mail Delivery System)\r\n" +
		"To: ann@paceline.test\r\nMessage-ID: <" + id + ">\r\n" +
		"Subject: Undelivered Mail Returned to Sender\r\nAuto-Submitted: auto-replied\r\n" +
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\r\n" +
		"--B\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nI'm sorry to have to inform you that your message could not be delivered.\r\n\r\n" +
		"--B\r\nContent-Description: Delivery report\r\nContent-Type: message/delivery-status\r\n\r\n" +
		"Reporting-MTA: dns; mx.lead.test\r\nX-Postfix-Queue-ID: 4F1\r\n\r\n" +
		"Final-Recipient: rfc822; " + final + "\r\nOriginal-Recipient: rfc822;" + original + "\r\n" +
		"Action: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: X-Postfix; unknown user: \"" + final + "\"\r\n\r\n"
	if headers != "" {
		raw += "--B\r\nContent-Type: text/rfc822-headers\r\n\r\n" + headers + "\r\n"
	}
	return raw + "--B--\r\n"
}

// TestPollBouncesOfRewrittenAddresses: a lead's server that forwards or aliases the
// address we mailed reports the bounce for its final address. The bounce must still
// stop the lead we sent to, by the returned Message-ID or by Original-Recipient.
func TestPollBouncesOfRewrittenAddresses(t *testing.T) {
	t.Parallel()
	serverTLS, clientTLS := testTLS(t)
	srv := startIMAP(t, "ann@paceline.test", "pw", true, serverTLS)
	log := NewMemorySentLog()
	for _, s := range sentFixtures {
		_ = log.RecordSent(context.Background(), s)
	}
	p := newTestPollerTLS(t, "imaps", srv.port, "pw", log, PollerOptions{}, clientTLS)
	// With the returned headers: matched by our Message-ID.
	srv.deliver(t, postfixAliasDSN("b1@mx.lead.test", "ada.lovelace@internal.analytical.test", "Ada@Analytical.test",
		"From: Ann Outreach <ann@paceline.test>\r\nTo: ada@analytical.test\r\nMessage-ID: <pl.ada@paceline.test>\r\nSubject: Quick question\r\n"))
	// Without them: matched by the original recipient.
	srv.deliver(t, postfixAliasDSN("b2@mx.lead.test", "g.hopper@mail.navy.test", "grace@navy.test", ""))

	res, err := p.Poll(context.Background(), Checkpoint{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"bounced ada email/bounced/pl.ada@paceline.test",
		"bounced grace email/bounced/pl.grace@paceline.test",
	}
	if got := eventLines(res.Events); !slices.Equal(got, want) {
		t.Errorf("events\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
