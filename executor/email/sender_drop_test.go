package email

import (
	"bufio"
	"context"
	"crypto/tls"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// dropAfterDataServer is an implicit-TLS SMTP server that takes the message (250 to
// the end of DATA) and then hangs up instead of answering the next command, as a
// server does when it closes idle sessions or crashes after queueing. It counts the
// messages it accepted.
type dropAfterDataServer struct {
	mu       sync.Mutex
	accepted int
}

func (s *dropAfterDataServer) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.accepted
}

func (s *dropAfterDataServer) start(t *testing.T, serverTLS *tls.Config) int {
	t.Helper()
	ln, err := tls.Listen("tcp", "127.0.0.1:0", serverTLS)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(c)
		}
	}()
	return ln.Addr().(*net.TCPAddr).Port
}

func (s *dropAfterDataServer) serve(c net.Conn) {
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	r := bufio.NewReader(c)
	say := func(line string) { _, _ = c.Write([]byte(line + "\r\n")) }
	say("220 mx.test ESMTP")
	accepted := false
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case accepted:
			return // hang up after the message was taken
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			say("250-mx.test")
			say("250-8BITMIME")
			say("250 ENHANCEDSTATUSCODES")
		case strings.HasPrefix(cmd, "MAIL"), strings.HasPrefix(cmd, "RCPT"):
			say("250 2.1.0 OK")
		case cmd == "DATA":
			say("354 go ahead")
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" || l == ".\n" {
					break
				}
			}
			s.mu.Lock()
			s.accepted++
			s.mu.Unlock()
			accepted = true
			say("250 2.0.0 OK queued")
		case cmd == "NOOP":
			say("250 2.0.0 OK")
		default:
			say("502 5.5.2 not implemented")
		}
	}
}

// TestSendConnectionLostAfterTheServerTookTheEmail: once the server answered 250 to the
// message, the email is out. A connection that dies afterwards (on RSET or QUIT) must
// not make the step fail and be sent again.
func TestSendConnectionLostAfterTheServerTookTheEmail(t *testing.T) {
	t.Parallel()
	serverTLS, clientTLS := testTLS(t)
	srv := &dropAfterDataServer{}
	port := srv.start(t, serverTLS)
	sl := &sleeps{}
	s, log := newTestSender(t, senderSetup{scheme: "smtps", port: port, client: clientTLS, timeout: 5 * time.Second}, sl)
	a := emailAction("ada")
	out, err := s.Execute(context.Background(), a)
	if err != nil || out.Result != paceline.ResultDone {
		t.Errorf("Execute = %+v, %v; want done: the server took the email", out, err)
	}
	if n := srv.count(); n != 1 {
		t.Errorf("the server took %d copies, want 1 (retried %v)", n, sl.got())
	}
	if sent, err := log.SentByKey(context.Background(), a.Key); err != nil || sent.MessageID != MessageID(a.Key, "paceline.test") {
		t.Errorf("sent log %+v, %v; want the email recorded", sent, err)
	}
}
