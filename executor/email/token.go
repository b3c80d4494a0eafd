package email

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"strings"

	"github.com/paceline/paceline"
)

// tokenMACSize is how many bytes of the HMAC a token carries: 128 bits is far beyond
// guessing and keeps the link short.
const tokenMACSize = 16

// Tokens signs and checks unsubscribe tokens. A token names a lead and a campaign and
// carries an HMAC over both, so a link cannot be edited to opt out someone else.
type Tokens struct {
	key []byte
}

// NewTokens returns a signer with the given key (secret.Key.Derive("unsubscribe") is
// the intended one). The key must be at least 16 bytes.
func NewTokens(key []byte) (*Tokens, error) {
	if len(key) < 16 {
		return nil, paceline.Errorf(paceline.EINVALID, "the unsubscribe key is shorter than 16 bytes")
	}
	return &Tokens{key: append([]byte(nil), key...)}, nil
}

// Sign returns the token for a lead and a campaign: base64url of the two, a dot, and
// base64url of the truncated HMAC-SHA256.
func (t *Tokens) Sign(lead, campaign string) string {
	payload := binary.AppendUvarint(nil, uint64(len(lead)))
	payload = append(payload, lead...)
	payload = append(payload, campaign...)
	return base64.RawURLEncoding.EncodeToString(payload) + "." + base64.RawURLEncoding.EncodeToString(t.mac(payload))
}

// Verify checks a token and returns the lead and campaign it names. Errors: EFORBIDDEN
// for a token that is malformed or not signed with this key.
func (t *Tokens) Verify(token string) (lead, campaign string, err error) {
	forged := paceline.Errorf(paceline.EFORBIDDEN, "this unsubscribe link is not valid (it may have been cut short; use the link from the email)")
	p64, m64, ok := strings.Cut(token, ".")
	if !ok || len(token) > 2048 {
		return "", "", forged
	}
	payload, err1 := base64.RawURLEncoding.DecodeString(p64)
	mac, err2 := base64.RawURLEncoding.DecodeString(m64)
	if err1 != nil || err2 != nil || !hmac.Equal(mac, t.mac(payload)) {
		return "", "", forged
	}
	n, w := binary.Uvarint(payload)
	if w <= 0 || n > uint64(len(payload)-w) {
		return "", "", forged
	}
	rest := payload[w:]
	return string(rest[:n]), string(rest[n:]), nil
}

func (t *Tokens) mac(payload []byte) []byte {
	m := hmac.New(sha256.New, t.key)
	m.Write([]byte("paceline/unsubscribe\x00"))
	m.Write(payload)
	return m.Sum(nil)[:tokenMACSize]
}
