package lead

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/paceline/paceline"
)

// CanonicalEmail trims and lower-cases an address and checks its syntax: one '@', a
// local part of 1-64 characters without leading, trailing or doubled dots, and a domain
// of dot-separated labels (letters, digits, hyphens; international letters allowed)
// ending in a top-level domain of two or more letters. "mailto:" and angle brackets
// ("Jane <jane@x.com>" keeps jane@x.com) are stripped. Lower-casing the local part is
// technically lossy but matches how every large mailbox provider behaves, and it is what
// makes the address usable as a dedupe key.
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
	return strings.ToLower(s), nil
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
