package email

import (
	"context"
	"slices"
	"strings"
	"testing"
)

// TestPollRepliesWithBareReferences: some mail programs write In-Reply-To and
// References without the angle brackets RFC 5322 asks for. A reply from the lead's
// colleague (an address we never mailed) that threads this way must still stop the
// lead's sequence, and a bracketed header is read as before.
func TestPollRepliesWithBareReferences(t *testing.T) {
	t.Parallel()
	serverTLS, clientTLS := testTLS(t)
	srv := startIMAP(t, "ann@paceline.test", "pw", true, serverTLS)
	log := NewMemorySentLog()
	for _, s := range sentFixtures {
		_ = log.RecordSent(context.Background(), s)
	}
	p := newTestPollerTLS(t, "imaps", srv.port, "pw", log, PollerOptions{}, clientTLS)
	srv.deliver(t, "From: assistant@bell.test\r\nMessage-ID: <a1@bell.test>\r\nIn-Reply-To: pl.ken@paceline.test\r\nSubject: RE: Quick question\r\n\r\nKen asked me to set up a call.\r\n")
	srv.deliver(t, "From: cto@kernel.test\r\nMessage-ID: <a2@kernel.test>\r\nReferences: x1@kernel.test, pl.linus@paceline.test\r\nSubject: RE: Quick question\r\n\r\nLet's talk.\r\n")
	// A comment in a bracketed header is no id.
	srv.deliver(t, "From: someone@else.test\r\nMessage-ID: <a3@else.test>\r\nIn-Reply-To: <nothing@else.test> (pl.dmr@paceline.test's message)\r\nSubject: hi\r\n\r\nhi\r\n")
	res, err := p.Poll(context.Background(), Checkpoint{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"replied ken email/replied/a1@bell.test", "replied linus email/replied/a2@kernel.test"}
	if got := eventLines(res.Events); !slices.Equal(got, want) {
		t.Errorf("events\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
