package email

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/secret"
)

func asError(err error, target **paceline.Error) bool { return errors.As(err, target) }

func TestParseServer(t *testing.T) {
	t.Parallel()
	tests := []struct {
		proto, raw string
		want       Server
		sec        Security
	}{
		{"smtp", "smtp://ann@mail.example.com", Server{Scheme: "smtp", Host: "mail.example.com", Port: 587, User: "ann"}, StartTLS},
		{"smtp", "smtps://ann@example.com@mail.example.com:2465", Server{Scheme: "smtps", Host: "mail.example.com", Port: 2465, User: "ann@example.com"}, ImplicitTLS},
		{"smtp", "smtps://ann%40example.com@mail.example.com", Server{Scheme: "smtps", Host: "mail.example.com", Port: 465, User: "ann@example.com"}, ImplicitTLS},
		{"imap", "imap://ann@imap.example.com", Server{Scheme: "imap", Host: "imap.example.com", Port: 143, User: "ann"}, StartTLS},
		{"imap", "imaps://[::1]:10993", Server{Scheme: "imaps", Host: "::1", Port: 10993}, ImplicitTLS},
	}
	for _, tt := range tests {
		got, err := ParseServer(tt.proto, tt.raw)
		if err != nil || got != tt.want || got.Security() != tt.sec {
			t.Errorf("ParseServer(%q) = %+v, %v; want %+v", tt.raw, got, err, tt.want)
		}
	}
	bad := []struct{ proto, raw, says string }{
		{"smtp", "smtp://ann:hunter2@mail.example.com", "password"},
		{"smtp", "imap://ann@mail.example.com", "scheme"},
		{"smtp", "mail.example.com:587", "not a server URL"},
		{"smtp", "smtp://ann@mail.example.com:99999", "port"},
		{"imap", "imaps://ann@host/INBOX", "path"},
		{"imap", "", "not a server URL"},
	}
	for _, tt := range bad {
		_, err := ParseServer(tt.proto, tt.raw)
		if paceline.ErrorCode(err) != paceline.EINVALID || !strings.Contains(err.Error(), tt.says) {
			t.Errorf("ParseServer(%q) err = %v, want one about %s", tt.raw, err, tt.says)
		}
		if err != nil && strings.Contains(err.Error(), "hunter2") {
			t.Errorf("error shows the password: %v", err)
		}
	}
}

func TestServerNeverShowsPassword(t *testing.T) {
	t.Parallel()
	s := Server{Scheme: "smtps", Host: "mail.example.com", Port: 465, User: "ann", Password: secret.Redact("hunter2")}
	for _, out := range []string{s.String(), fmt.Sprintf("%v %+v %#v", s, s, s)} {
		if strings.Contains(out, "hunter2") {
			t.Errorf("shows the password: %s", out)
		}
	}
	if s.String() != "smtps://ann@mail.example.com:465" {
		t.Errorf("String = %q", s.String())
	}
}

func TestMessageID(t *testing.T) {
	t.Parallel()
	a := MessageID("founders/ada/mail", "Paceline.TEST")
	if a != MessageID("founders/ada/mail", "paceline.test") {
		t.Error("same key gives different Message-IDs")
	}
	if a == MessageID("founders/ada/mail#2", "paceline.test") {
		t.Error("a new attempt has the same Message-ID")
	}
	if !strings.HasSuffix(a, "@paceline.test") || strings.ContainsAny(a, "<> /") || strings.Contains(a, "ada") {
		t.Errorf("MessageID = %q", a)
	}
	if got := headerIDs(" <a@B.test>\r\n <c@d>  junk <e@f"); len(got) != 2 || got[0] != "a@b.test" || got[1] != "c@d" {
		t.Errorf("headerIDs = %q", got)
	}
}

func TestRetryDelay(t *testing.T) {
	t.Parallel()
	r := Retry{First: 2 * time.Second, Max: 10 * time.Second}
	want := []time.Duration{2 * time.Second, 4 * time.Second, 8 * time.Second, 10 * time.Second, 10 * time.Second}
	for i, w := range want {
		if got := r.Delay(i + 1); got != w {
			t.Errorf("Delay(%d) = %s, want %s", i+1, got, w)
		}
	}
	if (Retry{}).attempts() != 4 || (Retry{}).Delay(1) != 2*time.Second {
		t.Error("defaults changed")
	}
}
