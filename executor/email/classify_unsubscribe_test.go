package email

import (
	"bytes"
	"context"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// lockedBuffer is a log a parallel test can read while the poller writes it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// An unsubscribe request by mail is never lost: one whose token does not verify (the
// secret key changed since the email went out) opts out the lead whose address sent
// it, and is logged with its token, instead of counting as a reply.
func TestClassifyUnsubscribeWithBadToken(t *testing.T) {
	t.Parallel()
	tk := testTokens(t)
	bad := testTokensOther(t).Sign("grace", "founders")
	known := func(_ context.Context, addr string) (string, time.Time, error) {
		if addr == "alan@bletchley.test" {
			return "alan", time.Time{}, nil
		}
		return "", time.Time{}, paceline.Errorf(paceline.ENOTFOUND, "no lead at %s", addr)
	}
	tests := []struct {
		name, headers string
		want          []string
		logged        bool // the bad token is in the log
	}{
		{"bad token from an address we emailed", "From: Grace <grace@navy.test>\r\nSubject: unsubscribe " + bad,
			[]string{"opted_out grace email/opted_out/m@x.test"}, true},
		{"bad token threaded under our email", "From: grace@navy.test\r\nIn-Reply-To: <pl.grace@paceline.test>\r\nSubject: Unsubscribe " + bad,
			[]string{"opted_out grace email/opted_out/m@x.test"}, true},
		{"bad token, machine-made", "From: grace@navy.test\r\nAuto-Submitted: auto-generated\r\nSubject: unsubscribe " + bad,
			[]string{"opted_out grace email/opted_out/m@x.test"}, true},
		{"bad token from a known lead never emailed", "From: alan@bletchley.test\r\nSubject: unsubscribe " + bad,
			[]string{"opted_out alan email/opted_out/m@x.test"}, true},
		{"bad token from an address of no lead", "From: someone@else.test\r\nSubject: unsubscribe " + bad,
			nil, true},
		{"good token from another address", "From: someone@else.test\r\nSubject: unsubscribe " + tk.Sign("ada", "founders"),
			[]string{"opted_out ada email/opted_out/m@x.test"}, false},
		{"a reply that only says unsubscribe", "From: grace@navy.test\r\nSubject: unsubscribe",
			[]string{"replied grace email/replied/m@x.test"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sent := NewMemorySentLog()
			for _, s := range sentFixtures {
				_ = sent.RecordSent(context.Background(), s)
			}
			logs := &lockedBuffer{}
			p := newTestPoller(t, "imap", 1, "pw", sent, PollerOptions{Tokens: tk, LeadByAddressFunc: known,
				Log: slog.New(slog.NewTextHandler(logs, nil))})
			raw := "To: ann@paceline.test\r\nMessage-ID: <m@x.test>\r\n" + tt.headers + "\r\n\r\nPlease remove me.\r\n"
			evs, err := p.classify(context.Background(), []byte(raw), testNow)
			if err != nil {
				t.Fatal(err)
			}
			if got := eventLines(evs); !slices.Equal(got, tt.want) {
				t.Errorf("events %q, want %q", got, tt.want)
			}
			if logged := strings.Contains(logs.String(), bad); logged != tt.logged {
				t.Errorf("bad token logged %v, want %v; log:\n%s", logged, tt.logged, logs.String())
			}
		})
	}
}
