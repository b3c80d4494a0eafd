package secret

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/paceline/paceline"
)

// sealVersion starts every sealed value, so the format can change without guessing.
const sealVersion = "v1"

// Seal encrypts plaintext with AES-256-GCM under a fresh random nonce. The label (say
// "account/alice/smtp-password") is bound as associated data: a sealed value copied into
// another slot does not open there. The result is text:
// "v1:<key id>:<base64url(nonce|ciphertext)>".
func (k *Key) Seal(label string, plaintext Redacted) (string, error) {
	aead, err := k.aead()
	if err != nil {
		return "", err
	}
	nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plaintext.Reveal())+aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return "", fmt.Errorf("seal secret: %w", err)
	}
	out := aead.Seal(nonce, nonce, []byte(plaintext.Reveal()), []byte(label))
	return sealVersion + ":" + k.id + ":" + base64.RawURLEncoding.EncodeToString(out), nil
}

// Open decrypts a value made by Seal with the same label. Errors: EINVALID for text
// that is not a sealed value, EUNAUTHORIZED for a value sealed under another key or
// with another label, or tampered with.
func (k *Key) Open(label, sealed string) (Redacted, error) {
	version, rest, ok := strings.Cut(sealed, ":")
	if !ok || version != sealVersion {
		return Redacted{}, paceline.Errorf(paceline.EINVALID,
			"the stored secret %s is not a sealed value (want %s:...)", label, sealVersion)
	}
	id, data, ok := strings.Cut(rest, ":")
	if !ok {
		return Redacted{}, paceline.Errorf(paceline.EINVALID, "the stored secret %s is truncated", label)
	}
	if id != k.id {
		return Redacted{}, paceline.Errorf(paceline.EUNAUTHORIZED,
			"the stored secret %s was sealed with key %s, not the configured key %s (set %s to the key it was stored with)",
			label, id, k.id, EnvKey)
	}
	raw, err := base64.RawURLEncoding.DecodeString(data)
	if err != nil {
		return Redacted{}, paceline.Errorf(paceline.EINVALID, "the stored secret %s is damaged (bad base64)", label)
	}
	aead, err := k.aead()
	if err != nil {
		return Redacted{}, err
	}
	if len(raw) < aead.NonceSize()+aead.Overhead() {
		return Redacted{}, paceline.Errorf(paceline.EINVALID, "the stored secret %s is truncated", label)
	}
	plain, err := aead.Open(nil, raw[:aead.NonceSize()], raw[aead.NonceSize():], []byte(label))
	if err != nil {
		return Redacted{}, paceline.Errorf(paceline.EUNAUTHORIZED,
			"the stored secret %s does not open: it was tampered with or belongs to another slot (store it again)", label)
	}
	return Redact(string(plain)), nil
}

func (k *Key) aead() (cipher.AEAD, error) {
	block, err := aes.NewCipher(k.b[:])
	if err != nil {
		return nil, fmt.Errorf("secret key: %w", err)
	}
	return cipher.NewGCM(block)
}
