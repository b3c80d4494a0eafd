package enrich

import (
	"net"
	"net/url"
	"strings"

	"github.com/paceline/paceline/lead"
)

// notCompanySites are hosts people paste into a "website" column that are profiles on
// someone else's platform, not the company's own domain.
var notCompanySites = map[string]bool{
	"linkedin.com": true, "facebook.com": true, "twitter.com": true, "x.com": true,
	"instagram.com": true, "youtube.com": true, "github.com": true, "medium.com": true,
	"crunchbase.com": true, "angel.co": true, "wellfound.com": true, "tiktok.com": true,
	"linktr.ee": true, "sites.google.com": true, "wix.com": true, "wixsite.com": true,
	"wordpress.com": true, "blogspot.com": true, "notion.site": true, "calendly.com": true,
}

// DomainFromWebsite returns the registrable-looking host of a website as people write it
// ("https://www.Acme.io/about", "acme.io", "www.acme.io:443"): lower case, without
// scheme, "www.", port, path or trailing dot. ok is false for text that is not a public
// host name: an IP address, localhost, a name without a dot, or a profile on a social
// or hosting platform (linkedin.com/company/acme names LinkedIn, not Acme).
func DomainFromWebsite(raw string) (domain string, ok bool) {
	s := strings.TrimSpace(raw)
	if s == "" || strings.ContainsAny(s, " \t\r\n@") {
		return "", false
	}
	if !strings.Contains(s, "://") {
		s = "http://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return "", false
	}
	host := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	host = strings.TrimPrefix(host, "www.")
	if net.ParseIP(host) != nil || !validHost(host) {
		return "", false
	}
	for h := host; h != ""; {
		if notCompanySites[h] {
			return "", false
		}
		i := strings.IndexByte(h, '.')
		if i < 0 {
			break
		}
		h = h[i+1:]
	}
	return host, true
}

// DomainFromEmail returns the domain of a work address. ok is false when the address
// does not parse or is at a free mailbox provider.
func DomainFromEmail(email string) (domain string, ok bool) {
	addr, err := lead.CanonicalEmail(email)
	if err != nil {
		return "", false
	}
	domain = addr[strings.LastIndexByte(addr, '@')+1:]
	if IsFreeMail(domain) {
		return "", false
	}
	return domain, true
}

// validHost checks a host name's shape: two or more dot-separated labels of letters,
// digits and inner hyphens, each 1-63 bytes, 253 bytes at most, a top-level label that
// is not all digits.
func validHost(h string) bool {
	if len(h) == 0 || len(h) > 253 {
		return false
	}
	labels := strings.Split(h, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for _, r := range l {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r > 0x7f) {
				return false
			}
		}
	}
	tld := labels[len(labels)-1]
	return strings.Trim(tld, "0123456789") != ""
}
