package email

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// testTLS makes a throw-away CA-less certificate for 127.0.0.1 and returns the server's
// config and a client config that trusts it.
func testTLS(t *testing.T) (server, client *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "paceline test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA: true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	server = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
	return server, &tls.Config{RootCAs: pool}
}

// received is one message the test SMTP server accepted.
type received struct {
	From string
	To   []string
	Data []byte
}

// smtpServer is a go-smtp server on loopback that records what it receives and answers
// RCPT and DATA as the test says.
type smtpServer struct {
	User, Pass string
	// Rcpt, when set, answers RCPT TO for the n-th attempt (from 1) of the session.
	Rcpt func(n int, to string) error
	// Data, when set, answers the DATA body.
	Data func(n int) error

	mu       sync.Mutex
	got      []received
	rcptSeen int
	dataSeen int
}

func (s *smtpServer) received() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.got...)
}

func (s *smtpServer) NewSession(*smtp.Conn) (smtp.Session, error) { return &smtpSession{srv: s}, nil }

type smtpSession struct {
	srv    *smtpServer
	authed bool
	cur    received
}

func (ss *smtpSession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (ss *smtpSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != ss.srv.User || pass != ss.srv.Pass {
			return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "Authentication credentials invalid"}
		}
		ss.authed = true
		return nil
	}), nil
}

func (ss *smtpSession) Mail(from string, _ *smtp.MailOptions) error {
	if ss.srv.User != "" && !ss.authed {
		return &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "Authentication required"}
	}
	ss.cur = received{From: from}
	return nil
}

func (ss *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.srv.mu.Lock()
	ss.srv.rcptSeen++
	n := ss.srv.rcptSeen
	ss.srv.mu.Unlock()
	if ss.srv.Rcpt != nil {
		if err := ss.srv.Rcpt(n, to); err != nil {
			return err
		}
	}
	ss.cur.To = append(ss.cur.To, to)
	return nil
}

func (ss *smtpSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	ss.srv.mu.Lock()
	ss.srv.dataSeen++
	n := ss.srv.dataSeen
	ss.srv.mu.Unlock()
	if ss.srv.Data != nil {
		if err := ss.srv.Data(n); err != nil {
			return err
		}
	}
	ss.cur.Data = b
	ss.srv.mu.Lock()
	ss.srv.got = append(ss.srv.got, ss.cur)
	ss.srv.mu.Unlock()
	return nil
}

func (ss *smtpSession) Reset()        {}
func (ss *smtpSession) Logout() error { return nil }

// start serves on a loopback port, STARTTLS or implicit TLS, and returns the port.
func (s *smtpServer) start(t *testing.T, implicit bool, serverTLS *tls.Config) int {
	t.Helper()
	srv := smtp.NewServer(s)
	srv.Domain = "mx.test"
	srv.TLSConfig = serverTLS
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	srv.ErrorLog = nopLogger{}
	var ln net.Listener
	var err error
	if implicit {
		ln, err = tls.Listen("tcp", "127.0.0.1:0", serverTLS)
	} else {
		ln, err = net.Listen("tcp", "127.0.0.1:0")
	}
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return ln.Addr().(*net.TCPAddr).Port
}

type nopLogger struct{}

func (nopLogger) Printf(string, ...any) {}
func (nopLogger) Println(...any)        {}

// hangServer accepts connections and never says a word, like a server behind a
// black-holing firewall rule or one stuck under load.
func hangServer(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		_ = ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			_ = c.Close()
		}
	})
	return ln.Addr().(*net.TCPAddr).Port
}

// closedPort returns a loopback port nothing listens on.
func closedPort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	_ = ln.Close()
	return port
}

// imapServer is an in-memory IMAP server (go-imap's imapmemserver) on loopback.
type imapServer struct {
	user *imapmemserver.User
	port int
}

func startIMAP(t *testing.T, user, pass string, implicit bool, serverTLS *tls.Config) *imapServer {
	t.Helper()
	mem := imapmemserver.New()
	u := imapmemserver.NewUser(user, pass)
	if err := u.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	mem.AddUser(u)
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps:      imap.CapSet{imap.CapIMAP4rev1: {}},
		TLSConfig: serverTLS,
		Logger:    nopLogger{},
	})
	var ln net.Listener
	var err error
	if implicit {
		ln, err = tls.Listen("tcp", "127.0.0.1:0", serverTLS)
	} else {
		ln, err = net.Listen("tcp", "127.0.0.1:0")
	}
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return &imapServer{user: u, port: ln.Addr().(*net.TCPAddr).Port}
}

// deliver appends a raw message to INBOX, as a mail server delivering it would, on
// 2 March 2026 at 10:00 UTC.
func (s *imapServer) deliver(t *testing.T, raw string) {
	t.Helper()
	s.deliverAt(t, raw, time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC))
}

// deliverAt appends a raw message to INBOX with at as its INTERNALDATE: when the
// server took it.
func (s *imapServer) deliverAt(t *testing.T, raw string, at time.Time) {
	t.Helper()
	b := []byte(raw)
	if _, err := s.user.Append("INBOX", literal{bytes.NewReader(b), int64(len(b))}, &imap.AppendOptions{Time: at}); err != nil {
		t.Fatal(err)
	}
}

type literal struct {
	*bytes.Reader
	n int64
}

func (l literal) Size() int64 { return l.n }

func portURL(scheme, user string, port int) string {
	return scheme + "://" + user + "@127.0.0.1:" + strconv.Itoa(port)
}

var errTest = errors.New("test")

func tlsOf(v any) *tls.Config {
	c, _ := v.(*tls.Config)
	return c
}
