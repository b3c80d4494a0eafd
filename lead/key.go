package lead

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/paceline/paceline"
)

// KeyType says which kind of identity a Key holds.
type KeyType uint8

// The key types. A lead may carry one of each; any one of them identifies it.
const (
	KeyProfile KeyType = iota + 1 // LinkedIn public profile slug (/in/...), "in"
	KeySales                      // Sales Navigator member id (/sales/lead/...), "sales"
	KeyEmail                      // email address, "email"
)

// String returns the short name used in key strings: in, sales or email.
func (t KeyType) String() string {
	switch t {
	case KeyProfile:
		return "in"
	case KeySales:
		return "sales"
	case KeyEmail:
		return "email"
	default:
		return "unknown"
	}
}

// Key is one canonical identity of a lead. Two rows with equal keys are the same person.
type Key struct {
	Type  KeyType
	Value string
}

// String formats the key as "type:value", e.g. "in:john-doe".
func (k Key) String() string { return k.Type.String() + ":" + k.Value }

// Hash returns "type:" and the hex SHA-256 of the canonical key: the form a
// suppression list keeps, so an opted-out or erased person is recognised when a list
// brings them back without their identity being stored in clear. Canonicalising first
// is what makes every URL form and spelling of the address hash alike.
func (k Key) Hash() string {
	sum := sha256.Sum256([]byte(k.String()))
	return k.Type.String() + ":" + hex.EncodeToString(sum[:])
}

// listedIn reports whether set, hashes as Hash makes them, holds the key: by its hash
// or, for an email, by the hash of a form CanonicalEmail gave the address before it
// applied NFC and IDNA (legacyEmailForms), which a suppression entry made then
// carries. It is the one place an import looks a key up on the suppression list.
func (k Key) listedIn(set map[string]struct{}) bool {
	if _, ok := set[k.Hash()]; ok {
		return true
	}
	if k.Type != KeyEmail {
		return false
	}
	for _, f := range legacyEmailForms(k.Value) {
		if _, ok := set[Key{KeyEmail, f}.Hash()]; ok {
			return true
		}
	}
	return false
}

// IsZero reports whether the key is empty.
func (k Key) IsZero() bool { return k.Value == "" }

// Keys returns the canonical keys a lead carries, profile first.
func Keys(l *paceline.Lead) []Key {
	keys := make([]Key, 0, 3)
	if l.ProfileKey != "" {
		keys = append(keys, Key{KeyProfile, l.ProfileKey})
	}
	if l.SalesKey != "" {
		keys = append(keys, Key{KeySales, l.SalesKey})
	}
	if l.Email != "" {
		keys = append(keys, Key{KeyEmail, l.Email})
	}
	return keys
}

// maxSlugLen bounds a profile slug; LinkedIn allows 3-100 characters in custom URLs.
const maxSlugLen = 100

// CanonicalProfileKey reads any form of LinkedIn profile URL and returns the one key
// every form of it maps to:
//
//   - scheme (http, https or none), "www.", country subdomains ("fr.", "de.") and the
//     mobile "m." host all mean linkedin.com;
//   - query, fragment, trailing slash and sub-pages (/in/x/details/experience) are dropped;
//   - the /in/ slug is percent-decoded, put in Unicode NFC and lower-cased, so
//     "J%C3%A9r%C3%B4me-Doe" and "jérôme-doe" are one key (LinkedIn slugs are
//     case-insensitive). Member-id slugs ("ACoAAB...") are opaque and keep their case;
//   - legacy /pub/NAME/A/B/C URLs become the /in/ slug LinkedIn redirects them to:
//     the id segments reversed and joined, every segment but the leading one left-padded
//     with zeros to three characters (/pub/john-doe/12/345/678 -> john-doe-678345012).
//     This is LinkedIn's historical mapping as observed on its redirects, not a
//     documented contract; URLs without the three id segments are refused;
//   - Sales Navigator URLs (/sales/lead/ID,..., /sales/people/ID,..., /sales/profile/...)
//     give a KeySales key holding the member id with its case kept.
//
// Anything else (another site, a company page, a short lnkd.in link, garbage) is refused
// with a *paceline.Error that says why.
func CanonicalProfileKey(raw string) (Key, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return Key{}, urlError(raw, "is empty")
	}
	if len(s) > 2048 {
		return Key{}, urlError(raw[:64]+"...", "is longer than 2048 characters")
	}
	rest, ok := stripScheme(s)
	if !ok {
		return Key{}, urlError(raw, "is not an http(s) URL")
	}
	host, path := rest, "/"
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		host, path = rest[:i], rest[i:]
	}
	if !isLinkedInHost(host) {
		if strings.EqualFold(host, "lnkd.in") {
			return Key{}, urlError(raw, "is a lnkd.in short link; open it and use the profile URL it leads to")
		}
		return Key{}, urlError(raw, "is not a linkedin.com URL")
	}
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	var buf [6]string
	seg := splitPath(path, buf[:0])
	if len(seg) < 2 {
		return Key{}, urlError(raw, "is not a profile URL (want linkedin.com/in/NAME)")
	}
	switch strings.ToLower(seg[0]) {
	case "in":
		slug, err := canonicalSlug(seg[1])
		if err != nil {
			return Key{}, urlError(raw, err.Error())
		}
		return Key{KeyProfile, slug}, nil
	case "pub":
		return pubKey(raw, seg[1:])
	case "sales":
		return salesKey(raw, seg[1:])
	case "company", "school", "showcase", "groups", "jobs", "feed", "posts", "pulse", "events":
		return Key{}, urlError(raw, "is a "+strings.ToLower(seg[0])+" page, not a person's profile")
	default:
		return Key{}, urlError(raw, "is not a profile URL (want linkedin.com/in/NAME)")
	}
}

func urlError(raw, why string) error {
	if len(raw) > 200 {
		raw = raw[:200] + "..."
	}
	return paceline.FieldErrorf("profile_url", "%q %s", raw, why)
}

// stripScheme removes "http://" or "https://" (any case); a URL with no scheme is
// accepted as written ("linkedin.com/in/x" is how people paste them).
func stripScheme(s string) (string, bool) {
	for _, p := range [...]string{"https://", "http://"} {
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
			return s[len(p):], true
		}
	}
	if strings.Contains(s, "://") || strings.HasPrefix(s, "//") {
		return "", false
	}
	return s, true
}

// isLinkedInHost accepts linkedin.com and one subdomain label of two letters (a
// country: fr, de, uk ...), "www" or "m"; a port and a trailing dot are tolerated.
func isLinkedInHost(host string) bool {
	if i := strings.LastIndexByte(host, ':'); i >= 0 {
		host = host[:i]
	}
	if at := strings.LastIndexByte(host, '@'); at >= 0 {
		return false // user info in a URL is a phishing pattern, never a profile
	}
	host = strings.TrimSuffix(host, ".")
	const base = "linkedin.com"
	if len(host) < len(base) || !strings.EqualFold(host[len(host)-len(base):], base) {
		return false
	}
	sub := host[:len(host)-len(base)]
	if sub == "" {
		return true
	}
	if !strings.HasSuffix(sub, ".") {
		return false // "notlinkedin.com"
	}
	sub = strings.ToLower(sub[:len(sub)-1])
	switch {
	case sub == "www" || sub == "m" || sub == "mobile":
		return true
	case len(sub) == 2 && isASCIILetter(sub[0]) && isASCIILetter(sub[1]):
		return true
	default:
		return false
	}
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// splitPath appends the non-empty '/'-separated segments of a URL path to out, up to
// its capacity (the segments after the first few never matter).
func splitPath(p string, out []string) []string {
	for p != "" && len(out) < cap(out) {
		i := strings.IndexByte(p, '/')
		var s string
		if i < 0 {
			s, p = p, ""
		} else {
			s, p = p[:i], p[i+1:]
		}
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// canonicalSlug decodes, normalises and checks an /in/ slug.
func canonicalSlug(seg string) (string, error) {
	s, err := unescapePath(seg)
	if err != nil {
		return "", err
	}
	if isMemberID(s) {
		return s, nil
	}
	if !isASCIIPlain(s) {
		if !utf8.ValidString(s) {
			return "", errf("has a slug that is not valid UTF-8")
		}
		s = norm.NFC.String(s)
		s = strings.ToLower(s)
	} else {
		s = asciiLower(s)
	}
	n := utf8.RuneCountInString(s)
	if n < 2 {
		return "", errf("has a profile name shorter than 2 characters")
	}
	if n > maxSlugLen {
		return "", errf("has a profile name longer than 100 characters")
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			break // checked rune by rune below
		}
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return "", errf("has a character " + quoteRune(rune(c)) + " that no profile name contains")
		}
	}
	if isASCIIPlain(s) {
		return s, nil
	}
	for _, r := range s {
		if r == '-' || r == '_' || r == '.' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
			continue
		}
		return "", errf("has a character " + quoteRune(r) + " that no profile name contains")
	}
	return s, nil
}

// isMemberID reports whether a slug is an opaque member id as Sales Navigator exports
// write them (linkedin.com/in/ACoAAB...): case matters in those.
func isMemberID(s string) bool {
	return len(s) >= 20 && (strings.HasPrefix(s, "ACoAA") || strings.HasPrefix(s, "ACwAA")) && isIDChars(s)
}

// memberSalesKey returns the Sales Navigator id an /in/ member id is, or "". Sales
// Navigator exports write one member both as linkedin.com/in/ACwAA... and as
// linkedin.com/sales/lead/ACwAA...,... with the same id (profileUrl, vmid and
// defaultProfileUrl of one row: testdata/sales_navigator.csv), so an "ACwAA" member id
// is that person's sales: key too. An "ACoAA" id is another encoding, not one.
func memberSalesKey(id string) string {
	if strings.HasPrefix(id, "ACwAA") && isMemberID(id) {
		return id
	}
	return ""
}

func isIDChars(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(isASCIILetter(c) || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// pubKey maps a legacy /pub/NAME/A/B/C URL to the /in/ slug it redirects to.
func pubKey(raw string, seg []string) (Key, error) {
	if len(seg) != 4 {
		if len(seg) >= 1 && strings.EqualFold(seg[0], "dir") {
			return Key{}, urlError(raw, "is a directory page, not a person's profile")
		}
		return Key{}, urlError(raw, "is a legacy /pub/ URL without its three id segments; use the /in/ URL")
	}
	name, err := canonicalSlug(seg[0])
	if err != nil {
		return Key{}, urlError(raw, err.Error())
	}
	var b strings.Builder
	b.Grow(len(name) + 10)
	b.WriteString(name)
	b.WriteByte('-')
	for i := 3; i >= 1; i-- {
		p := strings.ToLower(seg[i])
		if len(p) == 0 || len(p) > 3 || !isAlnum(p) {
			return Key{}, urlError(raw, "is a legacy /pub/ URL whose id segments are not 1-3 letters or digits")
		}
		if i != 3 {
			b.WriteString("000"[:3-len(p)])
		}
		b.WriteString(p)
	}
	return Key{KeyProfile, b.String()}, nil
}

func isAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// salesKey reads /sales/lead/ID,AUTH,TYPE, /sales/people/ID,... and /sales/profile/ID,...
func salesKey(raw string, seg []string) (Key, error) {
	if len(seg) < 2 {
		return Key{}, urlError(raw, "is a Sales Navigator URL without a lead id")
	}
	switch strings.ToLower(seg[0]) {
	case "lead", "people", "profile":
	default:
		return Key{}, urlError(raw, "is a Sales Navigator "+seg[0]+" page, not a lead")
	}
	id, err := unescapePath(seg[1])
	if err != nil {
		return Key{}, urlError(raw, err.Error())
	}
	if i := strings.IndexByte(id, ','); i >= 0 {
		id = id[:i]
	}
	if len(id) < 5 || len(id) > 100 || !isIDChars(id) {
		return Key{}, urlError(raw, "has a Sales Navigator lead id that is not one")
	}
	return Key{KeySales, id}, nil
}

// unescapePath percent-decodes a path segment; unlike url.PathUnescape it is quiet
// about raw non-ASCII bytes, which browsers paste as they are.
func unescapePath(s string) (string, error) {
	if strings.IndexByte(s, '%') < 0 {
		return s, nil
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '%' {
			b = append(b, c)
			continue
		}
		if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
			return "", errf("has a bad percent escape")
		}
		b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
		i += 2
	}
	return string(b), nil
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'f'
}

func unhex(c byte) byte {
	if c <= '9' {
		return c - '0'
	}
	return c | 0x20 - 'a' + 10
}

func isASCIIPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// asciiLower lower-cases an ASCII string without allocating when it is lower already.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if c := b[j]; c >= 'A' && c <= 'Z' {
					b[j] = c + 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// reason is an explanation fragment that urlError puts after the quoted URL.
type reason string

func (r reason) Error() string { return string(r) }

func errf(s string) error { return reason(s) }

// OtherForms returns, for an email key with a non-ASCII character or a punycode label,
// the other forms the same address may be stored or listed under: its CanonicalEmail
// form and the forms CanonicalEmail gave it before it applied NFC and IDNA
// (legacyEmailForms), which leads stored and suppression entries made then hold. A
// lookup of a key by its exact value tries these too. Any other key has none, and
// costs one pass over its bytes. The result is nil or freshly made.
func (k Key) OtherForms() []Key {
	if k.Type != KeyEmail || isASCIIPlain(k.Value) && !strings.Contains(k.Value, "xn--") {
		return nil
	}
	c := k.Value
	if cc, err := CanonicalEmail(c); err == nil {
		c = cc
	}
	var out []Key
	if c != k.Value {
		out = append(out, Key{KeyEmail, c})
	}
	for _, f := range legacyEmailForms(c) {
		if f != k.Value {
			out = append(out, Key{KeyEmail, f})
		}
	}
	return out
}

// CanonicalKnown passes a sink's stored leads on to a Known callback (Fn) with, after
// the keys of a lead, the CanonicalEmail form of each email key it holds in another
// form: a lead stored before addresses were put in NFC with an ASCII domain holds the
// address as written (NFD, a Unicode domain), and the import's index, which rows'
// canonical keys are matched against, must find it by the canonical form too. A
// canonical form another stored lead holds, or that two leads' old forms share, is not
// added: the index would join leads the store keeps apart. A lead without a non-ASCII
// email goes straight through Add; the others are passed on by Done, which the sink
// calls after its last lead.
type CanonicalKnown struct {
	Fn     func(id int64, keys []Key) error // the Known callback the leads go on to
	stored map[string]struct{}              // stored emails that are or may be a canonical form
	later  []knownLead
}

type knownLead struct {
	id   int64
	keys []Key
}

// Add takes one stored lead with all its keys.
func (c *CanonicalKnown) Add(id int64, keys []Key) error {
	later := false
	for _, k := range keys {
		if k.Type != KeyEmail {
			continue
		}
		ascii := isASCIIPlain(k.Value)
		if ascii && !strings.Contains(k.Value, "xn--") {
			continue
		}
		if c.stored == nil {
			c.stored = map[string]struct{}{}
		}
		c.stored[k.Value] = struct{}{}
		later = later || !ascii
	}
	if !later {
		return c.Fn(id, keys)
	}
	c.later = append(c.later, knownLead{id, slices.Clone(keys)})
	return nil
}

// Done passes on the leads Add kept back, each with the canonical forms it may take.
func (c *CanonicalKnown) Done() error {
	claims := map[string]int{}
	for _, l := range c.later {
		for _, f := range canonicalForms(l.keys) {
			claims[f.Value]++
		}
	}
	for _, l := range c.later {
		keys := l.keys
		for _, f := range canonicalForms(l.keys) {
			if _, held := c.stored[f.Value]; !held && claims[f.Value] == 1 {
				keys = append(keys, f)
			}
		}
		if err := c.Fn(l.id, keys); err != nil {
			return err
		}
	}
	c.later = nil
	return nil
}

// canonicalForms returns the CanonicalEmail forms of the non-ASCII email keys that
// differ from the form stored.
func canonicalForms(keys []Key) []Key {
	var out []Key
	for _, k := range keys {
		if k.Type != KeyEmail || isASCIIPlain(k.Value) {
			continue
		}
		if c, err := CanonicalEmail(k.Value); err == nil && c != k.Value && !slices.Contains(out, Key{KeyEmail, c}) {
			out = append(out, Key{KeyEmail, c})
		}
	}
	return out
}
