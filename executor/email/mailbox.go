package email

import (
	"crypto/tls"
	"net"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/secret"
)

// DefaultTimeout bounds one connection attempt (dial, greeting, each command).
const DefaultTimeout = 30 * time.Second

// Security is how a connection to a mail server is encrypted. Plain text is not offered:
// the password would cross the network in the clear.
type Security string

// The security modes, named by the URL scheme that selects them.
const (
	StartTLS    Security = "starttls" // smtp:// or imap://: connect in clear, upgrade with STARTTLS (mandatory)
	ImplicitTLS Security = "tls"      // smtps:// or imaps://: TLS from the first byte
)

// Server is one mail server a mailbox talks to: its SMTP submission server or its IMAP
// server.
type Server struct {
	Scheme   string // smtp, smtps, imap or imaps
	Host     string
	Port     int
	User     string
	Password secret.Redacted
}

// Security tells how the connection is encrypted.
func (s Server) Security() Security {
	if strings.HasSuffix(s.Scheme, "s") {
		return ImplicitTLS
	}
	return StartTLS
}

// Addr is host:port.
func (s Server) Addr() string { return net.JoinHostPort(s.Host, strconv.Itoa(s.Port)) }

// String is the server's URL without the password, safe to show.
func (s Server) String() string {
	u := url.URL{Scheme: s.Scheme, Host: s.Addr()}
	if s.User != "" {
		u.User = url.User(s.User)
	}
	return u.String()
}

var defaultPorts = map[string]int{"smtp": 587, "smtps": 465, "imap": 143, "imaps": 993}

// ParseServer reads a server URL as the user types it: smtp[s]://user@host:port for
// sending, imap[s]://user@host:port for polling (proto is "smtp" or "imap"). A user name
// that is itself an address may be written as is (alice@example.com@mail.example.com) or
// with %40. The password is never part of the URL; set Password from a secret instead.
func ParseServer(proto, raw string) (Server, error) {
	field := proto
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return Server{}, paceline.FieldErrorf(field, "%q is not a server URL (want %s://user@host:port or %ss://user@host:port)", raw, proto, proto)
	}
	if u.Scheme != proto && u.Scheme != proto+"s" {
		return Server{}, paceline.FieldErrorf(field, "scheme %q is not %s:// (STARTTLS) or %ss:// (TLS)", u.Scheme, proto, proto)
	}
	if _, set := u.User.Password(); set {
		return Server{}, paceline.FieldErrorf(field,
			"the URL holds a password; remove it and give the password with --%s-password-env VAR or at the prompt", proto)
	}
	if u.Path != "" && u.Path != "/" || u.RawQuery != "" || u.Fragment != "" {
		return Server{}, paceline.FieldErrorf(field, "%q has a path or query; want only %s://user@host:port", raw, u.Scheme)
	}
	s := Server{Scheme: u.Scheme, Host: u.Hostname(), Port: defaultPorts[u.Scheme]}
	if s.Host == "" {
		return Server{}, paceline.FieldErrorf(field, "%q names no host", raw)
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return Server{}, paceline.FieldErrorf(field, "port %q is not a number from 1 to 65535", p)
		}
		s.Port = n
	}
	if u.User != nil {
		s.User = u.User.Username()
	}
	return s, nil
}

// Mailbox is one sending mailbox: a paceline account whose executor is email. Its daily
// cap and working hours are the Pacer's business, set on the account like any other.
type Mailbox struct {
	// Account is the paceline account name; events carry it.
	Account string
	// From is the sender, "Name <addr>"; its domain names the Message-IDs.
	From mail.Address
	SMTP Server
	// IMAP is where replies and bounces arrive; a zero Host means no polling.
	IMAP Server
	// Folder is the IMAP folder polled; "" means INBOX.
	Folder string
	// Timeout bounds each connection attempt; 0 means DefaultTimeout.
	Timeout time.Duration
	// TLSConfig overrides the TLS settings (a private CA, a test certificate); nil means
	// the system's roots and the server's host name.
	TLSConfig *tls.Config
}

// ParseFrom reads a sender as "Name <addr>" or a bare address.
func ParseFrom(s string) (mail.Address, error) {
	a, err := mail.ParseAddress(s)
	if err != nil || !strings.Contains(a.Address, "@") {
		return mail.Address{}, paceline.FieldErrorf("from", "%q is not an address (want 'Name <name@example.com>')", s)
	}
	return *a, nil
}

// Domain is the sender's domain, which Message-IDs are made on.
func (m *Mailbox) Domain() string {
	_, d, _ := strings.Cut(m.From.Address, "@")
	return strings.ToLower(d)
}

// Validate checks the mailbox settings and names the first bad one.
func (m *Mailbox) Validate() error {
	switch {
	case m.Account == "":
		return paceline.FieldErrorf("account", "the mailbox has no account name")
	case !strings.Contains(m.From.Address, "@"):
		return paceline.FieldErrorf("from", "%q is not an address (want 'Name <name@example.com>')", m.From.Address)
	case m.SMTP.Host == "" || m.SMTP.Port == 0:
		return paceline.FieldErrorf("smtp", "no SMTP server (want smtp://user@host:587 or smtps://user@host:465)")
	case m.SMTP.Scheme != "smtp" && m.SMTP.Scheme != "smtps":
		return paceline.FieldErrorf("smtp", "scheme %q is not smtp or smtps", m.SMTP.Scheme)
	case m.IMAP.Host != "" && m.IMAP.Scheme != "imap" && m.IMAP.Scheme != "imaps":
		return paceline.FieldErrorf("imap", "scheme %q is not imap or imaps", m.IMAP.Scheme)
	case m.Timeout < 0:
		return paceline.FieldErrorf("timeout", "is negative (%s)", m.Timeout)
	}
	return nil
}

func (m *Mailbox) timeout() time.Duration {
	if m.Timeout > 0 {
		return m.Timeout
	}
	return DefaultTimeout
}

func (m *Mailbox) tlsConfig(host string) *tls.Config {
	if m.TLSConfig != nil {
		c := m.TLSConfig.Clone()
		if c.ServerName == "" {
			c.ServerName = host
		}
		return c
	}
	return &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
}
