package enrich

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"
)

func TestProbeStalledServer(t *testing.T) {
	t.Parallel()
	// A server that accepts the connection and never says a word.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	p := testProber(func(ctx context.Context, host string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "tcp", l.Addr().String())
	})
	p.Timeout = 200 * time.Millisecond
	start := time.Now()
	_, err = p.Probe(context.Background(), "mail.acme.test", zoneMX, []string{"jane@acme.test"})
	if err == nil || !strings.Contains(err.Error(), "probe mail.acme.test") {
		t.Errorf("err = %v, want a probe error naming the host", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("a stalled server held the probe for %v", d)
	}
}

func TestReply(t *testing.T) {
	t.Parallel()
	tests := []struct {
		r                            Reply
		accepted, rejected, deferred bool
	}{
		{Reply{250, "ok"}, true, false, false},
		{Reply{251, "forwarded"}, true, false, false},
		{Reply{550, "no such user"}, false, true, false},
		{Reply{451, "greylisted"}, false, false, true},
	}
	for _, tt := range tests {
		if tt.r.Accepted() != tt.accepted || tt.r.Rejected() != tt.rejected || tt.r.Deferred() != tt.deferred {
			t.Errorf("%v: accepted %v rejected %v deferred %v", tt.r, tt.r.Accepted(), tt.r.Rejected(), tt.r.Deferred())
		}
	}
}
