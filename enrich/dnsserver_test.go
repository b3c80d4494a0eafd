package enrich

import (
	"net"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"
)

// The test zone. Every name is under .test (RFC 2606), served by a local server on
// loopback, so no test can reach a real DNS server.
const (
	zoneMX       = "acme.test"      // two MX records, best last in the answer
	zoneAOnly    = "a-only.test"    // no MX, an A record
	zoneNoMail   = "no-mail.test"   // exists, no MX, no A
	zoneNullMX   = "null-mx.test"   // MX "." (RFC 7505)
	zoneNX       = "missing.test"   // NXDOMAIN
	zoneSilent   = "silent.test"    // the server never answers
	zoneBroken   = "servfail.test"  // SERVFAIL
	zoneTruncate = "truncated.test" // truncated over UDP, whole over TCP
	zoneCatchAll = "catch-all.test" // MX, and the SMTP test server takes any address
)

// startDNS serves the test zone over UDP and TCP on one loopback port and returns the
// address.
func startDNS(t *testing.T) string {
	t.Helper()
	handler := dns.HandlerFunc(answerTestZone)
	var tcp net.Listener
	var udp net.PacketConn
	for try := 0; ; try++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		pc, err := net.ListenPacket("udp", l.Addr().String())
		if err == nil {
			tcp, udp = l, pc
			break
		}
		l.Close()
		if try == 10 {
			t.Fatalf("no free port for both UDP and TCP: %v", err)
		}
	}
	for _, srv := range []*dns.Server{{PacketConn: udp, Handler: handler}, {Listener: tcp, Handler: handler}} {
		started := make(chan struct{})
		srv.NotifyStartedFunc = func() { close(started) }
		go srv.ActivateAndServe()
		<-started
		t.Cleanup(func() { srv.Shutdown() })
	}
	return tcp.Addr().String()
}

func answerTestZone(w dns.ResponseWriter, req *dns.Msg) {
	q := req.Question[0]
	name := strings.TrimSuffix(strings.ToLower(q.Name), ".")
	m := new(dns.Msg)
	m.SetReply(req)
	rr := func(s string) {
		r, err := dns.NewRR(s)
		if err != nil {
			panic(err)
		}
		m.Answer = append(m.Answer, r)
	}
	_, overUDP := w.RemoteAddr().(*net.UDPAddr)
	switch {
	case name == zoneSilent:
		return // never answer: the client must time out
	case name == zoneBroken:
		m.Rcode = dns.RcodeServerFailure
	case name == zoneNX || !strings.HasSuffix(name, ".test"):
		m.Rcode = dns.RcodeNameError
	case q.Qtype == dns.TypeMX && name == zoneMX:
		rr(zoneMX + ". 300 IN MX 20 Backup.acme.test.")
		rr(zoneMX + ". 300 IN MX 10 mail.acme.test.")
	case q.Qtype == dns.TypeMX && name == zoneCatchAll:
		rr(zoneCatchAll + ". 300 IN MX 10 mail.catch-all.test.")
	case q.Qtype == dns.TypeMX && name == zoneNullMX:
		rr(zoneNullMX + ". 300 IN MX 0 .")
	case q.Qtype == dns.TypeMX && name == zoneTruncate:
		if overUDP {
			m.Truncated = true
		} else {
			rr(zoneTruncate + ". 300 IN MX 5 mx.truncated.test.")
		}
	case q.Qtype == dns.TypeA && (name == zoneAOnly || strings.HasPrefix(name, "mail.")):
		rr(name + ". 300 IN A 127.0.0.1")
	}
	w.WriteMsg(m)
}

func testResolver(t *testing.T, addr string) *DNSResolver {
	t.Helper()
	r, err := NewDNSResolver(addr, 300*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
