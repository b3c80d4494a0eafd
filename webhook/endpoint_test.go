package webhook_test

import (
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
