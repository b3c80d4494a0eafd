package webhook

import (
	"context"
	"fmt"
	"io"
	"net/netip"
	"net/url"
	"strconv"
	"strings"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/secret"
)

// secretLabel binds a sealed secret to its endpoint's URL: a sealed value copied onto
// another endpoint does not open there.
func secretLabel(rawURL string) string { return "webhook/" + rawURL }

// AddEndpoint checks the URL and the event types, makes a new secret, stores the
// endpoint with the secret sealed under key, and returns the endpoint and the secret
// in plain text: the one time a user sees it. The URL is stored as CanonicalURL gives
// it. Errors: EINVALID for a bad URL or an unknown event type, ECONFLICT for a URL an
// endpoint already has, up to the case of its scheme and host (the receiver would get
// each event twice, under two secrets).
func AddEndpoint(ctx context.Context, st paceline.WebhookStore, key *secret.Key, rawURL string, events []string, rnd io.Reader) (*paceline.WebhookEndpoint, secret.Redacted, error) {
	if err := CheckURL(rawURL); err != nil {
		return nil, secret.Redacted{}, err
	}
	if err := CheckEvents(events); err != nil {
		return nil, secret.Redacted{}, err
	}
	rawURL = CanonicalURL(rawURL)
	known, err := st.WebhookEndpoints(ctx)
	if err != nil {
		return nil, secret.Redacted{}, err
	}
	for _, e := range known {
		if CanonicalURL(e.URL) == rawURL {
			return nil, secret.Redacted{}, &paceline.Error{Code: paceline.ECONFLICT, Field: "url",
				Message: fmt.Sprintf("%s is already endpoint %d: remove that one first to change its event types", rawURL, e.ID)}
		}
	}
	plain, err := NewSecret(rnd)
	if err != nil {
		return nil, secret.Redacted{}, err
	}
	sealed, err := key.Seal(secretLabel(rawURL), secret.Redact(plain))
	if err != nil {
		return nil, secret.Redacted{}, err
	}
	e := &paceline.WebhookEndpoint{URL: rawURL, Secret: sealed, Events: events, Active: true}
	if err := st.CreateWebhookEndpoint(ctx, e); err != nil {
		return nil, secret.Redacted{}, err
	}
	return e, secret.Redact(plain), nil
}

// CanonicalURL returns rawURL with its scheme and host in lower case: they name the
// same receiver in any case (RFC 3986 section 6.2.2.1), so HTTP://Host/x and
// http://host/x must not be two endpoints. The rest (the path, the query, an IPv6
// zone, which names a network interface) is kept as given: a path's case can matter
// to the receiver. A URL that does not parse is returned unchanged.
func CanonicalURL(rawURL string) string {
	scheme, rest, ok := strings.Cut(rawURL, "://")
	if !ok {
		return rawURL
	}
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	host, tail := rest[:end], rest[end:]
	zone := ""
	if i, j := strings.Index(host, "%25"), strings.LastIndex(host, "]"); i >= 0 && j > i {
		host, zone = host[:i]+host[j:], host[i:j]
	}
	host = strings.ToLower(host)
	if zone != "" {
		j := strings.LastIndex(host, "]")
		host = host[:j] + zone + host[j:]
	}
	return strings.ToLower(scheme) + "://" + host + tail
}

// CheckURL accepts an absolute https URL with a host and no user info (a password in
// a URL would be shown by every listing), or an http URL whose host can only be on the
// user's own machine or network (see localHost): plain http would carry the signed
// payloads, with the leads' names in them, unencrypted across the internet.
// Errors: EINVALID.
func CheckURL(rawURL string) error {
	u, err := url.Parse(rawURL)
	switch {
	case err != nil:
		return paceline.FieldErrorf("url", "%q is not a URL", rawURL)
	case u.Scheme != "https" && u.Scheme != "http":
		return paceline.FieldErrorf("url", "%q must start with https:// (or http:// on a private network)", rawURL)
	case u.Host == "":
		return paceline.FieldErrorf("url", "%q has no host", rawURL)
	case u.User != nil:
		return paceline.FieldErrorf("url", "must not carry a user name or password (the signature authenticates paceline)")
	case u.Fragment != "":
		return paceline.FieldErrorf("url", "must not have a #fragment")
	case u.Scheme == "http" && !localHost(u.Hostname()):
		return paceline.FieldErrorf("url", "%q would send the signed payloads unencrypted to %s: use https:// "+
			"(http:// is only for a receiver on this machine or a private network: localhost, a loopback, private or link-local IP address, "+
			"or a name with no dot or ending in .local, .internal, .lan or .home.arpa)", rawURL, u.Hostname())
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return paceline.FieldErrorf("url", "%q has a bad port", rawURL)
		}
	}
	return nil
}

// localSuffixes end the names that only resolve inside a private network: mDNS
// (.local, RFC 6762), .internal (reserved for private use by ICANN in 2024), the
// customary .lan, and .home.arpa (RFC 8375); .localhost names the machine itself
// (RFC 6761).
var localSuffixes = []string{".localhost", ".local", ".internal", ".lan", ".home.arpa"}

// localHost reports whether host, as url.URL.Hostname returns it, can only be reached
// on the user's machine or private network: localhost, a loopback, private or
// link-local IP address (IPv4 or IPv6, an IPv4-mapped one read as IPv4), a single-label
// name (a Docker service, a host on the LAN's search domain), or a name under a suffix
// of localSuffixes. A name with a trailing dot is absolute: "receiver." is a top-level
// domain, not a local host.
func localHost(host string) bool {
	if ip, err := netip.ParseAddr(host); err == nil {
		ip = ip.Unmap()
		return ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast()
	}
	name := strings.ToLower(host)
	if name == "" {
		return false
	}
	if !strings.Contains(name, ".") {
		return true // "localhost" too
	}
	name = strings.TrimSuffix(name, ".")
	if name == "localhost" {
		return true
	}
	for _, suffix := range localSuffixes {
		if strings.HasSuffix(name, suffix) && len(name) > len(suffix) {
			return true
		}
	}
	return false
}

// CheckEvents accepts a list of payload types an endpoint may subscribe to (see
// Types). Errors: EINVALID naming the first unknown type, or a type named twice (the
// endpoint would be listed with it twice; it is likely a slip for another type).
func CheckEvents(events []string) error {
	seen := make(map[string]bool, len(events))
	for _, t := range events {
		if !knownType(t) {
			return paceline.FieldErrorf("events", "%q is not an event type (use %s)", t, strings.Join(Types(), ", "))
		}
		if seen[t] {
			return paceline.FieldErrorf("events", "names %s twice (give each event type once)", t)
		}
		seen[t] = true
	}
	return nil
}

// OpenSecret returns an endpoint's signing secret. Errors: those of secret.Key.Open,
// such as EUNAUTHORIZED for a secret sealed under another key.
func OpenSecret(key *secret.Key, e *paceline.WebhookEndpoint) (secret.Redacted, error) {
	return key.Open(secretLabel(e.URL), e.Secret)
}
