package enrich

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/miekg/dns"
	"golang.org/x/net/idna"
)

// MX is one mail exchanger of a domain.
type MX struct {
	Host string // without the trailing dot; "." is a null MX (RFC 7505)
	Pref uint16
}

// Resolver answers the DNS questions email finding asks. Implementations return
// ErrNoSuchDomain when the name does not exist (NXDOMAIN), an error wrapping
// ErrDNSTimeout when the server does not answer in time, and an empty answer with no
// error when the name exists but has no record of the type asked.
type Resolver interface {
	LookupMX(ctx context.Context, domain string) ([]MX, error)
	LookupIP(ctx context.Context, host string) ([]netip.Addr, error)
}

// Errors a Resolver returns.
var (
	ErrNoSuchDomain = errors.New("the domain does not exist (NXDOMAIN)")
	ErrDNSTimeout   = errors.New("the DNS server did not answer in time")
)

// DNSResolver asks one DNS server directly, so that tests and users can say which
// server that is (a local test server, the company's own resolver) instead of whatever
// the machine is configured with.
type DNSResolver struct {
	server  string
	timeout time.Duration
}

var _ Resolver = (*DNSResolver)(nil)

// DefaultDNSTimeout bounds one DNS question.
const DefaultDNSTimeout = 3 * time.Second

// NewDNSResolver returns a resolver that asks the server at addr ("127.0.0.1:5353";
// a bare IP means port 53), waiting at most timeout (DefaultDNSTimeout when zero) for
// each answer.
func NewDNSResolver(addr string, timeout time.Duration) (*DNSResolver, error) {
	if ip, err := netip.ParseAddr(addr); err == nil {
		addr = net.JoinHostPort(ip.String(), "53")
	}
	if _, err := netip.ParseAddrPort(addr); err != nil {
		return nil, fmt.Errorf("DNS server %q: give an IP address with an optional port (9.9.9.9 or 127.0.0.1:5353)", addr)
	}
	if timeout <= 0 {
		timeout = DefaultDNSTimeout
	}
	return &DNSResolver{server: addr, timeout: timeout}, nil
}

// SystemDNSServer returns the first name server listed in a resolv.conf file
// (/etc/resolv.conf on most systems), for users who want the machine's resolver.
func SystemDNSServer(resolvConf string) (string, error) {
	cfg, err := dns.ClientConfigFromFile(resolvConf)
	if err != nil {
		return "", fmt.Errorf("read DNS servers from %s: %w", resolvConf, err)
	}
	if len(cfg.Servers) == 0 {
		return "", fmt.Errorf("%s lists no name server", resolvConf)
	}
	return net.JoinHostPort(cfg.Servers[0], cfg.Port), nil
}

// Server returns the address the resolver asks.
func (r *DNSResolver) Server() string { return r.server }

// LookupMX returns the domain's mail exchangers, lowest preference first.
func (r *DNSResolver) LookupMX(ctx context.Context, domain string) ([]MX, error) {
	in, err := r.ask(ctx, domain, dns.TypeMX)
	if err != nil {
		return nil, err
	}
	var mxs []MX
	for _, rr := range in.Answer {
		if mx, ok := rr.(*dns.MX); ok {
			host := strings.TrimSuffix(strings.ToLower(mx.Mx), ".")
			if host == "" {
				host = "."
			}
			mxs = append(mxs, MX{Host: host, Pref: mx.Preference})
		}
	}
	slices.SortStableFunc(mxs, func(a, b MX) int { return int(a.Pref) - int(b.Pref) })
	return mxs, nil
}

// LookupIP returns the host's IPv4 and IPv6 addresses.
func (r *DNSResolver) LookupIP(ctx context.Context, host string) ([]netip.Addr, error) {
	var addrs []netip.Addr
	for _, t := range []uint16{dns.TypeA, dns.TypeAAAA} {
		in, err := r.ask(ctx, host, t)
		if err != nil {
			return nil, err
		}
		for _, rr := range in.Answer {
			switch rr := rr.(type) {
			case *dns.A:
				if a, ok := netip.AddrFromSlice(rr.A.To4()); ok {
					addrs = append(addrs, a)
				}
			case *dns.AAAA:
				if a, ok := netip.AddrFromSlice(rr.AAAA); ok {
					addrs = append(addrs, a)
				}
			}
		}
	}
	return addrs, nil
}

// ask sends one question over UDP, again over TCP when the answer was truncated, and
// turns the response code into the Resolver errors.
func (r *DNSResolver) ask(ctx context.Context, name string, qtype uint16) (*dns.Msg, error) {
	ascii, err := idna.Lookup.ToASCII(strings.TrimSuffix(name, "."))
	if err != nil || !validHost(strings.ToLower(ascii)) {
		return nil, fmt.Errorf("%q is not a domain name", name)
	}
	m := new(dns.Msg)
	m.SetQuestion(dns.Fqdn(ascii), qtype)
	m.RecursionDesired = true
	in, err := r.exchange(ctx, m, "udp")
	if err == nil && in.Truncated {
		in, err = r.exchange(ctx, m, "tcp")
	}
	what := dns.TypeToString[qtype] + " " + ascii
	if err != nil {
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() || errors.Is(err, context.DeadlineExceeded) {
			return nil, fmt.Errorf("%s: server %s gave no answer within %v: %w", what, r.server, r.timeout, ErrDNSTimeout)
		}
		return nil, fmt.Errorf("%s: ask server %s: %w", what, r.server, err)
	}
	switch in.Rcode {
	case dns.RcodeSuccess:
		return in, nil
	case dns.RcodeNameError:
		return nil, fmt.Errorf("%s: %w", ascii, ErrNoSuchDomain)
	default:
		return nil, fmt.Errorf("%s: server %s answered %s", what, r.server, dns.RcodeToString[in.Rcode])
	}
}

func (r *DNSResolver) exchange(ctx context.Context, m *dns.Msg, network string) (*dns.Msg, error) {
	c := &dns.Client{Net: network, Timeout: r.timeout}
	ctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	in, _, err := c.ExchangeContext(ctx, m, r.server)
	return in, err
}
