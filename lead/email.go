package lead

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
	"golang.org/x/text/unicode/norm"

	"github.com/paceline/paceline"
)

// CanonicalEmail trims and lower-cases an address and checks its syntax: one '@', a
// local part of 1-64 characters without leading, trailing or doubled dots, and a domain
// of dot-separated labels (letters, digits, hyphens; international letters allowed)
// ending in a top-level domain of two or more letters. "mailto:" and angle brackets
// ("Jane <jane@x.com>" keeps jane@x.com) are stripped. Lower-casing the local part is
// technically lossy but matches how every large mailbox provider behaves, and it is what
// makes the address usable as a dedupe key. A non-ASCII address is put in Unicode NFC
// (macOS writes "é" as "e" and a combining accent, NFD) and its domain in its ASCII
// (IDNA, punycode) form, so "josé@münchen.de" written either way and
// "josé@xn--mnchen-3ya.de" are one key.
func CanonicalEmail(raw string) (string, error) {
	s := strings.TrimSpace(raw)
	if i := strings.LastIndexByte(s, '<'); i >= 0 && strings.HasSuffix(s, ">") {
		s = s[i+1 : len(s)-1]
	}
	if len(s) >= 7 && strings.EqualFold(s[:7], "mailto:") {
		s = s[7:]
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return "", emailError(raw, "is empty")
	}
	if len(s) > 254 {
		return "", emailError(raw, "is longer than 254 characters")
	}
	at := strings.LastIndexByte(s, '@')
	if at < 0 {
		return "", emailError(raw, "has no @")
	}
	local, domain := s[:at], s[at+1:]
	if err := checkLocal(local); err != nil {
		return "", emailError(raw, err.Error())
	}
	if err := checkDomain(domain); err != nil {
		return "", emailError(raw, err.Error())
	}
	if isASCIIPlain(s) {
		return asciiLower(s), nil
	}
	return canonicalUnicodeEmail(strings.ToLower(local), strings.ToLower(domain)), nil
}

// canonicalUnicodeEmail puts a lower-cased address with a non-ASCII character in NFC,
// its domain in IDNA ASCII form. A domain IDNA refuses (a mix of scripts it does not
// allow, say) stays in NFC: no mail reaches it, and the address keeps the key it had.
func canonicalUnicodeEmail(local, domain string) string {
	local = norm.NFC.String(local)
	if !isASCIIPlain(domain) {
		if a, err := idna.Lookup.ToASCII(domain); err == nil {
			domain = a
		} else {
			domain = norm.NFC.String(domain)
		}
	}
	return local + "@" + domain
}

// legacyEmailForms returns the forms other than c, a canonical address, that
// CanonicalEmail gave the same address before it applied NFC and IDNA: the address
// lower-cased as written, which was NFC with a Unicode domain or NFD (macOS) with one.
// Entries of the suppression list made then carry those forms' hashes, which cannot be
// recomputed. An ASCII address without a punycode label has none: its form never
// changed. The result is nil or freshly made.
func legacyEmailForms(c string) []string {
	at := strings.LastIndexByte(c, '@')
	if at < 0 || isASCIIPlain(c) && !strings.Contains(c[at:], "xn--") {
		return nil
	}
	domain := c[at+1:]
	if strings.Contains(domain, "xn--") {
		if u, err := idna.Punycode.ToUnicode(domain); err == nil {
			domain = strings.ToLower(u)
		}
	}
	nfc := norm.NFC.String(c[:at] + "@" + domain)
	var out []string
	for _, f := range [...]string{nfc, norm.NFD.String(nfc)} {
		if f != c && !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

func emailError(raw, why string) error {
	if len(raw) > 200 {
		raw = raw[:200] + "..."
	}
	return paceline.FieldErrorf("email", "%q %s", raw, why)
}

const localSpecials = "!#$%&'*+/=?^_`{|}~-."

func checkLocal(s string) error {
	switch {
	case s == "":
		return errf("has nothing before the @")
	case len(s) > 64:
		return errf("has more than 64 characters before the @")
	case s[0] == '.' || s[len(s)-1] == '.' || strings.Contains(s, ".."):
		return errf("has a misplaced dot before the @")
	}
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf && (isASCIILetter(byte(r)) || r >= '0' && r <= '9' || strings.IndexByte(localSpecials, byte(r)) >= 0):
		case r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)):
		default:
			return errf("has a character " + quoteRune(r) + " that an address cannot hold")
		}
	}
	return nil
}

func checkDomain(s string) error {
	if s == "" {
		return errf("has no domain after the @")
	}
	if len(s) > 253 {
		return errf("has a domain longer than 253 characters")
	}
	labels := strings.Split(s, ".")
	if len(labels) < 2 {
		return errf("has a domain without a dot")
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 {
			return errf("has an empty or over-long part in its domain")
		}
		if l[0] == '-' || l[len(l)-1] == '-' {
			return errf("has a domain part that starts or ends with a hyphen")
		}
		for _, r := range l {
			if r == '-' || r < utf8.RuneSelf && (isASCIILetter(byte(r)) || r >= '0' && r <= '9') ||
				r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)) {
				continue
			}
			return errf("has a character " + quoteRune(r) + " that a domain cannot hold")
		}
	}
	tld := labels[len(labels)-1]
	if utf8.RuneCountInString(tld) < 2 {
		return errf("has a one-letter top-level domain")
	}
	for _, r := range tld {
		if !unicode.IsLetter(r) && !(strings.HasPrefix(tld, "xn--")) {
			return errf("has a top-level domain that is not letters")
		}
	}
	return nil
}

func quoteRune(r rune) string {
	return "'" + string(r) + "'"
}
