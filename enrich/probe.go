package enrich

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"strconv"
	"sync"
	"time"

	"github.com/emersion/go-smtp"
)

// Prober asks a domain's mail server whether it would take mail for an address: it
// opens an SMTP session, names the sender (MAIL FROM) and each recipient (RCPT TO), and
// hangs up before DATA, so no message is ever sent. It first asks about a random
// address: a server that takes that takes anything (a catch-all), and its yes about a
// real guess means nothing.
//
// Probing is off unless a Prober is configured, because mail providers treat a stream
// of RCPT checks from one IP as address harvesting and may list the IP on a blocklist,
// which would then hurt the user's real sending. Use a host and sender that are not
// the ones campaigns send from.
type Prober struct {
	// HeloName is the host name given in EHLO; use the probing host's real name
	// (servers check it against its reverse DNS).
	HeloName string
	// MailFrom is the envelope sender; servers reject empty or made-up domains.
	MailFrom string
	// Dial opens a connection to a mail host's SMTP port; DialPort25 in production.
	Dial func(ctx context.Context, host string) (net.Conn, error)
	// Rand makes the random catch-all address; it is guarded by the Prober.
	Rand *rand.Rand
	// Timeout bounds a whole session; 20s when zero.
	Timeout time.Duration
	// MaxRecipients caps the guesses asked about in one session (10 when zero):
	// servers get suspicious of long RCPT lists.
	MaxRecipients int

	mu sync.Mutex
}

// Reply is a server's answer to one RCPT TO.
type Reply struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

// Accepted reports a 2xx answer, Rejected a 5xx (the mailbox does not exist or is
// refused), Deferred a 4xx (greylisting, rate limiting: ask again later).
func (r Reply) Accepted() bool { return r.Code/100 == 2 }

// Rejected reports a permanent refusal (5xx).
func (r Reply) Rejected() bool { return r.Code/100 == 5 }

// Deferred reports a temporary refusal (4xx).
func (r Reply) Deferred() bool { return r.Code/100 == 4 }

func (r Reply) String() string { return strconv.Itoa(r.Code) + " " + r.Message }

// ProbeResult is what one session learned.
type ProbeResult struct {
	Host string `json:"host"`
	// CatchAll is true when the server accepted a random address at the domain.
	CatchAll bool `json:"catch_all"`
	// CatchAllReply is the answer about the random address.
	CatchAllReply Reply `json:"catch_all_reply"`
	// Replies holds the answer for each address asked about.
	Replies map[string]Reply `json:"replies"`
}

// DialPort25 connects to host's SMTP port 25, the port servers receive mail on.
func DialPort25(ctx context.Context, host string) (net.Conn, error) {
	var d net.Dialer
	return d.DialContext(ctx, "tcp", net.JoinHostPort(host, "25"))
}

// check says what a Prober lacks.
func (p *Prober) check() error {
	switch {
	case p.HeloName == "":
		return errors.New("probing needs a HELO name (the probing host's own name)")
	case p.MailFrom == "":
		return errors.New("probing needs a sender address (MAIL FROM)")
	case p.Dial == nil || p.Rand == nil:
		return errors.New("probing needs a dialer and a random source")
	}
	return nil
}

func (p *Prober) maxRecipients() int {
	if p.MaxRecipients <= 0 {
		return 10
	}
	return p.MaxRecipients
}

// Probe asks host, a mail server of domain, about each address (at most
// MaxRecipients; the rest are left out of Replies). An error means the session
// itself failed (no connection, greeting or sender refused): nothing was learned.
func (p *Prober) Probe(ctx context.Context, host, domain string, addrs []string) (ProbeResult, error) {
	if err := p.check(); err != nil {
		return ProbeResult{}, err
	}
	timeout := p.Timeout
	if timeout <= 0 {
		timeout = 20 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	conn, err := p.Dial(ctx, host)
	if err != nil {
		return ProbeResult{}, fmt.Errorf("probe %s: connect: %w", host, err)
	}
	defer conn.Close()
	// The SMTP client reads without a context: closing the connection when ctx ends is
	// what stops a server that stalls mid-session.
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}

	c := smtp.NewClient(conn)
	defer c.Close()
	if err := c.Hello(p.HeloName); err != nil {
		return ProbeResult{}, fmt.Errorf("probe %s: EHLO: %w", host, err)
	}
	if err := c.Mail(p.MailFrom, nil); err != nil {
		return ProbeResult{}, fmt.Errorf("probe %s: server refused the sender %s: %w", host, p.MailFrom, err)
	}
	res := ProbeResult{Host: host, Replies: make(map[string]Reply, len(addrs))}
	res.CatchAllReply, err = rcpt(c, p.randomLocal()+"@"+domain)
	if err != nil {
		return ProbeResult{}, fmt.Errorf("probe %s: %w", host, err)
	}
	res.CatchAll = res.CatchAllReply.Accepted()
	for i, a := range addrs {
		if i == p.maxRecipients() {
			break
		}
		r, err := rcpt(c, a)
		if err != nil {
			return res, fmt.Errorf("probe %s: %w", host, err)
		}
		res.Replies[a] = r
	}
	// Leave politely: RSET drops the envelope, QUIT ends the session. No DATA.
	_ = c.Reset()
	_ = c.Quit()
	return res, nil
}

// rcpt sends one RCPT TO and returns the server's reply; an error means the session
// broke, not that the address was refused.
func rcpt(c *smtp.Client, addr string) (Reply, error) {
	err := c.Rcpt(addr, nil)
	if err == nil {
		return Reply{Code: 250, Message: "accepted"}, nil
	}
	var se *smtp.SMTPError
	if errors.As(err, &se) {
		return Reply{Code: se.Code, Message: se.Message}, nil
	}
	return Reply{}, fmt.Errorf("RCPT TO %s: %w", addr, err)
}

// randomLocal makes a local part nobody has, for the catch-all check.
func (p *Prober) randomLocal() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	const letters = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, 16)
	for i := range b {
		b[i] = letters[p.Rand.IntN(len(letters))]
	}
	return "no-such-user-" + string(b)
}
