package webhook_test

import (
	"context"
	"strings"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/webhook"
)

func TestCheckEvents(t *testing.T) {
	t.Parallel()
	tests := []struct {
		events []string
		ok     bool
	}{
		{nil, true},
		{[]string{"accepted", "replied"}, true},
		{[]string{"clicked"}, false},
		{[]string{"accepted", "replied", "accepted"}, false},
	}
	for _, tt := range tests {
		err := webhook.CheckEvents(tt.events)
		if (err == nil) != tt.ok {
			t.Errorf("CheckEvents(%q) = %v, want ok %v", tt.events, err, tt.ok)
		}
		if err != nil && paceline.ErrorCode(err) != paceline.EINVALID {
			t.Errorf("CheckEvents(%q): code %s, want %s", tt.events, paceline.ErrorCode(err), paceline.EINVALID)
		}
	}
}

// Plain http is taken only for a receiver that cannot be across the internet: the
// payloads are signed, not encrypted.
func TestCheckURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		url string
		ok  bool
	}{
		{"https://example.com/hook", true},
		{"https://93.184.216.34:8443/hook", true},
		{"http://example.com/hook", false},
		{"HTTP://Example.COM/hook", false},
		{"http://93.184.216.34/hook", false},
		{"http://[2606:2800:220:1:248:1893:25c8:1946]/hook", false},
		{"http://[::ffff:93.184.216.34]/hook", false},
		{"http://100.64.0.1/hook", false},   // carrier-grade NAT, not private
		{"http://0.0.0.0:8080/hook", false}, // not a receiver's address
		{"http://receiver./hook", false},    // absolute: a top-level domain
		{"http://example.local.com/hook", false},
		{"http://mylan/hook", true},
		{"http://127.0.0.1:8080/hook", true},
		{"http://127.8.9.10/hook", true},
		{"http://[::1]:8080/hook", true},
		{"http://10.1.2.3/hook", true},
		{"http://172.16.0.5/hook", true},
		{"http://192.168.1.20:9000/hook", true},
		{"http://169.254.10.1/hook", true},
		{"http://[fd00::1]/hook", true},
		{"http://[fe80::1%25eth0]:8080/hook", true},
		{"http://[::ffff:192.168.1.2]/hook", true},
		{"http://localhost:8080/hook", true},
		{"http://LOCALHOST./hook", true},
		{"http://app.localhost/hook", true},
		{"http://receiver:8080/hook", true},
		{"http://printer.local/hook", true},
		{"http://crm.corp.internal/hook", true},
		{"http://nas.lan/hook", true},
		{"http://box.home.arpa/hook", true},
		{"ftp://example.com/hook", false},
	}
	for _, tt := range tests {
		err := webhook.CheckURL(tt.url)
		if (err == nil) != tt.ok {
			t.Errorf("CheckURL(%q) = %v, want ok %v", tt.url, err, tt.ok)
		}
		if err != nil && paceline.ErrorCode(err) != paceline.EINVALID {
			t.Errorf("CheckURL(%q): code %s, want %s", tt.url, paceline.ErrorCode(err), paceline.EINVALID)
		}
	}
	err := webhook.CheckURL("http://example.com/hook")
	if msg := paceline.ErrorMessage(err); !strings.Contains(msg, "use https://") || !strings.Contains(msg, "example.com") {
		t.Errorf("CheckURL of a public http URL says %q; want it to name the host and say to use https://", msg)
	}
}

// The scheme and host name the receiver in any case; the path, the query and an IPv6
// zone are the receiver's own and keep theirs.
func TestCanonicalURL(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"HTTP://127.0.0.1:2098/none", "http://127.0.0.1:2098/none"},
		{"https://Example.COM/Hook?Key=A", "https://example.com/Hook?Key=A"},
		{"hTTps://Example.COM", "https://example.com"},
		{"https://Example.COM?X=Y", "https://example.com?X=Y"},
		{"http://[FE80::1%25ETH0]:8080/Hook", "http://[fe80::1%25ETH0]:8080/Hook"},
		{"https://example.com/a%20B", "https://example.com/a%20B"},
		{"not a url", "not a url"},
	}
	for _, tt := range tests {
		if got := webhook.CanonicalURL(tt.in); got != tt.want {
			t.Errorf("CanonicalURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// The same URL with its scheme or host in another case is the same receiver: a second
// endpoint would get every event twice. A path in another case is another resource.
func TestAddEndpointURLCase(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	ep, _, err := webhook.AddEndpoint(ctx, f.st, f.key, "HTTP://127.0.0.1:2098/None", []string{"replied"}, nil)
	if err != nil || ep.URL != "http://127.0.0.1:2098/None" {
		t.Fatalf("AddEndpoint(HTTP://127.0.0.1:2098/None) = %v, %v; want it stored as http://127.0.0.1:2098/None", ep, err)
	}
	if _, _, err := webhook.AddEndpoint(ctx, f.st, f.key, "http://localhost:2098/x", []string{"replied"}, nil); err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"http://127.0.0.1:2098/None", "HTTP://127.0.0.1:2098/None", "Http://LOCALHOST:2098/x"} {
		if _, _, err := webhook.AddEndpoint(ctx, f.st, f.key, u, nil, nil); paceline.ErrorCode(err) != paceline.ECONFLICT {
			t.Errorf("AddEndpoint(%s) after the same URL in another case: %v, want a conflict", u, err)
		}
	}
	if _, _, err := webhook.AddEndpoint(ctx, f.st, f.key, "http://127.0.0.1:2098/none", []string{"replied"}, nil); err != nil {
		t.Errorf("AddEndpoint of a known URL with its path in another case: %v, want a new endpoint", err)
	}
}
