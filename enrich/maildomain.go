package enrich

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// DomainStatus says whether a domain can receive mail, as its DNS records tell.
type DomainStatus string

// The domain statuses.
const (
	DomainMX          DomainStatus = "mx"          // MX records name its mail servers
	DomainAFallback   DomainStatus = "a_fallback"  // no MX, but an address record, which RFC 5321 §5.1 says to use
	DomainNullMX      DomainStatus = "null_mx"     // MX "." (RFC 7505): the domain declares it takes no mail
	DomainNoMail      DomainStatus = "no_mail"     // neither MX nor address records
	DomainNXDomain    DomainStatus = "nxdomain"    // the name does not exist
	DomainUnreachable DomainStatus = "unreachable" // the DNS server timed out or failed: nothing is known
)

// MailDomain is what DNS says about a domain's mail.
type MailDomain struct {
	Domain string       `json:"domain"`
	Status DomainStatus `json:"status"`
	// Hosts are the servers to deliver to, best first: the MX hosts, or the domain
	// itself on the address-record fallback.
	Hosts  []string `json:"hosts,omitempty"`
	Reason string   `json:"reason"`
}

// AcceptsMail reports whether mail to the domain has somewhere to go.
func (m MailDomain) AcceptsMail() bool {
	return m.Status == DomainMX || m.Status == DomainAFallback
}

// CheckMailDomain asks r for the domain's MX records and, when there are none, for its
// address records, as a sending server would (RFC 5321 §5.1). DNS failures are part of
// the answer (DomainUnreachable with the reason), not an error, so that one slow
// domain does not fail a batch.
func CheckMailDomain(ctx context.Context, r Resolver, domain string) MailDomain {
	domain = strings.ToLower(strings.TrimSuffix(strings.TrimSpace(domain), "."))
	md := MailDomain{Domain: domain}
	mxs, err := r.LookupMX(ctx, domain)
	if err != nil {
		return md.failed(err)
	}
	if len(mxs) == 1 && mxs[0].Host == "." {
		md.Status = DomainNullMX
		md.Reason = fmt.Sprintf("%s publishes a null MX record (RFC 7505): it takes no mail", domain)
		return md
	}
	for _, mx := range mxs {
		if mx.Host != "." {
			md.Hosts = append(md.Hosts, mx.Host)
		}
	}
	if len(md.Hosts) > 0 {
		md.Status = DomainMX
		md.Reason = fmt.Sprintf("%s has mail servers (%s)", domain, strings.Join(md.Hosts, ", "))
		return md
	}
	ips, err := r.LookupIP(ctx, domain)
	if err != nil {
		return md.failed(err)
	}
	if len(ips) == 0 {
		md.Status = DomainNoMail
		md.Reason = fmt.Sprintf("%s has neither MX nor address records: mail to it cannot be delivered", domain)
		return md
	}
	md.Status = DomainAFallback
	md.Hosts = []string{domain}
	md.Reason = fmt.Sprintf("%s has no MX record; mail would go to its address record (RFC 5321 §5.1), which often runs no mail server", domain)
	return md
}

func (md MailDomain) failed(err error) MailDomain {
	switch {
	case errors.Is(err, ErrNoSuchDomain):
		md.Status = DomainNXDomain
		md.Reason = fmt.Sprintf("%s does not exist (NXDOMAIN): check the company domain", md.Domain)
	case errors.Is(err, ErrDNSTimeout):
		md.Status = DomainUnreachable
		md.Reason = fmt.Sprintf("DNS did not answer for %s (%v): try again later or use another DNS server", md.Domain, err)
	default:
		md.Status = DomainUnreachable
		md.Reason = fmt.Sprintf("DNS lookup for %s failed (%v)", md.Domain, err)
	}
	return md
}
