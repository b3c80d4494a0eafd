package email

import (
	"crypto/sha256"
	"encoding/base32"
	"strings"
)

var idEncoding = base32.NewEncoding("0123456789abcdefghijklmnopqrstuv").WithPadding(base32.NoPadding)

// MessageID returns the Message-ID (without angle brackets) of the email that carries out
// the action with the given key, on the sender's domain. It is a hash of the key, so the
// same action always gets the same Message-ID (a restart finds what it already sent, a
// reply finds its lead) while the key itself, which names the lead, is not shown.
func MessageID(key, domain string) string {
	sum := sha256.Sum256([]byte("paceline/message-id\x00" + key))
	return "pl." + idEncoding.EncodeToString(sum[:16]) + "@" + strings.ToLower(domain)
}

// cleanID strips the angle brackets and white space around a Message-ID as it appears
// in a header, and lower-cases the domain part, as mail software compares it.
func cleanID(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "<")
	s = strings.TrimSuffix(s, ">")
	if local, domain, ok := strings.Cut(s, "@"); ok {
		return local + "@" + strings.ToLower(domain)
	}
	return s
}

// headerIDs returns every <id> in a References or In-Reply-To header, in order.
func headerIDs(v string) []string {
	var ids []string
	for {
		start := strings.IndexByte(v, '<')
		if start < 0 {
			return ids
		}
		end := strings.IndexByte(v[start:], '>')
		if end < 0 {
			return ids
		}
		if id := cleanID(v[start+1 : start+end]); id != "" {
			ids = append(ids, id)
		}
		v = v[start+end+1:]
	}
}
