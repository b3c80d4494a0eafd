package enrich

import (
	"context"
	"io"
	"math/rand/v2"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// smtpServer is a mail server on loopback that answers RCPT TO like a real one: yes for
// its mailboxes, 550 for other addresses, 451 for addresses with "grey" in them, and
// yes for anything at zoneCatchAll. It records what it was asked.
type smtpServer struct {
	addr      string
	mailboxes map[string]bool

	mu      sync.Mutex
	conns   int
	from    []string
	rcpts   []string
	data    int
	dialled []string
}

func startSMTP(t *testing.T, mailboxes ...string) *smtpServer {
	t.Helper()
	s := &smtpServer{mailboxes: map[string]bool{}}
	for _, m := range mailboxes {
		s.mailboxes[m] = true
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.addr = l.Addr().String()
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		s.mu.Lock()
		s.conns++
		s.mu.Unlock()
		return &smtpSession{s}, nil
	}))
	srv.Domain = "mx.test"
	srv.ReadTimeout = 5 * time.Second
	srv.WriteTimeout = 5 * time.Second
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return s
}

// dial connects to the server whatever host the prober asks for, and notes the host.
func (s *smtpServer) dial(ctx context.Context, host string) (net.Conn, error) {
	s.mu.Lock()
	s.dialled = append(s.dialled, host)
	s.mu.Unlock()
	var d net.Dialer
	return d.DialContext(ctx, "tcp", s.addr)
}

func (s *smtpServer) stats() (conns int, from, rcpts, dialled []string, data int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conns, append([]string(nil), s.from...), append([]string(nil), s.rcpts...), append([]string(nil), s.dialled...), s.data
}

type smtpSession struct{ s *smtpServer }

func (ss *smtpSession) Mail(from string, _ *smtp.MailOptions) error {
	ss.s.mu.Lock()
	defer ss.s.mu.Unlock()
	ss.s.from = append(ss.s.from, from)
	return nil
}

func (ss *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.s.mu.Lock()
	ss.s.rcpts = append(ss.s.rcpts, to)
	ss.s.mu.Unlock()
	switch {
	case strings.HasSuffix(to, "@"+zoneCatchAll) || ss.s.mailboxes[to]:
		return nil
	case strings.Contains(to, "grey"):
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 7, 1}, Message: "Greylisted, try again later"}
	default:
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user"}
	}
}

func (ss *smtpSession) Data(r io.Reader) error {
	ss.s.mu.Lock()
	ss.s.data++
	ss.s.mu.Unlock()
	_, err := io.Copy(io.Discard, r)
	return err
}

func (ss *smtpSession) Reset()        {}
func (ss *smtpSession) Logout() error { return nil }

func testProber(dial func(context.Context, string) (net.Conn, error)) *Prober {
	return &Prober{
		HeloName: "probe.paceline.test",
		MailFrom: "verify@paceline.test",
		Dial:     dial,
		Rand:     rand.New(rand.NewPCG(1, 2)),
		Timeout:  3 * time.Second,
	}
}
