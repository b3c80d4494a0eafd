package email

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"

	"github.com/paceline/paceline"
)

// Tokens makes and checks unsubscribe tokens. A token names a lead and a campaign,
// sealed with AES-GCM under a nonce that is an HMAC of its contents (a synthetic-IV
// construction): the link cannot be edited to opt out someone else, the recipient
// cannot read the campaign's internal name out of it, and the same lead and campaign
// always give the same token, so no state is kept.
type Tokens struct {
	aead     cipher.AEAD
	nonceKey []byte
}

const tokenAD = "paceline/unsubscribe"

// NewTokens returns a token maker with the given key (secret.Key.Derive("unsubscribe")
// is the intended one). The key must be at least 16 bytes.
func NewTokens(key []byte) (*Tokens, error) {
	if len(key) < 16 {
		return nil, paceline.Errorf(paceline.EINVALID, "the unsubscribe key is shorter than 16 bytes")
	}
	block, err := aes.NewCipher(subKey(key, "enc"))
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Tokens{aead: aead, nonceKey: subKey(key, "nonce")}, nil
}

func subKey(key []byte, purpose string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(tokenAD + "/" + purpose))
	return m.Sum(nil)
}

// Sign returns the URL-safe token for a lead and a campaign.
func (t *Tokens) Sign(lead, campaign string) string {
	payload := binary.AppendUvarint(nil, uint64(len(lead)))
	payload = append(payload, lead...)
	payload = append(payload, campaign...)
	nonce := t.nonce(payload)
	return base64.RawURLEncoding.EncodeToString(t.aead.Seal(nonce, nonce, payload, []byte(tokenAD)))
}

// Verify checks a token and returns the lead and campaign it names. Errors: EFORBIDDEN
// for a token that is malformed or not made with this key.
func (t *Tokens) Verify(token string) (lead, campaign string, err error) {
	forged := paceline.Errorf(paceline.EFORBIDDEN, "this unsubscribe link is not valid (it may have been cut short; use the link from the email)")
	if len(token) > 2048 {
		return "", "", forged
	}
	raw, err := base64.RawURLEncoding.DecodeString(token)
	ns := t.aead.NonceSize()
	if err != nil || len(raw) < ns+t.aead.Overhead() {
		return "", "", forged
	}
	payload, err := t.aead.Open(nil, raw[:ns], raw[ns:], []byte(tokenAD))
	if err != nil || !hmac.Equal(raw[:ns], t.nonce(payload)) {
		return "", "", forged
	}
	n, w := binary.Uvarint(payload)
	if w <= 0 || n > uint64(len(payload)-w) {
		return "", "", forged
	}
	rest := payload[w:]
	return string(rest[:n]), string(rest[n:]), nil
}

func (t *Tokens) nonce(payload []byte) []byte {
	m := hmac.New(sha256.New, t.nonceKey)
	m.Write(payload)
	return m.Sum(nil)[:t.aead.NonceSize()]
}
